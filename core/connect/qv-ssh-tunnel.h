/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

#include "qv-virt-uri.h"

G_BEGIN_DECLS

/* One OpenSSH connection to a libvirt host over which the whole console
 * travels: libvirt's own connection (through a `command=` wrapper that
 * only uses the shared connection) and every SPICE channel, each a
 * forwarded channel of that connection (`ssh -W HOST:PORT` for TCP, a
 * forwarded unix socket for a socket), so nothing runs on the host for
 * them and sshd's MaxSessions does not count them. Only where the host
 * refuses forwarding, a relay (socat or nc) is started on the host for
 * each channel, as before. OpenSSH's connection sharing (ControlMaster)
 * multiplexes them, so the user authenticates once. The control socket,
 * the forwarded sockets and the wrapper live in a private 0700
 * directory, removed when the tunnel closes. */

#define QV_SSH_TUNNEL_ERROR (qv_ssh_tunnel_error_quark ())
GQuark qv_ssh_tunnel_error_quark (void);

typedef enum {
  QV_SSH_TUNNEL_ERROR_NO_CLIENT, /* no ssh program here */
  QV_SSH_TUNNEL_ERROR_CONNECT,   /* the host cannot be reached */
  QV_SSH_TUNNEL_ERROR_HOST_KEY,  /* unknown or changed host key */
  QV_SSH_TUNNEL_ERROR_AUTH,      /* authentication failed */
  QV_SSH_TUNNEL_ERROR_NO_RELAY,  /* no forwarding, and neither socat nor nc on the host */
  QV_SSH_TUNNEL_ERROR_BAD_TARGET, /* an address or socket path that is not plain */
  QV_SSH_TUNNEL_ERROR_FAILED,
} QvSshTunnelError;

typedef enum {
  QV_SSH_RELAY_SOCAT,
  QV_SSH_RELAY_NC,
} QvSshRelay;

/* The rules, table-tested. */

/* The master's command line: @ssh, connection sharing on @control_path,
 * and the user, port and key options of libvirt's URI (keyfile=,
 * no_verify=, known_hosts=, no_tty=), as libvirt would pass them. */
GStrv qv_ssh_master_argv (const QvVirtUri *uri, const char *ssh, const char *control_path);

/* Why @address (TCP; an IP address GInetAddress reads, or a host name of
 * letters, digits, dots and hyphens) or, when not NULL, @unix_path (an
 * absolute path of printable characters without whitespace, '!', ','
 * or ':') may not be handed to ssh or a relay on the host, or NULL when
 * it may. Strings from a domain's XML: socat reads "!!", "," and ":" in
 * an address as its own syntax, nc and ssh a leading "-" as an option. */
const char *qv_ssh_target_problem (const char *address, const char *unix_path);

/* A stdio-forwarded channel over the master to TCP @address:@port on the
 * host's side (ssh -W), no session, no program on the host. */
GStrv qv_ssh_stdio_argv (const char *ssh, const char *control_path, const char *host,
                         const char *address, int port);

/* Asks the master to forward the local unix socket @local to @remote_path
 * on the host (ssh -O forward -L). */
GStrv qv_ssh_forward_argv (const char *ssh, const char *control_path, const char *host,
                           const char *local, const char *remote_path);

/* A session over the master running @script with sh on the host. */
GStrv qv_ssh_session_argv (const char *ssh, const char *control_path, const char *host,
                           const char *script);

/* The script that connects stdin/stdout to a SPICE server on the host:
 * TCP @address:@port, or the unix socket @unix_path (then @address is
 * ignored). */
char *qv_ssh_relay_script (QvSshRelay relay, const char *address, int port,
                           const char *unix_path);

/* What ssh's diagnostics on stderr say went wrong. */
QvSshTunnelError qv_ssh_classify_failure (const char *diagnostics);

#define QV_TYPE_SSH_TUNNEL (qv_ssh_tunnel_get_type ())
G_DECLARE_FINAL_TYPE (QvSshTunnel, qv_ssh_tunnel, QV, SSH_TUNNEL, GObject)

/* Connects to the host of @libvirt_uri (a qemu+ssh:// URI) and waits until
 * it is authenticated; one-line errors naming the host. While it waits,
 * the default main context's sources run (a quit on SIGTERM, say), and
 * @cancellable ends the wait: G_IO_ERROR_CANCELLED, nothing left behind. */
QvSshTunnel *qv_ssh_tunnel_open (const char *libvirt_uri, GCancellable *cancellable,
                                 GError **error);

/* @libvirt_uri rewritten to reach libvirt over this connection. */
const char *qv_ssh_tunnel_get_libvirt_uri (QvSshTunnel *self);

const char *qv_ssh_tunnel_get_host (QvSshTunnel *self);

/* A socket connected, through the host, to its TCP @address:@port or unix
 * socket @unix_path; -1 with @error set. */
int qv_ssh_tunnel_connect (QvSshTunnel *self, const char *address, int port,
                           const char *unix_path, GError **error);

/* Whether the connection still stands: its master runs and listens, and
 * has not exited within @grace_ms more (a channel that ended because the
 * connection died may be told so a moment before the master is gone). */
gboolean qv_ssh_tunnel_is_alive (QvSshTunnel *self, guint grace_ms);

/* Ends the connection and every relay, removes the private directory.
 * Also done when the last reference goes. */
void qv_ssh_tunnel_close (QvSshTunnel *self);

G_END_DECLS
