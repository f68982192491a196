/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The layout model in memory: display states, named layouts, the store of
 * VMs and the choice of a layout for the current monitors. The file
 * format is in qv-layout-file.c, loading and saving in qv-layout-io.c,
 * placing windows in qv-layout-place.c. */

#include "qv-layout-private.h"

#include "qv-arrange-windows.h"
#include "qv-hotkeys.h"
#include "qv-i18n.h"

#include <string.h>

G_DEFINE_QUARK (qv-layout-error-quark, qv_layout_error)

/* ---- Display state ----------------------------------------------------- */

void
qv_display_state_set_monitor (QvDisplayState *state, const QvMonitor *monitor)
{
  g_return_if_fail (state != NULL);

  g_clear_pointer (&state->monitor, g_free);
  state->monitor_geometry = (QvRect) { 0 };
  if (monitor == NULL)
    return;
  state->monitor = g_strdup (monitor->name);
  state->monitor_geometry = monitor->geometry;
}

void
qv_display_state_guest_size (const QvDisplayState *state, int menu_height, int *width,
                             int *height)
{
  if (state->fullscreen && state->monitor_geometry.width > 0 &&
      state->monitor_geometry.height > 0)
    {
      *width = state->monitor_geometry.width;
      *height = state->monitor_geometry.height;
      return;
    }
  *width = MAX (state->window.width, 1);
  *height = MAX (state->window.height - menu_height, 1);
}

guint
qv_layout_guest_heads (const QvLayout *layout, int chrome_height, QvHead heads[QV_MAX_DISPLAYS])
{
  guint n = 0;

  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      const QvDisplayState *state = &layout->displays[i];
      int width = QV_DEFAULT_HEAD_WIDTH, height = QV_DEFAULT_HEAD_HEIGHT;

      if (state->saved)
        qv_display_state_guest_size (state, chrome_height, &width, &height);
      heads[i] = (QvHead) { (guint) width, (guint) height };
      if (state->saved && state->enabled)
        n = i + 1;
    }
  return n;
}

void
qv_layout_qxl_heads (const QvLayout *layout, gboolean arrange_windows,
                     QvHead heads[QV_MAX_DISPLAYS], guint *n, guint64 *box_width,
                     guint64 *box_height)
{
  QvArrangeHead arrange[QV_MAX_DISPLAYS] = { 0 };
  QvMonitorConfig config[QV_MAX_DISPLAYS];
  gboolean fits, any = FALSE;
  int width, height;

  *n = qv_layout_guest_heads (layout, 0, heads);
  *box_width = *box_height = 0;
  if (!arrange_windows || *n == 0)
    return;
  for (guint i = 0; i < *n; i++)
    {
      const QvDisplayState *state = &layout->displays[i];

      if (!state->saved || !state->enabled)
        continue;
      arrange[i].on = any = TRUE;
      arrange[i].width = (int) heads[i].width;
      arrange[i].height = (int) heads[i].height;
      arrange[i].window = state->fullscreen && state->monitor_geometry.width > 0
                            ? state->monitor_geometry
                            : state->window;
    }
  if (!any)
    return;
  qv_arrange_windows (arrange, *n, config);
  qv_arrange_fold (config, *n, &fits);
  qv_arrange_box (config, *n, &width, &height);
  *box_width = (guint64) width;
  *box_height = (guint64) height;
}

static void
display_state_clear (QvDisplayState *state)
{
  g_free (state->monitor);
  *state = (QvDisplayState) { 0 };
}

/* ---- Layout ------------------------------------------------------------ */

QvLayout *
qv_layout_new (const char *name)
{
  QvLayout *layout;

  g_return_val_if_fail (name != NULL, NULL);

  layout = g_new0 (QvLayout, 1);
  layout->name = g_strdup (name);
  layout->signature = g_strdup ("");
  return layout;
}

QvLayout *
qv_layout_copy (const QvLayout *layout)
{
  QvLayout *copy;

  g_return_val_if_fail (layout != NULL, NULL);

  copy = g_new0 (QvLayout, 1);
  *copy = *layout;
  copy->name = g_strdup (layout->name);
  copy->signature = g_strdup (layout->signature);
  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    copy->displays[i].monitor = g_strdup (layout->displays[i].monitor);
  return copy;
}

void
qv_layout_free (QvLayout *layout)
{
  if (layout == NULL)
    return;
  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    display_state_clear (&layout->displays[i]);
  g_free (layout->name);
  g_free (layout->signature);
  g_free (layout);
}

const QvDisplayState *
qv_layout_get_display (const QvLayout *layout, guint index)
{
  g_return_val_if_fail (layout != NULL, NULL);

  if (index >= QV_MAX_DISPLAYS || !layout->displays[index].saved)
    return NULL;
  return &layout->displays[index];
}

QvDisplayState *
qv_layout_display (QvLayout *layout, guint index)
{
  QvDisplayState *state;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (index < QV_MAX_DISPLAYS, NULL);

  state = &layout->displays[index];
  if (!state->saved)
    {
      display_state_clear (state);
      state->saved = TRUE;
      state->enabled = TRUE;
    }
  return state;
}

void
qv_layout_clear_display (QvLayout *layout, guint index)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (index < QV_MAX_DISPLAYS);

  display_state_clear (&layout->displays[index]);
}

guint
qv_layout_count_enabled (const QvLayout *layout)
{
  guint n = 0;

  g_return_val_if_fail (layout != NULL, 0);

  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    if (layout->displays[i].saved && layout->displays[i].enabled)
      n++;
  return n;
}

/* ---- VMs --------------------------------------------------------------- */

gboolean
qv_layout_check_name (const char *what, const char *text, GError **error)
{
  const char *end;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                   _("empty %s"), what);
      return FALSE;
    }
  if (strlen (text) > QV_LAYOUT_MAX_NAME)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                   _("%s longer than %d bytes"), what, QV_LAYOUT_MAX_NAME);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, &end))
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                   _("%s is not valid UTF-8"), what);
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                     _("%s contains a control character"), what);
        return FALSE;
      }
  return TRUE;
}

QvLayoutVm *
qv_layout_vm_new (const char *key)
{
  QvLayoutVm *vm = g_new0 (QvLayoutVm, 1);

  vm->key = g_strdup (key);
  vm->layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) qv_layout_free);
  return vm;
}

void
qv_layout_vm_free (QvLayoutVm *vm)
{
  if (vm == NULL)
    return;
  g_free (vm->key);
  g_free (vm->name);
  g_free (vm->hotkeys);
  g_ptr_array_unref (vm->layouts);
  g_free (vm);
}

GHashTable *
qv_layout_vm_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                (GDestroyNotify) qv_layout_vm_free);
}

QvLayout *
qv_layout_vm_find (const QvLayoutVm *vm, const char *name)
{
  for (guint i = 0; i < vm->layouts->len; i++)
    {
      QvLayout *layout = g_ptr_array_index (vm->layouts, i);

      if (g_strcmp0 (layout->name, name) == 0)
        return layout;
    }
  return NULL;
}

void
qv_layout_vm_take (QvLayoutVm *vm, QvLayout *layout)
{
  QvLayout *old = qv_layout_vm_find (vm, layout->name);

  if (old != NULL)
    g_ptr_array_remove (vm->layouts, old);
  g_ptr_array_add (vm->layouts, layout);
}

/* ---- Store ------------------------------------------------------------- */

char *
qv_layout_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "quadview", "layouts.ini", NULL);
}

QvLayoutStore *
qv_layout_store_new (const char *path)
{
  QvLayoutStore *store;

  g_return_val_if_fail (path != NULL, NULL);

  store = g_new0 (QvLayoutStore, 1);
  store->path = g_strdup (path);
  store->vms = qv_layout_vm_table_new ();
  return store;
}

void
qv_layout_store_free (QvLayoutStore *store)
{
  if (store == NULL)
    return;
  g_free (store->path);
  g_hash_table_unref (store->vms);
  g_free (store);
}

const char *
qv_layout_store_get_path (const QvLayoutStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->path;
}

static QvLayoutVm *
lookup_vm (const QvLayoutStore *store, const char *vm_key)
{
  if (vm_key == NULL)
    return NULL;
  return g_hash_table_lookup (store->vms, vm_key);
}

static QvLayoutVm *
ensure_vm (QvLayoutStore *store, const char *vm_key, GError **error)
{
  QvLayoutVm *vm;

  if (!qv_layout_check_name (_("VM key"), vm_key, error))
    return NULL;
  vm = lookup_vm (store, vm_key);
  if (vm == NULL)
    {
      vm = qv_layout_vm_new (vm_key);
      g_hash_table_insert (store->vms, vm->key, vm);
    }
  return vm;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
qv_layout_store_list_vms (const QvLayoutStore *store)
{
  g_autofree const char **keys = NULL;
  char **copy;
  guint n = 0;

  g_return_val_if_fail (store != NULL, NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (store->vms, &n);
  copy = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (keys[i]);
  qsort (copy, n, sizeof (char *), compare_strings);
  return copy;
}

const char *
qv_layout_store_get_hotkeys (const QvLayoutStore *store, const char *vm_key)
{
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, NULL);
  vm = lookup_vm (store, vm_key);
  return vm != NULL ? vm->hotkeys : NULL;
}

gboolean
qv_layout_store_set_hotkeys (QvLayoutStore *store, const char *vm_key, const char *hotkeys,
                             GError **error)
{
  g_auto (GStrv) parsed = NULL;
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, FALSE);

  if (hotkeys != NULL && (parsed = qv_hotkeys_parse (hotkeys, error)) == NULL)
    return FALSE;
  vm = ensure_vm (store, vm_key, error);
  if (vm == NULL)
    return FALSE;
  g_free (vm->hotkeys);
  vm->hotkeys = parsed != NULL && parsed[0] != NULL
                  ? qv_hotkeys_join ((const char *const *) parsed)
                  : NULL;
  return TRUE;
}

const char *
qv_layout_store_get_vm_name (const QvLayoutStore *store, const char *vm_key)
{
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, NULL);
  vm = lookup_vm (store, vm_key);
  return vm != NULL ? vm->name : NULL;
}

gboolean
qv_layout_store_set_vm_name (QvLayoutStore *store,
                             const char *vm_key,
                             const char *name,
                             GError **error)
{
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, FALSE);

  if (name != NULL && *name != '\0' && !qv_layout_check_name (_("VM name"), name, error))
    return FALSE;
  vm = ensure_vm (store, vm_key, error);
  if (vm == NULL)
    return FALSE;
  g_free (vm->name);
  vm->name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
  return TRUE;
}

/* The per-VM switches remembered with the layouts. */
static gboolean *
vm_switch (QvLayoutVm *vm, QvVmSwitch which)
{
  switch (which)
    {
    case QV_VM_SHUTDOWN_ON_CLOSE:
      return &vm->shutdown_on_close;
    case QV_VM_LINK_CONSENT:
      return &vm->link_consent;
    case QV_VM_ARRANGE_GUEST:
      return &vm->arrange_guest;
    case QV_VM_WAIT_FOR_AGENT:
    default:
      return &vm->wait_for_agent;
    }
}

gboolean
qv_layout_store_get_switch (const QvLayoutStore *store, const char *vm_key, QvVmSwitch which)
{
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, FALSE);
  vm = lookup_vm (store, vm_key);
  return vm != NULL && *vm_switch (vm, which);
}

gboolean
qv_layout_store_set_switch (QvLayoutStore *store, const char *vm_key, QvVmSwitch which,
                            gboolean on, GError **error)
{
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, FALSE);
  vm = ensure_vm (store, vm_key, error);
  if (vm == NULL)
    return FALSE;
  *vm_switch (vm, which) = !!on;
  return TRUE;
}

gboolean
qv_layout_store_get_wait_for_agent (const QvLayoutStore *store, const char *vm_key)
{
  return qv_layout_store_get_switch (store, vm_key, QV_VM_WAIT_FOR_AGENT);
}

gboolean
qv_layout_store_set_wait_for_agent (QvLayoutStore *store, const char *vm_key, gboolean wait,
                                    GError **error)
{
  return qv_layout_store_set_switch (store, vm_key, QV_VM_WAIT_FOR_AGENT, wait, error);
}

gboolean
qv_layout_store_get_shutdown_on_close (const QvLayoutStore *store, const char *vm_key)
{
  return qv_layout_store_get_switch (store, vm_key, QV_VM_SHUTDOWN_ON_CLOSE);
}

gboolean
qv_layout_store_set_shutdown_on_close (QvLayoutStore *store, const char *vm_key,
                                       gboolean shutdown, GError **error)
{
  return qv_layout_store_set_switch (store, vm_key, QV_VM_SHUTDOWN_ON_CLOSE, shutdown, error);
}

const QvLayout *
qv_layout_store_get_layout (const QvLayoutStore *store,
                            const char *vm_key,
                            const char *name)
{
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, NULL);
  vm = lookup_vm (store, vm_key);
  return vm != NULL ? qv_layout_vm_find (vm, name) : NULL;
}

/* Most recently used first; equal times by name so the order is stable. */
static int
compare_recent_first (gconstpointer a, gconstpointer b)
{
  const QvLayout *la = *(const QvLayout * const *) a;
  const QvLayout *lb = *(const QvLayout * const *) b;

  if (la->last_used != lb->last_used)
    return la->last_used > lb->last_used ? -1 : 1;
  return g_strcmp0 (la->name, lb->name);
}

GPtrArray *
qv_layout_store_list_layouts (const QvLayoutStore *store, const char *vm_key)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) qv_layout_free);
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, list);

  vm = lookup_vm (store, vm_key);
  if (vm == NULL)
    return list;
  for (guint i = 0; i < vm->layouts->len; i++)
    g_ptr_array_add (list, qv_layout_copy (g_ptr_array_index (vm->layouts, i)));
  g_ptr_array_sort (list, compare_recent_first);
  return list;
}

gboolean
qv_layout_store_put (QvLayoutStore *store,
                     const char *vm_key,
                     const QvLayout *layout,
                     GError **error)
{
  QvLayoutVm *vm;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);

  if (!qv_layout_check_name (_("layout name"), layout->name, error))
    return FALSE;
  vm = ensure_vm (store, vm_key, error);
  if (vm == NULL)
    return FALSE;
  qv_layout_vm_take (vm, qv_layout_copy (layout));
  return TRUE;
}

/* The VM's most recently used layout, among those with @signature unless
 * it is NULL. */
static const QvLayout *
most_recent (const QvLayoutVm *vm, const char *signature)
{
  const QvLayout *best = NULL;

  if (vm == NULL)
    return NULL;
  for (guint i = 0; i < vm->layouts->len; i++)
    {
      const QvLayout *layout = g_ptr_array_index (vm->layouts, i);

      if (signature != NULL && g_strcmp0 (layout->signature, signature) != 0)
        continue;
      if (best == NULL || compare_recent_first (&layout, &best) < 0)
        best = layout;
    }
  return best;
}

static char *
unused_name (const QvLayoutVm *vm, const char *base)
{
  char *name = g_strdup (base);

  for (guint n = 2; vm != NULL && qv_layout_vm_find (vm, name) != NULL; n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s (%u)", base, n);
    }
  return name;
}

QvLayout *
qv_layout_store_choose (QvLayoutStore *store,
                        const char *vm_key,
                        const char *name,
                        const QvMonitorSet *monitors,
                        gboolean *is_new,
                        GError **error)
{
  g_autofree char *signature = NULL;
  g_autofree char *new_name = NULL;
  const QvLayout *same_monitors;
  const QvLayout *latest;
  const QvLayout *found = NULL;
  QvLayoutVm *vm;
  QvLayout *result;
  gint64 now;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (monitors != NULL, NULL);

  if (!qv_layout_check_name (_("VM key"), vm_key, error))
    return NULL;
  if (name != NULL && !qv_layout_check_name (_("layout name"), name, error))
    return NULL;

  vm = lookup_vm (store, vm_key);
  signature = qv_monitor_set_signature (monitors);
  same_monitors = most_recent (vm, signature);
  latest = most_recent (vm, NULL);

  if (name != NULL)
    found = vm != NULL ? qv_layout_vm_find (vm, name) : NULL;
  else
    found = same_monitors;

  if (found != NULL)
    result = qv_layout_copy (found);
  else
    {
      const QvLayout *seed = same_monitors != NULL ? same_monitors : latest;

      if (name == NULL)
        {
          g_autofree char *readable = qv_monitor_set_readable_name (monitors);

          new_name = unused_name (vm, readable);
        }
      else
        new_name = g_strdup (name);
      result = seed != NULL ? qv_layout_copy (seed) : qv_layout_new (new_name);
      g_free (result->name);
      result->name = g_steal_pointer (&new_name);
    }

  /* Strictly newer than anything stored, even if the clock went back, so
   * that this layout is the VM's "last used" from now on. */
  now = g_get_real_time ();
  if (latest != NULL && latest->last_used >= now)
    now = latest->last_used + 1;
  result->last_used = now;
  g_free (result->signature);
  result->signature = g_steal_pointer (&signature);

  if (is_new != NULL)
    *is_new = found == NULL;
  return result;
}

gboolean
qv_layout_store_forget_layout (QvLayoutStore *store,
                               const char *vm_key,
                               const char *name,
                               GError **error)
{
  QvLayoutVm *vm;
  QvLayout *layout;

  g_return_val_if_fail (store != NULL, FALSE);

  vm = lookup_vm (store, vm_key);
  layout = vm != NULL ? qv_layout_vm_find (vm, name) : NULL;
  if (layout == NULL)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NOT_FOUND,
                   _("no layout “%s” for %s"), name != NULL ? name : "",
                   vm_key != NULL ? vm_key : _("(none)"));
      return FALSE;
    }
  g_ptr_array_remove (vm->layouts, layout);
  return TRUE;
}

gboolean
qv_layout_store_forget_vm (QvLayoutStore *store,
                           const char *vm_key,
                           GError **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (vm_key == NULL || !g_hash_table_remove (store->vms, vm_key))
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NOT_FOUND,
                   _("no saved layouts for %s"), vm_key != NULL ? vm_key : _("(none)"));
      return FALSE;
    }
  return TRUE;
}
