/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Between GTK windows and the layout model: monitors and geometry as
 * the model's structs, windows placed before they show, saves debounced. */
#include "qv-layout-glue.h"
#include "qv-app.h"
#include "qv-i18n.h"

#include "qv-monitor-watch.h"


/* Well within the promised second after the last move or resize. */
#define SAVE_DELAY_MS 500

struct _QvLayoutGlue {
  GObject parent_instance;

  QvDisplays *displays;
  char *layout_name;
  QvLayoutStore *store;
  QvLayout *layout;
  char *vm_key;
  gboolean wait_for_agent;
  gboolean shutdown_set; /* by an option, this run */
  gboolean shutdown_on_close;
  gboolean hotkeys_set;  /* by --hotkeys, this run */
  char *hotkeys;
  gboolean arrange_set; /* by an option, this run */
  gboolean arrange_guest;
  gboolean store_broken; /* unreadable: never write over it */
  guint save_source;
  QvMonitorSet *monitors; /* the host monitors self->layout is for */
  QvMonitorWatch *watch;
  gboolean monitors_changing; /* between "changing" and "changed" */
  /* Native Wayland: the monitor each window was last seen on (-1: not
   * yet), to tell the user's moves from the compositor's placement. */
  int last_monitor[QV_MAX_DISPLAYS];
};

G_DEFINE_FINAL_TYPE (QvLayoutGlue, qv_layout_glue, G_TYPE_OBJECT)

QvMonitorSet *
qv_layout_glue_host_monitors (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  QvMonitorSet *set = qv_monitor_set_new ();

  for (int i = 0; i < gdk_display_get_n_monitors (display); i++)
    {
      GdkMonitor *monitor = gdk_display_get_monitor (display, i);
      GdkRectangle area;
      QvRect rect;
      g_autofree char *model = NULL;

      gdk_monitor_get_geometry (monitor, &area);
      rect = (QvRect) { area.x, area.y, area.width, area.height };
      /* Under X11 the "model" is the RandR monitor (connector) name. */
      if (gdk_monitor_get_manufacturer (monitor) != NULL)
        model = g_strdup_printf ("%s %s", gdk_monitor_get_manufacturer (monitor),
                                 gdk_monitor_get_model (monitor) ? gdk_monitor_get_model (monitor)
                                                                 : "");
      qv_monitor_set_add (set, gdk_monitor_get_model (monitor), model, &rect,
                          gdk_monitor_is_primary (monitor));
    }
  return set;
}

/* Index in @set of the monitor the window is on (sharing most of its
 * area), or -1. From the set rather than from GDK, which already shows
 * the new monitors when a change is being saved for the old ones. */
static int
window_monitor (GtkWindow *window, const QvMonitorSet *set)
{
  GdkWindow *gdk_window = gtk_widget_get_window (GTK_WIDGET (window));
  QvRect rect;

  if (gdk_window == NULL)
    return -1;
  if (qv_window_positions_known ())
    {
      gtk_window_get_position (window, &rect.x, &rect.y);
      gtk_window_get_size (window, &rect.width, &rect.height);
    }
  else
    {
      /* Native Wayland: the output the compositor says the surface is on. */
      GdkRectangle area;

      gdk_monitor_get_geometry (
        gdk_display_get_monitor_at_window (gdk_window_get_display (gdk_window), gdk_window),
        &area);
      rect = (QvRect) { area.x, area.y, area.width, area.height };
    }
  return qv_monitor_set_find_for_rect (set, &rect);
}

/* Where clients place windows (X11, Xwayland): the normal geometry (the
 * one to come back to), and the monitor the window is on now. */
static void
capture_placed (QvDisplayState *state, QvWindow *window, const QvMonitorSet *monitors,
                int monitor)
{
  QvRect normal;
  const QvMonitor *on = monitor >= 0 ? qv_monitor_set_get (monitors, (guint) monitor) : NULL;

  if (qv_window_get_normal_geometry (window, &normal))
    state->window = normal;
  else
    {
      /* Maximized from the start (by the compositor, or by the user
       * before it ever moved): its size, at its monitor's corner. */
      state->window.width = normal.width;
      state->window.height = normal.height;
      state->window.x = on != NULL ? on->geometry.x : 0;
      state->window.y = on != NULL ? on->geometry.y : 0;
    }
  qv_display_state_set_monitor (state, on);
}

/* Native Wayland: sizes, and the monitor only where the user moved the
 * window (qv_display_state_follow_monitor); positions stay as saved. */
static void
capture_unplaced (QvLayoutGlue *self, int index, QvDisplayState *state, QvWindow *window,
                  const QvMonitorSet *monitors, int monitor)
{
  QvRect normal;

  qv_window_get_normal_geometry (window, &normal);
  state->window.width = normal.width;
  state->window.height = normal.height;
  if (monitor >= 0 && monitor != self->last_monitor[index])
    g_debug ("display %d: the compositor shows it on monitor %d%s", index + 1, monitor + 1,
             state->fullscreen ? ", fullscreen" : state->maximized ? ", maximized" : "");
  if (qv_display_state_follow_monitor (state, monitors, self->last_monitor[index], monitor))
    g_debug ("display %d: saved on monitor %d from now on", index + 1, monitor + 1);
  if (monitor >= 0)
    self->last_monitor[index] = monitor;
}

/* Copy the windows' state into the layout. */
static void
capture (QvLayoutGlue *self)
{
  const QvMonitorSet *monitors = self->monitors;

  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      QvWindow *window = qv_displays_get_window (self->displays, i);
      QvDisplayState *state;
      int monitor;

      if (window == NULL || !gtk_widget_get_realized (GTK_WIDGET (window)))
        {
          /* Never shown: keep what was saved, but follow the menu. */
          if (qv_layout_get_display (self->layout, (guint) i) != NULL)
            qv_layout_display (self->layout, (guint) i)->enabled =
              qv_displays_get_enabled (self->displays, i);
          continue;
        }

      state = qv_layout_display (self->layout, (guint) i);
      state->enabled = qv_displays_get_enabled (self->displays, i);
      state->fullscreen = qv_window_is_fullscreen (window);
      state->maximized = qv_window_is_maximized (window);
      monitor = window_monitor (GTK_WINDOW (window), monitors);
      if (qv_window_positions_known ())
        capture_placed (state, window, monitors, monitor);
      else
        capture_unplaced (self, i, state, window, monitors, monitor);
    }
}

void
qv_layout_glue_save_now (QvLayoutGlue *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->layout == NULL || self->store_broken)
    return;
  capture (self);
  if (!qv_layout_store_put (self->store, self->vm_key, self->layout, &error) ||
      !qv_layout_store_save (self->store, self->vm_key, &warning, &error))
    {
      qv_app_say (_("%s: cannot save the layout: %s"),
                  qv_layout_store_get_path (self->store), error->message);
      /* One complaint is enough. */
      self->store_broken = TRUE;
    }
  if (warning != NULL)
    qv_app_say ("%s", warning);
}

static gboolean
save_timeout (gpointer data)
{
  QvLayoutGlue *self = data;

  self->save_source = 0;
  qv_layout_glue_save_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (QvLayoutGlue *self)
{
  /* While the monitors change, windows move that the user did not move:
   * the old monitors' layout keeps what the user left. */
  if (self->layout == NULL || self->monitors_changing)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout, self);
}

/* Puts @window where the layout wants it on the current monitors. */
static void
place_window (QvLayoutGlue *self, QvWindow *window)
{
  static gboolean wayland_said;
  const QvDisplayState *state;
  QvPlacement placement;

  state = qv_layout_get_display (self->layout, (guint) qv_window_get_index (window));
  if (state == NULL || !qv_layout_place_display (state, self->monitors, NULL, &placement))
    return;

  if (!qv_window_positions_known () && !wayland_said)
    {
      qv_app_say (_("native Wayland: window sizes, maximized and fullscreen (on its "
                    "monitor) are restored; the compositor chooses where other windows go "
                    "(with Xwayland, --backend=x11 restores those too)"));
      wayland_said = TRUE;
    }
  qv_window_request_geometry (window, &placement.window, TRUE);
  if (placement.fullscreen && placement.monitor >= 0)
    qv_window_restore_fullscreen (window, placement.monitor);
  else if (placement.maximized)
    qv_window_restore_maximized (window);
}

static void
on_window_created (QvDisplays *displays, QvWindow *window, QvLayoutGlue *self)
{
  self->last_monitor[qv_window_get_index (window)] = -1;
  /* Before the first show, so the window maps where it belongs. */
  if (self->layout != NULL)
    place_window (self, window);
}

/* The layout's displays and sizes, for displays without a window. */
static void
request_displays (QvLayoutGlue *self)
{
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      const QvDisplayState *state = qv_layout_get_display (self->layout, (guint) i);

      if (state != NULL)
        qv_displays_request_window (self->displays, i, state);
    }
}

static void
on_monitors_changing (QvMonitorWatch *watch, QvLayoutGlue *self)
{
  /* What the user left on the old monitors, before windows get moved. */
  qv_layout_glue_save_now (self);
  self->monitors_changing = TRUE;
}

/* As at launch: the layout saved for the new set of monitors (or one
 * seeded from the last), windows of a monitor that went away moved fully
 * onto the others. Windows that keep their size cause no monitors config
 * (QvDisplays sends none that changes nothing). */
static void
on_monitors_changed (QvMonitorWatch *watch, QvLayoutGlue *self)
{
  g_autoptr (GError) error = NULL;
  QvLayout *next;

  self->monitors_changing = FALSE;
  if (self->layout == NULL)
    return;
  g_clear_pointer (&self->monitors, qv_monitor_set_free);
  self->monitors = qv_layout_glue_host_monitors ();
  next = qv_layout_store_choose (self->store, self->vm_key, self->layout_name, self->monitors,
                                 NULL, &error);
  if (next == NULL)
    {
      qv_app_say ("%s: %s", qv_layout_store_get_path (self->store), error->message);
      return;
    }
  qv_layout_free (self->layout);
  self->layout = next;
  g_debug ("host monitors changed: layout \"%s\"", self->layout->name);
  request_displays (self);
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      QvWindow *window = qv_displays_get_window (self->displays, i);

      if (window != NULL)
        place_window (self, window);
    }
  schedule_save (self);
}

static void
on_window_changed (QvDisplays *displays, QvWindow *window, QvLayoutGlue *self)
{
  schedule_save (self);
}

static void
on_enabled_changed (QvDisplays *displays, int index, QvLayoutGlue *self)
{
  schedule_save (self);
}

static void
qv_layout_glue_init (QvLayoutGlue *self)
{
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    self->last_monitor[i] = -1;
}

static void
qv_layout_glue_dispose (GObject *object)
{
  QvLayoutGlue *self = QV_LAYOUT_GLUE (object);

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_object (&self->watch);
  g_clear_pointer (&self->monitors, qv_monitor_set_free);
  g_clear_object (&self->displays);
  g_clear_pointer (&self->store, qv_layout_store_free);
  g_clear_pointer (&self->hotkeys, g_free);
  g_clear_pointer (&self->layout, qv_layout_free);
  g_clear_pointer (&self->vm_key, g_free);
  g_clear_pointer (&self->layout_name, g_free);
  G_OBJECT_CLASS (qv_layout_glue_parent_class)->dispose (object);
}

static void
qv_layout_glue_class_init (QvLayoutGlueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qv_layout_glue_dispose;
}

QvLayoutGlue *
qv_layout_glue_new (QvDisplays *displays, const char *layout_name)
{
  QvLayoutGlue *self = g_object_new (QV_TYPE_LAYOUT_GLUE, NULL);

  self->displays = g_object_ref (displays);
  self->layout_name = g_strdup (layout_name);
  g_signal_connect_object (displays, "window-created", G_CALLBACK (on_window_created), self, 0);
  g_signal_connect_object (displays, "window-changed", G_CALLBACK (on_window_changed), self, 0);
  g_signal_connect_object (displays, "enabled-changed", G_CALLBACK (on_enabled_changed), self, 0);
  return self;
}

gboolean
qv_layout_glue_start (QvLayoutGlue *self,
                      const char *vm_key,
                      const char *vm_name,
                      gboolean wait_for_agent,
                      GError **error)
{
  g_autofree char *path = qv_layout_default_path ();
  g_autofree char *warning = NULL;

  g_return_val_if_fail (self->store == NULL, FALSE);

  self->vm_key = g_strdup (vm_key);
  self->store = qv_layout_store_new (path);
  if (!qv_layout_store_load (self->store, &warning, error))
    {
      self->store_broken = TRUE;
      return FALSE;
    }
  if (warning != NULL)
    qv_app_say ("%s", warning);

  if (vm_name != NULL && !qv_layout_store_set_vm_name (self->store, vm_key, vm_name, error))
    return FALSE;
  if (wait_for_agent && !qv_layout_store_set_wait_for_agent (self->store, vm_key, TRUE, error))
    return FALSE;
  self->wait_for_agent = qv_layout_store_get_wait_for_agent (self->store, vm_key);

  self->monitors = qv_layout_glue_host_monitors ();
  self->layout = qv_layout_store_choose (self->store, vm_key, self->layout_name, self->monitors,
                                         NULL, error);
  if (self->layout == NULL)
    return FALSE;
  request_displays (self);
  self->watch = qv_monitor_watch_new (gdk_display_get_default ());
  g_signal_connect_object (self->watch, "changing", G_CALLBACK (on_monitors_changing), self, 0);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (on_monitors_changed), self, 0);
  return TRUE;
}

gboolean
qv_layout_glue_get_wait_for_agent (QvLayoutGlue *self)
{
  return self->wait_for_agent;
}

gboolean
qv_layout_glue_set_shutdown_on_close (QvLayoutGlue *self, gboolean shutdown, GError **error)
{
  /* This run does as told even when the layout file cannot be written. */
  self->shutdown_set = TRUE;
  self->shutdown_on_close = shutdown;
  if (self->store == NULL || self->store_broken)
    return TRUE;
  return qv_layout_store_set_shutdown_on_close (self->store, self->vm_key, shutdown, error);
}

gboolean
qv_layout_glue_set_hotkeys (QvLayoutGlue *self, const char *hotkeys, GError **error)
{
  /* This run uses them even when the layout file cannot be written. */
  self->hotkeys_set = TRUE;
  g_free (self->hotkeys);
  self->hotkeys = g_strdup (hotkeys);
  if (self->store == NULL || self->store_broken)
    return TRUE;
  return qv_layout_store_set_hotkeys (self->store, self->vm_key, hotkeys, error);
}

const char *
qv_layout_glue_get_hotkeys (QvLayoutGlue *self)
{
  if (self->hotkeys_set)
    return self->hotkeys;
  if (self->store == NULL || self->store_broken)
    return NULL;
  return qv_layout_store_get_hotkeys (self->store, self->vm_key);
}

gboolean
qv_layout_glue_get_shutdown_on_close (QvLayoutGlue *self)
{
  if (self->shutdown_set)
    return self->shutdown_on_close;
  return self->store != NULL && !self->store_broken &&
         qv_layout_store_get_shutdown_on_close (self->store, self->vm_key);
}

gboolean
qv_layout_glue_get_arrange_guest (QvLayoutGlue *self)
{
  if (self->arrange_set)
    return self->arrange_guest;
  return self->store != NULL && !self->store_broken &&
         qv_layout_store_get_switch (self->store, self->vm_key, QV_VM_ARRANGE_GUEST);
}

void
qv_layout_glue_set_arrange_guest (QvLayoutGlue *self, gboolean guest)
{
  g_autoptr (GError) error = NULL;

  /* This run does as told even when the layout file cannot be written. */
  self->arrange_set = TRUE;
  self->arrange_guest = guest;
  if (self->store != NULL && !self->store_broken &&
      !qv_layout_store_set_switch (self->store, self->vm_key, QV_VM_ARRANGE_GUEST, guest, &error))
    qv_app_say ("%s", error->message);
}

gboolean
qv_layout_glue_get_link_consent (QvLayoutGlue *self)
{
  return self->store != NULL && !self->store_broken &&
         qv_layout_store_get_switch (self->store, self->vm_key, QV_VM_LINK_CONSENT);
}

void
qv_layout_glue_set_link_consent (QvLayoutGlue *self)
{
  g_autoptr (GError) error = NULL;

  if (self->store == NULL || self->store_broken)
    return;
  if (!qv_layout_store_set_switch (self->store, self->vm_key, QV_VM_LINK_CONSENT, TRUE, &error))
    {
      qv_app_say ("%s", error->message);
      return;
    }
  qv_layout_glue_save_now (self);
}

const QvLayout *
qv_layout_glue_get_layout (QvLayoutGlue *self)
{
  return self->layout;
}
