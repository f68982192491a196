/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --list-layouts and --forget-layout: the saved layouts, no window and
 * no connection. */
#include "qv-layout-cli.h"
#include "qv-i18n.h"

#include "qv-app.h"
#include "qv-layout.h"

static QvLayoutStore *
load_store (void)
{
  g_autofree char *path = qv_layout_default_path ();
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;

  if (!qv_layout_store_load (store, &warning, &error))
    {
      qv_app_say ("%s", error->message);
      return NULL;
    }
  if (warning != NULL)
    qv_app_say ("%s", warning);
  return g_steal_pointer (&store);
}

static gboolean
vm_matches (QvLayoutStore *store, const char *key, const char *vm)
{
  return vm == NULL || g_strcmp0 (key, vm) == 0 ||
         g_strcmp0 (qv_layout_store_get_vm_name (store, key), vm) == 0;
}

int
qv_layout_cli_list (const char *vm)
{
  g_autoptr (QvLayoutStore) store = load_store ();
  g_auto (GStrv) keys = NULL;
  gboolean found = FALSE;

  if (store == NULL)
    return QV_EXIT_ERROR;
  keys = qv_layout_store_list_vms (store);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) layouts = NULL;
      const char *name = qv_layout_store_get_vm_name (store, keys[i]);

      if (!vm_matches (store, keys[i], vm))
        continue;
      found = TRUE;
      g_print ("%s (%s)\n", name != NULL ? name : keys[i], keys[i]);
      layouts = qv_layout_store_list_layouts (store, keys[i]);
      for (guint j = 0; j < layouts->len; j++)
        {
          const QvLayout *layout = layouts->pdata[j];
          g_autoptr (GDateTime) when = NULL;
          g_autofree char *date = NULL;

          if (layout->last_used > 0)
            when = g_date_time_new_from_unix_local (layout->last_used / G_USEC_PER_SEC);
          date = when != NULL ? g_date_time_format (when, "%F %R") : g_strdup (_("never"));

          guint n = qv_layout_count_enabled (layout);

          /* TRANSLATORS: layout name, number of displays, date, monitors. */
          g_print (g_dngettext (GETTEXT_PACKAGE, "  %-20s %u display   last used %s  monitors: %s\n",
                                "  %-20s %u displays  last used %s  monitors: %s\n", n),
                   layout->name, n, date,
                   layout->signature != NULL && *layout->signature ? layout->signature : "?");
        }
    }
  if (!found && vm != NULL)
    {
      qv_app_say (_("no saved layouts for %s"), vm);
      return QV_EXIT_ERROR;
    }
  return QV_EXIT_OK;
}

int
qv_layout_cli_forget (const char *vm, const char *layout)
{
  g_autoptr (QvLayoutStore) store = load_store ();
  g_auto (GStrv) keys = NULL;
  g_autoptr (GPtrArray) hits = g_ptr_array_new ();

  if (store == NULL)
    return QV_EXIT_ERROR;
  keys = qv_layout_store_list_vms (store);
  for (guint i = 0; keys[i] != NULL; i++)
    if (vm_matches (store, keys[i], vm) && qv_layout_store_get_layout (store, keys[i], layout))
      g_ptr_array_add (hits, keys[i]);

  if (hits->len == 0)
    {
      if (vm != NULL)
        qv_app_say (_("no layout named '%s' for %s"), layout, vm);
      else
        qv_app_say (_("no layout named '%s'"), layout);
      return QV_EXIT_ERROR;
    }
  if (hits->len > 1)
    {
      qv_app_say (_("several VMs have a layout named '%s'; name the VM too"), layout);
      return QV_EXIT_USAGE;
    }
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *warning = NULL;
    const char *key = hits->pdata[0];

    if (!qv_layout_store_forget_layout (store, key, layout, &error) ||
        !qv_layout_store_save (store, key, &warning, &error))
      {
        qv_app_say ("%s: %s", qv_layout_store_get_path (store), error->message);
        return QV_EXIT_ERROR;
      }
    if (warning != NULL)
      qv_app_say ("%s", warning);
  }
  return QV_EXIT_OK;
}
