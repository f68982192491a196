/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the layout file: any bytes as layouts.ini, loaded
 * through the store as the viewer does, then used (choose, place, save in
 * place) and copied through the API to a second file that must load back
 * cleanly and serialize to the same bytes again. */
#include "qv-layout.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Enough VMs and layouts to reach every code path without letting one
 * input with thousands of groups dominate the run time. */
#define MAX_VMS 8
#define MAX_LAYOUTS 8

static char *tmp_root;

/* Remove what is in @path, and @path itself unless @keep. */
static void
remove_tree (const char *path, gboolean keep)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child, FALSE);
      else
        g_unlink (child);
    }
  if (!keep)
    g_rmdir (path);
}

static void
cleanup_tmp_root (void)
{
  if (tmp_root != NULL)
    remove_tree (tmp_root, FALSE);
}

/* One temporary directory per process, emptied before every input. */
static const char *
fresh_root (void)
{
  if (tmp_root == NULL)
    {
      /* Saves fsync (G_FILE_SET_CONTENTS_CONSISTENT): on a disk that
       * costs ten times the rest, so use memory unless TMPDIR says. */
      const char *base = g_getenv ("TMPDIR") == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR)
                         ? "/dev/shm" : g_get_tmp_dir ();

      /* Every critical is a bug the fuzzer should stop on. */
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      tmp_root = g_build_filename (base, "fuzz-layout-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (tmp_root));
      atexit (cleanup_tmp_root);
    }
  else
    remove_tree (tmp_root, TRUE);
  return tmp_root;
}

static QvMonitorSet *
fixed_monitors (void)
{
  QvMonitorSet *set = qv_monitor_set_new ();

  /* Side by side with a vertical offset, plus one switched off. */
  qv_monitor_set_add (set, "DP-1", "Dell U2415", &(QvRect) { 0, 0, 1920, 1200 }, TRUE);
  qv_monitor_set_add (set, "HDMI-1", NULL, &(QvRect) { 1920, -200, 2560, 1440 }, FALSE);
  qv_monitor_set_add (set, "eDP-1", NULL, &(QvRect) { 0, 0, 0, 0 }, FALSE);
  return set;
}

static const QvFrameExtents frame = { 2, 2, 30, 2 };

static void
assert_one_line (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (*text != '\0');
  g_assert_null (strchr (text, '\n'));
  g_assert_null (strchr (text, '\r'));
}

static char *
read_file (const char *path, gsize *length)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* The single file in @dir other than @except, which must exist. */
static char *
only_other_file (const char *dir, const char *except)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (strcmp (name, except) == 0)
        continue;
      g_assert_null (found);
      found = g_build_filename (dir, name, NULL);
    }
  g_assert_nonnull (found);
  return found;
}

/* Where a placed window's frame ends up must be on screen, on usable
 * monitors only, with a real size. */
static void
check_placement (const QvMonitorSet *monitors, const QvPlacement *p)
{
  const QvMonitor *monitor;
  QvRect framed;

  g_assert_cmpint (p->window.width, >=, 1);
  g_assert_cmpint (p->window.height, >=, 1);
  g_assert_cmpint (p->monitor, >=, 0);
  g_assert_cmpint (p->monitor, <, (int) qv_monitor_set_get_n_monitors (monitors));
  monitor = qv_monitor_set_get (monitors, (guint) p->monitor);
  g_assert_cmpint (monitor->geometry.width, >, 0);
  g_assert_cmpint (monitor->geometry.height, >, 0);
  /* The position is the frame's (as in qv_layout_place_display()). */
  framed = (QvRect) {
    p->window.x, p->window.y,
    p->window.width + frame.left + frame.right,
    p->window.height + frame.top + frame.bottom,
  };
  g_assert_true (qv_monitor_set_covers (monitors, &framed));
}

/* Choose this VM's layout, restore each display, record where it went and
 * store it back, as the viewer does at start-up. */
static void
use_vm (QvLayoutStore *store, const char *key, const QvMonitorSet *monitors)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) layouts = qv_layout_store_list_layouts (store, key);
  g_autoptr (QvLayout) chosen = NULL;
  gboolean is_new = FALSE;

  (void) qv_layout_store_get_vm_name (store, key);
  (void) qv_layout_store_get_wait_for_agent (store, key);
  for (guint i = 0; i < layouts->len && i < MAX_LAYOUTS; i++)
    {
      const QvLayout *layout = g_ptr_array_index (layouts, i);

      g_assert_nonnull (qv_layout_store_get_layout (store, key, layout->name));
      g_assert_cmpuint (qv_layout_count_enabled (layout), <=, QV_MAX_DISPLAYS);
    }

  chosen = qv_layout_store_choose (store, key, NULL, monitors, &is_new, &error);
  g_assert_no_error (error);
  g_assert_nonnull (chosen);
  for (guint d = 0; d < QV_MAX_DISPLAYS; d++)
    {
      const QvDisplayState *state = qv_layout_get_display (chosen, d);
      QvDisplayState *update;
      QvPlacement first, again;

      if (state == NULL)
        continue;
      g_assert_true (qv_layout_place_display (state, monitors, &frame, &first));
      check_placement (monitors, &first);

      /* Saving where the window went and restoring it again is a fixed
       * point: the window stays. */
      update = qv_layout_display (chosen, d);
      update->window = first.window;
      qv_display_state_set_monitor (update, qv_monitor_set_get (monitors, (guint) first.monitor));
      g_assert_true (qv_layout_place_display (update, monitors, &frame, &again));
      g_assert_false (again.moved);
      g_assert_cmpint (again.monitor, ==, first.monitor);
    }
  qv_layout_store_put (store, key, chosen, &error);
  g_assert_no_error (error);

  /* Forgetting the oldest layout must stick (--forget-layout). */
  if (layouts->len >= 2)
    {
      const QvLayout *oldest = g_ptr_array_index (layouts, layouts->len - 1);

      if (g_strcmp0 (oldest->name, chosen->name) != 0)
        {
          qv_layout_store_forget_layout (store, key, oldest->name, &error);
          g_assert_no_error (error);
        }
    }
}

static void
assert_same_display (const QvDisplayState *a, const QvDisplayState *b)
{
  g_assert_true ((a != NULL) == (b != NULL));
  if (a == NULL)
    return;
  g_assert_cmpint (a->enabled, ==, b->enabled);
  g_assert_cmpmem (&a->window, sizeof a->window, &b->window, sizeof b->window);
  g_assert_cmpstr (a->monitor, ==, b->monitor);
  g_assert_cmpmem (&a->monitor_geometry, sizeof a->monitor_geometry,
                   &b->monitor_geometry, sizeof b->monitor_geometry);
  g_assert_cmpint (a->fullscreen, ==, b->fullscreen);
  g_assert_cmpint (a->maximized, ==, b->maximized);
}

/* VM @key holds the same in both stores. A time before 1970 is not
 * written (0 stands for never), so it reads back as never. */
static void
assert_same_vm (QvLayoutStore *a, QvLayoutStore *b, const char *key)
{
  g_autoptr (GPtrArray) layouts = qv_layout_store_list_layouts (a, key);
  g_autoptr (GPtrArray) others = qv_layout_store_list_layouts (b, key);

  g_assert_cmpstr (qv_layout_store_get_vm_name (a, key), ==, qv_layout_store_get_vm_name (b, key));
  g_assert_cmpint (qv_layout_store_get_wait_for_agent (a, key), ==,
                   qv_layout_store_get_wait_for_agent (b, key));
  g_assert_cmpuint (layouts->len, ==, others->len);
  for (guint i = 0; i < layouts->len; i++)
    {
      const QvLayout *layout = g_ptr_array_index (layouts, i);
      const QvLayout *other = qv_layout_store_get_layout (b, key, layout->name);

      g_assert_nonnull (other);
      g_assert_cmpstr (layout->signature, ==, other->signature);
      g_assert_cmpint (MAX (layout->last_used, 0), ==, other->last_used);
      for (guint d = 0; d < QV_MAX_DISPLAYS; d++)
        assert_same_display (qv_layout_get_display (layout, d), qv_layout_get_display (other, d));
    }
}

/* Copy every VM of @from into a new store bound to @path and save it. */
static QvLayoutStore *
copy_store (QvLayoutStore *from, const char *path)
{
  g_autoptr (QvLayoutStore) to = qv_layout_store_new (path);
  g_auto (GStrv) vms = qv_layout_store_list_vms (from);

  for (guint i = 0; vms[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) layouts = qv_layout_store_list_layouts (from, vms[i]);
      g_autoptr (GError) error = NULL;
      g_autofree char *warning = NULL;

      qv_layout_store_set_vm_name (to, vms[i], qv_layout_store_get_vm_name (from, vms[i]), &error);
      g_assert_no_error (error);
      qv_layout_store_set_wait_for_agent (to, vms[i],
                                          qv_layout_store_get_wait_for_agent (from, vms[i]),
                                          &error);
      g_assert_no_error (error);
      for (guint l = 0; l < layouts->len; l++)
        {
          qv_layout_store_put (to, vms[i], g_ptr_array_index (layouts, l), &error);
          g_assert_no_error (error);
        }
      qv_layout_store_save (to, vms[i], &warning, &error);
      g_assert_no_error (error);
      g_assert_null (warning);
    }
  return g_steal_pointer (&to);
}

static QvLayoutStore *
load_clean (const char *path)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;

  qv_layout_store_load (store, &warning, &error);
  g_assert_no_error (error);
  g_assert_null (warning);
  return g_steal_pointer (&store);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *root = fresh_root ();
  g_autofree char *dir_a = g_build_filename (root, "a", NULL);
  g_autofree char *path_a = g_build_filename (dir_a, "layouts.ini", NULL);
  g_autofree char *path_b = g_build_filename (root, "b", "layouts.ini", NULL);
  g_autofree char *path_c = g_build_filename (root, "c", "layouts.ini", NULL);
  g_autoptr (QvMonitorSet) monitors = fixed_monitors ();
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (path_a);
  g_autoptr (QvLayoutStore) copy = NULL;
  g_autoptr (QvLayoutStore) reloaded = NULL;
  g_autoptr (QvLayoutStore) resaved = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *bytes_b = NULL;
  g_autofree char *bytes_b2 = NULL;
  g_autofree char *bytes_c = NULL;
  g_auto (GStrv) vms = NULL;
  g_auto (GStrv) vms_reloaded = NULL;
  gsize len_b, len_b2, len_c;

  g_assert_cmpint (g_mkdir (dir_a, 0700), ==, 0);
  g_file_set_contents (path_a, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);

  if (!qv_layout_store_load (store, &warning, &error))
    {
      g_autofree char *after = NULL;
      gsize after_len;

      /* Only a newer version is refused; the file stays untouched and the
       * store will not overwrite it. */
      g_assert_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NEWER_VERSION);
      assert_one_line (error->message);
      g_assert_null (warning);
      after = read_file (path_a, &after_len);
      g_assert_cmpmem (after, after_len, data, size);
      g_clear_error (&error);
      g_assert_false (qv_layout_store_save (store, "vm", NULL, &error));
      g_assert_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_READ_ONLY);
      return 0;
    }
  if (warning != NULL)
    {
      /* Moved aside, byte for byte, and the store starts empty. */
      g_autofree char *aside = only_other_file (dir_a, "layouts.ini");
      g_autofree char *kept = NULL;
      gsize kept_len;

      assert_one_line (warning);
      g_assert_true (g_str_has_prefix (warning, path_a));
      g_assert_false (g_file_test (path_a, G_FILE_TEST_EXISTS));
      kept = read_file (aside, &kept_len);
      g_assert_cmpmem (kept, kept_len, data, size);
    }

  vms = qv_layout_store_list_vms (store);
  if (warning != NULL)
    g_assert_null (vms[0]);
  for (guint i = 0; vms[i] != NULL && i < MAX_VMS; i++)
    use_vm (store, vms[i], monitors);
  if (vms[0] == NULL)
    use_vm (store, "fuzz-vm", monitors);

  /* The viewer's save: read-modify-write of the same file. */
  {
    g_autofree char *save_warning = NULL;
    const char *key = vms[0] != NULL ? vms[0] : "fuzz-vm";

    g_autoptr (QvLayoutStore) again = NULL;

    qv_layout_store_save (store, key, &save_warning, &error);
    g_assert_no_error (error);
    g_assert_null (save_warning);
    again = load_clean (path_a);
    assert_same_vm (store, again, key);
  }

  /* A second file written through the API loads back cleanly, and saving
   * what was loaded changes nothing, in place or in a new file. */
  copy = copy_store (store, path_b);
  reloaded = load_clean (path_b);
  vms = (g_strfreev (vms), qv_layout_store_list_vms (store));
  vms_reloaded = qv_layout_store_list_vms (reloaded);
  g_assert_cmpstrv (vms, vms_reloaded);
  bytes_b = read_file (path_b, &len_b);
  for (guint i = 0; vms_reloaded[i] != NULL; i++)
    {
      qv_layout_store_save (reloaded, vms_reloaded[i], NULL, &error);
      g_assert_no_error (error);
    }
  bytes_b2 = read_file (path_b, &len_b2);
  g_assert_cmpmem (bytes_b, len_b, bytes_b2, len_b2);
  resaved = copy_store (reloaded, path_c);
  bytes_c = read_file (path_c, &len_c);
  g_assert_cmpmem (bytes_b, len_b, bytes_c, len_c);
  return 0;
}
