/* SPDX-License-Identifier: GPL-2.0-or-later */
/* remote-viewer connection files (.vv): what is read from them, and
 * what is refused, in a table; the files as the consoles write them. */
#include "qv-vv-file.h"

#include <string.h>

#define PEM "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"

typedef struct {
  const char *name;
  const char *text;
  gboolean ok;
  const char *error_part; /* in the message when !ok */
  const char *host;
  int port, tls_port;
  const char *password;
  const char *secure; /* joined by ';' */
  gboolean delete_this_file;
  const char *describe; /* where it points (qv_vv_file_get_target) */
  const char *proxy;
  const char *vm_key;   /* qv_vv_file_get_vm_key */
  const char *hotkeys;  /* joined by ',' */
  const char *unused;   /* joined by ',' */
  const char *flags;    /* "usbredir=N smartcard=N autoshare=N" (-1: not said); NULL: all -1 */
} VvCase;

static const VvCase cases[] = {
  { "virt-manager", "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5900\n", TRUE, NULL,
    "127.0.0.1", 5900, -1, NULL, NULL, FALSE, "127.0.0.1:5900" },
  { "ovirt",
    "[virt-viewer]\ntype=spice\nhost=192.0.2.10\nport=-1\ntls-port=5901\npassword=s3cret\n"
    "secure-channels=main;inputs;cursor;playback;record;display;smartcard;usbredir\n"
    "host-subject=O=example,CN=host\nca=" PEM "\ndelete-this-file=1\ntitle=vm1:%d\n",
    TRUE, NULL, "192.0.2.10", -1, 5901, "s3cret",
    "main;inputs;cursor;playback;record;display;smartcard;usbredir", TRUE, "192.0.2.10:5901",
    NULL, "vm1:%d" },
  { "ovirt-engine",
    "[virt-viewer]\ntype=spice\nhost=192.0.2.10\nport=5900\ntls-port=5901\nfullscreen=0\n"
    "title=db1:%d - Press SHIFT+F12 to Release Cursor\nenable-smartcard=0\nenable-usb-autoshare=1\n"
    "usb-filter=-1,-1,-1,-1,0\nenable-usbredir=1\ncolor-depth=0\nversions=rhev-win64:2.0-160\n"
    "newer-version-url=http://www.ovirt.org/documentation/admin-guide/virt/console-client-resources\n"
    "release-cursor=shift+f12\nsecure-attention=ctrl+alt+end\ntoggle-fullscreen=shift+f11\n"
    "smartcard-insert=shift+f9\nsmartcard-remove=shift+f10\ndelete-this-file=1\n"
    "secure-channels=main;inputs;cursor;playback;record;display;smartcard;usbredir\n"
    "[ovirt]\nhost=engine.example:443\nvm-guid=0b5c0a57-3f5a-4d2b-9a4e-7e1c3f1b2a90\n"
    "sso-token=abc\nadmin=1\n",
    TRUE, NULL, "192.0.2.10", 5900, 5901, NULL,
    "main;inputs;cursor;playback;record;display;smartcard;usbredir", TRUE, "192.0.2.10:5900",
    NULL, "0b5c0a57-3f5a-4d2b-9a4e-7e1c3f1b2a90",
    "release-cursor=shift+f12,secure-attention=ctrl+alt+end,toggle-fullscreen=shift+f11,"
    "smartcard-insert=shift+f9,smartcard-remove=shift+f10",
    "fullscreen,color-depth,versions,newer-version-url", "usbredir=1 smartcard=0 autoshare=1" },
  { "proxmox",
    "[virt-viewer]\nsecure-attention=Ctrl+Alt+Ins\ntoggle-fullscreen=Shift+F11\ntype=spice\n"
    "release-cursor=Ctrl+Alt+R\ndelete-this-file=1\nhost-subject=OU=PVE Cluster Node,O=Proxmox "
    "Virtual Environment,CN=pve1\ntls-port=61000\nproxy=http://192.0.2.5:3128\n"
    "host=pvespiceproxy:6571f1c2:100:pve1::a1b2c3\npassword=0123abcd\ntitle=VM 100 - vm\n"
    "ca=" PEM,
    TRUE, NULL, "pvespiceproxy:6571f1c2:100:pve1::a1b2c3", -1, 61000, "0123abcd", NULL, TRUE,
    "[pvespiceproxy:6571f1c2:100:pve1::a1b2c3]:61000", "http://192.0.2.5:3128", "VM 100 - vm",
    "secure-attention=Ctrl+Alt+Ins,toggle-fullscreen=Shift+F11,release-cursor=Ctrl+Alt+R" },
  { "unix-path-key", "[virt-viewer]\ntype=spice\nunix-path=/run/vm.sock\nhost=ignored\n", TRUE,
    NULL, "/run/vm.sock", -1, -1, NULL, NULL, FALSE, "/run/vm.sock" },
  { "unix-path-relative", "[virt-viewer]\ntype=spice\nunix-path=vm.sock\n", FALSE, "unix-path=" },
  { "proxy-https", "[virt-viewer]\ntype=spice\nhost=h\nport=1\nproxy=https://u:p@proxy.example\n",
    TRUE, NULL, "h", 1, -1, NULL, NULL, FALSE, "h:1", "https://u:p@proxy.example" },
  { "proxy-socks", "[virt-viewer]\ntype=spice\nhost=h\nport=1\nproxy=socks5://p:1080\n", FALSE,
    "proxy=" },
  { "proxy-no-host", "[virt-viewer]\ntype=spice\nhost=h\nport=1\nproxy=http://:3128\n", FALSE,
    "proxy=" },
  { "proxy-path", "[virt-viewer]\ntype=spice\nhost=h\nport=1\nproxy=http://p:3128/x?y\n", FALSE,
    "proxy=" },
  { "proxy-word", "[virt-viewer]\ntype=spice\nhost=h\nport=1\nproxy=pveproxy\n", FALSE,
    "proxy=" },
  { "proxy-empty", "[virt-viewer]\ntype=spice\nhost=h\nport=1\nproxy=\n", TRUE, NULL, "h", 1, -1,
    NULL, NULL, FALSE, "h:1" },
  { "unknown-keys", "[virt-viewer]\ntype=spice\nhost=h\nport=1\nx-vendor=1\nzoom-in=ctrl+plus\n",
    TRUE, NULL, "h", 1, -1, NULL, NULL, FALSE, "h:1", NULL, NULL, "zoom-in=ctrl+plus", "x-vendor" },
  { "unix-socket", "[virt-viewer]\ntype=spice\nhost=/run/spice.sock\n", TRUE, NULL,
    "/run/spice.sock", -1, -1, NULL, NULL, FALSE, "/run/spice.sock" },
  { "not-spice", "[virt-viewer]\ntype=vnc\nhost=h\nport=5900\n", FALSE, "type=spice" },
  { "no-group", "[other]\ntype=spice\nhost=h\n", FALSE, "type=spice" },
  { "no-host", "[virt-viewer]\ntype=spice\nport=5900\n", FALSE, "host=" },
  { "empty-host", "[virt-viewer]\ntype=spice\nhost=\n", FALSE, "host=" },
  { "port-word", "[virt-viewer]\ntype=spice\nhost=h\nport=59x0\n", FALSE, "port=" },
  { "port-too-big", "[virt-viewer]\ntype=spice\nhost=h\nport=65536\n", FALSE, "port=" },
  { "port-zero", "[virt-viewer]\ntype=spice\nhost=h\ntls-port=0\n", FALSE, "tls-port=" },
  { "port-negative", "[virt-viewer]\ntype=spice\nhost=h\nport=-2\n", FALSE, "port=" },
  { "not-a-key-file", "type=spice\n", FALSE, "" },
  { "empty-secure-channels", "[virt-viewer]\ntype=spice\nhost=h\nsecure-channels=\n", TRUE, NULL,
    "h", -1, -1, NULL, NULL, FALSE, "h" },
};

static void
test_case (gconstpointer data)
{
  const VvCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (QvVvFile) vv = qv_vv_file_parse (c->text, strlen (c->text), "f.vv", &error);
  g_autofree char *joined = NULL;
  g_autoptr (QvSpiceTarget) target = NULL;
  g_autofree char *described = NULL;

  if (!c->ok)
    {
      g_assert_null (vv);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "f.vv: "));
      g_assert_nonnull (strstr (error->message, c->error_part));
      g_assert_null (strchr (error->message, '\n'));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpstr (vv->host, ==, c->host);
  g_assert_cmpint (vv->port, ==, c->port);
  g_assert_cmpint (vv->tls_port, ==, c->tls_port);
  g_assert_cmpstr (vv->password, ==, c->password);
  joined = vv->secure_channels ? g_strjoinv (";", vv->secure_channels) : NULL;
  g_assert_cmpstr (joined, ==, c->secure);
  g_assert_cmpint (vv->delete_this_file, ==, c->delete_this_file);

  target = qv_vv_file_get_target (vv);
  described = qv_spice_target_describe (target);
  g_assert_cmpstr (described, ==, c->describe);
  g_assert_cmpstr (target->password, ==, c->password);
  g_assert_cmpint (target->unix_path != NULL, ==, c->host[0] == '/');

  g_assert_cmpstr (vv->proxy, ==, c->proxy);
  g_assert_cmpstr (qv_vv_file_get_vm_key (vv), ==, c->vm_key);
  g_clear_pointer (&joined, g_free);
  joined = vv->hotkeys ? g_strjoinv (",", vv->hotkeys) : NULL;
  g_assert_cmpstr (joined, ==, c->hotkeys);
  g_clear_pointer (&joined, g_free);
  joined = vv->unused_keys ? g_strjoinv (",", vv->unused_keys) : NULL;
  g_assert_cmpstr (joined, ==, c->unused);
  g_clear_pointer (&joined, g_free);
  joined = g_strdup_printf ("usbredir=%d smartcard=%d autoshare=%d", vv->enable_usbredir,
                            vv->enable_smartcard, vv->enable_usb_autoshare);
  g_assert_cmpstr (joined, ==, c->flags ? c->flags : "usbredir=-1 smartcard=-1 autoshare=-1");
}

static void
test_too_large (void)
{
  gsize n = QV_VV_FILE_MAX_SIZE + 1;
  g_autofree char *text = g_malloc (n);
  g_autoptr (GError) error = NULL;
  g_autoptr (QvVvFile) vv = NULL;

  memset (text, '#', n);
  vv = qv_vv_file_parse (text, n, "big.vv", &error);
  g_assert_null (vv);
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vv-file/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/vv-file/too-large", test_too_large);
  return g_test_run ();
}
