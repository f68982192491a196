/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What qv-app.c and qv-app-console.c share: the app's state. */
#include <gtk/gtk.h>

#include "qv-app.h"
#include "qv-domain.h"
#include "qv-layout-glue.h"
#include "qv-session.h"
#include "qv-spice-target.h"

G_BEGIN_DECLS

struct _QvApp {
  GtkApplication parent_instance;

  QvAppOptions opt;
  int exit_code;

  /* Where to connect: a libvirt domain, or a fixed SPICE address. */
  QvDomainSource *domain;
  QvDomainInfo *info;
  char *uri;      /* spice:// URI */
  char *vv_file;  /* remote-viewer file */
  char *password; /* from --password-file or a dialog */
  QvSpiceTarget *relay_target; /* over ssh: the server as its host sees it */

  /* One connection; replaced on reconnect. */
  QvSession *session;
  QvDisplays *displays;
  QvLayoutGlue *glue;
  gboolean ever_connected;
  gboolean layout_started;  /* a display channel came: the layout is (to be) chosen */
  gulong monitors_handler;  /* on its first monitors, start_layout goes idle */
  guint layout_source;      /* idle: start_layout */
  gulong qxl_check_handler; /* the displays' first window: run_qxl_check */

  GtkWidget *waiting; /* "waiting for DOMAIN…" */
  gboolean waiting_paused; /* it says "DOMAIN is paused", with Resume */
  guint poll_source;
  guint link_timeout; /* until the main channel opens */
  guint reconnect_source; /* idle: reconnect after the session's signal */
  guint retry_ms;         /* when reconnect_source reconnects */
  guint console_attempts; /* refused since the domain was last reached */
  gboolean quitting;       /* quit() was called */
  GCancellable *cancel;    /* cancelled by quit(): ends a wait for ssh's login */
  GtkWidget *shutdown_dialog; /* --shutdown-on-close: "Shut down NAME?" */
};

/* Points the session at the console (qv-app-console.c): over the ssh
 * connection, by a descriptor from libvirt, at the listen address in the
 * domain's XML, from a .vv file or a spice:// URI. */
gboolean qv_app_configure_session (QvApp *self, GError **error);

G_END_DECLS
