/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The guest's heads arranged as their host windows stand, and folded
 * into a grid when the guest driver's framebuffer could not hold them
 * (qv-arrange-windows.h). */
#include "qv-arrange-windows.h"

#include "qv-sizing.h"

#include <stdlib.h>
#include <string.h>

static gboolean
overlaps (const QvMonitorConfig *a, const QvMonitorConfig *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height &&
         b->y < a->y + a->height;
}

/* Top to bottom, then left to right, by where the windows stand. */
static int
compare_standing (gconstpointer a, gconstpointer b, gpointer data)
{
  const QvArrangeHead *heads = data;
  const QvRect *ra = &heads[*(const guint *) a].window, *rb = &heads[*(const guint *) b].window;

  if (ra->y != rb->y)
    return ra->y < rb->y ? -1 : 1;
  if (ra->x != rb->x)
    return ra->x < rb->x ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* Places @head touching one of the @n_placed heads of @order in @out,
 * overlapping none, as near as it can to (@want_x, @want_y). */
static void
place_touching (QvMonitorConfig *out, const guint *order, guint n_placed, QvMonitorConfig *head,
                int want_x, int want_y)
{
  gint64 best_cost = G_MAXINT64;
  QvMonitorConfig best = *head;

  for (guint p = 0; p < n_placed; p++)
    {
      const QvMonitorConfig *by = &out[order[p]];
      /* Right, left, below, above; aligned at the edge's start or end. */
      const int candidates[8][2] = {
        { by->x + by->width, by->y },
        { by->x + by->width, by->y + by->height - head->height },
        { by->x - head->width, by->y },
        { by->x - head->width, by->y + by->height - head->height },
        { by->x, by->y + by->height },
        { by->x + by->width - head->width, by->y + by->height },
        { by->x, by->y - head->height },
        { by->x + by->width - head->width, by->y - head->height },
      };

      for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
        {
          QvMonitorConfig trial = *head;
          gint64 cost;
          gboolean free = TRUE;

          trial.x = candidates[c][0];
          trial.y = candidates[c][1];
          for (guint q = 0; q < n_placed && free; q++)
            free = !overlaps (&trial, &out[order[q]]);
          if (!free)
            continue;
          cost = (gint64) abs (trial.x - want_x) + abs (trial.y - want_y);
          if (cost < best_cost)
            {
              best_cost = cost;
              best = trial;
            }
        }
    }
  *head = best;
}

typedef struct {
  int x, y;
} Point;

static void
normalize (QvMonitorConfig *out, guint n)
{
  int min_x = G_MAXINT, min_y = G_MAXINT;

  for (guint i = 0; i < n; i++)
    if (out[i].on)
      {
        min_x = MIN (min_x, out[i].x);
        min_y = MIN (min_y, out[i].y);
      }
  for (guint i = 0; i < n; i++)
    if (out[i].on)
      {
        out[i].x -= min_x;
        out[i].y -= min_y;
      }
}

/* Places the heads of @order (in that order) at @want positions. */
static void
place_all (QvMonitorConfig *out, const guint *order, guint n_on, const Point *want)
{
  for (guint k = 0; k < n_on; k++)
    {
      QvMonitorConfig *head = &out[order[k]];

      if (k == 0)
        {
          head->x = want[0].x;
          head->y = want[0].y;
          continue;
        }
      place_touching (out, order, k, head, want[k].x, want[k].y);
    }
}

void
qv_arrange_windows (const QvArrangeHead *heads, guint n, QvMonitorConfig *out)
{
  g_autofree guint *order = g_new (guint, n);
  g_autofree Point *want = g_new (Point, n);
  guint n_on = 0;

  for (guint i = 0; i < n; i++)
    {
      out[i] = (QvMonitorConfig) { FALSE, 0, 0, 0, 0 };
      if (!heads[i].on)
        continue;
      out[i] = (QvMonitorConfig) { TRUE, 0, 0, heads[i].width, heads[i].height };
      order[n_on++] = i;
    }
  g_qsort_with_data (order, (gint) n_on, sizeof *order, compare_standing, (gpointer) heads);
  for (guint k = 0; k < n_on; k++)
    {
      want[k].x = heads[order[k]].window.x;
      want[k].y = heads[order[k]].window.y;
    }
  place_all (out, order, n_on, want);
  normalize (out, n);
}

void
qv_arrange_box (const QvMonitorConfig *heads, guint n, int *width, int *height)
{
  *width = *height = 0;
  for (guint i = 0; i < n; i++)
    if (heads[i].on)
      {
        *width = MAX (*width, heads[i].x + heads[i].width);
        *height = MAX (*height, heads[i].y + heads[i].height);
      }
}

/* Left to right, then top to bottom, by where the heads are now. */
static int
compare_reading (gconstpointer a, gconstpointer b, gpointer data)
{
  const QvMonitorConfig *heads = data;
  const QvMonitorConfig *ha = &heads[*(const guint *) a], *hb = &heads[*(const guint *) b];

  if (ha->y != hb->y)
    return ha->y < hb->y ? -1 : 1;
  if (ha->x != hb->x)
    return ha->x < hb->x ? -1 : 1;
  return 0;
}

gboolean
qv_arrange_fold (QvMonitorConfig *heads, guint n, gboolean *fits)
{
  g_autofree guint *order = g_new (guint, n);
  g_autofree QvMonitorConfig *best = NULL;
  g_autofree QvMonitorConfig *trial = g_new (QvMonitorConfig, n);
  g_autofree Point *want = g_new (Point, n);
  int best_side = G_MAXINT;
  gint64 best_area = G_MAXINT64;
  guint n_on = 0;
  int width, height;

  qv_arrange_box (heads, n, &width, &height);
  *fits = width <= QV_QXL_MAX_FB && height <= QV_QXL_MAX_FB;
  if (*fits)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (heads[i].on)
      order[n_on++] = i;
  g_qsort_with_data (order, (gint) n_on, sizeof *order, compare_reading, heads);
  /* Every number of columns: of the boxes that fit, the smallest (the
   * framebuffer the guest needs), then the squarest (a row of four
   * becomes 2x2 rather than a column). */
  for (guint columns = 1; columns <= n_on; columns++)
    {
      int cell_w = 0, cell_h = 0, box_w, box_h;

      for (guint k = 0; k < n_on; k++)
        {
          cell_w = MAX (cell_w, heads[order[k]].width);
          cell_h = MAX (cell_h, heads[order[k]].height);
        }
      memcpy (trial, heads, n * sizeof *trial);
      for (guint k = 0; k < n_on; k++)
        {
          want[k].x = (int) (k % columns) * cell_w;
          want[k].y = (int) (k / columns) * cell_h;
        }
      place_all (trial, order, n_on, want);
      normalize (trial, n);
      qv_arrange_box (trial, n, &box_w, &box_h);
      if (box_w > QV_QXL_MAX_FB || box_h > QV_QXL_MAX_FB)
        continue;
      if ((gint64) box_w * box_h < best_area ||
          ((gint64) box_w * box_h == best_area && MAX (box_w, box_h) < best_side))
        {
          best_side = MAX (box_w, box_h);
          best_area = (gint64) box_w * box_h;
          g_free (best);
          best = g_memdup2 (trial, n * sizeof *trial);
        }
    }
  if (best == NULL)
    return FALSE;
  memcpy (heads, best, n * sizeof *heads);
  *fits = TRUE;
  return TRUE;
}
