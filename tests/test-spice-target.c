/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SPICE connection target read from libvirt domain XML. */
#include <string.h>

#include "qv-spice-target.h"

#define DOMAIN_OPEN "<domain type='kvm'><name>vm</name><devices>"
#define DOMAIN_CLOSE "</devices></domain>"

typedef struct {
  const char *name;
  const char *libvirt_uri;
  const char *xml;
  /* expected result, or error code when error >= 0 */
  int error;
  const char *host;
  int port;
  int tls_port;
  const char *unix_path;
  const char *password;
  const char *uri;
  const char *describe;
} TargetCase;

static const TargetCase cases[] = {
  { "plain-port", NULL,
    DOMAIN_OPEN "<graphics type='spice' port='5901' autoport='no' listen='127.0.0.1'>"
    "<listen type='address' address='127.0.0.1'/></graphics>" DOMAIN_CLOSE,
    -1, "127.0.0.1", 5901, -1, NULL, NULL, "spice://127.0.0.1:5901", "127.0.0.1:5901" },
  { "tls-and-password", "qemu:///system",
    DOMAIN_OPEN "<graphics type='spice' port='5902' tlsPort='5903' autoport='yes' passwd='s3cret'>"
    "<listen type='address' address='192.0.2.7'/></graphics>" DOMAIN_CLOSE,
    -1, "192.0.2.7", 5902, 5903, NULL, "s3cret", "spice://192.0.2.7:5902?tls-port=5903",
    "192.0.2.7:5902" },
  { "tls-only", NULL,
    DOMAIN_OPEN "<graphics type='spice' tlsPort='5905' listen='10.0.0.1'/>" DOMAIN_CLOSE,
    -1, "10.0.0.1", -1, 5905, NULL, NULL, "spice+tls://10.0.0.1:5905", "10.0.0.1:5905" },
  { "listen-attribute-only", NULL,
    DOMAIN_OPEN "<graphics type='spice' port='5910' listen='198.51.100.2'/>" DOMAIN_CLOSE,
    -1, "198.51.100.2", 5910, -1, NULL, NULL, "spice://198.51.100.2:5910", "198.51.100.2:5910" },
  { "no-listen-is-loopback", NULL,
    DOMAIN_OPEN "<graphics type='spice' port='5911'/>" DOMAIN_CLOSE,
    -1, "127.0.0.1", 5911, -1, NULL, NULL, "spice://127.0.0.1:5911", "127.0.0.1:5911" },
  { "wildcard-local", "qemu:///system",
    DOMAIN_OPEN "<graphics type='spice' port='5912' listen='0.0.0.0'>"
    "<listen type='address' address='0.0.0.0'/></graphics>" DOMAIN_CLOSE,
    -1, "127.0.0.1", 5912, -1, NULL, NULL, "spice://127.0.0.1:5912", "127.0.0.1:5912" },
  { "wildcard-v6-local", NULL,
    DOMAIN_OPEN "<graphics type='spice' port='5913'><listen type='address' address='::'/>"
    "</graphics>" DOMAIN_CLOSE,
    -1, "::1", 5913, -1, NULL, NULL, "spice://[::1]:5913", "[::1]:5913" },
  { "wildcard-remote", "qemu+ssh://root@virthost.example/system",
    DOMAIN_OPEN "<graphics type='spice' port='5914' listen='0.0.0.0'/>" DOMAIN_CLOSE,
    -1, "virthost.example", 5914, -1, NULL, NULL, "spice://virthost.example:5914",
    "virthost.example:5914" },
  { "wildcard-v6-remote", "qemu+tcp://virthost.example/system",
    DOMAIN_OPEN "<graphics type='spice' port='5915'><listen type='address' address='::'/>"
    "</graphics>" DOMAIN_CLOSE,
    -1, "virthost.example", 5915, -1, NULL, NULL, "spice://virthost.example:5915",
    "virthost.example:5915" },
  { "remote-loopback-unreachable", "qemu+ssh://virthost.example/system",
    DOMAIN_OPEN "<graphics type='spice' port='5916' listen='127.0.0.1'/>" DOMAIN_CLOSE,
    QV_SPICE_TARGET_ERROR_UNREACHABLE, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "network-listen", NULL,
    DOMAIN_OPEN "<graphics type='spice' port='5917'>"
    "<listen type='network' network='default' address='192.168.122.1'/></graphics>" DOMAIN_CLOSE,
    -1, "192.168.122.1", 5917, -1, NULL, NULL, "spice://192.168.122.1:5917",
    "192.168.122.1:5917" },
  { "listen-element-wins", NULL,
    DOMAIN_OPEN "<graphics type='spice' port='5918' listen='10.9.9.9'>"
    "<listen type='address' address='10.1.1.1'/></graphics>" DOMAIN_CLOSE,
    -1, "10.1.1.1", 5918, -1, NULL, NULL, "spice://10.1.1.1:5918", "10.1.1.1:5918" },
  { "unix-socket", NULL,
    DOMAIN_OPEN "<graphics type='spice' autoport='no'>"
    "<listen type='socket' socket='/run/libvirt/qemu/spice.sock'/></graphics>" DOMAIN_CLOSE,
    -1, NULL, -1, -1, "/run/libvirt/qemu/spice.sock", NULL,
    "spice+unix:///run/libvirt/qemu/spice.sock", "/run/libvirt/qemu/spice.sock" },
  { "unix-socket-remote", "qemu+ssh://virthost.example/system",
    DOMAIN_OPEN "<graphics type='spice'><listen type='socket' socket='/tmp/s.sock'/></graphics>"
    DOMAIN_CLOSE,
    QV_SPICE_TARGET_ERROR_UNREACHABLE, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "listen-none", NULL,
    DOMAIN_OPEN "<graphics type='spice'><listen type='none'/></graphics>" DOMAIN_CLOSE,
    QV_SPICE_TARGET_ERROR_UNREACHABLE, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "autoport-not-running", NULL,
    DOMAIN_OPEN "<graphics type='spice' port='-1' tlsPort='-1' autoport='yes'>"
    "<listen type='address'/></graphics>" DOMAIN_CLOSE,
    QV_SPICE_TARGET_ERROR_NO_PORT, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "bad-port", NULL,
    DOMAIN_OPEN "<graphics type='spice' port='70000'/>" DOMAIN_CLOSE,
    QV_SPICE_TARGET_ERROR_NO_PORT, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "vnc-only", NULL,
    DOMAIN_OPEN "<graphics type='vnc' port='5900'/>" DOMAIN_CLOSE,
    QV_SPICE_TARGET_ERROR_NO_SPICE, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "vnc-then-spice", NULL,
    DOMAIN_OPEN "<graphics type='vnc' port='5900'/><graphics type='spice' port='5920'/>"
    DOMAIN_CLOSE,
    -1, "127.0.0.1", 5920, -1, NULL, NULL, "spice://127.0.0.1:5920", "127.0.0.1:5920" },
  { "no-devices", NULL, "<domain><name>x</name></domain>",
    QV_SPICE_TARGET_ERROR_NO_SPICE, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "not-xml", NULL, "<domain><devices>",
    QV_SPICE_TARGET_ERROR_PARSE, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "wrong-root", NULL, "<network/>",
    QV_SPICE_TARGET_ERROR_PARSE, NULL, 0, 0, NULL, NULL, NULL, NULL },
  { "entity-refused", NULL,
    "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
    "<domain><devices><graphics type='spice' port='5900' passwd='&x;'/></devices></domain>",
    QV_SPICE_TARGET_ERROR_PARSE, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

static void
test_target_case (gconstpointer data)
{
  const TargetCase *tc = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (QvSpiceTarget) target = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *describe = NULL;

  target = qv_spice_target_from_domain_xml (tc->xml, tc->libvirt_uri, &error);
  if (tc->error >= 0)
    {
      g_assert_null (target);
      g_assert_error (error, QV_SPICE_TARGET_ERROR, tc->error);
      /* One line, for the terminal. */
      g_assert_null (strchr (error->message, '\n'));
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (target);
  g_assert_cmpstr (target->host, ==, tc->host);
  g_assert_cmpint (target->port, ==, tc->port);
  g_assert_cmpint (target->tls_port, ==, tc->tls_port);
  g_assert_cmpstr (target->unix_path, ==, tc->unix_path);
  g_assert_cmpstr (target->password, ==, tc->password);

  uri = qv_spice_target_to_uri (target);
  g_assert_cmpstr (uri, ==, tc->uri);
  describe = qv_spice_target_describe (target);
  g_assert_cmpstr (describe, ==, tc->describe);
  /* The password never ends up in the URI. */
  if (tc->password != NULL)
    g_assert_null (strstr (uri, tc->password));
}

typedef struct
{
  const char *host;
  int port;
  const char *want;
} AddressCase;

static const AddressCase address_cases[] = {
  { "127.0.0.1", 5900, "127.0.0.1:5900" },
  { "desk.example", 0, "desk.example:0" },
  { "::1", 5930, "[::1]:5930" },
  { "fe80::1%eth0", 5901, "[fe80::1%eth0]:5901" },
  { "desk", -1, "desk" },
  { "::1", -1, "::1" },
};

static void
test_address (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (address_cases); i++)
    {
      g_autofree char *got =
        qv_spice_address_describe (address_cases[i].host, address_cases[i].port);

      g_assert_cmpstr (got, ==, address_cases[i].want);
    }
}

/* Over ssh, the target as the host sees it: a plain port or a socket is
 * relayed, a TLS port alone is refused naming the domain and host. */
static void
test_relay (void)
{
  static const struct {
    const char *graphics;
    gboolean relayed;
  } relay_cases[] = {
    { "<graphics type='spice' port='5901' listen='127.0.0.1'/>", TRUE },
    { "<graphics type='spice' port='5901' tlsPort='5902' listen='0.0.0.0'/>", TRUE },
    { "<graphics type='spice'><listen type='socket' socket='/run/q/spice.sock'/></graphics>", TRUE },
    { "<graphics type='spice' tlsPort='5902' listen='127.0.0.1'/>", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (relay_cases); i++)
    {
      g_autofree char *xml = g_strconcat (DOMAIN_OPEN, relay_cases[i].graphics, DOMAIN_CLOSE, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (QvSpiceTarget) target = qv_spice_target_from_domain_xml (xml, NULL, &error);

      g_test_message ("%s", relay_cases[i].graphics);
      g_assert_no_error (error);
      g_assert_cmpint (qv_spice_target_check_relay (target, "vm", "virthost", &error), ==,
                       relay_cases[i].relayed);
      if (relay_cases[i].relayed)
        continue;
      g_assert_error (error, QV_SPICE_TARGET_ERROR, QV_SPICE_TARGET_ERROR_UNREACHABLE);
      g_assert_nonnull (strstr (error->message, "domain vm: "));
      g_assert_nonnull (strstr (error->message, " on virthost has a TLS port only"));
    }
}

/* Which channels a domain's graphics element wants over TLS only. */
typedef struct {
  const char *name;
  const char *graphics; /* attributes and children of <graphics type='spice'> */
  const char *want;     /* the names joined by ';', NULL: none */
  gboolean cover_all;
} SecureCase;

static const SecureCase secure_cases[] = {
  { "none", "port='5900' tlsPort='5901'>", NULL, FALSE },
  { "default-secure", "port='5900' tlsPort='5901' defaultMode='secure'>", "all", TRUE },
  { "default-secure-but-two",
    "port='5900' tlsPort='5901' defaultMode='secure'><channel name='playback' mode='insecure'/>"
    "<channel name='record' mode='insecure'/>",
    "main;display;inputs;cursor;smartcard;usbredir", FALSE },
  { "some-secure",
    "port='5900' tlsPort='5901'><channel name='main' mode='secure'/>"
    "<channel name='inputs' mode='secure'/><channel name='display' mode='any'/>",
    "main;inputs", FALSE },
  { "default-insecure", "port='5900' defaultMode='insecure'>", NULL, FALSE },
  { "unknown-name-ignored",
    "port='5900' tlsPort='5901'><channel name='bogus' mode='secure'/>", NULL, FALSE },
  { "every-one-listed",
    "tlsPort='5901'><channel name='main' mode='secure'/><channel name='display' mode='secure'/>"
    "<channel name='inputs' mode='secure'/><channel name='cursor' mode='secure'/>"
    "<channel name='playback' mode='secure'/><channel name='record' mode='secure'/>"
    "<channel name='smartcard' mode='secure'/><channel name='usbredir' mode='secure'/>",
    "main;display;inputs;cursor;playback;record;smartcard;usbredir", TRUE },
};

static void
test_secure (gconstpointer data)
{
  const SecureCase *c = data;
  g_autofree char *xml = g_strconcat (DOMAIN_OPEN "<graphics type='spice' listen='127.0.0.1' ",
                                      c->graphics, "</graphics>" DOMAIN_CLOSE, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (QvSpiceTarget) target = qv_spice_target_from_domain_xml (xml, NULL, &error);
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  got = target->secure_channels ? g_strjoinv (";", target->secure_channels) : NULL;
  g_assert_cmpstr (got, ==, c->want);
  g_assert_cmpint (qv_spice_secure_channels_cover_all ((const char *const *) target->secure_channels),
                   ==, c->cover_all);
}

/* What is a SPICE URI, and whether it carries a password. */
typedef struct {
  const char *name;
  const char *text;
  gboolean is_uri;
  gboolean has_password;
} UriCase;

static const UriCase uri_cases[] = {
  { "spice", "spice://h.example:5900", TRUE, FALSE },
  { "tls", "spice+tls://h.example:5901", TRUE, FALSE },
  { "unix", "spice+unix:///run/vm/spice.sock", TRUE, FALSE },
  { "scheme-case", "SPICE://h.example:5900", TRUE, FALSE },
  { "vv-file", "console.vv", FALSE, FALSE },
  { "vv-path", "/tmp/spice:5900.vv", FALSE, FALSE },
  { "domain", "debian12", FALSE, FALSE },
  { "spicy", "spicy://h.example", FALSE, FALSE },
  { "spice-no-slashes", "spice:h.example", TRUE, FALSE },
  { "empty", "", FALSE, FALSE },
  { "password", "spice://h.example:5900?password=s3cret", TRUE, TRUE },
  { "password-second", "spice://h.example?port=5900&password=s3cret", TRUE, TRUE },
  { "password-semicolon", "spice://h.example?port=5900;password=x", TRUE, TRUE },
  { "password-case", "spice://h.example:5900?PassWord=x", TRUE, TRUE },
  { "password-escaped", "spice://h.example:5900?pass%77ord=x", TRUE, TRUE },
  { "password-no-value", "spice://h.example:5900?password", TRUE, TRUE },
  { "password-after-bare-field", "spice://h.example:5900?x&password=y", TRUE, TRUE },
  { "tls-port-only", "spice://h.example?tls-port=5901", TRUE, FALSE },
  { "passwordless-name", "spice://h.example:5900?password-file=x", TRUE, FALSE },
};

static void
test_uri (gconstpointer data)
{
  const UriCase *c = data;

  g_assert_cmpint (qv_spice_target_is_uri (c->text), ==, c->is_uri);
  if (c->is_uri)
    g_assert_cmpint (qv_spice_target_uri_has_password (c->text), ==, c->has_password);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (uri_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/spice-target/uri/%s", uri_cases[i].name);
      g_test_add_data_func (path, &uri_cases[i], test_uri);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (secure_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/spice-target/secure/%s", secure_cases[i].name);
      g_test_add_data_func (path, &secure_cases[i], test_secure);
    }
  g_test_add_func ("/spice-target/address", test_address);
  g_test_add_func ("/spice-target/relay", test_relay);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/spice-target/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_target_case);
    }
  return g_test_run ();
}
