/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ssh connection that carries a remote console (qv-ssh-tunnel.c): the
 * command lines made from libvirt's URI, the relays run for real, and
 * ssh's failures told apart. The connection itself is tested end to end
 * (tests/e2e/test-viewer-remote.sh). */
#include "qv-ssh-tunnel.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static void
test_master_argv (void)
{
  static const struct {
    const char *uri;
    const char *want; /* after the fixed part, joined by spaces */
  } cases[] = {
    { "qemu+ssh://server/system", "-- server" },
    { "qemu+ssh:///system", "-- localhost" },
    { "qemu+ssh://root@192.0.2.2/system?keyfile=/k/id&no_verify=1",
      "-l root -i /k/id -o StrictHostKeyChecking=no -- 192.0.2.2" },
    { "qemu+ssh://me@h:2222/system?known_hosts=/k/known&no_verify=0",
      "-p 2222 -l me -o UserKnownHostsFile=/k/known -- h" },
    { "qemu+ssh://h/system?no_tty=1&keyfile=/a%20b", "-i /a b -o BatchMode=yes -- h" },
    /* A host that looks like an option stays a host. */
    { "qemu+ssh://-oProxyCommand=x/system", "-- -oProxyCommand=x" },
  };
  static const char fixed[] =
    "ssh -M -N -T -o ControlMaster=yes -o ControlPath=/run/q/master -o ControlPersist=no "
    "-o ServerAliveInterval=10 -o ServerAliveCountMax=3 ";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (QvVirtUri) uri = qv_virt_uri_parse (cases[i].uri);
      g_auto (GStrv) argv = NULL;
      g_autofree char *line = NULL;
      g_autofree char *want = g_strconcat (fixed, cases[i].want, NULL);

      g_test_message ("%s", cases[i].uri);
      g_assert_nonnull (uri);
      argv = qv_ssh_master_argv (uri, "ssh", "/run/q/master");
      line = g_strjoinv (" ", argv);
      g_assert_cmpstr (line, ==, want);
    }
}

static void
test_session_argv (void)
{
  g_auto (GStrv) argv = qv_ssh_session_argv ("/usr/bin/ssh", "/run/q/master", "h", "echo 'a b'");
  g_autofree char *line = g_strjoinv (" ", argv);
  g_auto (GStrv) remote = NULL;
  g_autoptr (GError) error = NULL;
  guint n = g_strv_length (argv);

  g_assert_cmpstr (line, ==,
                   "/usr/bin/ssh -o ControlPath=/run/q/master -o ControlMaster=no -T -e none -- h "
                   "sh -c 'echo '\\''a b'\\'''");
  /* What the remote shell gets, ssh having joined the words. */
  g_assert_true (g_shell_parse_argv (argv[n - 1], NULL, &remote, &error));
  g_assert_cmpstr (remote[0], ==, "echo 'a b'");
}

/* What a domain's XML may hand to ssh, socat or nc on the host. */
typedef struct {
  const char *name;
  const char *address;
  const char *unix_path;
  gboolean ok;
} TargetCase;

static const TargetCase target_cases[] = {
  { "v4", "127.0.0.1", NULL, TRUE },
  { "v6", "::1", NULL, TRUE },
  { "v6-mapped", "::ffff:127.0.0.1", NULL, TRUE },
  { "host-name", "spice-host.example", NULL, TRUE },
  { "socat-bang", "::1]:5999!!SYSTEM:touch /tmp/p", NULL, FALSE },
  { "socat-comma", "127.0.0.1,fork", NULL, FALSE },
  { "option", "-e/bin/sh", NULL, FALSE },
  { "space", "host name", NULL, FALSE },
  { "newline", "host\nname", NULL, FALSE },
  { "empty", "", NULL, FALSE },
  { "none", NULL, NULL, FALSE },
  { "trailing-hyphen", "host-", NULL, FALSE },
  { "socket", NULL, "/var/lib/libvirt/qemu/domain-1-desk/spice.sock", TRUE },
  { "socket-bang", NULL, "/run/x.sock!!SYSTEM:touch /tmp/p", FALSE },
  { "socket-colon", NULL, "/run/a:b", FALSE },
  { "socket-comma", NULL, "/run/a,fork", FALSE },
  { "socket-space", NULL, "/run/a b", FALSE },
  { "socket-newline", NULL, "/run/a\nb", FALSE },
  { "socket-relative", NULL, "run/x.sock", FALSE },
  { "socket-option", NULL, "-U/x", FALSE },
  { "socket-too-long", NULL,
    "/0123456789/0123456789/0123456789/0123456789/0123456789/0123456789/0123456789/"
    "0123456789/0123456789/0123456789", FALSE },
};

static void
test_target (gconstpointer data)
{
  const TargetCase *c = data;
  const char *problem = qv_ssh_target_problem (c->address, c->unix_path);

  if (c->ok)
    g_assert_null (problem);
  else
    g_assert_nonnull (problem);
}

static void
test_channel_argv (void)
{
  g_auto (GStrv) v4 = qv_ssh_stdio_argv ("ssh", "/run/q/master", "h", "127.0.0.1", 5900);
  g_auto (GStrv) v6 = qv_ssh_stdio_argv ("ssh", "/run/q/master", "h", "::1", 5900);
  g_auto (GStrv) fwd = qv_ssh_forward_argv ("ssh", "/run/q/master", "h", "/run/q/fwd-0", "/run/s.sock");
  g_autofree char *l4 = g_strjoinv (" ", v4);
  g_autofree char *l6 = g_strjoinv (" ", v6);
  g_autofree char *lf = g_strjoinv (" ", fwd);

  g_assert_cmpstr (l4, ==, "ssh -o ControlPath=/run/q/master -o ControlMaster=no -W 127.0.0.1:5900 -- h");
  g_assert_cmpstr (l6, ==, "ssh -o ControlPath=/run/q/master -o ControlMaster=no -W [::1]:5900 -- h");
  g_assert_cmpstr (lf, ==, "ssh -o ControlPath=/run/q/master -o ControlMaster=no -O forward "
                           "-L /run/q/fwd-0:/run/s.sock -- h");
}

/* A server on loopback (TCP and a unix socket) that answers "pong:" +
 * what it read, for @n connections, then ends: accepts block, no main
 * loop, so nothing is left pending when the test ends. */
typedef struct {
  GSocketListener *listener;
  guint n;
} Server;

static gpointer
serve (gpointer data)
{
  Server *server = data;

  for (guint k = 0; k < server->n; k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSocketConnection) connection =
        g_socket_listener_accept (server->listener, NULL, NULL, &error);
      GInputStream *in;
      GOutputStream *out;
      char buf[16] = { 0 };
      gsize n = 0;

      g_assert_no_error (error);
      in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
      out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      g_input_stream_read_all (in, buf, 4, &n, NULL, NULL);
      g_output_stream_write_all (out, "pong:", 5, NULL, NULL, NULL);
      g_output_stream_write_all (out, buf, n, NULL, NULL, NULL);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  return NULL;
}

/* Each relay script, run by sh here as the host would, carries bytes
 * both ways to a real server (TCP and unix socket). */
static void
test_relay_script (void)
{
  const struct {
    QvSshRelay relay;
    const char *program;
    gboolean unix_socket;
  } cases[] = {
    { QV_SSH_RELAY_SOCAT, "socat", FALSE },
    { QV_SSH_RELAY_SOCAT, "socat", TRUE },
    { QV_SSH_RELAY_NC, "nc", FALSE },
    { QV_SSH_RELAY_NC, "nc", TRUE },
  };
  g_autofree char *dir = g_dir_make_tmp ("qv-relay-XXXXXX", NULL);
  /* A name the script must quote. */
  g_autofree char *unix_path = g_build_filename (dir, "spice sock", NULL);
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GSocketAddress) unix_address = g_unix_socket_address_new (unix_path);
  g_autoptr (GError) error = NULL;
  Server server = { NULL, G_N_ELEMENTS (cases) };
  GThread *thread;
  int port;

  g_assert_true (g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_true (g_socket_listener_add_address (listener, unix_address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server.listener = listener;
  thread = g_thread_new ("server", serve, &server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *script = qv_ssh_relay_script (cases[i].relay, "127.0.0.1", port,
                                                     cases[i].unix_socket ? unix_path : NULL);
      const char *argv[] = { "sh", "-c", script, NULL };
      g_autoptr (GSubprocess) sh = NULL;
      g_autoptr (GBytes) input = g_bytes_new_static ("ping", 4);
      g_autoptr (GBytes) output = NULL;
      g_autofree char *program = g_find_program_in_path (cases[i].program);

      g_test_message ("%s", script);
      if (program == NULL)
        g_error ("%s is needed for this test (package %s)", cases[i].program,
                 cases[i].relay == QV_SSH_RELAY_NC ? "netcat-openbsd" : "socat");
      sh = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate (sh, input, NULL, &output, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (output, NULL), g_bytes_get_size (output), "pong:ping", 9);
    }
  g_thread_join (thread);
  g_socket_listener_close (listener);
  g_unlink (unix_path);
  g_rmdir (dir);
}

static void
test_relay_script_v6 (void)
{
  g_autofree char *socat = qv_ssh_relay_script (QV_SSH_RELAY_SOCAT, "::1", 5900, NULL);
  g_autofree char *nc = qv_ssh_relay_script (QV_SSH_RELAY_NC, "::1", 5900, NULL);

  g_assert_cmpstr (socat, ==, "exec socat - 'TCP6:[::1]:5900'");
  g_assert_cmpstr (nc, ==, "exec nc '::1' 5900");
}

static void
test_classify (void)
{
  static const struct {
    const char *said;
    QvSshTunnelError code;
  } cases[] = {
    { "root@192.0.2.2: Permission denied (publickey).", QV_SSH_TUNNEL_ERROR_AUTH },
    { "Received disconnect from 192.0.2.2 port 22:2: Too many authentication failures",
      QV_SSH_TUNNEL_ERROR_AUTH },
    { "No ED25519 host key is known for 192.0.2.2 and you have requested strict checking.\n"
      "Host key verification failed.", QV_SSH_TUNNEL_ERROR_HOST_KEY },
    { "@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@\n"
      "Host key for 192.0.2.2 has changed and you have requested strict checking.\n"
      "Host key verification failed.", QV_SSH_TUNNEL_ERROR_HOST_KEY },
    { "ssh: connect to host 192.0.2.2 port 22: Connection refused", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "ssh: Could not resolve hostname nowhere: Name or service not known",
      QV_SSH_TUNNEL_ERROR_CONNECT },
    { "ssh: connect to host 192.0.2.9 port 22: Connection timed out", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "kex_exchange_identification: Connection closed by remote host", QV_SSH_TUNNEL_ERROR_CONNECT },
    { "Bad configuration option: foo", QV_SSH_TUNNEL_ERROR_FAILED },
    { "", QV_SSH_TUNNEL_ERROR_FAILED },
    { NULL, QV_SSH_TUNNEL_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].said ? cases[i].said : "(null)");
      g_assert_cmpint (qv_ssh_classify_failure (cases[i].said), ==, cases[i].code);
    }
}

/* An "ssh" that fails as OpenSSH does; the error is ssh's last line,
 * naming the host, and nothing is left behind. */
static void
test_open_fails (void)
{
  g_autofree char *dir = g_dir_make_tmp ("qv-ssh-XXXXXX", NULL);
  g_autofree char *fake = g_build_filename (dir, "ssh", NULL);
  g_autofree char *uri = g_strdup_printf ("qemu+ssh://root@server.example/system?command=%s", fake);
  g_autofree char *runtime = g_build_filename (dir, "run", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (QvSshTunnel) tunnel = NULL;
  g_autoptr (GDir) left = NULL;

  g_assert_true (g_file_set_contents_full (
    fake, "#!/bin/sh\necho 'Warning: something' >&2\necho 'root@server.example: Permission denied (publickey).' >&2\nexit 255\n",
    -1, G_FILE_SET_CONTENTS_NONE, 0700, NULL));
  g_mkdir (runtime, 0700);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_assert_cmpstr (g_get_user_runtime_dir (), ==, runtime);

  tunnel = qv_ssh_tunnel_open (uri, NULL, &error);
  g_assert_null (tunnel);
  g_assert_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==,
                   "ssh to server.example: authentication failed "
                   "(root@server.example: Permission denied (publickey).)");
  left = g_dir_open (runtime, 0, NULL);
  g_assert_null (g_dir_read_name (left));
  g_clear_error (&error);

  tunnel = qv_ssh_tunnel_open ("qemu+ssh://server.example/system?command=/nonexistent/ssh", NULL, &error);
  g_assert_null (tunnel);
  g_assert_error (error, QV_SSH_TUNNEL_ERROR, QV_SSH_TUNNEL_ERROR_NO_CLIENT);
  g_assert_nonnull (strstr (error->message, "server.example"));

  g_unlink (fake);
  g_rmdir (runtime);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ssh-tunnel/master-argv", test_master_argv);
  g_test_add_func ("/ssh-tunnel/session-argv", test_session_argv);
  g_test_add_func ("/ssh-tunnel/channel-argv", test_channel_argv);
  for (guint i = 0; i < G_N_ELEMENTS (target_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ssh-tunnel/target/%s", target_cases[i].name);

      g_test_add_data_func (path, &target_cases[i], test_target);
    }
  g_test_add_func ("/ssh-tunnel/relay-script", test_relay_script);
  g_test_add_func ("/ssh-tunnel/relay-script-v6", test_relay_script_v6);
  g_test_add_func ("/ssh-tunnel/classify", test_classify);
  g_test_add_func ("/ssh-tunnel/open-fails", test_open_fails);
  return g_test_run ();
}
