/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

#include "qv-ssh-tunnel.h"

G_BEGIN_DECLS

/* A libvirt domain as the viewer needs it: who it is, whether it runs,
 * and its XML with the SPICE password (secure XML where allowed). */

typedef struct {
  char *name;
  char *uuid;
  gboolean active;
  gboolean starting; /* active, but libvirt is still starting it */
  gboolean paused;   /* active, paused by someone (not starting up) */
  char *xml; /* NULL when not active */
} QvDomainInfo;

void qv_domain_info_free (QvDomainInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvDomainInfo, qv_domain_info_free)

typedef struct _QvDomainSource QvDomainSource;

/* Opens the libvirt connection (read-write for the secure XML, falling
 * back to read-only). A qemu+ssh:// URI goes over one ssh connection that
 * the SPICE channels share (qv-ssh-tunnel.h), unless @direct; @cancellable
 * ends the wait for its authentication. */
QvDomainSource *qv_domain_source_new (const char *uri, const char *domain, gboolean direct,
                                      GCancellable *cancellable, GError **error);
void qv_domain_source_free (QvDomainSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvDomainSource, qv_domain_source_free)

const char *qv_domain_source_get_domain (QvDomainSource *source);

/* The ssh connection the console travels over, or NULL. */
QvSshTunnel *qv_domain_source_get_tunnel (QvDomainSource *source);
/* The URI libvirt resolved the connection's to (its default one for
 * NULL), as `virsh uri` prints it. */
char *qv_domain_source_dup_uri (QvDomainSource *source);

/* Whether libvirt can hand over the graphics console as a descriptor: a
 * local daemon, over a read-write connection. */
gboolean qv_domain_source_can_open_graphics (QvDomainSource *source);

/* A socket already connected to the domain's SPICE server, handed over by
 * libvirt (virDomainOpenGraphicsFD) with the password check skipped, as
 * the connection is allowed to; -1 with @error set. Works whatever the
 * server listens on, "none" included. */
int qv_domain_source_open_graphics (QvDomainSource *source, GError **error);

/* Starts the domain when it is shut off (a managed save is restored, as
 * libvirt does) and resumes it when paused; nothing when it runs. TRUE
 * when it runs or is starting; FALSE with a one-line error naming it. */
gboolean qv_domain_source_start (QvDomainSource *source, GError **error);

/* Asks the guest to shut down, as its power button does (ACPI); returns
 * at once. FALSE with a one-line error naming the domain. */
gboolean qv_domain_source_shutdown (QvDomainSource *source, GError **error);

/* Look the domain up now. QV_VIRT_ERROR_NO_DOMAIN while it does not exist. */
QvDomainInfo *qv_domain_source_query (QvDomainSource *source, GError **error);

G_END_DECLS
