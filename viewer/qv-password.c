/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Passwords: read from --password-file, or asked in a dialog that never
 * echoes them. */
#include "qv-password.h"
#include "qv-i18n.h"

#include "qv-secret.h"

#include <string.h>

void
qv_password_free (char *password)
{
  qv_secret_free (password);
}

char *
qv_password_read_file (const char *path, GError **error)
{
  char *contents = NULL;
  gsize len = 0;

  /* GLib's message names the file. */
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  if (memchr (contents, '\0', len) != NULL || !g_utf8_validate (contents, (gssize) len, NULL))
    {
      qv_password_free (contents);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: not a text file"), path);
      return NULL;
    }
  contents[strcspn (contents, "\r\n")] = '\0';
  return contents;
}

/* The dialog being shown, for qv_password_cancel(). */
static GtkDialog *asking;

typedef struct {
  GtkEntry *entry;
  QvPasswordReply reply;
  gpointer data;
} Asking;

static void
on_response (GtkDialog *dialog, int response, gpointer user_data)
{
  Asking *a = user_data;
  char *password = NULL;

  if (response == GTK_RESPONSE_OK)
    password = g_strdup (gtk_entry_get_text (a->entry));
  asking = NULL;
  gtk_widget_destroy (GTK_WIDGET (dialog));
  a->reply (password, a->data);
  g_free (a);
}

void
qv_password_cancel (void)
{
  if (asking != NULL)
    gtk_dialog_response (asking, GTK_RESPONSE_CANCEL);
}

void
qv_password_ask (const char *what, QvPasswordReply reply, gpointer data)
{
  GtkWidget *dialog, *content, *label, *entry;
  g_autofree char *text = g_strdup_printf (_("Password for %s:"), what);
  Asking *a;

  g_return_if_fail (asking == NULL);

  dialog = gtk_dialog_new_with_buttons (_("quadview: authentication"), NULL, GTK_DIALOG_MODAL,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL, _("_OK"), GTK_RESPONSE_OK,
                                        NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  content = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  gtk_container_set_border_width (GTK_CONTAINER (content), 12);
  gtk_box_set_spacing (GTK_BOX (content), 6);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_box_pack_start (GTK_BOX (content), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (content), entry, FALSE, FALSE, 0);

  a = g_new0 (Asking, 1);
  a->entry = GTK_ENTRY (entry);
  a->reply = reply;
  a->data = data;
  /* The window manager's close button answers as Cancel does. */
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), a);
  asking = GTK_DIALOG (dialog);
  gtk_widget_show_all (dialog);
}
