/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Following the host's monitors: one "changing" at the start of a burst
 * of GDK events, one "changed" once they are quiet. */
#include "qv-monitor-watch.h"

/* RandR reports an output change as several events within a few ms; a
 * dock can take longer to bring up its monitors. */
#define QUIET_MS 500

struct _QvMonitorWatch {
  GObject parent_instance;

  GdkDisplay *display;
  guint quiet_source;
};

G_DEFINE_FINAL_TYPE (QvMonitorWatch, qv_monitor_watch, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGING,
  SIGNAL_CHANGED,
  N_SIGNALS,
};
static guint signals[N_SIGNALS];

static gboolean
on_quiet (gpointer data)
{
  QvMonitorWatch *self = data;

  self->quiet_source = 0;
  g_debug ("host monitors changed: %d now", gdk_display_get_n_monitors (self->display));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
touch (QvMonitorWatch *self)
{
  if (self->quiet_source == 0)
    g_signal_emit (self, signals[SIGNAL_CHANGING], 0);
  else
    g_source_remove (self->quiet_source);
  self->quiet_source = g_timeout_add (QUIET_MS, on_quiet, self);
}

static void
on_monitor_notify (GdkMonitor *monitor, GParamSpec *pspec, QvMonitorWatch *self)
{
  touch (self);
}

static void
watch_monitor (QvMonitorWatch *self, GdkMonitor *monitor)
{
  g_signal_connect_object (monitor, "notify::geometry", G_CALLBACK (on_monitor_notify), self, 0);
  g_signal_connect_object (monitor, "notify::workarea", G_CALLBACK (on_monitor_notify), self, 0);
}

static void
on_monitor_added (GdkDisplay *display, GdkMonitor *monitor, QvMonitorWatch *self)
{
  watch_monitor (self, monitor);
  touch (self);
}

static void
on_monitor_removed (GdkDisplay *display, GdkMonitor *monitor, QvMonitorWatch *self)
{
  touch (self);
}

static void
qv_monitor_watch_init (QvMonitorWatch *self)
{
}

static void
qv_monitor_watch_dispose (GObject *object)
{
  QvMonitorWatch *self = QV_MONITOR_WATCH (object);

  g_clear_handle_id (&self->quiet_source, g_source_remove);
  g_clear_object (&self->display);
  G_OBJECT_CLASS (qv_monitor_watch_parent_class)->dispose (object);
}

static void
qv_monitor_watch_class_init (QvMonitorWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qv_monitor_watch_dispose;
  signals[SIGNAL_CHANGING] = g_signal_new ("changing", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

QvMonitorWatch *
qv_monitor_watch_new (GdkDisplay *display)
{
  QvMonitorWatch *self = g_object_new (QV_TYPE_MONITOR_WATCH, NULL);

  self->display = g_object_ref (display);
  for (int i = 0; i < gdk_display_get_n_monitors (display); i++)
    watch_monitor (self, gdk_display_get_monitor (display, i));
  g_signal_connect_object (display, "monitor-added", G_CALLBACK (on_monitor_added), self, 0);
  g_signal_connect_object (display, "monitor-removed", G_CALLBACK (on_monitor_removed), self, 0);
  return self;
}
