/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* --list-layouts and --forget-layout: no window, no connection.
 * @vm: a VM key or name (domain name, UUID, host:port) or NULL for all.
 * Return an exit code. */
int qv_layout_cli_list (const char *vm);
int qv_layout_cli_forget (const char *vm, const char *layout);

G_END_DECLS
