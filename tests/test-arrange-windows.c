/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The guest's heads arranged as their windows stand on the host, and the
 * fold past the driver's 8192 px, in tables: rows, columns, grids,
 * L-shapes, overlapping windows, fullscreen on two monitors, heads off. */
#include "qv-arrange-windows.h"
#include "qv-sizing.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  const char *name;
  /* "WxH@X,Y": the guest size asked for, where the window stands; NULL: off */
  const char *heads[QV_MAX_DISPLAYS];
  const char *want; /* qv_monitor_config_describe */
} ArrangeCase;

static const ArrangeCase arrange_cases[] = {
  { "row-in-display-order",
    { "1024x768@0,0", "1024x768@1040,0", "1024x768@2080,0", "1024x768@3120,0" },
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+2048+0 4=1024x768+3072+0" },
  /* The case: windows left to right as displays 3, 1, 2, 4. */
  { "row-3-1-2-4",
    { "900x650@960,40", "900x650@1880,40", "900x650@40,40", "900x650@2800,40" },
    "1=900x650+900+0 2=900x650+1800+0 3=900x650+0+0 4=900x650+2700+0" },
  { "column",
    { "800x600@100,0", "800x600@100,650", "800x600@100,1300", NULL },
    "1=800x600+0+0 2=800x600+0+600 3=800x600+0+1200 4=off" },
  { "grid-2x2",
    { "1024x768@0,0", "1024x768@1040,0", "1024x768@0,820", "1024x768@1040,820" },
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+0+768 4=1024x768+1024+768" },
  { "grid-2x2-listed-otherwise",
    { "1024x768@1040,820", "1024x768@0,820", "1024x768@1040,0", "1024x768@0,0" },
    "1=1024x768+1024+768 2=1024x768+0+768 3=1024x768+1024+0 4=1024x768+0+0" },
  /* Two on top, one under the right one. */
  { "l-shape-under-the-right",
    { "1024x768@0,0", "1024x768@1040,0", "1024x768@1040,820", NULL },
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+1024+768 4=off" },
  /* A tall one left, two stacked right of it. */
  { "tall-left-two-right",
    { "800x1200@0,0", "1024x600@820,0", "1024x600@820,620", NULL },
    "1=800x1200+0+0 2=1024x600+800+0 3=1024x600+800+600 4=off" },
  /* Windows that overlap on the host still get heads that do not. */
  { "overlapping-windows",
    { "1024x768@0,0", "1024x768@500,100", NULL, NULL },
    "1=1024x768+0+0 2=1024x768+1024+0 3=off 4=off" },
  /* Fullscreen on two monitors side by side: the monitors count. */
  { "fullscreen-two-monitors",
    { "1920x1200@1920,0", "1920x1200@0,0", NULL, NULL },
    "1=1920x1200+1920+0 2=1920x1200+0+0 3=off 4=off" },
  /* A head off closes its gap. */
  { "middle-off",
    { "1024x768@0,0", NULL, "1024x768@2080,0", NULL },
    "1=1024x768+0+0 2=off 3=1024x768+1024+0 4=off" },
  /* Different heights side by side: the lower window, the lower head. */
  { "row-of-different-heights",
    { "1024x768@0,300", "1280x1024@1040,0", NULL, NULL },
    "1=1024x768+0+256 2=1280x1024+1024+0 3=off 4=off" },
  { "one-head", { "1920x1080@500,500", NULL, NULL, NULL }, "1=1920x1080+0+0 2=off 3=off 4=off" },
  { "none", { NULL, NULL, NULL, NULL }, "1=off 2=off 3=off 4=off" },
  /* Windows left of the first one placed: the result still starts at 0,0. */
  { "to-the-left",
    { "1024x768@2000,0", "1024x768@900,10", NULL, NULL },
    "1=1024x768+1024+0 2=1024x768+0+0 3=off 4=off" },
};

static void
parse (const char *text, QvArrangeHead *head)
{
  *head = (QvArrangeHead) { 0 };
  if (text == NULL)
    return;
  g_assert_cmpint (sscanf (text, "%dx%d@%d,%d", &head->width, &head->height, &head->window.x,
                           &head->window.y), ==, 4);
  head->on = TRUE;
  head->window.width = head->width;
  head->window.height = head->height + 25;
}

static gboolean
any_overlap (const QvMonitorConfig *out)
{
  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    for (guint j = i + 1; j < QV_MAX_DISPLAYS; j++)
      if (out[i].on && out[j].on && out[i].x < out[j].x + out[j].width &&
          out[j].x < out[i].x + out[i].width && out[i].y < out[j].y + out[j].height &&
          out[j].y < out[i].y + out[i].height)
        return TRUE;
  return FALSE;
}

static void
test_arrange (gconstpointer data)
{
  const ArrangeCase *c = data;
  QvArrangeHead heads[QV_MAX_DISPLAYS];
  QvMonitorConfig out[QV_MAX_DISPLAYS];
  g_autofree char *got = NULL;

  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    parse (c->heads[i], &heads[i]);
  qv_arrange_windows (heads, QV_MAX_DISPLAYS, out);
  got = qv_monitor_config_describe (out, QV_MAX_DISPLAYS);
  g_assert_cmpstr (got, ==, c->want);
  g_assert_false (any_overlap (out));
}

/* A move that keeps the order gives the same arrangement: nothing sent. */
static void
test_small_move (void)
{
  QvArrangeHead heads[QV_MAX_DISPLAYS];
  QvMonitorConfig before[QV_MAX_DISPLAYS], after[QV_MAX_DISPLAYS];

  parse ("1024x768@0,0", &heads[0]);
  parse ("1024x768@1040,0", &heads[1]);
  parse ("1024x768@0,820", &heads[2]);
  parse (NULL, &heads[3]);
  qv_arrange_windows (heads, QV_MAX_DISPLAYS, before);
  heads[1].window.x += 37;
  heads[1].window.y += 21;
  heads[2].window.x -= 15;
  qv_arrange_windows (heads, QV_MAX_DISPLAYS, after);
  g_assert_cmpmem (before, sizeof before, after, sizeof after);
}

typedef struct {
  const char *name;
  const char *heads; /* qv_monitor_config_describe form */
  gboolean folded, fits;
  const char *want;
} FoldCase;

static const FoldCase fold_cases[] = {
  { "fits-as-is", "1=2560x1440+0+0 2=2560x1440+2560+0 3=2560x1440+5120+0 4=off", FALSE, TRUE,
    "1=2560x1440+0+0 2=2560x1440+2560+0 3=2560x1440+5120+0 4=off" },
  { "row-of-four-1440p",
    "1=2560x1440+0+0 2=2560x1440+2560+0 3=2560x1440+5120+0 4=2560x1440+7680+0", TRUE, TRUE,
    "1=2560x1440+0+0 2=2560x1440+2560+0 3=2560x1440+0+1440 4=2560x1440+2560+1440" },
  { "row-of-four-4k",
    "1=3840x2160+0+0 2=3840x2160+3840+0 3=3840x2160+7680+0 4=3840x2160+11520+0", TRUE, TRUE,
    "1=3840x2160+0+0 2=3840x2160+3840+0 3=3840x2160+0+2160 4=3840x2160+3840+2160" },
  { "column-of-four-4k",
    "1=3840x2160+0+0 2=3840x2160+0+2160 3=3840x2160+0+4320 4=3840x2160+0+6480", TRUE, TRUE,
    "1=3840x2160+0+0 2=3840x2160+3840+0 3=3840x2160+0+2160 4=3840x2160+3840+2160" },
  /* A column is the smallest box here (3840x6480 against 7680x4320). */
  { "three-4k-in-a-row", "1=3840x2160+0+0 2=3840x2160+3840+0 3=3840x2160+7680+0 4=off", TRUE,
    TRUE, "1=3840x2160+0+0 2=3840x2160+0+2160 3=3840x2160+0+4320 4=off" },
  { "nothing-fits", "1=8192x8192+0+0 2=8192x8192+8192+0 3=off 4=off", FALSE, FALSE,
    "1=8192x8192+0+0 2=8192x8192+8192+0 3=off 4=off" },
};

static void
parse_config (const char *text, QvMonitorConfig *out)
{
  g_auto (GStrv) parts = g_strsplit (text, " ", -1);

  for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      const char *value = strchr (parts[i], '=') + 1;

      out[i] = (QvMonitorConfig) { FALSE, 0, 0, 0, 0 };
      if (strcmp (value, "off") != 0)
        {
          g_assert_cmpint (sscanf (value, "%dx%d+%d+%d", &out[i].width, &out[i].height, &out[i].x,
                                   &out[i].y), ==, 4);
          out[i].on = TRUE;
        }
    }
}

static void
test_fold (gconstpointer data)
{
  const FoldCase *c = data;
  QvMonitorConfig heads[QV_MAX_DISPLAYS];
  gboolean fits = !c->fits;
  g_autofree char *got = NULL;

  parse_config (c->heads, heads);
  g_assert_cmpint (qv_arrange_fold (heads, QV_MAX_DISPLAYS, &fits), ==, c->folded);
  g_assert_cmpint (fits, ==, c->fits);
  got = qv_monitor_config_describe (heads, QV_MAX_DISPLAYS);
  g_assert_cmpstr (got, ==, c->want);
  g_assert_false (any_overlap (heads));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (arrange_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arrange-windows/%s", arrange_cases[i].name);

      g_test_add_data_func (path, &arrange_cases[i], test_arrange);
    }
  g_test_add_func ("/arrange-windows/small-move-same-arrangement", test_small_move);
  for (guint i = 0; i < G_N_ELEMENTS (fold_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arrange-windows/fold/%s", fold_cases[i].name);

      g_test_add_data_func (path, &fold_cases[i], test_fold);
    }
  return g_test_run ();
}
