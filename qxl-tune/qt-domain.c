/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qxl-tune --domain: the part of qxl-tune that needs libvirt, built as a
 * module that the main program loads on demand. */
#include "qt-output.h"
#include "qv-i18n.h"
#include "qv-tune-domain.h"

#include <gmodule.h>
#include <stdio.h>

int qt_domain_run (const void *request, const char *uri, const char *domain, gboolean diff);

G_MODULE_EXPORT int
qt_domain_run (const void *request, const char *uri, const char *domain, gboolean diff)
{
  const QvTuneRequest *req = request;
  g_autoptr (virConnect) conn = NULL;
  g_auto (QvTuneDomainOutcome) out = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *values = NULL;

  /* --diff only reads, so it asks for no more than a read-only connection. */
  conn = qv_virt_connect (uri, diff, &error);
  if (!conn)
    return qt_fail (NULL, error);
  if (!qv_tune_domain (conn, domain, req, diff, &out, &error))
    return qt_fail (NULL, error);
  qt_print_messages (_("warning: "), out.result.warnings);
  if (diff)
    {
      fputs (out.diff, stdout);
      return QT_EXIT_OK;
    }
  qt_print_messages ("", out.result.notes);
  if (!out.changed)
    {
      g_printerr (_("qxl-tune: domain %s already has these values; nothing defined\n"), out.name);
      return QT_EXIT_OK;
    }
  values = qt_output_values_text (out.result.devices, out.result.n_devices);
  g_print (_("domain %s defined:\n"), out.name);
  fputs (values, stdout);
  if (out.active)
    g_printerr (_("qxl-tune: %s is running: the new video settings apply after a full power-off "
                  "(shut it down, then start it; a reboot from inside the guest is not enough)\n"),
                out.name);
  return QT_EXIT_OK;
}
