/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text (untrusted: a document's, a file's, a library's message about
 * them) made safe for a one-line message: invalid UTF-8 repaired, line
 * breaks and tabs become spaces, other control characters and U+FEFF
 * (byte order mark) become '?', and it is cut to @max_chars characters
 * ("…" marks a cut). NULL reads as "". */
char *qv_text_one_line (const char *text, gsize max_chars);

/* Sets @error (G_FILE_ERROR, its code from @err, an errno value) to the
 * message @format gives, then ": " and @err's text, as every failed
 * system call is reported. Returns FALSE. */
gboolean qv_text_set_errno_error (GError **error, int err, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

G_END_DECLS
