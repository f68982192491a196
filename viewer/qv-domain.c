/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The viewer's domain source: the ssh connection here, libvirt itself in
 * the module (qv-domain-virt.h), loaded by the first source. */
#include "qv-domain.h"
#include "qv-domain-virt.h"
#include "qv-i18n.h"

#include "qv-module.h"
#include "qv-virt-uri.h"

struct _QvDomainSource {
  const QvDomainVirtOps *ops;
  QvDomainConn *conn;
  QvSshTunnel *tunnel;
  char *domain;
};

static const QvDomainVirtOps *
load_ops (GError **error)
{
  static const QvDomainVirtOps *ops;

  if (ops == NULL && !qv_module_load_symbol (QV_DOMAIN_VIRT_MODULE, QV_MODULEDIR,
                                             QV_DOMAIN_VIRT_SYMBOL, (gpointer *) &ops, error))
    {
      g_prefix_error (error, _("libvirt support: "));
      return NULL;
    }
  return ops;
}

QvDomainSource *
qv_domain_source_new (const char *uri, const char *domain, gboolean direct,
                      GCancellable *cancellable, GError **error)
{
  g_autoptr (QvVirtUri) parsed = qv_virt_uri_parse (uri);
  g_autoptr (QvSshTunnel) tunnel = NULL;
  const QvDomainVirtOps *ops = load_ops (error);
  QvDomainSource *source;
  QvDomainConn *conn;

  if (ops == NULL)
    return NULL;
  if (!direct && parsed != NULL && qv_virt_uri_is_ssh (parsed))
    {
      tunnel = qv_ssh_tunnel_open (uri, cancellable, error);
      if (tunnel == NULL)
        return NULL;
    }
  conn = ops->open (tunnel != NULL ? qv_ssh_tunnel_get_libvirt_uri (tunnel) : uri, uri, domain,
                    error);
  if (conn == NULL)
    return NULL;
  source = g_new0 (QvDomainSource, 1);
  source->ops = ops;
  source->conn = conn;
  source->tunnel = g_steal_pointer (&tunnel);
  source->domain = g_strdup (domain);
  return source;
}

void
qv_domain_source_free (QvDomainSource *source)
{
  if (source == NULL)
    return;
  source->ops->close (source->conn);
  g_clear_object (&source->tunnel);
  g_free (source->domain);
  g_free (source);
}

const char *
qv_domain_source_get_domain (QvDomainSource *source)
{
  return source->domain;
}

QvSshTunnel *
qv_domain_source_get_tunnel (QvDomainSource *source)
{
  return source->tunnel;
}

char *
qv_domain_source_dup_uri (QvDomainSource *source)
{
  return source->ops->dup_uri (source->conn);
}

gboolean
qv_domain_source_can_open_graphics (QvDomainSource *source)
{
  return source->ops->can_open_graphics (source->conn);
}

int
qv_domain_source_open_graphics (QvDomainSource *source, GError **error)
{
  return source->ops->open_graphics (source->conn, error);
}

gboolean
qv_domain_source_start (QvDomainSource *source, GError **error)
{
  return source->ops->start (source->conn, error);
}

gboolean
qv_domain_source_shutdown (QvDomainSource *source, GError **error)
{
  return source->ops->shutdown (source->conn, error);
}

QvDomainInfo *
qv_domain_source_query (QvDomainSource *source, GError **error)
{
  return source->ops->query (source->conn, error);
}
