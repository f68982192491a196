/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Exit codes, documented in quadview(1). */
enum {
  QV_EXIT_OK = 0,
  QV_EXIT_ERROR = 1, /* connection failed, bad file, unknown domain… */
  QV_EXIT_USAGE = 2,
};

/* Every message of the viewer's for the user, on stderr: "quadview: ",
 * @format's text (translated by the caller) and a newline. One line. */
void qv_app_say (const char *format, ...) G_GNUC_PRINTF (1, 2);

typedef enum {
  QV_APP_ARRANGEMENT_UNSET,
  QV_APP_ARRANGEMENT_WINDOWS,
  QV_APP_ARRANGEMENT_GUEST,
} QvAppArrangement;

typedef struct {
  char *connect_uri;     /* -c: libvirt URI */
  char *target;          /* spice URI, .vv file or (with -c) domain */
  gboolean wait;
  gboolean start;        /* start (or resume) the domain, then wait for it */
  gboolean reconnect;
  gboolean direct;       /* qemu+ssh: SPICE straight to the listen address, not over ssh */
  gboolean from_link;    /* the desktop's handler for a link or a download: ask first */
  QvAppArrangement arrangement; /* --arrangement, remembered per VM; UNSET: as remembered */
  char *layout;
  gboolean list_layouts;
  char *forget_layout;
  gboolean no_auto_resize;
  gboolean wait_for_agent;
  gboolean shutdown_on_close; /* remembered per VM */
  gboolean no_shutdown_on_close; /* clears it */
  char *password_file;
  char *title;
  char *screenshot_dir;  /* --screenshot: save the displays here, then exit */
  char *hotkeys;         /* --hotkeys, checked; remembered per VM */
  gboolean no_keyboard_grab; /* --keyboard-grab=off */
  gboolean debug;
} QvAppOptions;

void qv_app_options_clear (QvAppOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QvAppOptions, qv_app_options_clear)

#define QV_TYPE_APP (qv_app_get_type ())
G_DECLARE_FINAL_TYPE (QvApp, qv_app, QV, APP, GtkApplication)

/* Takes over @options' strings. */
QvApp *qv_app_new (QvAppOptions *options);

/* Connect, show the displays, run until quit; returns the exit code.
 * GTK must be initialised. */
int qv_app_run (QvApp *self);

G_END_DECLS
