/* SPDX-License-Identifier: GPL-2.0-or-later */
/* quadview: a SPICE viewer with one window per guest display that
 * remembers where each window was. */
#include <gtk/gtk.h>
#include <locale.h>
#include <spice-client.h>
#include <string.h>

#include "qv-app.h"
#include "qv-backend.h"
#include "qv-hotkeys.h"
#include "qv-i18n.h"
#include "qv-launcher-cli.h"
#include "qv-layout-cli.h"
#include "qv-session.h"
#include "qv-spice-target.h"

/* The name a target's layouts are saved under (a domain's own name, a
 * URI's "host:port", a .vv file's title), to find them without
 * connecting. */
static char *
vm_from_target (const QvAppOptions *o, GError **error)
{
  if (o->connect_uri != NULL)
    return g_strdup (o->target);
  return qv_session_describe_target (o->target, error);
}

int
main (int argc, char **argv)
{
  g_auto (QvAppOptions) o = { 0 };
  g_auto (GStrv) rest = NULL;
  gboolean version = FALSE;
  gboolean make_launcher = FALSE, remove_launcher = FALSE;
  g_autofree char *backend_name = NULL;
  g_autofree char *arrangement = NULL;
  g_autofree char *keyboard_grab = NULL;
  QvBackend backend = QV_BACKEND_AUTO;
  const char *allowed;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (QvApp) app = NULL;
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &o.connect_uri, N_("Connect to the libvirt URI"), N_("URI") },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &o.wait, N_("Wait for the domain to start"), NULL },
    { "start", 's', 0, G_OPTION_ARG_NONE, &o.start,
      N_("Start the domain if it is shut off (resume it if paused), then show it"), NULL },
    { "reconnect", 'r', 0, G_OPTION_ARG_NONE, &o.reconnect,
      N_("Reconnect when the domain or server restarts"), NULL },
    { "direct", 0, 0, G_OPTION_ARG_NONE, &o.direct,
      N_("With -c qemu+ssh://: connect to the SPICE listen address directly instead of over the "
         "ssh connection"),
      NULL },
    { "layout", 'l', 0, G_OPTION_ARG_STRING, &o.layout, N_("Use the named window layout"), N_("NAME") },
    { "make-launcher", 0, 0, G_OPTION_ARG_NONE, &make_launcher,
      N_("Write a desktop entry (a menu launcher) that starts the domain and shows it, and exit"),
      NULL },
    { "remove-launcher", 0, 0, G_OPTION_ARG_NONE, &remove_launcher,
      N_("Delete the desktop entry --make-launcher wrote for the domain, and exit"), NULL },
    { "list-layouts", 0, 0, G_OPTION_ARG_NONE, &o.list_layouts,
      N_("List the saved layouts (of the given VM) and exit"), NULL },
    { "forget-layout", 0, 0, G_OPTION_ARG_STRING, &o.forget_layout,
      N_("Delete the named layout and exit"), N_("NAME") },
    { "from-link", 0, 0, G_OPTION_ARG_NONE, &o.from_link,
      N_("The target came from a link or a download (the desktop entry says so): the server gets "
         "the clipboard and the microphone once allowed (remembered per VM)"),
      NULL },
    { "arrangement", 0, 0, G_OPTION_ARG_STRING, &arrangement,
      N_("How the guest's displays stand: as the windows do (the default) or where the guest has "
         "them (remembered per VM)"),
      N_("windows|guest") },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &o.screenshot_dir,
      N_("Save each display the guest shows as DIR/display-N.png, at the guest's resolution, and "
         "exit (the guest's resolution is left as it is)"),
      N_("DIR") },
    { "hotkeys", 0, 0, G_OPTION_ARG_STRING, &o.hotkeys,
      N_("Keys of remote-viewer's hotkeys, e.g. toggle-fullscreen=shift+f11,release-cursor=shift+"
         "f12 (remembered per VM; an empty one forgets them)"),
      N_("NAME=KEYS,…") },
    { "keyboard-grab", 0, 0, G_OPTION_ARG_STRING, &keyboard_grab,
      N_("on (the default): the guest gets every key while the pointer is in; off: the desktop "
         "keeps its own (Super, Alt+Tab…)"),
      N_("on|off") },
    { "no-auto-resize", 0, 0, G_OPTION_ARG_NONE, &o.no_auto_resize,
      N_("Do not change the guest resolution to fit the windows"), NULL },
    { "wait-for-agent", 0, 0, G_OPTION_ARG_NONE, &o.wait_for_agent,
      N_("Enable displays 2-4 only once the guest agent runs (remembered per VM)"), NULL },
    { "shutdown-on-close", 0, 0, G_OPTION_ARG_NONE, &o.shutdown_on_close,
      N_("Closing the last window asks the guest to shut down, after a confirmation (remembered "
         "per VM)"),
      NULL },
    { "no-shutdown-on-close", 0, 0, G_OPTION_ARG_NONE, &o.no_shutdown_on_close,
      N_("Closing the last window leaves the guest running (the default; remembered per VM)"),
      NULL },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &o.password_file,
      N_("Read the SPICE password from FILE"), N_("FILE") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &o.title, N_("Name shown in the window titles"), N_("NAME") },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend_name,
      N_("Windowing system: auto (the default; x11 in a Wayland session with Xwayland, where window "
         "positions can be restored), x11 or wayland"),
      N_("auto|x11|wayland") },
    { "debug", 'd', 0, G_OPTION_ARG_NONE, &o.debug, N_("Print debugging messages"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL,
      N_("spice://HOST:PORT | FILE.vv | DOMAIN") },
    { NULL },
  };

  setlocale (LC_ALL, "");
  qv_i18n_init ();
  /* quadview draws with cairo only; otherwise GDK probes GLX at start-up,
   * which loads Mesa (llvmpipe: ~50 MB resident). Read by the GTK option
   * group's pre-parse hook, so it must come before parsing. */
  g_setenv ("GDK_GL", "disable", FALSE);
  context = g_option_context_new (_("- show a SPICE guest's displays in separate windows"));
  g_option_context_set_description (
    context,
    _("Examples:\n"
    "  quadview spice://127.0.0.1:5900\n"
    "  quadview -c qemu:///system --wait --reconnect myvm\n"
    "  quadview -c qemu:///system --make-launcher myvm\n"
    "  quadview --layout desk console.vv\n\n"
    "Exit status: 0 ok, 1 error (connection failed, bad file…), 2 usage.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, gtk_get_option_group (FALSE));
  /* spice-gtk's own SPICE options (--spice-ca-file, --spice-host-subject,
   * --spice-disable-audio, --spice-debug…, see --help-spice), as
   * remote-viewer has them; spice_set_session_option() applies them. */
  g_option_context_add_group (context, spice_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      qv_app_say (_("%s (see --help)"), error->message);
      return QV_EXIT_USAGE;
    }
  if (version)
    {
      g_print ("quadview %s (spice-gtk %s)\n", QV_VERSION, spice_util_get_version_string ());
      return QV_EXIT_OK;
    }
  if (backend_name != NULL && !qv_backend_parse (backend_name, &backend))
    {
      qv_app_say (_("--backend must be auto, x11 or wayland, not '%s' (see --help)"),
                  backend_name);
      return QV_EXIT_USAGE;
    }
  if (arrangement != NULL && strcmp (arrangement, "windows") != 0 &&
      strcmp (arrangement, "guest") != 0)
    {
      qv_app_say (_("--arrangement must be windows or guest, not '%s' (see --help)"),
                  arrangement);
      return QV_EXIT_USAGE;
    }
  if (arrangement != NULL)
    o.arrangement = strcmp (arrangement, "guest") == 0 ? QV_APP_ARRANGEMENT_GUEST
                                                       : QV_APP_ARRANGEMENT_WINDOWS;
  if (keyboard_grab != NULL && strcmp (keyboard_grab, "on") != 0 &&
      strcmp (keyboard_grab, "off") != 0)
    {
      qv_app_say (_("--keyboard-grab must be on or off, not '%s' (see --help)"), keyboard_grab);
      return QV_EXIT_USAGE;
    }
  o.no_keyboard_grab = g_strcmp0 (keyboard_grab, "off") == 0;
  if (o.hotkeys != NULL)
    {
      g_auto (GStrv) parsed = qv_hotkeys_parse (o.hotkeys, &error);

      if (parsed == NULL)
        {
          qv_app_say (_("--hotkeys: %s (see --help)"), error->message);
          return QV_EXIT_USAGE;
        }
    }
  if (rest != NULL && g_strv_length (rest) > 1)
    {
      qv_app_say (_("one connection target only, got %u (see --help)"),
                  g_strv_length (rest));
      return QV_EXIT_USAGE;
    }
  if (rest != NULL)
    o.target = g_strdup (rest[0]);
  if (o.debug)
    {
      /* spice-gtk's debug messages, and ours (G_LOG_DOMAIN "quadview"; also
       * G_MESSAGES_DEBUG=quadview alone, without spice-gtk's). */
      spice_util_set_debug (TRUE);
      g_log_set_debug_enabled (TRUE);
    }

  if (o.shutdown_on_close && o.no_shutdown_on_close)
    {
      qv_app_say (_("--shutdown-on-close and --no-shutdown-on-close exclude each other "
                    "(see --help)"));
      return QV_EXIT_USAGE;
    }
  if (make_launcher && remove_launcher)
    {
      qv_app_say (_("--make-launcher and --remove-launcher exclude each other (see --help)"));
      return QV_EXIT_USAGE;
    }
  if (make_launcher)
    return qv_launcher_cli_make (o.connect_uri, o.target, o.layout, o.direct);
  if (remove_launcher)
    return qv_launcher_cli_remove (o.connect_uri, o.target);

  if (o.list_layouts || o.forget_layout != NULL)
    {
      g_autofree char *vm = NULL;

      if (o.target != NULL && (vm = vm_from_target (&o, &error)) == NULL)
        {
          qv_app_say ("%s", error->message);
          return QV_EXIT_ERROR;
        }
      if (o.forget_layout != NULL)
        return qv_layout_cli_forget (vm, o.forget_layout);
      return qv_layout_cli_list (vm);
    }

  allowed = qv_backend_choose (backend, g_getenv ("GDK_BACKEND"), g_getenv ("XDG_SESSION_TYPE"),
                               g_getenv ("WAYLAND_DISPLAY"), g_getenv ("DISPLAY"));
  if (allowed != NULL)
    {
      /* GDK_BACKEND would override the choice. */
      if (backend != QV_BACKEND_AUTO)
        g_unsetenv ("GDK_BACKEND");
      gdk_set_allowed_backends (allowed);
    }
  if (!gtk_init_check (NULL, NULL))
    {
      qv_app_say (_("cannot open the display (is DISPLAY or WAYLAND_DISPLAY set?)"));
      return QV_EXIT_ERROR;
    }
  g_debug ("windowing system: %s", G_OBJECT_TYPE_NAME (gdk_display_get_default ()));
  app = qv_app_new (&o);
  return qv_app_run (app);
}
