/* SPDX-License-Identifier: GPL-2.0-or-later */
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
