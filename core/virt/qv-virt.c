/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libvirt look-ups shared by qxl-tune and the viewer. */
#include "qv-virt.h"

#include "qv-i18n.h"
#include "qv-secret.h"

#include <libvirt/virterror.h>
#include <string.h>
#include <libxml/xmlerror.h>

static void
ignore_error (void *data, virErrorPtr err)
{
  /* Reported through GError by the caller instead. */
}

static void G_GNUC_PRINTF (2, 3)
ignore_xml_error (void *data, const char *msg, ...)
{
  /* libvirt parses with libxml2 too; its failures come back as libvirt
   * errors, so libxml2's own stderr chatter is noise. */
}

void
qv_virt_init (void)
{
  virSetErrorFunc (NULL, ignore_error);
  xmlSetGenericErrorFunc (NULL, ignore_xml_error);
}

gboolean
qv_virt_set_error (GError **error, int code, const char *what)
{
  const char *msg = virGetLastErrorMessage ();
  g_autofree char *line = g_strdup (msg ? msg : _("unknown libvirt error"));

  /* libvirt messages are sometimes several lines; we promise one. */
  g_strdelimit (line, "\n", ' ');
  g_strstrip (line);
  g_set_error (error, QV_VIRT_ERROR, code, "%s: %s", what, line);
  virResetLastError ();
  return FALSE;
}

virConnectPtr
qv_virt_connect (const char *uri, gboolean read_only, GError **error)
{
  return qv_virt_connect_as (uri, uri, read_only, error);
}

virConnectPtr
qv_virt_connect_as (const char *uri, const char *name, gboolean read_only, GError **error)
{
  virConnectPtr conn;

  qv_virt_init ();
  conn = virConnectOpenAuth (uri, virConnectAuthPtrDefault, read_only ? VIR_CONNECT_RO : 0);
  if (!conn)
    {
      g_autofree char *what = g_strdup_printf (_("cannot connect to %s"), name ? name : _("libvirt's default URI"));
      qv_virt_set_error (error, QV_VIRT_ERROR_CONNECT, what);
    }
  return conn;
}

virDomainPtr
qv_virt_lookup_domain (virConnectPtr conn, const char *key, GError **error)
{
  virDomainPtr dom = virDomainLookupByName (conn, key);
  guint64 id;

  if (!dom)
    dom = virDomainLookupByUUIDString (conn, key);
  if (!dom && g_ascii_string_to_unsigned (key, 10, 0, G_MAXINT, &id, NULL))
    dom = virDomainLookupByID (conn, (int) id);
  if (!dom)
    {
      /* Asking whether the connection lives resets libvirt's error. */
      g_autofree char *why = g_strdup (virGetLastErrorMessage ());

      if (virConnectIsAlive (conn) != 1)
        {
          /* Not "no such domain": the connection itself is gone (the
           * daemon restarted, the ssh connection died, keepalive gave up). */
          g_strdelimit (why, "\n", ' ');
          g_set_error (error, QV_VIRT_ERROR, QV_VIRT_ERROR_CONNECT,
                       _("the connection to libvirt has ended (%s)"), g_strstrip (why));
          virResetLastError ();
          return NULL;
        }
    }
  virResetLastError ();
  if (!dom)
    g_set_error (error, QV_VIRT_ERROR, QV_VIRT_ERROR_NO_DOMAIN,
                 _("no domain named '%s' (name, UUID or id)"), key);
  return dom;
}

char *
qv_virt_domain_xml (virDomainPtr dom, unsigned int flags, GError **error)
{
  char *xml = virDomainGetXMLDesc (dom, flags);
  char *out;

  if (!xml)
    {
      qv_virt_set_error (error,
                         virGetLastErrorCode () == VIR_ERR_OPERATION_DENIED ? QV_VIRT_ERROR_DENIED
                                                                            : QV_VIRT_ERROR_FAILED,
                         _("cannot read the domain XML"));
      return NULL;
    }
  /* libvirt's strings are malloc'ed; hand out a GLib one. */
  out = g_strdup (xml);
  /* The secure XML holds passwords. */
  qv_secret_wipe (xml);
  free (xml);
  return out;
}
