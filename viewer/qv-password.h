/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first line of @path (without its newline). Errors name the file. */
char *qv_password_read_file (const char *path, GError **error);

/* Called with the password (the callee owns it: qv_password_free), or
 * NULL when the dialog was cancelled. */
typedef void (*QvPasswordReply) (char *password, gpointer data);

/* A dialog asking for @what's password, the text never echoed; @reply is
 * called when it is answered. No main loop of its own: the application's
 * runs meanwhile. One at a time. */
void qv_password_ask (const char *what, QvPasswordReply reply, gpointer data);

/* Ends a qv_password_ask() in progress as if the user cancelled it (its
 * reply gets NULL now): SIGTERM must not wait for the user. */
void qv_password_cancel (void);

/* Overwrite, then free. */
void qv_password_free (char *password);

G_END_DECLS
