/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qv-desktop-launch FILE PIDFILE [URI...]: starts the desktop entry FILE
 * as a desktop does (GDesktopAppInfo: its Exec line parsed and run by
 * GLib, the URIs in its %u or %U, as a browser hands over a link),
 * writes the started process's PID to PIDFILE, waits for it and exits
 * with its status (128 + N when signal N ended it). The end-to-end tests
 * run launchers with it.  Exit status 125: the entry could not be
 * loaded or started; 2: usage. */
#include <gio/gdesktopappinfo.h>
#include <sys/wait.h>

static void
on_pid (GDesktopAppInfo *info, GPid pid, gpointer data)
{
  *(GPid *) data = pid;
}

int
main (int argc, char **argv)
{
  g_autoptr (GDesktopAppInfo) info = NULL;
  g_autoptr (GAppLaunchContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *pid_text = NULL;
  GPid pid = 0;
  int status = 0;

  g_autoptr (GList) uris = NULL;

  if (argc < 3)
    {
      g_printerr ("usage: qv-desktop-launch FILE PIDFILE [URI...]\n");
      return 2;
    }
  for (int i = argc - 1; i >= 3; i--)
    uris = g_list_prepend (uris, argv[i]);
  /* GLib announces each launch on the session bus; there is none here,
   * and D-Bus must not autolaunch one (it would outlive the test). The
   * program itself gets the environment as it was. */
  context = g_app_launch_context_new ();
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/qv-no-bus", TRUE);
      g_app_launch_context_unsetenv (context, "DBUS_SESSION_BUS_ADDRESS");
    }
  info = g_desktop_app_info_new_from_filename (argv[1]);
  if (info == NULL)
    {
      g_printerr ("qv-desktop-launch: %s: GLib does not accept it as a desktop entry\n", argv[1]);
      return 125;
    }
  if (!g_desktop_app_info_launch_uris_as_manager (info, uris, context, G_SPAWN_DO_NOT_REAP_CHILD,
                                                  NULL, NULL, on_pid, &pid, &error))
    {
      g_printerr ("qv-desktop-launch: %s: %s\n", argv[1], error->message);
      return 125;
    }
  pid_text = g_strdup_printf ("%d\n", (int) pid);
  if (!g_file_set_contents (argv[2], pid_text, -1, &error))
    {
      g_printerr ("qv-desktop-launch: %s\n", error->message);
      return 125;
    }
  if (waitpid (pid, &status, 0) != pid)
    return 125;
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return WEXITSTATUS (status);
}
