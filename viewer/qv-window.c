/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One guest display's top-level window: its menu bar, the SpiceDisplay
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

/* Fullscreen, Release cursor, Ctrl+Alt+Del: the items with hotkeys a
 * .vv file may change. */
#define N_HOTKEY_ITEMS 3

struct _QvWindow {
  GtkWindow parent_instance;

  SpiceSession *session; /* not owned: outlives the windows */
  SpiceDisplay *display;
  GtkWidget *menubar;
  GtkWidget *consent_bar;
  GtkCheckMenuItem *display_items[QV_MAX_DISPLAYS];
  GtkAccelGroup *accels;
  /* The items whose keys a .vv file may change (hotkey_names). */
  GtkWidget *hotkey_items[N_HOTKEY_ITEMS];
  int index;
  gboolean fullscreen;
  gboolean maximized;
  gboolean updating_menu; /* set while the menu follows the model */
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

G_DEFINE_FINAL_TYPE (QvWindow, qv_window, GTK_TYPE_WINDOW)

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

static void
on_fullscreen (GtkMenuItem *item, QvWindow *self)
{
  qv_window_toggle_fullscreen (self);
}

static void
on_release_cursor (GtkMenuItem *item, QvWindow *self)
{
  spice_display_mouse_ungrab (self->display);
  spice_display_keyboard_ungrab (self->display);
}

static void
on_send_cad (GtkMenuItem *item, QvWindow *self)
{
  static const guint keys[] = { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete };

  spice_display_send_keys (self->display, keys, G_N_ELEMENTS (keys),
                           SPICE_DISPLAY_KEY_EVENT_CLICK);
}

static void
on_display_item_toggled (GtkCheckMenuItem *item, QvWindow *self)
{
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "qv-index"));

  if (self->updating_menu)
    return;
  g_signal_emit (self, signals[SIGNAL_DISPLAY_TOGGLED], 0, index,
                 gtk_check_menu_item_get_active (item));
}

static void
on_usb (GtkMenuItem *item, QvWindow *self)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog, *content, *devices;

  if (spice_usb_device_manager_get (self->session, &error) == NULL)
    {
      qv_app_say (_("USB redirection unavailable: %s"), error->message);
      return;
    }
  dialog = gtk_dialog_new_with_buttons (_("USB device selection"), GTK_WINDOW (self),
                                        GTK_DIALOG_DESTROY_WITH_PARENT, _("_Close"),
                                        GTK_RESPONSE_CLOSE, NULL);
  content = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  devices = spice_usb_device_widget_new (self->session, NULL);
  gtk_container_set_border_width (GTK_CONTAINER (devices), 6);
  gtk_box_pack_start (GTK_BOX (content), devices, TRUE, TRUE, 0);
  gtk_widget_show_all (dialog);
  gtk_dialog_run (GTK_DIALOG (dialog));
  gtk_widget_destroy (dialog);
}

static void
on_quit (GtkMenuItem *item, QvWindow *self)
{
  g_signal_emit (self, signals[SIGNAL_QUIT_REQUESTED], 0);
}

static GtkWidget *
add_item (QvWindow *self, GtkWidget *menu, GtkWidget *item, GCallback callback, guint key,
          GdkModifierType mods)
{
  gtk_menu_shell_append (GTK_MENU_SHELL (menu), item);
  if (callback != NULL)
    g_signal_connect (item, GTK_IS_CHECK_MENU_ITEM (item) ? "toggled" : "activate", callback,
                      self);
  if (key != 0)
    gtk_widget_add_accelerator (item, "activate", self->accels, key, mods, GTK_ACCEL_VISIBLE);
  g_object_set_data (G_OBJECT (item), "qv-key", GUINT_TO_POINTER (key));
  g_object_set_data (G_OBJECT (item), "qv-mods", GUINT_TO_POINTER (mods));
  return item;
}

static GtkWidget *
add_menu (GtkWidget *menubar, const char *label)
{
  GtkWidget *top = gtk_menu_item_new_with_label (label);
  GtkWidget *menu = gtk_menu_new ();

  gtk_menu_item_set_submenu (GTK_MENU_ITEM (top), menu);
  gtk_menu_shell_append (GTK_MENU_SHELL (menubar), top);
  return menu;
}

/* remote-viewer's hotkey names for the items that have them, in the
 * order of hotkey_items. */
static const char *const hotkey_names[] = { "toggle-fullscreen", "release-cursor",
                                            "secure-attention" };
G_STATIC_ASSERT (G_N_ELEMENTS (hotkey_names) == N_HOTKEY_ITEMS);

gboolean
qv_window_set_hotkey (QvWindow *self, const char *name, const char *accelerator)
{
  guint key = 0;
  GdkModifierType mods = 0;

  gtk_accelerator_parse (accelerator, &key, &mods);
  if (key == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (hotkey_names); i++)
    if (g_str_equal (hotkey_names[i], name))
      {
        GtkWidget *item = self->hotkey_items[i];
        GtkWidget *label = gtk_bin_get_child (GTK_BIN (item));

        /* Replaces the default: one key per item, as remote-viewer does. */
        gtk_widget_remove_accelerator (item, self->accels,
                                       GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (item), "qv-key")),
                                       GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (item), "qv-mods")));
        gtk_widget_add_accelerator (item, "activate", self->accels, key, mods, GTK_ACCEL_VISIBLE);
        g_object_set_data (G_OBJECT (item), "qv-key", GUINT_TO_POINTER (key));
        g_object_set_data (G_OBJECT (item), "qv-mods", GUINT_TO_POINTER (mods));
        if (GTK_IS_ACCEL_LABEL (label))
          gtk_accel_label_refetch (GTK_ACCEL_LABEL (label));
        return TRUE;
      }
  return FALSE;
}

/* Plain labels, no mnemonics: Alt+letter belongs to the guest. Hotkeys
 * are ones guests rarely need, as in remote-viewer. */
static void
build_menu (QvWindow *self)
{
  GtkWidget *menu;

  self->menubar = gtk_menu_bar_new ();

  menu = add_menu (self->menubar, _("View"));
  self->hotkey_items[0] = add_item (self, menu, gtk_menu_item_new_with_label (_("Fullscreen")),
                                    G_CALLBACK (on_fullscreen), GDK_KEY_F11, 0);
  self->hotkey_items[1] = add_item (self, menu, gtk_menu_item_new_with_label (_("Release cursor")),
                                    G_CALLBACK (on_release_cursor), GDK_KEY_F12, GDK_SHIFT_MASK);
  add_item (self, menu, gtk_separator_menu_item_new (), NULL, 0, 0);
  add_item (self, menu, gtk_menu_item_new_with_label (_("Quit")), G_CALLBACK (on_quit), 0, 0);

  menu = add_menu (self->menubar, _("Displays"));
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      g_autofree char *label = g_strdup_printf (_("Display %d"), i + 1);
      GtkWidget *item = gtk_check_menu_item_new_with_label (label);

      g_object_set_data (G_OBJECT (item), "qv-index", GINT_TO_POINTER (i));
      self->display_items[i] = GTK_CHECK_MENU_ITEM (item);
      /* Not Ctrl+Shift+digit (Shift changes the digit's keysym, so GTK
       * never matches it), nor Ctrl+Alt+digit (spice-gtk takes a Ctrl+Alt
       * whose digit it did not see for its grab sequence). */
      add_item (self, menu, item, G_CALLBACK (on_display_item_toggled), GDK_KEY_F1 + (guint) i,
                GDK_CONTROL_MASK | GDK_SHIFT_MASK);
    }

  menu = add_menu (self->menubar, _("Send key"));
  self->hotkey_items[2] = add_item (self, menu, gtk_menu_item_new_with_label ("Ctrl+Alt+Del"),
                                    G_CALLBACK (on_send_cad), GDK_KEY_End,
                                    GDK_CONTROL_MASK | GDK_MOD1_MASK);

  menu = add_menu (self->menubar, _("Devices"));
  add_item (self, menu, gtk_menu_item_new_with_label (_("USB device selection…")),
            G_CALLBACK (on_usb), 0, 0);
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

  self->accels = gtk_accel_group_new ();
  gtk_window_add_accel_group (GTK_WINDOW (self), self->accels);
  g_signal_connect (self, "delete-event", G_CALLBACK (on_delete), NULL);
  g_signal_connect (self, "configure-event", G_CALLBACK (on_configure), NULL);
  g_signal_connect (self, "window-state-event", G_CALLBACK (on_window_state), NULL);
}

static void
qv_window_dispose (GObject *object)
{
  QvWindow *self = QV_WINDOW (object);

  g_clear_object (&self->accels);
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
  QvWindow *self = g_object_new (QV_TYPE_WINDOW, "type", GTK_WINDOW_TOPLEVEL, NULL);
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
  g_return_if_fail (index >= 0 && index < QV_MAX_DISPLAYS);
  self->updating_menu = TRUE;
  gtk_check_menu_item_set_active (self->display_items[index], enabled);
  self->updating_menu = FALSE;
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
