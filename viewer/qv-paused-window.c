/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The waiting window of a paused domain, with its Resume button. */
#include "qv-paused-window.h"
#include "qv-i18n.h"

GtkWidget *
qv_paused_window_new (const char *name, GCallback on_resume, gpointer data)
{
  g_autofree char *title = g_strdup_printf (_("quadview: %s is paused"), name);
  g_autofree char *text = g_strdup_printf (_("%s is paused."), name);
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Resume"));

  /* The title finds it (tests, window lists). */
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_container_set_border_width (GTK_CONTAINER (box), 24);
  gtk_box_pack_start (GTK_BOX (box), gtk_label_new (text), FALSE, FALSE, 0);
  g_signal_connect (button, "clicked", on_resume, data);
  gtk_box_pack_start (GTK_BOX (box), button, FALSE, FALSE, 0);
  gtk_container_add (GTK_CONTAINER (window), box);
  gtk_widget_grab_focus (button);
  gtk_widget_show_all (window);
  return window;
}
