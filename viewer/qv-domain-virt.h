/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

#include "qv-domain.h"

G_BEGIN_DECLS

/* The libvirt side of QvDomainSource (qv-domain.h), in the module
 * quadview-libvirt.so: a spice:// or .vv start never loads libvirt and
 * its twenty libraries (core/meson.build). The module's functions, one
 * table; the viewer's QvDomainSource wraps them. Errors: QV_VIRT_ERROR. */

typedef struct _QvDomainConn QvDomainConn;

typedef struct {
  /* Connects to @via (what libvirt dials: the URI, or the ssh relay's),
   * read-write, else read-only; errors name @uri as the user wrote it. */
  QvDomainConn *(*open) (const char *via, const char *uri, const char *domain, GError **error);
  void (*close) (QvDomainConn *conn);
  char *(*dup_uri) (QvDomainConn *conn);
  gboolean (*can_open_graphics) (QvDomainConn *conn);
  int (*open_graphics) (QvDomainConn *conn, GError **error);
  gboolean (*start) (QvDomainConn *conn, GError **error);
  gboolean (*shutdown) (QvDomainConn *conn, GError **error);
  QvDomainInfo *(*query) (QvDomainConn *conn, GError **error);
} QvDomainVirtOps;

#define QV_DOMAIN_VIRT_MODULE "quadview-libvirt.so"
#define QV_DOMAIN_VIRT_SYMBOL "qv_domain_virt_ops"

G_END_DECLS
