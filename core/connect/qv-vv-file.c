/* SPDX-License-Identifier: GPL-2.0-or-later */
/* remote-viewer's connection files (.vv): reading and checking them,
 * without GTK or spice-gtk, so that the rules are unit-tested and fuzzed. */
#include "qv-vv-file.h"

#include "qv-hotkeys.h"
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
  g_free (vv->username);
  qv_secret_free (vv->password);
  g_free (vv->host_subject);
  g_free (vv->ca);
  g_free (vv->tls_ciphers);
  g_free (vv->title);
  g_strfreev (vv->secure_channels);
  g_free (vv->proxy);
  g_free (vv->vm_guid);
  g_strfreev (vv->disable_effects);
  g_free (vv->usb_filter);
  g_strfreev (vv->hotkeys);
  g_strfreev (vv->unused_keys);
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

/* The [virt-viewer] keys quadview acts on; every other key present is
 * listed in unused_keys. The hotkeys are kept (qv_hotkeys_is_name). */
static const char *const used_keys[] = {
  "type", "host", "port", "tls-port", "unix-path", "username", "password", "host-subject",
  "ca", "tls-ciphers", "title", "secure-channels", "proxy", "disable-effects",
  "enable-usbredir", "enable-smartcard", "enable-usb-autoshare", "usb-filter",
  "delete-this-file",
};

static gboolean
in_list (const char *const *list, gsize n, const char *key)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], key) == 0)
      return TRUE;
  return FALSE;
}

/* An "int (0 or 1)" key: -1 when absent or not a number. */
static int
read_flag (GKeyFile *keys, const char *key)
{
  g_autoptr (GError) error = NULL;
  int value = g_key_file_get_integer (keys, GROUP, key, &error);

  return error != NULL ? -1 : value != 0;
}

static char **
read_list (GKeyFile *keys, const char *key)
{
  char **list = g_key_file_get_string_list (keys, GROUP, key, NULL, NULL);

  if (list != NULL && list[0] == NULL)
    g_clear_pointer (&list, g_strfreev);
  return list;
}

/* spice-gtk takes an HTTP CONNECT proxy (http://, or https:// to the
 * proxy): anything else is refused rather than tried. The value may hold
 * a proxy password, so it is never repeated. */
static gboolean
proxy_ok (const char *proxy)
{
  g_autoptr (GUri) uri = g_uri_parse (proxy, G_URI_FLAGS_NON_DNS, NULL);
  const char *path;

  if (uri == NULL)
    return FALSE;
  path = g_uri_get_path (uri);
  return (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 ||
          g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0) &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         (*path == '\0' || strcmp (path, "/") == 0) && g_uri_get_query (uri) == NULL &&
         g_uri_get_fragment (uri) == NULL;
}

static void
read_hotkeys_and_unused (GKeyFile *keys, QvVvFile *vv)
{
  g_auto (GStrv) names = g_key_file_get_keys (keys, GROUP, NULL, NULL);
  g_autoptr (GPtrArray) hotkeys = g_ptr_array_new ();
  g_autoptr (GPtrArray) unused = g_ptr_array_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (qv_hotkeys_is_name (name))
        {
          g_autofree char *value = g_key_file_get_string (keys, GROUP, name, NULL);

          if (value != NULL && *g_strstrip (value) != '\0')
            g_ptr_array_add (hotkeys, g_strdup_printf ("%s=%s", name, value));
        }
      else if (!in_list (used_keys, G_N_ELEMENTS (used_keys), name))
        g_ptr_array_add (unused, g_strdup (name));
    }
  if (hotkeys->len > 0)
    {
      g_ptr_array_add (hotkeys, NULL);
      vv->hotkeys = (char **) g_ptr_array_steal (hotkeys, NULL);
    }
  if (unused->len > 0)
    {
      g_ptr_array_add (unused, NULL);
      vv->unused_keys = (char **) g_ptr_array_steal (unused, NULL);
    }
}

QvVvFile *
qv_vv_file_parse (const char *data, gsize length, const char *shown, GError **error)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  g_autoptr (QvVvFile) vv = g_new0 (QvVvFile, 1);
  g_autofree char *type = NULL;
  g_autofree char *unix_path = NULL;

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
  /* unix-path= as remote-viewer writes it, or a path in host=. */
  unix_path = g_key_file_get_string (keys, GROUP, "unix-path", NULL);
  if (unix_path != NULL && *unix_path != '\0')
    {
      if (unix_path[0] != '/')
        {
          invalid (error, shown, _("unix-path= is not an absolute path"));
          return NULL;
        }
      vv->host = g_steal_pointer (&unix_path);
    }
  else
    vv->host = g_key_file_get_string (keys, GROUP, "host", NULL);
  if (vv->host == NULL || *vv->host == '\0')
    {
      invalid (error, shown, _("no host= in [virt-viewer]"));
      return NULL;
    }
  if (!read_port (keys, "port", shown, &vv->port, error) ||
      !read_port (keys, "tls-port", shown, &vv->tls_port, error))
    return NULL;
  vv->proxy = g_key_file_get_string (keys, GROUP, "proxy", NULL);
  if (vv->proxy != NULL && *g_strstrip (vv->proxy) == '\0')
    g_clear_pointer (&vv->proxy, g_free);
  if (vv->proxy != NULL && !proxy_ok (vv->proxy))
    {
      invalid (error, shown, _("proxy= is not an HTTP proxy (http://HOST:PORT)"));
      return NULL;
    }
  vv->username = g_key_file_get_string (keys, GROUP, "username", NULL);
  vv->password = g_key_file_get_string (keys, GROUP, "password", NULL);
  vv->host_subject = g_key_file_get_string (keys, GROUP, "host-subject", NULL);
  /* The CA is inline PEM with "\n" escapes, which GKeyFile undoes. */
  vv->ca = g_key_file_get_string (keys, GROUP, "ca", NULL);
  vv->tls_ciphers = g_key_file_get_string (keys, GROUP, "tls-ciphers", NULL);
  vv->title = g_key_file_get_string (keys, GROUP, "title", NULL);
  /* "main;inputs;…", as spice-gtk takes it. */
  vv->secure_channels = read_list (keys, "secure-channels");
  vv->disable_effects = read_list (keys, "disable-effects");
  vv->enable_usbredir = read_flag (keys, "enable-usbredir");
  vv->enable_smartcard = read_flag (keys, "enable-smartcard");
  vv->enable_usb_autoshare = read_flag (keys, "enable-usb-autoshare");
  vv->usb_filter = g_key_file_get_string (keys, GROUP, "usb-filter", NULL);
  vv->vm_guid = g_key_file_get_string (keys, "ovirt", "vm-guid", NULL);
  vv->delete_this_file = g_key_file_get_integer (keys, GROUP, "delete-this-file", NULL) == 1;
  read_hotkeys_and_unused (keys, vv);
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

const char *
qv_vv_file_get_vm_key (const QvVvFile *vv)
{
  g_return_val_if_fail (vv != NULL, NULL);

  if (vv->vm_guid != NULL && *vv->vm_guid != '\0')
    return vv->vm_guid;
  if (vv->title != NULL && *vv->title != '\0')
    return vv->title;
  return NULL;
}

const char *
qv_vv_file_get_hotkey (const QvVvFile *vv, const char *name)
{
  gsize n = strlen (name);

  for (guint i = 0; vv->hotkeys != NULL && vv->hotkeys[i] != NULL; i++)
    if (strncmp (vv->hotkeys[i], name, n) == 0 && vv->hotkeys[i][n] == '=')
      return vv->hotkeys[i] + n + 1;
  return NULL;
}
