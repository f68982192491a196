/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers for the layout store tests (see layout-fixture.h). */

#include "layout-fixture.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("qv-layout-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "quadview", "layouts.ini", NULL);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
fixture_teardown (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
testdata (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "layout", name, NULL);
}

char *
read_text (const char *path, gsize *length)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, length, &error);
  g_assert_no_error (error);
  return data;
}

void
install_file (Fixture *f, const char *name)
{
  g_autofree char *source = testdata (name);
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  data = read_text (source, &length);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (f->path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

GPtrArray *
list_aside (Fixture *f)
{
  g_autofree char *dirname = g_path_get_dirname (f->path);
  g_autoptr (GDir) dir = g_dir_open (dirname, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "layouts.ini.corrupt-"))
      g_ptr_array_add (found, g_build_filename (dirname, name, NULL));
  return found;
}

QvLayoutStore *
load_ok (const char *path)
{
  QvLayoutStore *store = qv_layout_store_new (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;

  g_assert_true (qv_layout_store_load (store, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
  return store;
}

void
save_ok (QvLayoutStore *store, const char *vm_key)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;

  g_assert_true (qv_layout_store_save (store, vm_key, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
}

void
put_ok (QvLayoutStore *store, const char *vm_key, const QvLayout *layout)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (qv_layout_store_put (store, vm_key, layout, &error));
  g_assert_no_error (error);
}

QvLayout *
make_layout (const char *name, int seed, gint64 last_used, const char *signature)
{
  QvLayout *layout = qv_layout_new (name);

  g_free (layout->signature);
  layout->signature = g_strdup (signature);
  layout->last_used = last_used;
  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      QvDisplayState *state;
      QvMonitor monitor = { .name = (char *) "DP-1", .geometry = { 1920 * (int) i, 0, 1920, 1080 } };

      if (i == 2)
        continue;  /* one display never saved */
      state = qv_layout_display (layout, i);
      state->enabled = i != 3;
      state->window = (QvRect) { seed + (int) i, -seed - (int) i, 640 + seed, 480 + (int) i };
      state->fullscreen = i == 1;
      state->maximized = i == 3;
      if (i != 3)
        qv_display_state_set_monitor (state, &monitor);
    }
  return layout;
}

void
assert_layouts_equal (const QvLayout *a, const QvLayout *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->signature, ==, b->signature);
  g_assert_cmpint (a->last_used, ==, b->last_used);
  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      const QvDisplayState *da = &a->displays[i];
      const QvDisplayState *db = &b->displays[i];

      g_assert_cmpint (da->saved, ==, db->saved);
      if (!da->saved)
        continue;
      g_assert_cmpint (da->enabled, ==, db->enabled);
      g_assert_cmpmem (&da->window, sizeof da->window, &db->window, sizeof db->window);
      g_assert_cmpstr (da->monitor, ==, db->monitor);
      g_assert_cmpmem (&da->monitor_geometry, sizeof (QvRect),
                       &db->monitor_geometry, sizeof (QvRect));
      g_assert_cmpint (da->fullscreen, ==, db->fullscreen);
      g_assert_cmpint (da->maximized, ==, db->maximized);
    }
}

