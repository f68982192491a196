/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A libvirt connection URI taken apart once: local or remote, which
 * host, which user, how ssh reaches it. */
#include "qv-virt-uri.h"

#include "qv-address.h"

#include <string.h>

void
qv_virt_uri_free (QvVirtUri *uri)
{
  if (uri == NULL)
    return;
  g_free (uri->driver);
  g_free (uri->transport);
  g_free (uri->user);
  g_free (uri->host);
  g_free (uri->path);
  g_clear_pointer (&uri->params, g_hash_table_unref);
  g_free (uri);
}

static GUri *
parse_raw (const char *uri)
{
  if (uri == NULL || *uri == '\0')
    return NULL;
  return g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
}

/* libvirt splits its query on '&' and ';' and does not read '+' as a
 * space. */
#define PARAM_SEPARATORS "&;"

QvVirtUri *
qv_virt_uri_parse (const char *text)
{
  g_autoptr (GUri) raw = parse_raw (text);
  g_autoptr (QvVirtUri) uri = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autofree char *scheme = NULL;
  const char *plus, *host, *query;

  if (raw == NULL)
    return NULL;
  uri = g_new0 (QvVirtUri, 1);
  scheme = g_ascii_strdown (g_uri_get_scheme (raw), -1);
  plus = strchr (scheme, '+');
  uri->driver = plus != NULL ? g_strndup (scheme, plus - scheme) : g_strdup (scheme);
  uri->transport = plus != NULL ? g_strdup (plus + 1) : NULL;
  if (g_uri_get_user (raw) != NULL)
    uri->user = g_uri_unescape_string (g_uri_get_user (raw), NULL);
  host = g_uri_get_host (raw);
  if (host != NULL && *host != '\0')
    uri->host = g_uri_unescape_string (host, NULL);
  uri->port = g_uri_get_port (raw);
  uri->path = g_uri_unescape_string (g_uri_get_path (raw), NULL);
  query = g_uri_get_query (raw);
  params = query != NULL ? g_uri_parse_params (query, -1, PARAM_SEPARATORS, G_URI_PARAMS_CASE_INSENSITIVE, NULL)
                         : NULL;
  if (query != NULL && params == NULL)
    return NULL;
  uri->params = params != NULL ? g_steal_pointer (&params)
                               : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return g_steal_pointer (&uri);
}

const char *
qv_virt_uri_get_param (const QvVirtUri *uri, const char *name)
{
  return g_hash_table_lookup (uri->params, name);
}

gboolean
qv_virt_uri_is_local (const char *text)
{
  g_autoptr (QvVirtUri) uri = qv_virt_uri_parse (text);

  if (uri == NULL)
    return FALSE;
  if (uri->transport != NULL && strcmp (uri->transport, "unix") != 0)
    return FALSE;
  return uri->host == NULL;
}

char *
qv_virt_uri_remote_host (const char *text)
{
  g_autoptr (QvVirtUri) uri = qv_virt_uri_parse (text);

  if (uri == NULL || uri->host == NULL || qv_address_is_loopback (uri->host))
    return NULL;
  return g_strdup (uri->host);
}

gboolean
qv_virt_uri_is_ssh (const QvVirtUri *uri)
{
  return g_strcmp0 (uri->transport, "ssh") == 0;
}

static gboolean
segment_is (const char *segment, const char *name)
{
  g_autofree char *key = NULL;
  const char *eq = strchr (segment, '=');

  key = g_uri_unescape_segment (segment, eq != NULL ? eq : segment + strlen (segment), NULL);
  return key != NULL && g_ascii_strcasecmp (key, name) == 0;
}

char *
qv_virt_uri_with_param (const char *uri, const char *name, const char *value)
{
  g_autoptr (GString) out = NULL;
  g_autofree char *escaped = g_uri_escape_string (value, "/:@", FALSE);
  g_auto (GStrv) segments = NULL;
  const char *q, *hash;
  gboolean first = TRUE;

  g_return_val_if_fail (uri != NULL, NULL);

  hash = strchr (uri, '#');
  q = strchr (uri, '?');
  if (q != NULL && hash != NULL && hash < q)
    q = NULL;
  out = g_string_new_len (uri, q != NULL ? q - uri : hash != NULL ? hash - uri : (gssize) strlen (uri));
  if (q != NULL)
    {
      g_autofree char *query = g_strndup (q + 1, hash != NULL ? (gsize) (hash - q - 1) : strlen (q + 1));

      segments = g_strsplit_set (query, PARAM_SEPARATORS, -1);
      for (char **s = segments; *s != NULL; s++)
        {
          if (**s == '\0' || segment_is (*s, name))
            continue;
          g_string_append_c (out, first ? '?' : '&');
          g_string_append (out, *s);
          first = FALSE;
        }
    }
  g_string_append_printf (out, "%c%s=%s", first ? '?' : '&', name, escaped);
  if (hash != NULL)
    g_string_append (out, hash);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
