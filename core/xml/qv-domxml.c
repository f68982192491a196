/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Patch the QXL video devices of a libvirt domain XML in place.
 *
 * libxml2 decides what the document means; the edits are byte ranges on
 * the original text (see qv-xml.c), so everything we do not mean to change
 * stays exactly as it was. */
#include "qv-domxml.h"

#include "qv-i18n.h"

#include "qv-xml.h"

#include <string.h>

G_DEFINE_QUARK (qv-domxml-error-quark, qv_domxml_error)

/* libvirt's own order of <model> attributes; new ones are put in place. */
static const char *const canonical[] = { "type", "ram", "vram", "vram64", "vgamem", "heads", "primary" };

typedef struct {
  QvXmlDoc *doc;
  QvEditList *edits;
  char quote;      /* the document's quoting style, for new attributes */
  char *unit;      /* one level of indentation */
} Patcher;

typedef struct {
  xmlNodePtr video;
  xmlNodePtr model; /* may be NULL */
  gboolean qxl;
  gboolean primary;
} Video;

void
qv_tune_result_clear (QvTuneResult *result)
{
  g_clear_pointer (&result->text, g_free);
  g_clear_pointer (&result->edits, qv_edit_list_free);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_clear_pointer (&result->notes, g_ptr_array_unref);
  memset (result, 0, sizeof *result);
}

static gboolean
prop_is (xmlNodePtr node, const char *name, const char *value)
{
  g_autofree xmlChar *v = node ? xmlGetNoNsProp (node, (const xmlChar *) name) : NULL;

  return v && g_strcmp0 ((const char *) v, value) == 0;
}

static int
canonical_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (canonical); i++)
    if (strcmp (canonical[i], name) == 0)
      return (int) i;
  return -1;
}

/* Set (value != NULL) or remove (value == NULL) one attribute. */
static void
set_attr (Patcher *p, const QvXmlTag *tag, const char *name, const char *value)
{
  const char *text = qv_xml_doc_text (p->doc, NULL);
  const QvXmlAttrSpan *a = qv_xml_tag_attr (tag, name);
  int rank = canonical_index (name);
  char quote = p->quote;
  gsize at = tag->name_end;

  if (a)
    {
      if (!value)
        qv_edit_list_add (p->edits, a->ws_start, a->end, "");
      else if (strlen (value) != a->value_end - a->value_start ||
               memcmp (text + a->value_start, value, a->value_end - a->value_start) != 0)
        qv_edit_list_add (p->edits, a->value_start, a->value_end, value);
      return;
    }
  if (!value)
    return;

  if (tag->attrs->len > 0)
    {
      quote = g_array_index (tag->attrs, QvXmlAttrSpan, 0).quote;
      at = g_array_index (tag->attrs, QvXmlAttrSpan, tag->attrs->len - 1).end;
    }
  /* After the last attribute that libvirt writes before this one, else
   * before the first one it writes after it, else at the end. */
  for (guint i = 0, found = 0; i < tag->attrs->len && !found; i++)
    {
      const QvXmlAttrSpan *b = &g_array_index (tag->attrs, QvXmlAttrSpan, i);
      int r = canonical_index (b->name);

      if (r > rank)
        {
          at = b->ws_start;
          found = 1;
        }
    }
  {
    g_autofree char *ins = g_strdup_printf (" %s=%c%s%c", name, quote, value, quote);
    qv_edit_list_add (p->edits, at, at, ins);
  }
}

static char *
kib (guint64 v)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, v);
}

static gboolean
patch_model (Patcher *p, xmlNodePtr model, const QvQxlValues *v, gboolean write_vram, GError **error)
{
  g_auto (QvXmlTag) tag = { 0 };
  g_autofree char *ram = kib (v->ram), *vram = kib (v->vram), *vgamem = kib (v->vgamem);
  g_autofree char *vram64 = v->vram64 ? kib (v->vram64) : NULL;
  g_autofree char *heads = g_strdup_printf ("%u", v->heads);

  if (!qv_xml_tag_scan (p->doc, model, &tag, error))
    return FALSE;
  set_attr (p, &tag, "type", "qxl");
  set_attr (p, &tag, "ram", ram);
  if (write_vram || qv_xml_tag_attr (&tag, "vram"))
    set_attr (p, &tag, "vram", vram);
  set_attr (p, &tag, "vram64", vram64);
  set_attr (p, &tag, "vgamem", vgamem);
  set_attr (p, &tag, "heads", heads);
  return TRUE;
}

/* Remove an element; when it stands alone on its lines, remove the lines. */
static gboolean
delete_element (Patcher *p, xmlNodePtr node, GError **error)
{
  gsize len;
  const char *text = qv_xml_doc_text (p->doc, &len);
  g_auto (QvXmlTag) tag = { 0 };
  gsize s, e;

  if (!qv_xml_tag_scan (p->doc, node, &tag, error))
    return FALSE;
  s = tag.start;
  e = tag.elem_end;
  while (s > 0 && (text[s - 1] == ' ' || text[s - 1] == '\t'))
    s--;
  while (e < len && (text[e] == ' ' || text[e] == '\t' || text[e] == '\r'))
    e++;
  if ((s == 0 || text[s - 1] == '\n') && e < len && text[e] == '\n')
    e++;
  else
    s = tag.start, e = tag.elem_end;
  qv_edit_list_add (p->edits, s, e, "");
  return TRUE;
}

static char *
new_video_text (Patcher *p, const char *indent, const QvQxlValues *v)
{
  GString *s = g_string_new ("");
  char q = p->quote;

  g_string_append_printf (s, "\n%s<video>\n%s%s<model type=%cqxl%c ram=%c%" G_GUINT64_FORMAT "%c vram=%c%"
                          G_GUINT64_FORMAT "%c",
                          indent, indent, p->unit, q, q, q, v->ram, q, q, v->vram, q);
  if (v->vram64)
    g_string_append_printf (s, " vram64=%c%" G_GUINT64_FORMAT "%c", q, v->vram64, q);
  g_string_append_printf (s, " vgamem=%c%" G_GUINT64_FORMAT "%c heads=%c%u%c/>\n%s</video>",
                          q, v->vgamem, q, q, v->heads, q, indent);
  return g_string_free (s, FALSE);
}

/* Add <video> elements for @values after the last video, else as the last
 * children of <devices>. */
static gboolean
add_videos (Patcher *p, xmlNodePtr devices, GPtrArray *videos, const QvQxlValues *values, guint n,
            GError **error)
{
  g_auto (QvXmlTag) dtag = { 0 };
  g_autofree char *indent = NULL;
  g_autoptr (GString) ins = g_string_new ("");
  xmlNodePtr after = NULL;
  gsize at;

  if (n == 0)
    return TRUE;
  if (videos->len)
    after = ((Video *) g_ptr_array_index (videos, videos->len - 1))->video;
  else
    for (xmlNodePtr c = devices->last; c && !after; c = c->prev)
      if (c->type == XML_ELEMENT_NODE)
        after = c;

  if (!qv_xml_tag_scan (p->doc, devices, &dtag, error))
    return FALSE;
  if (after)
    {
      g_auto (QvXmlTag) atag = { 0 };

      if (!qv_xml_tag_scan (p->doc, after, &atag, error))
        return FALSE;
      indent = qv_xml_doc_indent_at (p->doc, atag.start);
      at = atag.elem_end;
    }
  else
    {
      g_autofree char *dindent = qv_xml_doc_indent_at (p->doc, dtag.start);

      indent = g_strconcat (dindent, p->unit, NULL);
      at = dtag.end;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *v = new_video_text (p, indent, &values[i]);
      g_string_append (ins, v);
    }

  if (!after && dtag.empty)
    {
      /* <devices/> becomes <devices>…</devices> */
      g_autofree char *dindent = qv_xml_doc_indent_at (p->doc, dtag.start);
      g_string_prepend (ins, ">");
      g_string_append_printf (ins, "\n%s</devices>", dindent);
      qv_edit_list_add (p->edits, dtag.close, dtag.end, ins->str);
    }
  else if (!after)
    {
      /* Keep whatever preceded </devices> on its own line. */
      qv_edit_list_add (p->edits, at, at, ins->str);
    }
  else
    qv_edit_list_add (p->edits, at, at, ins->str);
  return TRUE;
}

/* One indentation step: how far @child is indented past @parent. */
static gboolean
indent_step (Patcher *p, xmlNodePtr parent, xmlNodePtr child)
{
  g_auto (QvXmlTag) ptag = { 0 };
  g_auto (QvXmlTag) ctag = { 0 };
  g_autofree char *pi = NULL, *ci = NULL;

  if (!qv_xml_tag_scan (p->doc, parent, &ptag, NULL) || !qv_xml_tag_scan (p->doc, child, &ctag, NULL))
    return FALSE;
  pi = qv_xml_doc_indent_at (p->doc, ptag.start);
  ci = qv_xml_doc_indent_at (p->doc, ctag.start);
  if (strlen (ci) <= strlen (pi) || !g_str_has_prefix (ci, pi))
    return FALSE;
  g_free (p->unit);
  p->unit = g_strdup (ci + strlen (pi));
  return TRUE;
}

static xmlNodePtr
first_element (xmlNodePtr parent)
{
  for (xmlNodePtr c = parent->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return c;
  return NULL;
}

static void
guess_style (Patcher *p, xmlNodePtr root, xmlNodePtr devices)
{
  g_auto (QvXmlTag) rtag = { 0 };
  xmlNodePtr child = first_element (devices);

  p->quote = '\'';
  if (qv_xml_tag_scan (p->doc, root, &rtag, NULL) && rtag.attrs->len)
    p->quote = g_array_index (rtag.attrs, QvXmlAttrSpan, 0).quote;

  p->unit = g_strdup ("  ");
  if (!(child && indent_step (p, devices, child)))
    indent_step (p, root, devices);
}

static gboolean
read_vram (xmlNodePtr model, guint64 *out, GError **error)
{
  g_autofree xmlChar *v = model ? xmlGetNoNsProp (model, (const xmlChar *) "vram") : NULL;

  *out = 0;
  if (!v)
    return TRUE;
  if (!g_ascii_string_to_unsigned ((const char *) v, 10, 1, G_MAXUINT32, out, NULL))
    {
      g_autofree char *shown = qv_text_one_line ((const char *) v, 32);

      g_set_error (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_UNSUPPORTED,
                   _("line %ld: vram='%s' is not a size in KiB (1 to %u)"),
                   xmlGetLineNo (model), shown, G_MAXUINT32);
      return FALSE;
    }
  return TRUE;
}

/* The videos of <devices>, checked; the primary (explicit, else the first)
 * comes first among QXL devices in @qxls. */
static gboolean
collect_videos (xmlNodePtr devices, GPtrArray *videos, GPtrArray *qxls, Video **primary, GError **error)
{
  g_autoptr (GPtrArray) nodes = qv_xml_children (devices, "video");
  guint n_primary = 0;

  *primary = NULL;
  for (guint i = 0; i < nodes->len; i++)
    {
      Video *v = g_new0 (Video, 1);

      v->video = g_ptr_array_index (nodes, i);
      v->model = qv_xml_child (v->video, "model");
      v->qxl = prop_is (v->model, "type", "qxl");
      v->primary = prop_is (v->model, "primary", "yes");
      g_ptr_array_add (videos, v);
      if (!v->model)
        {
          g_set_error (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_UNSUPPORTED,
                       _("line %ld: <video> has no <model>; add <model type='qxl'/> to it"),
                       xmlGetLineNo (v->video));
          return FALSE;
        }
      if (v->primary && ++n_primary > 1)
        {
          g_set_error (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_UNSUPPORTED,
                       _("line %ld: a second <video> is marked primary='yes'; only one may be"),
                       xmlGetLineNo (v->model));
          return FALSE;
        }
      if (v->primary)
        *primary = v;
    }
  if (!*primary && videos->len)
    *primary = g_ptr_array_index (videos, 0);
  if (*primary && (*primary)->qxl)
    g_ptr_array_add (qxls, *primary);
  for (guint i = 0; i < videos->len; i++)
    {
      Video *v = g_ptr_array_index (videos, i);
      if (v->qxl && v != *primary)
        g_ptr_array_add (qxls, v);
    }
  return TRUE;
}

/* Decide which devices to patch, add or remove, then size and edit them. */
static gboolean
plan (Patcher *p, xmlNodePtr devices, const QvTuneRequest *req, QvTuneResult *res, GError **error)
{
  g_autoptr (GPtrArray) videos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) qxls = g_ptr_array_new ();
  Video *primary = NULL;
  guint want = req->guest == QV_GUEST_LINUX ? 1 : req->n_heads;
  guint64 current_vram[QV_MAX_DISPLAYS] = { 0 };
  guint keep;

  if (!collect_videos (devices, videos, qxls, &primary, error))
    return FALSE;

  if (qxls->len == 0 && videos->len > 0)
    {
      g_autofree xmlChar *raw = xmlGetNoNsProp (primary->model, (const xmlChar *) "type");
      g_autofree char *type = raw ? qv_text_one_line ((const char *) raw, 32) : NULL;

      if (!req->convert)
        {
          g_set_error (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_NEEDS_CONVERT,
                       _("line %ld: the video model is '%s', not QXL; use --convert to change it to QXL"),
                       xmlGetLineNo (primary->model), type ? type : _("(none)"));
          return FALSE;
        }
      g_ptr_array_add (qxls, primary);
      g_ptr_array_add (res->notes, g_strdup_printf (_("video model '%s' changed to QXL"), type ? type : _("(none)")));
    }
  if (req->guest == QV_GUEST_LINUX && qxls->len > 1 && !req->convert)
    {
      g_set_error (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_NEEDS_CONVERT,
                   _("%u QXL video devices; a Linux guest drives all heads from one: use --convert to "
                   "merge them into the primary, or --guest windows"),
                   qxls->len);
      return FALSE;
    }

  keep = MIN (qxls->len, want);
  for (guint i = 0; i < keep; i++)
    if (!read_vram (((Video *) g_ptr_array_index (qxls, i))->model, &current_vram[i], error))
      return FALSE;

  res->n_devices = qv_sizing_plan (req->guest, req->heads, req->n_heads, current_vram,
                                   &req->overrides, res->devices, res->warnings, error);
  if (res->n_devices == 0)
    return FALSE;

  for (guint i = 0; i < keep; i++)
    {
      Video *v = g_ptr_array_index (qxls, i);

      if (!patch_model (p, v->model, &res->devices[i], req->overrides.vram != 0, error))
        return FALSE;
      /* 3D acceleration and vhost-user belong to virtio; libvirt refuses
       * them on QXL. Only reachable through --convert. */
      if (!v->qxl)
        {
          xmlNodePtr acc = qv_xml_child (v->model, "acceleration");
          xmlNodePtr drv = qv_xml_child (v->video, "driver");

          if (acc && !delete_element (p, acc, error))
            return FALSE;
          if (drv && prop_is (drv, "name", "vhostuser") && !delete_element (p, drv, error))
            return FALSE;
        }
    }
  for (guint i = keep; i < qxls->len; i++)
    if (!delete_element (p, ((Video *) g_ptr_array_index (qxls, i))->video, error))
      return FALSE;
  if (qxls->len > keep)
    g_ptr_array_add (res->notes, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "removed %u surplus QXL video device", "removed %u surplus QXL video devices", qxls->len - keep), qxls->len - keep));
  if (res->n_devices > keep)
    g_ptr_array_add (res->notes, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "added %u QXL video device", "added %u QXL video devices", res->n_devices - keep), res->n_devices - keep));
  return add_videos (p, devices, videos, res->devices + keep, res->n_devices - keep, error);
}

static gboolean
patch_once (const char *text, gsize len, const QvTuneRequest *req, QvTuneResult *res, GError **error)
{
  g_autoptr (QvXmlDoc) doc = qv_xml_doc_parse (text, len, error);
  Patcher p = { 0 };
  xmlNodePtr root, devices;
  g_autoptr (GPtrArray) all_devices = NULL;
  gboolean ok;

  if (!doc)
    return FALSE;
  root = qv_xml_doc_root (doc);
  if (root->ns != NULL || g_strcmp0 ((const char *) root->name, "domain") != 0)
    {
      g_autofree char *name = qv_text_one_line ((const char *) root->name, 32);

      g_set_error (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_NOT_DOMAIN,
                   _("the root element is <%s>, not a libvirt <domain>"), name);
      return FALSE;
    }
  all_devices = qv_xml_children (root, "devices");
  if (all_devices->len != 1)
    {
      g_set_error (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_NOT_DOMAIN,
                   all_devices->len ? "more than one <devices> element in <domain>"
                                    : "no <devices> element in <domain>");
      return FALSE;
    }
  devices = g_ptr_array_index (all_devices, 0);

  p.doc = doc;
  p.edits = qv_edit_list_new ();
  guess_style (&p, root, devices);
  res->edits = p.edits;
  ok = plan (&p, devices, req, res, error);
  g_free (p.unit);
  if (!ok)
    return FALSE;
  res->text = qv_edit_list_apply (res->edits, text, len, &res->len, error);
  return res->text != NULL;
}

gboolean
qv_domxml_patch (const char *text, gsize len, const QvTuneRequest *req, QvTuneResult *res, GError **error)
{
  g_auto (QvTuneResult) again = { 0 };
  g_autoptr (GError) local = NULL;

  memset (res, 0, sizeof *res);
  res->warnings = g_ptr_array_new_with_free_func (g_free);
  res->notes = g_ptr_array_new_with_free_func (g_free);
  if (!patch_once (text, len, req, res, error))
    {
      qv_tune_result_clear (res);
      return FALSE;
    }

  /* Our output must be a fixed point: patching it again changes nothing.
   * This catches any edit that did not land where it was meant to. */
  again.warnings = g_ptr_array_new_with_free_func (g_free);
  again.notes = g_ptr_array_new_with_free_func (g_free);
  if (!patch_once (res->text, res->len, req, &again, &local) || qv_edit_list_count (again.edits) != 0)
    {
      g_set_error (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_INTERNAL,
                   "internal error: the patched XML does not read back as intended%s%s",
                   local ? ": " : "", local ? local->message : "");
      qv_tune_result_clear (res);
      return FALSE;
    }
  return TRUE;
}
