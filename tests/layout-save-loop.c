/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helper for test-crash-safety.sh: saves a layout file over and over so
 * that it can be killed at random points, and checks what is left.
 *
 *   layout-save-loop versions SEED DIR N   write DIR/v0 … DIR/v(N-1): the
 *                                          file after saving version k
 *   layout-save-loop loop PATH START N     load PATH, then save versions
 *                                          START, START+1, … (mod N) forever,
 *                                          printing "saved K" after each
 *   layout-save-loop check PATH            PATH parses as a key file and
 *                                          loads without being moved aside
 *
 * Version k moves and resizes display 1 of one layout of tests/data/layout/
 * sample.ini; consecutive versions always differ, so every save writes. */
#include "qv-layout.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#define VM_KEY "6f1c2a8e-1d2b-4c3e-9f00-0123456789ab"
#define LAYOUT_NAME "desk"

static int
die (const char *what, const GError *error)
{
  fprintf (stderr, "layout-save-loop: %s: %s\n", what,
           error != NULL ? error->message : "failed");
  return 1;
}

static QvLayoutStore *
load (const char *path, GError **error)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (path);
  g_autofree char *warning = NULL;

  if (!qv_layout_store_load (store, &warning, error))
    return NULL;
  if (warning != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "moved aside: %s", warning);
      return NULL;
    }
  return g_steal_pointer (&store);
}

/* Store version @k in memory and save it. */
static gboolean
save_version (QvLayoutStore *store, guint k, GError **error)
{
  const QvLayout *stored = qv_layout_store_get_layout (store, VM_KEY, LAYOUT_NAME);
  g_autoptr (QvLayout) layout = NULL;
  g_autofree char *warning = NULL;
  QvDisplayState *display;

  if (stored == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no layout " LAYOUT_NAME);
      return FALSE;
    }
  layout = qv_layout_copy (stored);
  display = qv_layout_display (layout, 0);
  display->window.x = 100 + (int) k;
  display->window.width = 640 + 8 * (int) k;
  if (!qv_layout_store_put (store, VM_KEY, layout, error)
      || !qv_layout_store_save (store, VM_KEY, &warning, error))
    return FALSE;
  if (warning != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", warning);
      return FALSE;
    }
  return TRUE;
}

static int
run_versions (const char *seed, const char *dir, guint n)
{
  g_autofree char *work_dir = g_build_filename (dir, "work", NULL);
  g_autofree char *work = g_build_filename (work_dir, "layouts.ini", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (QvLayoutStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  if (!g_file_get_contents (seed, &contents, &length, &error)
      || g_mkdir_with_parents (work_dir, 0700) < 0
      || !g_file_set_contents (work, contents, (gssize) length, &error))
    return die (seed, error);
  g_clear_pointer (&contents, g_free);
  store = load (work, &error);
  if (store == NULL)
    return die (work, error);
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *out = g_strdup_printf ("%s/v%u", dir, k);

      if (!save_version (store, k, &error)
          || !g_file_get_contents (work, &contents, &length, &error)
          || !g_file_set_contents (out, contents, (gssize) length, &error))
        return die (out, error);
      g_clear_pointer (&contents, g_free);
    }
  return 0;
}

static int
run_loop (const char *path, guint start, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (QvLayoutStore) store = load (path, &error);

  if (store == NULL)
    return die (path, error);
  for (guint i = start;; i++)
    {
      if (!save_version (store, i % n, &error))
        return die (path, error);
      /* The killer reads this to know which versions the file may hold. */
      printf ("saved %u\n", i % n);
      fflush (stdout);
    }
}

static int
run_check (const char *path)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (QvLayoutStore) store = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error))
    return die (path, error);
  store = load (path, &error);
  if (store == NULL)
    return die (path, error);
  if (qv_layout_store_get_layout (store, VM_KEY, LAYOUT_NAME) == NULL)
    return die (path, NULL);
  return 0;
}

static guint
parse_count (const char *text)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 1000000, &value, NULL))
    {
      fprintf (stderr, "layout-save-loop: bad number %s\n", text);
      exit (2);
    }
  return (guint) value;
}

int
main (int argc, char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "versions"))
    return run_versions (argv[2], argv[3], MAX (parse_count (argv[4]), 2));
  if (argc == 5 && g_str_equal (argv[1], "loop"))
    return run_loop (argv[2], parse_count (argv[3]), MAX (parse_count (argv[4]), 2));
  if (argc == 3 && g_str_equal (argv[1], "check"))
    return run_check (argv[2]);
  fprintf (stderr, "usage: layout-save-loop versions SEED DIR N | loop PATH START N | check PATH\n");
  return 2;
}
