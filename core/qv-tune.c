/* Applying a tune request to a file or a libvirt domain. */
#include "qv-tune.h"

#include "qv-xml.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (qv-tune-error-quark, qv_tune_error)

static gboolean
io_error (GError **error, const char *path, const char *what, int err)
{
  g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO, "%s: %s: %s", path, what, g_strerror (err));
  return FALSE;
}

static gboolean
too_large (GError **error, const char *path)
{
  g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO,
               "%s: larger than %d MiB; not a domain XML", path, QV_XML_MAX_SIZE / (1024 * 1024));
  return FALSE;
}

gboolean
qv_tune_read_input (const char *path, char **text, gsize *len, GError **error)
{
  g_autoptr (GString) buf = NULL;
  GStatBuf st;
  char chunk[65536];
  size_t n;

  if (g_strcmp0 (path, "-") != 0)
    {
      if (g_stat (path, &st) != 0)
        return io_error (error, path, "cannot read", errno);
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO, "%s: not a regular file", path);
          return FALSE;
        }
      if (st.st_size > QV_XML_MAX_SIZE)
        return too_large (error, path);
      if (!g_file_get_contents (path, text, len, NULL))
        return io_error (error, path, "cannot read", errno);
      if (*len > QV_XML_MAX_SIZE)
        {
          g_clear_pointer (text, g_free);
          return too_large (error, path);
        }
      return TRUE;
    }

  buf = g_string_new ("");
  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    {
      g_string_append_len (buf, chunk, (gssize) n);
      if (buf->len > QV_XML_MAX_SIZE)
        return too_large (error, "(stdin)");
    }
  if (ferror (stdin))
    return io_error (error, "(stdin)", "cannot read", errno);
  *len = buf->len;
  *text = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

gboolean
qv_tune_write_in_place (const char *path,
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
    return io_error (error, path, "cannot write", errno);
  if (access (real, W_OK) != 0)
    return io_error (error, path, "cannot write", errno);
  /* root may write anything; a file nobody may write is still a "no". */
  if ((st.st_mode & 0222) == 0)
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO,
                   "%s: read-only (mode %04o); nothing written", path, (unsigned) (st.st_mode & 07777));
      return FALSE;
    }

  /* Someone else (virsh edit, another qxl-tune) may have saved meanwhile:
   * writing now would silently drop their change. */
  if (!g_file_get_contents (real, &now, &now_len, &local))
    return io_error (error, path, "cannot read", errno);
  if (now_len != orig_len || memcmp (now, orig, orig_len) != 0)
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_CHANGED,
                   "%s: changed while qxl-tune was editing it; nothing written", path);
      return FALSE;
    }

  backup = g_strconcat (real, QV_TUNE_BACKUP_SUFFIX, NULL);
  /* The backup may hold secrets (graphics passwords): same mode. */
  if (!g_file_set_contents_full (backup, orig, (gssize) orig_len, flags, (int) (st.st_mode & 07777), &local))
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO, "%s: cannot write the backup: %s", path, local->message);
      return FALSE;
    }
  if (!g_file_set_contents_full (real, text, (gssize) len, flags, (int) (st.st_mode & 07777), &local))
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO, "%s: %s (the file is unchanged)", path, local->message);
      return FALSE;
    }
  /* The new file belongs to whoever wrote it; give it back. Only root can,
   * and only root ever needs to. */
  if (geteuid () == 0)
    {
      if (chown (backup, st.st_uid, st.st_gid) != 0 || chown (real, st.st_uid, st.st_gid) != 0)
        return io_error (error, path, "written, but cannot restore its owner", errno);
    }
  if (backup_path)
    *backup_path = g_steal_pointer (&backup);
  return TRUE;
}
