/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "qv-display-model.h"
#include "qv-layout.h"
#include "qv-session.h"
#include "qv-window.h"

G_BEGIN_DECLS

/* The guest's displays, numbered 1..4: a Linux guest has one display
 * channel with up to four monitors, a Windows guest up to four channels
 * with one monitor each. Follows each channel's "monitors" property, keeps
 * one QvWindow per display, and builds the monitor config that makes the
 * guest heads follow the windows.
 * Signals:
 *   "window-created" (QvWindow *)   before it is first shown: place it now
 *   "window-changed" (QvWindow *)   moved, resized, (un)fullscreened, shown, hidden
 *   "enabled-changed" (int index)
 *   "quit"                          the last window was closed */

#define QV_TYPE_DISPLAYS (qv_displays_get_type ())
G_DECLARE_FINAL_TYPE (QvDisplays, qv_displays, QV, DISPLAYS, GObject)

QvDisplays *qv_displays_new (QvSession *session);

void qv_displays_set_name (QvDisplays *self, const char *name);
void qv_displays_set_auto_resize (QvDisplays *self, gboolean auto_resize);
/* Whether the windows grab the keyboard (the default) or leave the
 * desktop its keys (Super, Alt+Tab…). */
void qv_displays_set_keyboard_grab (QvDisplays *self, gboolean grab);
/* How the guest's heads stand: as the windows do (the default), or where
 * the guest has them. */
void qv_displays_set_arrangement (QvDisplays *self, QvArrangement arrangement);
/* Displays 2–4 stay off until the guest agent has connected. */
void qv_displays_set_wait_for_agent (QvDisplays *self, gboolean wait);

gboolean qv_displays_get_enabled (QvDisplays *self, int index);
void qv_displays_set_enabled (QvDisplays *self, int index, gboolean enabled);
/* A saved window for display @index: switches it on or off as saved, and
 * until its window has a size of its own, the guest is asked for the
 * saved window's size less a real window's chrome. */
void qv_displays_request_window (QvDisplays *self, int index, const QvDisplayState *state);

/* The chrome (menu bar) a window adds to its guest head, from a real
 * window: this session's, else one laid out before on this screen. */
int qv_displays_get_chrome_height (QvDisplays *self);

/* NULL when the guest never showed display @index. */
QvWindow *qv_displays_get_window (QvDisplays *self, int index);
/* Windows currently shown. */
guint qv_displays_count_visible (QvDisplays *self);
/* Every head the guest shows has its window shown, with a whole picture
 * (and there is at least one). */
gboolean qv_displays_all_shown (QvDisplays *self);

/* Windows are created from here on, for the heads the guest has shown so
 * far and those to come: before, the layout that places them is not
 * chosen yet. A window first shows once its channel has a whole picture. */
void qv_displays_start (QvDisplays *self);

/* Forget every window (after a disconnect). */
void qv_displays_clear (QvDisplays *self);

G_END_DECLS
