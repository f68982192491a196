#include "qv-domain.h"
#include "qv-i18n.h"

#include "qv-secret.h"

#include <stdlib.h>
#include <string.h>

#include "qv-virt.h"
#include "qv-virt-uri.h"

struct _QvDomainSource {
  QvSshTunnel *tunnel;
  virConnectPtr conn;
  char *uri;
  char *domain;
  gboolean read_only;
};

void
qv_domain_info_free (QvDomainInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->uuid);
  /* The secure XML holds the SPICE password. */
  qv_secret_free (info->xml);
  g_free (info);
}

QvDomainSource *
qv_domain_source_new (const char *uri, const char *domain, gboolean direct,
                      GCancellable *cancellable, GError **error)
{
  g_autoptr (GError) rw_error = NULL;
  g_autoptr (QvVirtUri) parsed = qv_virt_uri_parse (uri);
  g_autoptr (QvSshTunnel) tunnel = NULL;
  const char *via;
  QvDomainSource *source;
  virConnectPtr conn;
  gboolean read_only = FALSE;

  if (!direct && parsed != NULL && qv_virt_uri_is_ssh (parsed))
    {
      tunnel = qv_ssh_tunnel_open (uri, cancellable, error);
      if (tunnel == NULL)
        return NULL;
    }
  via = tunnel != NULL ? qv_ssh_tunnel_get_libvirt_uri (tunnel) : uri;
  conn = qv_virt_connect_as (via, uri, FALSE, &rw_error);
  if (conn == NULL)
    {
      conn = qv_virt_connect_as (via, uri, TRUE, error);
      if (conn == NULL)
        return NULL;
      read_only = TRUE;
    }
  source = g_new0 (QvDomainSource, 1);
  source->tunnel = g_steal_pointer (&tunnel);
  source->conn = conn;
  source->uri = g_strdup (uri);
  source->domain = g_strdup (domain);
  source->read_only = read_only;
  return source;
}

void
qv_domain_source_free (QvDomainSource *source)
{
  if (source == NULL)
    return;
  if (source->conn != NULL)
    virConnectClose (source->conn);
  g_clear_object (&source->tunnel);
  g_free (source->uri);
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
  char *actual = virConnectGetURI (source->conn);
  char *uri = g_strdup (actual);

  free (actual);
  return uri;
}

gboolean
qv_domain_source_can_open_graphics (QvDomainSource *source)
{
  g_autofree char *uri = NULL;
  char *actual;

  if (source->read_only)
    return FALSE;
  /* The URI libvirt resolved (a NULL one is its default). */
  actual = virConnectGetURI (source->conn);
  uri = g_strdup (actual);
  free (actual);
  return qv_virt_uri_is_local (uri);
}

int
qv_domain_source_open_graphics (QvDomainSource *source, GError **error)
{
  g_autoptr (virDomain) dom = NULL;
  int fd;

  dom = qv_virt_lookup_domain (source->conn, source->domain, error);
  if (dom == NULL)
    return -1;
  fd = virDomainOpenGraphicsFD (dom, 0, VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
  if (fd < 0)
    qv_virt_set_error (error, QV_VIRT_ERROR_FAILED, _("cannot open the domain's graphics"));
  return fd;
}

gboolean
qv_domain_source_start (QvDomainSource *source, GError **error)
{
  g_autoptr (virDomain) dom = NULL;
  g_autofree char *what = NULL;
  int state = VIR_DOMAIN_NOSTATE, reason = 0;

  g_autofree char *name = NULL;

  dom = qv_virt_lookup_domain (source->conn, source->domain, error);
  if (dom == NULL)
    return FALSE;
  /* Before the call that may fail: every libvirt call resets the last
   * error, virDomainGetName too. */
  name = g_strdup (virDomainGetName (dom));
  if (virDomainGetState (dom, &state, &reason, 0) != 0)
    return qv_virt_set_error (error, QV_VIRT_ERROR_FAILED, _("cannot read the domain state"));
  if (state == VIR_DOMAIN_RUNNING || (state == VIR_DOMAIN_PAUSED && reason == VIR_DOMAIN_PAUSED_STARTING_UP))
    return TRUE;
  if (source->read_only)
    {
      g_set_error (error, QV_VIRT_ERROR, QV_VIRT_ERROR_DENIED,
                   _("cannot start domain %s: the libvirt connection is read-only"), name);
      return FALSE;
    }
  if (state == VIR_DOMAIN_PAUSED)
    {
      g_debug ("domain %s is paused: resuming it", name);
      if (virDomainResume (dom) == 0)
        return TRUE;
      what = g_strdup_printf (_("cannot resume domain %s"), name);
      return qv_virt_set_error (error, QV_VIRT_ERROR_FAILED, what);
    }
  g_debug ("domain %s is not running: starting it", name);
  if (virDomainCreate (dom) == 0)
    return TRUE;
  what = g_strdup_printf (_("cannot start domain %s"), name);
  return qv_virt_set_error (error, QV_VIRT_ERROR_FAILED, what);
}

gboolean
qv_domain_source_shutdown (QvDomainSource *source, GError **error)
{
  g_autoptr (virDomain) dom = NULL;
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;

  dom = qv_virt_lookup_domain (source->conn, source->domain, error);
  if (dom == NULL)
    return FALSE;
  name = g_strdup (virDomainGetName (dom));
  if (virDomainShutdownFlags (dom, VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN) == 0)
    {
      g_debug ("domain %s: asked to shut down (ACPI power button)", name);
      return TRUE;
    }
  what = g_strdup_printf (_("cannot shut down domain %s"), name);
  return qv_virt_set_error (error, QV_VIRT_ERROR_FAILED, what);
}

QvDomainInfo *
qv_domain_source_query (QvDomainSource *source, GError **error)
{
  g_autoptr (virDomain) dom = NULL;
  g_autoptr (QvDomainInfo) info = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN];
  int active;

  dom = qv_virt_lookup_domain (source->conn, source->domain, error);
  if (dom == NULL)
    return NULL;

  info = g_new0 (QvDomainInfo, 1);
  info->name = g_strdup (virDomainGetName (dom));
  if (virDomainGetUUIDString (dom, uuid) == 0)
    info->uuid = g_strdup (uuid);
  active = virDomainIsActive (dom);
  if (active < 0)
    {
      qv_virt_set_error (error, QV_VIRT_ERROR_FAILED, _("cannot read the domain state"));
      return NULL;
    }
  info->active = active == 1;
  {
    int state, reason;

    gboolean paused = info->active && virDomainGetState (dom, &state, &reason, 0) == 0 &&
                      state == VIR_DOMAIN_PAUSED;

    info->starting = paused && reason == VIR_DOMAIN_PAUSED_STARTING_UP;
    info->paused = paused && !info->starting;
  }
  if (!info->active)
    return g_steal_pointer (&info);

  if (!source->read_only)
    {
      g_autoptr (GError) secure_error = NULL;

      info->xml = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_SECURE, &secure_error);
      if (info->xml != NULL)
        return g_steal_pointer (&info);
      /* Opened read-write, yet read-only: libvirt's read-only socket
       * (?socket=…/libvirt-sock-ro) accepts the open and then refuses the
       * secure XML. Go on as a read-only connection: no password from
       * libvirt. */
      if (!g_error_matches (secure_error, QV_VIRT_ERROR, QV_VIRT_ERROR_DENIED))
        {
          g_propagate_error (error, g_steal_pointer (&secure_error));
          return NULL;
        }
      g_debug ("%s: %s; reading the XML without secrets", source->uri, secure_error->message);
      source->read_only = TRUE;
    }
  info->xml = qv_virt_domain_xml (dom, 0, error);
  if (info->xml == NULL)
    return NULL;
  return g_steal_pointer (&info);
}
