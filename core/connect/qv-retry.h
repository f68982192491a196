/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a SPICE connection attempt or session ended. */
typedef enum {
  QV_LINK_CLOSED,      /* the server closed the connection */
  QV_LINK_UNREACHABLE, /* refused or unreachable: nothing listens there (yet) */
  QV_LINK_FAILED,      /* TLS, link, I/O or another error */
} QvLinkEnd;

typedef struct {
  gboolean domain;         /* the target is a libvirt domain (which was running) */
  gboolean ever_connected; /* a session of this run has opened its main channel */
  gboolean wait;           /* --wait */
  gboolean reconnect;      /* --reconnect */
  QvLinkEnd end;
} QvRetryInput;

typedef enum {
  QV_RETRY_GIVE_UP,   /* report the error (or the close) and exit */
  QV_RETRY_CONSOLE,   /* the console is not up yet: again after qv_retry_delay_ms() */
  QV_RETRY_RECONNECT, /* --reconnect: wait for the domain or server again */
} QvRetry;

/* What to do when a connection ends. A running domain's console is
 * reachable a moment after libvirt reports the domain active (QEMU opens
 * its SPICE port ~0.6 s later): with --wait or --reconnect a refused or
 * unreachable console of a domain is tried again, shortly; without them
 * it fails at once. */
QvRetry qv_retry_decide (const QvRetryInput *input);

/* The delay before console retry ATTEMPT (0 is the first): 100 ms,
 * doubling up to 1 s. */
guint qv_retry_delay_ms (guint attempt);

const char *qv_retry_to_string (QvRetry retry);

/* A domain as libvirt reports it before we connect. */
typedef enum {
  QV_DOMAIN_OFF,      /* shut off, or not defined (yet) */
  QV_DOMAIN_STARTING, /* active, but libvirt is still starting it (paused,
                       * "starting up"): QEMU may not listen yet, and the
                       * SPICE password is set only at the end */
  QV_DOMAIN_RUNNING,  /* running, or paused by someone: its console is up */
} QvDomainState;

typedef enum {
  QV_DOMAIN_CONNECT,      /* connect now */
  QV_DOMAIN_WAIT_CONSOLE, /* look again after qv_retry_delay_ms() */
  QV_DOMAIN_WAIT,         /* look again in a second: waiting for it to start */
  QV_DOMAIN_FAIL,         /* "not running (use --wait)" */
} QvDomainAction;

/* Whether to connect to a domain in STATE. Waiting (--wait, or
 * --reconnect once connected) lasts until the console can be reached;
 * without it a domain that is starting is connected to at once, as one
 * that runs. */
QvDomainAction qv_retry_domain (QvDomainState state, gboolean wait, gboolean reconnect,
                                gboolean ever_connected);

const char *qv_retry_domain_to_string (QvDomainAction action);

G_END_DECLS
