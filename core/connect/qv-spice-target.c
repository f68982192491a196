/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a SPICE server listens: read from a domain's XML (listen
 * addresses, ports, socket, secure channels), checked for an ssh relay,
 * and written as a URI or a name; what a SPICE URI is. */
#include "qv-spice-target.h"

#include "qv-address.h"
#include "qv-i18n.h"
#include "qv-ssh-tunnel.h"
#include "qv-text.h"

#include "qv-secret.h"
#include "qv-virt-uri.h"

#include <string.h>

#include "qv-xml.h"

G_DEFINE_QUARK (qv-spice-target-error-quark, qv_spice_target_error)

void
qv_spice_target_free (QvSpiceTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->host);
  g_free (target->unix_path);
  qv_secret_free (target->password);
  g_strfreev (target->secure_channels);
  g_free (target);
}

/* libvirt's channel names, which are also spice-gtk's. */
static const char *const channel_names[] = {
  "main", "display", "inputs", "cursor", "playback", "record", "smartcard", "usbredir", NULL,
};

GStrv
qv_spice_secure_channels (const char *default_mode, const char *const *secure,
                          const char *const *insecure)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  guint n = 0;

  if (g_strcmp0 (default_mode, "secure") == 0)
    {
      /* Every channel but those let through in plaintext. */
      if (insecure == NULL || insecure[0] == NULL)
        {
          g_strv_builder_add (names, "all");
          return g_strv_builder_end (names);
        }
      for (guint i = 0; channel_names[i] != NULL; i++)
        if (!g_strv_contains (insecure, channel_names[i]))
          {
            g_strv_builder_add (names, channel_names[i]);
            n++;
          }
    }
  else
    for (guint i = 0; secure != NULL && secure[i] != NULL; i++)
      if (g_strv_contains (channel_names, secure[i]))
        {
          g_strv_builder_add (names, secure[i]);
          n++;
        }
  return n > 0 ? g_strv_builder_end (names) : NULL;
}

gboolean
qv_spice_secure_channels_cover_all (const char *const *secure_channels)
{
  if (secure_channels == NULL)
    return FALSE;
  if (g_strv_contains (secure_channels, "all"))
    return TRUE;
  for (guint i = 0; channel_names[i] != NULL; i++)
    if (!g_strv_contains (secure_channels, channel_names[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_element (xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, (const xmlChar *) name);
}

static xmlNode *
find_spice_graphics (xmlNode *domain)
{
  xmlNode *devices = qv_xml_child (domain, "devices");
  g_autoptr (GPtrArray) all = NULL;

  if (devices == NULL)
    return NULL;
  all = qv_xml_children (devices, "graphics");
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *type = qv_xml_get_attr (all->pdata[i], "type");

      if (g_strcmp0 (type, "spice") == 0)
        return all->pdata[i];
    }
  return NULL;
}

/* A port attribute: -1 when absent, "-1" (autoport, not yet assigned) or
 * not a valid TCP port. */
static int
parse_port (xmlNode *node, const char *name)
{
  guint64 port = qv_xml_get_attr_uint (node, name, 1, 65535, 0);

  return port > 0 ? (int) port : -1;
}

static gboolean
is_wildcard (const char *address)
{
  return g_strcmp0 (address, "0.0.0.0") == 0 || g_strcmp0 (address, "::") == 0 ||
         g_strcmp0 (address, "[::]") == 0;
}

/* defaultMode and the <channel name= mode=> children: which channels
 * QEMU serves on the TLS port only. */
static void
read_channel_modes (xmlNode *graphics, QvSpiceTarget *target)
{
  g_autofree char *default_mode = qv_xml_get_attr (graphics, "defaultMode");
  g_autoptr (GStrvBuilder) secure = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) insecure = g_strv_builder_new ();
  g_auto (GStrv) secure_names = NULL;
  g_auto (GStrv) insecure_names = NULL;

  for (xmlNode *child = graphics->children; child != NULL; child = child->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *mode = NULL;

      if (!is_element (child, "channel"))
        continue;
      name = qv_xml_get_attr (child, "name");
      mode = qv_xml_get_attr (child, "mode");
      if (name == NULL || mode == NULL)
        continue;
      if (strcmp (mode, "secure") == 0)
        g_strv_builder_add (secure, name);
      else if (strcmp (mode, "insecure") == 0)
        g_strv_builder_add (insecure, name);
    }
  secure_names = g_strv_builder_end (secure);
  insecure_names = g_strv_builder_end (insecure);
  target->secure_channels =
    qv_spice_secure_channels (default_mode, (const char *const *) secure_names,
                              (const char *const *) insecure_names);
}

QvSpiceTarget *
qv_spice_target_from_domain_xml (const char *xml, const char *libvirt_uri, GError **error)
{
  g_autoptr (QvXmlDoc) doc = NULL;
  g_autoptr (QvSpiceTarget) target = g_new0 (QvSpiceTarget, 1);
  g_autofree char *remote = qv_virt_uri_remote_host (libvirt_uri);
  g_autofree char *listen_type = NULL;
  g_autofree char *address = NULL;
  g_autoptr (GError) local_error = NULL;
  xmlNode *root, *graphics;

  g_return_val_if_fail (xml != NULL, NULL);

  /* The hardened parser: no network, no DTD, so no entity expansion. */
  doc = qv_xml_doc_parse (xml, strlen (xml), &local_error);
  if (doc == NULL)
    {
      g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_PARSE,
                   _("domain XML: %s"), local_error->message);
      return NULL;
    }
  root = qv_xml_doc_root (doc);
  if (root == NULL || !is_element (root, "domain"))
    {
      g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_PARSE,
                   _("domain XML has no <domain> root element"));
      return NULL;
    }

  graphics = find_spice_graphics (root);
  if (graphics == NULL)
    {
      g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_NO_SPICE,
                   _("the domain has no SPICE graphics device"));
      return NULL;
    }

  target->port = parse_port (graphics, "port");
  target->tls_port = parse_port (graphics, "tlsPort");
  target->password = qv_xml_get_attr (graphics, "passwd");
  read_channel_modes (graphics, target);

  /* The first <listen> child is authoritative; the listen attribute only
   * mirrors it and is all older XML has. */
  for (xmlNode *child = graphics->children; child != NULL; child = child->next)
    {
      if (!is_element (child, "listen"))
        continue;
      listen_type = qv_xml_get_attr (child, "type");
      if (g_strcmp0 (listen_type, "socket") == 0)
        target->unix_path = qv_xml_get_attr (child, "socket");
      else
        address = qv_xml_get_attr (child, "address");
      break;
    }
  if (listen_type == NULL)
    address = qv_xml_get_attr (graphics, "listen");

  if (g_strcmp0 (listen_type, "none") == 0)
    {
      g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_UNREACHABLE,
                   _("the domain's SPICE server does not listen (listen type 'none')"));
      return NULL;
    }

  if (target->unix_path != NULL)
    {
      if (remote != NULL)
        {
          g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_UNREACHABLE,
                       _("the domain's SPICE server listens on a unix socket on %s, "
                       "which cannot be reached from here"), remote);
          return NULL;
        }
      target->port = target->tls_port = -1;
      return g_steal_pointer (&target);
    }

  if (target->port < 0 && target->tls_port < 0)
    {
      g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_NO_PORT,
                   _("the domain's SPICE port is not assigned yet (is the domain running?)"));
      return NULL;
    }

  /* libvirt's default spice_listen is 127.0.0.1. */
  if (address == NULL || *address == '\0')
    {
      g_free (address);
      address = g_strdup ("127.0.0.1");
    }

  if (is_wildcard (address))
    {
      if (remote != NULL)
        target->host = g_steal_pointer (&remote);
      else
        target->host = g_strdup (strchr (address, ':') != NULL ? "::1" : "127.0.0.1");
    }
  else if (remote != NULL && qv_address_is_loopback (address))
    {
      g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_UNREACHABLE,
                   _("the domain's SPICE server listens on %s of %s only, "
                   "which cannot be reached from here"), address, remote);
      return NULL;
    }
  else
    {
      target->host = g_steal_pointer (&address);
    }

  return g_steal_pointer (&target);
}

gboolean
qv_spice_target_check_relay (const QvSpiceTarget *target, const char *domain, const char *host,
                             GError **error)
{
  const char *problem = qv_ssh_target_problem (target->host, target->unix_path);

  /* The XML's strings go to ssh, or to socat or nc on the host. */
  if (problem != NULL)
    {
      g_autofree char *shown =
        qv_text_one_line (target->unix_path != NULL ? target->unix_path : target->host, 80);

      g_autofree char *name = qv_text_one_line (domain, 80);

      if (target->unix_path != NULL)
        g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_UNREACHABLE,
                     _("domain %s: refusing its SPICE socket '%s' on %s: %s"), name, shown, host,
                     problem);
      else
        g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_UNREACHABLE,
                     _("domain %s: refusing its SPICE listen address '%s' on %s: %s"), name,
                     shown, host, problem);
      return FALSE;
    }
  if (target->unix_path != NULL || target->port >= 0)
    return TRUE;
  g_set_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_UNREACHABLE,
               _("domain %s: its SPICE server on %s has a TLS port only, which quadview does not "
                 "carry over ssh (connect with --direct)"),
               domain, host);
  return FALSE;
}

char *
qv_spice_target_to_uri (const QvSpiceTarget *target)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (target != NULL, NULL);

  if (target->unix_path != NULL)
    return g_uri_join (G_URI_FLAGS_NONE, "spice+unix", NULL, "", -1, target->unix_path, NULL, NULL);

  if (target->port < 0)
    return g_uri_join (G_URI_FLAGS_NONE, "spice+tls", NULL, target->host, target->tls_port, "",
                       NULL, NULL);

  if (target->tls_port >= 0)
    query = g_strdup_printf ("tls-port=%d", target->tls_port);
  return g_uri_join (G_URI_FLAGS_NONE, "spice", NULL, target->host, target->port, "", query, NULL);
}

gboolean
qv_spice_target_is_uri (const char *text)
{
  const char *scheme = text != NULL ? g_uri_peek_scheme (text) : NULL;

  return g_strcmp0 (scheme, "spice") == 0 || g_strcmp0 (scheme, "spice+tls") == 0 ||
         g_strcmp0 (scheme, "spice+unix") == 0;
}

gboolean
qv_spice_target_uri_has_password (const char *uri)
{
  g_autoptr (GUri) parsed = NULL;
  g_auto (GStrv) fields = NULL;

  g_return_val_if_fail (uri != NULL, FALSE);

  /* Unparsable: spice-gtk refuses it later with its own message. */
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL || g_uri_get_query (parsed) == NULL)
    return FALSE;
  /* By hand rather than g_uri_parse_params: that fails on one field
   * without "=", and a password next to it would then go unseen. */
  fields = g_strsplit_set (g_uri_get_query (parsed), "&;", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *key = g_strndup (fields[i], strcspn (fields[i], "="));
      g_autofree char *name = g_uri_unescape_string (key, NULL);

      if (name != NULL && g_ascii_strcasecmp (name, "password") == 0)
        return TRUE;
    }
  return FALSE;
}

char *
qv_spice_target_describe (const QvSpiceTarget *target)
{
  g_return_val_if_fail (target != NULL, NULL);

  if (target->unix_path != NULL)
    return g_strdup (target->unix_path);
  return qv_spice_address_describe (target->host,
                                    target->port >= 0 ? target->port : target->tls_port);
}

char *
qv_spice_address_describe (const char *host, int port)
{
  g_return_val_if_fail (host != NULL, NULL);

  if (port < 0)
    return g_strdup (host);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);
  return g_strdup_printf ("%s:%d", host, port);
}
