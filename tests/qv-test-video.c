/* SPDX-License-Identifier: GPL-2.0-or-later */
/* For tests: a domain XML's <video> devices as one line each. */
#include "qv-test-video.h"

#include "qv-xml.h"

GPtrArray *
qv_test_video_models (const char *xml, gsize len)
{
  g_autoptr (QvXmlDoc) doc = qv_xml_doc_parse (xml, len, NULL);
  g_autoptr (GPtrArray) videos = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  xmlNodePtr devices;

  g_assert_nonnull (doc);
  devices = qv_xml_child (qv_xml_doc_root (doc), "devices");
  g_assert_nonnull (devices);
  videos = qv_xml_children (devices, "video");
  for (guint i = 0; i < videos->len; i++)
    {
      xmlNodePtr m = qv_xml_child (g_ptr_array_index (videos, i), "model");
      g_autofree xmlChar *type = xmlGetNoNsProp (m, (const xmlChar *) "type");
      g_autofree xmlChar *ram = xmlGetNoNsProp (m, (const xmlChar *) "ram");
      g_autofree xmlChar *vram64 = xmlGetNoNsProp (m, (const xmlChar *) "vram64");
      g_autofree xmlChar *vgamem = xmlGetNoNsProp (m, (const xmlChar *) "vgamem");
      g_autofree xmlChar *heads = xmlGetNoNsProp (m, (const xmlChar *) "heads");

      g_ptr_array_add (out, g_strdup_printf ("%s ram=%s vram64=%s vgamem=%s heads=%s", type, ram,
                                             vram64 ? (char *) vram64 : "0", vgamem, heads));
    }
  return out;
}
