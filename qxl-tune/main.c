/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qxl-tune: size a QXL video device for the displays you want and patch
 * the libvirt domain XML (a file, standard input, or a domain). */
#include "qt-layout.h"
#include "qt-output.h"
#include "qv-i18n.h"
#include "qv-sizing.h"
#include "qv-domxml.h"
#include "qv-xml-file.h"
#include "qv-module.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct {
  char **displays;
  int heads;
  char *from_layout;
  char *layout;
  char *guest;
  char *arrange;
  gboolean print_values;
  gboolean json;
  gboolean in_place;
  char *backup;
  gboolean allow_foreign_dir;
  gboolean diff;
  gboolean convert;
  char *domain;
  char *connect;
  char *ram, *vram, *vram64, *vgamem;
  gboolean version;
  char **files;
} Options;

static void
options_clear (Options *o)
{
  g_strfreev (o->displays);
  g_free (o->from_layout);
  g_free (o->layout);
  g_strfreev (o->files);
  g_free (o->guest);
  g_free (o->arrange);
  g_free (o->backup);
  g_free (o->domain);
  g_free (o->connect);
  g_free (o->ram);
  g_free (o->vram);
  g_free (o->vram64);
  g_free (o->vgamem);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
usage_error (const char *msg)
{
  g_printerr ("qxl-tune: %s\n", msg);
  g_printerr (_("Try '%s --help'.\n"), "qxl-tune");
  return QT_EXIT_USAGE;
}

static gboolean
parse_override (const char *text, const char *name, guint64 *out, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (text && !qv_sizing_parse_size (text, out, &local))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s: %s", name, local->message);
      return FALSE;
    }
  return TRUE;
}

/* Turn the options into a request; FALSE is a usage error. */
static gboolean
build_request (Options *o, QvHead *heads, QvTuneRequest *req, GError **error)
{
  guint n = o->displays ? g_strv_length (o->displays) : 0;

  if (o->from_layout != NULL)
    {
      /* The layout says what -d, --heads and --arrange would. */
      if (n > 0 || o->heads != 0 || o->arrange != NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                               _("--from-layout takes no --display, --heads or --arrange"));
          return FALSE;
        }
    }
  else if (o->layout != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("--layout goes with --from-layout"));
      return FALSE;
    }
  else if (n == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("give at least one --display WIDTHxHEIGHT"));
      return FALSE;
    }
  if (o->heads < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--heads must be at least 1"));
      return FALSE;
    }
  if (o->heads > 0 && n > 1 && (guint) o->heads != n)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--heads %d does not match the %u --display options given"), o->heads, n);
      return FALSE;
    }
  if (o->heads > 0 && n == 1)
    n = (guint) o->heads;
  if (o->from_layout != NULL)
    n = 0; /* after the options: heads come from the layout (load_layout) */
  /* Beyond four, only the count matters: the sizing reports the limit. */
  for (guint i = 0; i < n && i < QV_MAX_DISPLAYS; i++)
    {
      const char *d = o->displays[g_strv_length (o->displays) == 1 ? 0 : i];
      g_autoptr (GError) local = NULL;

      if (!qv_sizing_parse_head (d, &heads[i], &local))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--display: %s", local->message);
          return FALSE;
        }
    }

  req->heads = heads;
  req->n_heads = n;
  req->convert = o->convert;
  if (!o->guest || g_str_equal (o->guest, "linux"))
    req->guest = QV_GUEST_LINUX;
  else if (g_str_equal (o->guest, "windows"))
    req->guest = QV_GUEST_WINDOWS;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--guest must be 'linux' or 'windows', not '%s'"), o->guest);
      return FALSE;
    }
  if (!o->arrange || g_str_equal (o->arrange, "auto"))
    req->overrides.arrange = QV_ARRANGE_AUTO;
  else if (g_str_equal (o->arrange, "row"))
    req->overrides.arrange = QV_ARRANGE_ROW;
  else if (g_str_equal (o->arrange, "grid"))
    req->overrides.arrange = QV_ARRANGE_GRID;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--arrange must be 'auto', 'row' or 'grid', not '%s'"), o->arrange);
      return FALSE;
    }
  if (!parse_override (o->ram, "ram", &req->overrides.ram, error) ||
      !parse_override (o->vram, "vram", &req->overrides.vram, error) ||
      !parse_override (o->vram64, "vram64", &req->overrides.vram64, error) ||
      !parse_override (o->vgamem, "vgamem", &req->overrides.vgamem, error))
    return FALSE;
  if (o->vram64 && req->overrides.vram64 == 0)
    req->overrides.vram64 = QV_VRAM64_NONE;
  return TRUE;
}

static const char *
check_combination (Options *o, guint n_files)
{
  if (o->json && !o->print_values)
    return _("--json goes with --print-values");
  if (o->print_values && (n_files || o->domain || o->in_place || o->diff))
    return _("--print-values takes no FILE, --domain, --in-place or --diff");
  if (o->print_values)
    return NULL;
  if (n_files > 1 && !o->in_place && !o->diff)
    return _("several FILEs need --in-place or --diff");
  if (n_files && o->domain)
    return _("give either FILE or --domain, not both");
  if (!n_files && !o->domain)
    return _("give a FILE, '-' for standard input, or --domain NAME");
  if (o->connect && !o->domain)
    return _("--connect goes with --domain");
  if (o->in_place && o->diff)
    return _("--in-place and --diff do not go together: --diff writes nothing");
  if ((o->backup || o->allow_foreign_dir) && !o->in_place)
    return _("--backup and --allow-foreign-dir go with --in-place");
  if (o->backup && strcmp (o->backup, "keep") != 0 && strcmp (o->backup, "overwrite") != 0)
    return _("--backup is keep or overwrite");
  if (o->in_place && o->domain)
    return _("--in-place needs a FILE (a domain is always updated in place)");
  for (guint i = 0; i < n_files; i++)
    if (g_strcmp0 (o->files[i], "-") == 0 && (o->in_place || n_files > 1))
      return _("'-' (standard input) goes alone and without --in-place");
  return NULL;
}

static int
run_print_values (const QvTuneRequest *req, gboolean json)
{
  QvQxlValues values[QV_MAX_DISPLAYS];
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  guint n = qv_sizing_plan (req->guest, req->heads, req->n_heads, NULL, &req->overrides,
                            values, warnings, &error);
  g_autofree char *text = NULL;

  if (n == 0)
    return qt_fail (NULL, error);
  qt_print_messages (_("warning: "), warnings);
  text = json ? qt_output_values_json (values, n) : qt_output_values_text (values, n);
  fputs (text, stdout);
  return QT_EXIT_OK;
}

static int
run_file (const char *path, const QvTuneRequest *req, const Options *o)
{
  const char *name = g_strcmp0 (path, "-") == 0 ? "(stdin)" : path;
  g_autofree char *read_text = NULL;
  g_autoptr (QvXmlFileEdit) edit = NULL;
  g_auto (QvXmlFileReplaced) done = { 0 };
  QvXmlFileReplaceFlags flags = QV_XML_FILE_REPLACE_NONE;
  const char *text;
  gsize len = 0;
  g_auto (QvTuneResult) res = { 0 };
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (o->backup, "overwrite") == 0)
    flags |= QV_XML_FILE_REPLACE_OVERWRITE_BACKUP;
  if (o->allow_foreign_dir)
    flags |= QV_XML_FILE_REPLACE_ALLOW_FOREIGN_DIR;
  /* In place, the file is found and read once, by the edit that writes
   * it (root never follows its path twice). */
  if (o->in_place)
    {
      if ((edit = qv_xml_file_edit_open (path, flags, &error)) == NULL)
        return qt_fail (NULL, error);
      text = qv_xml_file_edit_get_text (edit, &len);
    }
  else if (qv_xml_file_read (path, &read_text, &len, &error))
    text = read_text;
  else
    return qt_fail (NULL, error);
  if (!qv_domxml_patch (text, len, req, &res, &error))
    return qt_fail (name, error);
  qt_print_messages (_("warning: "), res.warnings);

  if (o->diff)
    {
      g_autofree char *diff = qv_edit_list_diff (res.edits, text, len, name);
      fputs (diff, stdout);
      return QT_EXIT_OK;
    }
  if (!o->in_place)
    {
      fwrite (res.text, 1, res.len, stdout);
      return fflush (stdout) == 0 ? QT_EXIT_OK : QT_EXIT_ERROR;
    }
  qt_print_messages ("", res.notes);
  if (qv_edit_list_count (res.edits) == 0)
    {
      g_printerr (_("qxl-tune: %s already has these values; nothing written\n"), name);
      return QT_EXIT_OK;
    }
  if (!qv_xml_file_edit_commit (edit, res.text, res.len, &done, &error))
    return qt_fail (NULL, error);
  if (done.backup_kept)
    g_printerr (_("qxl-tune: %s updated (the backup %s of an earlier run is kept as it was; "
                  "--backup=overwrite replaces it)\n"),
                name, done.backup_path);
  else
    g_printerr (_("qxl-tune: %s updated (the original is kept as %s)\n"), name, done.backup_path);
  return QT_EXIT_OK;
}

/* libvirt is loaded only here: see core/meson.build. */
static int
run_domain (const QvTuneRequest *req, const Options *o)
{
  g_autoptr (GError) error = NULL;
  QtDomainRunFunc run = NULL;

  if (!qv_module_load_symbol (QT_MODULE_NAME, QV_MODULEDIR, QT_DOMAIN_RUN_SYMBOL, (gpointer *) &run,
                              &error))
    {
      g_printerr (_("qxl-tune: libvirt support: %s\n"), error->message);
      return QT_EXIT_ERROR;
    }
  return run (req, o->connect, o->domain, o->diff);
}

int
main (int argc, char **argv)
{
  g_auto (Options) o = { 0 };
  GOptionEntry entries[] = {
    { "display", 'd', 0, G_OPTION_ARG_STRING_ARRAY, &o.displays, N_("A guest display, in order (1 to 4 times)"), N_("WxH") },
    { "heads", 0, 0, G_OPTION_ARG_INT, &o.heads, N_("Repeat a single --display N times"), N_("N") },
    { "from-layout", 0, 0, G_OPTION_ARG_STRING, &o.from_layout, N_("The displays of the layout quadview saved for this VM (its name, UUID or host:port), standing as its windows do"), N_("VM") },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &o.layout, N_("With --from-layout: this layout rather than the one used last"), N_("NAME") },
    { "guest", 0, 0, G_OPTION_ARG_STRING, &o.guest, N_("Guest OS: linux (one device, default) or windows (one device per head)"), N_("OS") },
    { "arrange", 0, 0, G_OPTION_ARG_STRING, &o.arrange, N_("How the guest arranges the heads, which sets vgamem: auto (a row if it fits the driver's 8192 px, else a grid; default), row or grid"), N_("auto|row|grid") },
    { "print-values", 0, 0, G_OPTION_ARG_NONE, &o.print_values, N_("Print the values, one line per QXL device; no XML"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("With --print-values: print JSON"), NULL },
    { "in-place", 'i', 0, G_OPTION_ARG_NONE, &o.in_place, N_("Rewrite FILE atomically, keeping FILE.bak"), NULL },
    { "backup", 0, 0, G_OPTION_ARG_STRING, &o.backup, N_("With --in-place: keep an existing FILE.bak (default) or overwrite it"), N_("keep|overwrite") },
    { "allow-foreign-dir", 0, 0, G_OPTION_ARG_NONE, &o.allow_foreign_dir, N_("As root, write in a directory another user can change, with that user's rights"), NULL },
    { "diff", 0, 0, G_OPTION_ARG_NONE, &o.diff, N_("Show what would change as a unified diff; write nothing"), NULL },
    { "convert", 0, 0, G_OPTION_ARG_NONE, &o.convert, N_("Change non-QXL video to QXL; merge several QXL devices of a Linux guest"), NULL },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &o.domain, N_("Patch this libvirt domain's persistent definition"), N_("NAME|UUID|ID") },
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &o.connect, N_("libvirt URI (default: libvirt's default)"), N_("URI") },
    { "ram", 0, 0, G_OPTION_ARG_STRING, &o.ram, N_("Override ram (KiB; K/M/G suffixes)"), N_("SIZE") },
    { "vram", 0, 0, G_OPTION_ARG_STRING, &o.vram, N_("Set vram (KiB; default: keep the domain's)"), N_("SIZE") },
    { "vram64", 0, 0, G_OPTION_ARG_STRING, &o.vram64, N_("Override vram64 (KiB; 0 for none)"), N_("SIZE") },
    { "vgamem", 0, 0, G_OPTION_ARG_STRING, &o.vgamem, N_("Override vgamem (KiB)"), N_("SIZE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o.version, N_("Print the version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.files, NULL,
      /* TRANSLATORS: the arguments after the options in "Usage:". */
      N_("[FILE...|-]") },
    { NULL },
  };
  /* The usage line's arguments come from G_OPTION_REMAINING's entry. */
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  QvHead heads[QV_MAX_DISPLAYS] = { 0 };
  QvTuneRequest req = { 0 };
  const char *bad;
  guint n_files;
  int rc = QT_EXIT_OK;

  setlocale (LC_ALL, "");
  qv_i18n_init ();
  g_option_context_set_summary (ctx, _(
    "Size a QXL video device for the guest displays you want and patch the\n"
    "libvirt domain XML: a FILE (patched XML on stdout), '-' for standard\n"
    "input, or a domain through libvirt."));
  g_option_context_set_description (ctx, _(
    "Exit status: 0 done, 1 error (I/O, bad XML, libvirt), 2 usage error,\n"
    "3 the layout exceeds a hard limit of QEMU, libvirt or the guest driver.\n"
    "See qxl-tune(1)."));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (error->message);
  if (o.version)
    {
      g_print ("qxl-tune %s\n", QV_VERSION);
      return QT_EXIT_OK;
    }
  n_files = o.files ? g_strv_length (o.files) : 0;
  if ((bad = check_combination (&o, n_files)))
    return usage_error (bad);
  if (!build_request (&o, heads, &req, &error))
    return usage_error (error->message);
  if (o.from_layout != NULL)
    {
      g_autofree char *summary = NULL;

      if (!qt_layout_heads (o.from_layout, o.layout, heads, &req.n_heads, &req.overrides, &summary,
                            &error))
        return qt_fail (NULL, error);
      g_printerr ("qxl-tune: %s\n", summary);
    }

  if (o.print_values)
    return run_print_values (&req, o.json);
  if (o.domain)
    return run_domain (&req, &o);
  /* Several files (say, every file in /etc/libvirt/qemu): each on its own, so one
   * bad file does not stop the others; the worst status wins. */
  for (guint i = 0; i < n_files; i++)
    {
      int file_rc = run_file (o.files[i], &req, &o);
      rc = MAX (rc, file_rc);
    }
  return rc;
}
