/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hardened libxml2 parsing with byte positions of elements.
 *
 * libxml2 2.9's record_info gives reliable end positions but not start
 * positions of elements with content, so the start of each start tag is
 * taken in a SAX hook: when startElementNs runs, the parser stands inside
 * the tag, and the nearest '<' before it opens the tag ('<' cannot occur in
 * attribute values of well-formed XML). */
#include "qv-xml.h"

#include "qv-i18n.h"

#include "qv-text.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>

G_DEFINE_QUARK (qv-xml-error-quark, qv_xml_error)

struct _QvXmlDoc {
  char *text;
  gsize len;
  xmlParserCtxtPtr ctxt; /* kept: it owns the node positions */
  GHashTable *starts;    /* xmlNodePtr → offset of '<' + 1 */
  gboolean saw_dtd;
  startElementNsSAX2Func sax_start;
};

static void
on_start_element (void *ctx,
                  const xmlChar *localname,
                  const xmlChar *prefix,
                  const xmlChar *uri,
                  int nb_namespaces,
                  const xmlChar **namespaces,
                  int nb_attributes,
                  int nb_defaulted,
                  const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = ctx;
  QvXmlDoc *doc = ctxt->_private;
  long pos;

  doc->sax_start (ctx, localname, prefix, uri, nb_namespaces, namespaces,
                  nb_attributes, nb_defaulted, attributes);
  pos = xmlByteConsumed (ctxt);
  if (ctxt->node == NULL || pos <= 0 || (gsize) pos > doc->len)
    return;
  for (gsize i = (gsize) pos; i-- > 0;)
    if (doc->text[i] == '<')
      {
        g_hash_table_insert (doc->starts, ctxt->node, GSIZE_TO_POINTER (i + 1));
        return;
      }
}

/* A domain XML never has a DOCTYPE; refusing it outright means no entity
 * can be declared, so none can be expanded ("billion laughs") or loaded. */
static void
on_subset (void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = ctx;
  QvXmlDoc *doc = ctxt->_private;

  doc->saw_dtd = TRUE;
  xmlStopParser (ctxt);
}

static void G_GNUC_PRINTF (2, 3)
silent_error (void *ctx, const char *msg, ...)
{
}

void
qv_xml_doc_free (QvXmlDoc *doc)
{
  if (!doc)
    return;
  if (doc->ctxt)
    {
      if (doc->ctxt->myDoc)
        xmlFreeDoc (doc->ctxt->myDoc);
      doc->ctxt->myDoc = NULL;
      xmlClearNodeInfoSeq (&doc->ctxt->node_seq); /* not freed by xmlFreeParserCtxt */
      xmlFreeParserCtxt (doc->ctxt);
    }
  g_clear_pointer (&doc->starts, g_hash_table_unref);
  g_free (doc->text);
  g_free (doc);
}

static gboolean
encoding_is_utf8 (const xmlChar *enc)
{
  return enc == NULL || g_ascii_strcasecmp ((const char *) enc, "UTF-8") == 0 ||
         g_ascii_strcasecmp ((const char *) enc, "UTF8") == 0 ||
         g_ascii_strcasecmp ((const char *) enc, "US-ASCII") == 0 ||
         g_ascii_strcasecmp ((const char *) enc, "ASCII") == 0;
}

QvXmlDoc *
qv_xml_doc_parse (const char *text, gsize len, GError **error)
{
  g_autoptr (QvXmlDoc) doc = NULL;
  const xmlError *err;

  if (len > QV_XML_MAX_SIZE)
    {
      g_set_error (error, QV_XML_ERROR, QV_XML_ERROR_TOO_LARGE,
                   _("%zu bytes is too large for a domain XML (limit %d MiB)"),
                   len, QV_XML_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, QV_XML_ERROR, QV_XML_ERROR_PARSE, "empty input");
      return NULL;
    }
  if (!g_utf8_validate_len (text, len, NULL) || memchr (text, '\0', len))
    {
      g_set_error_literal (error, QV_XML_ERROR, QV_XML_ERROR_ENCODING,
                           "not UTF-8 text (libvirt domain XML is UTF-8)");
      return NULL;
    }

  doc = g_new0 (QvXmlDoc, 1);
  doc->text = g_malloc (len + 1);
  memcpy (doc->text, text, len);
  doc->text[len] = '\0';
  doc->len = len;
  doc->starts = g_hash_table_new (NULL, NULL);

  doc->ctxt = xmlCreateMemoryParserCtxt (doc->text, (int) len);
  if (!doc->ctxt)
    {
      g_set_error_literal (error, QV_XML_ERROR, QV_XML_ERROR_PARSE, "cannot create an XML parser");
      return NULL;
    }
  /* No XML_PARSE_NOENT (no substitution), no DTDLOAD, no network. A
   * document declaring another encoding is refused below, so positions are
   * always those of our UTF-8 bytes. */
  xmlCtxtUseOptions (doc->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  /* Some libxml2 paths print to stderr regardless; our errors are GErrors. */
  xmlSetGenericErrorFunc (NULL, silent_error);
  doc->ctxt->_private = doc;
  doc->ctxt->record_info = 1;
  doc->sax_start = doc->ctxt->sax->startElementNs;
  doc->ctxt->sax->startElementNs = on_start_element;
  doc->ctxt->sax->internalSubset = on_subset;
  doc->ctxt->sax->externalSubset = on_subset;

  xmlParseDocument (doc->ctxt);

  if (doc->saw_dtd)
    {
      g_set_error_literal (error, QV_XML_ERROR, QV_XML_ERROR_DTD,
                           "a DOCTYPE is not allowed in domain XML (entities are refused)");
      return NULL;
    }
  err = xmlCtxtGetLastError (doc->ctxt);
  if (!doc->ctxt->wellFormed || !doc->ctxt->myDoc || xmlDocGetRootElement (doc->ctxt->myDoc) == NULL)
    {
      g_autofree char *msg = qv_text_one_line (err && err->message ? err->message : "not well-formed XML", 160);

      g_strchomp (msg);
      g_set_error (error, QV_XML_ERROR, QV_XML_ERROR_PARSE, _("line %d: %s"),
                   err ? err->line : 0, msg);
      return NULL;
    }
  if (!encoding_is_utf8 (doc->ctxt->myDoc->encoding))
    {
      g_set_error (error, QV_XML_ERROR, QV_XML_ERROR_ENCODING,
                   _("declares encoding %s; only UTF-8 is supported"), doc->ctxt->myDoc->encoding);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

xmlNodePtr
qv_xml_doc_root (QvXmlDoc *doc)
{
  return xmlDocGetRootElement (doc->ctxt->myDoc);
}

const char *
qv_xml_doc_text (QvXmlDoc *doc, gsize *len)
{
  if (len)
    *len = doc->len;
  return doc->text;
}

static gboolean
is_element (xmlNodePtr node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
         g_strcmp0 ((const char *) node->name, name) == 0;
}

char *
qv_xml_get_attr (xmlNodePtr node, const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

guint64
qv_xml_get_attr_uint (xmlNodePtr node, const char *name, guint64 min, guint64 max,
                      guint64 fallback)
{
  g_autofree char *text = qv_xml_get_attr (node, name);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return fallback;
  return value;
}

xmlNodePtr
qv_xml_child (xmlNodePtr parent, const char *name)
{
  for (xmlNodePtr n = parent->children; n; n = n->next)
    if (is_element (n, name))
      return n;
  return NULL;
}

GPtrArray *
qv_xml_children (xmlNodePtr parent, const char *name)
{
  GPtrArray *out = g_ptr_array_new ();

  for (xmlNodePtr n = parent->children; n; n = n->next)
    if (is_element (n, name))
      g_ptr_array_add (out, n);
  return out;
}

void
qv_xml_tag_clear (QvXmlTag *tag)
{
  if (tag->attrs)
    {
      for (guint i = 0; i < tag->attrs->len; i++)
        g_free (g_array_index (tag->attrs, QvXmlAttrSpan, i).name);
      g_array_unref (tag->attrs);
    }
  memset (tag, 0, sizeof *tag);
}

const QvXmlAttrSpan *
qv_xml_tag_attr (const QvXmlTag *tag, const char *name)
{
  for (guint i = 0; i < tag->attrs->len; i++)
    {
      const QvXmlAttrSpan *a = &g_array_index (tag->attrs, QvXmlAttrSpan, i);
      if (strcmp (a->name, name) == 0)
        return a;
    }
  return NULL;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The text was accepted by libxml2 already, so this only has to find the
 * pieces of a well-formed start tag, never to judge it. */
gboolean
qv_xml_tag_scan (QvXmlDoc *doc, xmlNodePtr node, QvXmlTag *tag, GError **error)
{
  const char *t = doc->text;
  gsize p = GPOINTER_TO_SIZE (g_hash_table_lookup (doc->starts, node));
  const xmlParserNodeInfo *info = xmlParserFindNodeInfo (doc->ctxt, node);

  memset (tag, 0, sizeof *tag);
  if (p == 0 || info == NULL || info->end_pos > doc->len)
    {
      g_set_error (error, QV_XML_ERROR, QV_XML_ERROR_PARSE,
                   _("line %ld: cannot locate <%s> in the text"), xmlGetLineNo (node), node->name);
      return FALSE;
    }
  tag->start = p - 1;
  tag->elem_end = info->end_pos;
  tag->attrs = g_array_new (FALSE, TRUE, sizeof (QvXmlAttrSpan));

  p = tag->start + 1;
  while (p < doc->len && !is_blank (t[p]) && t[p] != '/' && t[p] != '>')
    p++;
  tag->name_end = p;

  for (;;)
    {
      QvXmlAttrSpan a = { .ws_start = p };

      while (p < doc->len && is_blank (t[p]))
        p++;
      if (p >= doc->len)
        break;
      if (t[p] == '/' || t[p] == '>')
        {
          tag->close = p;
          tag->empty = t[p] == '/';
          tag->end = p + (tag->empty ? 2 : 1);
          return TRUE;
        }
      a.start = p;
      while (p < doc->len && t[p] != '=' && !is_blank (t[p]))
        p++;
      a.name = g_strndup (t + a.start, p - a.start);
      while (p < doc->len && t[p] != '"' && t[p] != '\'')
        p++;
      if (p >= doc->len)
        {
          g_free (a.name);
          break;
        }
      a.quote = t[p];
      a.value_start = ++p;
      while (p < doc->len && t[p] != a.quote)
        p++;
      a.value_end = p;
      a.end = ++p;
      g_array_append_val (tag->attrs, a);
    }
  qv_xml_tag_clear (tag);
  g_set_error (error, QV_XML_ERROR, QV_XML_ERROR_PARSE,
               _("line %ld: cannot read the start tag of <%s>"), xmlGetLineNo (node), node->name);
  return FALSE;
}

char *
qv_xml_doc_indent_at (QvXmlDoc *doc, gsize pos)
{
  gsize b = pos;

  while (b > 0 && doc->text[b - 1] != '\n')
    b--;
  for (gsize i = b; i < pos; i++)
    if (doc->text[i] != ' ' && doc->text[i] != '\t')
      return g_strdup ("");
  return g_strndup (doc->text + b, pos - b);
}

