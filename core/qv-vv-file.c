/* SPDX-License-Identifier: GPL-2.0-or-later */
/* remote-viewer's connection files (.vv): reading and checking them,
 * without GTK or spice-gtk, so that the rules are unit-tested and fuzzed. */
#include "qv-vv-file.h"

#include "qv-i18n.h"
#include "qv-text.h"
#include "qv-secret.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GROUP "virt-viewer"

void
qv_vv_file_free (QvVvFile *vv)
{
  if (vv == NULL)
    return;
  g_free (vv->host);
  qv_secret_free (vv->password);
  g_free (vv->host_subject);
  g_free (vv->ca);
  g_free (vv->tls_ciphers);
  g_free (vv->title);
  g_strfreev (vv->secure_channels);
  g_free (vv);
}

static gboolean
invalid (GError **error, const char *shown, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", shown, what);
  return FALSE;
}

/* A port as remote-viewer writes it: 1–65535, or -1 (or nothing) for none. */
static gboolean
read_port (GKeyFile *keys, const char *key, const char *shown, int *out, GError **error)
{
  g_autofree char *text = g_key_file_get_string (keys, GROUP, key, NULL);
  guint64 value;

  *out = -1;
  if (text == NULL || strcmp (g_strstrip (text), "-1") == 0 || *text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    {
      g_autofree char *what = g_strdup_printf (_("%s= is not a port (1 to 65535)"), key);

      return invalid (error, shown, what);
    }
  *out = (int) value;
  return TRUE;
}

QvVvFile *
qv_vv_file_parse (const char *data, gsize length, const char *shown, GError **error)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  g_autoptr (QvVvFile) vv = g_new0 (QvVvFile, 1);
  g_autofree char *type = NULL;

  if (length > QV_VV_FILE_MAX_SIZE)
    {
      invalid (error, shown, _("larger than a connection file can be"));
      return NULL;
    }
  if (!g_key_file_load_from_data (keys, data, length, G_KEY_FILE_NONE, &local))
    {
      invalid (error, shown, local->message);
      return NULL;
    }
  type = g_key_file_get_string (keys, GROUP, "type", NULL);
  if (g_strcmp0 (type, "spice") != 0)
    {
      invalid (error, shown, _("no [virt-viewer] group with type=spice"));
      return NULL;
    }
  vv->host = g_key_file_get_string (keys, GROUP, "host", NULL);
  if (vv->host == NULL || *vv->host == '\0')
    {
      invalid (error, shown, _("no host= in [virt-viewer]"));
      return NULL;
    }
  if (!read_port (keys, "port", shown, &vv->port, error) ||
      !read_port (keys, "tls-port", shown, &vv->tls_port, error))
    return NULL;
  vv->password = g_key_file_get_string (keys, GROUP, "password", NULL);
  vv->host_subject = g_key_file_get_string (keys, GROUP, "host-subject", NULL);
  /* The CA is inline PEM with "\n" escapes, which GKeyFile undoes. */
  vv->ca = g_key_file_get_string (keys, GROUP, "ca", NULL);
  vv->tls_ciphers = g_key_file_get_string (keys, GROUP, "tls-ciphers", NULL);
  vv->title = g_key_file_get_string (keys, GROUP, "title", NULL);
  /* "main;inputs;…", as spice-gtk takes it. */
  vv->secure_channels = g_key_file_get_string_list (keys, GROUP, "secure-channels", NULL, NULL);
  if (vv->secure_channels != NULL && vv->secure_channels[0] == NULL)
    g_clear_pointer (&vv->secure_channels, g_strfreev);
  vv->delete_this_file = g_key_file_get_integer (keys, GROUP, "delete-this-file", NULL) == 1;
  return g_steal_pointer (&vv);
}

QvVvFile *
qv_vv_file_load (const char *path, GError **error)
{
  g_autoptr (GString) data = g_string_new (NULL);
  char chunk[16384];
  struct stat st;
  /* One descriptor from the check to the last read; a FIFO refused, not
   * waited on. */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  QvVvFile *vv;

  if (fd < 0)
    {
      qv_text_set_errno_error (error, errno, "%s", path);
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      invalid (error, path, _("not a regular file"));
      return NULL;
    }
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          qv_text_set_errno_error (error, errno, "%s", path);
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      g_string_append_len (data, chunk, n);
      if (data->len > QV_VV_FILE_MAX_SIZE)
        break;
    }
  close (fd);
  vv = qv_vv_file_parse (data->str, data->len, path, error);
  /* It may hold a password. */
  explicit_bzero (data->str, data->len);
  return vv;
}

QvSpiceTarget *
qv_vv_file_get_target (const QvVvFile *vv)
{
  QvSpiceTarget *target;

  g_return_val_if_fail (vv != NULL, NULL);

  target = g_new0 (QvSpiceTarget, 1);
  if (vv->host[0] == '/')
    {
      target->unix_path = g_strdup (vv->host);
      target->port = target->tls_port = -1;
    }
  else
    {
      target->host = g_strdup (vv->host);
      target->port = vv->port;
      target->tls_port = vv->tls_port;
    }
  target->password = g_strdup (vv->password);
  target->secure_channels = g_strdupv (vv->secure_channels);
  return target;
}
