/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which windowing system quadview draws on (--backend). */
typedef enum {
  QV_BACKEND_AUTO,
  QV_BACKEND_X11,
  QV_BACKEND_WAYLAND,
} QvBackend;

/* "auto", "x11" or "wayland"; FALSE for anything else. */
gboolean qv_backend_parse (const char *text, QvBackend *backend);

/* The GDK backend to allow (gdk_set_allowed_backends()), or NULL for
 * GTK's own choice, from the option and the environment's GDK_BACKEND,
 * XDG_SESSION_TYPE, WAYLAND_DISPLAY and DISPLAY.  auto: a GDK_BACKEND the
 * user set wins; in a Wayland session with Xwayland, X11 — there windows
 * can be put back where they were, which native Wayland does not allow
 * clients; else GTK's default. */
const char *qv_backend_choose (QvBackend backend,
                               const char *gdk_backend,
                               const char *session_type,
                               const char *wayland_display,
                               const char *x_display);

G_END_DECLS
