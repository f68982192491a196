/* Writing a file in place: atomic, backed up, and refused when the file
 * changed after it was read. */
#include "qv-xml-file.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static char *
tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("qv-xml-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
read_all (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
cleanup (const char *dir, const char *const *names)
{
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *p = g_build_filename (dir, names[i], NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
test_write (void)
{
  g_autofree char *dir = tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vm.xml", NULL);
  g_autofree char *backup = NULL, *now = NULL, *bak = NULL;
  g_autoptr (GError) error = NULL;
  const char *old = "<domain>old</domain>\n", *new = "<domain>new</domain>\n";
  const char *const names[] = { "vm.xml", "vm.xml.bak", NULL };
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, old, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0604), ==, 0);
  g_assert_true (qv_xml_file_replace (path, old, strlen (old), new, strlen (new), &backup, &error));
  g_assert_no_error (error);
  now = read_all (path);
  bak = read_all (backup);
  g_assert_cmpstr (now, ==, new);
  g_assert_cmpstr (bak, ==, old);
  g_assert_true (g_str_has_suffix (backup, "vm.xml.bak"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0604);
  cleanup (dir, names);
}

static void
test_changed_meanwhile (void)
{
  g_autofree char *dir = tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vm.xml", NULL);
  g_autofree char *bak_path = g_strconcat (path, ".bak", NULL);
  g_autofree char *now = NULL;
  g_autoptr (GError) error = NULL;
  const char *read_earlier = "<domain>as read</domain>\n";
  const char *someone_else = "<domain>saved by virsh edit meanwhile</domain>\n";
  const char *const names[] = { "vm.xml", NULL };

  g_assert_true (g_file_set_contents (path, someone_else, -1, NULL));
  g_assert_false (qv_xml_file_replace (path, read_earlier, strlen (read_earlier), "<x/>", 4, NULL, &error));
  g_assert_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_CHANGED);
  now = read_all (path);
  g_assert_cmpstr (now, ==, someone_else);
  g_assert_false (g_file_test (bak_path, G_FILE_TEST_EXISTS));
  cleanup (dir, names);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xml-file/write-in-place", test_write);
  g_test_add_func ("/xml-file/changed-meanwhile", test_changed_meanwhile);
  return g_test_run ();
}
