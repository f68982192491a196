/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Does a domain's QXL set-up fit a layout, and which qxl-tune command
 * fixes it when it does not. */
#include <string.h>

#include "qv-qxl-check.h"
#include "qv-xml.h"

#define DOM(devices) "<domain type='kvm'><name>vm</name><devices>" devices "</devices></domain>"
#define QXL(attrs) "<video><model type='qxl' " attrs "/></video>"

typedef struct {
  const char *name;
  const char *xml;
  const char *uri;
  QvHead heads[4];
  guint n_heads;
  const char *problem; /* substring of the first line; NULL: fits */
  const char *command; /* exact second line, without the indent */
  gboolean parse_error;
} CheckCase;

static const CheckCase cases[] = {
  { "four-heads-fit", DOM (QXL ("ram='262144' vram='65536' vgamem='65536' heads='4'")), NULL,
    { { 1920, 1200 }, { 1920, 1200 }, { 1920, 1200 }, { 1920, 1200 } }, 4, NULL, NULL, FALSE },
  { "default-heads-too-few", DOM (QXL ("ram='65536' vram='65536' vgamem='16384'")), NULL,
    { { 1024, 768 }, { 1024, 768 } }, 2, "has 1 head, the layout uses 2",
    "qxl-tune --domain 'vm' -d 1024x768 -d 1024x768", FALSE },
  { "vgamem-too-small", DOM (QXL ("vgamem='16384' heads='4'")), "qemu:///system",
    { { 1920, 1200 }, { 1920, 1200 }, { 1920, 1200 }, { 1920, 1200 } }, 4,
    "vgamem is 16384 KiB, the layout needs 36000 KiB",
    "qxl-tune -c 'qemu:///system' --domain 'vm' -d 1920x1200 -d 1920x1200 -d 1920x1200 "
    "-d 1920x1200", FALSE },
  { "default-vgamem-fits-one-head", DOM (QXL ("heads='1'")), NULL, { { 1920, 1080 } }, 1, NULL,
    NULL, FALSE },
  { "default-vgamem-too-small-one-head", DOM (QXL ("heads='1'")), NULL, { { 3840, 2160 } }, 1,
    "vgamem is 16384 KiB, the layout needs 32400 KiB",
    "qxl-tune --domain 'vm' -d 3840x2160", FALSE },
  { "uneven-heads", DOM (QXL ("vgamem='32768' heads='2'")), NULL,
    { { 2560, 1440 }, { 1920, 1080 } }, 2, NULL, NULL, FALSE },
  { "no-qxl", DOM ("<video><model type='virtio' heads='1'/></video>"), NULL, { { 1024, 768 } },
    1, "no QXL video device", "qxl-tune --domain 'vm' -d 1024x768 --convert", FALSE },
  { "no-video", DOM (""), NULL, { { 1024, 768 } }, 1, "no QXL video device",
    "qxl-tune --domain 'vm' -d 1024x768", FALSE },
  { "windows-devices-fit",
    DOM (QXL ("vgamem='16384' heads='1' primary='yes'") QXL ("vgamem='16384' heads='1'")), NULL,
    { { 1920, 1080 }, { 1920, 1080 } }, 2, NULL, NULL, FALSE },
  { "windows-too-few-devices",
    DOM (QXL ("vgamem='16384' heads='1' primary='yes'") QXL ("vgamem='16384' heads='1'")), NULL,
    { { 1280, 1024 }, { 1280, 1024 }, { 1280, 1024 } }, 3, "2 QXL devices, the layout uses 3",
    "qxl-tune --domain 'vm' -d 1280x1024 -d 1280x1024 -d 1280x1024 --guest windows", FALSE },
  { "windows-second-device-small",
    DOM (QXL ("vgamem='65536' heads='1' primary='yes'") QXL ("vgamem='16384' heads='1'")), NULL,
    { { 3840, 2160 }, { 3840, 2160 } }, 2, "QXL device 2 has vgamem 16384 KiB",
    "qxl-tune --domain 'vm' -d 3840x2160 -d 3840x2160 --guest windows", FALSE },
  { "nothing-to-show", DOM (QXL ("heads='1'")), NULL, { { 0, 0 } }, 0, NULL, NULL, FALSE },
  { "not-xml", "<domain><devices>", NULL, { { 1024, 768 } }, 1, NULL, NULL, TRUE },
};

static void
test_check (gconstpointer data)
{
  const CheckCase *tc = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  g_auto (GStrv) lines = NULL;

  message = qv_qxl_check (tc->xml, "vm", tc->uri, tc->heads, tc->n_heads, &error);
  if (tc->parse_error)
    {
      g_assert_null (message);
      g_assert_error (error, QV_XML_ERROR, QV_XML_ERROR_PARSE);
      return;
    }
  g_assert_no_error (error);
  if (tc->problem == NULL)
    {
      g_assert_null (message);
      return;
    }
  g_assert_nonnull (message);
  lines = g_strsplit (message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[0], tc->problem));
  g_assert_true (g_str_has_prefix (lines[1], "  "));
  g_assert_cmpstr (lines[1] + 2, ==, tc->command);
}

/* The command quadview prints works when pasted: run as it is (with the
 * built qxl-tune) against libvirt's test driver, whose domain "test" has no
 * video device. */
static void
test_command_runs (gconstpointer data)
{
  const QvHead *heads = data;
  const char *builddir = g_getenv ("QV_BUILDDIR");
  guint n = heads[1].width > 0 ? 2 : 1;
  const char *xml = n == 2 ? DOM (QXL ("heads='1' primary='yes'") QXL ("heads='1'")) : DOM ("");
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL, *qxl_tune = NULL, *out = NULL, *err = NULL;
  g_auto (GStrv) lines = NULL, argv = NULL;
  int status = -1;

  if (builddir == NULL)
    {
      g_test_fail_printf ("QV_BUILDDIR is not set (run through meson test)");
      return;
    }
  message = qv_qxl_check (xml, "test", "test:///default", heads, n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  lines = g_strsplit (message, "\n", -1);
  g_assert_true (g_shell_parse_argv (lines[1], NULL, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (argv[0], ==, "qxl-tune");
  qxl_tune = g_build_filename (builddir, "qxl-tune", "qxl-tune", NULL);
  g_free (argv[0]);
  argv[0] = g_strdup (qxl_tune);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_fail_printf ("%s: %s", lines[1], err);
  g_assert_nonnull (strstr (out, "domain test defined"));
}

static const QvHead one_head[2] = { { 1920, 1080 }, { 0, 0 } };
static const QvHead two_heads[2] = { { 1920, 1080 }, { 3840, 2160 } };

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/qxl-check/command-runs/linux", one_head, test_command_runs);
  g_test_add_data_func ("/qxl-check/command-runs/windows", two_heads, test_command_runs);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/qxl-check/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_check);
    }
  return g_test_run ();
}
