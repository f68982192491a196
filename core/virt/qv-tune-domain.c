/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Applying a tune request to a libvirt domain. */
#include "qv-tune-domain.h"

#include "qv-i18n.h"

#include <string.h>

G_DEFINE_QUARK (qv-tune-domain-error-quark, qv_tune_domain_error)

void
qv_tune_domain_outcome_clear (QvTuneDomainOutcome *o)
{
  qv_tune_result_clear (&o->result);
  g_clear_pointer (&o->diff, g_free);
  g_clear_pointer (&o->name, g_free);
  g_clear_pointer (&o->uuid, g_free);
  g_clear_pointer (&o->secure, g_free);
}

static char *
domain_uuid (virDomainPtr dom)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  return virDomainGetUUIDString (dom, uuid) == 0 ? g_strdup (uuid) : NULL;
}

gboolean
qv_tune_domain_prepare (virConnectPtr conn,
                        const char *key,
                        const QvTuneRequest *req,
                        gboolean dry_run,
                        QvTuneDomainOutcome *o,
                        GError **error)
{
  g_autoptr (virDomain) dom = NULL;
  g_autofree char *plain = NULL, *label = NULL;
  g_auto (QvTuneResult) shown = { 0 };
  const unsigned int inactive = VIR_DOMAIN_XML_INACTIVE;

  memset (o, 0, sizeof *o);
  dom = qv_virt_lookup_domain (conn, key, error);
  if (!dom)
    return FALSE;
  o->name = g_strdup (virDomainGetName (dom));
  o->uuid = domain_uuid (dom);
  if (virDomainIsPersistent (dom) != 1)
    {
      g_set_error (error, QV_TUNE_DOMAIN_ERROR, QV_TUNE_DOMAIN_ERROR_TRANSIENT,
                   _("domain %s is transient: it has no persistent definition to patch"), o->name);
      return FALSE;
    }
  o->active = virDomainIsActive (dom) == 1;

  /* The diff is shown from the non-secure XML so that it never prints a
   * password; the secure XML (all of it) is what gets defined. */
  plain = qv_virt_domain_xml (dom, inactive, error);
  if (!plain || !qv_domxml_patch (plain, strlen (plain), req, &shown, error))
    return FALSE;
  label = g_strdup_printf ("%s.xml", o->name);
  o->diff = qv_edit_list_diff (shown.edits, plain, strlen (plain), label);
  o->changed = qv_edit_list_count (shown.edits) > 0;
  if (dry_run)
    {
      o->result = shown;
      memset (&shown, 0, sizeof shown);
      return TRUE;
    }

  o->secure = qv_virt_domain_xml (dom, inactive | VIR_DOMAIN_XML_SECURE, error);
  return o->secure && qv_domxml_patch (o->secure, strlen (o->secure), req, &o->result, error);
}

gboolean
qv_tune_domain_commit (virConnectPtr conn, QvTuneDomainOutcome *o, GError **error)
{
  g_autoptr (virDomain) again = NULL;
  g_autoptr (virDomain) defined = NULL;
  g_autofree char *secure_now = NULL;

  g_return_val_if_fail (o->secure != NULL, FALSE);
  if (qv_edit_list_count (o->result.edits) == 0)
    return TRUE;

  /* Defining a domain that was undefined meanwhile would bring it back,
   * and one that was edited meanwhile would lose that edit. */
  again = o->uuid ? virDomainLookupByUUIDString (conn, o->uuid) : NULL;
  virResetLastError ();
  if (!again)
    {
      g_set_error (error, QV_TUNE_DOMAIN_ERROR, QV_TUNE_DOMAIN_ERROR_CHANGED,
                   _("domain %s disappeared while qxl-tune was editing it; nothing defined"), o->name);
      return FALSE;
    }
  secure_now = qv_virt_domain_xml (again, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE, error);
  if (!secure_now)
    return FALSE;
  if (strcmp (secure_now, o->secure) != 0)
    {
      g_set_error (error, QV_TUNE_DOMAIN_ERROR, QV_TUNE_DOMAIN_ERROR_CHANGED,
                   _("domain %s changed while qxl-tune was editing it; nothing defined"), o->name);
      return FALSE;
    }

  defined = virDomainDefineXMLFlags (conn, o->result.text, VIR_DOMAIN_DEFINE_VALIDATE);
  if (!defined)
    {
      g_autofree char *what = g_strdup_printf (_("libvirt refused the new definition of %s"), o->name);
      return qv_virt_set_error (error, QV_VIRT_ERROR_FAILED, what);
    }
  return TRUE;
}

gboolean
qv_tune_domain (virConnectPtr conn,
                const char *key,
                const QvTuneRequest *req,
                gboolean dry_run,
                QvTuneDomainOutcome *o,
                GError **error)
{
  if (!qv_tune_domain_prepare (conn, key, req, dry_run, o, error))
    return FALSE;
  return dry_run || qv_tune_domain_commit (conn, o, error);
}
