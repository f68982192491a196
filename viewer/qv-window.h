/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <spice-client-gtk.h>

#include "qv-monitor.h"
#include "qv-sizing.h"

G_BEGIN_DECLS

/* One top-level window showing one guest display (head).
 * Signals:
 *   "display-toggled" (int index, gboolean enabled)  Displays menu / Ctrl+Shift+F1..F4
 *   "close-requested"                                the window manager's close
 *   "display-resized"                                the guest area changed size
 *   "geometry-changed"                               moved, resized, (un)fullscreened
 *   "quit-requested"
 *   "consent-given"                                  Allow in the link-consent bar */

#define QV_TYPE_WINDOW (qv_window_get_type ())
G_DECLARE_FINAL_TYPE (QvWindow, qv_window, QV, WINDOW, GtkApplicationWindow)

/* @index: display number - 1 (0..3). */
QvWindow *qv_window_new (SpiceSession *session, int channel_id, int monitor_id, int index);

int qv_window_get_index (QvWindow *self);
/* spice-gtk's keyboard grab while the pointer is in the window (on by
 * default); off, the desktop keeps Super, Alt+Tab and the like. */
void qv_window_set_keyboard_grab (QvWindow *self, gboolean grab);

/* Title "NAME — Display N" (qv_title_for_display_here). */
void qv_window_set_name (QvWindow *self, const char *name);

/* Reflect display @index's state in this window's Displays menu. */
void qv_window_set_display_enabled (QvWindow *self, int index, gboolean enabled);

/* Size of the guest area (the SpiceDisplay widget), 0x0 before mapping. */
void qv_window_get_guest_size (QvWindow *self, int *width, int *height);

/* What this window adds around its guest area: its menu bar's height, 0
 * in fullscreen. The one measurement of it; every window has the same bar. */
int qv_window_get_chrome_height (QvWindow *self);

/* Window size for a guest area of @width x @height (adds the chrome). */
void qv_window_guest_to_window_size (QvWindow *self, int width, int height, int *win_width,
                                     int *win_height);

/* The chrome height last laid out in a real window on @screen with its
 * current theme and font, or -1 when none has been: for sizes computed
 * while no window exists. */
int qv_window_chrome_height_cached (GdkScreen *screen);

/* Asks for @rect's size (and position, if @with_position and the window
 * system lets clients place windows), and starts following the window's
 * normal geometry from there. */
void qv_window_request_geometry (QvWindow *self, const QvRect *rect, gboolean with_position);

/* The geometry to come back to after maximized or fullscreen
 * (qv-normal-geometry.h); TRUE when its position is known. */
gboolean qv_window_get_normal_geometry (QvWindow *self, QvRect *rect);

/* A saved fullscreen (on host monitor @monitor) or maximized state, put
 * back; until the window system confirms it (or 2 s have passed) the
 * window is settling: its size is not its final one. */
void qv_window_restore_fullscreen (QvWindow *self, int monitor);
void qv_window_restore_maximized (QvWindow *self);
gboolean qv_window_is_settling (QvWindow *self);

/* Where the window stands on the host, as the guest's arrangement follows
 * it: a fullscreen window's monitor, else the window. FALSE when not known
 * (native Wayland). */
gboolean qv_window_get_host_place (QvWindow *self, QvRect *rect);

/* Whether its place means something: a layout put it there, it moved
 * after it first showed (the user), or it went fullscreen. Windows that
 * all stand where they opened say nothing of how the user wants the
 * guest's monitors. */
gboolean qv_window_is_placed (QvWindow *self);

/* FALSE on native Wayland, where clients neither learn nor choose where
 * their windows are. */
gboolean qv_window_positions_known (void);

gboolean qv_window_is_fullscreen (QvWindow *self);
gboolean qv_window_is_maximized (QvWindow *self);

/* The bar over the display saying that a server opened from a link gets
 * neither the clipboard nor the microphone, with "Allow". Over the
 * display, not above it: showing it changes no guest size. */
void qv_window_set_consent_bar (QvWindow *self, gboolean shown);

/* Fullscreen on the host monitor the window is on now. */
void qv_window_toggle_fullscreen (QvWindow *self);
/* The head's picture at the guest's resolution, as a PNG at @path;
 * errors name @path. */
gboolean qv_window_save_screenshot (QvWindow *self, const char *path, GError **error);
/* The windows' keys (F11, Shift+F12, Ctrl+Alt+End, Ctrl+Shift+F1..F4)
 * on @app's actions. */
void qv_window_set_default_keys (GtkApplication *app);
/* The action ("win.fullscreen") of remote-viewer's hotkey @hotkey
 * ("toggle-fullscreen", "release-cursor", "secure-attention"), or NULL
 * when the windows have none. */
const char *qv_window_action_for_hotkey (const char *hotkey);

G_END_DECLS
