/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The host's monitors as plain data, so that layout matching and clamping
 * need no GTK. The viewer converts each GdkMonitor (in the order GDK lists
 * them) with qv_monitor_set_add(); every index below refers to that order,
 * so gdk_display_get_monitor (display, index) is the same monitor. */

/* A rectangle in the screen (root window) coordinate space, in pixels. */
typedef struct {
  int x;
  int y;
  int width;
  int height;
} QvRect;

/* One host monitor. */
typedef struct {
  char *name;      /* connector / RandR monitor name ("DP-1"); NULL if unknown */
  char *model;     /* manufacturer and model for people; NULL if unknown */
  QvRect geometry; /* in screen coordinates */
  gboolean primary;
} QvMonitor;

/* An ordered set of monitors (opaque). */
typedef struct _QvMonitorSet QvMonitorSet;

/* A new, empty set. Free with qv_monitor_set_free(). */
QvMonitorSet *qv_monitor_set_new (void);

void qv_monitor_set_free (QvMonitorSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvMonitorSet, qv_monitor_set_free)

/* Append a monitor; strings are copied. @name and @model may be NULL or
 * empty (stored as NULL). A monitor whose @geometry has no area (width or
 * height < 1; GDK may report one while an output is switched off) is kept,
 * so that indices still follow GDK's, but is "unusable": it is left out of
 * signatures and names and is never matched, primary, or placed on. */
void qv_monitor_set_add (QvMonitorSet *set,
                         const char *name,
                         const char *model,
                         const QvRect *geometry,
                         gboolean primary);

/* Number of monitors in the set. */
guint qv_monitor_set_get_n_monitors (const QvMonitorSet *set);

/* The monitor at @index (< qv_monitor_set_get_n_monitors()); owned by the
 * set. */
const QvMonitor *qv_monitor_set_get (const QvMonitorSet *set, guint index);

/* Index of the primary monitor, or -1 when no usable one is marked
 * primary. */
int qv_monitor_set_get_primary (const QvMonitorSet *set);

/* Index of the first usable monitor, or -1 when there is none. */
int qv_monitor_set_get_first_usable (const QvMonitorSet *set);

/* A stable string identifying the set: independent of the order the
 * monitors were added in and of which one is primary, but changed by any
 * connector name or geometry change. Format (stored in the layout file,
 * readable but to be compared only as a whole): the monitors sorted by
 * position (y, then x, then size, then
 * name), each "NAME:WxH@X,Y" ("?" for a missing
 * name), separated by single spaces; "" for an empty set. */
char *qv_monitor_set_signature (const QvMonitorSet *set);

/* A short name for people and for new layouts: the connector names sorted
 * by position joined with '+' ("DP-1+HDMI-1"); a monitor without a name
 * contributes its geometry "WxH@X,Y". "no-monitors" for an empty set. */
char *qv_monitor_set_readable_name (const QvMonitorSet *set);

/* Find the monitor saved as @name with @geometry (either may be NULL /
 * empty; a @geometry with width < 1 counts as unknown): first a monitor
 * with both the same name and geometry, then one with the same name, then
 * one with the same geometry. Returns its index, or -1. */
int qv_monitor_set_match (const QvMonitorSet *set,
                          const char *name,
                          const QvRect *geometry);

/* Index of the monitor sharing the largest area with @rect (the first of
 * equals), or -1 when @rect touches no monitor. */
int qv_monitor_set_find_for_rect (const QvMonitorSet *set, const QvRect *rect);

/* TRUE when every pixel of @rect lies on some monitor of the set (it may
 * span adjacent monitors). An empty @rect is never covered. */
gboolean qv_monitor_set_covers (const QvMonitorSet *set, const QvRect *rect);

/* Area shared by two rectangles (0 when disjoint). */
gint64 qv_rect_intersection_area (const QvRect *a, const QvRect *b);

G_END_DECLS
