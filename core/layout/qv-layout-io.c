/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading and writing the layout file on disk: load, read-modify-write
 * save, moving invalid files aside. The format itself is in
 * qv-layout-file.c.
 *
 * Writers hold an flock() on the file's directory for the whole
 * read-modify-write (and load holds it while moving a file aside), so
 * viewers of different VMs saving at the same moment keep each other's
 * groups, and nobody moves aside a file another viewer just replaced. */

#include "qv-layout-private.h"

#include "qv-i18n.h"
#include "qv-text.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define MAX_PROBLEM_CHARS 160

/* Exclusive advisory lock on the file's directory for a read-modify-write;
 * -1 if the directory cannot be opened (then @error is set). */
static int
lock_directory (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    {
      qv_text_set_errno_error (error, errno, "%s", dir);
      return -1;
    }
  while (flock (fd, LOCK_EX) < 0)
    {
      if (errno == EINTR)
        continue;
      qv_text_set_errno_error (error, errno, _("%s: cannot lock"), dir);
      close (fd);
      return -1;
    }
  return fd;
}

static void
unlock_directory (int fd)
{
  if (fd >= 0)
    close (fd);  /* releases the flock */
}

/* Rename @path to PATH.corrupt-YYYYMMDD-HHMMSS[-N], never replacing a file. */
static char *
move_aside (const char *path, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autoptr (GFile) source = g_file_new_for_path (path);

  for (guint n = 1; n <= 100; n++)
    {
      g_autofree char *target_path = n == 1
        ? g_strdup_printf ("%s.corrupt-%s", path, stamp)
        : g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
      g_autoptr (GFile) target = g_file_new_for_path (target_path);
      g_autoptr (GError) local = NULL;

      if (g_file_move (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS,
                       NULL, NULL, NULL, &local))
        return g_steal_pointer (&target_path);
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("too many %s.corrupt-%s* files"), path, stamp);
  return NULL;
}

typedef enum {
  READ_OK,        /* *kf and *vms set (both NULL for a missing file) */
  READ_MOVED,     /* invalid, moved aside; *warning set */
  READ_FAILED,    /* error set; do not write */
} ReadResult;

/* Read, validate and if needed move aside the file; called locked. */
static ReadResult
read_locked (const char *path, char **data, gsize *length,
             GKeyFile **kf, GHashTable **vms, char **warning, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GError) move_error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *aside = NULL;

  *kf = NULL;
  *vms = NULL;
  *data = NULL;
  *length = 0;
  if (!g_file_get_contents (path, data, length, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return READ_OK;
      g_propagate_error (error, g_steal_pointer (&local));
      return READ_FAILED;
    }
  if (qv_layout_file_parse (*data, *length, kf, vms, &local))
    return READ_OK;
  problem = qv_text_one_line (local->message, MAX_PROBLEM_CHARS);
  if (g_error_matches (local, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NEWER_VERSION))
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NEWER_VERSION,
                   "%s: %s", path, problem);
      return READ_FAILED;
    }
  aside = move_aside (path, &move_error);
  if (aside == NULL)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_READ_ONLY,
                   _("%s: %s; cannot move it aside (%s), so layouts will not be saved"),
                   path, problem, move_error->message);
      return READ_FAILED;
    }
  if (warning != NULL)
    *warning = g_strdup_printf (_("%s: %s; moved aside to %s, starting without saved layouts"),
                                path, problem, aside);
  g_clear_pointer (data, g_free);
  *length = 0;
  return READ_MOVED;
}

gboolean
qv_layout_store_load (QvLayoutStore *store, char **warning, GError **error)
{
  g_autoptr (GKeyFile) kf = NULL;
  g_autoptr (GHashTable) vms = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) lock_error = NULL;
  gsize length;
  ReadResult result;
  int lock;

  g_return_val_if_fail (store != NULL, FALSE);

  if (warning != NULL)
    *warning = NULL;
  g_hash_table_remove_all (store->vms);
  store->read_only = FALSE;

  /* No directory, no file: nothing to lock against. */
  lock = lock_directory (store->path, &lock_error);
  if (lock < 0 && !g_error_matches (lock_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      store->read_only = TRUE;
      g_propagate_error (error, g_steal_pointer (&lock_error));
      return FALSE;
    }
  result = read_locked (store->path, &data, &length, &kf, &vms, warning, error);
  unlock_directory (lock);

  if (result == READ_FAILED)
    {
      store->read_only = TRUE;
      return FALSE;
    }
  if (vms != NULL)
    {
      g_hash_table_unref (store->vms);
      store->vms = g_steal_pointer (&vms);
    }
  return TRUE;
}

gboolean
qv_layout_store_save (QvLayoutStore *store,
                      const char *vm_key,
                      char **warning,
                      GError **error)
{
  g_autoptr (GKeyFile) kf = NULL;
  g_autoptr (GHashTable) disk_vms = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *old_data = NULL;
  g_autofree char *new_data = NULL;
  gsize old_length, new_length;
  gboolean ok;
  int lock;

  g_return_val_if_fail (store != NULL, FALSE);

  if (warning != NULL)
    *warning = NULL;
  if (store->read_only)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_READ_ONLY,
                   _("%s: not saving, the file could not be loaded"), store->path);
      return FALSE;
    }
  if (!qv_layout_check_name (_("VM key"), vm_key, error))
    return FALSE;

  dir = g_path_get_dirname (store->path);
  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      return qv_text_set_errno_error (error, errno, _("%s: cannot create"), dir);
    }
  lock = lock_directory (store->path, error);
  if (lock < 0)
    return FALSE;

  if (read_locked (store->path, &old_data, &old_length, &kf, &disk_vms,
                   warning, error) == READ_FAILED)
    {
      unlock_directory (lock);
      return FALSE;
    }
  new_data = qv_layout_file_build (kf, vm_key, g_hash_table_lookup (store->vms, vm_key),
                         &new_length);
  ok = TRUE;
  if (old_data == NULL || old_length != new_length
      || memcmp (old_data, new_data, new_length) != 0)
    ok = g_file_set_contents_full (store->path, new_data, (gssize) new_length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
  unlock_directory (lock);
  return ok;
}
