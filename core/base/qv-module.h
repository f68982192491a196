/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The parts that need libvirt are modules, loaded on demand (why:
 * core/meson.build). A module sits next to the running executable in the
 * build tree and in @installed_dir once installed; it is never unloaded
 * (libvirt keeps threads and handlers until exit).
 *
 * Sets @address to @symbol of module @name; FALSE with @error naming the
 * file and the loader's reason ("FILE: REASON"). @address is an out
 * parameter because ISO C converts no object pointer to a function's. */
gboolean qv_module_load_symbol (const char *name, const char *installed_dir, const char *symbol,
                                gpointer *address, GError **error);

G_END_DECLS
