/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

#include "qv-arrange.h"
#include "qv-monitor.h"

G_BEGIN_DECLS

/* The guest's heads arranged as their windows stand on the host: a head
 * is to the left of, right of, above or below another as its window is,
 * in one coordinate space across all host monitors, so that moving the
 * guest's pointer or a guest window out of one display lands where the
 * user sees the next one.
 *
 * Heads are placed one at a time, top to bottom then left to right on
 * the host: each touches a head placed before it along a whole edge
 * (aligned at the start or the end of that edge, the nearer to where its
 * window stands) and overlaps none, so the arrangement is connected with
 * no gaps or overlaps, as guests require (GNOME refuses others). Small
 * moves that keep the windows' relative order give the same arrangement.
 * The result starts at 0,0. */

typedef struct {
  gboolean on;
  int width, height; /* the guest size asked for */
  QvRect window;     /* where its window stands (a fullscreen one: its
                      * monitor), host coordinates */
} QvArrangeHead;

void qv_arrange_windows (const QvArrangeHead *heads, guint n, QvMonitorConfig *out);

/* The bounding box of the heads that are on. */
void qv_arrange_box (const QvMonitorConfig *heads, guint n, int *width, int *height);

/* The Linux qxl driver scans every head out of one framebuffer of at most
 * QV_QXL_MAX_FB a side. When @heads' box is larger, they are folded into
 * the most compact grid that fits, in the order they stand (left to
 * right, then top to bottom: a row of four becomes 2x2). Returns FALSE,
 * @heads unchanged, when they fit already; TRUE when folded; and sets
 * *@fits to whether the result fits at all. */
gboolean qv_arrange_fold (QvMonitorConfig *heads, guint n, gboolean *fits);

G_END_DECLS
