/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The guest's displays as windows: one QvWindow per head the guest shows,
 * which of them are wanted on screen, and the one monitors config that
 * makes the guest's heads the size of their windows. */
#include "qv-displays.h"
#include "qv-app.h"
#include "qv-i18n.h"

#include "qv-arrange.h"
#include "qv-display-model.h"
#include "qv-layout.h"

#include <string.h>

#define RESIZE_DELAY_MS 200
/* A window first shows once its channel's first picture is complete (the
 * server's "mark" message): shown before, it paints an empty frame first,
 * one more window-sized paint for the X server and a flash for the user.
 * A channel without a mark by then gets its windows shown anyway. */
#define CONTENT_WAIT_MS 1000
#define HAS_CONTENT "qv-has-content"

/* The GTK side of a display; its model (guest report, wishes, sizes) is
 * self->model.heads[index]. */
typedef struct {
  QvWindow *window;      /* owned toplevel, NULL until the guest shows the head */
  SpiceChannel *channel; /* the display channel the head belongs to */
  gboolean warned_size;  /* said once that the guest's size does not fit */
} Slot;

struct _QvDisplays {
  GObject parent_instance;
  gboolean no_keyboard_grab; /* --keyboard-grab=off */

  QvSession *session;
  GPtrArray *channels; /* SpiceChannel, each with a notify::monitors handler */
  Slot slots[QV_MAX_DISPLAYS];
  /* What the decision needs (qv-display-model.h); the windows' part is
   * gathered when it is made. sent: the last config of this connection. */
  QvDisplayModel model;
  gboolean said_folded; /* the fold or the overflow was said, and lasts */
  char *name;
  guint config_source;
  gboolean started;     /* qv_displays_start: windows may be created */
  guint content_wait;   /* CONTENT_WAIT_MS after the first window without a picture */
};

G_DEFINE_FINAL_TYPE (QvDisplays, qv_displays, G_TYPE_OBJECT)

enum {
  SIGNAL_WINDOW_CREATED,
  SIGNAL_WINDOW_CHANGED,
  SIGNAL_ENABLED_CHANGED,
  SIGNAL_QUIT,
  N_SIGNALS,
};
static guint signals[N_SIGNALS];

#define MONITORS_KNOWN "qv-monitors-known"

/* Every display channel has said which heads the guest shows. */
static gboolean
monitors_known (QvDisplays *self)
{
  if (self->channels->len == 0)
    return FALSE;
  for (guint i = 0; i < self->channels->len; i++)
    if (g_object_get_data (self->channels->pdata[i], MONITORS_KNOWN) == NULL)
      return FALSE;
  return TRUE;
}

/* The model as things stand: the windows' sizes and states, the
 * channels, the agent. */
static void
gather (QvDisplays *self)
{
  QvDisplayModel *model = &self->model;

  model->monitors_known = monitors_known (self);
  model->agent_connected = qv_session_get_agent_connected (self->session);
  model->chrome_height = qv_displays_get_chrome_height (self);
  model->windows_placed = FALSE;
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      QvGuestHead *head = &model->heads[i];
      QvWindow *window = self->slots[i].window;

      head->has_window = window != NULL;
      head->window_visible = window != NULL && gtk_widget_get_visible (GTK_WIDGET (window));
      head->window_settling = window != NULL && qv_window_is_settling (window);
      head->area_width = head->area_height = 0;
      head->placed = FALSE;
      if (window != NULL)
        {
          qv_window_get_guest_size (window, &head->area_width, &head->area_height);
          head->placed = qv_window_get_host_place (window, &head->host);
          model->windows_placed |= qv_window_is_placed (window);
        }
    }
}

static gboolean
slot_wanted (QvDisplays *self, int index)
{
  self->model.agent_connected = qv_session_get_agent_connected (self->session);
  return qv_display_model_wanted (&self->model, index);
}

static gboolean
slot_requested (QvDisplays *self, int index)
{
  gather (self);
  return qv_display_model_requested (&self->model, index);
}

/* One message for all heads, and only when it changes a head: every
 * re-layout makes the guest redraw all of them. Heads keep their places
 * as far as the changes allow (qv_monitor_config_rearrange). Needs the
 * guest agent. */
static gboolean
send_config (gpointer data)
{
  QvDisplays *self = data;
  SpiceMainChannel *main_channel = qv_session_get_main_channel (self->session);
  QvMonitorConfig heads[QV_MAX_DISPLAYS];
  QvDisplayDecision decision;
  QvArrangeNote note;
  g_autofree char *text = NULL;

  self->config_source = 0;
  if (main_channel == NULL)
    return G_SOURCE_REMOVE;
  gather (self);
  decision = qv_display_model_decide (&self->model, heads, &note);
  if (decision != QV_DISPLAY_SEND && decision != QV_DISPLAY_UNCHANGED)
    {
      g_debug ("monitors config: %s", qv_display_decision_to_string (decision));
      return G_SOURCE_REMOVE;
    }
  text = qv_monitor_config_describe (heads, QV_MAX_DISPLAYS);
  if (decision == QV_DISPLAY_UNCHANGED)
    {
      g_debug ("monitors config unchanged, not sent: %s", text);
      return G_SOURCE_REMOVE;
    }
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      if (heads[i].on)
        spice_main_channel_update_display (main_channel, i, heads[i].x, heads[i].y,
                                           heads[i].width, heads[i].height, FALSE);
      spice_main_channel_update_display_enabled (main_channel, i, heads[i].on, FALSE);
    }
  spice_main_channel_send_monitor_config (main_channel);
  /* Once per fold, not on every config while it lasts. */
  if (note.folded && !self->said_folded)
    qv_app_say (_("the windows stand %dx%d px wide and high, more than the guest "
                  "driver's %d px: its displays are folded into %dx%d"),
                note.unfolded_width, note.unfolded_height, QV_QXL_MAX_FB, note.width, note.height);
  else if (!note.fits && !self->said_folded)
    qv_app_say (_("the guest's displays need %dx%d px, more than the guest driver's "
                  "%d px: it may not show them"),
                note.width, note.height, QV_QXL_MAX_FB);
  self->said_folded = note.folded || !note.fits;
  memcpy (self->model.sent, heads, sizeof heads);
  self->model.sent_valid = TRUE;
  g_debug ("monitors config sent: %s", text);
  return G_SOURCE_REMOVE;
}

static void
schedule_config (QvDisplays *self)
{
  if (self->config_source != 0)
    g_source_remove (self->config_source);
  self->config_source = g_timeout_add (RESIZE_DELAY_MS, send_config, self);
}

static void
sync_menus (QvDisplays *self)
{
  for (int w = 0; w < QV_MAX_DISPLAYS; w++)
    {
      if (self->slots[w].window == NULL)
        continue;
      for (int i = 0; i < QV_MAX_DISPLAYS; i++)
        qv_window_set_display_enabled (self->slots[w].window, i, slot_requested (self, i));
    }
}

static int
channel_id (SpiceChannel *channel)
{
  int id = 0;

  g_object_get (channel, "channel-id", &id, NULL);
  return id;
}

static gboolean
has_content (SpiceChannel *channel)
{
  return g_object_get_data (G_OBJECT (channel), HAS_CONTENT) != NULL;
}

/* Show or hide a window as the guest and the user want, once its channel
 * has a picture to show. */
static void
update_visibility (QvDisplays *self, int index)
{
  Slot *slot = &self->slots[index];
  gboolean show;

  if (slot->window == NULL)
    return;
  show = self->model.heads[index].guest_active && slot_wanted (self, index) && has_content (slot->channel);
  if (show == gtk_widget_get_visible (GTK_WIDGET (slot->window)))
    return;
  g_debug ("display %d: %s", index + 1, show ? "shown" : "hidden");
  gtk_widget_set_visible (GTK_WIDGET (slot->window), show);
  g_signal_emit (self, signals[SIGNAL_WINDOW_CHANGED], 0, slot->window);
}

static void
on_window_toggled (QvWindow *window, int index, gboolean enabled, QvDisplays *self)
{
  qv_displays_set_enabled (self, index, enabled);
  if (enabled && !self->model.heads[index].guest_active &&
      !qv_session_get_agent_connected (self->session))
    qv_app_say (_("display %d can be switched on once the guest agent runs"),
                index + 1);
}

static void
on_window_close (QvWindow *window, QvDisplays *self)
{
  int index = qv_window_get_index (window);

  /* Remember the geometry first: closing keeps the window's place. */
  g_signal_emit (self, signals[SIGNAL_WINDOW_CHANGED], 0, window);
  if (qv_displays_count_visible (self) <= 1)
    {
      g_signal_emit (self, signals[SIGNAL_QUIT], 0);
      return;
    }
  qv_displays_set_enabled (self, index, FALSE);
}

static void
on_window_quit (QvWindow *window, QvDisplays *self)
{
  g_signal_emit (self, signals[SIGNAL_QUIT], 0);
}

static void
on_window_resized (QvWindow *window, QvDisplays *self)
{
  int width, height;

  /* The tests time a resize from here to "monitors config sent". */
  qv_window_get_guest_size (window, &width, &height);
  g_debug ("display %d: area %dx%d", qv_window_get_index (window) + 1, width, height);
  if (self->model.auto_resize)
    schedule_config (self);
}

static void
on_window_geometry (QvWindow *window, QvDisplays *self)
{
  QvRect place;

  /* The tests time a move from here to "monitors config sent". */
  if (qv_window_get_host_place (window, &place))
    g_debug ("display %d: at %d,%d", qv_window_get_index (window) + 1, place.x, place.y);
  g_signal_emit (self, signals[SIGNAL_WINDOW_CHANGED], 0, window);
  /* A move may change how the windows stand: the decision says whether
   * the guest's arrangement must follow (mostly not). */
  if (self->model.arrangement == QV_ARRANGEMENT_WINDOWS &&
      qv_session_get_agent_connected (self->session))
    schedule_config (self);
}

static void
destroy_window (QvDisplays *self, int index)
{
  Slot *slot = &self->slots[index];

  if (slot->window != NULL)
    gtk_widget_destroy (GTK_WIDGET (slot->window));
  slot->window = NULL;
  slot->channel = NULL;
  self->model.heads[index].guest_active = FALSE;
}

/* Fits a window size into the largest work area of the host's monitors:
 * the window's monitor is not known before it is shown. */
static gboolean
fit_work_area (int *width, int *height)
{
  GdkDisplay *display = gdk_display_get_default ();
  int max_width = 0, max_height = 0;

  for (int i = 0; i < gdk_display_get_n_monitors (display); i++)
    {
      GdkRectangle area;

      gdk_monitor_get_workarea (gdk_display_get_monitor (display, i), &area);
      max_width = MAX (max_width, area.width);
      max_height = MAX (max_height, area.height);
    }
  return qv_size_fit (width, height, max_width, max_height);
}

static void
set_has_content (QvDisplays *self, SpiceChannel *channel)
{
  g_object_set_data (G_OBJECT (channel), HAS_CONTENT, GINT_TO_POINTER (TRUE));
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    if (self->slots[i].channel == channel)
      update_visibility (self, i);
}

static gboolean
on_content_wait (gpointer data)
{
  QvDisplays *self = data;

  self->content_wait = 0;
  for (guint i = 0; i < self->channels->len; i++)
    {
      SpiceChannel *channel = self->channels->pdata[i];

      if (has_content (channel))
        continue;
      g_debug ("display channel %d: no complete picture after %d ms, showing its windows",
               channel_id (channel), CONTENT_WAIT_MS);
      set_has_content (self, channel);
    }
  return G_SOURCE_REMOVE;
}

/* spice-gtk's "display-mark": TRUE once the server has sent the whole
 * surface, FALSE when it goes (a mode change); windows stay up then. */
static void
on_display_mark (SpiceChannel *channel, gint mark, QvDisplays *self)
{
  if (mark == 0 || has_content (channel))
    return;
  g_debug ("display channel %d: first picture complete", channel_id (channel));
  set_has_content (self, channel);
}

static void
ensure_window (QvDisplays *self, SpiceChannel *channel, int channel_id, int monitor_id,
               const QvMonitorConfig *monitor, int index)
{
  Slot *slot = &self->slots[index];
  SpiceSession *spice = qv_session_get_spice (self->session);
  int width, height;

  if (slot->window != NULL && slot->channel == channel)
    return;
  destroy_window (self, index);

  slot->channel = channel;
  slot->window = qv_window_new (spice, channel_id, monitor_id, index);
  qv_window_set_keyboard_grab (slot->window, !self->no_keyboard_grab);
  /* Open at the guest's resolution, not the widget's 640x480 fallback
   * (which auto-resize would then impose on the guest), but never larger
   * than a host monitor: the widget scales a head that does not fit. A
   * saved layout overrides this in "window-created". */
  qv_window_guest_to_window_size (slot->window, monitor->width, monitor->height, &width,
                                  &height);
  if (fit_work_area (&width, &height) && !slot->warned_size)
    {
      qv_app_say (_("the guest shows display %d at %ux%u, larger than this screen: "
                    "its window shows it scaled down"),
                  index + 1, (unsigned) monitor->width, (unsigned) monitor->height);
      slot->warned_size = TRUE;
    }
  qv_window_request_geometry (slot->window, &(QvRect) { 0, 0, width, height }, FALSE);
  qv_window_set_name (slot->window, self->name != NULL ? self->name : "quadview");
  g_signal_connect (slot->window, "display-toggled", G_CALLBACK (on_window_toggled), self);
  g_signal_connect (slot->window, "close-requested", G_CALLBACK (on_window_close), self);
  g_signal_connect (slot->window, "quit-requested", G_CALLBACK (on_window_quit), self);
  g_signal_connect (slot->window, "display-resized", G_CALLBACK (on_window_resized), self);
  g_signal_connect (slot->window, "geometry-changed", G_CALLBACK (on_window_geometry), self);
  g_signal_emit (self, signals[SIGNAL_WINDOW_CREATED], 0, slot->window);
  sync_menus (self);
  if (!has_content (channel) && self->content_wait == 0)
    self->content_wait = g_timeout_add (CONTENT_WAIT_MS, on_content_wait, self);
}

static int
display_index (int channel_id, int monitor_id)
{
  /* spice-gtk's numbering: monitors of channel 0, else one per channel. */
  return channel_id == 0 ? monitor_id : channel_id;
}

static void
on_monitors (SpiceChannel *channel, GParamSpec *pspec, QvDisplays *self)
{
  g_autoptr (GArray) monitors = NULL;
  guint max = 0;
  int channel_id = 0;
  gboolean active[QV_MAX_DISPLAYS] = { FALSE };

  gboolean was_known = g_object_get_data (G_OBJECT (channel), MONITORS_KNOWN) != NULL;

  if (!self->started)
    return;
  g_object_get (channel, "channel-id", &channel_id, "monitors", &monitors, "monitors-max", &max,
                NULL);
  if (monitors == NULL)
    return;

  for (guint i = 0; i < monitors->len; i++)
    {
      SpiceDisplayMonitorConfig *m = &g_array_index (monitors, SpiceDisplayMonitorConfig, i);
      int index = m->id < QV_MAX_DISPLAYS ? display_index (channel_id, (int) m->id) : -1;
      QvMonitorConfig head;

      if (index < 0 || index >= QV_MAX_DISPLAYS ||
          !qv_monitor_config_from_report (m->x, m->y, m->width, m->height, &head))
        continue;
      ensure_window (self, channel, channel_id, (int) m->id, &head, index);
      active[index] = TRUE;
      g_object_set_data (G_OBJECT (channel), MONITORS_KNOWN, GINT_TO_POINTER (TRUE));
      self->model.heads[index].guest = head;
    }

  if (g_log_get_debug_enabled () || g_getenv ("G_MESSAGES_DEBUG") != NULL)
    {
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; i < monitors->len; i++)
        {
          SpiceDisplayMonitorConfig *m = &g_array_index (monitors, SpiceDisplayMonitorConfig, i);

          g_string_append_printf (text, " %u=%ux%u+%u+%u", m->id + 1, m->width, m->height, m->x,
                                  m->y);
        }
      g_debug ("display channel %d reports monitors:%s", channel_id, text->str);
    }

  /* Heads of this channel the guest no longer shows. */
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      if (self->slots[i].channel != channel)
        continue;
      self->model.heads[i].guest_active = active[i];
      update_visibility (self, i);
    }
  /* The decision waited for this (monitors_known). */
  if (!was_known && g_object_get_data (G_OBJECT (channel), MONITORS_KNOWN) != NULL &&
      qv_session_get_agent_connected (self->session))
    schedule_config (self);
}

static void
on_display_channel (QvSession *session, SpiceChannel *channel, QvDisplays *self)
{
  g_ptr_array_add (self->channels, g_object_ref (channel));
  g_signal_connect (channel, "notify::monitors", G_CALLBACK (on_monitors), self);
  g_signal_connect (channel, "display-mark", G_CALLBACK (on_display_mark), self);
}

static void
forget_channel (QvDisplays *self, SpiceChannel *channel)
{
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    if (self->slots[i].channel == channel)
      destroy_window (self, i);
  g_signal_handlers_disconnect_by_data (channel, self);
}

static void
on_display_channel_gone (QvSession *session, SpiceChannel *channel, QvDisplays *self)
{
  if (!g_ptr_array_find (self->channels, channel, NULL))
    return;
  forget_channel (self, channel);
  g_ptr_array_remove (self->channels, channel);
}

static void
on_agent_changed (QvSession *session, gboolean connected, QvDisplays *self)
{
  if (!connected)
    {
      /* A new agent (a reboot, a reconnection) knows nothing we sent. */
      self->model.sent_valid = FALSE;
      return;
    }
  /* Now the guest can follow: ask for the heads the layout wants. */
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    update_visibility (self, i);
  sync_menus (self);
  schedule_config (self);
}

static void
qv_displays_init (QvDisplays *self)
{
  self->channels = g_ptr_array_new_with_free_func (g_object_unref);
  qv_display_model_init (&self->model);
}

static void
qv_displays_dispose (GObject *object)
{
  QvDisplays *self = QV_DISPLAYS (object);

  qv_displays_clear (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->channels, g_ptr_array_unref);
  g_clear_handle_id (&self->config_source, g_source_remove);
  g_clear_pointer (&self->name, g_free);
  G_OBJECT_CLASS (qv_displays_parent_class)->dispose (object);
}

static void
qv_displays_class_init (QvDisplaysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qv_displays_dispose;

  signals[SIGNAL_WINDOW_CREATED] =
    g_signal_new ("window-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, QV_TYPE_WINDOW);
  signals[SIGNAL_WINDOW_CHANGED] =
    g_signal_new ("window-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, QV_TYPE_WINDOW);
  signals[SIGNAL_ENABLED_CHANGED] =
    g_signal_new ("enabled-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_QUIT] = g_signal_new ("quit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

QvDisplays *
qv_displays_new (QvSession *session)
{
  QvDisplays *self = g_object_new (QV_TYPE_DISPLAYS, NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "display-channel", G_CALLBACK (on_display_channel), self, 0);
  g_signal_connect_object (session, "display-channel-gone", G_CALLBACK (on_display_channel_gone), self, 0);
  g_signal_connect_object (session, "agent-changed", G_CALLBACK (on_agent_changed), self, 0);
  return self;
}

void
qv_displays_set_name (QvDisplays *self, const char *name)
{
  g_free (self->name);
  self->name = g_strdup (name);
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    if (self->slots[i].window != NULL)
      qv_window_set_name (self->slots[i].window, name);
}

void
qv_displays_set_keyboard_grab (QvDisplays *self, gboolean grab)
{
  self->no_keyboard_grab = !grab;
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    if (self->slots[i].window != NULL)
      qv_window_set_keyboard_grab (self->slots[i].window, grab);
}

void
qv_displays_set_auto_resize (QvDisplays *self, gboolean auto_resize)
{
  self->model.auto_resize = auto_resize;
}

void
qv_displays_set_arrangement (QvDisplays *self, QvArrangement arrangement)
{
  self->model.arrangement = arrangement;
}

void
qv_displays_set_wait_for_agent (QvDisplays *self, gboolean wait)
{
  self->model.wait_for_agent = wait;
}

gboolean
qv_displays_get_enabled (QvDisplays *self, int index)
{
  g_return_val_if_fail (index >= 0 && index < QV_MAX_DISPLAYS, FALSE);
  return self->model.heads[index].enabled;
}

void
qv_displays_set_enabled (QvDisplays *self, int index, gboolean enabled)
{
  g_return_if_fail (index >= 0 && index < QV_MAX_DISPLAYS);

  if (self->model.heads[index].enabled != enabled)
    {
      self->model.heads[index].enabled = enabled;
      g_signal_emit (self, signals[SIGNAL_ENABLED_CHANGED], 0, index);
    }
  /* Switched on with nothing known of it: a size to ask the guest for. */
  if (enabled && self->slots[index].window == NULL &&
      self->model.heads[index].want == QV_HEAD_WANT_NONE)
    {
      self->model.heads[index].want = QV_HEAD_WANT_GUEST;
      self->model.heads[index].want_width = QV_DEFAULT_HEAD_WIDTH;
      self->model.heads[index].want_height = QV_DEFAULT_HEAD_HEIGHT;
    }
  update_visibility (self, index);
  sync_menus (self);
  if (qv_session_get_agent_connected (self->session))
    schedule_config (self);
}

void
qv_displays_request_window (QvDisplays *self, int index, const QvDisplayState *state)
{
  QvGuestHead *head;

  g_return_if_fail (index >= 0 && index < QV_MAX_DISPLAYS);
  head = &self->model.heads[index];
  head->want = QV_HEAD_WANT_WINDOW;
  head->want_window = *state;
  head->want_window.monitor = NULL;
  qv_displays_set_enabled (self, index, state->enabled);
}

int
qv_displays_get_chrome_height (QvDisplays *self)
{
  int height;

  /* Every window has the same bar: any of them, shown or not, is real. */
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    if (self->slots[i].window != NULL)
      return qv_window_get_chrome_height (self->slots[i].window);
  height = qv_window_chrome_height_cached (gdk_screen_get_default ());
  if (height >= 0)
    return height;
  /* No window has existed on this screen: the guest shows no head. A
   * head asked for now is then the window's size; its window, once it
   * opens, gives the true size. */
  g_debug ("no window yet: sizes without the menu bar");
  return 0;
}

QvWindow *
qv_displays_get_window (QvDisplays *self, int index)
{
  g_return_val_if_fail (index >= 0 && index < QV_MAX_DISPLAYS, NULL);
  return self->slots[index].window;
}

guint
qv_displays_count_visible (QvDisplays *self)
{
  guint n = 0;

  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      GtkWidget *window = GTK_WIDGET (self->slots[i].window);

      if (window != NULL && gtk_widget_get_visible (window))
        n++;
    }
  return n;
}

gboolean
qv_displays_all_shown (QvDisplays *self)
{
  guint active = 0;

  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      GtkWidget *window = GTK_WIDGET (self->slots[i].window);

      if (!self->model.heads[i].guest_active)
        continue;
      active++;
      if (window == NULL || !gtk_widget_get_visible (window))
        return FALSE;
    }
  return active > 0;
}

void
qv_displays_clear (QvDisplays *self)
{
  if (self->channels != NULL)
    {
      for (guint i = 0; i < self->channels->len; i++)
        forget_channel (self, self->channels->pdata[i]);
      g_ptr_array_set_size (self->channels, 0);
    }
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    destroy_window (self, i);
  g_clear_handle_id (&self->content_wait, g_source_remove);
  self->model.sent_valid = FALSE;
}

void
qv_displays_start (QvDisplays *self)
{
  if (self->started)
    return;
  self->started = TRUE;
  for (guint i = 0; i < self->channels->len; i++)
    on_monitors (self->channels->pdata[i], NULL, self);
}
