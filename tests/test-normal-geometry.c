/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The geometry a window comes back to after maximized or fullscreen. */
#include "qv-normal-geometry.h"

typedef enum { END, REPORT, REPORT_NO_POSITION, LEAVE } Op;

typedef struct {
  Op op;
  QvRect rect; /* REPORT: the geometry; LEAVE: the size now (width, height) */
} Step;

typedef struct {
  const char *name;
  QvRect requested;
  gboolean requested_position;
  Step steps[6];
  QvRect want;
  gboolean want_position;
} Case;

static const Case cases[] = {
  { "requested only", { 10, 20, 800, 600 }, TRUE, { { END } }, { 10, 20, 800, 600 }, TRUE },
  { "size only requested", { 0, 0, 800, 600 }, FALSE, { { END } }, { 0, 0, 800, 600 }, FALSE },
  { "a move and a resize by the user", { 10, 20, 800, 600 }, TRUE,
    { { REPORT, { 50, 60, 800, 600 } }, { REPORT, { 50, 60, 900, 700 } }, { END } },
    { 50, 60, 900, 700 }, TRUE },
  /* The compositor maximizes at map and reports the size first. */
  { "maximized by the compositor, size reported first", { 0, 0, 1920, 1053 }, FALSE,
    { { REPORT, { 0, 27, 1920, 1080 } }, { LEAVE, { 0, 0, 1920, 1080 } }, { END } },
    { 0, 0, 1920, 1053 }, FALSE },
  /* The state came first: nothing to undo. */
  { "maximized, state first", { 5, 5, 800, 600 }, TRUE,
    { { LEAVE, { 0, 0, 1920, 1080 } }, { END } }, { 5, 5, 800, 600 }, TRUE },
  { "the same report twice keeps the one before", { 0, 0, 1000, 700 }, FALSE,
    { { REPORT, { 0, 0, 1920, 1080 } }, { REPORT, { 0, 0, 1920, 1080 } },
      { LEAVE, { 0, 0, 1920, 1080 } }, { END } },
    { 0, 0, 1000, 700 }, FALSE },
  { "maximized by the user from a normal window", { 10, 10, 800, 600 }, TRUE,
    { { REPORT, { 30, 40, 1024, 768 } }, { LEAVE, { 0, 0, 1920, 1080 } }, { END } },
    { 30, 40, 1024, 768 }, TRUE },
  { "native Wayland: sizes only, the requested position stays", { 100, 200, 800, 600 }, TRUE,
    { { REPORT_NO_POSITION, { 26, 23, 900, 650 } }, { END } }, { 100, 200, 900, 650 }, TRUE },
  { "never below 1x1", { 0, 0, 0, -5 }, FALSE, { { END } }, { 0, 0, 1, 1 }, FALSE },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  QvNormalGeometry g;
  QvRect got;
  gboolean position;

  qv_normal_geometry_init (&g, &c->requested, c->requested_position);
  for (const Step *s = c->steps; s->op != END; s++)
    if (s->op == LEAVE)
      qv_normal_geometry_leave_normal (&g, s->rect.width, s->rect.height);
    else
      qv_normal_geometry_report (&g, &s->rect, s->op == REPORT);
  position = qv_normal_geometry_get (&g, &got);
  g_assert_cmpint (got.x, ==, c->want.x);
  g_assert_cmpint (got.y, ==, c->want.y);
  g_assert_cmpint (got.width, ==, c->want.width);
  g_assert_cmpint (got.height, ==, c->want.height);
  g_assert_cmpint (position, ==, c->want_position);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/normal-geometry/%s", cases[i].name);
      g_test_add_data_func (name, &cases[i], test_case);
    }
  return g_test_run ();
}
