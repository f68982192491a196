/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qv-keyfile-dump FILE: parses FILE with GKeyFile, as quadview does, and
 * prints one "GROUP<TAB>KEY<TAB>VALUE" line per key. The end-to-end tests
 * use it to prove a layout file is whole and to read its values.
 * Exit status: 0 parsed, 1 unreadable or not a key file, 2 usage. */
#include <glib.h>

int
main (int argc, char **argv)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) groups = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: qv-keyfile-dump FILE\n");
      return 2;
    }
  if (!g_key_file_load_from_file (keys, argv[1], G_KEY_FILE_NONE, &error))
    {
      g_printerr ("qv-keyfile-dump: %s: %s\n", argv[1], error->message);
      return 1;
    }
  groups = g_key_file_get_groups (keys, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) names = g_key_file_get_keys (keys, groups[g], NULL, NULL);

      for (guint k = 0; names != NULL && names[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_value (keys, groups[g], names[k], NULL);

          g_print ("%s\t%s\t%s\n", groups[g], names[k], value != NULL ? value : "");
        }
    }
  return 0;
}
