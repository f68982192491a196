/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The layout file: $XDG_CONFIG_HOME/quadview/layouts.ini, one GKeyFile for
 * every VM.
 *
 *   # quadview window layouts (see quadview(1)).
 *   [quadview]
 *   version=1
 *
 *   # VM: win10
 *   [vm:0b8e…-uuid]                      one per VM; KEY = domain UUID or host:port
 *   name=win10                           optional, for people
 *   wait-for-agent=false                 optional, default false
 *   shutdown-on-close=false              optional, default false
 *   arrangement=guest                    optional, default windows: the
 *                                        guest's displays stand as the
 *                                        windows do, or where it has them
 *   link-consent=false                   optional, default false: opened
 *                                        from a link, it may have the
 *                                        clipboard and the microphone
 *   hotkeys=toggle-fullscreen=shift+f11  optional: --hotkeys, as given last
 *
 *   [vm:KEY/layout:desk]                 one per named layout
 *   monitors=DP-1:1920x1080@0,0 …        qv_monitor_set_signature(), optional
 *   last-used=2026-11-29T01:02:03.5Z     ISO 8601, optional (never used)
 *
 *   [vm:KEY/layout:desk/display:1]       display 1..4 (index 0..3 in the API)
 *   enabled=true                         optional, default true
 *   x=0                                  required, |x|, |y| <= 1000000
 *   y=0
 *   width=1280                           required, 1..65535
 *   height=800
 *   fullscreen=false                     optional, default false
 *   maximized=false                      optional, default false
 *   monitor=DP-1                         optional: the monitor it was on
 *   monitor-x=0                          optional, all four or none
 *   monitor-y=0
 *   monitor-width=1920
 *   monitor-height=1080
 *
 * KEY and layout names are percent-encoded in group names where they hold
 * '%', '/', '[' or ']'. Groups not starting with "vm:" are left alone and
 * kept (empty ones are dropped: GKeyFile cannot create a group without a
 * key); unknown keys are ignored. Comments are regenerated on each save
 * (GKeyFile cannot drop the comment above a removed group), so hand-written
 * comments do not survive.
 *
 * What is recoverable: nothing partial. Any GKeyFile syntax error, a
 * missing [quadview] version (this includes an empty file), a malformed
 * group name below "vm:", a missing required key, a number that is not
 * decimal or out of the bounds above, a bad boolean or date makes the
 * whole file invalid: it is moved aside, never rewritten, so a hand edit
 * gone wrong loses nothing. A version above 1 is not moved: the file is
 * left to the newer quadview and this one does not save.
 */

#include "qv-layout-private.h"
#include "qv-hotkeys.h"

#include "qv-i18n.h"

#include <string.h>

#define FILE_VERSION 1
#define MAIN_GROUP "quadview"
#define VM_PREFIX "vm:"
#define LAYOUT_PREFIX "layout:"
#define DISPLAY_PREFIX "display:"
#define MAX_FILE_SIZE (4 * 1024 * 1024)
/* Characters left as they are in group names: everything printable but
 * '%', '/', '[' and ']'. */
#define GROUP_NAME_ALLOWED " !\"#$&'()*+,;<=>?@\\^`{|}~:"

/* ---- Reading ----------------------------------------------------------- */

static gboolean
fail (GError **error, const char *group, const char *key, const char *message)
{
  if (key != NULL)
    g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                 "[%s] %s: %s", group, key, message);
  else
    g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                 "[%s]: %s", group, message);
  return FALSE;
}

/* A decimal integer in [@min, @max]; absent: @fallback unless @required. */
static gboolean
read_int (GKeyFile *kf, const char *group, const char *key,
          gint64 min, gint64 max, gboolean required, int fallback,
          int *out, GError **error)
{
  g_autofree char *text = g_key_file_get_value (kf, group, key, NULL);
  g_autoptr (GError) local = NULL;
  gint64 value;

  if (text == NULL)
    {
      *out = fallback;
      return required ? fail (error, group, key, "missing") : TRUE;
    }
  if (!g_ascii_string_to_signed (text, 10, min, max, &value, &local))
    return fail (error, group, key, local->message);
  *out = (int) value;
  return TRUE;
}

static gboolean
read_bool (GKeyFile *kf, const char *group, const char *key,
           gboolean fallback, gboolean *out, GError **error)
{
  g_autoptr (GError) local = NULL;

  *out = fallback;
  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  *out = g_key_file_get_boolean (kf, group, key, &local);
  if (local != NULL)
    {
      g_autofree char *text = g_key_file_get_value (kf, group, key, NULL);
      g_autofree char *message = g_strdup_printf (_("“%s” is not true or false"), text);

      return fail (error, group, key, message);
    }
  return TRUE;
}

/* Optional string; must be valid UTF-8 (GKeyFile checks). */
static gboolean
read_string (GKeyFile *kf, const char *group, const char *key,
             char **out, GError **error)
{
  g_autoptr (GError) local = NULL;

  *out = NULL;
  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  *out = g_key_file_get_string (kf, group, key, &local);
  return local == NULL || fail (error, group, key, local->message);
}

/* "PREFIX<escaped>": the unescaped, validated name, or NULL. */
static char *
unescape_part (const char *part, const char *prefix, const char *what,
               const char *group, GError **error)
{
  g_autofree char *name = NULL;
  g_autoptr (GError) local = NULL;

  if (!g_str_has_prefix (part, prefix))
    {
      fail (error, group, NULL, "unknown kind of group");
      return NULL;
    }
  name = g_uri_unescape_string (part + strlen (prefix), NULL);
  if (name == NULL)
    {
      fail (error, group, NULL, "bad %-escape in the group name");
      return NULL;
    }
  if (!qv_layout_check_name (what, name, &local))
    {
      fail (error, group, NULL, local->message);
      return NULL;
    }
  return g_steal_pointer (&name);
}

static gboolean
read_arrangement (GKeyFile *kf, const char *group, gboolean *guest, GError **error)
{
  g_autofree char *text = g_key_file_get_value (kf, group, "arrangement", NULL);

  *guest = FALSE;
  if (text == NULL || strcmp (text, "windows") == 0)
    return TRUE;
  if (strcmp (text, "guest") == 0)
    {
      *guest = TRUE;
      return TRUE;
    }
  return fail (error, group, "arrangement", "not windows or guest");
}

static gboolean
read_vm_group (GKeyFile *kf, const char *group, QvLayoutVm *vm, GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *hotkeys = NULL;
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) parsed = NULL;

  if (!read_string (kf, group, "name", &name, error)
      || !read_string (kf, group, "hotkeys", &hotkeys, error)
      || !read_bool (kf, group, "wait-for-agent", FALSE, &vm->wait_for_agent, error)
      || !read_bool (kf, group, "shutdown-on-close", FALSE, &vm->shutdown_on_close, error)
      || !read_bool (kf, group, "link-consent", FALSE, &vm->link_consent, error)
      || !read_arrangement (kf, group, &vm->arrange_guest, error))
    return FALSE;
  if (name != NULL && *name != '\0'
      && !qv_layout_check_name (_("VM name"), name, &local))
    return fail (error, group, "name", local->message);
  g_free (vm->name);
  vm->name = name != NULL && *name != '\0' ? g_steal_pointer (&name) : NULL;
  if (hotkeys != NULL && (parsed = qv_hotkeys_parse (hotkeys, &local)) == NULL)
    return fail (error, group, "hotkeys", local->message);
  g_free (vm->hotkeys);
  vm->hotkeys = parsed != NULL && parsed[0] != NULL ? g_steal_pointer (&hotkeys) : NULL;
  return TRUE;
}

static gboolean
read_layout_group (GKeyFile *kf, const char *group, QvLayout *layout, GError **error)
{
  g_autofree char *monitors = NULL;
  g_autofree char *when = NULL;

  if (!read_string (kf, group, "monitors", &monitors, error)
      || !read_string (kf, group, "last-used", &when, error))
    return FALSE;
  if (monitors != NULL)
    {
      g_free (layout->signature);
      layout->signature = g_steal_pointer (&monitors);
    }
  layout->last_used = 0;
  if (when != NULL)
    {
      g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (when, utc);

      if (dt == NULL)
        return fail (error, group, "last-used", "not an ISO 8601 date and time");
      layout->last_used = g_date_time_to_unix (dt) * G_USEC_PER_SEC
                          + g_date_time_get_microsecond (dt);
    }
  return TRUE;
}

static gboolean
read_display_group (GKeyFile *kf, const char *group, QvDisplayState *state, GError **error)
{
  const char *monitor_keys[] = { "monitor-x", "monitor-y", "monitor-width", "monitor-height" };
  int *monitor_values[] = {
    &state->monitor_geometry.x, &state->monitor_geometry.y,
    &state->monitor_geometry.width, &state->monitor_geometry.height,
  };
  guint n_monitor_keys = 0;

  state->saved = TRUE;
  if (!read_bool (kf, group, "enabled", TRUE, &state->enabled, error)
      || !read_int (kf, group, "x", -QV_LAYOUT_MAX_COORD, QV_LAYOUT_MAX_COORD,
                    TRUE, 0, &state->window.x, error)
      || !read_int (kf, group, "y", -QV_LAYOUT_MAX_COORD, QV_LAYOUT_MAX_COORD,
                    TRUE, 0, &state->window.y, error)
      || !read_int (kf, group, "width", 1, QV_LAYOUT_MAX_SIZE,
                    TRUE, 0, &state->window.width, error)
      || !read_int (kf, group, "height", 1, QV_LAYOUT_MAX_SIZE,
                    TRUE, 0, &state->window.height, error)
      || !read_bool (kf, group, "fullscreen", FALSE, &state->fullscreen, error)
      || !read_bool (kf, group, "maximized", FALSE, &state->maximized, error))
    return FALSE;

  g_clear_pointer (&state->monitor, g_free);
  if (!read_string (kf, group, "monitor", &state->monitor, error))
    return FALSE;
  if (state->monitor != NULL && *state->monitor == '\0')
    g_clear_pointer (&state->monitor, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (monitor_keys); i++)
    {
      gboolean is_size = i >= 2;

      if (g_key_file_has_key (kf, group, monitor_keys[i], NULL))
        n_monitor_keys++;
      if (!read_int (kf, group, monitor_keys[i],
                     is_size ? 1 : -QV_LAYOUT_MAX_COORD,
                     is_size ? QV_LAYOUT_MAX_SIZE : QV_LAYOUT_MAX_COORD,
                     FALSE, 0, monitor_values[i], error))
        return FALSE;
    }
  if (n_monitor_keys != 0 && n_monitor_keys != G_N_ELEMENTS (monitor_keys))
    return fail (error, group, NULL,
                 "monitor-x, -y, -width and -height go together");
  return TRUE;
}

static QvLayout *
find_or_add_layout (QvLayoutVm *vm, const char *name)
{
  QvLayout *layout = qv_layout_vm_find (vm, name);

  if (layout == NULL)
    {
      layout = qv_layout_new (name);
      g_ptr_array_add (vm->layouts, layout);
    }
  return layout;
}

static gboolean
read_quadview_group (GKeyFile *kf, GError **error)
{
  int version;

  if (!g_key_file_has_group (kf, MAIN_GROUP))
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                   _("not a quadview layout file (no [%s] group)"), MAIN_GROUP);
      return FALSE;
    }
  if (!read_int (kf, MAIN_GROUP, "version", 1, G_MAXINT, TRUE, 0, &version, error))
    return FALSE;
  if (version > FILE_VERSION)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NEWER_VERSION,
                   _("written by a newer quadview (format version %d, this one "
                   "reads %d); not changing it"), version, FILE_VERSION);
      return FALSE;
    }
  return TRUE;
}

gboolean
qv_layout_file_parse (const char *data, gsize length,
            GKeyFile **out_kf, GHashTable **out_vms, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GHashTable) vms = qv_layout_vm_table_new ();
  g_auto (GStrv) groups = NULL;

  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                   _("larger than %d bytes"), MAX_FILE_SIZE);
      return FALSE;
    }
  /* GKeyFile would only say the first line is not a group. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      g_set_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID,
                   _("starts with a byte order mark, which GKeyFile does not accept"));
      return FALSE;
    }
  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, error)
      || !read_quadview_group (kf, error))
    return FALSE;

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];
      g_auto (GStrv) parts = NULL;
      g_autofree char *key = NULL;
      g_autofree char *layout_name = NULL;
      QvLayoutVm *vm;
      QvLayout *layout;
      guint n_parts;
      gint64 display;

      if (!g_str_has_prefix (group, VM_PREFIX))
        continue;  /* not ours: kept as it is */
      parts = g_strsplit (group, "/", 0);
      n_parts = g_strv_length (parts);
      if (n_parts > 3)
        return fail (error, group, NULL, "unknown kind of group");
      key = unescape_part (parts[0], VM_PREFIX, _("VM key"), group, error);
      if (key == NULL)
        return FALSE;

      vm = g_hash_table_lookup (vms, key);
      if (vm == NULL)
        {
          vm = qv_layout_vm_new (key);
          g_hash_table_insert (vms, vm->key, vm);
        }
      if (n_parts == 1)
        {
          if (!read_vm_group (kf, group, vm, error))
            return FALSE;
          continue;
        }

      layout_name = unescape_part (parts[1], LAYOUT_PREFIX, _("layout name"), group, error);
      if (layout_name == NULL)
        return FALSE;
      layout = find_or_add_layout (vm, layout_name);
      if (n_parts == 2)
        {
          if (!read_layout_group (kf, group, layout, error))
            return FALSE;
          continue;
        }

      if (!g_str_has_prefix (parts[2], DISPLAY_PREFIX)
          || !g_ascii_string_to_signed (parts[2] + strlen (DISPLAY_PREFIX), 10,
                                        1, QV_MAX_DISPLAYS, &display, NULL))
        return fail (error, group, NULL, "displays are numbered 1 to 4");
      if (!read_display_group (kf, group, &layout->displays[display - 1], error))
        return FALSE;
    }

  *out_kf = g_steal_pointer (&kf);
  *out_vms = g_steal_pointer (&vms);
  return TRUE;
}

/* ---- Writing ----------------------------------------------------------- */

static char *
escape_part (const char *prefix, const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, GROUP_NAME_ALLOWED, TRUE);

  return g_strconcat (prefix, escaped, NULL);
}

static char *
vm_group (const char *key)
{
  return escape_part (VM_PREFIX, key);
}

/* Compared unescaped: a hand edit may escape more than we do, and
 * "[vm:%61]" left behind would bring back what VM "a" dropped. */
static gboolean
group_belongs_to (const char *group, const char *key)
{
  g_autofree char *escaped = NULL;
  g_autofree char *name = NULL;

  if (!g_str_has_prefix (group, VM_PREFIX))
    return FALSE;
  group += strlen (VM_PREFIX);
  escaped = g_strndup (group, strcspn (group, "/"));
  name = g_uri_unescape_string (escaped, NULL);
  return name != NULL && strcmp (name, key) == 0;
}

static void
set_comment_for_vm (GKeyFile *kf, const char *group, const char *name)
{
  g_autofree char *comment = NULL;

  if (name == NULL || *name == '\0')
    return;
  comment = g_strconcat (" VM: ", name, NULL);
  g_key_file_set_comment (kf, group, NULL, comment, NULL);
}

static int
compare_by_name (gconstpointer a, gconstpointer b)
{
  const QvLayout *la = *(const QvLayout * const *) a;
  const QvLayout *lb = *(const QvLayout * const *) b;

  return strcmp (la->name, lb->name);
}

static void
set_int (GKeyFile *kf, const char *group, const char *key, gint64 value, gint64 min, gint64 max)
{
  /* Clamped so that whatever the viewer stored reads back as valid. */
  g_key_file_set_int64 (kf, group, key, CLAMP (value, min, max));
}

static void
write_display (GKeyFile *kf, const char *group, const QvDisplayState *state)
{
  const QvRect *w = &state->window;
  const QvRect *m = &state->monitor_geometry;

  g_key_file_set_boolean (kf, group, "enabled", state->enabled);
  set_int (kf, group, "x", w->x, -QV_LAYOUT_MAX_COORD, QV_LAYOUT_MAX_COORD);
  set_int (kf, group, "y", w->y, -QV_LAYOUT_MAX_COORD, QV_LAYOUT_MAX_COORD);
  set_int (kf, group, "width", w->width, 1, QV_LAYOUT_MAX_SIZE);
  set_int (kf, group, "height", w->height, 1, QV_LAYOUT_MAX_SIZE);
  g_key_file_set_boolean (kf, group, "fullscreen", state->fullscreen);
  g_key_file_set_boolean (kf, group, "maximized", state->maximized);
  if (state->monitor != NULL && *state->monitor != '\0')
    g_key_file_set_string (kf, group, "monitor", state->monitor);
  if (m->width > 0 && m->height > 0)
    {
      set_int (kf, group, "monitor-x", m->x, -QV_LAYOUT_MAX_COORD, QV_LAYOUT_MAX_COORD);
      set_int (kf, group, "monitor-y", m->y, -QV_LAYOUT_MAX_COORD, QV_LAYOUT_MAX_COORD);
      set_int (kf, group, "monitor-width", m->width, 1, QV_LAYOUT_MAX_SIZE);
      set_int (kf, group, "monitor-height", m->height, 1, QV_LAYOUT_MAX_SIZE);
    }
}

static void
write_vm (GKeyFile *kf, const QvLayoutVm *vm)
{
  g_autofree char *group = vm_group (vm->key);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();

  g_key_file_set_boolean (kf, group, "wait-for-agent", vm->wait_for_agent);
  /* Only where set: files of VMs that never used it stay as they were. */
  if (vm->shutdown_on_close)
    g_key_file_set_boolean (kf, group, "shutdown-on-close", TRUE);
  if (vm->link_consent)
    g_key_file_set_boolean (kf, group, "link-consent", TRUE);
  if (vm->arrange_guest)
    g_key_file_set_string (kf, group, "arrangement", "guest");
  if (vm->hotkeys != NULL)
    g_key_file_set_string (kf, group, "hotkeys", vm->hotkeys);
  if (vm->name != NULL)
    {
      g_key_file_set_string (kf, group, "name", vm->name);
      set_comment_for_vm (kf, group, vm->name);
    }

  /* By name, so that an unchanged VM serializes to the same bytes. */
  for (guint i = 0; i < vm->layouts->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (vm->layouts, i));
  g_ptr_array_sort (sorted, compare_by_name);

  for (guint i = 0; i < sorted->len; i++)
    {
      const QvLayout *layout = g_ptr_array_index (sorted, i);
      g_autofree char *layout_part = escape_part (LAYOUT_PREFIX, layout->name);
      g_autofree char *layout_group = g_strconcat (group, "/", layout_part, NULL);
      g_autoptr (GDateTime) when = NULL;

      g_key_file_set_string (kf, layout_group, "monitors",
                             layout->signature != NULL ? layout->signature : "");
      if (layout->last_used > 0)
        when = g_date_time_new_from_unix_utc (layout->last_used / G_USEC_PER_SEC);
      if (when != NULL)
        {
          g_autoptr (GDateTime) exact =
            g_date_time_add (when, layout->last_used % G_USEC_PER_SEC);
          g_autofree char *text = g_date_time_format_iso8601 (exact);

          g_key_file_set_string (kf, layout_group, "last-used", text);
        }

      for (guint d = 0; d < QV_MAX_DISPLAYS; d++)
        {
          g_autofree char *display_group = NULL;

          if (!layout->displays[d].saved)
            continue;
          display_group = g_strdup_printf ("%s/" DISPLAY_PREFIX "%u", layout_group, d + 1);
          write_display (kf, display_group, &layout->displays[d]);
        }
    }
}

/* "vm:ESCAPED-KEY" of a group below a VM, or NULL. */
static char *
vm_part (const char *group)
{
  if (!g_str_has_prefix (group, VM_PREFIX))
    return NULL;
  return g_strndup (group, strcspn (group, "/"));
}

static char *
build_once (GKeyFile *disk, const char *key, const QvLayoutVm *vm, GHashTable *dropped,
            gsize *length)
{
  g_autoptr (GKeyFile) out = g_key_file_new ();
  g_auto (GStrv) groups = NULL;
  gboolean written = FALSE;

  g_key_file_set_integer (out, MAIN_GROUP, "version", FILE_VERSION);
  g_key_file_set_comment (out, NULL, NULL,
                          " quadview window layouts, one group per VM, layout and"
                          " display.\n See quadview(1). Comments are rewritten"
                          " on every save.", NULL);

  groups = disk != NULL ? g_key_file_get_groups (disk, NULL) : g_new0 (char *, 1);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto (GStrv) keys = NULL;
      g_autofree char *part = vm_part (groups[i]);

      if (strcmp (groups[i], MAIN_GROUP) == 0)
        continue;
      if (group_belongs_to (groups[i], key))
        {
          /* Keep the VM where it was in the file. */
          if (!written && vm != NULL)
            write_vm (out, vm);
          written = TRUE;
          continue;
        }
      if (part != NULL && g_hash_table_contains (dropped, part))
        continue;
      keys = g_key_file_get_keys (disk, groups[i], NULL, NULL);
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_value (disk, groups[i], keys[k], NULL);

          g_key_file_set_value (out, groups[i], keys[k], value);
        }
      if (g_str_has_prefix (groups[i], VM_PREFIX) && strchr (groups[i], '/') == NULL)
        {
          g_autofree char *name = g_key_file_get_string (disk, groups[i], "name", NULL);

          set_comment_for_vm (out, groups[i], name);
        }
    }
  if (!written && vm != NULL)
    write_vm (out, vm);
  return g_key_file_to_data (out, length, NULL);
}

typedef struct {
  char *part;
  gint64 last_used; /* the latest of its layouts', in µs; 0: never */
} VmUse;

static void
vm_use_free (gpointer data)
{
  VmUse *use = data;

  g_free (use->part);
  g_free (use);
}

static gint
compare_use (gconstpointer a, gconstpointer b)
{
  const VmUse *ua = *(VmUse *const *) a, *ub = *(VmUse *const *) b;

  return ua->last_used < ub->last_used ? -1 : ua->last_used > ub->last_used ? 1 : 0;
}

/* The other VMs of @disk, the least recently used first. */
static GPtrArray *
vms_by_use (GKeyFile *disk, const char *key)
{
  g_autoptr (GHashTable) uses = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *sorted = g_ptr_array_new_with_free_func (vm_use_free);
  g_auto (GStrv) groups = g_key_file_get_groups (disk, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *part = vm_part (groups[i]);
      g_autofree char *text = NULL;
      g_autoptr (GDateTime) when = NULL;
      VmUse *use;

      if (part == NULL || group_belongs_to (groups[i], key))
        continue;
      use = g_hash_table_lookup (uses, part);
      if (use == NULL)
        {
          use = g_new0 (VmUse, 1);
          use->part = g_steal_pointer (&part);
          g_hash_table_insert (uses, use->part, use);
          g_ptr_array_add (sorted, use);
        }
      text = g_key_file_get_string (disk, groups[i], "last-used", NULL);
      when = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
      if (when != NULL)
        use->last_used = MAX (use->last_used, g_date_time_to_unix (when) * G_USEC_PER_SEC +
                                                g_date_time_get_microsecond (when));
    }
  g_ptr_array_sort (sorted, compare_use);
  return sorted;
}

char *
qv_layout_file_build (GKeyFile *disk, const char *key, const QvLayoutVm *vm, gsize *length)
{
  g_autoptr (GHashTable) dropped = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) by_use = NULL;
  char *data = build_once (disk, key, vm, dropped, length);
  guint next = 0;

  if (*length <= QV_LAYOUT_FILE_PRUNE_SIZE || disk == NULL)
    return data;
  /* A server that changes its UUID on every connection makes a new VM
   * each time: rather than grow past what loading accepts, forget the VMs
   * used least recently, a quarter of those left at a time, down to half
   * the limit (so that the next saves do not prune again). */
  by_use = vms_by_use (disk, key);
  while (*length > QV_LAYOUT_FILE_PRUNE_SIZE / 2 && next < by_use->len)
    {
      guint batch = MAX (1, (by_use->len - next) / 4);

      for (guint i = 0; i < batch; i++, next++)
        g_hash_table_add (dropped, ((VmUse *) by_use->pdata[next])->part);
      g_free (data);
      data = build_once (disk, key, vm, dropped, length);
    }
  g_debug ("layouts: %u VMs used least recently forgotten, the file is %" G_GSIZE_FORMAT " bytes",
           next, *length);
  return data;
}
