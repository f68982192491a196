/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "qv-domxml.h"
#include "qv-virt.h"

G_BEGIN_DECLS

/* Applying a tune request to a libvirt domain's persistent definition.
 * (Files: qv-xml-file.h.)  libvirt's failures come as QV_VIRT_ERROR. */

#define QV_TUNE_DOMAIN_ERROR (qv_tune_domain_error_quark ())
GQuark qv_tune_domain_error_quark (void);

typedef enum {
  QV_TUNE_DOMAIN_ERROR_TRANSIENT, /* no persistent definition to patch */
  QV_TUNE_DOMAIN_ERROR_CHANGED,   /* undefined or edited while we worked */
} QvTuneDomainError;

typedef struct {
  QvTuneResult result;  /* patched secure XML: what is (or would be) defined */
  char *diff;           /* unified diff computed on the non-secure XML */
  gboolean changed;
  gboolean active;      /* the domain is running: needs a power-off */
  char *name;
  char *uuid;
  char *secure;         /* the secure XML as read, to detect edits meanwhile */
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

/* The same in two steps, for callers (and tests) that act in between:
 * prepare reads and patches; commit defines, unless the domain disappeared
 * or changed since prepare. */
gboolean qv_tune_domain_prepare (virConnectPtr conn,
                                 const char *key,
                                 const QvTuneRequest *request,
                                 gboolean dry_run,
                                 QvTuneDomainOutcome *outcome,
                                 GError **error);
gboolean qv_tune_domain_commit (virConnectPtr conn, QvTuneDomainOutcome *outcome, GError **error);

G_END_DECLS
