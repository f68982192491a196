/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Monitors configs: arrangement, comparison, size limits. */
#include "qv-arrange.h"
#include "qv-sizing.h"

#define N 4
#define OFF { FALSE, 0, 0, 0, 0 }
#define ON(w, h) { TRUE, -1, -1, w, h }

typedef struct
{
  const char *name;
  QvMonitorConfig heads[N];
  const char *want; /* qv_monitor_config_describe() after qv_monitor_config_arrange() */
} ArrangeCase;

static const ArrangeCase arrange_cases[] = {
  { "four", { ON (1024, 768), ON (800, 600), ON (1920, 1080), ON (640, 480) },
    "1=1024x768+0+0 2=800x600+1024+0 3=1920x1080+1824+0 4=640x480+3744+0" },
  { "one", { ON (1920, 1200), OFF, OFF, OFF }, "1=1920x1200+0+0 2=off 3=off 4=off" },
  /* A head switched off leaves no gap: guests refuse detached monitors. */
  { "gap", { ON (1024, 768), OFF, ON (1024, 768), OFF },
    "1=1024x768+0+0 2=off 3=1024x768+1024+0 4=off" },
  { "first-off", { OFF, ON (800, 600), ON (800, 600), ON (800, 600) },
    "1=off 2=800x600+0+0 3=800x600+800+0 4=800x600+1600+0" },
  { "none", { OFF, OFF, OFF, OFF }, "1=off 2=off 3=off 4=off" },
};

static void
test_arrange (gconstpointer data)
{
  const ArrangeCase *c = data;
  QvMonitorConfig heads[N];
  g_autofree char *got = NULL;

  memcpy (heads, c->heads, sizeof heads);
  qv_monitor_config_arrange (heads, N);
  got = qv_monitor_config_describe (heads, N);
  g_assert_cmpstr (got, ==, c->want);
}

typedef struct
{
  const char *name;
  QvMonitorConfig a[N], b[N];
  gboolean same;
} SameCase;

static const SameCase same_cases[] = {
  { "equal", { ON (1024, 768), ON (800, 600), OFF, OFF }, { ON (1024, 768), ON (800, 600), OFF, OFF }, TRUE },
  /* Positions do not count. */
  { "moved", { { TRUE, 0, 0, 1024, 768 }, OFF, OFF, OFF }, { { TRUE, 300, 20, 1024, 768 }, OFF, OFF, OFF }, TRUE },
  /* Sizes of heads that are off do not count. */
  { "off-sizes", { ON (1024, 768), { FALSE, 0, 0, 5, 5 }, OFF, OFF }, { ON (1024, 768), OFF, OFF, OFF }, TRUE },
  { "wider", { ON (1024, 768), OFF, OFF, OFF }, { ON (1025, 768), OFF, OFF, OFF }, FALSE },
  { "taller", { OFF, OFF, OFF, ON (800, 600) }, { OFF, OFF, OFF, ON (800, 601) }, FALSE },
  { "switched-on", { ON (1024, 768), OFF, OFF, OFF }, { ON (1024, 768), ON (1024, 768), OFF, OFF }, FALSE },
  { "switched-off", { ON (1024, 768), ON (1024, 768), OFF, OFF }, { ON (1024, 768), OFF, OFF, OFF }, FALSE },
};

static void
test_same (gconstpointer data)
{
  const SameCase *c = data;

  g_assert_cmpint (qv_monitor_config_same_sizes (c->a, c->b, N), ==, c->same);
  g_assert_cmpint (qv_monitor_config_same_sizes (c->b, c->a, N), ==, c->same);
}

#define AT(x, y, w, h) { TRUE, x, y, w, h }

typedef struct
{
  const char *name;
  QvMonitorConfig current[N], wanted[N];
  const char *want;
} RearrangeCase;

static const RearrangeCase rearrange_cases[] = {
  /* A row: the heads right of a resized head move by the difference,
   * those left of it stay. */
  { "row-grow",
    { AT (0, 0, 1024, 768), AT (1024, 0, 1024, 768), AT (2048, 0, 1024, 768), AT (3072, 0, 1024, 768) },
    { ON (1024, 768), ON (1280, 768), ON (1024, 768), ON (1024, 768) },
    "1=1024x768+0+0 2=1280x768+1024+0 3=1024x768+2304+0 4=1024x768+3328+0" },
  { "row-shrink-first",
    { AT (0, 0, 1024, 768), AT (1024, 0, 1024, 768), OFF, OFF },
    { ON (800, 600), ON (1024, 768), OFF, OFF },
    "1=800x600+0+0 2=1024x768+800+0 3=off 4=off" },
  /* A height change moves nobody in a row. */
  { "row-taller",
    { AT (0, 0, 1024, 768), AT (1024, 0, 1024, 768), AT (2048, 0, 1024, 768), OFF },
    { ON (1024, 768), ON (1024, 900), ON (1024, 768), OFF },
    "1=1024x768+0+0 2=1024x900+1024+0 3=1024x768+2048+0 4=off" },
  /* The user's column survives: the head below moves down. */
  { "column",
    { AT (0, 0, 1920, 1080), AT (0, 1080, 1920, 1080), OFF, OFF },
    { ON (1920, 1200), ON (1920, 1080), OFF, OFF },
    "1=1920x1200+0+0 2=1920x1080+0+1200 3=off 4=off" },
  /* A 2x2 grid: a wider top-left head moves only the top-right one. */
  { "grid",
    { AT (0, 0, 1024, 768), AT (1024, 0, 1024, 768), AT (0, 768, 1024, 768), AT (1024, 768, 1024, 768) },
    { ON (1100, 768), ON (1024, 768), ON (1024, 768), ON (1024, 768) },
    "1=1100x768+0+0 2=1024x768+1100+0 3=1024x768+0+768 4=1024x768+1024+768" },
  /* Switched off in the middle: no gap. */
  { "off-middle",
    { AT (0, 0, 1024, 768), AT (1024, 0, 800, 600), AT (1824, 0, 1024, 768), OFF },
    { ON (1024, 768), OFF, ON (1024, 768), OFF },
    "1=1024x768+0+0 2=off 3=1024x768+1024+0 4=off" },
  /* Switched off first: the rest moves to 0,0. */
  { "off-first",
    { AT (0, 0, 1024, 768), AT (1024, 0, 1024, 768), OFF, OFF },
    { OFF, ON (1024, 768), OFF, OFF },
    "1=off 2=1024x768+0+0 3=off 4=off" },
  /* Switched on: back in display order, the heads after it moved along. */
  { "on",
    { AT (0, 0, 1024, 768), OFF, AT (1024, 0, 1024, 768), OFF },
    { ON (1024, 768), ON (800, 600), ON (1024, 768), OFF },
    "1=1024x768+0+0 2=800x600+1024+0 3=1024x768+1824+0 4=off" },
  { "on-first",
    { OFF, AT (0, 0, 1024, 768), OFF, OFF },
    { ON (640, 480), ON (1024, 768), OFF, OFF },
    "1=640x480+0+0 2=1024x768+640+0 3=off 4=off" },
  { "on-last",
    { AT (0, 0, 1024, 768), AT (1024, 0, 1024, 768), OFF, OFF },
    { ON (1024, 768), ON (1024, 768), OFF, ON (800, 600) },
    "1=1024x768+0+0 2=1024x768+1024+0 3=off 4=800x600+2048+0" },
  /* Nothing to keep: side by side. */
  { "nothing-on",
    { OFF, OFF, OFF, OFF },
    { ON (1024, 768), ON (800, 600), OFF, OFF },
    "1=1024x768+0+0 2=800x600+1024+0 3=off 4=off" },
  /* A Windows guest reports each display at 0,0: side by side. */
  { "overlapping",
    { AT (0, 0, 1024, 768), AT (0, 0, 1024, 768), OFF, OFF },
    { ON (1024, 768), ON (1280, 1024), OFF, OFF },
    "1=1024x768+0+0 2=1280x1024+1024+0 3=off 4=off" },
  /* A layout not at 0,0 is moved there. */
  { "offset",
    { AT (100, 50, 1024, 768), AT (1124, 50, 1024, 768), OFF, OFF },
    { ON (1024, 768), ON (1024, 768), OFF, OFF },
    "1=1024x768+0+0 2=1024x768+1024+0 3=off 4=off" },
  /* A taller head pushes the wide head below it down; its neighbour in
   * the row stays. */
  { "grid-overlap",
    { AT (0, 0, 1024, 768), AT (1024, 0, 1024, 768), AT (0, 768, 2048, 768), OFF },
    { ON (1024, 1000), ON (1024, 768), ON (2048, 768), OFF },
    "1=1024x1000+0+0 2=1024x768+1024+0 3=2048x768+0+1000 4=off" },
};

static void
test_rearrange (gconstpointer data)
{
  const RearrangeCase *c = data;
  QvMonitorConfig out[N];
  g_autofree char *got = NULL;

  qv_monitor_config_rearrange (c->current, c->wanted, out, N);
  got = qv_monitor_config_describe (out, N);
  g_assert_cmpstr (got, ==, c->want);
  g_assert_true (qv_monitor_config_same_sizes (out, c->wanted, N));
}

typedef struct
{
  int w, h, max_w, max_h;
  int want_w, want_h;
  gboolean changed;
} FitCase;

static const FitCase fit_cases[] = {
  { 1024, 768, 3840, 2160, 1024, 768, FALSE },
  /* A guest driver's 16384-wide head on a 3840-wide monitor. */
  { 16384, 793, 3840, 2136, 3840, 793, TRUE },
  { 800, 4000, 1920, 1200, 800, 1200, TRUE },
  { 5000, 5000, 1920, 1200, 1920, 1200, TRUE },
  { 1920, 1200, 1920, 1200, 1920, 1200, FALSE },
  /* No work area known: no limit. */
  { 16384, 768, 0, 0, 16384, 768, FALSE },
};

static void
test_fit (gconstpointer data)
{
  const FitCase *c = data;
  int w = c->w, h = c->h;

  g_assert_cmpint (qv_size_fit (&w, &h, c->max_w, c->max_h), ==, c->changed);
  g_assert_cmpint (w, ==, c->want_w);
  g_assert_cmpint (h, ==, c->want_h);
}

typedef struct
{
  int w, h, want_w, want_h;
  gboolean changed;
} ClampCase;

static const ClampCase clamp_cases[] = {
  { 1024, 768, 1024, 768, FALSE },
  { QV_QXL_MAX_FB, QV_QXL_MAX_FB, QV_QXL_MAX_FB, QV_QXL_MAX_FB, FALSE },
  { 16384, 768, QV_QXL_MAX_FB, 768, TRUE },
  { 800, 9000, 800, QV_QXL_MAX_FB, TRUE },
  { 0, -5, 1, 1, TRUE },
};

static void
test_clamp (gconstpointer data)
{
  const ClampCase *c = data;
  int w = c->w, h = c->h;

  g_assert_cmpint (qv_head_size_clamp (&w, &h), ==, c->changed);
  g_assert_cmpint (w, ==, c->want_w);
  g_assert_cmpint (h, ==, c->want_h);
}

/* A head as a server reports it: kept only within the driver's reach. */
typedef struct {
  const char *name;
  guint x, y, width, height;
  gboolean kept;
} ReportCase;

static const ReportCase report_cases[] = {
  { "plain", 1024, 0, 1920, 1080, TRUE },
  { "largest", 0, 0, 8192, 8192, TRUE },
  { "no-width", 0, 0, 0, 768, FALSE },
  { "no-height", 0, 0, 1024, 0, FALSE },
  { "too-wide", 0, 0, 8193, 768, FALSE },
  { "too-high", 0, 0, 1024, 8193, FALSE },
  { "negative-as-unsigned", 0, 0, 4294967295u, 768, FALSE },
  { "far-x", 32769, 0, 1024, 768, FALSE },
  { "far-y", 0, 4294967295u, 1024, 768, FALSE },
  { "farthest", 32768, 32768, 1024, 768, TRUE },
};

static void
test_report (gconstpointer data)
{
  const ReportCase *c = data;
  QvMonitorConfig head = { FALSE, -1, -1, -1, -1 };

  g_assert_cmpint (qv_monitor_config_from_report (c->x, c->y, c->width, c->height, &head), ==,
                   c->kept);
  if (!c->kept)
    {
      g_assert_false (head.on);
      return;
    }
  g_assert_true (head.on);
  g_assert_cmpint (head.x, ==, (int) c->x);
  g_assert_cmpint (head.y, ==, (int) c->y);
  g_assert_cmpint (head.width, ==, (int) c->width);
  g_assert_cmpint (head.height, ==, (int) c->height);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (arrange_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arrange/side-by-side/%s", arrange_cases[i].name);
      g_test_add_data_func (path, &arrange_cases[i], test_arrange);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (same_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arrange/same-sizes/%s", same_cases[i].name);
      g_test_add_data_func (path, &same_cases[i], test_same);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (rearrange_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arrange/rearrange/%s", rearrange_cases[i].name);
      g_test_add_data_func (path, &rearrange_cases[i], test_rearrange);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (fit_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arrange/fit/%zu", i);
      g_test_add_data_func (path, &fit_cases[i], test_fit);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (clamp_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arrange/clamp/%zu", i);
      g_test_add_data_func (path, &clamp_cases[i], test_clamp);
    }
  for (guint i = 0; i < G_N_ELEMENTS (report_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/arrange/report/%s", report_cases[i].name);

      g_test_add_data_func (path, &report_cases[i], test_report);
    }
  return g_test_run ();
}
