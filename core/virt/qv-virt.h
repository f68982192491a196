/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "qv-virt-error.h"

G_BEGIN_DECLS

/* Thin helpers over the libvirt API shared by qxl-tune and the viewer.
 * Errors carry libvirt's own message, one line. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virConnect, virConnectClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virDomain, virDomainFree)

/* Silence libvirt's default printing to stderr; errors reach us as GError. */
void qv_virt_init (void);

/* @uri NULL: libvirt's default URI. Uses the default auth callback, so
 * remote URIs may ask for credentials on the terminal. */
virConnectPtr qv_virt_connect (const char *uri, gboolean read_only, GError **error);

/* The same, naming @name in errors (@uri has parts the user did not
 * write). */
virConnectPtr qv_virt_connect_as (const char *uri, const char *name, gboolean read_only,
                                  GError **error);

/* By name, then UUID, then numeric id. */
virDomainPtr qv_virt_lookup_domain (virConnectPtr conn, const char *name_uuid_or_id, GError **error);

/* virDomainGetXMLDesc with @flags (VIR_DOMAIN_XML_*). */
char *qv_virt_domain_xml (virDomainPtr dom, unsigned int flags, GError **error);

/* Set @error from libvirt's last error, prefixed by @what. Always FALSE. */
gboolean qv_virt_set_error (GError **error, int code, const char *what);

G_END_DECLS
