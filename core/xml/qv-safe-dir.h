/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Finding the directory a file is to be replaced in, once, without
 * letting another user choose it: qxl-tune --in-place run by root.
 *
 * The path is walked one component at a time from "/" with O_NOFOLLOW;
 * each symbolic link is read and followed by us, after the rules below
 * have allowed it. Everything afterwards works relative to the directory
 * descriptor found, so a directory renamed or swapped for a link later
 * changes nothing. Only root needs the rules: another user is held to
 * their own rights by the kernel. */

#define QV_SAFE_DIR_ERROR (qv_safe_dir_error_quark ())
GQuark qv_safe_dir_error_quark (void);

typedef enum {
  QV_SAFE_DIR_ERROR_FOREIGN,      /* a directory another user can change */
  QV_SAFE_DIR_ERROR_UNTRUSTED_LINK, /* a link another user put in a shared directory */
} QvSafeDirError;

/* Whether a directory owned by @dir_uid:@dir_gid with @dir_mode lets a
 * user other than @euid (and root) rename or replace its entries. A
 * sticky directory (/tmp) lets others add entries but not touch ours, so
 * it counts as not foreign when root or @euid owns it. Always FALSE for a
 * @euid other than 0. */
gboolean qv_safe_dir_is_foreign (uid_t euid, uid_t dir_uid, gid_t dir_gid, mode_t dir_mode);

/* Whether @euid may follow a symbolic link owned by @link_uid in a
 * directory (not foreign) owned by @dir_uid with @dir_mode: in a sticky
 * world-writable directory only its owner's or our own links, as the
 * kernel's fs.protected_symlinks does; elsewhere any. */
gboolean qv_safe_dir_link_trusted (uid_t euid, uid_t link_uid, uid_t dir_uid, mode_t dir_mode);

typedef struct {
  int dirfd;         /* the directory, open: every later step is relative to it */
  char *name;        /* the file's name in it */
  char *shown;       /* the file's resolved path, for messages */
  gboolean as_owner; /* a foreign directory was allowed: we act as its owner */
  uid_t owner_uid;   /* then: whose rights we have (setfsuid) */
  gid_t owner_gid;
  gid_t *saved_groups; /* root's supplementary groups, given back at the end */
  int n_saved_groups;
} QvSafeDir;

/* Walks @path (relative to the current directory; links followed under
 * the rules) to the directory holding its last component.
 *
 * As root, a path through a directory another user can change is
 * refused (QV_SAFE_DIR_ERROR_FOREIGN, naming that directory) unless
 * @allow_foreign; then, from that directory on, this thread has that
 * directory's owner's file-system rights (setfsuid, setfsgid, and no
 * supplementary groups) until qv_safe_dir_clear(), so the kernel checks
 * every later step as that user. */
gboolean qv_safe_dir_open (const char *path, gboolean allow_foreign, QvSafeDir *out,
                           GError **error);

/* Closes the directory and gives back root's rights. */
void qv_safe_dir_clear (QvSafeDir *dir);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QvSafeDir, qv_safe_dir_clear)

G_END_DECLS
