/* Reading and atomically replacing domain XML files. */
#include "qv-xml-file.h"

#include "qv-i18n.h"
#include "qv-xml.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (qv-xml-file-error-quark, qv_xml_file_error)

/* Only right after the failed system call, while errno is its. */
static gboolean
io_error (GError **error, const char *path, const char *what, int err)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s: %s", path, what,
               g_strerror (err));
  return FALSE;
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

gboolean
qv_xml_file_replace (const char *path,
                     const char *orig,
                     gsize orig_len,
                     const char *text,
                     gsize len,
                     char **backup_path,
                     GError **error)
{
  g_autofree char *real = realpath (path, NULL);
  g_autofree char *backup = NULL;
  g_autofree char *now = NULL;
  g_autoptr (GError) local = NULL;
  gsize now_len = 0;
  const GFileSetContentsFlags flags = G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE;
  GStatBuf st;

  if (!real || g_stat (real, &st) != 0)
    return io_error (error, path, _("cannot write"), errno);
  if (access (real, W_OK) != 0)
    return io_error (error, path, _("cannot write"), errno);
  /* root may write anything; a file nobody may write is still a "no". */
  if ((st.st_mode & 0222) == 0)
    {
      g_set_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_READ_ONLY,
                   _("%s: read-only (mode %04o); nothing written"), path,
                   (unsigned) (st.st_mode & 07777));
      return FALSE;
    }

  /* Someone else (virsh edit, another qxl-tune) may have saved meanwhile:
   * writing now would silently drop their change. */
  if (!read_path (real, path, &now, &now_len, error))
    return FALSE;
  if (now_len != orig_len || memcmp (now, orig, orig_len) != 0)
    {
      g_set_error (error, QV_XML_FILE_ERROR, QV_XML_FILE_ERROR_CHANGED,
                   _("%s: changed while qxl-tune was editing it; nothing written"), path);
      return FALSE;
    }

  backup = g_strconcat (real, QV_XML_FILE_BACKUP_SUFFIX, NULL);
  /* The backup may hold secrets (graphics passwords): same mode. */
  if (!g_file_set_contents_full (backup, orig, (gssize) orig_len, flags, (int) (st.st_mode & 07777),
                                 &local))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), _("%s: cannot write the backup: "),
                                  path);
      return FALSE;
    }
  if (!g_file_set_contents_full (real, text, (gssize) len, flags, (int) (st.st_mode & 07777), &local))
    {
      /* GLib's domain and code, with what it means for the user. */
      g_set_error (error, local->domain, local->code, _("%s: %s (the file is unchanged)"), path,
                   local->message);
      return FALSE;
    }
  /* The new file belongs to whoever wrote it; give it back. Only root can,
   * and only root ever needs to. */
  if (geteuid () == 0)
    {
      if (chown (backup, st.st_uid, st.st_gid) != 0 || chown (real, st.st_uid, st.st_gid) != 0)
        return io_error (error, path, _("written, but cannot restore its owner"), errno);
    }
  if (backup_path)
    *backup_path = g_steal_pointer (&backup);
  return TRUE;
}
