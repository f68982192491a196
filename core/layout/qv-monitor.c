/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host's monitors as plain data: the set, its signature in layouts,
 * and which monitor a rectangle is on. */
#include "qv-monitor.h"

#include <string.h>

struct _QvMonitorSet {
  GArray *monitors; /* QvMonitor, strings owned */
};

static void
monitor_clear (gpointer data)
{
  QvMonitor *monitor = data;

  g_clear_pointer (&monitor->name, g_free);
  g_clear_pointer (&monitor->model, g_free);
}

QvMonitorSet *
qv_monitor_set_new (void)
{
  QvMonitorSet *set = g_new0 (QvMonitorSet, 1);

  set->monitors = g_array_new (FALSE, TRUE, sizeof (QvMonitor));
  g_array_set_clear_func (set->monitors, monitor_clear);
  return set;
}

void
qv_monitor_set_free (QvMonitorSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->monitors);
  g_free (set);
}

static gboolean
usable (const QvMonitor *monitor)
{
  return monitor->geometry.width > 0 && monitor->geometry.height > 0;
}

static char *
dup_nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

void
qv_monitor_set_add (QvMonitorSet *set,
                    const char *name,
                    const char *model,
                    const QvRect *geometry,
                    gboolean primary)
{
  QvMonitor monitor = { 0 };

  g_return_if_fail (set != NULL);
  g_return_if_fail (geometry != NULL);

  monitor.name = dup_nonempty (name);
  monitor.model = dup_nonempty (model);
  monitor.geometry = *geometry;
  monitor.primary = primary;
  g_array_append_val (set->monitors, monitor);
}

guint
qv_monitor_set_get_n_monitors (const QvMonitorSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->monitors->len;
}

const QvMonitor *
qv_monitor_set_get (const QvMonitorSet *set, guint index)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (index < set->monitors->len, NULL);
  return &g_array_index (set->monitors, QvMonitor, index);
}

int
qv_monitor_set_get_primary (const QvMonitorSet *set)
{
  g_return_val_if_fail (set != NULL, -1);
  for (guint i = 0; i < set->monitors->len; i++)
    {
      const QvMonitor *m = &g_array_index (set->monitors, QvMonitor, i);

      if (m->primary && usable (m))
        return (int) i;
    }
  return -1;
}

int
qv_monitor_set_get_first_usable (const QvMonitorSet *set)
{
  g_return_val_if_fail (set != NULL, -1);
  for (guint i = 0; i < set->monitors->len; i++)
    if (usable (&g_array_index (set->monitors, QvMonitor, i)))
      return (int) i;
  return -1;
}

/* Position order (top to bottom, left to right) makes the signature and
 * the readable name independent of GDK's enumeration order. */
static int
compare_by_position (gconstpointer a, gconstpointer b)
{
  const QvMonitor *ma = *(const QvMonitor * const *) a;
  const QvMonitor *mb = *(const QvMonitor * const *) b;

  if (ma->geometry.y != mb->geometry.y)
    return ma->geometry.y < mb->geometry.y ? -1 : 1;
  if (ma->geometry.x != mb->geometry.x)
    return ma->geometry.x < mb->geometry.x ? -1 : 1;
  if (ma->geometry.width != mb->geometry.width)
    return ma->geometry.width < mb->geometry.width ? -1 : 1;
  if (ma->geometry.height != mb->geometry.height)
    return ma->geometry.height < mb->geometry.height ? -1 : 1;
  return g_strcmp0 (ma->name, mb->name);
}

static GPtrArray *
sorted_monitors (const QvMonitorSet *set)
{
  GPtrArray *sorted = g_ptr_array_sized_new (set->monitors->len);

  for (guint i = 0; i < set->monitors->len; i++)
    if (usable (&g_array_index (set->monitors, QvMonitor, i)))
      g_ptr_array_add (sorted, &g_array_index (set->monitors, QvMonitor, i));
  g_ptr_array_sort (sorted, compare_by_position);
  return sorted;
}

static void
append_geometry (GString *out, const QvRect *r)
{
  g_string_append_printf (out, "%dx%d@%d,%d", r->width, r->height, r->x, r->y);
}

char *
qv_monitor_set_signature (const QvMonitorSet *set)
{
  g_autoptr (GPtrArray) sorted = NULL;
  GString *out;

  g_return_val_if_fail (set != NULL, NULL);

  sorted = sorted_monitors (set);
  out = g_string_new (NULL);
  for (guint i = 0; i < sorted->len; i++)
    {
      const QvMonitor *m = g_ptr_array_index (sorted, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s:", m->name != NULL ? m->name : "?");
      append_geometry (out, &m->geometry);
    }
  return g_string_free (out, FALSE);
}

char *
qv_monitor_set_readable_name (const QvMonitorSet *set)
{
  g_autoptr (GPtrArray) sorted = NULL;
  GString *out;

  g_return_val_if_fail (set != NULL, NULL);

  sorted = sorted_monitors (set);
  if (sorted->len == 0)
    return g_strdup ("no-monitors");
  out = g_string_new (NULL);
  for (guint i = 0; i < sorted->len; i++)
    {
      const QvMonitor *m = g_ptr_array_index (sorted, i);

      if (i > 0)
        g_string_append_c (out, '+');
      if (m->name != NULL)
        g_string_append (out, m->name);
      else
        append_geometry (out, &m->geometry);
    }
  return g_string_free (out, FALSE);
}

static gboolean
rect_equal (const QvRect *a, const QvRect *b)
{
  return a->x == b->x && a->y == b->y
         && a->width == b->width && a->height == b->height;
}

/* Usable monitors of @set called @name. */
static guint
count_named (const QvMonitorSet *set, const char *name)
{
  guint n = 0;

  for (guint i = 0; i < set->monitors->len; i++)
    {
      const QvMonitor *m = &g_array_index (set->monitors, QvMonitor, i);

      if (usable (m) && g_strcmp0 (m->name, name) == 0)
        n++;
    }
  return n;
}

int
qv_monitor_set_match (const QvMonitorSet *set,
                      const char *name,
                      const QvRect *geometry)
{
  gboolean have_name = name != NULL && *name != '\0';
  gboolean have_geometry = geometry != NULL && geometry->width > 0
                           && geometry->height > 0;
  gboolean unique_name;

  g_return_val_if_fail (set != NULL, -1);
  /* Compositors may give every monitor the same name (mutter's virtual
   * monitors are all "MetaVirtualMonitor"): a name alone then says
   * nothing. */
  unique_name = have_name && count_named (set, name) == 1;

  /* Three passes, strongest identity first. */
  for (int pass = 0; pass < 3; pass++)
    {
      if ((pass == 0 && !(have_name && have_geometry))
          || (pass == 1 && !unique_name)
          || (pass == 2 && !have_geometry))
        continue;
      for (guint i = 0; i < set->monitors->len; i++)
        {
          const QvMonitor *m = &g_array_index (set->monitors, QvMonitor, i);
          gboolean same_name;
          gboolean same_geometry;

          if (!usable (m))
            continue;
          same_name = have_name && g_strcmp0 (m->name, name) == 0;
          same_geometry = have_geometry && rect_equal (&m->geometry, geometry);

          if ((pass == 0 && same_name && same_geometry)
              || (pass == 1 && same_name)
              || (pass == 2 && same_geometry))
            return (int) i;
        }
    }
  return -1;
}

gint64
qv_rect_intersection_area (const QvRect *a, const QvRect *b)
{
  gint64 x1 = MAX ((gint64) a->x, (gint64) b->x);
  gint64 y1 = MAX ((gint64) a->y, (gint64) b->y);
  gint64 x2 = MIN ((gint64) a->x + a->width, (gint64) b->x + b->width);
  gint64 y2 = MIN ((gint64) a->y + a->height, (gint64) b->y + b->height);

  if (x2 <= x1 || y2 <= y1)
    return 0;
  return (x2 - x1) * (y2 - y1);
}

int
qv_monitor_set_find_for_rect (const QvMonitorSet *set, const QvRect *rect)
{
  gint64 best_area = 0;
  int best = -1;

  g_return_val_if_fail (set != NULL, -1);
  g_return_val_if_fail (rect != NULL, -1);

  for (guint i = 0; i < set->monitors->len; i++)
    {
      const QvMonitor *m = &g_array_index (set->monitors, QvMonitor, i);
      gint64 area = qv_rect_intersection_area (&m->geometry, rect);

      if (area > best_area)
        {
          best_area = area;
          best = (int) i;
        }
    }
  return best;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 va = *(const gint64 *) a;
  gint64 vb = *(const gint64 *) b;

  return va < vb ? -1 : va > vb;
}

/* The edges of @rect and of every monitor inside it, sorted: they cut
 * @rect into cells that are each either wholly on a monitor or wholly
 * off every monitor. */
static GArray *
cut_points (const QvMonitorSet *set, gint64 lo, gint64 hi, gboolean vertical)
{
  GArray *cuts = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_val (cuts, lo);
  g_array_append_val (cuts, hi);
  for (guint i = 0; i < set->monitors->len; i++)
    {
      const QvRect *g = &g_array_index (set->monitors, QvMonitor, i).geometry;
      gint64 start = vertical ? g->y : g->x;
      gint64 end = start + (vertical ? g->height : g->width);

      if (start > lo && start < hi)
        g_array_append_val (cuts, start);
      if (end > lo && end < hi)
        g_array_append_val (cuts, end);
    }
  g_array_sort (cuts, compare_gint64);
  return cuts;
}

gboolean
qv_monitor_set_covers (const QvMonitorSet *set, const QvRect *rect)
{
  g_autoptr (GArray) xs = NULL;
  g_autoptr (GArray) ys = NULL;

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (rect->width < 1 || rect->height < 1)
    return FALSE;

  xs = cut_points (set, rect->x, (gint64) rect->x + rect->width, FALSE);
  ys = cut_points (set, rect->y, (gint64) rect->y + rect->height, TRUE);
  for (guint i = 0; i + 1 < xs->len; i++)
    for (guint j = 0; j + 1 < ys->len; j++)
      {
        gint64 x1 = g_array_index (xs, gint64, i);
        gint64 x2 = g_array_index (xs, gint64, i + 1);
        gint64 y1 = g_array_index (ys, gint64, j);
        gint64 y2 = g_array_index (ys, gint64, j + 1);
        gboolean covered = FALSE;

        if (x1 == x2 || y1 == y2)
          continue;
        for (guint k = 0; k < set->monitors->len && !covered; k++)
          {
            const QvRect *g = &g_array_index (set->monitors, QvMonitor, k).geometry;

            covered = g->x <= x1 && x2 <= (gint64) g->x + g->width
                      && g->y <= y1 && y2 <= (gint64) g->y + g->height;
          }
        if (!covered)
          return FALSE;
      }
  return TRUE;
}
