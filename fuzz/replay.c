/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Without libFuzzer: feed every file named on the command line (or in the
 * directories named) to the harness once. This is how the corpus, crash
 * inputs included, runs as a regression test in every build. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
replay (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      int n = 0;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          n += replay (child);
        }
      return n;
    }
  if (!g_file_get_contents (path, &data, &len, NULL))
    g_error ("cannot read %s", path);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return 1;
}

int
main (int argc, char **argv)
{
  int n = 0;

  for (int i = 1; i < argc; i++)
    n += replay (argv[i]);
  printf ("replayed %d inputs\n", n);
  return n > 0 ? 0 : 1;
}
