/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Desktop entries for one VM: their Exec line, quoted by the Desktop
 * Entry Specification's rules, their file name, and finding them again. */
#include "qv-launcher.h"
#include "qv-i18n.h"

#include <string.h>

#define GROUP G_KEY_FILE_DESKTOP_GROUP
#define NAME_BYTES 32

/* The Desktop Entry Specification's reserved characters in Exec: an
 * argument with one of them must be quoted. */
static gboolean
needs_quotes (const char *arg)
{
  return *arg == '\0' || strpbrk (arg, " \t\n\"'\\><~|&;$*?#()`") != NULL;
}

char *
qv_launcher_exec_quote (const char *arg)
{
  GString *out = g_string_new (NULL);
  gboolean quote = needs_quotes (arg);

  if (quote)
    g_string_append_c (out, '"');
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (quote && strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (out, '\\');
      /* Field codes are expanded before the line is split: a literal %
       * is %% quoted or not. */
      if (*p == '%')
        g_string_append_c (out, '%');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

char *
qv_launcher_exec_line (const char *const *argv)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *quoted = qv_launcher_exec_quote (argv[i]);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, quoted);
    }
  return g_string_free (out, FALSE);
}

GStrv
qv_launcher_argv (const QvLauncher *l)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, l->binary);
  if (l->connect_uri != NULL)
    g_strv_builder_addv (b, (const char *[]) { "-c", l->connect_uri, "--start", NULL });
  if (l->connect_uri != NULL && l->direct)
    g_strv_builder_add (b, "--direct");
  if (l->layout != NULL)
    g_strv_builder_addv (b, (const char *[]) { "--layout", l->layout, NULL });
  if (l->target[0] == '-')
    g_strv_builder_add (b, "--");
  g_strv_builder_add (b, l->target);
  return g_strv_builder_end (b);
}

/* Exec and Name values hold UTF-8 without control characters. */
static gboolean
writable (const char *s, GError **error)
{
  g_autofree char *shown = NULL;

  if (s == NULL)
    return TRUE;
  if (g_utf8_validate (s, -1, NULL))
    {
      const char *p = s;

      while (*p != '\0' && !g_ascii_iscntrl (*p))
        p++;
      if (*p == '\0')
        return TRUE;
    }
  shown = g_strescape (s, NULL);
  g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
               _("cannot make a launcher for \"%s\": a desktop entry holds neither control "
                 "characters (tabs, newlines) nor text that is not UTF-8"),
               shown);
  return FALSE;
}

GKeyFile *
qv_launcher_entry_new (const QvLauncher *l, GError **error)
{
  g_autoptr (GKeyFile) entry = NULL;
  g_auto (GStrv) argv = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *name = NULL;
  g_autofree char *comment = NULL;
  const char *strings[] = { l->binary, l->connect_uri, l->target, l->uuid, l->name, l->layout };

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    if (!writable (strings[i], error))
      return NULL;
  argv = qv_launcher_argv (l);
  exec = qv_launcher_exec_line ((const char *const *) argv);
  /* TRANSLATORS: the menu entry of a VM's launcher; %s is the VM. */
  name = g_strdup_printf (_("%s (quadview)"), l->name);
  comment = g_strdup_printf (l->connect_uri != NULL ? _("Start %s and show its displays")
                                                    : _("Show the displays of %s"),
                             l->name);
  entry = g_key_file_new ();
  g_key_file_set_string (entry, GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, name);
  g_key_file_set_string (entry, GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT, comment);
  /* g_key_file_set_string escapes \ for the file. */
  g_key_file_set_string (entry, GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_string (entry, GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, QV_LAUNCHER_ICON);
  g_key_file_set_boolean (entry, GROUP, G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
  g_key_file_set_string (entry, GROUP, G_KEY_FILE_DESKTOP_KEY_CATEGORIES, QV_LAUNCHER_CATEGORIES);
  /* So that the docks group quadview's windows under this entry. */
  g_key_file_set_string (entry, GROUP, G_KEY_FILE_DESKTOP_KEY_STARTUP_WM_CLASS,
                         QV_LAUNCHER_WM_CLASS);
  if (l->connect_uri != NULL)
    g_key_file_set_string (entry, GROUP, QV_LAUNCHER_KEY_CONNECT, l->connect_uri);
  g_key_file_set_string (entry, GROUP, QV_LAUNCHER_KEY_TARGET, l->target);
  if (l->uuid != NULL)
    g_key_file_set_string (entry, GROUP, QV_LAUNCHER_KEY_UUID, l->uuid);
  return g_steal_pointer (&entry);
}

char *
qv_launcher_file_name (const char *connect_uri, const char *target)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  GString *out = g_string_new ("quadview-");
  gsize n = 0;

  /* The URI's length first: ("a", "b\nc") and ("a\nb", "c") differ. */
  {
    g_autofree char *head = g_strdup_printf ("%zu\n", connect_uri != NULL ? strlen (connect_uri) : 0);

    g_checksum_update (sum, (const guchar *) head, -1);
  }
  if (connect_uri != NULL)
    g_checksum_update (sum, (const guchar *) connect_uri, -1);
  g_checksum_update (sum, (const guchar *) target, -1);
  for (const char *p = target; *p != '\0' && n < NAME_BYTES; p++, n++)
    g_string_append_c (out, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '_');
  g_string_append_printf (out, "-%.8s.desktop", g_checksum_get_string (sum));
  return g_string_free (out, FALSE);
}

gboolean
qv_launcher_entry_matches (GKeyFile *entry, const char *connect_uri, const char *name_or_uuid)
{
  g_autofree char *target = g_key_file_get_string (entry, GROUP, QV_LAUNCHER_KEY_TARGET, NULL);
  g_autofree char *uuid = g_key_file_get_string (entry, GROUP, QV_LAUNCHER_KEY_UUID, NULL);

  if (target == NULL)
    return FALSE;
  if (connect_uri != NULL)
    {
      g_autofree char *uri = g_key_file_get_string (entry, GROUP, QV_LAUNCHER_KEY_CONNECT, NULL);

      if (g_strcmp0 (uri, connect_uri) != 0)
        return FALSE;
    }
  return g_strcmp0 (target, name_or_uuid) == 0 ||
         (uuid != NULL && g_ascii_strcasecmp (uuid, name_or_uuid) == 0);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
qv_launcher_find (const char *dir, const char *connect_uri, const char *name_or_uuid,
                  GError **error)
{
  g_autoptr (GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = NULL;
  g_autoptr (GError) local = NULL;
  const char *file;

  d = g_dir_open (dir, 0, &local);
  if (d == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&hits);
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", dir);
      return NULL;
    }
  while ((file = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr (GKeyFile) entry = NULL;

      if (!g_str_has_prefix (file, "quadview-") || !g_str_has_suffix (file, ".desktop"))
        continue;
      path = g_build_filename (dir, file, NULL);
      entry = g_key_file_new ();
      /* Someone else's file, or half-written by hand: not ours to judge. */
      if (!g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, NULL))
        continue;
      if (qv_launcher_entry_matches (entry, connect_uri, name_or_uuid))
        g_ptr_array_add (hits, g_steal_pointer (&path));
    }
  g_ptr_array_sort (hits, compare_paths);
  return g_steal_pointer (&hits);
}
