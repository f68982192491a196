/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A window's normal geometry (the one a layout saves), followed through
 * maximize and fullscreen as the window system reports them. */
#include "qv-normal-geometry.h"

void
qv_normal_geometry_init (QvNormalGeometry *g, const QvRect *requested, gboolean has_position)
{
  *g = (QvNormalGeometry) { .current = *requested, .has_position = has_position };
}

void
qv_normal_geometry_report (QvNormalGeometry *g, const QvRect *rect, gboolean has_position)
{
  QvRect next = *rect;

  /* Where the position is not known the requested one stays. */
  if (!has_position)
    {
      next.x = g->current.x;
      next.y = g->current.y;
    }
  /* Repeated reports must not push the real previous value out. */
  if (next.x == g->current.x && next.y == g->current.y && next.width == g->current.width
      && next.height == g->current.height && (has_position || !g->has_position))
    return;
  g->previous = g->current;
  g->previous_has_position = g->has_position;
  g->has_previous = TRUE;
  g->current = next;
  g->has_position = has_position || g->has_position;
}

void
qv_normal_geometry_leave_normal (QvNormalGeometry *g, int width, int height)
{
  if (!g->has_previous || g->current.width != width || g->current.height != height)
    return;
  g->current = g->previous;
  g->has_position = g->previous_has_position;
  g->has_previous = FALSE;
}

gboolean
qv_normal_geometry_get (const QvNormalGeometry *g, QvRect *rect)
{
  *rect = g->current;
  rect->width = MAX (rect->width, 1);
  rect->height = MAX (rect->height, 1);
  return g->has_position;
}
