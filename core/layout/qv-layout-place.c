/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Restoring a saved window on the monitors present now: find its monitor,
 * follow it if it moved, and bring the window fully on screen when it
 * would not be. Integer arithmetic only, in 64 bits so that no saved value
 * can overflow. */

#include "qv-layout.h"

/* Decorations wider than this are nonsense; the cap keeps sums small. */
#define MAX_EXTENT 4096

static gint64
clamp_extent (int value)
{
  return CLAMP (value, 0, MAX_EXTENT);
}

static int
clamp_to_int (gint64 value)
{
  return (int) CLAMP (value, (gint64) G_MININT, (gint64) G_MAXINT);
}

static gboolean
rect_equal (const QvRect *a, const QvRect *b)
{
  return a->x == b->x && a->y == b->y
         && a->width == b->width && a->height == b->height;
}

/* Fit one axis of a frame that starts at @pos with content @size plus
 * @extra decorations into [@lo, @lo + @span): shrink the content if the
 * frame is longer than the span (never below 1), then push it inside. */
static void
fit_axis (gint64 *pos, gint64 *size, gint64 extra, gint64 lo, gint64 span)
{
  gint64 hi;

  if (*size + extra > span)
    *size = MAX (span - extra, 1);
  hi = lo + span - (*size + extra);
  if (*pos > hi)
    *pos = hi;
  if (*pos < lo)
    *pos = lo;
}

gboolean
qv_layout_place_display (const QvDisplayState *state,
                         const QvMonitorSet *monitors,
                         const QvFrameExtents *frame,
                         QvPlacement *placement)
{
  gint64 left = 0, right = 0, top = 0, bottom = 0;
  gint64 x, y, width, height;
  gboolean know_monitor;
  const QvRect *saved_monitor = &state->monitor_geometry;
  QvRect frame_rect;
  int matched;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (monitors != NULL, FALSE);
  g_return_val_if_fail (placement != NULL, FALSE);

  *placement = (QvPlacement) {
    .window = state->window,
    .monitor = -1,
    .fullscreen = state->fullscreen,
    .maximized = state->maximized,
  };
  if (!state->saved || qv_monitor_set_get_first_usable (monitors) < 0)
    return FALSE;

  if (frame != NULL)
    {
      left = clamp_extent (frame->left);
      right = clamp_extent (frame->right);
      top = clamp_extent (frame->top);
      bottom = clamp_extent (frame->bottom);
    }
  x = state->window.x;
  y = state->window.y;
  width = MAX (state->window.width, 1);
  height = MAX (state->window.height, 1);

  know_monitor = saved_monitor->width > 0 && saved_monitor->height > 0;
  matched = qv_monitor_set_match (monitors, state->monitor,
                                  know_monitor ? saved_monitor : NULL);
  if (matched >= 0 && know_monitor)
    {
      /* Follow the monitor if it moved in the screen space. */
      const QvRect *now = &qv_monitor_set_get (monitors, (guint) matched)->geometry;

      x += (gint64) now->x - saved_monitor->x;
      y += (gint64) now->y - saved_monitor->y;
    }

  frame_rect = (QvRect) {
    clamp_to_int (x), clamp_to_int (y),
    clamp_to_int (width + left + right), clamp_to_int (height + top + bottom),
  };
  if (frame_rect.x == x && frame_rect.y == y
      && qv_monitor_set_covers (monitors, &frame_rect))
    {
      placement->monitor = matched >= 0 ? matched
                           : qv_monitor_set_find_for_rect (monitors, &frame_rect);
    }
  else
    {
      int target = matched;
      const QvRect *to;

      if (target < 0)
        target = qv_monitor_set_get_primary (monitors);
      if (target < 0)
        target = qv_monitor_set_get_first_usable (monitors);
      to = &qv_monitor_set_get (monitors, (guint) target)->geometry;

      /* From a vanished monitor: same offset from the new one's origin. */
      if (matched < 0 && know_monitor)
        {
          x += (gint64) to->x - saved_monitor->x;
          y += (gint64) to->y - saved_monitor->y;
        }
      fit_axis (&x, &width, left + right, to->x, to->width);
      fit_axis (&y, &height, top + bottom, to->y, to->height);
      placement->monitor = target;
    }

  placement->window = (QvRect) {
    clamp_to_int (x), clamp_to_int (y),
    clamp_to_int (width), clamp_to_int (height),
  };
  placement->moved = !rect_equal (&placement->window, &state->window);
  return TRUE;
}

gboolean
qv_display_state_follow_monitor (QvDisplayState *state,
                                 const QvMonitorSet *monitors,
                                 int last_seen,
                                 int now)
{
  const QvMonitor *to;
  const QvRect *from = &state->monitor_geometry;
  gint64 dx = 0, dy = 0;

  g_return_val_if_fail (state != NULL && monitors != NULL, FALSE);

  if (now < 0 || (guint) now >= qv_monitor_set_get_n_monitors (monitors))
    return FALSE;
  if (state->monitor_geometry.width > 0 && (last_seen < 0 || last_seen == now))
    return FALSE;
  to = qv_monitor_set_get (monitors, (guint) now);
  if (from->width > 0)
    {
      dx = (gint64) state->window.x - from->x;
      dy = (gint64) state->window.y - from->y;
    }
  state->window.x = clamp_to_int (to->geometry.x + CLAMP (dx, 0, (gint64) to->geometry.width - 1));
  state->window.y = clamp_to_int (to->geometry.y + CLAMP (dy, 0, (gint64) to->geometry.height - 1));
  qv_display_state_set_monitor (state, to);
  return TRUE;
}
