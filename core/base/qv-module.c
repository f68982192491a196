/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading the libvirt parts as modules, from the build tree or the
 * installed module directory, with errors naming the file. */
#include "qv-module.h"

#include <gio/gio.h>
#include <gmodule.h>

gboolean
qv_module_load_symbol (const char *name, const char *installed_dir, const char *symbol,
                       gpointer *address, GError **error)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
  g_autofree char *path = dir != NULL ? g_build_filename (dir, name, NULL) : NULL;
  GModule *module;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = g_build_filename (installed_dir, name, NULL);
    }
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL || !g_module_symbol (module, symbol, address) || *address == NULL)
    {
      const char *reason = g_module_error ();

      if (reason == NULL) /* found, but NULL */
        reason = symbol;
      /* dlopen's reasons start with the file's name already. */
      if (g_str_has_prefix (reason, path))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, reason);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, reason);
      if (module != NULL)
        g_module_close (module);
      return FALSE;
    }
  g_debug ("loaded %s", path);
  return TRUE;
}
