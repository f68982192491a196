#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reading a domain XML file safely and replacing it atomically: the input
 * is never left half-written, and a failure changes nothing.  (Domains
 * through libvirt: qv-tune-domain.h.)  System errors come as G_FILE_ERROR,
 * the rest as QV_XML_FILE_ERROR; every message starts with the path. */

#define QV_XML_FILE_BACKUP_SUFFIX ".bak"

#define QV_XML_FILE_ERROR (qv_xml_file_error_quark ())
GQuark qv_xml_file_error_quark (void);

typedef enum {
  QV_XML_FILE_ERROR_NOT_REGULAR, /* a directory, FIFO, device */
  QV_XML_FILE_ERROR_TOO_LARGE,   /* more than QV_XML_MAX_SIZE */
  QV_XML_FILE_ERROR_READ_ONLY,   /* no write bit for anyone */
  QV_XML_FILE_ERROR_CHANGED,     /* the file changed while we worked */
} QvXmlFileError;

/* Read @path ("-": standard input), refusing more than QV_XML_MAX_SIZE. */
gboolean qv_xml_file_read (const char *path, char **text, gsize *len, GError **error);

/* Replace the file behind @path (symbolic links are followed) with @text
 * atomically, keeping its mode and owner, after writing @orig to
 * PATH.bak. Refuses if the file no longer holds @orig. */
gboolean qv_xml_file_replace (const char *path,
                              const char *orig,
                              gsize orig_len,
                              const char *text,
                              gsize len,
                              char **backup_path,
                              GError **error);

G_END_DECLS
