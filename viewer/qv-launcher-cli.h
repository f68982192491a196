/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* --make-launcher and --remove-launcher: a desktop entry in
 * $XDG_DATA_HOME/applications that starts a VM in quadview; no window.
 * @connect_uri: -c, or NULL (libvirt's default URI; none for spice://).
 * @target: a domain's name or UUID, or a spice:// URI; @layout and
 * @direct (--layout, --direct) are passed on. Return an exit code. */
int qv_launcher_cli_make (const char *connect_uri, const char *target, const char *layout,
                          gboolean direct);
int qv_launcher_cli_remove (const char *connect_uri, const char *target);

G_END_DECLS
