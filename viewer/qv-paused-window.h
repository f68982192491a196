/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The waiting window of a paused domain: "NAME is paused." and a Resume
 * button (it has the focus: Return resumes), titled "quadview: NAME is
 * paused". @on_resume: a GtkButton "clicked" handler; closing the
 * window emits its "delete-event" as any window does. Shown. */
GtkWidget *qv_paused_window_new (const char *name, GCallback on_resume, gpointer data);

G_END_DECLS
