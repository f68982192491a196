/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The directory a file is replaced in, found once by a walk that follows
 * no symbolic link the kernel would choose for us, and root's rules for
 * directories and links that another user controls (qv-safe-dir.h). */
#include "qv-safe-dir.h"

#include "qv-i18n.h"
#include "qv-text.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (qv-safe-dir-error-quark, qv_safe_dir_error)

/* As many links as the kernel follows in one path (MAXSYMLINKS). */
#define MAX_LINKS 40

gboolean
qv_safe_dir_is_foreign (uid_t euid, uid_t dir_uid, gid_t dir_gid, mode_t dir_mode)
{
  if (euid != 0)
    return FALSE;
  if (dir_uid != 0)
    return TRUE;
  /* Others may add names to a sticky directory, never rename ours. */
  if (dir_mode & S_ISVTX)
    return FALSE;
  return (dir_mode & S_IWOTH) != 0 || ((dir_mode & S_IWGRP) != 0 && dir_gid != 0);
}

gboolean
qv_safe_dir_link_trusted (uid_t euid, uid_t link_uid, uid_t dir_uid, mode_t dir_mode)
{
  if ((dir_mode & (S_ISVTX | S_IWOTH)) != (S_ISVTX | S_IWOTH))
    return TRUE;
  return link_uid == euid || link_uid == dir_uid;
}

static gboolean
sys_error (GError **error, const char *shown, int err)
{
  return qv_text_set_errno_error (error, err, "%s", shown);
}

/* From here on, this thread acts on files with @st's owner's rights. */
static gboolean
become_owner (QvSafeDir *out, const struct stat *st, const char *shown, GError **error)
{
  int n = getgroups (0, NULL);

  out->saved_groups = g_new0 (gid_t, MAX (n, 1));
  if (n < 0 || (n = getgroups (n, out->saved_groups)) < 0)
    return sys_error (error, shown, errno);
  out->n_saved_groups = n;
  /* Root's groups would still open root's group-readable files. */
  if (setgroups (0, NULL) != 0)
    return sys_error (error, shown, errno);
  out->as_owner = TRUE;
  out->owner_uid = st->st_uid;
  out->owner_gid = st->st_gid;
  setfsgid (st->st_gid);
  setfsuid (st->st_uid);
  /* Both calls report the old value; asking again tells whether it took. */
  if ((uid_t) setfsuid ((uid_t) -1) != st->st_uid || (gid_t) setfsgid ((gid_t) -1) != st->st_gid)
    return sys_error (error, shown, EPERM);
  return TRUE;
}

void
qv_safe_dir_clear (QvSafeDir *dir)
{
  if (dir->dirfd >= 0)
    close (dir->dirfd);
  dir->dirfd = -1;
  if (dir->as_owner)
    {
      setfsuid (geteuid ());
      setfsgid (getegid ());
      if (setgroups ((size_t) dir->n_saved_groups, dir->saved_groups) != 0)
        g_warning ("cannot restore the supplementary groups: %s", g_strerror (errno));
      dir->as_owner = FALSE;
    }
  g_clear_pointer (&dir->saved_groups, g_free);
  g_clear_pointer (&dir->name, g_free);
  g_clear_pointer (&dir->shown, g_free);
}

/* The path walked so far, for messages: "/" and its components. */
static void
shown_push (GString *shown, const char *name)
{
  if (shown->len > 1)
    g_string_append_c (shown, '/');
  g_string_append (shown, name);
}

static void
shown_pop (GString *shown)
{
  const char *slash = strrchr (shown->str, '/');

  g_string_truncate (shown, slash != NULL && slash != shown->str ? (gsize) (slash - shown->str) : 1);
}

/* Pushes @text's components in front of @todo, last first. */
static void
push_components (GQueue *todo, const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, "/", -1);

  for (int i = (int) g_strv_length (parts) - 1; i >= 0; i--)
    if (parts[i][0] != '\0' && strcmp (parts[i], ".") != 0)
      g_queue_push_head (todo, g_strdup (parts[i]));
}

/* The directory @dirfd (at @shown) is about to be trusted with a step:
 * refuse it, or take its owner's rights, when another user controls it. */
static gboolean
check_dir (int dirfd, const char *shown, gboolean allow_foreign, QvSafeDir *out, GError **error)
{
  struct stat st;

  if (out->as_owner)
    return TRUE; /* the kernel checks everything as that user now */
  if (fstat (dirfd, &st) != 0)
    return sys_error (error, shown, errno);
  if (!qv_safe_dir_is_foreign (geteuid (), st.st_uid, st.st_gid, st.st_mode))
    return TRUE;
  if (!allow_foreign)
    {
      g_set_error (error, QV_SAFE_DIR_ERROR, QV_SAFE_DIR_ERROR_FOREIGN,
                   _("the directory %s can be changed by another user (owner uid %u, mode %04o); "
                     "run as that user, or allow it to act as its owner with "
                     "--allow-foreign-dir; nothing written"),
                   shown, (unsigned) st.st_uid, (unsigned) (st.st_mode & 07777));
      return FALSE;
    }
  return become_owner (out, &st, shown, error);
}

gboolean
qv_safe_dir_open (const char *path, gboolean allow_foreign, QvSafeDir *out, GError **error)
{
  g_autoptr (GString) shown = g_string_new ("/");
  g_autofree char *absolute = NULL;
  GQueue todo = G_QUEUE_INIT;
  int dirfd, links = 0;
  gboolean ok = FALSE;

  *out = (QvSafeDir) { .dirfd = -1 };
  if (g_path_is_absolute (path))
    absolute = g_strdup (path);
  else
    {
      g_autofree char *cwd = g_get_current_dir ();

      absolute = g_build_filename (cwd, path, NULL);
    }
  if (g_str_has_suffix (path, "/"))
    return sys_error (error, path, EISDIR);
  push_components (&todo, absolute);
  dirfd = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return sys_error (error, "/", errno);

  while (!g_queue_is_empty (&todo))
    {
      g_autofree char *name = g_queue_pop_head (&todo);
      gboolean last = g_queue_is_empty (&todo);
      struct stat st;
      int next;

      if (!check_dir (dirfd, shown->str, allow_foreign, out, error))
        goto out;
      if (strcmp (name, "..") == 0)
        {
          next = openat (dirfd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
          if (next < 0)
            {
              sys_error (error, shown->str, errno);
              goto out;
            }
          close (dirfd);
          dirfd = next;
          shown_pop (shown);
          continue;
        }
      if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          shown_push (shown, name);
          sys_error (error, shown->str, errno);
          goto out;
        }
      if (S_ISLNK (st.st_mode))
        {
          char target[PATH_MAX];
          struct stat dir_st;
          ssize_t n;

          if (++links > MAX_LINKS || fstat (dirfd, &dir_st) != 0)
            {
              shown_push (shown, name);
              sys_error (error, shown->str, links > MAX_LINKS ? ELOOP : errno);
              goto out;
            }
          if (!out->as_owner &&
              !qv_safe_dir_link_trusted (geteuid (), st.st_uid, dir_st.st_uid, dir_st.st_mode))
            {
              shown_push (shown, name);
              g_set_error (error, QV_SAFE_DIR_ERROR, QV_SAFE_DIR_ERROR_UNTRUSTED_LINK,
                           _("%s: a symbolic link of another user (uid %u) in a shared "
                             "directory; not followed, nothing written"),
                           shown->str, (unsigned) st.st_uid);
              goto out;
            }
          n = readlinkat (dirfd, name, target, sizeof target - 1);
          if (n < 0)
            {
              shown_push (shown, name);
              sys_error (error, shown->str, errno);
              goto out;
            }
          target[n] = '\0';
          push_components (&todo, target);
          if (target[0] == '/')
            {
              next = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
              if (next < 0)
                {
                  sys_error (error, "/", errno);
                  goto out;
                }
              close (dirfd);
              dirfd = next;
              g_string_assign (shown, "/");
            }
          continue;
        }
      if (last)
        {
          out->dirfd = dirfd;
          dirfd = -1;
          out->name = g_steal_pointer (&name);
          shown_push (shown, out->name);
          out->shown = g_strdup (shown->str);
          ok = TRUE;
          goto out;
        }
      /* A directory, opened as the one just seen: no link slips in. */
      next = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      shown_push (shown, name);
      if (next < 0)
        {
          sys_error (error, shown->str, errno);
          goto out;
        }
      close (dirfd);
      dirfd = next;
    }
  /* The path named "/" itself. */
  sys_error (error, path, EISDIR);

out:
  g_queue_clear_full (&todo, g_free);
  if (dirfd >= 0)
    close (dirfd);
  if (!ok)
    qv_safe_dir_clear (out);
  return ok;
}
