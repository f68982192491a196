/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libvirt side of the viewer's domain source, built as the module
 * quadview-libvirt.so (qv-domain-virt.h). */
#include "qv-domain-virt.h"
#include "qv-i18n.h"

#include <gmodule.h>
#include <stdlib.h>

#include "qv-virt.h"
#include "qv-virt-uri.h"

/* libvirt's keepalive needs an event loop. Its default one is GLib's
 * default main context, which GTK's main loop runs here: registered, its
 * timers and sockets run on the GTK thread with everything else (a thread
 * of its own would iterate GTK's context too). Then a connection whose
 * other end stops answering (a half-dead network, a host gone) is closed
 * by libvirt after KEEPALIVE_S x (KEEPALIVE_COUNT + 1) s, and a call
 * blocked on it returns. */
#define KEEPALIVE_S 5
#define KEEPALIVE_COUNT 3

static void
ensure_event_loop (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      if (virEventRegisterDefaultImpl () < 0)
        virResetLastError ();
      g_once_init_leave (&registered, 1);
    }
}

struct _QvDomainConn {
  virConnectPtr conn;
  char *uri;
  char *domain;
  gboolean read_only;
};

static QvDomainConn *
conn_open (const char *via, const char *uri, const char *domain, GError **error)
{
  g_autoptr (GError) rw_error = NULL;
  QvDomainConn *source;
  virConnectPtr conn;
  gboolean read_only = FALSE;

  ensure_event_loop ();
  conn = qv_virt_connect_as (via, uri, FALSE, &rw_error);
  if (conn == NULL)
    {
      conn = qv_virt_connect_as (via, uri, TRUE, error);
      if (conn == NULL)
        return NULL;
      read_only = TRUE;
    }
  /* Local daemons over a unix socket do not need it, and refuse it. */
  if (virConnectSetKeepAlive (conn, KEEPALIVE_S, KEEPALIVE_COUNT) < 0)
    virResetLastError ();
  source = g_new0 (QvDomainConn, 1);
  source->conn = conn;
  source->uri = g_strdup (uri);
  source->domain = g_strdup (domain);
  source->read_only = read_only;
  return source;
}

static void
conn_close (QvDomainConn *source)
{
  virConnectClose (source->conn);
  g_free (source->uri);
  g_free (source->domain);
  g_free (source);
}

static char *
conn_dup_uri (QvDomainConn *source)
{
  char *actual = virConnectGetURI (source->conn);
  char *uri = g_strdup (actual);

  free (actual);
  return uri;
}

static gboolean
conn_can_open_graphics (QvDomainConn *source)
{
  g_autofree char *uri = NULL;

  if (source->read_only)
    return FALSE;
  /* The URI libvirt resolved (a NULL one is its default). */
  uri = conn_dup_uri (source);
  return qv_virt_uri_is_local (uri);
}

static int
conn_open_graphics (QvDomainConn *source, GError **error)
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

static gboolean
conn_start (QvDomainConn *source, GError **error)
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

static gboolean
conn_shutdown (QvDomainConn *source, GError **error)
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

static QvDomainInfo *
conn_query (QvDomainConn *source, GError **error)
{
  g_autoptr (virDomain) dom = NULL;
  g_autoptr (QvDomainInfo) info = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN];
  int active;

  g_autoptr (GError) local = NULL;

  dom = qv_virt_lookup_domain (source->conn, source->domain, &local);
  if (dom == NULL)
    {
      if (g_error_matches (local, QV_VIRT_ERROR, QV_VIRT_ERROR_CONNECT))
        g_prefix_error (&local, "%s: ", source->uri);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

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

G_MODULE_EXPORT extern const QvDomainVirtOps qv_domain_virt_ops;

G_MODULE_EXPORT const QvDomainVirtOps qv_domain_virt_ops = {
  .open = conn_open,
  .close = conn_close,
  .dup_uri = conn_dup_uri,
  .can_open_graphics = conn_can_open_graphics,
  .open_graphics = conn_open_graphics,
  .start = conn_start,
  .shutdown = conn_shutdown,
  .query = conn_query,
};
