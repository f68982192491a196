#include "qv-arrange.h"

#include "qv-sizing.h"

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
