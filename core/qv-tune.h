#pragma once

#include "qv-domxml.h"

#include <glib.h>

G_BEGIN_DECLS

/* Applying a tune request to a file, safely: the input is never left
 * half-written, and a failure changes nothing. (Domains: qv-tune-domain.h) */

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

G_END_DECLS
