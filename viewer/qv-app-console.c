/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How the SPICE session reaches a domain's console. */
#include "qv-app-private.h"

#include <unistd.h>

#include "qv-ssh-tunnel.h"

static int
open_graphics (gpointer data, GError **error)
{
  QvApp *self = data;

  return qv_domain_source_open_graphics (self->domain, error);
}

/* As virt-viewer does: a local daemon hands over the console itself, one
 * descriptor per channel, whatever SPICE listens on and without its
 * password. Tried once; elsewhere, or when libvirt cannot, the listen
 * address from the XML. */
static gboolean
use_graphics_fd (QvApp *self)
{
  g_autoptr (GError) error = NULL;
  int fd;

  if (!qv_domain_source_can_open_graphics (self->domain))
    return FALSE;
  fd = qv_domain_source_open_graphics (self->domain, &error);
  if (fd < 0)
    {
      g_debug ("%s; connecting to the listen address", error->message);
      return FALSE;
    }
  close (fd);
  g_debug ("domain %s: the console through libvirt (virDomainOpenGraphicsFD)", self->info->name);
  qv_session_set_fd_source (self->session, self->info->name, TRUE, open_graphics, self);
  return TRUE;
}

static int
open_relay (gpointer data, GError **error)
{
  QvApp *self = data;
  const QvSpiceTarget *target = self->relay_target;

  return qv_ssh_tunnel_connect (qv_domain_source_get_tunnel (self->domain), target->host,
                                target->port, target->unix_path, error);
}

/* A remote host over ssh: every channel is relayed to where SPICE listens
 * on that host (its loopback address, as libvirt sets it up by default). */
static gboolean
use_tunnel (QvApp *self, GError **error)
{
  QvSshTunnel *tunnel = qv_domain_source_get_tunnel (self->domain);
  g_autoptr (QvSpiceTarget) target = NULL;

  /* Seen from the host, not from here. */
  target = qv_spice_target_from_domain_xml (self->info->xml, NULL, error);
  if (target == NULL)
    return FALSE;
  if (!qv_spice_target_check_relay (target, self->info->name, qv_ssh_tunnel_get_host (tunnel),
                                    error))
    return FALSE;
  g_debug ("domain %s: the console over ssh to %s, relayed to %s", self->info->name,
           qv_ssh_tunnel_get_host (tunnel), target->unix_path ? target->unix_path : target->host);
  g_clear_pointer (&self->relay_target, qv_spice_target_free);
  self->relay_target = g_steal_pointer (&target);
  qv_session_set_fd_source (self->session, self->info->name, FALSE, open_relay, self);
  if (self->relay_target->password != NULL)
    qv_session_set_password (self->session, self->relay_target->password);
  return TRUE;
}

gboolean
qv_app_configure_session (QvApp *self, GError **error)
{
  g_autoptr (QvSpiceTarget) target = NULL;

  /* The --spice-* options first: a .vv file's own TLS settings win. */
  spice_set_session_option (qv_session_get_spice (self->session));
  if (self->domain != NULL && qv_domain_source_get_tunnel (self->domain) != NULL)
    {
      if (!use_tunnel (self, error))
        return FALSE;
    }
  else if (self->domain != NULL && use_graphics_fd (self))
    return TRUE;
  else if (self->domain != NULL)
    {
      target = qv_spice_target_from_domain_xml (self->info->xml, self->opt.connect_uri, error);
      if (target == NULL)
        return FALSE;
      qv_session_set_target (self->session, target);
    }
  else if (self->vv_file != NULL)
    {
      if (!qv_session_load_vv (self->session, self->vv_file, error))
        return FALSE;
    }
  else if (!qv_session_set_uri (self->session, self->uri, error))
    {
      return FALSE;
    }
  if (self->password != NULL)
    qv_session_set_password (self->session, self->password);
  return TRUE;
}
