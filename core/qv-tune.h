#pragma once

#include "qv-domxml.h"
#include "qv-virt.h"

#include <glib.h>

G_BEGIN_DECLS

/* Applying a tune request to a file or to a libvirt domain, safely: the
 * input is never left half-written, and a failure changes nothing. */

#define QV_TUNE_BACKUP_SUFFIX ".bak"

#define QV_TUNE_ERROR (qv_tune_error_quark ())
GQuark qv_tune_error_quark (void);

typedef enum {
  QV_TUNE_ERROR_IO,
  QV_TUNE_ERROR_CHANGED,   /* the input changed while we worked */
  QV_TUNE_ERROR_DOMAIN,    /* the domain cannot be patched as asked */
} QvTuneError;

/* Read @path ("-": standard input), refusing more than QV_XML_MAX_SIZE. */
gboolean qv_tune_read_input (const char *path, char **text, gsize *len, GError **error);

/* Replace the file behind @path (symbolic links are followed) with @text
 * atomically, keeping its mode and owner, after writing @orig to
 * PATH.bak. Refuses if the file no longer holds @orig. */
gboolean qv_tune_write_in_place (const char *path,
                                 const char *orig,
                                 gsize orig_len,
                                 const char *text,
                                 gsize len,
                                 char **backup_path,
                                 GError **error);

typedef struct {
  QvTuneResult result;  /* patched secure XML: what is (or would be) defined */
  char *diff;           /* unified diff computed on the non-secure XML */
  gboolean changed;
  gboolean active;      /* the domain is running: needs a power-off */
  char *name;
} QvTuneDomainOutcome;

void qv_tune_domain_outcome_clear (QvTuneDomainOutcome *outcome);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QvTuneDomainOutcome, qv_tune_domain_outcome_clear)

/* Patch the persistent definition of @key (name, UUID or id). With
 * @dry_run nothing is defined. Defines with VIR_DOMAIN_DEFINE_VALIDATE, so
 * libvirt checks the result against its schema; on any failure the domain
 * is unchanged. */
gboolean qv_tune_domain (virConnectPtr conn,
                         const char *key,
                         const QvTuneRequest *request,
                         gboolean dry_run,
                         QvTuneDomainOutcome *outcome,
                         GError **error);

G_END_DECLS
