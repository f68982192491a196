/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "qv-monitor.h"

#include <glib.h>

G_BEGIN_DECLS

/* The geometry a window comes back to when it leaves maximized or
 * fullscreen — the one a layout saves — followed from what the window
 * system reports.  A compositor that maximizes a window by itself (a
 * window opened at about its monitor's size) may report the new size
 * before the state that explains it; that report is then undone. */
typedef struct {
  QvRect current;
  QvRect previous;
  gboolean has_position;          /* current.x/y are known */
  gboolean previous_has_position;
  gboolean has_previous;
} QvNormalGeometry;

/* Starts from the geometry asked for when the window was created or
 * placed; @has_position FALSE when only its size was asked for. */
void qv_normal_geometry_init (QvNormalGeometry *geometry, const QvRect *requested,
                              gboolean has_position);

/* The window system reports @rect while the window is neither maximized
 * nor fullscreen (@has_position FALSE: its position is not known, as on
 * native Wayland). */
void qv_normal_geometry_report (QvNormalGeometry *geometry, const QvRect *rect,
                                gboolean has_position);

/* The window became maximized or fullscreen, @width x @height now: a
 * report of that very size just before was the compositor's, not normal. */
void qv_normal_geometry_leave_normal (QvNormalGeometry *geometry, int width, int height);

/* The normal geometry (never smaller than 1x1); TRUE when its position is
 * known. */
gboolean qv_normal_geometry_get (const QvNormalGeometry *geometry, QvRect *rect);

G_END_DECLS
