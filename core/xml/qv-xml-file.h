/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

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

typedef enum {
  QV_XML_FILE_REPLACE_NONE = 0,
  QV_XML_FILE_REPLACE_OVERWRITE_BACKUP = 1 << 0, /* replace an earlier PATH.bak */
  QV_XML_FILE_REPLACE_ALLOW_FOREIGN_DIR = 1 << 1, /* root: act as its owner (qv-safe-dir.h) */
} QvXmlFileReplaceFlags;

typedef struct {
  char *backup_path;    /* owned: the backup's resolved path */
  gboolean backup_kept; /* an earlier run's backup was kept as it was */
  gboolean as_owner;    /* written with the rights of the directory's owner */
  uid_t owner_uid;
} QvXmlFileReplaced;

void qv_xml_file_replaced_clear (QvXmlFileReplaced *done);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QvXmlFileReplaced, qv_xml_file_replaced_clear)

/* An in-place edit: the file found once (qv-safe-dir.h's walk, links
 * followed under its rules, a foreign directory refused or entered with
 * its owner's rights) and read; then committed: replaced atomically in
 * that same directory, keeping its mode (0777 bits) and owner, after
 * saving what was read as NAME.bak unless an earlier backup is kept.
 * The commit refuses if the name no longer holds what was read. */
typedef struct _QvXmlFileEdit QvXmlFileEdit;

QvXmlFileEdit *qv_xml_file_edit_open (const char *path, QvXmlFileReplaceFlags flags,
                                      GError **error);
const char *qv_xml_file_edit_get_text (QvXmlFileEdit *edit, gsize *len);
gboolean qv_xml_file_edit_commit (QvXmlFileEdit *edit, const char *text, gsize len,
                                  QvXmlFileReplaced *done, GError **error);
/* Also gives back root's rights, if the edit took a directory owner's. */
void qv_xml_file_edit_free (QvXmlFileEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvXmlFileEdit, qv_xml_file_edit_free)

/* An edit of @path committed with @text, refused unless the file holds
 * @orig. */
gboolean qv_xml_file_replace (const char *path,
                              const char *orig,
                              gsize orig_len,
                              const char *text,
                              gsize len,
                              QvXmlFileReplaceFlags flags,
                              QvXmlFileReplaced *done,
                              GError **error);

G_END_DECLS
