/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Desktop entries that start one VM in quadview (quadview --make-launcher):
 * their Exec line, quoted by the Desktop Entry Specification's rules, and
 * their file name. No GTK. */

/* What a launcher starts. */
typedef struct {
  const char *binary;      /* "quadview", or an absolute path */
  const char *connect_uri; /* libvirt URI; NULL for a spice:// target */
  const char *target;      /* domain name, or a spice:// URI */
  const char *uuid;        /* the domain's, or NULL */
  const char *name;        /* shown in the menu: the domain's name */
  const char *layout;      /* --layout, or NULL */
  gboolean direct;         /* --direct (qemu+ssh: SPICE not over ssh) */
} QvLauncher;

/* The Icon and StartupWMClass quadview's own windows have, and its
 * desktop entry's Icon and Categories (data/quadview.desktop). */
#define QV_LAUNCHER_ICON "computer"
#define QV_LAUNCHER_WM_CLASS "Quadview"
#define QV_LAUNCHER_CATEGORIES "Network;RemoteAccess;"

/* Keys of ours in a launcher, to find it again (--remove-launcher). */
#define QV_LAUNCHER_KEY_CONNECT "X-Quadview-Connect"
#define QV_LAUNCHER_KEY_TARGET "X-Quadview-Target"
#define QV_LAUNCHER_KEY_UUID "X-Quadview-UUID"

/* One argument as the Exec key wants it, before the key file's own string
 * escaping: quoted in "" when it has a reserved character (or is empty),
 * with ", `, $ and \ escaped inside the quotes; every % doubled. */
char *qv_launcher_exec_quote (const char *arg);

/* @argv joined into an Exec value, each argument quoted as above. */
char *qv_launcher_exec_line (const char *const *argv);

/* The command the launcher runs: BINARY -c URI --start [--direct]
 * [--layout L] NAME
 * (BINARY [--layout L] URI for spice://); "--" before a NAME that starts
 * with "-". */
GStrv qv_launcher_argv (const QvLauncher *launcher);

/* The desktop entry (group "Desktop Entry"); NULL and @error when a
 * string is not UTF-8 or has a control character (a tab, a newline),
 * which no Exec or Name value may hold. */
GKeyFile *qv_launcher_entry_new (const QvLauncher *launcher, GError **error);

/* The file's name: "quadview-" the target's letters, digits, "-" and "_"
 * (others as "_", at most 32 bytes), "-" 8 hex digits of a SHA-256 of
 * the URI and the target, ".desktop". Different URIs or targets give
 * different names; the same give the same, so a re-run replaces it. */
char *qv_launcher_file_name (const char *connect_uri, const char *target);

/* Whether the launcher in @entry starts @name_or_uuid (its target or
 * UUID) on @connect_uri (any URI when NULL). */
gboolean qv_launcher_entry_matches (GKeyFile *entry, const char *connect_uri,
                                    const char *name_or_uuid);

/* The launchers (full paths) in directory @dir that match, sorted; an
 * absent directory has none. */
GPtrArray *qv_launcher_find (const char *dir, const char *connect_uri, const char *name_or_uuid,
                             GError **error);

G_END_DECLS
