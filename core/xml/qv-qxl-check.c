/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whether a domain's QXL device can show the displays asked for, and
 * the qxl-tune command that fixes it when not. */
#include "qv-qxl-check.h"

#include "qv-i18n.h"
#include <inttypes.h>

#include <string.h>

#include "qv-xml.h"

typedef struct {
  guint64 heads;
  guint64 vgamem;
} QxlModel;

/* The QXL <model> elements, primary first as libvirt lists them. */
static GArray *
read_qxl_models (const char *xml, guint *n_other, GError **error)
{
  g_autoptr (QvXmlDoc) doc = qv_xml_doc_parse (xml, strlen (xml), error);
  g_autoptr (GArray) models = g_array_new (FALSE, TRUE, sizeof (QxlModel));
  g_autoptr (GPtrArray) videos = NULL;
  xmlNodePtr devices;

  if (doc == NULL)
    return NULL;
  devices = qv_xml_child (qv_xml_doc_root (doc), "devices");
  if (devices == NULL)
    return g_steal_pointer (&models);
  videos = qv_xml_children (devices, "video");
  for (guint i = 0; i < videos->len; i++)
    {
      xmlNodePtr model = qv_xml_child (videos->pdata[i], "model");
      g_autofree char *type = model != NULL ? qv_xml_get_attr (model, "type") : NULL;

      if (model != NULL && g_strcmp0 (type, "qxl") != 0)
        (*n_other)++;
      if (g_strcmp0 (type, "qxl") == 0)
        {
          /* libvirt's defaults when the attributes are absent. */
          QxlModel m = { qv_xml_get_attr_uint (model, "heads", 0, G_MAXUINT64, 1),
                         qv_xml_get_attr_uint (model, "vgamem", 0, G_MAXUINT64,
                                               QV_QXL_DEFAULT_VGAMEM) };
          g_array_append_val (models, m);
        }
    }
  return g_steal_pointer (&models);
}

/* The qxl-tune command line that fixes the domain, to be pasted as it is:
 * a domain is always updated in place (no --in-place), a Windows guest
 * (one device per head) keeps one device per head, and a video device of
 * another model needs --convert to become QXL. */
static char *
fix_command (const char *domain_name, const char *libvirt_uri, const QvHead *heads,
             guint n_heads, gboolean windows, gboolean convert)
{
  g_autoptr (GString) cmd = g_string_new ("qxl-tune");

  if (libvirt_uri != NULL)
    {
      g_autofree char *quoted = g_shell_quote (libvirt_uri);
      g_string_append_printf (cmd, " -c %s", quoted);
    }
  {
    g_autofree char *quoted = g_shell_quote (domain_name);
    g_string_append_printf (cmd, " --domain %s", quoted);
  }
  for (guint i = 0; i < n_heads; i++)
    g_string_append_printf (cmd, " -d %ux%u", heads[i].width, heads[i].height);
  if (windows)
    g_string_append (cmd, " --guest windows");
  if (convert)
    g_string_append (cmd, " --convert");
  return g_string_free (g_steal_pointer (&cmd), FALSE);
}

char *
qv_qxl_check (const char *domain_xml,
              const char *domain_name,
              const char *libvirt_uri,
              const QvHead *heads,
              guint n_heads,
              GError **error)
{
  g_autoptr (GArray) models = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *command = NULL;
  guint n_other = 0;

  if (n_heads == 0)
    return NULL;
  models = read_qxl_models (domain_xml, &n_other, error);
  if (models == NULL)
    return NULL;

  if (models->len == 0)
    {
      problem = g_strdup (_("it has no QXL video device"));
    }
  else if (models->len == 1)
    {
      /* Linux: one device, every head in one primary surface: a row, or
       * the grid quadview folds a row too wide for the driver into. */
      const QxlModel *m = &g_array_index (models, QxlModel, 0);
      guint64 need = qv_sizing_primary_kib (heads, n_heads, QV_ARRANGE_AUTO);

      if (m->heads < n_heads)
        problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "its QXL device has %" PRIu64 " head, the layout uses %u",
                                                "its QXL device has %" PRIu64 " heads, the layout uses %u",
                                                (gulong) m->heads),
                                   m->heads, n_heads);
      else if (m->vgamem < need)
        problem = g_strdup_printf (_("its QXL vgamem is %" PRIu64 " KiB, the layout needs %" PRIu64 " KiB"),
                                   m->vgamem, need);
    }
  else
    {
      /* Windows: one device per head. */
      if (models->len < n_heads)
        problem = g_strdup_printf (_("it has %u QXL devices, the layout uses %u displays"),
                                   models->len, n_heads);
      for (guint i = 0; problem == NULL && i < n_heads; i++)
        {
          const QxlModel *m = &g_array_index (models, QxlModel, i);
          guint64 need = qv_sizing_primary_kib (&heads[i], 1, QV_ARRANGE_AUTO);

          if (m->vgamem < need)
            problem = g_strdup_printf (_("QXL device %u has vgamem %" PRIu64 " KiB, display %u needs %" PRIu64
                                         " KiB"),
                                       i + 1, m->vgamem, i + 1, need);
        }
    }
  if (problem == NULL)
    return NULL;

  command = fix_command (domain_name, libvirt_uri, heads, n_heads, models->len > 1, n_other > 0);
  /* TRANSLATORS: domain name, the problem, the command (not translated). */
  return g_strdup_printf (_("domain %s cannot show this layout: %s; to fix it run (then restart "
                            "the domain):\n  %s"),
                          domain_name, problem, command);
}
