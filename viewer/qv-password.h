#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first line of @path (without its newline). Errors name the file. */
char *qv_password_read_file (const char *path, GError **error);

/* Modal dialog; NULL when cancelled. The text is never echoed. */
char *qv_password_ask (const char *what);

/* Overwrite, then free. */
void qv_password_free (char *password);

G_END_DECLS
