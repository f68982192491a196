/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Follows the host's monitors (GdkDisplay monitor-added/-removed, each
 * monitor's geometry and work area): "changing" on the first event of a
 * burst (docking a laptop sends several), "changed" once they have been
 * quiet for a moment. */

#define QV_TYPE_MONITOR_WATCH (qv_monitor_watch_get_type ())
G_DECLARE_FINAL_TYPE (QvMonitorWatch, qv_monitor_watch, QV, MONITOR_WATCH, GObject)

QvMonitorWatch *qv_monitor_watch_new (GdkDisplay *display);

G_END_DECLS
