/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qxl-tune --from-layout: a VM's saved quadview layout as the heads and
 * arrangement to size the QXL device for. */
#include "qt-layout.h"

#include "qv-i18n.h"
#include "qv-layout.h"

#include <inttypes.h>

/* The VM's key: @vm itself, or the one VM of that name. */
static char *
find_vm (QvLayoutStore *store, const char *vm, GError **error)
{
  g_auto (GStrv) keys = qv_layout_store_list_vms (store);
  g_autofree char *found = NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    if (g_strcmp0 (keys[i], vm) == 0)
      return g_strdup (vm);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (g_strcmp0 (qv_layout_store_get_vm_name (store, keys[i]), vm) != 0)
        continue;
      if (found != NULL)
        {
          g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                       _("%s: several VMs have this name in %s; give the key (%s or %s)"), vm,
                       qv_layout_store_get_path (store), found, keys[i]);
          return NULL;
        }
      found = g_strdup (keys[i]);
    }
  if (found == NULL)
    g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NOT_FOUND, _("%s: no saved layouts in %s"), vm,
                 qv_layout_store_get_path (store));
  return g_steal_pointer (&found);
}

gboolean
qt_layout_heads (const char *vm, const char *layout_name, QvHead heads[QV_MAX_DISPLAYS],
                 guint *n, QvQxlOverrides *overrides, char **summary, GError **error)
{
  g_autofree char *path = qv_layout_default_path ();
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (path);
  g_autofree char *warning = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GPtrArray) layouts = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  const QvLayout *layout = NULL;
  gboolean windows;

  if (!qv_layout_store_load (store, &warning, error))
    return FALSE;
  if (warning != NULL)
    g_printerr ("qxl-tune: %s\n", warning);
  if ((key = find_vm (store, vm, error)) == NULL)
    return FALSE;
  layouts = qv_layout_store_list_layouts (store, key);
  /* Most recently used first. */
  for (guint i = 0; i < layouts->len && layout == NULL; i++)
    if (layout_name == NULL || g_strcmp0 (((QvLayout *) layouts->pdata[i])->name, layout_name) == 0)
      layout = layouts->pdata[i];
  if (layout == NULL && layout_name != NULL)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NOT_FOUND, _("%s: no layout called '%s' in %s"),
                   vm, layout_name, path);
      return FALSE;
    }
  if (layout == NULL)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NOT_FOUND, _("%s: no saved layouts in %s"), vm,
                   path);
      return FALSE;
    }
  windows = !qv_layout_store_get_switch (store, key, QV_VM_ARRANGE_GUEST);
  qv_layout_qxl_heads (layout, windows, heads, n, &overrides->box_width, &overrides->box_height);
  if (*n == 0)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                   _("%s: layout '%s' has no display switched on"), vm, layout->name);
      return FALSE;
    }
  for (guint i = 0; i < *n; i++)
    g_string_append_printf (text, "%s%ux%u", i > 0 ? " " : "", heads[i].width, heads[i].height);
  if (overrides->box_width > 0)
    *summary = g_strdup_printf (_("layout '%s' of %s: %s, standing as the windows do in "
                                  "%" PRIu64 "x%" PRIu64 " px"),
                                layout->name, vm, text->str, overrides->box_width,
                                overrides->box_height);
  else
    *summary = g_strdup_printf (_("layout '%s' of %s: %s"), layout->name, vm, text->str);
  return TRUE;
}
