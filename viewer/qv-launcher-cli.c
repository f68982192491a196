/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --make-launcher and --remove-launcher: writing and removing a VM's
 * desktop entry, no window. */
#include "qv-launcher-cli.h"
#include "qv-i18n.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "qv-app.h"
#include "qv-domain.h"
#include "qv-launcher.h"
#include "qv-session.h"
#include "qv-spice-target.h"

static char *
launchers_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "applications", NULL);
}

static gboolean
same_file (const char *a, const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

/* "quadview" when PATH finds this very binary, as it does an installed
 * one (the entry survives a move of the prefix); else its absolute path
 * (a build tree, a second installation). */
static char *
launcher_binary (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *found = g_find_program_in_path ("quadview");

  if (self == NULL || (found != NULL && same_file (found, self)))
    return g_strdup ("quadview");
  return g_steal_pointer (&self);
}

static int
write_entry (const QvLauncher *l)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) entry = qv_launcher_entry_new (l, &error);
  g_autofree char *dir = launchers_dir ();
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (entry == NULL)
    {
      qv_app_say ("%s", error->message);
      return QV_EXIT_ERROR;
    }
  file = qv_launcher_file_name (l->connect_uri, l->target);
  path = g_build_filename (dir, file, NULL);
  data = g_key_file_to_data (entry, &len, NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int e = errno;

      qv_app_say (_("cannot create %s: %s"), dir, g_strerror (e));
      return QV_EXIT_ERROR;
    }
  /* Replaced whole: a menu reading it meanwhile sees the old or the new. */
  if (!g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &error))
    {
      qv_app_say ("%s", error->message);
      return QV_EXIT_ERROR;
    }
  g_print ("%s\n", path);
  return QV_EXIT_OK;
}

static int
make_spice (const char *target, const char *layout)
{
  g_autoptr (GUri) uri = g_uri_parse (target, G_URI_FLAGS_NON_DNS, NULL);
  g_autofree char *binary = launcher_binary ();
  g_autofree char *name = NULL;

  if (uri == NULL)
    {
      qv_app_say (_("%s is not a valid spice:// URI"), target);
      return QV_EXIT_USAGE;
    }
  if (qv_spice_target_uri_has_password (target))
    {
      qv_app_say (_("%s holds a password: a launcher would keep it in a file others may "
                    "read"),
                  target);
      return QV_EXIT_ERROR;
    }
  /* The name its windows and layouts will have. */
  name = qv_session_describe_target (target, NULL);
  return write_entry (&(QvLauncher) {
    .binary = binary, .target = target, .name = name, .layout = layout });
}

int
qv_launcher_cli_make (const char *connect_uri, const char *target, const char *layout,
                      gboolean direct)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (QvDomainSource) source = NULL;
  g_autoptr (QvDomainInfo) info = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *binary = NULL;

  if (target == NULL)
    {
      qv_app_say (_("--make-launcher needs a DOMAIN (name or UUID) or a spice:// URI "
                    "(see --help)"));
      return QV_EXIT_USAGE;
    }
  if (connect_uri == NULL && qv_spice_target_is_uri (target))
    return make_spice (target, layout);
  /* The domain as libvirt names it, and the URI written out in full: the
   * launcher must not depend on the environment's default URI. */
  source = qv_domain_source_new (connect_uri, target, direct, NULL, &error);
  if (source != NULL)
    info = qv_domain_source_query (source, &error);
  if (info == NULL)
    {
      qv_app_say ("%s", error->message);
      return QV_EXIT_ERROR;
    }
  uri = connect_uri != NULL ? g_strdup (connect_uri) : qv_domain_source_dup_uri (source);
  binary = launcher_binary ();
  return write_entry (&(QvLauncher) {
    .binary = binary,
    .connect_uri = uri,
    .target = info->name,
    .uuid = info->uuid,
    .name = info->name,
    .layout = layout,
    .direct = direct,
  });
}

int
qv_launcher_cli_remove (const char *connect_uri, const char *target)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = launchers_dir ();
  g_autoptr (GPtrArray) hits = NULL;

  if (target == NULL)
    {
      qv_app_say (_("--remove-launcher needs the DOMAIN (name or UUID) or spice:// URI "
                    "of a launcher (see --help)"));
      return QV_EXIT_USAGE;
    }
  hits = qv_launcher_find (dir, connect_uri, target, &error);
  if (hits == NULL)
    {
      qv_app_say ("%s", error->message);
      return QV_EXIT_ERROR;
    }
  if (hits->len == 0)
    {
      qv_app_say (_("no launcher for %s in %s"), target, dir);
      return QV_EXIT_ERROR;
    }
  if (hits->len > 1)
    {
      qv_app_say (_("%s has launchers for several libvirt URIs; give -c URI"), target);
      return QV_EXIT_USAGE;
    }
  if (g_unlink (hits->pdata[0]) != 0)
    {
      int e = errno;

      qv_app_say (_("cannot remove %s: %s"), (char *) hits->pdata[0], g_strerror (e));
      return QV_EXIT_ERROR;
    }
  g_print ("%s\n", (char *) hits->pdata[0]);
  return QV_EXIT_OK;
}
