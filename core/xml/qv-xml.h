/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Documents are untrusted: their text reaches messages only through
 * qv_text_one_line(). */
#include "qv-text.h"

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Hardened libxml2 parsing that also remembers where every element sits in
 * the original bytes, so callers can edit the text in place instead of
 * re-serialising (which would lose quotes, attribute order, comments…). */

#define QV_XML_MAX_SIZE (8 * 1024 * 1024) /* domain XMLs are a few KiB */

#define QV_XML_ERROR (qv_xml_error_quark ())
GQuark qv_xml_error_quark (void);

typedef enum {
  QV_XML_ERROR_TOO_LARGE,
  QV_XML_ERROR_ENCODING,
  QV_XML_ERROR_DTD,
  QV_XML_ERROR_PARSE,
} QvXmlError;

typedef struct _QvXmlDoc QvXmlDoc;

/* @text need not be NUL-terminated; it is copied. Rejects non-UTF-8 input,
 * any DOCTYPE (so no entity can be declared, let alone expanded) and
 * never touches the network. Errors are one line, "line N: …". */
QvXmlDoc *qv_xml_doc_parse (const char *text, gsize len, GError **error);
void qv_xml_doc_free (QvXmlDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvXmlDoc, qv_xml_doc_free)

xmlNodePtr qv_xml_doc_root (QvXmlDoc *doc);
const char *qv_xml_doc_text (QvXmlDoc *doc, gsize *len);

/* First element child of @parent named @name (no namespace), or NULL. */
xmlNodePtr qv_xml_child (xmlNodePtr parent, const char *name);

/* Attribute @name of @node in GLib memory (free with g_free), or NULL when
 * absent: the one way core reads an attribute's value. */
char *qv_xml_get_attr (xmlNodePtr node, const char *name);

/* Attribute @name as an unsigned decimal within [@min, @max], else
 * @fallback (absent, malformed or out of range). */
guint64 qv_xml_get_attr_uint (xmlNodePtr node, const char *name, guint64 min, guint64 max,
                              guint64 fallback);
/* All element children named @name, in document order (borrowed nodes). */
GPtrArray *qv_xml_children (xmlNodePtr parent, const char *name);

typedef struct {
  gsize ws_start;    /* start of the blanks before the attribute */
  gsize start;       /* attribute name */
  gsize value_start; /* after the opening quote */
  gsize value_end;   /* the closing quote */
  gsize end;         /* after the closing quote */
  char quote;
  char *name;
} QvXmlAttrSpan;

typedef struct {
  gsize start;       /* '<' */
  gsize name_end;    /* after the element name */
  gsize close;       /* the '/' of "/>" or the '>' */
  gsize end;         /* after the start tag */
  gboolean empty;    /* "<x/>" */
  gsize elem_end;    /* after the whole element (end tag included) */
  GArray *attrs;     /* QvXmlAttrSpan */
} QvXmlTag;

/* Locate @node's start tag and its attributes in the original text. */
gboolean qv_xml_tag_scan (QvXmlDoc *doc, xmlNodePtr node, QvXmlTag *tag, GError **error);
void qv_xml_tag_clear (QvXmlTag *tag);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QvXmlTag, qv_xml_tag_clear)
const QvXmlAttrSpan *qv_xml_tag_attr (const QvXmlTag *tag, const char *name);


/* The blanks that start the line holding offset @pos ("" if other text
 * precedes it on that line). */
char *qv_xml_doc_indent_at (QvXmlDoc *doc, gsize pos);

G_END_DECLS
