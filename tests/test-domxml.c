/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Golden files for the domain XML patcher.
 *
 * tests/data/domxml/NAME.in.xml is patched and compared with NAME.out.xml;
 * NAME-invalid.xml must fail. NAME.conf (optional, GKeyFile group [tune])
 * holds the request: displays=WxH;…, guest=, convert=, vram64=, and for
 * invalid inputs error=, a text the error message must contain. Without
 * it: 4 × 1920x1200, Linux.
 *
 * Cases are listed in golden_names[]; a file no case names fails.
 * QV_REGENERATE_GOLDEN=1 rewrites the .out.xml files for review. */
#include "qv-domxml.h"
#include "qv-test-video.h"
#include "qv-xml.h"

#include <libxml/parser.h>
#include <string.h>

typedef struct {
  char *name;
  char *input;  /* path */
  char *output; /* path, NULL for invalid cases */
  char *conf;   /* path, may not exist */
} GoldenCase;

typedef struct {
  QvHead heads[QV_MAX_DISPLAYS];
  QvTuneRequest req;
  char *error;
} Request;

static void
request_clear (Request *r)
{
  g_free (r->error);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

static void
load_request (const GoldenCase *c, Request *r)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_auto (GStrv) displays = NULL;
  g_autofree char *guest = NULL, *vram64 = NULL;

  r->req.heads = r->heads;
  if (g_file_test (c->conf, G_FILE_TEST_EXISTS))
    {
      g_autoptr (GError) error = NULL;
      g_key_file_load_from_file (kf, c->conf, G_KEY_FILE_NONE, &error);
      g_assert_no_error (error);
      displays = g_key_file_get_string_list (kf, "tune", "displays", NULL, NULL);
      guest = g_key_file_get_string (kf, "tune", "guest", NULL);
      vram64 = g_key_file_get_string (kf, "tune", "vram64", NULL);
      r->req.convert = g_key_file_get_boolean (kf, "tune", "convert", NULL);
      r->error = g_key_file_get_string (kf, "tune", "error", NULL);
    }
  if (!displays)
    displays = g_strsplit ("1920x1200;1920x1200;1920x1200;1920x1200", ";", -1);
  for (guint i = 0; displays[i]; i++)
    {
      g_assert_cmpuint (i, <, QV_MAX_DISPLAYS);
      g_assert_true (qv_sizing_parse_head (displays[i], &r->heads[i], NULL));
      r->req.n_heads++;
    }
  r->req.guest = g_strcmp0 (guest, "windows") == 0 ? QV_GUEST_WINDOWS : QV_GUEST_LINUX;
  if (vram64)
    g_assert_true (qv_sizing_parse_size (vram64, &r->req.overrides.vram64, NULL));
}

static void
test_golden (gconstpointer data)
{
  const GoldenCase *c = data;
  g_auto (Request) r = { 0 };
  g_auto (QvTuneResult) res = { 0 };
  g_auto (QvTuneResult) again = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *in = NULL, *expected = NULL;
  g_autoptr (GPtrArray) models = NULL;
  gsize in_len = 0, expected_len = 0;

  load_request (c, &r);
  g_assert_true (g_file_get_contents (c->input, &in, &in_len, NULL));

  if (!c->output)
    {
      g_assert_false (qv_domxml_patch (in, in_len, &r.req, &res, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", c->name, error->message);
      g_assert_null (strchr (error->message, '\n'));
      if (r.error)
        g_assert_nonnull (strstr (error->message, r.error));
      return;
    }

  qv_domxml_patch (in, in_len, &r.req, &res, &error);
  g_assert_no_error (error);

  if (g_getenv ("QV_REGENERATE_GOLDEN"))
    {
      g_assert_true (g_file_set_contents (c->output, res.text, (gssize) res.len, NULL));
      g_test_message ("regenerated %s", c->output);
    }
  g_assert_true (g_file_get_contents (c->output, &expected, &expected_len, NULL));
  g_assert_cmpstr (res.text, ==, expected);

  /* Idempotent: the output patched again does not change. */
  qv_domxml_patch (res.text, res.len, &r.req, &again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (qv_edit_list_count (again.edits), ==, 0);
  g_assert_cmpstr (again.text, ==, res.text);

  /* What libxml2 reads back is what the sizing computed. */
  models = qv_test_video_models (res.text, res.len);
  /* Only QXL devices: a Windows guest may keep other video devices. */
  for (guint i = models->len; i-- > 0;)
    if (!g_str_has_prefix (g_ptr_array_index (models, i), "qxl "))
      g_ptr_array_remove_index (models, i);
  g_assert_cmpuint (models->len, ==, res.n_devices);
  for (guint i = 0; i < res.n_devices; i++)
    {
      g_autofree char *want = g_strdup_printf ("qxl ram=%" G_GUINT64_FORMAT " vram64=%" G_GUINT64_FORMAT
                                               " vgamem=%" G_GUINT64_FORMAT " heads=%u",
                                               res.devices[i].ram, res.devices[i].vram64,
                                               res.devices[i].vgamem, res.devices[i].heads);
      g_assert_cmpstr (g_ptr_array_index (models, i), ==, want);
    }
}

/* The acceptance case: on both virt-install's and virsh dumpxml's output,
 * a 4-head patch changes exactly the <model> line. */
static void
test_only_model_line (gconstpointer data)
{
  const char *file = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "domxml", file, NULL);
  g_autofree char *in = NULL, *diff = NULL;
  gsize len = 0;
  QvHead heads[4] = { { 1920, 1200 }, { 1920, 1200 }, { 1920, 1200 }, { 1920, 1200 } };
  QvTuneRequest req = { .guest = QV_GUEST_LINUX, .heads = heads, .n_heads = 4 };
  g_auto (QvTuneResult) res = { 0 };
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  guint minus = 0, plus = 0;

  g_assert_true (g_file_get_contents (path, &in, &len, NULL));
  g_assert_true (qv_domxml_patch (in, len, &req, &res, &error));
  diff = qv_edit_list_diff (res.edits, in, len, file);
  lines = g_strsplit (diff, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "---") || g_str_has_prefix (lines[i], "+++"))
        continue;
      if (lines[i][0] == '-' || lines[i][0] == '+')
        {
          g_assert_nonnull (strstr (lines[i], "<model type="));
          lines[i][0] == '-' ? minus++ : plus++;
        }
    }
  g_assert_cmpuint (minus, ==, 1);
  g_assert_cmpuint (plus, ==, 1);
  g_assert_nonnull (strstr (diff, "ram=\"262144\"") ? diff : strstr (diff, "ram='262144'"));
}

static void
golden_case_free (gpointer data)
{
  GoldenCase *c = data;
  g_free (c->name);
  g_free (c->input);
  g_free (c->output);
  g_free (c->conf);
  g_free (c);
}

/* Every case, listed as libvirt lists its tests: a file that no case
 * names fails /domxml/every-file-used, so none is forgotten. NAME-invalid
 * must fail; the others are patched and compared with NAME.out.xml. */
static const char *const golden_names[] = {
  "comments",
  "dumpxml",
  "empty-devices",
  "linux-merge",
  "no-video",
  "stale-vram64",
  "tuned",
  "vga-convert",
  "virt-install",
  "virtio-convert",
  "windows",
  "windows-surplus",
  "bad-vram-invalid",
  "billion-laughs-invalid",
  "external-entity-invalid",
  "linux-multi-qxl-invalid",
  "no-devices-invalid",
  "not-domain-invalid",
  "truncated-invalid",
  "two-primaries-invalid",
  "vga-invalid",
};

static GoldenCase *
golden_case_new (const char *dir, const char *name)
{
  GoldenCase *c = g_new0 (GoldenCase, 1);
  gboolean invalid = g_str_has_suffix (name, "-invalid");

  c->name = g_strdup (name);
  c->input = g_strdup_printf ("%s/%s%s", dir, name, invalid ? ".xml" : ".in.xml");
  c->conf = g_strdup_printf ("%s/%s.conf", dir, name);
  if (!invalid)
    c->output = g_strdup_printf ("%s/%s.out.xml", dir, name);
  return c;
}

/* Each file in the directory belongs to a listed case. */
static void
test_every_file_used (gconstpointer data)
{
  const char *dir = data;
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *entry;

  g_assert_nonnull (d);
  for (gsize i = 0; i < G_N_ELEMENTS (golden_names); i++)
    {
      const char *name = golden_names[i];
      gboolean invalid = g_str_has_suffix (name, "-invalid");
      g_autofree char *input = g_strdup_printf ("%s/%s%s", dir, name, invalid ? ".xml" : ".in.xml");

      g_assert_true (g_file_test (input, G_FILE_TEST_IS_REGULAR));
      g_hash_table_add (known, g_strdup_printf ("%s%s", name, invalid ? ".xml" : ".in.xml"));
      g_hash_table_add (known, g_strdup_printf ("%s.conf", name));
      if (!invalid)
        g_hash_table_add (known, g_strdup_printf ("%s.out.xml", name));
    }
  while ((entry = g_dir_read_name (d)))
    if (!g_hash_table_contains (known, entry))
      g_test_fail_printf ("%s/%s belongs to no case in tests/test-domxml.c", dir, entry);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr (GPtrArray) cases = g_ptr_array_new_with_free_func (golden_case_free);

  g_test_init (&argc, &argv, NULL);
  dir = g_test_build_filename (G_TEST_DIST, "data", "domxml", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (golden_names); i++)
    {
      GoldenCase *c = golden_case_new (dir, golden_names[i]);
      g_autofree char *path = g_strdup_printf ("/domxml/golden/%s", c->name);

      g_ptr_array_add (cases, c);
      g_test_add_data_func (path, c, test_golden);
    }
  g_test_add_data_func ("/domxml/every-file-used", dir, test_every_file_used);
  g_test_add_data_func ("/domxml/only-model-line/virt-install", "virt-install.in.xml", test_only_model_line);
  g_test_add_data_func ("/domxml/only-model-line/dumpxml", "dumpxml.in.xml", test_only_model_line);
  return g_test_run ();
}
