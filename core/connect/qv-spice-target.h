/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a libvirt domain's SPICE server listens, taken from its domain XML.
 * Pure GLib + libxml2 so that the rules can be unit-tested. */

#define QV_SPICE_TARGET_ERROR (qv_spice_target_error_quark ())
GQuark qv_spice_target_error_quark (void);

typedef enum {
  QV_SPICE_TARGET_ERROR_PARSE,    /* not well-formed domain XML */
  QV_SPICE_TARGET_ERROR_NO_SPICE, /* no <graphics type='spice'> */
  QV_SPICE_TARGET_ERROR_NO_PORT,  /* autoport not yet assigned: not running */
  QV_SPICE_TARGET_ERROR_UNREACHABLE, /* listen type='none', or a unix socket on a remote host */
} QvSpiceTargetError;

typedef struct {
  char *host;       /* NULL when unix_path is set */
  int port;         /* -1: none */
  int tls_port;     /* -1: none */
  char *unix_path;  /* NULL unless the server listens on a unix socket */
  char *password;   /* NULL: none; never printed */
  char **secure_channels; /* channels the server wants over TLS only
                           * (spice-gtk's names, "all": every one); NULL: none */
} QvSpiceTarget;

void qv_spice_target_free (QvSpiceTarget *target);

/* The channels libvirt's graphics element asks to be secure:
 * @default_mode ("secure", "insecure", "any" or NULL) and the <channel
 * name=… mode=…/> children's names by mode. "all" when every channel is
 * secure but none listed insecure. NULL when none must be. */
GStrv qv_spice_secure_channels (const char *default_mode, const char *const *secure,
                                const char *const *insecure);

/* Whether @secure_channels covers every channel a viewer opens, so that
 * nothing may link in plaintext: then a plaintext port is never used. */
gboolean qv_spice_secure_channels_cover_all (const char *const *secure_channels);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvSpiceTarget, qv_spice_target_free)

/* @xml: the domain's XML (VIR_DOMAIN_XML_SECURE for the password).
 * @libvirt_uri: the connection URI (NULL: local). A listen address of
 * 0.0.0.0 or :: means "every address of the libvirt host": for a remote
 * URI that is the URI's host, locally it is the loopback address. */
QvSpiceTarget *qv_spice_target_from_domain_xml (const char *xml,
                                                 const char *libvirt_uri,
                                                 GError **error);

/* Whether @target (as its host sees it) can be relayed over ssh: a plain
 * port or a unix socket; a TLS port alone is not carried. @domain and
 * @host name them in the error. */
gboolean qv_spice_target_check_relay (const QvSpiceTarget *target, const char *domain,
                                      const char *host, GError **error);

/* spice://, spice+tls:// or spice+unix:// URI for the target, without the
 * password. */
char *qv_spice_target_to_uri (const QvSpiceTarget *target);

/* Whether @text is a SPICE URI (spice://, spice+tls:// or spice+unix://,
 * the scheme in any case) rather than a .vv file or a domain name. */
gboolean qv_spice_target_is_uri (const char *text);

/* Whether SPICE URI @uri carries a password in its query: anyone can read
 * a command line or a launcher file, so it is refused everywhere. */
gboolean qv_spice_target_uri_has_password (const char *uri);

/* "host:port" (or the socket path) for titles and layout keys. */
char *qv_spice_target_describe (const QvSpiceTarget *target);

/* The one spelling of a SPICE address in titles, messages and layout keys:
 * "host:port", "[v6::addr]:port", or the host alone when @port < 0. */
char *qv_spice_address_describe (const char *host, int port);

G_END_DECLS
