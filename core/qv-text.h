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

G_END_DECLS
