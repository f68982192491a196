/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing a file in place: atomic, backed up once, refused when the file
 * changed after it was read, and, as root, never in a place another user
 * chose (qv-safe-dir's rules, in tables, and on real directories). */
#include "qv-safe-dir.h"
#include "qv-xml-file.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOBODY 65534

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
write_file (const char *path, const char *text, int mode)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
remove_tree (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_cmpint (system (command), ==, 0);
}

static const char *old_text = "<domain>old</domain>\n";
static const char *new_text = "<domain>new</domain>\n";

static gboolean
replace (const char *path, QvXmlFileReplaceFlags flags, QvXmlFileReplaced *done, GError **error)
{
  return qv_xml_file_replace (path, old_text, strlen (old_text), new_text, strlen (new_text), flags,
                              done, error);
}

static void
test_write (void)
{
  g_autofree char *dir = tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vm.xml", NULL);
  g_autofree char *now = NULL, *bak = NULL;
  g_auto (QvXmlFileReplaced) done = { 0 };
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  write_file (path, old_text, 0604);
  g_assert_true (replace (path, QV_XML_FILE_REPLACE_NONE, &done, &error));
  g_assert_no_error (error);
  now = read_all (path);
  bak = read_all (done.backup_path);
  g_assert_cmpstr (now, ==, new_text);
  g_assert_cmpstr (bak, ==, old_text);
  g_assert_false (done.backup_kept);
  g_assert_true (g_str_has_suffix (done.backup_path, "/vm.xml.bak"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0604);
  g_assert_cmpint (g_stat (done.backup_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0604);
  remove_tree (dir);
}

/* Setuid and setgid bits never carry over to the new file. */
static void
test_mode_masked (void)
{
  g_autofree char *dir = tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vm.xml", NULL);
  g_auto (QvXmlFileReplaced) done = { 0 };
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  write_file (path, old_text, 06755);
  g_assert_true (replace (path, QV_XML_FILE_REPLACE_NONE, &done, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0755);
  g_assert_cmpint (g_stat (done.backup_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0755);
  remove_tree (dir);
}

static void
test_changed_meanwhile (void)
{
  g_autofree char *dir = tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vm.xml", NULL);
  g_autofree char *bak_path = g_strconcat (path, ".bak", NULL);
  g_autofree char *now = NULL;
  g_autoptr (GError) error = NULL;
  const char *someone_else = "<domain>saved by virsh edit meanwhile</domain>\n";

  write_file (path, someone_else, 0644);
  g_assert_false (replace (path, QV_XML_FILE_REPLACE_NONE, NULL, &error));
  g_assert_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_CHANGED);
  now = read_all (path);
  g_assert_cmpstr (now, ==, someone_else);
  g_assert_false (g_file_test (bak_path, G_FILE_TEST_EXISTS));
  remove_tree (dir);
}

/* The first backup holds the true original: a second run keeps it,
 * unless told to overwrite it. */
static void
test_backup_kept (void)
{
  g_autofree char *dir = tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vm.xml", NULL);
  g_autofree char *bak_path = g_strconcat (path, ".bak", NULL);
  g_autofree char *bak = NULL, *bak2 = NULL;
  g_autoptr (GError) error = NULL;

  write_file (bak_path, "<domain>the true original</domain>\n", 0600);
  write_file (path, old_text, 0600);
  {
    g_auto (QvXmlFileReplaced) done = { 0 };

    g_assert_true (replace (path, QV_XML_FILE_REPLACE_NONE, &done, &error));
    g_assert_true (done.backup_kept);
  }
  bak = read_all (bak_path);
  g_assert_cmpstr (bak, ==, "<domain>the true original</domain>\n");
  write_file (path, old_text, 0600);
  {
    g_auto (QvXmlFileReplaced) done = { 0 };

    g_assert_true (replace (path, QV_XML_FILE_REPLACE_OVERWRITE_BACKUP, &done, &error));
    g_assert_false (done.backup_kept);
  }
  bak2 = read_all (bak_path);
  g_assert_cmpstr (bak2, ==, old_text);
  remove_tree (dir);
}

/* A backup name taken by a link is replaced, the link's target untouched. */
static void
test_backup_link_replaced (void)
{
  g_autofree char *dir = tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vm.xml", NULL);
  g_autofree char *bak_path = g_strconcat (path, ".bak", NULL);
  g_autofree char *victim = g_build_filename (dir, "victim", NULL);
  g_autofree char *v = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  write_file (victim, "secret\n", 0600);
  write_file (path, old_text, 0600);
  g_assert_cmpint (symlink (victim, bak_path), ==, 0);
  g_assert_true (replace (path, QV_XML_FILE_REPLACE_NONE, NULL, &error));
  v = read_all (victim);
  g_assert_cmpstr (v, ==, "secret\n");
  g_assert_cmpint (g_lstat (bak_path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  remove_tree (dir);
}

/* A link to the file, and a linked directory on the way, are followed:
 * the real file is replaced, the links stay links. */
static void
test_links_followed (void)
{
  g_autofree char *dir = tmpdir ();
  g_autofree char *real_dir = g_build_filename (dir, "real", NULL);
  g_autofree char *real = g_build_filename (real_dir, "vm.xml", NULL);
  g_autofree char *dir_link = g_build_filename (dir, "linked", NULL);
  g_autofree char *file_link = g_build_filename (dir, "vm-link.xml", NULL);
  g_autofree char *via_dir = g_build_filename (dir_link, "vm.xml", NULL);
  g_autofree char *now = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  write_file (real, old_text, 0600);
  g_assert_cmpint (symlink ("real", dir_link), ==, 0);
  g_assert_cmpint (symlink ("linked/../real/vm.xml", file_link), ==, 0);
  {
    g_auto (QvXmlFileReplaced) done = { 0 };

    g_assert_true (replace (file_link, QV_XML_FILE_REPLACE_NONE, &done, &error));
    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (done.backup_path, "/real/vm.xml.bak"));
  }
  now = read_all (real);
  g_assert_cmpstr (now, ==, new_text);
  g_assert_cmpint (g_lstat (file_link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  write_file (real, old_text, 0600);
  g_assert_true (replace (via_dir, QV_XML_FILE_REPLACE_NONE, NULL, &error));
  g_assert_no_error (error);
  remove_tree (dir);
}

/* ---- root's rules ------------------------------------------------------ */

typedef struct {
  const char *name;
  uid_t euid, uid;
  gid_t gid;
  mode_t mode;
  gboolean foreign;
} ForeignCase;

static const ForeignCase foreign_cases[] = {
  { "root-0755", 0, 0, 0, 040755, FALSE },
  { "root-group-root-0775", 0, 0, 0, 040775, FALSE },
  { "root-group-other-0775", 0, 0, 100, 040775, TRUE },
  { "root-world-writable", 0, 0, 0, 040777, TRUE },
  { "tmp-sticky", 0, 0, 0, 041777, FALSE },
  { "user-home", 0, 1000, 1000, 040755, TRUE },
  { "user-sticky", 0, 1000, 1000, 041777, TRUE },
  { "not-root", 1000, 0, 0, 040777, FALSE },
  { "not-root-other-user", 1000, 1001, 1001, 040755, FALSE },
};

static void
test_foreign (gconstpointer data)
{
  const ForeignCase *c = data;

  g_assert_cmpint (qv_safe_dir_is_foreign (c->euid, c->uid, c->gid, c->mode), ==, c->foreign);
}

typedef struct {
  const char *name;
  uid_t euid, link_uid, dir_uid;
  mode_t dir_mode;
  gboolean trusted;
} LinkCase;

static const LinkCase link_cases[] = {
  { "plain-dir-any-owner", 0, 1000, 0, 040755, TRUE },
  { "sticky-ours", 0, 0, 0, 041777, TRUE },
  { "sticky-dir-owner", 0, 5, 5, 041777, TRUE },
  { "sticky-other-user", 0, 1000, 0, 041777, FALSE },
  { "sticky-not-world-writable", 0, 1000, 0, 041775, TRUE },
};

static void
test_link (gconstpointer data)
{
  const LinkCase *c = data;

  g_assert_cmpint (qv_safe_dir_link_trusted (c->euid, c->link_uid, c->dir_uid, c->dir_mode), ==,
                   c->trusted);
}

/* The real thing, as root: a user's directory. CI and scripts/test.sh
 * run as root; elsewhere these cases cannot be made. */
static gboolean
need_root (void)
{
  if (geteuid () == 0)
    return TRUE;
  g_test_skip ("needs root, as scripts/test.sh runs it");
  return FALSE;
}

static char *
user_dir (const char *top)
{
  char *dir = g_build_filename (top, "vms", NULL);

  g_assert_cmpint (g_chmod (top, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_cmpint (chown (dir, NOBODY, NOBODY), ==, 0);
  return dir;
}

static void
test_root_foreign_refused (void)
{
  g_autofree char *top = NULL, *dir = NULL, *path = NULL, *now = NULL, *bak = NULL;
  g_autoptr (GError) error = NULL;

  if (!need_root ())
    return;
  top = tmpdir ();
  dir = user_dir (top);
  path = g_build_filename (dir, "vm.xml", NULL);
  bak = g_strconcat (path, ".bak", NULL);
  write_file (path, old_text, 0644);
  g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
  g_assert_false (replace (path, QV_XML_FILE_REPLACE_NONE, NULL, &error));
  g_assert_error (error, QV_SAFE_DIR_ERROR, QV_SAFE_DIR_ERROR_FOREIGN);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_null (strchr (error->message, '\n'));
  now = read_all (path);
  g_assert_cmpstr (now, ==, old_text);
  g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));
  remove_tree (top);
}

static void
test_root_foreign_allowed (void)
{
  g_autofree char *top = NULL, *dir = NULL, *path = NULL, *now = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  if (!need_root ())
    return;
  top = tmpdir ();
  dir = user_dir (top);
  path = g_build_filename (dir, "vm.xml", NULL);
  write_file (path, old_text, 0640);
  g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
  {
    g_auto (QvXmlFileReplaced) done = { 0 };

    g_assert_true (replace (path, QV_XML_FILE_REPLACE_ALLOW_FOREIGN_DIR, &done, &error));
    g_assert_no_error (error);
    g_assert_true (done.as_owner);
    g_assert_cmpuint (done.owner_uid, ==, NOBODY);
  }
  /* Root's rights are back. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, NOBODY);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  now = read_all (path);
  g_assert_cmpstr (now, ==, new_text);
  g_assert_cmpint (access ("/etc/shadow", R_OK), ==, 0);
  remove_tree (top);
}

/* Acting as the directory's owner, root's own file there cannot be
 * touched: the kernel says no, nothing is written. */
static void
test_root_foreign_root_file (void)
{
  g_autofree char *top = NULL, *dir = NULL, *path = NULL, *now = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  if (!need_root ())
    return;
  top = tmpdir ();
  dir = user_dir (top);
  path = g_build_filename (dir, "vm.xml", NULL);
  write_file (path, old_text, 0600);
  g_assert_false (replace (path, QV_XML_FILE_REPLACE_ALLOW_FOREIGN_DIR, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 0);
  now = read_all (path);
  g_assert_cmpstr (now, ==, old_text);
  remove_tree (top);
}

/* In /tmp-like directories another user's link is not followed. */
static void
test_root_sticky_link (void)
{
  g_autofree char *top = NULL, *victim = NULL, *link = NULL, *now = NULL;
  g_autoptr (GError) error = NULL;

  if (!need_root ())
    return;
  top = tmpdir ();
  g_assert_cmpint (g_chmod (top, 01777), ==, 0);
  victim = g_build_filename (top, "root.xml", NULL);
  link = g_build_filename (top, "vm.xml", NULL);
  write_file (victim, old_text, 0600);
  g_assert_cmpint (symlink (victim, link), ==, 0);
  g_assert_cmpint (lchown (link, NOBODY, NOBODY), ==, 0);
  g_assert_false (replace (link, QV_XML_FILE_REPLACE_NONE, NULL, &error));
  g_assert_error (error, QV_SAFE_DIR_ERROR, QV_SAFE_DIR_ERROR_UNTRUSTED_LINK);
  now = read_all (victim);
  g_assert_cmpstr (now, ==, old_text);
  remove_tree (top);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xml-file/write-in-place", test_write);
  g_test_add_func ("/xml-file/mode-masked", test_mode_masked);
  g_test_add_func ("/xml-file/changed-meanwhile", test_changed_meanwhile);
  g_test_add_func ("/xml-file/backup-kept", test_backup_kept);
  g_test_add_func ("/xml-file/backup-link-replaced", test_backup_link_replaced);
  g_test_add_func ("/xml-file/links-followed", test_links_followed);
  for (guint i = 0; i < G_N_ELEMENTS (foreign_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/safe-dir/foreign/%s", foreign_cases[i].name);

      g_test_add_data_func (path, &foreign_cases[i], test_foreign);
    }
  for (guint i = 0; i < G_N_ELEMENTS (link_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/safe-dir/link/%s", link_cases[i].name);

      g_test_add_data_func (path, &link_cases[i], test_link);
    }
  g_test_add_func ("/xml-file/root/foreign-refused", test_root_foreign_refused);
  g_test_add_func ("/xml-file/root/foreign-allowed", test_root_foreign_allowed);
  g_test_add_func ("/xml-file/root/foreign-root-file", test_root_foreign_root_file);
  g_test_add_func ("/xml-file/root/sticky-link", test_root_sticky_link);
  return g_test_run ();
}
