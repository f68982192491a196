/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ssh connection that carries a remote console: the master, the
 * forwarded channels (or, where the host refuses forwarding, relays on
 * the host), and the rules that build their command lines. */
#include "qv-ssh-tunnel.h"

#include "qv-i18n.h"
#include "qv-text.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

G_DEFINE_QUARK (qv-ssh-tunnel-error-quark, qv_ssh_tunnel_error)

/* Authentication may wait for the user (a passphrase, a hardware key). */
#define MASTER_WAIT_S 120
#define STOP_WAIT_S 3
/* A probe's channel: opened and closed at once, or refused, in a round
 * trip or two; a server that keeps it open meanwhile has answered too. */
#define PROBE_WAIT_S 10

typedef enum {
  FORWARD_UNKNOWN, /* not tried yet on this connection */
  FORWARD_YES,
  FORWARD_REFUSED, /* the host said no: relays instead */
} ForwardState;

struct _QvSshTunnel {
  GObject parent;
  char *host;
  char *ssh;          /* the client, absolute */
  char *dir;          /* private, 0700 */
  char *control_path; /* dir/master */
  char *log_path;     /* ssh's diagnostics */
  char *libvirt_uri;
  int log_fd;
  QvSshRelay relay;
  gboolean relay_known; /* relay is what the host has (find_relay ran) */
  ForwardState tcp_forward;
  ForwardState unix_forward;
  GHashTable *unix_forwards; /* remote socket path -> our forwarded socket */
  GSubprocess *master;
  GPtrArray *relays; /* GSubprocess: channels' ssh -W and relay sessions */
};

G_DEFINE_TYPE (QvSshTunnel, qv_ssh_tunnel, G_TYPE_OBJECT)

/* ---- rules ---------------------------------------------------------------- */

static gboolean
param_is_true (const QvVirtUri *uri, const char *name)
{
  const char *value = qv_virt_uri_get_param (uri, name);

  return value != NULL && strcmp (value, "0") != 0 && *value != '\0';
}

static const char *
uri_host (const QvVirtUri *uri)
{
  /* libvirt's own default for qemu+ssh:///system. */
  return uri->host != NULL ? uri->host : "localhost";
}

GStrv
qv_ssh_master_argv (const QvVirtUri *uri, const char *ssh, const char *control_path)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *path_option = g_strdup_printf ("ControlPath=%s", control_path);
  const char *keyfile = qv_virt_uri_get_param (uri, "keyfile");
  const char *known_hosts = qv_virt_uri_get_param (uri, "known_hosts");

  /* A host that stops answering (a network gone, a suspended laptop) ends
   * the master within 30 s: every channel and libvirt's connection end
   * with it, and quadview notices, instead of waiting for ever. */
  g_strv_builder_add_many (argv, ssh, "-M", "-N", "-T", "-o", "ControlMaster=yes", "-o",
                           path_option, "-o", "ControlPersist=no", "-o", "ServerAliveInterval=10",
                           "-o", "ServerAliveCountMax=3", NULL);
  if (uri->port > 0)
    {
      g_autofree char *port = g_strdup_printf ("%d", uri->port);

      g_strv_builder_add_many (argv, "-p", port, NULL);
    }
  if (uri->user != NULL)
    g_strv_builder_add_many (argv, "-l", uri->user, NULL);
  if (keyfile != NULL)
    g_strv_builder_add_many (argv, "-i", keyfile, NULL);
  if (param_is_true (uri, "no_verify"))
    g_strv_builder_add_many (argv, "-o", "StrictHostKeyChecking=no", NULL);
  if (known_hosts != NULL)
    {
      g_autofree char *option = g_strdup_printf ("UserKnownHostsFile=%s", known_hosts);

      g_strv_builder_add_many (argv, "-o", option, NULL);
    }
  /* libvirt's no_tty: never prompt. */
  if (param_is_true (uri, "no_tty"))
    g_strv_builder_add_many (argv, "-o", "BatchMode=yes", NULL);
  g_strv_builder_add_many (argv, "--", uri_host (uri), NULL);
  return g_strv_builder_end (argv);
}

static gboolean
is_host_name (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 253 || !g_ascii_isalnum (text[0]) || !g_ascii_isalnum (text[len - 1]))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;
}

const char *
qv_ssh_target_problem (const char *address, const char *unix_path)
{
  if (unix_path != NULL)
    {
      struct sockaddr_un sun;

      if (unix_path[0] != '/')
        return _("not an absolute path");
      if (strlen (unix_path) >= sizeof sun.sun_path)
        return _("longer than a unix socket's path can be");
      for (const char *p = unix_path; *p != '\0'; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f || g_ascii_isspace (*p) || strchr ("!,:", *p) != NULL)
          return _("a control character, whitespace, '!', ',' or ':' in a socket path");
      return NULL;
    }
  if (address != NULL)
    {
      g_autoptr (GInetAddress) ip = g_inet_address_new_from_string (address);

      if (ip != NULL || is_host_name (address))
        return NULL;
    }
  return _("neither an IP address nor a host name");
}

static void
add_mux_options (GStrvBuilder *argv, const char *ssh, const char *control_path)
{
  g_autofree char *path_option = g_strdup_printf ("ControlPath=%s", control_path);

  g_strv_builder_add_many (argv, ssh, "-o", path_option, "-o", "ControlMaster=no", NULL);
}

GStrv
qv_ssh_stdio_argv (const char *ssh, const char *control_path, const char *host,
                   const char *address, int port)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *target = NULL;

  /* ssh reads "[v6]:port" as it reads -L's host. */
  if (strchr (address, ':') != NULL)
    target = g_strdup_printf ("[%s]:%d", address, port);
  else
    target = g_strdup_printf ("%s:%d", address, port);
  add_mux_options (argv, ssh, control_path);
  g_strv_builder_add_many (argv, "-W", target, "--", host, NULL);
  return g_strv_builder_end (argv);
}

GStrv
qv_ssh_forward_argv (const char *ssh, const char *control_path, const char *host,
                     const char *local, const char *remote_path)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *spec = g_strdup_printf ("%s:%s", local, remote_path);

  add_mux_options (argv, ssh, control_path);
  g_strv_builder_add_many (argv, "-O", "forward", "-L", spec, "--", host, NULL);
  return g_strv_builder_end (argv);
}

GStrv
qv_ssh_session_argv (const char *ssh, const char *control_path, const char *host,
                     const char *script)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *path_option = g_strdup_printf ("ControlPath=%s", control_path);
  g_autofree char *quoted = g_shell_quote (script);

  /* ssh joins the command into one line for the remote user's shell,
   * which must run it with sh whatever it is (as libvirt does). */
  g_strv_builder_add_many (argv, ssh, "-o", path_option, "-o", "ControlMaster=no", "-T", "-e",
                           "none", "--", host, "sh", "-c", quoted, NULL);
  return g_strv_builder_end (argv);
}

char *
qv_ssh_relay_script (QvSshRelay relay, const char *address, int port, const char *unix_path)
{
  g_autofree char *target = NULL;
  g_autofree char *quoted = NULL;

  if (relay == QV_SSH_RELAY_SOCAT)
    {
      if (unix_path != NULL)
        target = g_strdup_printf ("UNIX-CONNECT:%s", unix_path);
      else if (strchr (address, ':') != NULL)
        target = g_strdup_printf ("TCP6:[%s]:%d", address, port);
      else
        target = g_strdup_printf ("TCP:%s:%d", address, port);
      quoted = g_shell_quote (target);
      return g_strdup_printf ("exec socat - %s", quoted);
    }
  if (unix_path != NULL)
    {
      quoted = g_shell_quote (unix_path);
      return g_strdup_printf ("exec nc -U %s", quoted);
    }
  quoted = g_shell_quote (address);
  return g_strdup_printf ("exec nc %s %d", quoted, port);
}

QvSshTunnelError
qv_ssh_classify_failure (const char *diagnostics)
{
  static const struct {
    const char *text;
    QvSshTunnelError code;
  } rules[] = {
    { "REMOTE HOST IDENTIFICATION HAS CHANGED", QV_SSH_TUNNEL_ERROR_HOST_KEY },
    { "Host key verification failed", QV_SSH_TUNNEL_ERROR_HOST_KEY },
    { "host key is known", QV_SSH_TUNNEL_ERROR_HOST_KEY },
    { "Permission denied", QV_SSH_TUNNEL_ERROR_AUTH },
    { "Too many authentication failures", QV_SSH_TUNNEL_ERROR_AUTH },
    { "No more authentication methods", QV_SSH_TUNNEL_ERROR_AUTH },
    { "Could not resolve hostname", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "Connection refused", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "timed out", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "No route to host", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "Network is unreachable", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "Connection closed by", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "Connection reset by", QV_SSH_TUNNEL_ERROR_CONNECT },
  };

  for (guint i = 0; diagnostics != NULL && i < G_N_ELEMENTS (rules); i++)
    if (strstr (diagnostics, rules[i].text) != NULL)
      return rules[i].code;
  return QV_SSH_TUNNEL_ERROR_FAILED;
}

/* ---- the connection --------------------------------------------------------- */

static void
child_setup (gpointer data)
{
#ifdef __linux__
  /* Nothing of ours outlives quadview, even when it is killed. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static GSubprocess *
spawn (QvSshTunnel *self, const char *const *argv, int in_fd, int out_fd, gboolean stdout_pipe,
       GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (stdout_pipe ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : G_SUBPROCESS_FLAGS_NONE);

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_subprocess_launcher_take_stderr_fd (launcher, dup (self->log_fd));
  if (in_fd >= 0)
    g_subprocess_launcher_take_stdin_fd (launcher, in_fd);
  if (out_fd >= 0)
    g_subprocess_launcher_take_stdout_fd (launcher, out_fd);
  g_autofree char *line = g_strjoinv (" ", (char **) argv);
  g_debug ("ssh: %s", line);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

/* The last line ssh wrote, for a one-line error. */
static char *
last_diagnostic (QvSshTunnel *self, char **all)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (self->log_path, &text, NULL, NULL))
    text = g_strdup ("");
  lines = g_strsplit (g_strstrip (text), "\n", -1);
  *all = g_steal_pointer (&text);
  /* The host's words, escaped for a terminal. */
  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        return qv_text_one_line (lines[i], 200);
    }
  return g_strdup (_("ssh exited without saying why"));
}

static gboolean
fail_from_log (QvSshTunnel *self, GError **error)
{
  g_autofree char *all = NULL;
  g_autofree char *line = last_diagnostic (self, &all);
  QvSshTunnelError code = qv_ssh_classify_failure (all);

  switch (code)
    {
    case QV_SSH_TUNNEL_ERROR_HOST_KEY:
      g_set_error (error, QV_SSH_TUNNEL_ERROR, code,
                   _("ssh to %s: the host key is unknown or does not match (%s)"), self->host, line);
      break;
    case QV_SSH_TUNNEL_ERROR_AUTH:
      g_set_error (error, QV_SSH_TUNNEL_ERROR, code, _("ssh to %s: authentication failed (%s)"),
                   self->host, line);
      break;
    case QV_SSH_TUNNEL_ERROR_CONNECT:
      g_set_error (error, QV_SSH_TUNNEL_ERROR, code, _("ssh to %s: cannot connect (%s)"),
                   self->host, line);
      break;
    default:
      g_set_error (error, QV_SSH_TUNNEL_ERROR, code, _("ssh to %s failed (%s)"), self->host, line);
      break;
    }
  return FALSE;
}

static gboolean
is_socket (const char *path)
{
  struct stat st;

  return g_lstat (path, &st) == 0 && S_ISSOCK (st.st_mode);
}

/* Callbacks whose only work is to wake start_master's loop, which then
 * looks at the socket, the master and the clock itself. */
static void
on_master_dir_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                       gpointer data)
{
}

static void
on_master_waited (GObject *source, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
}

static gboolean
on_master_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
on_master_cancelled (GCancellable *cancellable, gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
start_master (QvSshTunnel *self, const QvVirtUri *uri, GCancellable *cancellable, GError **error)
{
  g_auto (GStrv) argv = qv_ssh_master_argv (uri, self->ssh, self->control_path);
  gint64 deadline = g_get_monotonic_time () + MASTER_WAIT_S * G_USEC_PER_SEC;
  g_autoptr (GFile) dir = g_file_new_for_path (self->dir);
  /* The master listens on its control socket once authenticated: its
   * appearance in our directory, the master's exit, the deadline or a
   * cancel wake the loop below; no polling. Watched before ssh starts, so
   * that no event can come first. A directory that cannot be watched is
   * looked at every 100 ms instead. */
  g_autoptr (GFileMonitor) monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, NULL);
  g_autoptr (GSource) timer = NULL;
  g_autoptr (GSource) cancel_source = NULL;
  g_autoptr (GCancellable) wait_cancel = g_cancellable_new ();
  gulong changed_id = 0;
  gboolean ok = FALSE;

  self->master = spawn (self, (const char *const *) argv, -1, -1, FALSE, error);
  if (self->master == NULL)
    return FALSE;
  if (monitor != NULL)
    changed_id = g_signal_connect (monitor, "changed", G_CALLBACK (on_master_dir_changed), NULL);
  timer = monitor != NULL ? g_timeout_source_new_seconds (MASTER_WAIT_S + 1) : g_timeout_source_new (100);
  g_source_set_callback (timer, on_master_wake, NULL, NULL);
  g_source_attach (timer, NULL);
  if (cancellable != NULL)
    {
      cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel_source, G_SOURCE_FUNC (on_master_cancelled), NULL, NULL);
      g_source_attach (cancel_source, NULL);
    }
  g_subprocess_wait_async (self->master, wait_cancel, on_master_waited, NULL);
  for (;;)
    {
      if (is_socket (self->control_path))
        {
          ok = TRUE;
          break;
        }
      if (g_subprocess_get_identifier (self->master) == NULL)
        {
          fail_from_log (self, error);
          break;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_CONNECT,
                       _("ssh to %s: not connected after %d s"), self->host, MASTER_WAIT_S);
          break;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      /* Authentication can take a user's while (a passphrase, a slow
       * host): the caller's own sources (a quit request) run meanwhile,
       * so this is the caller's context. */
      g_main_context_iteration (NULL, TRUE);
    }
  g_cancellable_cancel (wait_cancel);
  g_source_destroy (timer);
  if (cancel_source != NULL)
    g_source_destroy (cancel_source);
  if (monitor != NULL)
    {
      g_signal_handler_disconnect (monitor, changed_id);
      g_file_monitor_cancel (monitor);
    }
  return ok;
}

/* Which relay the host has: socat first (it ends with either side). Only
 * asked when the host refuses forwarded channels. */
static gboolean
find_relay (QvSshTunnel *self, GError **error)
{
  static const char probe[] = "for t in socat nc; do if command -v \"$t\" >/dev/null 2>&1; then "
                              "echo \"$t\"; exit 0; fi; done; exit 1";
  g_auto (GStrv) argv = qv_ssh_session_argv (self->ssh, self->control_path, self->host, probe);
  g_autoptr (GSubprocess) session = NULL;
  g_autofree char *out = NULL;

  session = spawn (self, (const char *const *) argv, -1, -1, TRUE, error);
  if (session == NULL || !g_subprocess_communicate_utf8 (session, NULL, NULL, &out, NULL, error))
    return FALSE;
  if (g_subprocess_get_if_exited (session) && g_subprocess_get_exit_status (session) == 0)
    {
      g_strstrip (out);
      if (strcmp (out, "socat") == 0 || strcmp (out, "nc") == 0)
        {
          self->relay = strcmp (out, "socat") == 0 ? QV_SSH_RELAY_SOCAT : QV_SSH_RELAY_NC;
          self->relay_known = TRUE;
          g_debug ("ssh: %s relays the SPICE channels with %s", self->host, out);
          return TRUE;
        }
    }
  if (g_subprocess_get_if_exited (session) && g_subprocess_get_exit_status (session) == 1)
    {
      g_set_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_NO_RELAY,
                   _("%s refuses forwarded channels and has neither socat nor nc to carry the "
                     "SPICE channels over ssh: allow forwarding there (AllowTcpForwarding, "
                     "AllowStreamLocalForwarding), install socat, or connect with --direct"),
                   self->host);
      return FALSE;
    }
  return fail_from_log (self, error);
}

/* libvirt runs its ssh command with a clean environment and its own
 * options; this one only ever uses our connection. */
static gboolean
write_wrapper (QvSshTunnel *self, const char *uri, GError **error)
{
  g_autofree char *path = g_build_filename (self->dir, "ssh", NULL);
  g_autofree char *ssh = g_shell_quote (self->ssh);
  g_autofree char *option = g_strdup_printf ("ControlPath=%s", self->control_path);
  g_autofree char *quoted_option = g_shell_quote (option);
  g_autofree char *script = g_strdup_printf (
    "#!/bin/sh\n# libvirt's ssh for quadview: the shared connection only.\n"
    "exec %s -o %s -o ControlMaster=no \"$@\"\n", ssh, quoted_option);

  if (!g_file_set_contents_full (path, script, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0700, error))
    return FALSE;
  self->libvirt_uri = qv_virt_uri_with_param (uri, "command", path);
  return TRUE;
}

static gboolean
make_private_dir (QvSshTunnel *self, GError **error)
{
  const char *bases[] = { g_get_user_runtime_dir (), g_get_tmp_dir () };

  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_autofree char *dir = g_build_filename (bases[i], "quadview-ssh-XXXXXX", NULL);

      /* ssh binds "master.<16 random characters>" first: within a unix
       * socket's 108 bytes. */
      if (strlen (dir) + 32 > 104)
        continue;
      if (g_mkdtemp_full (dir, 0700) == NULL)
        continue;
      self->dir = g_steal_pointer (&dir);
      self->control_path = g_build_filename (self->dir, "master", NULL);
      self->log_path = g_build_filename (self->dir, "ssh.log", NULL);
      self->log_fd = g_open (self->log_path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      if (self->log_fd < 0)
        {
          return qv_text_set_errno_error (error, errno, "%s", self->log_path);
        }
      return TRUE;
    }
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
               _("cannot make a private directory for the ssh connection in %s"), bases[0]);
  return FALSE;
}

QvSshTunnel *
qv_ssh_tunnel_open (const char *libvirt_uri, GCancellable *cancellable, GError **error)
{
  g_autoptr (QvVirtUri) uri = qv_virt_uri_parse (libvirt_uri);
  g_autoptr (QvSshTunnel) self = NULL;
  const char *command;

  g_return_val_if_fail (uri != NULL && qv_virt_uri_is_ssh (uri), NULL);

  self = g_object_new (QV_TYPE_SSH_TUNNEL, NULL);
  self->host = g_strdup (uri_host (uri));
  /* The URI's own ssh command, as libvirt would use it. */
  command = qv_virt_uri_get_param (uri, "command");
  self->ssh = g_find_program_in_path (command != NULL ? command : "ssh");
  if (self->ssh == NULL)
    {
      g_set_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_NO_CLIENT,
                   _("ssh to %s: no '%s' program here (install openssh-client)"), self->host,
                   command != NULL ? command : "ssh");
      return NULL;
    }
  if (!make_private_dir (self, error) || !start_master (self, uri, cancellable, error) ||
      !write_wrapper (self, libvirt_uri, error))
    return NULL;
  g_debug ("ssh: connected to %s; libvirt through %s", self->host, self->libvirt_uri);
  return g_steal_pointer (&self);
}

const char *
qv_ssh_tunnel_get_libvirt_uri (QvSshTunnel *self)
{
  return self->libvirt_uri;
}

const char *
qv_ssh_tunnel_get_host (QvSshTunnel *self)
{
  return self->host;
}

/* ---- the channels ----------------------------------------------------------- */

static void
on_waited (GObject *source, GAsyncResult *result, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

static gboolean
on_wait_timeout (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Waits at most @ms for @process to exit; TRUE if it did. Its own
 * main context: nothing else of the caller's runs meanwhile. */
static gboolean
wait_exit_ms (GSubprocess *process, guint ms)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  g_autoptr (GSource) timeout = g_timeout_source_new (ms);
  gboolean called = FALSE;

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, on_wait_timeout, cancel, NULL);
  g_source_attach (timeout, context);
  g_subprocess_wait_async (process, cancel, on_waited, &called);
  /* Cancelled or not, the callback comes: only then is @called free. */
  while (!called)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);
  return g_subprocess_get_identifier (process) == NULL;
}

static gboolean
wait_exit (GSubprocess *process, guint seconds)
{
  return wait_exit_ms (process, seconds * 1000);
}

/* Where ssh's log is now, and what it said since. */
static goffset
log_mark (QvSshTunnel *self)
{
  struct stat st;

  return fstat (self->log_fd, &st) == 0 ? st.st_size : 0;
}

static char *
log_since (QvSshTunnel *self, goffset mark)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (self->log_path, &text, &len, NULL) || (gsize) mark > len)
    return g_strdup ("");
  return g_strdup (text + mark);
}

/* ssh's log keeps its last 64 KiB once past 1 MiB: a session that
 * reconnects for days must not fill the disk. The children append to it
 * (O_APPEND), so they go on at the new end. */
#define LOG_MAX (1024 * 1024)
#define LOG_KEEP (64 * 1024)

static void
cap_log (QvSshTunnel *self)
{
  g_autofree char *tail = NULL;
  struct stat st;
  ssize_t n;

  if (fstat (self->log_fd, &st) != 0 || st.st_size <= LOG_MAX)
    return;
  tail = g_malloc (LOG_KEEP);
  n = pread (self->log_fd, tail, LOG_KEEP, st.st_size - LOG_KEEP);
  if (n <= 0 || ftruncate (self->log_fd, 0) != 0)
    return;
  if (write (self->log_fd, tail, (size_t) n) != n)
    g_debug ("ssh: cannot keep the tail of %s", self->log_path);
}

/* Old channels' processes, once they have ended, are dropped. */
static void
prune_relays (QvSshTunnel *self)
{
  cap_log (self);
  for (guint i = self->relays->len; i > 0; i--)
    if (g_subprocess_get_identifier (self->relays->pdata[i - 1]) == NULL)
      g_ptr_array_remove_index_fast (self->relays, i - 1);
}

static int
spawn_channel (QvSshTunnel *self, const char *const *argv, GError **error)
{
  GSubprocess *process;
  int sv[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      qv_text_set_errno_error (error, errno, "socketpair");
      return -1;
    }
  process = spawn (self, argv, sv[1], dup (sv[1]), FALSE, error);
  if (process == NULL)
    {
      close (sv[0]);
      return -1;
    }
  g_ptr_array_add (self->relays, process);
  return sv[0];
}

/* Whether the host forwards TCP channels: one channel opened with
 * nothing to send (the server sees a connection that ends at once).
 * "administratively prohibited" is sshd's AllowTcpForwarding no; any
 * other failure is the server's (not listening), not the host's rule. */
static ForwardState
probe_tcp (QvSshTunnel *self, const char *address, int port)
{
  g_auto (GStrv) argv = qv_ssh_stdio_argv (self->ssh, self->control_path, self->host, address, port);
  g_autoptr (GSubprocess) probe = NULL;
  g_autofree char *said = NULL;
  goffset mark = log_mark (self);
  int null = open ("/dev/null", O_RDWR | O_CLOEXEC);

  if (null < 0)
    return FORWARD_YES;
  probe = spawn (self, (const char *const *) argv, null, dup (null), FALSE, NULL);
  if (probe == NULL)
    return FORWARD_YES;
  if (!wait_exit (probe, PROBE_WAIT_S))
    {
      g_subprocess_force_exit (probe);
      return FORWARD_YES;
    }
  said = log_since (self, mark);
  return strstr (said, "administratively prohibited") != NULL ? FORWARD_REFUSED : FORWARD_YES;
}

static int
connect_local (const char *path)
{
  struct sockaddr_un sun = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_strlcpy (sun.sun_path, path, sizeof sun.sun_path);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &sun, sizeof sun) != 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return -1;
    }
  return fd;
}

/* A channel through the forwarded socket @local, opened with nothing to
 * send; whether the master then logged a failed open. sshd says "open
 * failed" both for AllowStreamLocalForwarding no and for a socket that
 * is not there: either way the relay is the way left to try. */
static ForwardState
probe_unix (QvSshTunnel *self, const char *local)
{
  goffset mark = log_mark (self);
  g_autofree char *said = NULL;
  struct pollfd pfd;
  char byte;
  int fd = connect_local (local);

  if (fd < 0)
    return FORWARD_REFUSED;
  shutdown (fd, SHUT_WR);
  pfd = (struct pollfd) { .fd = fd, .events = POLLIN };
  /* The end comes from the server, or from the master on a refusal. */
  if (poll (&pfd, 1, PROBE_WAIT_S * 1000) > 0)
    while (read (fd, &byte, 1) > 0)
      ;
  close (fd);
  said = log_since (self, mark);
  return strstr (said, "open failed") != NULL ? FORWARD_REFUSED : FORWARD_YES;
}

/* Our forwarded socket for the host's @remote_path, set up once. */
static const char *
unix_forward (QvSshTunnel *self, const char *remote_path, GError **error)
{
  const char *local = g_hash_table_lookup (self->unix_forwards, remote_path);
  g_autofree char *path = NULL;
  g_auto (GStrv) argv = NULL;
  g_autoptr (GSubprocess) request = NULL;

  if (local != NULL)
    return local;
  path = g_strdup_printf ("%s/fwd-%u", self->dir, g_hash_table_size (self->unix_forwards));
  argv = qv_ssh_forward_argv (self->ssh, self->control_path, self->host, path, remote_path);
  request = spawn (self, (const char *const *) argv, -1, -1, FALSE, error);
  if (request == NULL)
    return NULL;
  if (!wait_exit (request, PROBE_WAIT_S) || !g_subprocess_get_if_exited (request) ||
      g_subprocess_get_exit_status (request) != 0)
    {
      if (g_subprocess_get_identifier (request) != NULL)
        g_subprocess_force_exit (request);
      fail_from_log (self, error);
      return NULL;
    }
  local = path;
  g_hash_table_insert (self->unix_forwards, g_strdup (remote_path), g_steal_pointer (&path));
  return local;
}

static int
connect_forwarded (QvSshTunnel *self, const char *address, int port, const char *unix_path,
                   GError **error)
{
  g_auto (GStrv) argv = NULL;
  const char *local;
  int fd;

  if (unix_path == NULL)
    {
      if (self->tcp_forward == FORWARD_UNKNOWN)
        self->tcp_forward = probe_tcp (self, address, port);
      if (self->tcp_forward == FORWARD_REFUSED)
        return -1;
      argv = qv_ssh_stdio_argv (self->ssh, self->control_path, self->host, address, port);
      return spawn_channel (self, (const char *const *) argv, error);
    }
  if ((local = unix_forward (self, unix_path, error)) == NULL)
    return -1;
  if (self->unix_forward == FORWARD_UNKNOWN)
    self->unix_forward = probe_unix (self, local);
  if (self->unix_forward == FORWARD_REFUSED)
    return -1;
  fd = connect_local (local);
  if (fd < 0)
    {
      qv_text_set_errno_error (error, errno, "%s", local);
    }
  return fd;
}

int
qv_ssh_tunnel_connect (QvSshTunnel *self, const char *address, int port, const char *unix_path,
                       GError **error)
{
  g_autofree char *script = NULL;
  g_auto (GStrv) argv = NULL;
  const char *problem = qv_ssh_target_problem (address, unix_path);
  gboolean refused;
  int fd;

  if (problem != NULL)
    {
      g_autofree char *shown = qv_text_one_line (unix_path != NULL ? unix_path : address, 80);

      g_set_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_BAD_TARGET,
                   _("ssh to %s: not forwarding to '%s': %s"), self->host, shown, problem);
      return -1;
    }
  if (self->master == NULL || g_subprocess_get_identifier (self->master) == NULL)
    {
      g_set_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_CONNECT,
                   _("ssh to %s: the connection has ended"), self->host);
      return -1;
    }
  prune_relays (self);
  fd = connect_forwarded (self, address, port, unix_path, error);
  refused = (unix_path != NULL ? self->unix_forward : self->tcp_forward) == FORWARD_REFUSED;
  if (fd >= 0 || !refused)
    return fd;
  g_clear_error (error);
  /* The host refuses forwarded channels: a relay program on the host,
   * for the address checked above. */
  if (!self->relay_known)
    {
      g_debug ("ssh: %s refuses forwarded channels; relays on the host instead", self->host);
      if (!find_relay (self, error))
        return -1;
    }
  script = qv_ssh_relay_script (self->relay, address, port, unix_path);
  argv = qv_ssh_session_argv (self->ssh, self->control_path, self->host, script);
  return spawn_channel (self, (const char *const *) argv, error);
}

gboolean
qv_ssh_tunnel_is_alive (QvSshTunnel *self, guint grace_ms)
{
  if (self->master == NULL || g_subprocess_get_identifier (self->master) == NULL ||
      !is_socket (self->control_path))
    return FALSE;
  /* A master whose connection just died may still be on its way out. */
  return grace_ms == 0 || !wait_exit_ms (self->master, grace_ms);
}

static void
stop (GSubprocess *process)
{
  if (process == NULL || g_subprocess_get_identifier (process) == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  if (!wait_exit (process, STOP_WAIT_S))
    g_subprocess_force_exit (process);
}

void
qv_ssh_tunnel_close (QvSshTunnel *self)
{
  g_autofree char *log = NULL;
  g_autofree char *wrapper = NULL;

  /* The master first: its sessions end with it. */
  stop (self->master);
  g_clear_object (&self->master);
  for (guint i = 0; i < self->relays->len; i++)
    stop (self->relays->pdata[i]);
  g_ptr_array_set_size (self->relays, 0);
  if (self->log_fd >= 0)
    close (self->log_fd);
  self->log_fd = -1;
  if (self->dir == NULL)
    return;
  if (g_file_get_contents (self->log_path, &log, NULL, NULL) && *g_strstrip (log) != '\0')
    g_debug ("ssh to %s said: %s", self->host, log);
  wrapper = g_build_filename (self->dir, "ssh", NULL);
  g_unlink (wrapper);
  {
    GHashTableIter iter;
    gpointer local;

    g_hash_table_iter_init (&iter, self->unix_forwards);
    while (g_hash_table_iter_next (&iter, NULL, &local))
      g_unlink (local);
  }
  g_unlink (self->log_path);
  g_unlink (self->control_path);
  g_rmdir (self->dir);
  g_clear_pointer (&self->dir, g_free);
}

static void
qv_ssh_tunnel_finalize (GObject *object)
{
  QvSshTunnel *self = QV_SSH_TUNNEL (object);

  qv_ssh_tunnel_close (self);
  g_ptr_array_unref (self->relays);
  g_hash_table_unref (self->unix_forwards);
  g_free (self->host);
  g_free (self->ssh);
  g_free (self->control_path);
  g_free (self->log_path);
  g_free (self->libvirt_uri);
  G_OBJECT_CLASS (qv_ssh_tunnel_parent_class)->finalize (object);
}

static void
qv_ssh_tunnel_init (QvSshTunnel *self)
{
  self->log_fd = -1;
  self->relays = g_ptr_array_new_with_free_func (g_object_unref);
  self->unix_forwards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
qv_ssh_tunnel_class_init (QvSshTunnelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qv_ssh_tunnel_finalize;
}
