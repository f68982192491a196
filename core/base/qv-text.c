/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages: untrusted text made fit for one line, and a failed system
 * call turned into a GError the one way. */
#include "qv-text.h"

char *
qv_text_one_line (const char *text, gsize max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new ("");
  gsize n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n++ == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f')
        g_string_append_c (out, ' ');
      else if (g_unichar_iscntrl (c) || c == 0xFEFF)
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
qv_text_set_errno_error (GError **error, int err, const char *format, ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", what,
               g_strerror (err));
  return FALSE;
}
