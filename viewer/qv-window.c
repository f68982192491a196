/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One guest display's top-level window: its menu bar (a GtkBuilder
 * menu of "win." actions, with the application's keys), the SpiceDisplay
 * widget, its fullscreen and maximized states, its normal geometry for
 * layouts, and the one measurement of the chrome (the menu bar) that lies
 * between a window's size and its guest head's size. */
#include "qv-window.h"
#include "qv-app.h"
#include "qv-i18n.h"
#include "qv-normal-geometry.h"
#include "qv-title.h"

#ifdef GDK_WINDOWING_WAYLAND
#include <gdk/gdkwayland.h>
#endif

struct _QvWindow {
  GtkApplicationWindow parent_instance;

  SpiceSession *session; /* not owned: outlives the windows */
  SpiceDisplay *display;
  GtkWidget *menubar;
  GtkWidget *consent_bar;
  int index;
  gboolean fullscreen;
  gboolean maximized;
  int guest_width;
  int guest_height;
  QvNormalGeometry normal; /* what a saved layout keeps */
  guint settle_source;     /* asked for fullscreen or maximized, not settled yet */
  /* Where it stands means something: a layout put it there, or it moved
   * after it first showed (the user, or a window manager at the user's
   * bidding). Until then its place is where GTK or the window manager
   * happened to open it, which the guest's arrangement does not follow. */
  gboolean placed;
  gboolean shown_place_known;
  int shown_x, shown_y;
  gboolean settle_reached; /* the state is there; its size comes next */
};

/* A compositor that ignores a request must not hold the guest's sizes
 * back for ever. */
#define SETTLE_TIMEOUT_MS 2000
/* The state reached, the allocation for it follows within this. */
#define SETTLE_GRACE_MS 300

G_DEFINE_FINAL_TYPE (QvWindow, qv_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  SIGNAL_DISPLAY_TOGGLED,
  SIGNAL_CLOSE_REQUESTED,
  SIGNAL_DISPLAY_RESIZED,
  SIGNAL_GEOMETRY_CHANGED,
  SIGNAL_QUIT_REQUESTED,
  SIGNAL_CONSENT_GIVEN,
  N_SIGNALS,
};
static guint signals[N_SIGNALS];

void
qv_window_toggle_fullscreen (QvWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkWindow *gdk_window = gtk_widget_get_window (widget);
  GdkDisplay *display = gtk_widget_get_display (widget);
  GdkMonitor *monitor;

  if (self->fullscreen)
    {
      gtk_window_unfullscreen (GTK_WINDOW (self));
      return;
    }
  if (gdk_window == NULL)
    {
      gtk_window_fullscreen (GTK_WINDOW (self));
      return;
    }
  monitor = gdk_display_get_monitor_at_window (display, gdk_window);
  for (int i = 0; i < gdk_display_get_n_monitors (display); i++)
    if (gdk_display_get_monitor (display, i) == monitor)
      {
        gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), gtk_widget_get_screen (widget), i);
        return;
      }
  gtk_window_fullscreen (GTK_WINDOW (self));
}

/* ---- actions (the menu's items, and their keys) ------------------------- */

static void
on_fullscreen (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  qv_window_toggle_fullscreen (data);
}

static void
on_release_cursor (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  QvWindow *self = data;

  spice_display_mouse_ungrab (self->display);
  spice_display_keyboard_ungrab (self->display);
}

static void
on_send_cad (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  static const guint keys[] = { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete };
  QvWindow *self = data;

  spice_display_send_keys (self->display, keys, G_N_ELEMENTS (keys),
                           SPICE_DISPLAY_KEY_EVENT_CLICK);
}

/* "display-N" asked to change: the display manager decides, and sets
 * every window's state with qv_window_set_display_enabled(). */
static void
on_display_change (GSimpleAction *action, GVariant *value, gpointer data)
{
  const char *name = g_action_get_name (G_ACTION (action));
  int index = name[strlen (name) - 1] - '1';

  g_signal_emit (data, signals[SIGNAL_DISPLAY_TOGGLED], 0, index, g_variant_get_boolean (value));
}

static void
on_usb_response (GtkDialog *dialog, int response, gpointer data)
{
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
on_usb (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  QvWindow *self = data;
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog, *content, *devices;

  if (spice_usb_device_manager_get (self->session, &error) == NULL)
    {
      qv_app_say (_("USB redirection unavailable: %s"), error->message);
      return;
    }
  /* Not modal, no loop of its own: the guest keeps running in every
   * window while devices are chosen. */
  dialog = gtk_dialog_new_with_buttons (_("USB device selection"), GTK_WINDOW (self),
                                        GTK_DIALOG_DESTROY_WITH_PARENT, _("_Close"),
                                        GTK_RESPONSE_CLOSE, NULL);
  content = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  devices = spice_usb_device_widget_new (self->session, NULL);
  gtk_container_set_border_width (GTK_CONTAINER (devices), 6);
  gtk_box_pack_start (GTK_BOX (content), devices, TRUE, TRUE, 0);
  g_signal_connect (dialog, "response", G_CALLBACK (on_usb_response), NULL);
  gtk_widget_show_all (dialog);
}

gboolean
qv_window_save_screenshot (QvWindow *self, const char *path, GError **error)
{
  /* The head at the guest's resolution, whatever the window scales it to. */
  g_autoptr (GdkPixbuf) pixbuf = spice_display_get_pixbuf (self->display);

  if (pixbuf == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("%s: display %d has no picture yet"), path, self->index + 1);
      return FALSE;
    }
  if (!gdk_pixbuf_save (pixbuf, path, "png", error, NULL))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

static void
on_screenshot_response (GtkNativeDialog *chooser, int response, gpointer data)
{
  QvWindow *self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
      if (path != NULL && !qv_window_save_screenshot (self, path, &error))
        qv_app_say ("%s", error->message);
    }
  g_object_unref (chooser);
}

static void
on_screenshot (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  QvWindow *self = data;
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("%s.png", gtk_window_get_title (GTK_WINDOW (self)));

  /* Answered in its handler: the guest keeps running meanwhile. */
  chooser = gtk_file_chooser_native_new (_("Save screenshot"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, NULL, NULL);
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), g_strdelimit (name, "/", '-'));
  g_signal_connect (chooser, "response", G_CALLBACK (on_screenshot_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_quit (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  g_signal_emit (data, signals[SIGNAL_QUIT_REQUESTED], 0);
}

static const GActionEntry window_actions[] = {
  { "fullscreen", on_fullscreen },
  { "release-cursor", on_release_cursor },
  { "send-cad", on_send_cad },
  { "usb-devices", on_usb },
  { "screenshot", on_screenshot },
  { "quit", on_quit },
  { "display-1", NULL, NULL, "true", on_display_change },
  { "display-2", NULL, NULL, "true", on_display_change },
  { "display-3", NULL, NULL, "true", on_display_change },
  { "display-4", NULL, NULL, "true", on_display_change },
};
G_STATIC_ASSERT (QV_MAX_DISPLAYS == 4);

/* The keys of the actions, as remote-viewer has them where it has the
 * action; remote-viewer's hotkey names for the ones a .vv file or
 * --hotkeys may change. Not Ctrl+Shift+digit for the displays (Shift
 * changes the digit's keysym, so GTK never matches it), nor Ctrl+Alt+digit
 * (spice-gtk takes a Ctrl+Alt whose digit it did not see for its grab
 * sequence). */
static const struct {
  const char *action, *keys, *hotkey;
} window_keys[] = {
  { "win.fullscreen", "F11", "toggle-fullscreen" },
  { "win.release-cursor", "<Shift>F12", "release-cursor" },
  { "win.send-cad", "<Ctrl><Alt>End", "secure-attention" },
  { "win.display-1", "<Ctrl><Shift>F1", NULL },
  { "win.display-2", "<Ctrl><Shift>F2", NULL },
  { "win.display-3", "<Ctrl><Shift>F3", NULL },
  { "win.display-4", "<Ctrl><Shift>F4", NULL },
};

void
qv_window_set_default_keys (GtkApplication *app)
{
  for (guint i = 0; i < G_N_ELEMENTS (window_keys); i++)
    {
      const char *keys[] = { window_keys[i].keys, NULL };

      gtk_application_set_accels_for_action (app, window_keys[i].action, keys);
    }
}

const char *
qv_window_action_for_hotkey (const char *hotkey)
{
  for (guint i = 0; i < G_N_ELEMENTS (window_keys); i++)
    if (window_keys[i].hotkey != NULL && g_str_equal (window_keys[i].hotkey, hotkey))
      return window_keys[i].action;
  return NULL;
}

static void
build_menu (QvWindow *self)
{
  g_autoptr (GtkBuilder) builder = gtk_builder_new ();
  g_autoptr (GError) error = NULL;
  GMenu *displays;

  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_from_resource (builder, "/org/quadview/viewer/qv-window-menus.ui", &error))
    g_error ("the window menus: %s", error->message); /* compiled in: cannot fail */
  displays = G_MENU (gtk_builder_get_object (builder, "displays"));
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      g_autofree char *label = g_strdup_printf (_("Display %d"), i + 1);
      g_autofree char *action = g_strdup_printf ("win.display-%d", i + 1);

      g_menu_append (displays, label, action);
    }
  self->menubar =
    gtk_menu_bar_new_from_model (G_MENU_MODEL (gtk_builder_get_object (builder, "menubar")));
}

static gboolean
on_delete (GtkWidget *widget, GdkEvent *event, gpointer data)
{
  g_signal_emit (widget, signals[SIGNAL_CLOSE_REQUESTED], 0);
  return TRUE; /* the display manager decides: hide or quit */
}

gboolean
qv_window_positions_known (void)
{
#ifdef GDK_WINDOWING_WAYLAND
  /* Native Wayland tells clients neither where their windows are nor lets
   * them say where they go. */
  if (GDK_IS_WAYLAND_DISPLAY (gdk_display_get_default ()))
    return FALSE;
#endif
  return TRUE;
}

static gboolean
on_configure (GtkWidget *widget, GdkEventConfigure *event, gpointer data)
{
  QvWindow *self = QV_WINDOW (widget);

  if (!self->fullscreen && !self->maximized)
    {
      QvRect rect;

      gtk_window_get_position (GTK_WINDOW (self), &rect.x, &rect.y);
      gtk_window_get_size (GTK_WINDOW (self), &rect.width, &rect.height);
      qv_normal_geometry_report (&self->normal, &rect, qv_window_positions_known ());
      if (gtk_widget_get_mapped (widget))
        {
          if (!self->shown_place_known)
            {
              self->shown_place_known = TRUE;
              self->shown_x = rect.x;
              self->shown_y = rect.y;
            }
          else if (rect.x != self->shown_x || rect.y != self->shown_y)
            self->placed = TRUE;
        }
    }
  g_signal_emit (widget, signals[SIGNAL_GEOMETRY_CHANGED], 0);
  return FALSE;
}

static gboolean
on_settle_timeout (gpointer data)
{
  QvWindow *self = data;

  self->settle_source = 0;
  g_signal_emit (self, signals[SIGNAL_DISPLAY_RESIZED], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
on_window_state (GtkWidget *widget, GdkEventWindowState *event, gpointer data)
{
  QvWindow *self = QV_WINDOW (widget);

  gboolean was_normal = !self->fullscreen && !self->maximized;

  self->fullscreen = (event->new_window_state & GDK_WINDOW_STATE_FULLSCREEN) != 0;
  /* Fullscreen on a monitor is a place the user chose. */
  if (self->fullscreen)
    self->placed = TRUE;
  self->maximized = (event->new_window_state & GDK_WINDOW_STATE_MAXIMIZED) != 0;
  if (was_normal && (self->fullscreen || self->maximized))
    {
      int width, height;

      gtk_window_get_size (GTK_WINDOW (self), &width, &height);
      qv_normal_geometry_leave_normal (&self->normal, width, height);
    }
  gtk_widget_set_visible (self->menubar, !self->fullscreen);
  if (self->settle_source != 0 && !self->settle_reached && (self->fullscreen || self->maximized))
    {
      /* The size that goes with the state is allocated next. */
      g_clear_handle_id (&self->settle_source, g_source_remove);
      self->settle_reached = TRUE;
      self->settle_source = g_timeout_add (SETTLE_GRACE_MS, on_settle_timeout, self);
    }
  g_signal_emit (widget, signals[SIGNAL_GEOMETRY_CHANGED], 0);
  return FALSE;
}

int
qv_window_get_chrome_height (QvWindow *self)
{
  int height = 0;

  if (self->fullscreen || !gtk_widget_get_visible (self->menubar))
    return 0;
  /* The bar as laid out, once it is; until then what it asks for, which
   * is what GTK will give it in a window that is not squeezed. */
  height = gtk_widget_get_allocated_height (self->menubar);
  if (!gtk_widget_get_realized (self->menubar) || height <= 1)
    gtk_widget_get_preferred_height (self->menubar, NULL, &height);
  return height;
}

void
qv_window_guest_to_window_size (QvWindow *self, int width, int height, int *win_width,
                                int *win_height)
{
  *win_width = width;
  *win_height = height + qv_window_get_chrome_height (self);
}

/* The cache is per screen and per theme and font: both set the bar's
 * height, and either may change while quadview runs. */
static char *
chrome_cache_key (GdkScreen *screen)
{
  GtkSettings *settings = gtk_settings_get_for_screen (screen);
  g_autofree char *theme = NULL;
  g_autofree char *font = NULL;

  g_object_get (settings, "gtk-theme-name", &theme, "gtk-font-name", &font, NULL);
  return g_strdup_printf ("qv-chrome-height:%s:%s:%d", theme != NULL ? theme : "",
                          font != NULL ? font : "",
                          gdk_monitor_get_scale_factor (
                            gdk_display_get_monitor (gdk_screen_get_display (screen), 0)));
}

static void
remember_chrome_height (QvWindow *self)
{
  GdkScreen *screen = gtk_widget_get_screen (GTK_WIDGET (self));
  g_autofree char *key = NULL;
  int height;

  if (self->fullscreen || !gtk_widget_get_visible (self->menubar) ||
      !gtk_widget_get_realized (self->menubar))
    return;
  height = gtk_widget_get_allocated_height (self->menubar);
  if (height <= 1)
    return;
  key = chrome_cache_key (screen);
  g_object_set_data (G_OBJECT (screen), key, GINT_TO_POINTER (height + 1));
}

int
qv_window_chrome_height_cached (GdkScreen *screen)
{
  g_autofree char *key = chrome_cache_key (screen);

  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (screen), key)) - 1;
}

static void
on_display_allocate (GtkWidget *widget, GdkRectangle *allocation, QvWindow *self)
{
  gboolean settled = self->settle_source != 0 && self->settle_reached;

  remember_chrome_height (self);
  if (settled)
    g_clear_handle_id (&self->settle_source, g_source_remove);
  if (allocation->width == self->guest_width && allocation->height == self->guest_height)
    {
      if (settled)
        g_signal_emit (self, signals[SIGNAL_DISPLAY_RESIZED], 0);
      return;
    }
  self->guest_width = allocation->width;
  self->guest_height = allocation->height;
  g_signal_emit (self, signals[SIGNAL_DISPLAY_RESIZED], 0);
}

static void
qv_window_init (QvWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  g_signal_connect (self, "delete-event", G_CALLBACK (on_delete), NULL);
  g_signal_connect (self, "configure-event", G_CALLBACK (on_configure), NULL);
  g_signal_connect (self, "window-state-event", G_CALLBACK (on_window_state), NULL);
}

static void
qv_window_dispose (GObject *object)
{
  QvWindow *self = QV_WINDOW (object);

  g_clear_handle_id (&self->settle_source, g_source_remove);
  G_OBJECT_CLASS (qv_window_parent_class)->dispose (object);
}

static void
qv_window_class_init (QvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qv_window_dispose;

  signals[SIGNAL_DISPLAY_TOGGLED] =
    g_signal_new ("display-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_BOOLEAN);
  signals[SIGNAL_CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DISPLAY_RESIZED] =
    g_signal_new ("display-resized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_GEOMETRY_CHANGED] =
    g_signal_new ("geometry-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_QUIT_REQUESTED] =
    g_signal_new ("quit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CONSENT_GIVEN] =
    g_signal_new ("consent-given", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
on_consent_response (GtkInfoBar *bar, int response, QvWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    g_signal_emit (self, signals[SIGNAL_CONSENT_GIVEN], 0);
  else
    gtk_widget_hide (GTK_WIDGET (bar)); /* asked again on the next launch */
}

static GtkWidget *
build_consent_bar (QvWindow *self)
{
  GtkWidget *bar = gtk_info_bar_new ();
  GtkWidget *label = gtk_label_new (
    _("Opened from a link: this server gets neither the clipboard nor the microphone."));

  gtk_info_bar_set_message_type (GTK_INFO_BAR (bar), GTK_MESSAGE_WARNING);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_container_add (GTK_CONTAINER (gtk_info_bar_get_content_area (GTK_INFO_BAR (bar))), label);
  /* A mnemonic (Alt+A), only while the bar shows. */
  gtk_info_bar_add_button (GTK_INFO_BAR (bar), _("_Allow"), GTK_RESPONSE_ACCEPT);
  gtk_info_bar_set_show_close_button (GTK_INFO_BAR (bar), TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_START);
  g_signal_connect (bar, "response", G_CALLBACK (on_consent_response), self);
  gtk_widget_show_all (bar);
  gtk_widget_set_no_show_all (bar, TRUE);
  gtk_widget_hide (bar);
  return bar;
}

void
qv_window_set_consent_bar (QvWindow *self, gboolean shown)
{
  gtk_widget_set_visible (self->consent_bar, shown);
}

QvWindow *
qv_window_new (SpiceSession *session, int channel_id, int monitor_id, int index)
{
  /* The application's window: its "win." actions answer the
   * application's keys, and a window is what keeps it running. */
  QvWindow *self = g_object_new (QV_TYPE_WINDOW, "type", GTK_WINDOW_TOPLEVEL, "application",
                                 g_application_get_default (), "show-menubar", FALSE, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *overlay = gtk_overlay_new ();
  g_autofree char *role = g_strdup_printf ("quadview-display-%d", index + 1);

  self->session = session;
  self->index = index;
  /* Lets session managers and window rules tell the four windows apart. */
  gtk_window_set_role (GTK_WINDOW (self), role);

  build_menu (self);
  self->display = spice_display_new_with_monitor (session, channel_id, monitor_id);
  /* The guest follows the window only through the monitor config we build
   * for all heads at once; the widget scales whatever the guest shows. */
  g_object_set (self->display, "resize-guest", FALSE, "scaling", TRUE, "grab-keyboard", TRUE,
                "grab-mouse", TRUE, NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->display), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->display), TRUE);
  g_signal_connect (self->display, "size-allocate", G_CALLBACK (on_display_allocate), self);

  self->consent_bar = build_consent_bar (self);
  gtk_container_add (GTK_CONTAINER (overlay), GTK_WIDGET (self->display));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->consent_bar);
  gtk_box_pack_start (GTK_BOX (box), self->menubar, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), overlay, TRUE, TRUE, 0);
  gtk_container_add (GTK_CONTAINER (self), box);
  gtk_widget_show_all (box);
  return self;
}

void
qv_window_set_keyboard_grab (QvWindow *self, gboolean grab)
{
  g_object_set (self->display, "grab-keyboard", grab, NULL);
}

int
qv_window_get_index (QvWindow *self)
{
  return self->index;
}

void
qv_window_set_name (QvWindow *self, const char *name)
{
  g_autofree char *title = qv_title_for_display_here (name, self->index);

  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
qv_window_set_display_enabled (QvWindow *self, int index, gboolean enabled)
{
  g_autofree char *name = g_strdup_printf ("display-%d", index + 1);
  GAction *action;

  g_return_if_fail (index >= 0 && index < QV_MAX_DISPLAYS);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), name);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (enabled));
}

void
qv_window_get_guest_size (QvWindow *self, int *width, int *height)
{
  *width = self->guest_width;
  *height = self->guest_height;
}

static void
expect_state (QvWindow *self)
{
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_reached = FALSE;
  self->settle_source = g_timeout_add (SETTLE_TIMEOUT_MS, on_settle_timeout, self);
}

void
qv_window_restore_fullscreen (QvWindow *self, int monitor)
{
  expect_state (self);
  gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), gtk_widget_get_screen (GTK_WIDGET (self)),
                                    monitor);
}

void
qv_window_restore_maximized (QvWindow *self)
{
  expect_state (self);
  gtk_window_maximize (GTK_WINDOW (self));
}

gboolean
qv_window_is_settling (QvWindow *self)
{
  return self->settle_source != 0;
}

void
qv_window_request_geometry (QvWindow *self, const QvRect *rect, gboolean with_position)
{
  if (with_position && qv_window_positions_known ())
    {
      gtk_window_move (GTK_WINDOW (self), rect->x, rect->y);
      self->placed = TRUE;
    }
  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    gtk_window_resize (GTK_WINDOW (self), rect->width, rect->height);
  else
    gtk_window_set_default_size (GTK_WINDOW (self), rect->width, rect->height);
  qv_normal_geometry_init (&self->normal, rect, with_position);
}

gboolean
qv_window_get_normal_geometry (QvWindow *self, QvRect *rect)
{
  return qv_normal_geometry_get (&self->normal, rect);
}

gboolean
qv_window_is_placed (QvWindow *self)
{
  return self->placed;
}

gboolean
qv_window_get_host_place (QvWindow *self, QvRect *rect)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkWindow *gdk_window = gtk_widget_get_window (widget);

  if (!qv_window_positions_known ())
    return FALSE;
  /* Hidden (its display off): where it will come back. */
  if (gdk_window == NULL || !gtk_widget_get_visible (widget))
    return qv_window_get_normal_geometry (self, rect);
  if (self->fullscreen)
    {
      GdkRectangle area;

      gdk_monitor_get_geometry (
        gdk_display_get_monitor_at_window (gtk_widget_get_display (widget), gdk_window), &area);
      *rect = (QvRect) { area.x, area.y, area.width, area.height };
      return TRUE;
    }
  gtk_window_get_position (GTK_WINDOW (self), &rect->x, &rect->y);
  gtk_window_get_size (GTK_WINDOW (self), &rect->width, &rect->height);
  return TRUE;
}

gboolean
qv_window_is_fullscreen (QvWindow *self)
{
  return self->fullscreen;
}

gboolean
qv_window_is_maximized (QvWindow *self)
{
  return self->maximized;
}
