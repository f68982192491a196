/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first line of @path (without its newline). Errors name the file. */
char *qv_password_read_file (const char *path, GError **error);

/* Modal dialog; NULL when cancelled. The text is never echoed. */
char *qv_password_ask (const char *what);

/* Ends a qv_password_ask() in progress as if the user cancelled it (its
 * dialog runs a main loop of its own, which quitting the viewer's loop
 * does not end: SIGTERM must not wait for the user). */
void qv_password_cancel (void);

/* Overwrite, then free. */
void qv_password_free (char *password);

G_END_DECLS
