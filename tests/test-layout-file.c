/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The layout file on disk: invalid files kept aside, newer and unreadable
 * files left alone, several writers, saving cheaply. Every test works in
 * its own temporary directory. */

#include "layout-fixture.h"
#include "qv-layout-private.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

/* ---- Corrupt files ------------------------------------------------------ */

static const struct {
  const char *file;
  const char *problem;  /* expected in the warning */
} corrupt_cases[] = {
  { "garbage.ini", "not a key-value pair" },
  { "truncated.ini", "not a key-value pair" },
  { "bad-number.ini", "width" },
  { "huge-number.ini", "[vm:x/layout:a/display:1] x:" },
  { "out-of-range.ini", "1, 65535" },
  { "negative-size.ini", "height" },
  { "empty.ini", "not a quadview layout file" },
  { "bom.ini", "byte order mark" },
  { "no-version.ini", "not a quadview layout file" },
  { "bad-version.ini", "version" },
  { "bad-bool.ini", "fullscreen: “yes” is not true or false" },
  { "bad-date.ini", "last-used" },
  { "bad-display.ini", "numbered 1 to 4" },
  { "partial-monitor.ini", "go together" },
  { "bad-escape.ini", "escape" },
  { "missing-key.ini", "y: missing" },
  { "control-name.ini", "control character" },
  { "unknown-group.ini", "unknown kind of group" },
  { "bad-hotkeys.ini", "[vm:x] hotkeys: 'fullscreen' is not a hotkey" },
};

static void
test_corrupt (Fixture *f, gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvLayoutStore) again = NULL;
  g_autoptr (QvLayout) layout = make_layout ("fresh", 7, 1, "");
  g_autoptr (GPtrArray) aside = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *original = NULL;
  g_autofree char *kept = NULL;
  g_auto (GStrv) keys = NULL;
  gsize original_length, kept_length;

  install_file (f, corrupt_cases[i].file);
  original = read_text (f->path, &original_length);

  g_assert_true (qv_layout_store_load (store, &warning, &error));
  g_assert_no_error (error);
  g_assert_nonnull (warning);
  g_test_message ("warning: %s", warning);
  g_assert_true (g_str_has_prefix (warning, f->path));
  g_assert_nonnull (strstr (warning, corrupt_cases[i].problem));
  g_assert_nonnull (strstr (warning, "moved aside to"));
  g_assert_null (strchr (warning, '\n'));
  g_assert_true (g_utf8_validate (warning, -1, NULL));

  /* Kept aside byte for byte; the store is empty. */
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  aside = list_aside (f);
  g_assert_cmpuint (aside->len, ==, 1);
  g_assert_nonnull (strstr (warning, g_ptr_array_index (aside, 0)));
  kept = read_text (g_ptr_array_index (aside, 0), &kept_length);
  g_assert_cmpmem (kept, kept_length, original, original_length);
  keys = qv_layout_store_list_vms (store);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);

  /* ... and usable. */
  put_ok (store, "vm", layout);
  save_ok (store, "vm");
  again = load_ok (f->path);
  assert_layouts_equal (layout, qv_layout_store_get_layout (again, "vm", "fresh"));

  /* The same breakage again, in the same second: a second file aside, the
   * first one untouched. */
  install_file (f, corrupt_cases[i].file);
  g_clear_pointer (&again, qv_layout_store_free);
  g_clear_pointer (&warning, g_free);
  again = qv_layout_store_new (f->path);
  g_assert_true (qv_layout_store_load (again, &warning, &error));
  g_assert_nonnull (warning);
  g_clear_pointer (&aside, g_ptr_array_unref);
  aside = list_aside (f);
  g_assert_cmpuint (aside->len, ==, 2);
  for (guint k = 0; k < aside->len; k++)
    {
      g_autofree char *content = read_text (g_ptr_array_index (aside, k), &kept_length);

      g_assert_cmpmem (content, kept_length, original, original_length);
    }
}

static void
test_corrupt_on_save (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = NULL;
  g_autoptr (QvLayoutStore) again = NULL;
  g_autoptr (QvLayout) layout = make_layout ("l", 3, 1, "");
  g_autoptr (GPtrArray) aside = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;

  /* Another program breaks the file after we loaded it. */
  store = load_ok (f->path);
  put_ok (store, "vm", layout);
  install_file (f, "bad-number.ini");
  g_assert_true (qv_layout_store_save (store, "vm", &warning, &error));
  g_assert_no_error (error);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "moved aside"));
  aside = list_aside (f);
  g_assert_cmpuint (aside->len, ==, 1);
  again = load_ok (f->path);
  assert_layouts_equal (layout, qv_layout_store_get_layout (again, "vm", "l"));
}

static void
test_newer_version (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvLayout) layout = make_layout ("l", 3, 1, "");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) save_error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GPtrArray) aside = NULL;

  install_file (f, "newer.ini");
  before = read_text (f->path, NULL);
  g_assert_false (qv_layout_store_load (store, &warning, &error));
  g_assert_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NEWER_VERSION);
  g_assert_true (g_str_has_prefix (error->message, f->path));
  g_assert_null (warning);

  put_ok (store, "vm", layout);
  g_assert_false (qv_layout_store_save (store, "vm", NULL, &save_error));
  g_assert_error (save_error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_READ_ONLY);
  after = read_text (f->path, NULL);
  g_assert_cmpstr (before, ==, after);
  aside = list_aside (f);
  g_assert_cmpuint (aside->len, ==, 0);
}

static void
test_unreadable (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvLayout) layout = make_layout ("l", 3, 1, "");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) save_error = NULL;

  /* A directory where the file should be: cannot be read, must not be
   * replaced. */
  g_assert_cmpint (g_mkdir_with_parents (f->path, 0700), ==, 0);
  g_assert_false (qv_layout_store_load (store, NULL, &error));
  g_assert_nonnull (error);
  put_ok (store, "vm", layout);
  g_assert_false (qv_layout_store_save (store, "vm", NULL, &save_error));
  g_assert_error (save_error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_READ_ONLY);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_DIR));
}

/* ---- Several writers ---------------------------------------------------- */

static void
test_concurrent_vms (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) a = load_ok (f->path);
  g_autoptr (QvLayoutStore) b = load_ok (f->path);
  g_autoptr (QvLayoutStore) result = NULL;
  g_autoptr (QvLayout) la = make_layout ("la", 1, 10, "");
  g_autoptr (QvLayout) lb = make_layout ("lb", 2, 20, "");
  g_autoptr (QvLayout) lb2 = make_layout ("lb", 5, 30, "");

  /* Two viewers started on an empty file; each saves its own VM. */
  put_ok (a, "vm-a", la);
  put_ok (b, "vm-b", lb);
  save_ok (b, "vm-b");
  save_ok (a, "vm-a");
  result = load_ok (f->path);
  assert_layouts_equal (la, qv_layout_store_get_layout (result, "vm-a", "la"));
  assert_layouts_equal (lb, qv_layout_store_get_layout (result, "vm-b", "lb"));

  /* A saves again: B's groups still there, and B's later change too. */
  put_ok (b, "vm-b", lb2);
  save_ok (b, "vm-b");
  save_ok (a, "vm-a");
  g_clear_pointer (&result, qv_layout_store_free);
  result = load_ok (f->path);
  assert_layouts_equal (la, qv_layout_store_get_layout (result, "vm-a", "la"));
  assert_layouts_equal (lb2, qv_layout_store_get_layout (result, "vm-b", "lb"));
}

static void
test_same_vm_last_wins (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) a = load_ok (f->path);
  g_autoptr (QvLayoutStore) b = load_ok (f->path);
  g_autoptr (QvLayoutStore) result = NULL;
  g_autoptr (QvLayout) from_a = make_layout ("desk", 1, 10, "");
  g_autoptr (QvLayout) from_a2 = make_layout ("only-a", 1, 10, "");
  g_autoptr (QvLayout) from_b = make_layout ("desk", 2, 20, "");

  put_ok (a, "vm", from_a);
  put_ok (a, "vm", from_a2);
  save_ok (a, "vm");
  put_ok (b, "vm", from_b);
  save_ok (b, "vm");
  result = load_ok (f->path);
  assert_layouts_equal (from_b, qv_layout_store_get_layout (result, "vm", "desk"));
  g_assert_null (qv_layout_store_get_layout (result, "vm", "only-a"));
}

static void
test_save_unchanged_is_cheap (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvLayout) layout = make_layout ("l", 3, 1, "");
  GStatBuf before, after;

  put_ok (store, "vm", layout);
  save_ok (store, "vm");
  g_assert_cmpint (g_stat (f->path, &before), ==, 0);
  save_ok (store, "vm");
  g_assert_cmpint (g_stat (f->path, &after), ==, 0);
  /* An atomic write replaces the inode: the same one means no write. */
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);

  qv_layout_display (layout, 0)->window.x += 1;
  put_ok (store, "vm", layout);
  save_ok (store, "vm");
  g_assert_cmpint (g_stat (f->path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
}

/* ---- A file that would grow without bound ------------------------------ */

/* A server that changes its UUID on every connection leaves a VM per
 * connection: past the limit the least recently used go, never the VM
 * being saved, and the file stays loadable. */
static void
test_prune_by_last_use (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) text = g_string_new ("[quadview]\nversion=1\n");
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvLayoutStore) again = qv_layout_store_new (f->path);
  g_autoptr (QvLayout) layout = make_layout ("fresh", 3, 1, "");
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *saved = NULL;
  gsize length = 0;
  guint n = 0;

  /* VMs used one second apart, the oldest first, past the limit. */
  while (text->len <= QV_LAYOUT_FILE_PRUNE_SIZE + 4096)
    {
      g_string_append_printf (text,
                              "[vm:vm-%05u]\nname=vm %u\n"
                              "[vm:vm-%05u/layout:default]\nmonitors=\n"
                              "last-used=2026-01-01T%02u:%02u:%02uZ\n"
                              "[vm:vm-%05u/layout:default/display:1]\n"
                              "x=0\ny=0\nwidth=1024\nheight=768\n",
                              n, n, n, n / 3600, n / 60 % 60, n % 60, n);
      n++;
    }
  {
    g_autofree char *dir = g_path_get_dirname (f->path);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  }
  g_assert_true (g_file_set_contents (f->path, text->str, (gssize) text->len, NULL));
  g_assert_true (qv_layout_store_load (store, &warning, &error));
  g_assert_null (warning);
  g_assert_true (qv_layout_store_put (store, "new-uuid", layout, &error));
  g_assert_true (qv_layout_store_save (store, "new-uuid", &warning, &error));
  g_assert_null (warning);
  g_assert_no_error (error);

  saved = read_text (f->path, &length);
  g_test_message ("%u VMs, %" G_GSIZE_FORMAT " bytes -> %" G_GSIZE_FORMAT, n, text->len, length);
  g_assert_cmpuint (length, <=, QV_LAYOUT_FILE_PRUNE_SIZE / 2);
  g_assert_nonnull (strstr (saved, "[vm:new-uuid]"));
  g_assert_null (strstr (saved, "[vm:vm-00000]"));
  {
    g_autofree char *newest = g_strdup_printf ("[vm:vm-%05u]", n - 1);

    g_assert_nonnull (strstr (saved, newest));
  }
  g_assert_true (qv_layout_store_load (again, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/layout-file/corrupt-on-save", test_corrupt_on_save);
  ADD ("/layout-file/newer-version", test_newer_version);
  ADD ("/layout-file/unreadable", test_unreadable);
  ADD ("/layout-file/concurrent-vms", test_concurrent_vms);
  ADD ("/layout-file/same-vm-last-wins", test_same_vm_last_wins);
  ADD ("/layout-file/save-unchanged-is-cheap", test_save_unchanged_is_cheap);
  ADD ("/layout-file/prune-by-last-use", test_prune_by_last_use);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
    {
      g_autofree char *base = g_strndup (corrupt_cases[i].file,
                                         strlen (corrupt_cases[i].file) - 4);
      g_autofree char *path = g_strdup_printf ("/layout-file/corrupt/%s", base);

      g_test_add (path, Fixture, GUINT_TO_POINTER (i), fixture_setup, test_corrupt, fixture_teardown);
    }
  return g_test_run ();
}
