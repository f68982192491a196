/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest heads as a monitors config: a server's report made a config, and
 * the rearrangement that keeps heads where they were as far as a change
 * allows. */
#include "qv-arrange.h"

#include "qv-sizing.h"

#include <string.h>

void
qv_monitor_config_arrange (QvMonitorConfig *heads, guint n)
{
  int x = 0;

  for (guint i = 0; i < n; i++)
    {
      heads[i].y = 0;
      heads[i].x = heads[i].on ? x : 0;
      if (heads[i].on)
        x += heads[i].width;
    }
}

static gboolean
overlap_1d (int a, int a_len, int b, int b_len)
{
  return a < b + b_len && b < a + a_len;
}

static gboolean
any_overlap (const QvMonitorConfig *heads, guint n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (heads[i].on && heads[j].on &&
          overlap_1d (heads[i].x, heads[i].width, heads[j].x, heads[j].width) &&
          overlap_1d (heads[i].y, heads[i].height, heads[j].y, heads[j].height))
        return TRUE;
  return FALSE;
}

/* Head @i's width becomes @width: the heads right of it in its row move. */
static void
set_width (QvMonitorConfig *heads, guint n, guint i, int width)
{
  int edge = heads[i].x + heads[i].width;
  int delta = width - heads[i].width;

  for (guint j = 0; j < n; j++)
    if (j != i && heads[j].on && heads[j].x >= edge &&
        overlap_1d (heads[j].y, heads[j].height, heads[i].y, heads[i].height))
      heads[j].x += delta;
  heads[i].width = width;
}

/* Head @i's height becomes @height: the heads below it in its column move. */
static void
set_height (QvMonitorConfig *heads, guint n, guint i, int height)
{
  int edge = heads[i].y + heads[i].height;
  int delta = height - heads[i].height;

  for (guint j = 0; j < n; j++)
    if (j != i && heads[j].on && heads[j].y >= edge &&
        overlap_1d (heads[j].x, heads[j].width, heads[i].x, heads[i].width))
      heads[j].y += delta;
  heads[i].height = height;
}

void
qv_monitor_config_rearrange (const QvMonitorConfig *current, const QvMonitorConfig *wanted,
                             QvMonitorConfig *out, guint n)
{
  gboolean any_on = FALSE;
  int min_x = G_MAXINT, min_y = G_MAXINT;

  for (guint i = 0; i < n; i++)
    any_on |= current[i].on && current[i].width > 0 && current[i].height > 0;
  if (!any_on || any_overlap (current, n))
    goto side_by_side;

  memcpy (out, current, n * sizeof *out);
  for (guint i = 0; i < n; i++)
    if (!out[i].on || out[i].width <= 0 || out[i].height <= 0)
      out[i] = (QvMonitorConfig) { FALSE, 0, 0, 0, 0 };
  /* Off first: the gap closes before other heads grow into it. */
  for (guint i = 0; i < n; i++)
    if (out[i].on && !wanted[i].on)
      {
        set_width (out, n, i, 0);
        out[i] = (QvMonitorConfig) { FALSE, 0, 0, 0, 0 };
      }
  for (guint i = 0; i < n; i++)
    if (out[i].on && wanted[i].on)
      {
        set_width (out, n, i, wanted[i].width);
        set_height (out, n, i, wanted[i].height);
      }
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
  /* Switched on: back in display order, right of the nearest head before
   * it (the first at 0,0), the heads after it in that row moved along. */
  for (guint i = 0; i < n; i++)
    if (!out[i].on && wanted[i].on)
      {
        QvMonitorConfig head = { TRUE, 0, 0, wanted[i].width, wanted[i].height };

        for (guint j = i; j-- > 0;)
          if (out[j].on)
            {
              head.x = out[j].x + out[j].width;
              head.y = out[j].y;
              break;
            }
        for (guint k = 0; k < n; k++)
          if (out[k].on && out[k].x >= head.x &&
              overlap_1d (out[k].y, out[k].height, head.y, head.height))
            out[k].x += head.width;
        out[i] = head;
      }
  if (!any_overlap (out, n))
    return;

side_by_side:
  memcpy (out, wanted, n * sizeof *out);
  qv_monitor_config_arrange (out, n);
}

gboolean
qv_monitor_config_same_sizes (const QvMonitorConfig *a, const QvMonitorConfig *b, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      if (a[i].on != b[i].on)
        return FALSE;
      if (a[i].on && (a[i].width != b[i].width || a[i].height != b[i].height))
        return FALSE;
    }
  return TRUE;
}

gboolean
qv_head_size_clamp (int *width, int *height)
{
  int w = CLAMP (*width, 1, QV_QXL_MAX_FB);
  int h = CLAMP (*height, 1, QV_QXL_MAX_FB);
  gboolean changed = w != *width || h != *height;

  *width = w;
  *height = h;
  return changed;
}

gboolean
qv_size_fit (int *width, int *height, int max_width, int max_height)
{
  gboolean changed = FALSE;

  if (max_width > 0 && *width > max_width)
    {
      *width = max_width;
      changed = TRUE;
    }
  if (max_height > 0 && *height > max_height)
    {
      *height = max_height;
      changed = TRUE;
    }
  return changed;
}

char *
qv_monitor_config_describe (const QvMonitorConfig *heads, guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      if (heads[i].on)
        g_string_append_printf (text, "%u=%dx%d+%d+%d", i + 1, heads[i].width, heads[i].height,
                                heads[i].x, heads[i].y);
      else
        g_string_append_printf (text, "%u=off", i + 1);
    }
  return g_string_free (text, FALSE);
}

gboolean
qv_monitor_config_from_report (guint x, guint y, guint width, guint height, QvMonitorConfig *out)
{
  const guint reach = QV_QXL_MAX_FB * QV_MAX_DISPLAYS;

  if (width == 0 || height == 0 || width > QV_QXL_MAX_FB || height > QV_QXL_MAX_FB || x > reach ||
      y > reach)
    return FALSE;
  *out = (QvMonitorConfig) { TRUE, (int) x, (int) y, (int) width, (int) height };
  return TRUE;
}
