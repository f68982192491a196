/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <spice-client.h>

#include "qv-retry.h"
#include "qv-spice-target.h"

G_BEGIN_DECLS

/* One SPICE connection: owns the SpiceSession, opens the channels the
 * viewer needs, turns channel events into a few plain signals:
 *   "display-channel" (SpiceChannel *)       a display channel opened
 *   "display-channel-gone" (SpiceChannel *)
 *   "connected"                              the main channel is up
 *   "auth-needed"                            the server refused the password
 *   "disconnected" (const char *error)       NULL error: closed cleanly
 *   "agent-changed" (gboolean connected)     guest agent came or went */

#define QV_TYPE_SESSION (qv_session_get_type ())
G_DECLARE_FINAL_TYPE (QvSession, qv_session, QV, SESSION, GObject)

QvSession *qv_session_new (void);

/* Kept only in the SpiceSession; never logged. */
void qv_session_set_password (QvSession *self, const char *password);

gboolean qv_session_set_uri (QvSession *self, const char *uri, GError **error);
void qv_session_set_target (QvSession *self, const QvSpiceTarget *target);
/* A remote-viewer connection file ([virt-viewer] group). */
gboolean qv_session_load_vv (QvSession *self, const char *path, GError **error);

/* Every channel connects through a descriptor from @open_fd (libvirt's
 * virDomainOpenGraphicsFD) instead of a host and port; @what names the
 * console in messages. @open_fd returns a connected socket, or -1 with
 * its GError set. */
typedef int (*QvSessionOpenFd) (gpointer data, GError **error);
/* @local: the server runs on this machine (bandwidth is free). */
void qv_session_set_fd_source (QvSession *self, const char *what, gboolean local,
                               QvSessionOpenFd open_fd, gpointer data);

/* A server opened from a link (a browser's spice:// or .vv): until
 * qv_session_allow(), the host clipboard is not shared and the record
 * channel (the microphone) is not connected. Before connecting. */
void qv_session_restrict (QvSession *self);
/* Shares the clipboard, and connects the record channel if the server
 * offered one. */
void qv_session_allow (QvSession *self);
gboolean qv_session_is_restricted (QvSession *self);

gboolean qv_session_connect (QvSession *self);
void qv_session_disconnect (QvSession *self);

SpiceSession *qv_session_get_spice (QvSession *self);
/* NULL until "connected". */
SpiceMainChannel *qv_session_get_main_channel (QvSession *self);
gboolean qv_session_get_agent_connected (QvSession *self);

/* How the last "disconnected" came about (refused or unreachable, another
 * error, or a close). */
QvLinkEnd qv_session_get_link_end (QvSession *self);

/* "host:port" or the unix socket path. */
char *qv_session_describe (QvSession *self);
/* What a session for @target (a SPICE URI or a .vv file, read but not
 * deleted) is called before it connects: the .vv file's title, or
 * qv_session_describe's "host:port" or socket path. Layouts are listed by
 * it without connecting. */
char *qv_session_describe_target (const char *target, GError **error);
/* Title from a .vv file, or NULL. */
const char *qv_session_get_vv_title (QvSession *self);
/* The loaded .vv's layout key (qv_vv_file_get_vm_key), or NULL. */
const char *qv_session_get_vv_key (QvSession *self);
/* The loaded .vv's hotkeys, "NAME=KEYS" (QvVvFile.hotkeys), or NULL. */
const char *const *qv_session_get_vv_hotkeys (QvSession *self);
/* The guest's UUID as the server announced it, NULL when none (or zero). */
char *qv_session_get_server_uuid (QvSession *self);

G_END_DECLS
