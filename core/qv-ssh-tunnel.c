#include "qv-ssh-tunnel.h"

#include "qv-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

G_DEFINE_QUARK (qv-ssh-tunnel-error-quark, qv_ssh_tunnel_error)

/* Authentication may wait for the user (a passphrase, a hardware key). */
#define MASTER_WAIT_S 120
#define POLL_US 20000
#define STOP_WAIT_S 3

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
  GSubprocess *master;
  GPtrArray *relays; /* GSubprocess */
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

  g_strv_builder_add_many (argv, ssh, "-M", "-N", "-T", "-o", "ControlMaster=yes", "-o",
                           path_option, "-o", "ControlPersist=no", NULL);
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
  for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        return g_strdup (lines[i]);
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

static gboolean
start_master (QvSshTunnel *self, const QvVirtUri *uri, GCancellable *cancellable, GError **error)
{
  g_auto (GStrv) argv = qv_ssh_master_argv (uri, self->ssh, self->control_path);
  gint64 deadline = g_get_monotonic_time () + MASTER_WAIT_S * G_USEC_PER_SEC;

  self->master = spawn (self, (const char *const *) argv, -1, -1, FALSE, error);
  if (self->master == NULL)
    return FALSE;
  /* The master listens on its control socket once authenticated. */
  while (!is_socket (self->control_path))
    {
      if (g_subprocess_get_identifier (self->master) == NULL)
        return fail_from_log (self, error);
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_CONNECT,
                       _("ssh to %s: not connected after %d s"), self->host, MASTER_WAIT_S);
          return FALSE;
        }
      /* Authentication can take a user's while (a passphrase, a slow host):
       * a quit request meanwhile is the caller's source to run. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (POLL_US);
    }
  return TRUE;
}

/* Which relay the host has: socat first (it ends with either side). */
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
          g_debug ("ssh: %s relays the SPICE channels with %s", self->host, out);
          return TRUE;
        }
    }
  if (g_subprocess_get_if_exited (session) && g_subprocess_get_exit_status (session) == 1)
    {
      g_set_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_NO_RELAY,
                   _("%s has neither socat nor nc to carry the SPICE channels over ssh: install "
                     "one there, or connect with --direct"),
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
      self->log_fd = g_open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      if (self->log_fd < 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s",
                       self->log_path, g_strerror (saved));
          return FALSE;
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
      !find_relay (self, error) || !write_wrapper (self, libvirt_uri, error))
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

int
qv_ssh_tunnel_connect (QvSshTunnel *self, const char *address, int port, const char *unix_path,
                       GError **error)
{
  g_autofree char *script = NULL;
  g_auto (GStrv) argv = NULL;
  GSubprocess *relay;
  int sv[2];

  if (self->master == NULL || g_subprocess_get_identifier (self->master) == NULL)
    {
      g_set_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_CONNECT,
                   _("ssh to %s: the connection has ended"), self->host);
      return -1;
    }
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "socketpair: %s",
                   g_strerror (saved));
      return -1;
    }
  script = qv_ssh_relay_script (self->relay, address, port, unix_path);
  argv = qv_ssh_session_argv (self->ssh, self->control_path, self->host, script);
  relay = spawn (self, (const char *const *) argv, sv[1], dup (sv[1]), FALSE, error);
  if (relay == NULL)
    {
      close (sv[0]);
      return -1;
    }
  g_ptr_array_add (self->relays, relay);
  return sv[0];
}

static void
stop (GSubprocess *process)
{
  gint64 deadline = g_get_monotonic_time () + STOP_WAIT_S * G_USEC_PER_SEC;

  if (process == NULL || g_subprocess_get_identifier (process) == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  while (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (POLL_US / 2);
  if (g_subprocess_get_identifier (process) != NULL)
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
}

static void
qv_ssh_tunnel_class_init (QvSshTunnelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = qv_ssh_tunnel_finalize;
}
