/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libvirt URIs taken apart once (qv-virt-uri.c): local or remote, the
 * host, ssh, and a parameter set. */
#include "qv-virt-uri.h"

static void
test_is_local (void)
{
  static const struct {
    const char *uri;
    gboolean local;
  } cases[] = {
    { "qemu:///system", TRUE },
    { "qemu:///session", TRUE },
    { "qemu:///system?socket=/tmp/x/libvirt-sock", TRUE },
    { "qemu+unix:///system", TRUE },
    { "QEMU+UNIX:///system", TRUE },
    { "test:///default", TRUE },
    { "qemu+ssh://root@server/system", FALSE },
    { "qemu+ssh:///system", FALSE },
    { "qemu+tcp://server/system", FALSE },
    { "qemu+tls://server/system", FALSE },
    { "qemu+libssh2://u@h/system?known_hosts=/k", FALSE },
    { "qemu://server/system", FALSE },
    { "qemu://localhost/system", FALSE },
    { "not a uri", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].uri ? cases[i].uri : "(null)");
      g_assert_cmpint (qv_virt_uri_is_local (cases[i].uri), ==, cases[i].local);
    }
}

static void
test_remote_host (void)
{
  static const struct {
    const char *uri;
    const char *host;
  } cases[] = {
    { "qemu+ssh://root@virthost.example/system", "virthost.example" },
    { "qemu+ssh://virthost.example:2222/system?keyfile=/k", "virthost.example" },
    { "qemu+tcp://192.0.2.7/system", "192.0.2.7" },
    { "qemu+tls://[2001:db8::7]/system", "2001:db8::7" },
    { "qemu:///system", NULL },
    { "qemu+ssh:///system", NULL },
    { "qemu+ssh://localhost/system", NULL },
    { "qemu+ssh://LOCALHOST/system", NULL },
    { "qemu+tcp://127.0.0.1/system", NULL },
    { "qemu+tcp://[::1]/system", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = qv_virt_uri_remote_host (cases[i].uri);

      g_test_message ("%s", cases[i].uri ? cases[i].uri : "(null)");
      g_assert_cmpstr (host, ==, cases[i].host);
    }
}

static void
test_parse (void)
{
  static const struct {
    const char *uri;
    const char *driver, *transport, *user, *host;
    int port;
    const char *path;
    const char *param, *value; /* one parameter looked up */
    gboolean ssh;
  } cases[] = {
    { "qemu+ssh://root@192.0.2.2/system?keyfile=/k/id&no_verify=1", "qemu", "ssh", "root",
      "192.0.2.2", -1, "/system", "keyfile", "/k/id", TRUE },
    { "QEMU+SSH://me@host:2222/session?KeyFile=/k", "qemu", "ssh", "me", "host", 2222,
      "/session", "keyfile", "/k", TRUE },
    /* libvirt separates with ';' too and keeps '+'; escapes are decoded. */
    { "qemu+ssh://h/system?no_verify=1;keyfile=/a%20b/c+d", "qemu", "ssh", NULL, "h", -1,
      "/system", "keyfile", "/a b/c+d", TRUE },
    { "qemu+ssh://us%40er@h/system", "qemu", "ssh", "us@er", "h", -1, "/system", "x", NULL, TRUE },
    { "qemu+libssh2://h/system", "qemu", "libssh2", NULL, "h", -1, "/system", NULL, NULL, FALSE },
    { "qemu:///system", "qemu", NULL, NULL, NULL, -1, "/system", NULL, NULL, FALSE },
    { "test:///default", "test", NULL, NULL, NULL, -1, "/default", NULL, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (QvVirtUri) uri = qv_virt_uri_parse (cases[i].uri);

      g_test_message ("%s", cases[i].uri);
      g_assert_nonnull (uri);
      g_assert_cmpstr (uri->driver, ==, cases[i].driver);
      g_assert_cmpstr (uri->transport, ==, cases[i].transport);
      g_assert_cmpstr (uri->user, ==, cases[i].user);
      g_assert_cmpstr (uri->host, ==, cases[i].host);
      g_assert_cmpint (uri->port, ==, cases[i].port);
      g_assert_cmpstr (uri->path, ==, cases[i].path);
      if (cases[i].param != NULL)
        g_assert_cmpstr (qv_virt_uri_get_param (uri, cases[i].param), ==, cases[i].value);
      g_assert_cmpint (qv_virt_uri_is_ssh (uri), ==, cases[i].ssh);
    }
  g_assert_null (qv_virt_uri_parse (NULL));
  g_assert_null (qv_virt_uri_parse (""));
  g_assert_null (qv_virt_uri_parse ("no uri"));
}

static void
test_with_param (void)
{
  static const struct {
    const char *uri, *value, *want;
  } cases[] = {
    { "qemu+ssh://h/system", "/run/q/ssh", "qemu+ssh://h/system?command=/run/q/ssh" },
    { "qemu+ssh://u@h:22/system?keyfile=/k", "/r/ssh",
      "qemu+ssh://u@h:22/system?keyfile=/k&command=/r/ssh" },
    /* Replaced, whatever its case; the others kept as written. */
    { "qemu+ssh://h/system?Command=myssh&no_verify=1", "/r/ssh",
      "qemu+ssh://h/system?no_verify=1&command=/r/ssh" },
    { "qemu+ssh://h/system?a=1;command=x;b=%2F", "/r/ssh",
      "qemu+ssh://h/system?a=1&b=%2F&command=/r/ssh" },
    /* A value that would end the parameter is escaped. */
    { "qemu+ssh://h/system", "/tmp/a b&c=d;e", "qemu+ssh://h/system?command=/tmp/a%20b%26c%3Dd%3Be" },
    { "qemu+ssh://h/system?#frag", "/x", "qemu+ssh://h/system?command=/x#frag" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = qv_virt_uri_with_param (cases[i].uri, "command", cases[i].value);
      g_autoptr (QvVirtUri) parsed = qv_virt_uri_parse (got);

      g_test_message ("%s", cases[i].uri);
      g_assert_cmpstr (got, ==, cases[i].want);
      /* And libvirt reads back what was set. */
      g_assert_nonnull (parsed);
      g_assert_cmpstr (qv_virt_uri_get_param (parsed, "command"), ==, cases[i].value);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/virt-uri/is-local", test_is_local);
  g_test_add_func ("/virt-uri/remote-host", test_remote_host);
  g_test_add_func ("/virt-uri/parse", test_parse);
  g_test_add_func ("/virt-uri/with-param", test_with_param);
  return g_test_run ();
}
