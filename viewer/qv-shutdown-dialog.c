/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "Shut down NAME?" when the last window of a VM closes with
 * --shutdown-on-close. */
#include "qv-shutdown-dialog.h"
#include "qv-i18n.h"

#include "qv-window.h"

typedef struct {
  QvShutdownDone done;
  gpointer data;
} Pending;

static void
on_response (GtkDialog *dialog, int response, gpointer user_data)
{
  Pending *pending = user_data;
  QvShutdownDone done = pending->done;
  gpointer data = pending->data;

  /* Gone before @done runs: it may quit, and destroy the windows. */
  gtk_widget_destroy (GTK_WIDGET (dialog));
  done (response == QV_SHUTDOWN_SHUT_DOWN      ? QV_SHUTDOWN_SHUT_DOWN
        : response == QV_SHUTDOWN_KEEP_RUNNING ? QV_SHUTDOWN_KEEP_RUNNING
                                               : QV_SHUTDOWN_CANCEL,
        data);
}

/* The window being closed: the one of ours still shown. */
static GtkWindow *
visible_window (void)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (QV_IS_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

GtkWidget *
qv_shutdown_dialog_new (const char *name, QvShutdownDone done, gpointer data)
{
  g_autofree char *question = g_strdup_printf (_("Shut down %s?"), name);
  Pending *pending = g_new0 (Pending, 1);
  GtkWidget *dialog;

  pending->done = done;
  pending->data = data;
  dialog = gtk_message_dialog_new (visible_window (), GTK_DIALOG_DESTROY_WITH_PARENT | GTK_DIALOG_MODAL,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
  gtk_message_dialog_format_secondary_text (
    GTK_MESSAGE_DIALOG (dialog), "%s",
    _("The guest is asked to shut down, as by its power button, and the windows close. "
      "Keep running closes the windows only."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), QV_SHUTDOWN_CANCEL, _("_Keep running"),
                          QV_SHUTDOWN_KEEP_RUNNING, _("_Shut down"), QV_SHUTDOWN_SHUT_DOWN, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), QV_SHUTDOWN_SHUT_DOWN);
  /* Return answers it, whichever button GTK would focus first. */
  gtk_widget_grab_focus (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), QV_SHUTDOWN_SHUT_DOWN));
  /* The title finds it (tests, window lists). */
  gtk_window_set_title (GTK_WINDOW (dialog), question);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), pending,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_widget_show (dialog);
  return dialog;
}
