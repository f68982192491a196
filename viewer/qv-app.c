/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The viewer application: options to a connection (a libvirt domain, a
 * spice:// URI, a .vv file), waiting, passwords, reconnecting, and
 * quitting; windows and layouts are its parts' (QvDisplays,
 * QvLayoutGlue). */
#include "qv-app-private.h"
#include "qv-i18n.h"

#include <glib-unix.h>
#include <unistd.h>
#include <gtk/gtk.h>
#include <string.h>

#include "qv-displays.h"
#include "qv-hotkeys.h"
#include "qv-domain.h"
#include "qv-layout-glue.h"
#include "qv-password.h"
#include "qv-paused-window.h"
#include "qv-qxl-check.h"
#include "qv-retry.h"
#include "qv-session.h"
#include "qv-shutdown-dialog.h"
#include "qv-virt-error.h"
#include "qv-vv-file.h"
#include "qv-window.h"

#define POLL_INTERVAL_S 1
/* spice-gtk waits for ever for a server that accepts and never answers. */
#define LINK_TIMEOUT_S 30


G_DEFINE_FINAL_TYPE (QvApp, qv_app, GTK_TYPE_APPLICATION)

static void start_connection (QvApp *self);

void
qv_app_options_clear (QvAppOptions *o)
{
  g_clear_pointer (&o->connect_uri, g_free);
  g_clear_pointer (&o->target, g_free);
  g_clear_pointer (&o->layout, g_free);
  g_clear_pointer (&o->forget_layout, g_free);
  g_clear_pointer (&o->password_file, g_free);
  g_clear_pointer (&o->title, g_free);
  g_clear_pointer (&o->screenshot_dir, g_free);
  g_clear_pointer (&o->hotkeys, g_free);
}

static void
quit (QvApp *self, int code)
{
  self->exit_code = code;
  self->quitting = TRUE;
  g_cancellable_cancel (self->cancel);
  qv_password_cancel ();
  /* A script's screenshot is no layout the user chose. */
  if (self->glue != NULL && self->opt.screenshot_dir == NULL)
    qv_layout_glue_save_now (self->glue);
  g_application_quit (G_APPLICATION (self));
}

static void
fail (QvApp *self, const char *message)
{
  qv_app_say ("%s", message);
  quit (self, QV_EXIT_ERROR);
}

static gboolean
on_unix_signal (gpointer data)
{
  quit (data, QV_EXIT_OK);
  return G_SOURCE_CONTINUE;
}

/* Closing a waiting window quits, as SIGTERM does. */
static gboolean
on_waiting_delete (GtkWidget *window, GdkEvent *event, QvApp *self)
{
  quit (self, QV_EXIT_OK);
  return GDK_EVENT_STOP;
}

void
qv_app_say (const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* One write: lines of several threads do not interleave. */
  g_printerr ("quadview: %s\n", text);
}

/* ---- names and keys ---------------------------------------------------- */

static char *
display_name (QvApp *self)
{
  if (self->opt.title != NULL)
    return g_strdup (self->opt.title);
  if (self->info != NULL)
    return g_strdup (self->info->name);
  if (self->session != NULL && qv_session_get_vv_title (self->session) != NULL)
    return g_strdup (qv_session_get_vv_title (self->session));
  return qv_session_describe (self->session);
}

/* Layouts belong to the VM: its UUID when anyone tells us, else what a
 * .vv file names it by (never Proxmox's ticket host), else the address
 * we reach it at. */
static char *
vm_key (QvApp *self)
{
  char *uuid;

  if (self->info != NULL && self->info->uuid != NULL)
    return g_strdup (self->info->uuid);
  uuid = qv_session_get_server_uuid (self->session);
  if (uuid != NULL)
    return uuid;
  if (qv_session_get_vv_key (self->session) != NULL)
    return g_strdup (qv_session_get_vv_key (self->session));
  return qv_session_describe (self->session);
}

/* Hotkeys ("NAME=KEYS") become the keys of the windows' actions; the ones
 * quadview has no action for are said in the debug log. */
static void
apply_hotkeys (QvApp *self, const char *const *hotkeys)
{
  for (guint i = 0; hotkeys != NULL && hotkeys[i] != NULL; i++)
    {
      g_autofree char *name = g_strndup (hotkeys[i], strcspn (hotkeys[i], "="));
      const char *keys = hotkeys[i] + strlen (name) + 1;
      const char *action = qv_window_action_for_hotkey (name);
      g_autofree char *accel = qv_hotkeys_to_accelerator (keys);
      guint key = 0;
      GdkModifierType mods = 0;

      if (accel != NULL)
        gtk_accelerator_parse (accel, &key, &mods);
      if (action == NULL || key == 0)
        {
          g_debug ("hotkey %s=%s not used", name, keys);
          continue;
        }
      g_debug ("hotkey %s: %s", name, accel);
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), action,
                                             (const char *const[]){ accel, NULL });
    }
}

/* The windows' keys: the defaults (startup), a .vv file's, then the
 * VM's own (--hotkeys, now or remembered), which the user chose last. */
static void
set_keys (QvApp *self)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) vm_keys = NULL;
  const char *spec;

  apply_hotkeys (self, qv_session_get_vv_hotkeys (self->session));
  if (self->opt.hotkeys != NULL &&
      !qv_layout_glue_set_hotkeys (self->glue, self->opt.hotkeys, &error))
    qv_app_say ("%s", error->message);
  spec = qv_layout_glue_get_hotkeys (self->glue);
  if (spec != NULL && (vm_keys = qv_hotkeys_parse (spec, NULL)) != NULL)
    apply_hotkeys (self, (const char *const *) vm_keys);
}

/* ---- waiting ----------------------------------------------------------- */

static void
hide_waiting (QvApp *self)
{
  g_clear_pointer (&self->waiting, gtk_widget_destroy);
  self->waiting_paused = FALSE;
}

static void
show_waiting (QvApp *self, const char *what)
{
  g_autofree char *text = g_strdup_printf (_("Waiting for %s\u2026"), what);
  GtkWidget *box, *spinner;

  if (self->waiting != NULL && self->waiting_paused)
    hide_waiting (self);
  if (self->waiting != NULL)
    return;
  qv_app_say (_("waiting for %s\u2026"), what);
  self->waiting = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title (GTK_WINDOW (self->waiting), "quadview");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_container_set_border_width (GTK_CONTAINER (box), 24);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_pack_start (GTK_BOX (box), spinner, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), gtk_label_new (text), FALSE, FALSE, 0);
  gtk_container_add (GTK_CONTAINER (self->waiting), box);
  g_signal_connect (self->waiting, "delete-event", G_CALLBACK (on_waiting_delete), self);
  gtk_widget_show_all (self->waiting);
}


static gboolean
poll_again (gpointer data)
{
  QvApp *self = data;

  self->poll_source = 0;
  start_connection (self);
  return G_SOURCE_REMOVE;
}

static void
retry_after (QvApp *self, const char *what, guint ms)
{
  show_waiting (self, what);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_source = g_timeout_add (ms, poll_again, self);
}

static void
retry_later (QvApp *self, const char *what)
{
  retry_after (self, what, POLL_INTERVAL_S * 1000);
}

static void
on_resume_clicked (GtkButton *button, QvApp *self)
{
  g_autoptr (GError) error = NULL;

  if (!qv_domain_source_start (self->domain, &error))
    {
      qv_app_say ("%s", error->message);
      return;
    }
  /* Look again now rather than at the next poll. */
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_source = g_idle_add (poll_again, self);
}

/* A paused domain (not one libvirt is starting) has a frozen console:
 * say so, offer to resume it, and look again until someone does. */
static void
wait_paused (QvApp *self, const char *name)
{
  g_debug ("domain %s is paused; looking again in %d s", name, POLL_INTERVAL_S);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_source = g_timeout_add (POLL_INTERVAL_S * 1000, poll_again, self);
  if (self->waiting != NULL && self->waiting_paused)
    return;
  hide_waiting (self);
  qv_app_say (_("domain %s is paused: waiting for it to resume"), name);
  self->waiting = qv_paused_window_new (name, G_CALLBACK (on_resume_clicked), self);
  self->waiting_paused = TRUE;
  g_signal_connect (self->waiting, "delete-event", G_CALLBACK (on_waiting_delete), self);
}

/* ---- session events ---------------------------------------------------- */

static void
drop_connection (QvApp *self)
{
  g_clear_handle_id (&self->link_timeout, g_source_remove);
  if (self->glue != NULL)
    qv_layout_glue_save_now (self->glue);
  g_clear_object (&self->glue);
  if (self->displays != NULL)
    qv_displays_clear (self->displays);
  g_clear_object (&self->displays);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      qv_session_disconnect (self->session);
    }
  g_clear_object (&self->session);
  g_clear_handle_id (&self->layout_source, g_source_remove);
  self->monitors_handler = 0; /* went with the session's channel */
  self->qxl_check_handler = 0; /* went with the displays */
  self->layout_started = FALSE;
}

/* Once per connection, when the first window exists: the layout's heads
 * are its windows less a real window's menu bar. */
static void
run_qxl_check (QvDisplays *displays, QvWindow *window, QvApp *self)
{
  const QvLayout *layout = qv_layout_glue_get_layout (self->glue);
  QvHead heads[QV_MAX_DISPLAYS];
  guint n;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  g_clear_signal_handler (&self->qxl_check_handler, displays);
  if (self->info == NULL || self->info->xml == NULL || layout == NULL)
    return;
  n = qv_layout_guest_heads (layout, qv_displays_get_chrome_height (displays), heads);
  message = qv_qxl_check (self->info->xml, self->info->name, self->opt.connect_uri, heads, n,
                          &error);
  if (error != NULL)
    qv_app_say (_("cannot check the QXL device: %s"), error->message);
  else if (message != NULL)
    qv_app_say (_("warning: %s"), message);
}

/* ---- a server opened from a link ---------------------------------------- */

static void
on_consent_given (QvWindow *window, QvApp *self)
{
  g_autofree char *name = display_name (self);

  qv_session_allow (self->session);
  qv_layout_glue_set_link_consent (self->glue);
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      QvWindow *other = qv_displays_get_window (self->displays, i);

      if (other != NULL)
        qv_window_set_consent_bar (other, FALSE);
    }
  qv_app_say (_("%s may now use the clipboard and the microphone"), name);
}

static void
ask_consent (QvDisplays *displays, QvWindow *window, QvApp *self)
{
  if (!qv_session_is_restricted (self->session))
    return;
  qv_window_set_consent_bar (window, TRUE);
  g_signal_connect_object (window, "consent-given", G_CALLBACK (on_consent_given), self, 0);
}

/* Known once the VM is: allowed before, or asked in every window. */
static void
start_consent (QvApp *self)
{
  if (!qv_session_is_restricted (self->session))
    return;
  if (qv_layout_glue_get_link_consent (self->glue))
    {
      g_debug ("opened from a link, allowed before: clipboard and microphone on");
      qv_session_allow (self->session);
      return;
    }
  g_signal_connect (self->displays, "window-created", G_CALLBACK (ask_consent), self);
}

/* --screenshot: once every head the guest shows has its window with a
 * whole picture, each is saved and quadview exits. */
static void
take_screenshots (QvDisplays *displays, QvWindow *changed, QvApp *self)
{
  if (self->quitting || !qv_displays_all_shown (displays))
    return;
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      QvWindow *window = qv_displays_get_window (displays, i);
      g_autofree char *name = g_strdup_printf ("display-%d.png", i + 1);
      g_autofree char *path = g_build_filename (self->opt.screenshot_dir, name, NULL);
      g_autoptr (GError) error = NULL;

      if (window == NULL || !gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      if (!qv_window_save_screenshot (window, path, &error))
        {
          fail (self, error->message);
          return;
        }
      g_debug ("display %d saved to %s", i + 1, path);
    }
  quit (self, QV_EXIT_OK);
}

/* Choose the layout; the windows come after it, placed by it. */
static gboolean
start_layout (gpointer data)
{
  QvApp *self = data;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GError) error = NULL;

  self->layout_source = 0;
  key = vm_key (self);
  name = display_name (self);
  qv_displays_set_name (self->displays, name);
  if (!qv_layout_glue_start (self->glue, key, name, self->opt.wait_for_agent, &error))
    qv_app_say (_("layouts will not be saved: %s"), error->message);
  g_clear_error (&error);
  if ((self->opt.shutdown_on_close || self->opt.no_shutdown_on_close) &&
      !qv_layout_glue_set_shutdown_on_close (self->glue, self->opt.shutdown_on_close, &error))
    qv_app_say ("%s", error->message);
  qv_displays_set_wait_for_agent (self->displays,
                                  qv_layout_glue_get_wait_for_agent (self->glue));
  if (self->opt.arrangement != QV_APP_ARRANGEMENT_UNSET)
    qv_layout_glue_set_arrange_guest (self->glue,
                                      self->opt.arrangement == QV_APP_ARRANGEMENT_GUEST);
  qv_displays_set_arrangement (self->displays, qv_layout_glue_get_arrange_guest (self->glue)
                                                 ? QV_ARRANGEMENT_GUEST
                                                 : QV_ARRANGEMENT_WINDOWS);
  self->qxl_check_handler =
    g_signal_connect (self->displays, "window-created", G_CALLBACK (run_qxl_check), self);
  set_keys (self);
  if (self->opt.screenshot_dir != NULL)
    g_signal_connect (self->displays, "window-changed", G_CALLBACK (take_screenshots), self);
  start_consent (self);
  qv_displays_start (self->displays);
  return G_SOURCE_REMOVE;
}

/* spice-gtk announces a display channel's monitors (none yet) right after
 * asking the server for its picture. Choosing the layout in the next idle
 * moment lets its first use of GTK's theme and fonts (the menu bar's
 * height, some 40 ms) overlap with the server sending that picture,
 * instead of holding up the channel's link. */
static void
on_first_monitors (SpiceChannel *channel, GParamSpec *pspec, QvApp *self)
{
  g_signal_handler_disconnect (channel, self->monitors_handler);
  self->monitors_handler = 0;
  self->layout_source = g_idle_add (start_layout, self);
}

/* The first display channel: the server has told us its name and UUID, no
 * window exists yet. */
static void
on_display_channel (QvSession *session, SpiceChannel *channel, QvApp *self)
{
  hide_waiting (self);
  if (self->layout_started)
    return;
  self->layout_started = TRUE;
  self->monitors_handler =
    g_signal_connect (channel, "notify::monitors", G_CALLBACK (on_first_monitors), self);
}

static void
on_connected (QvSession *session, QvApp *self)
{
  self->ever_connected = TRUE;
  self->console_attempts = 0;
  g_clear_handle_id (&self->link_timeout, g_source_remove);
}

static gboolean reconnect_idle (gpointer data);

static gboolean
on_link_timeout (gpointer data)
{
  QvApp *self = data;
  g_autofree char *what = qv_session_describe (self->session);

  self->link_timeout = 0;
  qv_app_say (_("%s: no answer from the SPICE server within %d s"), what, LINK_TIMEOUT_S);
  if (self->opt.reconnect && (self->ever_connected || self->domain != NULL))
    {
      g_clear_handle_id (&self->reconnect_source, g_source_remove);
      reconnect_idle (self);
    }
  else
    quit (self, QV_EXIT_ERROR);
  return G_SOURCE_REMOVE;
}

static void
on_password (char *password, gpointer data)
{
  QvApp *self = data;

  if (password == NULL)
    {
      /* Cancelled by the user, or by a quit (SIGTERM) meanwhile, whose
       * status stands. */
      if (!self->quitting)
        quit (self, QV_EXIT_ERROR); /* said why before asking */
      return;
    }
  qv_password_free (self->password);
  self->password = password;
  qv_session_set_password (self->session, password);
  qv_session_connect (self->session);
  self->link_timeout = g_timeout_add_seconds (LINK_TIMEOUT_S, on_link_timeout, self);
}

static void
on_auth_needed (QvSession *session, QvApp *self)
{
  g_autofree char *what = qv_session_describe (session);

  g_clear_handle_id (&self->link_timeout, g_source_remove);
  qv_app_say (_("%s: authentication failed (wrong or missing password)"), what);
  /* A password from libvirt or a file that does not work will not start
   * working: ask, as remote-viewer does. */
  qv_password_ask (what, on_password, self);
}

static gboolean
reconnect_idle (gpointer data)
{
  QvApp *self = data;

  self->reconnect_source = 0;
  drop_connection (self);
  retry_after (self, self->info != NULL ? self->info->name : self->uri,
               self->retry_ms != 0 ? self->retry_ms : POLL_INTERVAL_S * 1000);
  return G_SOURCE_REMOVE;
}

static void
on_disconnected (QvSession *session, const char *error, QvApp *self)
{
  const QvRetryInput input = {
    .domain = self->domain != NULL,
    .ever_connected = self->ever_connected,
    .wait = self->opt.wait,
    .reconnect = self->opt.reconnect,
    .end = qv_session_get_link_end (session),
  };
  QvRetry retry = qv_retry_decide (&input);

  g_clear_handle_id (&self->link_timeout, g_source_remove);
  g_debug ("connection ended (%s): %s", error != NULL ? error : "closed",
           qv_retry_to_string (retry));
  if (retry != QV_RETRY_GIVE_UP)
    {
      /* The console of a domain libvirt calls running: QEMU opens its
       * SPICE port a moment after libvirt reports the domain active. */
      if (retry == QV_RETRY_CONSOLE)
        {
          self->retry_ms = qv_retry_delay_ms (self->console_attempts++);
          g_debug ("console not reachable yet: attempt %u in %u ms", self->console_attempts + 1,
                   self->retry_ms);
        }
      else
        self->retry_ms = POLL_INTERVAL_S * 1000;
      /* Leave the session's own signal emission first. */
      if (self->reconnect_source == 0)
        self->reconnect_source = g_idle_add (reconnect_idle, self);
      return;
    }
  if (self->domain != NULL && qv_domain_source_get_tunnel (self->domain) != NULL &&
      !qv_ssh_tunnel_is_alive (qv_domain_source_get_tunnel (self->domain), 2000))
    {
      /* Not the server's doing: the ssh connection under it died. */
      g_autofree char *msg = g_strdup_printf (
        _("ssh to %s: the connection has ended"),
        qv_ssh_tunnel_get_host (qv_domain_source_get_tunnel (self->domain)));

      fail (self, msg);
      return;
    }
  if (error != NULL)
    {
      /* A .vv that never connected is named: the user has the file, and
       * Proxmox's host= is a ticket nobody recognizes. */
      g_autofree char *what = self->vv_file != NULL && !self->ever_connected
                                ? g_strdup (self->vv_file)
                                : qv_session_describe (session);
      g_autofree char *msg = g_strdup_printf ("%s: %s", what, error);

      fail (self, msg);
      return;
    }
  {
    g_autofree char *what = qv_session_describe (session);

    qv_app_say (_("%s: the server closed the connection"), what);
  }
  quit (self, self->ever_connected ? QV_EXIT_OK : QV_EXIT_ERROR);
}

static void
on_shutdown_choice (QvShutdownChoice choice, gpointer data)
{
  QvApp *self = data;
  g_autoptr (GError) error = NULL;

  if (choice == QV_SHUTDOWN_CANCEL)
    return;
  if (choice == QV_SHUTDOWN_SHUT_DOWN && !qv_domain_source_shutdown (self->domain, &error))
    {
      fail (self, error->message);
      return;
    }
  quit (self, QV_EXIT_OK);
}

/* The last window closes: a running domain whose setting says so is
 * asked to shut down, once the user confirms. A signal never asks. */
static void
on_displays_quit (QvDisplays *displays, QvApp *self)
{
  if (self->domain == NULL || self->glue == NULL || self->info == NULL || !self->info->active ||
      !qv_layout_glue_get_shutdown_on_close (self->glue))
    {
      quit (self, QV_EXIT_OK);
      return;
    }
  if (self->shutdown_dialog == NULL)
    {
      self->shutdown_dialog = qv_shutdown_dialog_new (self->info->name, on_shutdown_choice, self);
      g_signal_connect (self->shutdown_dialog, "destroy", G_CALLBACK (gtk_widget_destroyed),
                        &self->shutdown_dialog);
    }
  gtk_window_present (GTK_WINDOW (self->shutdown_dialog));
}

/* ---- connecting -------------------------------------------------------- */

static gboolean refresh_domain (QvApp *self);

/* The connection to libvirt ended (and over ssh, the console's with it):
 * without --reconnect that is the end, in one line naming the URI; with
 * it, a new connection (one new ssh login), else a look again later. */
static gboolean
renew_domain_source (QvApp *self, const GError *lost)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup (qv_domain_source_get_domain (self->domain));
  QvDomainSource *fresh;

  if (!self->opt.reconnect)
    {
      fail (self, lost->message);
      return FALSE;
    }
  qv_app_say (_("%s; connecting again"), lost->message);
  fresh = qv_domain_source_new (self->opt.connect_uri, name, self->opt.direct, self->cancel, &error);
  if (fresh == NULL)
    {
      if (!self->quitting)
        {
          qv_app_say ("%s", error->message);
          retry_later (self, name);
        }
      return FALSE;
    }
  qv_domain_source_free (self->domain);
  self->domain = fresh;
  return refresh_domain (self);
}

/* Returns FALSE when the domain is not there yet (waiting) or on error. */
static gboolean
refresh_domain (QvApp *self)
{
  g_autoptr (GError) error = NULL;
  const char *name = qv_domain_source_get_domain (self->domain);
  QvDomainState state;
  QvDomainAction action;

  g_clear_pointer (&self->info, qv_domain_info_free);
  self->info = qv_domain_source_query (self->domain, &error);
  if (self->info == NULL && g_error_matches (error, QV_VIRT_ERROR, QV_VIRT_ERROR_CONNECT))
    return renew_domain_source (self, error);
  if (self->info == NULL && !g_error_matches (error, QV_VIRT_ERROR, QV_VIRT_ERROR_NO_DOMAIN))
    {
      fail (self, error->message);
      return FALSE;
    }
  if (self->info != NULL && self->info->paused)
    {
      wait_paused (self, self->info->name);
      return FALSE;
    }
  if (self->waiting_paused)
    hide_waiting (self);
  state = self->info == NULL || !self->info->active ? QV_DOMAIN_OFF
          : self->info->starting                   ? QV_DOMAIN_STARTING
                                                   : QV_DOMAIN_RUNNING;
  action = qv_retry_domain (state, self->opt.wait, self->opt.reconnect, self->ever_connected);
  switch (action)
    {
    case QV_DOMAIN_CONNECT:
      return TRUE;
    case QV_DOMAIN_WAIT_CONSOLE:
      {
        guint ms = qv_retry_delay_ms (self->console_attempts++);

        g_debug ("domain %s is starting up: its console is not ready; again in %u ms", name, ms);
        retry_after (self, name, ms);
        return FALSE;
      }
    case QV_DOMAIN_WAIT:
      retry_later (self, name);
      return FALSE;
    case QV_DOMAIN_FAIL:
    default:
      {
        g_autofree char *msg = self->info == NULL
                                 ? g_strdup (error->message)
                                 : g_strdup_printf (_("domain %s is not running (use --wait)"), name);
        fail (self, msg);
        return FALSE;
      }
    }
}

static void
start_connection (QvApp *self)
{
  g_autoptr (GError) error = NULL;

  if (self->domain != NULL && !refresh_domain (self))
    return;

  self->session = qv_session_new ();
  if (self->opt.from_link)
    qv_session_restrict (self->session);
  self->displays = qv_displays_new (self->session);
  self->glue = qv_layout_glue_new (self->displays, self->opt.layout);
  qv_displays_set_keyboard_grab (self->displays, !self->opt.no_keyboard_grab);
  /* A screenshot leaves the guest's resolution as it is. */
  qv_displays_set_auto_resize (self->displays,
                               !self->opt.no_auto_resize && self->opt.screenshot_dir == NULL);
  g_signal_connect (self->displays, "quit", G_CALLBACK (on_displays_quit), self);
  g_signal_connect (self->session, "display-channel", G_CALLBACK (on_display_channel), self);
  g_signal_connect (self->session, "connected", G_CALLBACK (on_connected), self);
  g_signal_connect (self->session, "auth-needed", G_CALLBACK (on_auth_needed), self);
  g_signal_connect (self->session, "disconnected", G_CALLBACK (on_disconnected), self);

  if (!qv_app_configure_session (self, &error))
    {
      /* Active, but its port not in the XML yet (libvirt assigns it as
       * QEMU starts, and releases it before a stopped domain turns
       * inactive): as good as a refused console. */
      const QvRetryInput input = {
        .domain = TRUE,
        .ever_connected = self->ever_connected,
        .wait = self->opt.wait,
        .reconnect = self->opt.reconnect,
        .end = QV_LINK_UNREACHABLE,
      };

      if (g_error_matches (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_NO_PORT) &&
          qv_retry_decide (&input) == QV_RETRY_CONSOLE)
        {
          guint ms = qv_retry_delay_ms (self->console_attempts++);

          g_debug ("%s; again in %u ms", error->message, ms);
          drop_connection (self);
          retry_after (self, self->info->name, ms);
          return;
        }
      fail (self, error->message);
      return;
    }
  if (!qv_session_connect (self->session))
    {
      fail (self, _("cannot start the SPICE connection"));
      return;
    }
  self->link_timeout = g_timeout_add_seconds (LINK_TIMEOUT_S, on_link_timeout, self);
}

/* Decide what the positional argument is. */
static gboolean
resolve_target (QvApp *self, GError **error)
{
  const char *target = self->opt.target;

  if (self->opt.connect_uri != NULL)
    {
      if (target == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("-c URI needs a DOMAIN (name, UUID or id)"));
          return FALSE;
        }
      self->domain = qv_domain_source_new (self->opt.connect_uri, target, self->opt.direct,
                                           self->cancel, error);
      if (self->domain == NULL)
        return FALSE;
      /* Started here, it still boots: wait for its console. */
      if (self->opt.start && !qv_domain_source_start (self->domain, error))
        return FALSE;
      self->opt.wait = self->opt.wait || self->opt.start;
      return TRUE;
    }
  if (self->opt.start)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--start needs -c URI DOMAIN"));
      return FALSE;
    }
  if (self->opt.shutdown_on_close || self->opt.no_shutdown_on_close)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("%s needs -c URI DOMAIN"),
                   self->opt.shutdown_on_close ? "--shutdown-on-close" : "--no-shutdown-on-close");
      return FALSE;
    }
  if (target == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("nothing to connect to: give a spice:// URI, a .vv file or -c URI DOMAIN"));
      return FALSE;
    }
  if (qv_spice_target_is_uri (target))
    self->uri = g_strdup (target);
  else
    self->vv_file = g_strdup (target);
  return TRUE;
}

/* ---- object ------------------------------------------------------------ */

static void
qv_app_init (QvApp *self)
{
  self->cancel = g_cancellable_new ();
}

static void
qv_app_dispose (GObject *object)
{
  QvApp *self = QV_APP (object);

  g_clear_pointer (&self->shutdown_dialog, gtk_widget_destroy);
  drop_connection (self);
  hide_waiting (self);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_pointer (&self->domain, qv_domain_source_free);
  g_clear_pointer (&self->info, qv_domain_info_free);
  g_clear_pointer (&self->relay_target, qv_spice_target_free);
  g_clear_pointer (&self->password, qv_password_free);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->vv_file, g_free);
  g_clear_object (&self->cancel);
  qv_app_options_clear (&self->opt);
  G_OBJECT_CLASS (qv_app_parent_class)->dispose (object);
}

/* The application starts: the windows' keys, before any window. */
static void
qv_app_startup (GApplication *app)
{
  G_APPLICATION_CLASS (qv_app_parent_class)->startup (app);
  qv_window_set_default_keys (GTK_APPLICATION (app));
}

/* Runs once, in the application's main loop: find the target, connect. */
static void
qv_app_activate (GApplication *app)
{
  QvApp *self = QV_APP (app);
  g_autoptr (GError) error = NULL;

  /* Held until quit(): while it waits or reconnects there is no window,
   * and no window must not mean the end. */
  g_application_hold (app);
  if (!resolve_target (self, &error))
    {
      /* A quit while ssh authenticated is no error. */
      if (!self->quitting)
        {
          qv_app_say ("%s", error->message);
          quit (self, g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED)
                        ? QV_EXIT_USAGE
                        : QV_EXIT_ERROR);
        }
    }
  else if (!self->quitting)
    start_connection (self);
}

/* The connection and its windows go before GTK's own shutdown. */
static void
qv_app_shutdown (GApplication *app)
{
  QvApp *self = QV_APP (app);

  g_clear_pointer (&self->shutdown_dialog, gtk_widget_destroy);
  drop_connection (self);
  hide_waiting (self);
  G_APPLICATION_CLASS (qv_app_parent_class)->shutdown (app);
}

static void
qv_app_class_init (QvAppClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = qv_app_dispose;
  G_APPLICATION_CLASS (klass)->startup = qv_app_startup;
  G_APPLICATION_CLASS (klass)->activate = qv_app_activate;
  G_APPLICATION_CLASS (klass)->shutdown = qv_app_shutdown;
}

QvApp *
qv_app_new (QvAppOptions *options)
{
  /* No application id: one process per VM, as remote-viewer runs, and
   * windows keep the program's name as their class (the launchers'
   * StartupWMClass) and Wayland app id (quadview.desktop). */
  QvApp *self = g_object_new (QV_TYPE_APP, "flags", G_APPLICATION_NON_UNIQUE, NULL);

  self->opt = *options;
  memset (options, 0, sizeof *options);
  return self;
}

int
qv_app_run (QvApp *self)
{
  g_autoptr (GError) error = NULL;
  guint sigint, sigterm;

  if (self->opt.password_file != NULL)
    {
      self->password = qv_password_read_file (self->opt.password_file, &error);
      if (self->password == NULL)
        {
          qv_app_say ("%s", error->message);
          return QV_EXIT_ERROR;
        }
    }
  if (self->opt.screenshot_dir != NULL &&
      !g_file_test (self->opt.screenshot_dir, G_FILE_TEST_IS_DIR))
    {
      qv_app_say (_("%s: not a directory (--screenshot)"), self->opt.screenshot_dir);
      return QV_EXIT_ERROR;
    }
  self->exit_code = QV_EXIT_OK;
  /* Save the layout on the way out, whatever ends us; also while ssh still
   * authenticates (qv_ssh_tunnel_open runs these sources). */
  sigint = g_unix_signal_add (SIGINT, on_unix_signal, self);
  sigterm = g_unix_signal_add (SIGTERM, on_unix_signal, self);
  /* Options are parsed already (main.c): none for GApplication. */
  g_application_run (G_APPLICATION (self), 0, NULL);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  return self->exit_code;
}
