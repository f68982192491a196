/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "qv-edit.h"
#include "qv-sizing.h"

#include <glib.h>

G_BEGIN_DECLS

/* Patching the QXL <video> devices of a libvirt domain XML. Only the QXL
 * <model> elements change (and <video> elements are added or removed when
 * the guest needs a different number of devices); every other byte of the
 * input is kept: comments, quotes, attribute order, indentation. */

#define QV_DOMXML_ERROR (qv_domxml_error_quark ())
GQuark qv_domxml_error_quark (void);

typedef enum {
  QV_DOMXML_ERROR_NOT_DOMAIN,     /* not a libvirt domain, or no <devices> */
  QV_DOMXML_ERROR_UNSUPPORTED,    /* a video set-up we will not guess about */
  QV_DOMXML_ERROR_NEEDS_CONVERT,  /* fixable with convert = TRUE */
  QV_DOMXML_ERROR_INTERNAL,
} QvDomxmlError;

typedef struct {
  QvGuestOs guest;
  const QvHead *heads;
  guint n_heads;
  QvQxlOverrides overrides;
  /* Change non-QXL video to QXL, and merge several QXL devices of a Linux
   * guest into its primary. */
  gboolean convert;
} QvTuneRequest;

typedef struct {
  char *text;          /* the patched XML */
  gsize len;
  QvEditList *edits;   /* what changed, against the input */
  QvQxlValues devices[QV_MAX_DISPLAYS];
  guint n_devices;
  GPtrArray *warnings; /* soft limits (strings) */
  GPtrArray *notes;    /* what was done beyond setting values (strings) */
} QvTuneResult;

void qv_tune_result_clear (QvTuneResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QvTuneResult, qv_tune_result_clear)

/* Errors come from QV_XML_ERROR (parsing), QV_DOMXML_ERROR and
 * QV_SIZING_ERROR (QV_SIZING_ERROR_LIMIT: a hard limit is exceeded). */
gboolean qv_domxml_patch (const char *text,
                          gsize len,
                          const QvTuneRequest *request,
                          QvTuneResult *result,
                          GError **error);

G_END_DECLS
