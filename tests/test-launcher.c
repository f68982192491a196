/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Launchers (core/connect/qv-launcher.c): the Exec quoting, round-tripped
 * through the key file and GLib's own desktop-entry launching for hostile
 * names; the entry's keys; file names; finding a launcher again. */
#include "qv-launcher.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Set in a launched copy of this test: write argv there, exit. */
#define DUMP_ENV "QV_TEST_LAUNCHER_DUMP"

static const struct
{
  const char *arg, *want;
} quote_cases[] = {
  { "quadview", "quadview" },
  { "qemu:///system", "qemu:///system" },
  { "", "\"\"" },
  { "my vm", "\"my vm\"" },
  { "100%", "100%%" },
  { "a%b c", "\"a%%b c\"" },
  { "say \"hi\"", "\"say \\\"hi\\\"\"" },
  { "it's", "\"it's\"" },
  { "$HOME", "\"\\$HOME\"" },
  { "`id`", "\"\\`id\\`\"" },
  { "back\\slash", "\"back\\\\slash\"" },
  { "a;b", "\"a;b\"" },
  { "#1", "\"#1\"" },
  { "~user", "\"~user\"" },
  { "a|b&c>d<e", "\"a|b&c>d<e\"" },
  { "glob*?()", "\"glob*?()\"" },
  { "tab\there", "\"tab\there\"" },
  { "Grüße-VM", "Grüße-VM" },
  { "x=y,z", "x=y,z" },
};

static void
test_quote (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (quote_cases); i++)
    {
      g_autofree char *got = qv_launcher_exec_quote (quote_cases[i].arg);

      if (g_strcmp0 (got, quote_cases[i].want) != 0)
        g_error ("quote [%s]: got [%s], want [%s]", quote_cases[i].arg, got, quote_cases[i].want);
    }
}

/* Hostile domain names, URIs and layouts. */
static const struct
{
  const char *uri, *target, *layout;
} hostile[] = {
  { "qemu:///system", "plain", NULL },
  { "qemu:///system", "my vm", "desk" },
  { "qemu+ssh://root@host/system?keyfile=/k k", "say \"hi\"", "it's" },
  { "qemu:///session", "$HOME `id` $(id)", "100% & more" },
  { "qemu:///system", "back\\slash\\\\two\\", "\\" },
  { "qemu:///system", "Grüße, 日本語 ✓", "Büro" },
  { "qemu:///system", "semi;colon;", "a;b" },
  { "qemu:///system", "-starts-with-dash", "--layout" },
  { "qemu:///system", "%u %f %%", "%" },
  { "qemu:///system", "#hash ~tilde *glob? (paren) <lt> >gt |pipe", "'" },
  { NULL, "spice://127.0.0.1:5900", "desk" },
};

static QvLauncher
hostile_launcher (gsize i, const char *binary)
{
  return (QvLauncher) {
    .binary = binary,
    .connect_uri = hostile[i].uri,
    .target = hostile[i].target,
    .uuid = hostile[i].uri != NULL ? "0f0e0d0c-0b0a-0908-0706-050403020100" : NULL,
    .name = hostile[i].target,
    .layout = hostile[i].layout,
    .direct = hostile[i].uri != NULL && i % 2 == 1,
  };
}

static void
assert_same_argv (const char *what, char **got, char **want)
{
  guint n = g_strv_length (want);

  if (g_strv_length (got) != n)
    g_error ("%s: %u arguments, want %u", what, g_strv_length (got), n);
  for (guint i = 0; i < n; i++)
    if (strcmp (got[i], want[i]) != 0)
      g_error ("%s: argument %u is [%s], want [%s]", what, i, got[i], want[i]);
}

/* The entry, written and read back as a key file: its Exec value, field
 * codes expanded as the specification says (%% is %), split by the shell
 * rules GLib uses, is the command. */
static void
test_roundtrip_shell (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      QvLauncher l = hostile_launcher (i, "quadview");
      g_auto (GStrv) want = qv_launcher_argv (&l);
      g_autoptr (GKeyFile) entry = qv_launcher_entry_new (&l, NULL);
      g_autoptr (GKeyFile) back = g_key_file_new ();
      g_autofree char *data = g_key_file_to_data (entry, NULL, NULL);
      g_autofree char *exec = NULL;
      g_autofree char *expanded = NULL;
      g_auto (GStrv) got = NULL;
      g_autoptr (GError) error = NULL;
      GString *s;

      if (!g_key_file_load_from_data (back, data, -1, G_KEY_FILE_NONE, &error))
        g_error ("%s: the entry does not load: %s", hostile[i].target, error->message);
      exec = g_key_file_get_string (back, G_KEY_FILE_DESKTOP_GROUP, "Exec", &error);
      g_assert_no_error (error);
      s = g_string_new (NULL);
      for (const char *p = exec; *p != '\0'; p++)
        {
          if (p[0] == '%')
            {
              if (p[1] != '%')
                g_error ("%s: a field code %%%c in [%s]", hostile[i].target, p[1], exec);
              p++;
            }
          g_string_append_c (s, *p);
        }
      expanded = g_string_free (s, FALSE);
      if (!g_shell_parse_argv (expanded, NULL, &got, &error))
        g_error ("%s: [%s] does not parse: %s", hostile[i].target, expanded, error->message);
      assert_same_argv (hostile[i].target, got, want);
      /* The rest as written. */
      {
        g_autofree char *name = g_key_file_get_string (back, G_KEY_FILE_DESKTOP_GROUP, "Name", NULL);
        g_autofree char *target =
          g_key_file_get_string (back, G_KEY_FILE_DESKTOP_GROUP, QV_LAUNCHER_KEY_TARGET, NULL);

        g_assert_true (g_str_has_prefix (name, hostile[i].target));
        g_assert_cmpstr (target, ==, hostile[i].target);
      }
    }
}

static void
on_pid (GDesktopAppInfo *info, GPid pid, gpointer data)
{
  *(GPid *) data = pid;
}

static char **
read_dump (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &data, &len, &error))
    g_error ("the launched command wrote nothing: %s", error->message);
  for (gsize at = 0; at < len; at += strlen (data + at) + 1)
    g_ptr_array_add (args, g_strdup (data + at));
  g_ptr_array_add (args, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&args), FALSE);
}

/* As the desktop runs it: GDesktopAppInfo parses the entry and starts its
 * Exec line. The binary is this test, which writes the arguments it got. */
static void
test_roundtrip_launch (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_dir_make_tmp ("qv-launcher-XXXXXX", NULL);
  g_autofree char *dump = g_build_filename (dir, "argv", NULL);

  /* GLib announces each launch on the session bus: without one, D-Bus
   * must not autolaunch a daemon that outlives the test. */
  gboolean no_bus = g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL;

  if (no_bus)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/qv-no-bus", TRUE);
  g_assert_nonnull (self);
  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      QvLauncher l = hostile_launcher (i, self);
      g_auto (GStrv) want = qv_launcher_argv (&l);
      g_autoptr (GKeyFile) entry = qv_launcher_entry_new (&l, NULL);
      g_autoptr (GKeyFile) back = g_key_file_new ();
      g_autofree char *data = g_key_file_to_data (entry, NULL, NULL);
      g_autoptr (GDesktopAppInfo) info = NULL;
      g_autoptr (GAppLaunchContext) context = g_app_launch_context_new ();
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) got = NULL;
      GPid pid = 0;
      int status = 0;

      g_assert_true (g_key_file_load_from_data (back, data, -1, G_KEY_FILE_NONE, NULL));
      info = g_desktop_app_info_new_from_keyfile (back);
      if (info == NULL)
        g_error ("%s: GDesktopAppInfo refuses the entry", hostile[i].target);
      g_app_launch_context_setenv (context, DUMP_ENV, dump);
      if (no_bus)
        g_app_launch_context_unsetenv (context, "DBUS_SESSION_BUS_ADDRESS");
      g_unlink (dump);
      if (!g_desktop_app_info_launch_uris_as_manager (info, NULL, context, G_SPAWN_DO_NOT_REAP_CHILD,
                                                      NULL, NULL, on_pid, &pid, &error))
        g_error ("%s: launch: %s", hostile[i].target, error->message);
      g_assert_cmpint (pid, >, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      got = read_dump (dump);
      assert_same_argv (hostile[i].target, got, want);
    }
  g_unlink (dump);
  g_rmdir (dir);
  if (no_bus)
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
}

/* desktop-file-validate accepts every entry, hostile names and all. */
static void
test_validate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("qv-launcher-XXXXXX", NULL);
  g_autofree char *tool = g_find_program_in_path ("desktop-file-validate");

  if (tool == NULL)
    g_error ("desktop-file-validate not found: install desktop-file-utils (bash scripts/deps.sh test)");
  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      QvLauncher l = hostile_launcher (i, "quadview");
      g_autoptr (GKeyFile) entry = qv_launcher_entry_new (&l, NULL);
      g_autofree char *file = qv_launcher_file_name (l.connect_uri, l.target);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr (GError) error = NULL;
      int status = 0;

      g_assert_true (g_key_file_save_to_file (entry, path, NULL));
      if (!g_spawn_sync (NULL, (char *[]) { tool, path, NULL }, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, &err, &status, &error))
        g_error ("desktop-file-validate: %s", error->message);
      if (!g_spawn_check_wait_status (status, NULL) || *out != '\0' || *err != '\0')
        g_error ("%s: desktop-file-validate says: %s%s", hostile[i].target, out, err);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* What no desktop entry can hold: refused, one line naming it. */
static const struct
{
  const char *target, *layout, *shown;
} refused[] = {
  { "new\nline", NULL, "new\\nline" },
  { "tab\tbed", NULL, "tab\\tbed" },
  { "ok", "bell\a", "bell\\007" },
  { "latin1 \xe9", NULL, "latin1 \\351" },
};

static void
test_refused (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const QvLauncher l = { .binary = "quadview", .connect_uri = "qemu:///system",
                             .target = refused[i].target, .name = refused[i].target,
                             .layout = refused[i].layout };
      g_autoptr (GError) error = NULL;
      g_autoptr (GKeyFile) entry = qv_launcher_entry_new (&l, &error);

      g_assert_null (entry);
      g_assert_nonnull (error);
      if (strchr (error->message, '\n') != NULL || strstr (error->message, refused[i].shown) == NULL)
        g_error ("[%s]: message [%s] does not name [%s]", refused[i].target, error->message,
                 refused[i].shown);
    }
}

static char *
desktop_key (GKeyFile *entry, const char *key)
{
  return g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, key, NULL);
}

/* The keys, and the icon and categories of quadview's own entry. */
static void
test_entry (void)
{
  const QvLauncher l = {
    .binary = "/opt/qv/bin/quadview",
    .connect_uri = "qemu:///system",
    .target = "win11",
    .uuid = "0f0e0d0c-0b0a-0908-0706-050403020100",
    .name = "win11",
    .layout = "desk",
  };
  g_autoptr (GKeyFile) entry = qv_launcher_entry_new (&l, NULL);
  g_autoptr (GKeyFile) own = g_key_file_new ();
  g_autofree char *own_path = g_build_filename (g_getenv ("QV_SRCDIR"), "data", "quadview.desktop", NULL);
  static const struct
  {
    const char *key, *want;
  } keys[] = {
    { "Type", "Application" },
    { "Name", "win11 (quadview)" },
    { "Exec", "/opt/qv/bin/quadview -c qemu:///system --start --layout desk win11" },
    { "Terminal", "false" },
    { "StartupWMClass", "Quadview" },
    { QV_LAUNCHER_KEY_CONNECT, "qemu:///system" },
    { QV_LAUNCHER_KEY_TARGET, "win11" },
    { QV_LAUNCHER_KEY_UUID, "0f0e0d0c-0b0a-0908-0706-050403020100" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *got = desktop_key (entry, keys[i].key);

      if (g_strcmp0 (got, keys[i].want) != 0)
        g_error ("%s: got [%s], want [%s]", keys[i].key, got, keys[i].want);
    }
  g_assert_true (g_key_file_load_from_file (own, own_path, G_KEY_FILE_NONE, NULL));
  for (const char *const *key = (const char *[]) { "Icon", "Categories", NULL }; *key != NULL; key++)
    {
      g_autofree char *got = desktop_key (entry, *key);
      g_autofree char *want = desktop_key (own, *key);

      if (g_strcmp0 (got, want) != 0)
        g_error ("%s: got [%s], quadview.desktop has [%s]", *key, got, want);
    }
  /* --direct is passed on, after --start. */
  {
    const QvLauncher d = { .binary = "quadview", .connect_uri = "qemu+ssh://h/system",
                           .target = "w", .name = "w", .direct = TRUE };
    g_autoptr (GKeyFile) e = qv_launcher_entry_new (&d, NULL);
    g_autofree char *exec = desktop_key (e, "Exec");

    g_assert_cmpstr (exec, ==, "quadview -c qemu+ssh://h/system --start --direct w");
  }
  /* A spice:// target: no --start, no -c, no URI key. */
  {
    const QvLauncher s = { .binary = "quadview", .target = "spice://h:5900", .name = "h:5900" };
    g_autoptr (GKeyFile) e = qv_launcher_entry_new (&s, NULL);
    g_autofree char *exec = desktop_key (e, "Exec");
    g_autofree char *uri = desktop_key (e, QV_LAUNCHER_KEY_CONNECT);

    g_assert_cmpstr (exec, ==, "quadview spice://h:5900");
    g_assert_null (uri);
  }
}

static const struct
{
  const char *uri, *target, *want_prefix;
} name_cases[] = {
  { "qemu:///system", "win11", "quadview-win11-" },
  { "qemu:///system", "my vm", "quadview-my_vm-" },
  { "qemu:///system", "../../etc/passwd", "quadview-______etc_passwd-" },
  { "qemu:///system", "Grüße", "quadview-Gr____e-" },
  { "qemu:///system", "a.b-c_d", "quadview-a_b-c_d-" },
  { "qemu:///system", "0123456789012345678901234567890123456789",
    "quadview-01234567890123456789012345678901-" },
  { NULL, "spice://127.0.0.1:5900", "quadview-spice___127_0_0_1_5900-" },
};

/* Pairs that must not share a file. */
static const struct
{
  const char *uri_a, *target_a, *uri_b, *target_b;
} distinct[] = {
  { "qemu:///system", "win11", "qemu:///session", "win11" },
  { "qemu:///system", "my vm", "qemu:///system", "my_vm" },
  { "qemu:///system", "a", "qemu:///system", "b" },
  { "qemu:///sys", "temx", "qemu:///syst", "emx" },
  { NULL, "qemu:///systemwin11", "qemu:///system", "win11" },
  { "qemu:///system", "0123456789012345678901234567890123456789A",
    "qemu:///system", "0123456789012345678901234567890123456789B" },
};

static void
test_file_name (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (name_cases); i++)
    {
      g_autofree char *got = qv_launcher_file_name (name_cases[i].uri, name_cases[i].target);
      g_autofree char *again = qv_launcher_file_name (name_cases[i].uri, name_cases[i].target);
      gsize n = strlen (name_cases[i].want_prefix);

      if (!g_str_has_prefix (got, name_cases[i].want_prefix) || strlen (got) != n + 8 + 8 ||
          !g_str_has_suffix (got, ".desktop"))
        g_error ("[%s]: got %s, want %sXXXXXXXX.desktop", name_cases[i].target, got,
                 name_cases[i].want_prefix);
      for (gsize j = n; j < n + 8; j++)
        g_assert_true (g_ascii_isxdigit (got[j]) && !g_ascii_isupper (got[j]));
      /* A desktop file ID: ASCII letters, digits, - _ . only. */
      for (const char *p = got; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || strchr ("-_.", *p) != NULL);
      g_assert_cmpstr (got, ==, again);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (distinct); i++)
    {
      g_autofree char *a = qv_launcher_file_name (distinct[i].uri_a, distinct[i].target_a);
      g_autofree char *b = qv_launcher_file_name (distinct[i].uri_b, distinct[i].target_b);

      if (strcmp (a, b) == 0)
        g_error ("(%s, %s) and (%s, %s) share %s", distinct[i].uri_a, distinct[i].target_a,
                 distinct[i].uri_b, distinct[i].target_b, a);
    }
  /* Golden: the hash is SHA-256 of "LEN\nURI" "TARGET"; a change of rule
   * would orphan every launcher written before. */
  {
    g_autofree char *got = qv_launcher_file_name ("qemu:///system", "win11");
    g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    g_autofree char *want = NULL;

    g_checksum_update (sum, (const guchar *) "14\nqemu:///systemwin11", -1);
    want = g_strdup_printf ("quadview-win11-%.8s.desktop", g_checksum_get_string (sum));
    g_assert_cmpstr (got, ==, want);
  }
}

static void
write_launcher (const char *dir, const QvLauncher *l)
{
  g_autoptr (GKeyFile) entry = qv_launcher_entry_new (l, NULL);
  g_autofree char *file = qv_launcher_file_name (l->connect_uri, l->target);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_assert_true (g_key_file_save_to_file (entry, path, NULL));
}

static void
test_find (void)
{
  g_autofree char *dir = g_dir_make_tmp ("qv-launcher-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "none", NULL);
  const QvLauncher launchers[] = {
    { "quadview", "qemu:///system", "win11", "aaaaaaaa-0000-0000-0000-000000000001", "win11", NULL },
    { "quadview", "qemu:///session", "win11", "bbbbbbbb-0000-0000-0000-000000000002", "win11", NULL },
    { "quadview", "qemu:///system", "my vm", NULL, "my vm", "desk" },
  };
  static const struct
  {
    const char *uri, *name;
    guint want;
  } cases[] = {
    { NULL, "win11", 2 },
    { "qemu:///system", "win11", 1 },
    { "qemu:///session", "win11", 1 },
    { "qemu:///other", "win11", 0 },
    { NULL, "AAAAAAAA-0000-0000-0000-000000000001", 1 },
    { NULL, "my vm", 1 },
    { NULL, "my", 0 },
    { NULL, "win11 (quadview)", 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (launchers); i++)
    write_launcher (dir, &launchers[i]);
  /* Not ours, or not a key file: skipped. */
  {
    g_autofree char *foreign = g_build_filename (dir, "quadview-foreign.desktop", NULL);
    g_autofree char *broken = g_build_filename (dir, "quadview-broken.desktop", NULL);
    g_autofree char *other = g_build_filename (dir, "other-win11.desktop", NULL);
    g_autoptr (GKeyFile) entry = qv_launcher_entry_new (&launchers[0], NULL);

    g_assert_true (g_file_set_contents (foreign, "[Desktop Entry]\nType=Application\nName=win11\n"
                                                 "Exec=quadview win11\n", -1, NULL));
    g_assert_true (g_file_set_contents (broken, "X-Quadview-Target=win11\n\x01[", -1, NULL));
    g_assert_true (g_key_file_save_to_file (entry, other, NULL));
  }
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) hits = qv_launcher_find (dir, cases[i].uri, cases[i].name, &error);

      g_assert_no_error (error);
      if (hits->len != cases[i].want)
        g_error ("(%s, %s): %u launchers, want %u", cases[i].uri, cases[i].name, hits->len,
                 cases[i].want);
    }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) hits = qv_launcher_find (missing, NULL, "win11", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 0);
  }
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *file;

    while ((file = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, file, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  const char *dump = g_getenv (DUMP_ENV);

  if (dump != NULL)
    {
      g_autoptr (GString) s = g_string_new (NULL);

      /* argv[0] as the entry names the binary. */
      for (int i = 0; i < argc; i++)
        g_string_append_len (s, argv[i], (gssize) strlen (argv[i]) + 1);
      return g_file_set_contents (dump, s->str, (gssize) s->len, NULL) ? 0 : 1;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/launcher/quote", test_quote);
  g_test_add_func ("/launcher/roundtrip-shell", test_roundtrip_shell);
  g_test_add_func ("/launcher/roundtrip-launch", test_roundtrip_launch);
  g_test_add_func ("/launcher/validate", test_validate);
  g_test_add_func ("/launcher/entry", test_entry);
  g_test_add_func ("/launcher/refused", test_refused);
  g_test_add_func ("/launcher/file-name", test_file_name);
  g_test_add_func ("/launcher/find", test_find);
  return g_test_run ();
}
