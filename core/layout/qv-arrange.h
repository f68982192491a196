/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One guest head as a monitors config describes it. */
typedef struct
{
  gboolean on;
  int x, y;
  int width, height;
} QvMonitorConfig;

/* A head as a server reports it (unsigned, untrusted) made a config:
 * FALSE, @out untouched, for a head without a size, one larger than the
 * guest driver can scan out (QV_QXL_MAX_FB), or one placed farther than
 * four such heads reach. Past this check sizes fit an int with room for
 * a window's chrome. */
gboolean qv_monitor_config_from_report (guint x, guint y, guint width, guint height,
                                        QvMonitorConfig *out);

/* Places the heads that are on side by side in display order at y = 0,
 * each at the sum of the widths before it: the Linux qxl driver scans all
 * heads out of one primary surface, which qxl-tune sizes for exactly that
 * arrangement (docs/qxl-sizing.md). Heads that are off get 0,0. */
void qv_monitor_config_arrange (QvMonitorConfig *heads, guint n);

/* The config to send for @wanted (which heads are on, their sizes) when
 * the guest is at @current (positions as it reports them, or as last
 * sent): every head stays where it is unless a change beside it must move
 * it. A head that changes width moves the heads to its right in its row by
 * the difference; one that changes height, the heads below it in its
 * column; one switched off closes its gap in the row; one switched on
 * comes back in display order, right of the nearest head before it. Guests keep monitors adjacent (GNOME refuses a
 * layout with a gap), and a user's own arrangement (a column, a grid)
 * survives a resize. When @current is no arrangement to keep (no head on,
 * heads overlapping — a Windows guest reports each display at 0,0) the
 * heads go side by side (qv_monitor_config_arrange). The result starts at
 * 0,0. */
void qv_monitor_config_rearrange (const QvMonitorConfig *current, const QvMonitorConfig *wanted,
                                  QvMonitorConfig *out, guint n);

/* Whether @a and @b switch the same heads on, at the same sizes. Positions
 * are left out: a guest may place its monitors its own way, and that alone
 * is no reason for a re-layout (every re-layout redraws all heads). */
gboolean qv_monitor_config_same_sizes (const QvMonitorConfig *a, const QvMonitorConfig *b, guint n);

/* Clamps a requested head size to what the guest driver can show: at
 * least 1, at most QV_QXL_MAX_FB in each direction. Returns whether it
 * had to change it. */
gboolean qv_head_size_clamp (int *width, int *height);

/* Shrinks @width x @height to fit @max_width x @max_height (a host
 * monitor's work area), each side on its own; a maximum <= 0 is no limit.
 * Returns whether it had to change it. */
gboolean qv_size_fit (int *width, int *height, int max_width, int max_height);

/* "1=1024x768+0+0 2=off …", as the demo guest logs its layouts. */
char *qv_monitor_config_describe (const QvMonitorConfig *heads, guint n);

G_END_DECLS
