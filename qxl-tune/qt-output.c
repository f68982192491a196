/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qxl-tune's exit codes and output, shared by the program and its
 * libvirt module. */
#include "qt-output.h"

int
qt_fail (const char *what, const GError *error)
{
  if (what)
    g_printerr ("qxl-tune: %s: %s\n", what, error->message);
  else
    g_printerr ("qxl-tune: %s\n", error->message);
  return g_error_matches (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT) ? QT_EXIT_LIMIT : QT_EXIT_ERROR;
}

void
qt_print_messages (const char *kind, GPtrArray *messages)
{
  for (guint i = 0; messages && i < messages->len; i++)
    g_printerr ("qxl-tune: %s%s\n", kind, (const char *) g_ptr_array_index (messages, i));
}

char *
qt_output_values_text (const QvQxlValues *values, guint n)
{
  GString *s = g_string_new ("");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "heads=%u ram=%" G_GUINT64_FORMAT " vram=%" G_GUINT64_FORMAT
                            " vram64=%" G_GUINT64_FORMAT " vgamem=%" G_GUINT64_FORMAT "\n",
                            values[i].heads, values[i].ram, values[i].vram, values[i].vram64,
                            values[i].vgamem);
  return g_string_free (s, FALSE);
}

/* Only numbers: no string escaping needed, so no JSON library. */
char *
qt_output_values_json (const QvQxlValues *values, guint n)
{
  GString *s = g_string_new ("{\"unit\": \"KiB\", \"devices\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s\n  {\"heads\": %u, \"ram\": %" G_GUINT64_FORMAT ", \"vram\": %"
                            G_GUINT64_FORMAT ", \"vram64\": %" G_GUINT64_FORMAT ", \"vgamem\": %"
                            G_GUINT64_FORMAT "}",
                            i ? "," : "", values[i].heads, values[i].ram, values[i].vram,
                            values[i].vram64, values[i].vgamem);
  g_string_append (s, "\n]}\n");
  return g_string_free (s, FALSE);
}
