/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A libvirt connection URI taken apart once (driver[+transport]://
 * [user@]host[:port]/path?params), for the questions the viewer asks of
 * it: is the daemon local, which host is it on, how does ssh reach it.
 * Pure GLib: no libvirt needed. */

typedef struct {
  char *driver;    /* "qemu", "test", … */
  char *transport; /* NULL (libvirt's default), "ssh", "tcp", "unix", … lower case */
  char *user;      /* NULL: none */
  char *host;      /* NULL: no host (a local daemon, or ssh to localhost) */
  int port;        /* -1: the transport's default */
  char *path;      /* "/system", "/session", "/default" */
  GHashTable *params; /* decoded query parameters, names lower case */
} QvVirtUri;

void qv_virt_uri_free (QvVirtUri *uri);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvVirtUri, qv_virt_uri_free)

/* NULL when @uri is NULL or no URI. */
QvVirtUri *qv_virt_uri_parse (const char *uri);

/* A query parameter, or NULL. */
const char *qv_virt_uri_get_param (const QvVirtUri *uri, const char *name);

/* Whether libvirt @uri reaches its daemon through a local unix socket
 * ("qemu:///system", "qemu+unix:///session?socket=…"): only there can
 * libvirt hand over file descriptors (virDomainOpenGraphicsFD). */
gboolean qv_virt_uri_is_local (const char *uri);

/* The daemon's host for a URI that names one other than this machine
 * ("qemu+ssh://user@host/system" → "host"); NULL for a local URI or a
 * loopback host, where the domain's loopback addresses are ours too. */
char *qv_virt_uri_remote_host (const char *uri);

/* Whether libvirt reaches the daemon through an ssh command: transport
 * "ssh" (libvirt's libssh and libssh2 transports are in-process). */
gboolean qv_virt_uri_is_ssh (const QvVirtUri *uri);

/* @uri with query parameter @name set to @value: replaced if there, added
 * last otherwise; the other parameters are kept as written. */
char *qv_virt_uri_with_param (const char *uri, const char *name, const char *value);

G_END_DECLS
