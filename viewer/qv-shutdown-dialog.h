/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* "Shut down NAME?" when the last window of a VM with --shutdown-on-close
 * closes: Shut down (the default), Keep running, Cancel. */

typedef enum {
  QV_SHUTDOWN_CANCEL,       /* Cancel, Escape, the dialog closed */
  QV_SHUTDOWN_KEEP_RUNNING, /* close the windows, leave the VM running */
  QV_SHUTDOWN_SHUT_DOWN,    /* close the windows, ask the guest to shut down */
} QvShutdownChoice;

typedef void (*QvShutdownDone) (QvShutdownChoice choice, gpointer data);

/* Shows the dialog over quadview's visible window and returns; @done runs
 * once with the answer, after the dialog is gone. A dialog destroyed
 * otherwise (with its window) never calls it. */
GtkWidget *qv_shutdown_dialog_new (const char *name, QvShutdownDone done, gpointer data);

G_END_DECLS
