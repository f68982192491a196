/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "qv-layout.h"

G_BEGIN_DECLS

/* Shared between the in-memory model (qv-layout.c) and the file format
 * (qv-layout-file.c); not for the viewer. */

typedef struct {
  char *key;               /* domain UUID or host:port */
  char *name;              /* for people; NULL if unknown */
  char *hotkeys;           /* --hotkeys as last given, checked; NULL: none */
  gboolean wait_for_agent;
  gboolean shutdown_on_close;
  gboolean link_consent;
  gboolean arrange_guest;
  GPtrArray *layouts;      /* QvLayout*, owned */
} QvLayoutVm;

struct _QvLayoutStore {
  char *path;
  GHashTable *vms;         /* key -> QvLayoutVm* */
  gboolean read_only;      /* load failed: never write the file */
};

QvLayoutVm *qv_layout_vm_new (const char *key);
void qv_layout_vm_free (QvLayoutVm *vm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvLayoutVm, qv_layout_vm_free)

/* A table suitable for QvLayoutStore.vms. */
GHashTable *qv_layout_vm_table_new (void);

/* The VM's layout called @name, or NULL. */
QvLayout *qv_layout_vm_find (const QvLayoutVm *vm, const char *name);

/* Replace the layout of the same name, taking ownership of @layout. */
void qv_layout_vm_take (QvLayoutVm *vm, QvLayout *layout);

/* Non-empty valid UTF-8 of at most QV_LAYOUT_MAX_NAME bytes without control
 * characters; @what names the thing in the error ("layout name"). */
gboolean qv_layout_check_name (const char *what, const char *text, GError **error);

/* Parse and validate a layout file's @data (qv-layout-file.c). On success
 * *@out_kf is the raw key file and *@out_vms the VMs it holds (a table
 * from qv_layout_vm_table_new()). Errors: QV_LAYOUT_ERROR_NEWER_VERSION,
 * or QV_LAYOUT_ERROR_INVALID / G_KEY_FILE_ERROR for an invalid file. */
gboolean qv_layout_file_parse (const char *data,
                               gsize length,
                               GKeyFile **out_kf,
                               GHashTable **out_vms,
                               GError **error);

/* A file that would grow past this forgets the VMs used least recently,
 * down to half of it: well below what loading accepts (4 MiB). */
#define QV_LAYOUT_FILE_PRUNE_SIZE (1024 * 1024)

/* The file to write: @disk's groups (NULL: none) in their order, with VM
 * @key's groups replaced by @vm's (NULL: dropped); comments regenerated;
 * other VMs pruned by last use past QV_LAYOUT_FILE_PRUNE_SIZE. */
char *qv_layout_file_build (GKeyFile *disk,
                            const char *key,
                            const QvLayoutVm *vm,
                            gsize *length);

G_END_DECLS
