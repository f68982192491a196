/* Applying a tune request to a file or a libvirt domain. */
#include "qv-tune.h"

#include "qv-xml.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (qv-tune-error-quark, qv_tune_error)

static gboolean
io_error (GError **error, const char *path, const char *what, int err)
{
  g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO, "%s: %s: %s", path, what, g_strerror (err));
  return FALSE;
}

static gboolean
too_large (GError **error, const char *path)
{
  g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO,
               "%s: larger than %d MiB; not a domain XML", path, QV_XML_MAX_SIZE / (1024 * 1024));
  return FALSE;
}

gboolean
qv_tune_read_input (const char *path, char **text, gsize *len, GError **error)
{
  g_autoptr (GString) buf = NULL;
  GStatBuf st;
  char chunk[65536];
  size_t n;

  if (g_strcmp0 (path, "-") != 0)
    {
      if (g_stat (path, &st) != 0)
        return io_error (error, path, "cannot read", errno);
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO, "%s: not a regular file", path);
          return FALSE;
        }
      if (st.st_size > QV_XML_MAX_SIZE)
        return too_large (error, path);
      if (!g_file_get_contents (path, text, len, NULL))
        return io_error (error, path, "cannot read", errno);
      if (*len > QV_XML_MAX_SIZE)
        {
          g_clear_pointer (text, g_free);
          return too_large (error, path);
        }
      return TRUE;
    }

  buf = g_string_new ("");
  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    {
      g_string_append_len (buf, chunk, (gssize) n);
      if (buf->len > QV_XML_MAX_SIZE)
        return too_large (error, "(stdin)");
    }
  if (ferror (stdin))
    return io_error (error, "(stdin)", "cannot read", errno);
  *len = buf->len;
  *text = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

gboolean
qv_tune_write_in_place (const char *path,
                        const char *orig,
                        gsize orig_len,
                        const char *text,
                        gsize len,
                        char **backup_path,
                        GError **error)
{
  g_autofree char *real = realpath (path, NULL);
  g_autofree char *backup = NULL;
  g_autofree char *now = NULL;
  g_autoptr (GError) local = NULL;
  gsize now_len = 0;
  const GFileSetContentsFlags flags = G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE;
  GStatBuf st;

  if (!real || g_stat (real, &st) != 0)
    return io_error (error, path, "cannot write", errno);
  if (access (real, W_OK) != 0)
    return io_error (error, path, "cannot write", errno);

  /* Someone else (virsh edit, another qxl-tune) may have saved meanwhile:
   * writing now would silently drop their change. */
  if (!g_file_get_contents (real, &now, &now_len, &local))
    return io_error (error, path, "cannot read", errno);
  if (now_len != orig_len || memcmp (now, orig, orig_len) != 0)
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_CHANGED,
                   "%s: changed while qxl-tune was editing it; nothing written", path);
      return FALSE;
    }

  backup = g_strconcat (real, QV_TUNE_BACKUP_SUFFIX, NULL);
  /* The backup may hold secrets (graphics passwords): same mode. */
  if (!g_file_set_contents_full (backup, orig, (gssize) orig_len, flags, (int) (st.st_mode & 07777), &local))
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO, "%s: cannot write the backup: %s", path, local->message);
      return FALSE;
    }
  if (!g_file_set_contents_full (real, text, (gssize) len, flags, (int) (st.st_mode & 07777), &local))
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_IO, "%s: %s (the file is unchanged)", path, local->message);
      return FALSE;
    }
  /* The new file belongs to whoever wrote it; give it back. Only root can,
   * and only root ever needs to. */
  if (geteuid () == 0)
    {
      if (chown (backup, st.st_uid, st.st_gid) != 0 || chown (real, st.st_uid, st.st_gid) != 0)
        return io_error (error, path, "written, but cannot restore its owner", errno);
    }
  if (backup_path)
    *backup_path = g_steal_pointer (&backup);
  return TRUE;
}

void
qv_tune_domain_outcome_clear (QvTuneDomainOutcome *o)
{
  qv_tune_result_clear (&o->result);
  g_clear_pointer (&o->diff, g_free);
  g_clear_pointer (&o->name, g_free);
}

static char *
domain_uuid (virDomainPtr dom)
{
  char uuid[VIR_UUID_STRING_BUFLEN];

  return virDomainGetUUIDString (dom, uuid) == 0 ? g_strdup (uuid) : NULL;
}

gboolean
qv_tune_domain (virConnectPtr conn,
                const char *key,
                const QvTuneRequest *req,
                gboolean dry_run,
                QvTuneDomainOutcome *o,
                GError **error)
{
  g_autoptr (virDomain) dom = NULL;
  g_autoptr (virDomain) again = NULL;
  g_autoptr (virDomain) defined = NULL;
  g_autofree char *plain = NULL, *secure = NULL, *secure_now = NULL, *uuid = NULL, *label = NULL;
  g_auto (QvTuneResult) shown = { 0 };
  const unsigned int inactive = VIR_DOMAIN_XML_INACTIVE;

  memset (o, 0, sizeof *o);
  dom = qv_virt_lookup_domain (conn, key, error);
  if (!dom)
    return FALSE;
  o->name = g_strdup (virDomainGetName (dom));
  uuid = domain_uuid (dom);
  if (virDomainIsPersistent (dom) != 1)
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_DOMAIN,
                   "domain %s is transient: it has no persistent definition to patch", o->name);
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

  secure = qv_virt_domain_xml (dom, inactive | VIR_DOMAIN_XML_SECURE, error);
  if (!secure || !qv_domxml_patch (secure, strlen (secure), req, &o->result, error))
    return FALSE;
  if (qv_edit_list_count (o->result.edits) == 0)
    return TRUE;

  /* Defining a domain that was undefined meanwhile would bring it back,
   * and one that was edited meanwhile would lose that edit. */
  again = uuid ? virDomainLookupByUUIDString (conn, uuid) : NULL;
  virResetLastError ();
  if (!again)
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_CHANGED,
                   "domain %s disappeared while qxl-tune was editing it; nothing defined", o->name);
      return FALSE;
    }
  secure_now = qv_virt_domain_xml (again, inactive | VIR_DOMAIN_XML_SECURE, error);
  if (!secure_now)
    return FALSE;
  if (strcmp (secure_now, secure) != 0)
    {
      g_set_error (error, QV_TUNE_ERROR, QV_TUNE_ERROR_CHANGED,
                   "domain %s changed while qxl-tune was editing it; nothing defined", o->name);
      return FALSE;
    }

  defined = virDomainDefineXMLFlags (conn, o->result.text, VIR_DOMAIN_DEFINE_VALIDATE);
  if (!defined)
    {
      g_autofree char *what = g_strdup_printf ("libvirt refused the new definition of %s", o->name);
      return qv_virt_set_error (error, QV_VIRT_ERROR_FAILED, what);
    }
  return TRUE;
}
