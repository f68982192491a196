/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading domain XML files, and replacing one atomically in a directory
 * found once (qv-safe-dir.h), its owner and mode set by descriptor. */
#include "qv-xml-file.h"

#include "qv-i18n.h"
#include "qv-text.h"
#include "qv-safe-dir.h"
#include "qv-xml.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (qv-xml-file-error-quark, qv_xml_file_error)

/* Only right after the failed system call, while errno is its. */
static gboolean
io_error (GError **error, const char *path, const char *what, int err)
{
  return qv_text_set_errno_error (error, err, "%s: %s", path, what);
}

static gboolean
too_large (GError **error, const char *path)
{
  g_set_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_TOO_LARGE,
               _("%s: larger than %d MiB; not a domain XML"), path, QV_XML_MAX_SIZE / (1024 * 1024));
  return FALSE;
}

/* Reads @fd to the end, at most QV_XML_MAX_SIZE bytes. */
static gboolean
read_fd (int fd, const char *path, char **text, gsize *len, GError **error)
{
  g_autoptr (GString) buf = g_string_new ("");
  char chunk[65536];

  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return io_error (error, path, _("cannot read"), errno);
      if (n == 0)
        break;
      g_string_append_len (buf, chunk, n);
      if (buf->len > QV_XML_MAX_SIZE)
        return too_large (error, path);
    }
  *len = buf->len;
  *text = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

/* One descriptor from open to the last read: the file checked is the file
 * read.  O_NONBLOCK so that a FIFO is refused instead of waited on. */
static gboolean
read_path (const char *path, const char *shown, char **text, gsize *len, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  struct stat st;
  gboolean ok;

  if (fd < 0)
    return io_error (error, shown, _("cannot read"), errno);
  if (fstat (fd, &st) != 0)
    {
      int err = errno;

      g_close (fd, NULL);
      return io_error (error, shown, _("cannot read"), err);
    }
  if (!S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_NOT_REGULAR,
                   _("%s: not a regular file"), shown);
      return FALSE;
    }
  if (st.st_size > QV_XML_MAX_SIZE)
    {
      g_close (fd, NULL);
      return too_large (error, shown);
    }
  ok = read_fd (fd, shown, text, len, error);
  g_close (fd, NULL);
  return ok;
}

gboolean
qv_xml_file_read (const char *path, char **text, gsize *len, GError **error)
{
  if (g_strcmp0 (path, "-") == 0)
    return read_fd (STDIN_FILENO, "(stdin)", text, len, error);
  return read_path (path, path, text, len, error);
}

/* A new file NAME.XXXXXX in @dir, opened for writing: never a name that
 * exists, so never anything someone put there. */
static int
create_temp (const QvSafeDir *dir, const char *name, char **temp_name)
{
  for (int tries = 0; tries < 100; tries++)
    {
      static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      char suffix[7];
      g_autofree char *candidate = NULL;
      int fd;

      for (int i = 0; i < 6; i++)
        suffix[i] = chars[g_random_int_range (0, (gint32) sizeof chars - 1)];
      suffix[6] = '\0';
      candidate = g_strconcat (name, ".", suffix, NULL);
      fd = openat (dir->dirfd, candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd >= 0)
        {
          *temp_name = g_steal_pointer (&candidate);
          return fd;
        }
      if (errno != EEXIST)
        return -1;
    }
  errno = EEXIST;
  return -1;
}

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Writes @data to a temporary file in @dir with @st's owner and mode (as
 * far as the rights we have allow), durably, then renames it to @name,
 * over whatever is there (a link there is replaced, never followed).
 * Owner and mode are set on the descriptor, never by path. On failure
 * nothing is left behind. */
static gboolean
write_replacing (const QvSafeDir *dir, const char *name, const char *data, gsize len,
                 const struct stat *st)
{
  g_autofree char *temp = NULL;
  int fd = create_temp (dir, name, &temp);
  int err;

  if (fd < 0)
    return FALSE;
  /* Only root can give a file away. Acting as a directory's owner, it
   * cannot give it to anyone else: the kernel refuses, and so do we. */
  if (!write_all (fd, data, len) || fchmod (fd, st->st_mode & 0777) != 0 ||
      (geteuid () == 0 && fchown (fd, st->st_uid, st->st_gid) != 0) || fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;
  if (renameat (dir->dirfd, temp, dir->dirfd, name) != 0)
    goto fail;
  return TRUE;

fail:
  err = errno;
  if (fd >= 0)
    close (fd);
  unlinkat (dir->dirfd, temp, 0);
  errno = err;
  return FALSE;
}

/* An earlier run's backup, to keep: a regular file of the same owner. */
static gboolean
backup_exists (const QvSafeDir *dir, const char *backup, const struct stat *st)
{
  struct stat bst;

  return fstatat (dir->dirfd, backup, &bst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (bst.st_mode) &&
         bst.st_uid == st->st_uid;
}

struct _QvXmlFileEdit {
  QvSafeDir dir;
  QvXmlFileReplaceFlags flags;
  char *path;   /* as given, for messages */
  char *text;   /* the file as opened */
  gsize len;
  struct stat st;
};

void
qv_xml_file_edit_free (QvXmlFileEdit *edit)
{
  qv_safe_dir_clear (&edit->dir);
  g_free (edit->path);
  g_free (edit->text);
  g_free (edit);
}

/* The file @edit names, opened for writing as whoever we act as (the
 * kernel's "may I write it"), read whole, with its status. O_NONBLOCK: a
 * FIFO is refused, not waited on; O_NOFOLLOW: the name in the directory
 * found, nothing it points to. */
static gboolean
read_named (QvXmlFileEdit *edit, char **text, gsize *len, struct stat *st, GError **error)
{
  int fd = openat (edit->dir.dirfd, edit->dir.name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  gboolean ok = FALSE;

  if (fd < 0)
    return io_error (error, edit->path, _("cannot write"), errno);
  if (fstat (fd, st) != 0)
    io_error (error, edit->path, _("cannot write"), errno);
  else if (!S_ISREG (st->st_mode))
    g_set_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_NOT_REGULAR,
                 _("%s: not a regular file"), edit->path);
  else if (st->st_size > QV_XML_MAX_SIZE)
    too_large (error, edit->path);
  else
    ok = read_fd (fd, edit->path, text, len, error);
  close (fd);
  return ok;
}

QvXmlFileEdit *
qv_xml_file_edit_open (const char *path, QvXmlFileReplaceFlags flags, GError **error)
{
  g_autoptr (QvXmlFileEdit) edit = g_new0 (QvXmlFileEdit, 1);

  edit->dir.dirfd = -1;
  edit->flags = flags;
  edit->path = g_strdup (path);
  if (!qv_safe_dir_open (path, (flags & QV_XML_FILE_REPLACE_ALLOW_FOREIGN_DIR) != 0, &edit->dir,
                         error) ||
      !read_named (edit, &edit->text, &edit->len, &edit->st, error))
    return NULL;
  /* root may write anything; a file nobody may write is still a "no". */
  if ((edit->st.st_mode & 0222) == 0)
    {
      g_set_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_READ_ONLY,
                   _("%s: read-only (mode %04o); nothing written"), path,
                   (unsigned) (edit->st.st_mode & 07777));
      return NULL;
    }
  return g_steal_pointer (&edit);
}

const char *
qv_xml_file_edit_get_text (QvXmlFileEdit *edit, gsize *len)
{
  *len = edit->len;
  return edit->text;
}

gboolean
qv_xml_file_edit_commit (QvXmlFileEdit *edit, const char *text, gsize len,
                         QvXmlFileReplaced *done, GError **error)
{
  g_autofree char *backup = NULL;
  g_autofree char *now = NULL;
  gsize now_len = 0;
  struct stat st;
  gboolean kept = FALSE;

  /* Someone else (virsh edit, another qxl-tune) may have saved meanwhile,
   * by renaming a new file over the name: writing now would silently
   * drop their change. The name again, in the same directory. */
  if (!read_named (edit, &now, &now_len, &st, error))
    return FALSE;
  if (now_len != edit->len || memcmp (now, edit->text, edit->len) != 0)
    {
      g_set_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_CHANGED,
                   _("%s: changed while qxl-tune was editing it; nothing written"), edit->path);
      return FALSE;
    }

  /* The backup may hold secrets (graphics passwords): same mode. The
   * first one holds the true original: kept unless asked otherwise. */
  backup = g_strconcat (edit->dir.name, QV_XML_FILE_BACKUP_SUFFIX, NULL);
  if (!(edit->flags & QV_XML_FILE_REPLACE_OVERWRITE_BACKUP) && backup_exists (&edit->dir, backup, &st))
    kept = TRUE;
  else if (!write_replacing (&edit->dir, backup, edit->text, edit->len, &st))
    return io_error (error, edit->path, _("cannot write the backup"), errno);
  if (!write_replacing (&edit->dir, edit->dir.name, text, len, &st))
    {
      return io_error (error, edit->path, _("cannot write (the file is unchanged)"), errno);
    }
  if (fsync (edit->dir.dirfd) != 0)
    return io_error (error, edit->path, _("written, but not yet safely on disk"), errno);
  if (done != NULL)
    {
      done->backup_path = g_strconcat (edit->dir.shown, QV_XML_FILE_BACKUP_SUFFIX, NULL);
      done->backup_kept = kept;
      done->as_owner = edit->dir.as_owner;
      done->owner_uid = edit->dir.owner_uid;
    }
  return TRUE;
}

gboolean
qv_xml_file_replace (const char *path,
                     const char *orig,
                     gsize orig_len,
                     const char *text,
                     gsize len,
                     QvXmlFileReplaceFlags flags,
                     QvXmlFileReplaced *done,
                     GError **error)
{
  g_autoptr (QvXmlFileEdit) edit = qv_xml_file_edit_open (path, flags, error);

  if (edit == NULL)
    return FALSE;
  if (edit->len != orig_len || memcmp (edit->text, orig, orig_len) != 0)
    {
      g_set_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_CHANGED,
                   _("%s: changed while qxl-tune was editing it; nothing written"), path);
      return FALSE;
    }
  return qv_xml_file_edit_commit (edit, text, len, done, error);
}

void
qv_xml_file_replaced_clear (QvXmlFileReplaced *done)
{
  g_clear_pointer (&done->backup_path, g_free);
}
