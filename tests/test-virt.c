/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Real libvirt, no mock: every golden output is defined into libvirt's test
 * driver with schema validation, and the --domain path patches a domain
 * there. test:///default keeps its state per process while a connection
 * is open, so one connection serves the whole program. */
#include "qv-tune-domain.h"
#include "qv-test-video.h"
#include "qv-xml.h"

#include <libxml/parser.h>
#include <string.h>

static virConnectPtr conn;

static char *
fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "domxml", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Every video model of @xml, "TYPE ram=… vram64=… vgamem=… heads=…;" each. */
static char *
qxl_summary (const char *xml)
{
  g_autoptr (GPtrArray) models = qv_test_video_models (xml, strlen (xml));
  GString *s = g_string_new ("");

  for (guint i = 0; i < models->len; i++)
    g_string_append_printf (s, "%s;", (char *) g_ptr_array_index (models, i));
  return g_string_free (s, FALSE);
}

static void
test_define_golden (gconstpointer data)
{
  const char *name = data;
  g_autofree char *xml = fixture (name);
  g_autofree char *dumped = NULL, *want = NULL, *got = NULL;
  g_autoptr (virDomain) dom = virDomainDefineXMLFlags (conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
  g_autoptr (GError) error = NULL;

  if (!dom)
    g_error ("libvirt refused %s: %s", name, virGetLastErrorMessage ());
  dumped = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, &error);
  g_assert_no_error (error);
  /* libvirt kept exactly the video devices we wrote. */
  want = qxl_summary (xml);
  got = qxl_summary (dumped);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
}

typedef struct {
  QvHead heads[QV_MAX_DISPLAYS];
  QvTuneRequest req;
} FourHeads;

static void
four_heads (FourHeads *f, guint w, guint h)
{
  memset (f, 0, sizeof *f);
  for (guint i = 0; i < 4; i++)
    f->heads[i] = (QvHead){ w, h };
  f->req = (QvTuneRequest){ .guest = QV_GUEST_LINUX, .heads = f->heads, .n_heads = 4 };
}

static void
test_tune_domain (void)
{
  g_autofree char *xml = fixture ("virt-install.in.xml");
  g_autoptr (virDomain) dom = virDomainDefineXML (conn, xml);
  g_autofree char *before = NULL, *after = NULL, *summary = NULL;
  g_autoptr (GError) error = NULL;
  FourHeads f;

  g_assert_nonnull (dom);
  four_heads (&f, 1920, 1200);
  before = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, NULL);

  /* Dry run: a diff, and the domain unchanged. */
  {
    g_auto (QvTuneDomainOutcome) out = { 0 };
    g_autofree char *now = NULL;

    g_assert_true (qv_tune_domain (conn, "desk", &f.req, TRUE, &out, &error));
    g_assert_no_error (error);
    g_assert_true (out.changed);
    g_assert_nonnull (strstr (out.diff, "+      <model type='qxl' ram='262144'"));
    now = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, NULL);
    g_assert_cmpstr (now, ==, before);
  }
  /* For real, by UUID this time. */
  {
    g_auto (QvTuneDomainOutcome) out = { 0 };

    g_assert_true (qv_tune_domain (conn, "4f1b6c0e-2a55-4c0e-9a4f-5a0cf2b1d001", &f.req, FALSE, &out, &error));
    g_assert_no_error (error);
    g_assert_true (out.changed);
    g_assert_false (out.active);
    g_assert_cmpstr (out.name, ==, "desk");
  }
  after = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, NULL);
  summary = qxl_summary (after);
  g_assert_cmpstr (summary, ==, "qxl ram=262144 vram64=131072 vgamem=65536 heads=4;");
  /* Again: nothing to do. */
  {
    g_auto (QvTuneDomainOutcome) out = { 0 };

    g_assert_true (qv_tune_domain (conn, "desk", &f.req, FALSE, &out, &error));
    g_assert_false (out.changed);
  }
  /* Running: patched all the same, and the caller is told to power off. */
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  {
    g_auto (QvTuneDomainOutcome) out = { 0 };
    g_autofree char *s = NULL, *x = NULL;

    four_heads (&f, 2560, 1600);
    g_assert_true (qv_tune_domain (conn, "desk", &f.req, FALSE, &out, &error));
    g_assert_no_error (error);
    g_assert_true (out.active);
    x = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, NULL);
    s = qxl_summary (x);
    g_assert_cmpstr (s, ==, "qxl ram=262144 vram64=131072 vgamem=65536 heads=4;");
  }
  virDomainDestroy (dom);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
}

static void
test_tune_domain_errors (void)
{
  g_autofree char *xml = fixture ("virt-install.in.xml");
  g_autoptr (GError) error = NULL;
  FourHeads f;

  four_heads (&f, 1920, 1200);
  {
    g_auto (QvTuneDomainOutcome) out = { 0 };
    g_assert_false (qv_tune_domain (conn, "no-such-domain", &f.req, FALSE, &out, &error));
    g_assert_error (error, QV_VIRT_ERROR, QV_VIRT_ERROR_NO_DOMAIN);
    g_clear_error (&error);
  }
  /* A transient domain has no definition to patch. */
  {
    g_auto (QvTuneDomainOutcome) out = { 0 };
    g_autoptr (virDomain) dom = virDomainCreateXML (conn, xml, 0);

    g_assert_nonnull (dom);
    g_assert_false (qv_tune_domain (conn, "desk", &f.req, FALSE, &out, &error));
    g_assert_error (error, QV_TUNE_DOMAIN_ERROR, QV_TUNE_DOMAIN_ERROR_TRANSIENT);
    g_clear_error (&error);
    virDomainDestroy (dom);
  }
  /* A layout beyond QEMU's limits leaves the domain alone. */
  {
    g_auto (QvTuneDomainOutcome) out = { 0 };
    g_autoptr (virDomain) dom = virDomainDefineXML (conn, xml);
    g_autofree char *before = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, NULL);
    g_autofree char *now = NULL;

    four_heads (&f, 7680, 4320);
    g_assert_false (qv_tune_domain (conn, "desk", &f.req, FALSE, &out, &error));
    g_assert_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT);
    now = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, NULL);
    g_assert_cmpstr (now, ==, before);
    virDomainUndefine (dom);
  }
}

static gint
str_cmp (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* Between reading and defining, the domain is undefined, edited, or the
 * new definition is one libvirt refuses: nothing is defined, the domain is
 * as the other party left it, and the error is one line. */
typedef enum { MEANWHILE_UNDEFINE, MEANWHILE_EDIT, MEANWHILE_REFUSED } Meanwhile;

static void
test_meanwhile (gconstpointer data)
{
  Meanwhile what = GPOINTER_TO_INT (data);
  g_autofree char *xml = fixture ("virt-install.in.xml");
  g_autoptr (virDomain) dom = virDomainDefineXML (conn, xml);
  g_auto (QvTuneDomainOutcome) out = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  FourHeads f;

  g_assert_nonnull (dom);
  four_heads (&f, 1920, 1200);
  g_assert_true (qv_tune_domain_prepare (conn, "desk", &f.req, FALSE, &out, &error));
  g_assert_no_error (error);

  switch (what)
    {
    case MEANWHILE_UNDEFINE:
      g_assert_cmpint (virDomainUndefine (dom), ==, 0);
      break;
    case MEANWHILE_EDIT:
      {
        g_auto (GStrv) parts = g_strsplit (xml, "<vcpu>4</vcpu>", 2);
        g_autofree char *edited = g_strjoinv ("<vcpu>2</vcpu>", parts);
        g_autoptr (virDomain) redefined = virDomainDefineXML (conn, edited);
        g_assert_nonnull (redefined);
        break;
      }
    case MEANWHILE_REFUSED:
      {
        /* A rule of libvirt's we do not know about: its schema refuses it. */
        g_auto (GStrv) parts = g_strsplit (out.result.text, "<video>", 2);
        char *bad = g_strjoinv ("<video bogus='1'>", parts);
        g_free (out.result.text);
        out.result.text = bad;
        break;
      }
    }
  before = what == MEANWHILE_UNDEFINE ? NULL : qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, NULL);

  g_assert_false (qv_tune_domain_commit (conn, &out, &error));
  g_assert_nonnull (error);
  g_assert_null (strchr (error->message, '\n'));
  g_test_message ("%s", error->message);
  if (what == MEANWHILE_REFUSED)
    g_assert_error (error, QV_VIRT_ERROR, QV_VIRT_ERROR_FAILED);
  else
    g_assert_error (error, QV_TUNE_DOMAIN_ERROR, QV_TUNE_DOMAIN_ERROR_CHANGED);

  if (what == MEANWHILE_UNDEFINE)
    {
      /* Not brought back to life. */
      virDomainPtr gone = virDomainLookupByName (conn, "desk");
      g_assert_null (gone);
      virResetLastError ();
      return;
    }
  after = qv_virt_domain_xml (dom, VIR_DOMAIN_XML_INACTIVE, NULL);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "heads='1'"));
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr (GDir) d = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  const char *entry;
  int rc;

  g_test_init (&argc, &argv, NULL);
  dir = g_test_build_filename (G_TEST_DIST, "data", "domxml", NULL);
  d = g_dir_open (dir, 0, NULL);
  conn = qv_virt_connect ("test:///default", FALSE, &error);
  g_assert_no_error (error);

  g_assert_nonnull (d);
  while ((entry = g_dir_read_name (d)))
    if (g_str_has_suffix (entry, ".out.xml"))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, str_cmp);
  g_assert_cmpuint (names->len, >=, 10);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/virt/define/%s", (char *) g_ptr_array_index (names, i));
      g_test_add_data_func (path, g_ptr_array_index (names, i), test_define_golden);
    }
  g_test_add_func ("/virt/tune-domain", test_tune_domain);
  g_test_add_func ("/virt/tune-domain-errors", test_tune_domain_errors);
  g_test_add_data_func ("/virt/meanwhile/undefined", GINT_TO_POINTER (MEANWHILE_UNDEFINE), test_meanwhile);
  g_test_add_data_func ("/virt/meanwhile/edited", GINT_TO_POINTER (MEANWHILE_EDIT), test_meanwhile);
  g_test_add_data_func ("/virt/meanwhile/refused", GINT_TO_POINTER (MEANWHILE_REFUSED), test_meanwhile);
  rc = g_test_run ();
  virConnectClose (conn);
  return rc;
}
