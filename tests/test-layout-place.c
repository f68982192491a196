/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Monitor sets and window placement: signatures, matching, coverage and
 * the exact geometry a saved window is restored to. */

#include "qv-layout.h"

#define MAX_MONITORS 4

typedef struct {
  const char *name; /* NULL ends the list */
  QvRect geometry;
  gboolean primary;
} MonitorSpec;

static QvMonitorSet *
make_set (const MonitorSpec *specs)
{
  QvMonitorSet *set = qv_monitor_set_new ();

  for (guint i = 0; i < MAX_MONITORS && specs[i].name != NULL; i++)
    qv_monitor_set_add (set, *specs[i].name != '\0' ? specs[i].name : NULL,
                        NULL, &specs[i].geometry, specs[i].primary);
  return set;
}

#define R(x, y, w, h) { (x), (y), (w), (h) }
#define END { NULL, R (0, 0, 0, 0), FALSE }
#define FHD(x, y) R ((x), (y), 1920, 1080)

/* ---- Signatures and names ---------------------------------------------- */

static void
test_signature_order (void)
{
  const MonitorSpec a[] = {
    { "DP-1", FHD (0, 0), TRUE }, { "HDMI-1", FHD (1920, 0), FALSE }, END
  };
  const MonitorSpec b[] = {
    { "HDMI-1", FHD (1920, 0), TRUE }, { "DP-1", FHD (0, 0), FALSE }, END
  };
  const MonitorSpec moved[] = {
    { "DP-1", FHD (0, 0), TRUE }, { "HDMI-1", FHD (1920, 100), FALSE }, END
  };
  const MonitorSpec renamed[] = {
    { "DP-1", FHD (0, 0), TRUE }, { "HDMI-2", FHD (1920, 0), FALSE }, END
  };
  g_autoptr (QvMonitorSet) sa = make_set (a);
  g_autoptr (QvMonitorSet) sb = make_set (b);
  g_autoptr (QvMonitorSet) sm = make_set (moved);
  g_autoptr (QvMonitorSet) sr = make_set (renamed);
  g_autofree char *siga = qv_monitor_set_signature (sa);
  g_autofree char *sigb = qv_monitor_set_signature (sb);
  g_autofree char *sigm = qv_monitor_set_signature (sm);
  g_autofree char *sigr = qv_monitor_set_signature (sr);

  g_assert_cmpstr (siga, ==, "DP-1:1920x1080@0,0 HDMI-1:1920x1080@1920,0");
  g_assert_cmpstr (siga, ==, sigb);   /* order and primary do not matter */
  g_assert_cmpstr (siga, !=, sigm);
  g_assert_cmpstr (siga, !=, sigr);
}

static void
test_readable_name (void)
{
  static const struct {
    MonitorSpec monitors[MAX_MONITORS + 1];
    const char *signature;
    const char *readable;
  } cases[] = {
    { { END }, "", "no-monitors" },
    { { { "eDP-1", R (0, 0, 2560, 1600), TRUE }, END },
      "eDP-1:2560x1600@0,0", "eDP-1" },
    { { { "HDMI-1", FHD (1920, 0), FALSE }, { "DP-1", FHD (0, 0), TRUE }, END },
      "DP-1:1920x1080@0,0 HDMI-1:1920x1080@1920,0", "DP-1+HDMI-1" },
    { { { "", FHD (0, 0), TRUE }, { "DP-2", R (-1280, 0, 1280, 1024), FALSE }, END },
      "DP-2:1280x1024@-1280,0 ?:1920x1080@0,0", "DP-2+1920x1080@0,0" },
    /* Mirrored: same geometry, ordered by name. */
    { { { "HDMI-1", FHD (0, 0), FALSE }, { "DP-1", FHD (0, 0), TRUE }, END },
      "DP-1:1920x1080@0,0 HDMI-1:1920x1080@0,0", "DP-1+HDMI-1" },
    /* Stacked vertically: top first. */
    { { { "B", FHD (0, 1080), FALSE }, { "A", FHD (0, 0), FALSE }, END },
      "A:1920x1080@0,0 B:1920x1080@0,1080", "A+B" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (QvMonitorSet) set = make_set (cases[i].monitors);
      g_autofree char *signature = qv_monitor_set_signature (set);
      g_autofree char *readable = qv_monitor_set_readable_name (set);

      g_test_message ("case %u", i);
      g_assert_cmpstr (signature, ==, cases[i].signature);
      g_assert_cmpstr (readable, ==, cases[i].readable);
    }
}

static void
test_unusable_monitor (void)
{
  g_autoptr (QvMonitorSet) set = qv_monitor_set_new ();
  g_autoptr (QvLayout) layout = qv_layout_new ("t");
  g_autofree char *signature = NULL;
  g_autofree char *readable = NULL;
  QvDisplayState *state = qv_layout_display (layout, 0);
  QvRect off = R (0, 0, 0, 1080);
  QvRect on = FHD (1920, 0);
  QvPlacement placement;

  /* Kept so that indices stay GDK's, but never used. */
  qv_monitor_set_add (set, "DP-1", "Dell", &off, TRUE);
  g_assert_cmpint (qv_monitor_set_get_first_usable (set), ==, -1);
  state->window = (QvRect) R (10, 10, 640, 480);
  g_assert_false (qv_layout_place_display (state, set, NULL, &placement));

  qv_monitor_set_add (set, "", "", &on, FALSE);
  g_assert_cmpuint (qv_monitor_set_get_n_monitors (set), ==, 2);
  g_assert_cmpstr (qv_monitor_set_get (set, 0)->model, ==, "Dell");
  g_assert_null (qv_monitor_set_get (set, 1)->name);
  g_assert_null (qv_monitor_set_get (set, 1)->model);
  g_assert_cmpint (qv_monitor_set_get_primary (set), ==, -1);
  g_assert_cmpint (qv_monitor_set_get_first_usable (set), ==, 1);
  g_assert_cmpint (qv_monitor_set_match (set, "DP-1", &off), ==, -1);
  signature = qv_monitor_set_signature (set);
  g_assert_cmpstr (signature, ==, "?:1920x1080@1920,0");
  readable = qv_monitor_set_readable_name (set);
  g_assert_cmpstr (readable, ==, "1920x1080@1920,0");

  /* Saved on the vanished DP-1: onto index 1, not the unusable 0. */
  state->monitor = g_strdup ("DP-1");
  g_assert_true (qv_layout_place_display (state, set, NULL, &placement));
  g_assert_cmpint (placement.monitor, ==, 1);
  g_assert_cmpint (placement.window.x, ==, 1920);
  g_assert_cmpint (placement.window.y, ==, 10);
  g_assert_cmpint (placement.window.width, ==, 640);
}

/* ---- Matching and coverage --------------------------------------------- */

static const MonitorSpec three[] = {
  { "DP-1", FHD (0, 0), FALSE },
  { "HDMI-1", FHD (1920, 0), TRUE },
  { "DP-2", R (0, 1080, 1280, 1024), FALSE },
  END,
};

static void
test_match (void)
{
  static const struct {
    const char *name;
    QvRect geometry;
    int expected;
  } cases[] = {
    { "HDMI-1", FHD (1920, 0), 1 },          /* name and geometry */
    { "HDMI-1", FHD (3840, 0), 1 },          /* name only: it moved */
    { "HDMI-2", FHD (1920, 0), 1 },          /* geometry only: renamed */
    { "DP-1", FHD (1920, 0), 0 },            /* name beats geometry */
    { NULL, R (0, 1080, 1280, 1024), 2 },    /* no name */
    { "DP-1", R (0, 0, 0, 0), 0 },           /* geometry unknown */
    { "VGA-1", FHD (5000, 0), -1 },
    { NULL, R (0, 0, 0, 0), -1 },
  };
  g_autoptr (QvMonitorSet) set = make_set (three);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (qv_monitor_set_match (set, cases[i].name, &cases[i].geometry),
                       ==, cases[i].expected);
    }
}

/* The same name on every monitor (mutter's virtual monitors), or none
 * (KWin's): geometry decides. */
static const MonitorSpec same_names[] = {
  { "MetaVirtualMonitor", FHD (0, 0), TRUE },
  { "MetaVirtualMonitor", FHD (1920, 0), FALSE },
  END,
};

static const MonitorSpec no_names[] = {
  { "", FHD (0, 0), TRUE },
  { "", FHD (1920, 0), FALSE },
  END,
};

static void
test_match_same_names (void)
{
  static const struct {
    const MonitorSpec *set;
    const char *name;
    QvRect geometry;
    int expected;
  } cases[] = {
    { same_names, "MetaVirtualMonitor", FHD (1920, 0), 1 },
    { same_names, "MetaVirtualMonitor", FHD (0, 0), 0 },
    { same_names, "MetaVirtualMonitor", FHD (3840, 0), -1 }, /* not "the first" */
    { same_names, "MetaVirtualMonitor", R (0, 0, 0, 0), -1 },
    { same_names, NULL, FHD (1920, 0), 1 },
    { no_names, NULL, FHD (1920, 0), 1 },
    { no_names, "", FHD (0, 0), 0 },
    { no_names, "DP-1", FHD (1920, 0), 1 },
    { no_names, NULL, FHD (0, 1080), -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (QvMonitorSet) set = make_set (cases[i].set);

      g_test_message ("case %u", i);
      g_assert_cmpint (qv_monitor_set_match (set, cases[i].name, &cases[i].geometry),
                       ==, cases[i].expected);
    }
}

/* Native Wayland: the saved monitor follows only what the user did. */
static void
test_follow_monitor (void)
{
  static const struct {
    const char *what;
    gboolean saved_monitor; /* saved on monitor 1 (the right one) at 100,50 from its origin */
    int last_seen, now;
    gboolean changed;
    int monitor;            /* index saved afterwards, -1 none */
    int x, y;
  } cases[] = {
    { "first look, the compositor put it on the left", TRUE, -1, 0, FALSE, 1, 2020, 50 },
    { "still where it was first seen", TRUE, 0, 0, FALSE, 1, 2020, 50 },
    { "the user moved it left", TRUE, 1, 0, TRUE, 0, 100, 50 },
    { "the user moved it back right", TRUE, 0, 1, TRUE, 1, 2020, 50 },
    { "monitor not known yet", TRUE, 0, -1, FALSE, 1, 2020, 50 },
    { "nothing saved: the compositor's choice is all there is", FALSE, -1, 1, TRUE, 1, 1920, 0 },
    { "an index past the set", TRUE, 0, 7, FALSE, 1, 2020, 50 },
  };
  g_autoptr (QvMonitorSet) set = make_set (same_names);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      QvDisplayState state = { .saved = TRUE, .window = R (2020, 50, 800, 600) };
      const QvMonitor *m;

      g_test_message ("%s", cases[i].what);
      if (cases[i].saved_monitor)
        qv_display_state_set_monitor (&state, qv_monitor_set_get (set, 1));
      else
        state.window = (QvRect) R (0, 0, 800, 600);
      g_assert_cmpint (qv_display_state_follow_monitor (&state, set, cases[i].last_seen,
                                                        cases[i].now),
                       ==, cases[i].changed);
      m = qv_monitor_set_get (set, (guint) cases[i].monitor);
      g_assert_cmpint (state.monitor_geometry.x, ==, m->geometry.x);
      g_assert_cmpint (state.window.x, ==, cases[i].x);
      g_assert_cmpint (state.window.y, ==, cases[i].y);
      g_assert_cmpint (state.window.width, ==, 800);
      g_free (state.monitor);
    }
}

static void
test_covers (void)
{
  static const struct {
    QvRect rect;
    gboolean covered;
    int best; /* qv_monitor_set_find_for_rect() */
  } cases[] = {
    { R (100, 100, 800, 600), TRUE, 0 },
    { R (1700, 100, 800, 600), TRUE, 1 },     /* spans DP-1 and HDMI-1 */
    { R (1000, 900, 800, 600), FALSE, 0 },    /* into the gap right of DP-2 */
    { R (0, 0, 3840, 1080), TRUE, 0 },        /* exactly both top monitors */
    { R (0, 0, 3841, 1080), FALSE, 0 },
    { R (-1, 0, 100, 100), FALSE, 0 },
    { R (0, 1080, 1280, 1024), TRUE, 2 },
    { R (100, 1900, 800, 300), FALSE, 2 },    /* below the bottom edge */
    { R (5000, 5000, 100, 100), FALSE, -1 },
    { R (10, 10, 0, 100), FALSE, -1 },
  };
  g_autoptr (QvMonitorSet) set = make_set (three);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (qv_monitor_set_covers (set, &cases[i].rect), ==, cases[i].covered);
      g_assert_cmpint (qv_monitor_set_find_for_rect (set, &cases[i].rect), ==, cases[i].best);
    }
}

/* ---- Placement ---------------------------------------------------------- */

typedef struct {
  const char *what;
  MonitorSpec now[MAX_MONITORS + 1];
  const char *monitor;     /* saved monitor name */
  QvRect monitor_geometry; /* saved monitor geometry, width 0: unknown */
  QvRect window;           /* saved window */
  QvFrameExtents frame;
  QvRect expected;
  int expected_monitor;
} PlaceCase;

static const PlaceCase place_cases[] = {
  { "unchanged monitors: kept",
    { { "DP-1", FHD (0, 0), TRUE }, { "HDMI-1", FHD (1920, 0), FALSE }, END },
    "HDMI-1", FHD (1920, 0), R (2000, 100, 1280, 800), { 0 },
    R (2000, 100, 1280, 800), 1 },
  { "2 monitors -> 1: onto the primary, same offset",
    { { "DP-1", FHD (0, 0), TRUE }, END },
    "HDMI-1", FHD (1920, 0), R (2020, 130, 800, 600), { 0 },
    R (100, 130, 800, 600), 0 },
  { "monitor moved: window follows",
    { { "HDMI-1", FHD (0, 0), TRUE }, { "DP-1", FHD (1920, 0), FALSE }, END },
    "DP-1", FHD (0, 0), R (50, 60, 1000, 700), { 0 },
    R (1970, 60, 1000, 700), 1 },
  { "connector renamed, same geometry",
    { { "DP-1", FHD (0, 0), TRUE }, { "HDMI-2", FHD (1920, 0), FALSE }, END },
    "HDMI-1", FHD (1920, 0), R (2000, 100, 1280, 800), { 0 },
    R (2000, 100, 1280, 800), 1 },
  { "rotated monitor: narrower, shrinks to its width",
    { { "DP-1", R (0, 0, 1080, 1920), TRUE }, END },
    "DP-1", FHD (0, 0), R (600, 100, 1280, 720), { 0 },
    R (0, 100, 1080, 720), 0 },
  { "lower resolution: pushed inside, size kept",
    { { "DP-1", FHD (0, 0), TRUE }, END },
    "DP-1", R (0, 0, 2560, 1440), R (1800, 900, 640, 400), { 0 },
    R (1280, 680, 640, 400), 0 },
  { "off-screen, monitor unknown: onto the primary",
    { { "DP-1", FHD (0, 0), FALSE }, { "HDMI-1", FHD (1920, 0), TRUE }, END },
    NULL, R (0, 0, 0, 0), R (9000, 9000, 640, 480), { 0 },
    R (3200, 600, 640, 480), 1 },
  { "partly visible on the left edge",
    { { "DP-1", FHD (0, 0), TRUE }, END },
    "DP-1", FHD (0, 0), R (-100, 50, 800, 600), { 0 },
    R (0, 50, 800, 600), 0 },
  { "larger than the remaining monitor: shrunk to it",
    { { "eDP-1", R (0, 0, 1366, 768), TRUE }, END },
    "DP-1", R (1366, 0, 2560, 1440), R (1366, 0, 2560, 1440), { 0 },
    R (0, 0, 1366, 768), 0 },
  { "decorations count: frame fits the monitor",
    { { "DP-1", FHD (0, 0), TRUE }, END },
    "DP-1", FHD (0, 0), R (0, 0, 1920, 1080), { 1, 1, 30, 1 },
    R (0, 0, 1918, 1049), 0 },
  { "spanning two present monitors: kept",
    { { "DP-1", FHD (0, 0), TRUE }, { "HDMI-1", FHD (1920, 0), FALSE }, END },
    "DP-1", FHD (0, 0), R (1500, 100, 800, 600), { 0 },
    R (1500, 100, 800, 600), 0 },
  { "spanning onto a vanished monitor: back onto its own",
    { { "DP-1", FHD (0, 0), TRUE }, END },
    "DP-1", FHD (0, 0), R (1500, 100, 800, 600), { 0 },
    R (1120, 100, 800, 600), 0 },
  { "in the gap of an L-shaped set: onto its own monitor",
    { { "DP-1", FHD (0, 0), TRUE }, { "DP-2", R (0, 1080, 1280, 1024), FALSE }, END },
    "DP-2", R (0, 1080, 1280, 1024), R (1000, 1200, 800, 600), { 0 },
    R (480, 1200, 800, 600), 1 },
  { "no primary: the first monitor",
    { { "DP-3", R (-1280, 0, 1280, 1024), FALSE }, { "DP-1", FHD (0, 0), FALSE }, END },
    "HDMI-1", FHD (1920, 0), R (1920, 0, 640, 480), { 0 },
    R (-1280, 0, 640, 480), 0 },
  { "monitor left of the origin, negative coordinates",
    { { "DP-3", R (-1280, 0, 1280, 1024), FALSE }, { "DP-1", FHD (0, 0), TRUE }, END },
    "DP-3", R (-1280, 0, 1280, 1024), R (-1200, 20, 1000, 900), { 0 },
    R (-1200, 20, 1000, 900), 0 },
  { "window bigger than every monitor, frame wider than the monitor",
    { { "tiny", R (10, 20, 40, 30), TRUE }, END },
    NULL, R (0, 0, 0, 0), R (500, 500, 4000, 3000), { 30, 30, 10, 10 },
    R (10, 20, 1, 10), 0 },
  { "extreme saved values do not overflow",
    { { "DP-1", FHD (0, 0), TRUE }, END },
    "DP-1", R (-2000000000, 0, 1920, 1080), R (2000000000, 0, 65535, 65535), { 0 },
    R (0, 0, 1920, 1080), 0 },
};

static void
test_place (gconstpointer data)
{
  const PlaceCase *c = data;
  g_autoptr (QvMonitorSet) set = make_set (c->now);
  g_autoptr (QvLayout) layout = qv_layout_new ("t");
  QvDisplayState *state = qv_layout_display (layout, 0);
  QvPlacement placement;

  g_test_message ("%s", c->what);
  state->window = c->window;
  state->monitor = g_strdup (c->monitor);
  state->monitor_geometry = c->monitor_geometry;

  g_assert_true (qv_layout_place_display (state, set, &c->frame, &placement));
  g_assert_cmpint (placement.window.x, ==, c->expected.x);
  g_assert_cmpint (placement.window.y, ==, c->expected.y);
  g_assert_cmpint (placement.window.width, ==, c->expected.width);
  g_assert_cmpint (placement.window.height, ==, c->expected.height);
  g_assert_cmpint (placement.monitor, ==, c->expected_monitor);
  g_assert_cmpint (placement.moved, ==,
                   c->expected.x != c->window.x || c->expected.y != c->window.y
                   || c->expected.width != c->window.width
                   || c->expected.height != c->window.height);
  g_assert_false (placement.fullscreen);

  /* The frame of every placed window is fully on the monitors unless no
   * monitor is big enough for it. */
  if (c->expected.width + c->frame.left + c->frame.right
      <= qv_monitor_set_get (set, (guint) placement.monitor)->geometry.width)
    {
      QvRect frame_rect = {
        placement.window.x, placement.window.y,
        placement.window.width + c->frame.left + c->frame.right,
        placement.window.height + c->frame.top + c->frame.bottom,
      };

      g_assert_true (qv_monitor_set_covers (set, &frame_rect));
    }
}

static void
test_place_fullscreen (void)
{
  const MonitorSpec now[] = {
    { "DP-1", FHD (0, 0), TRUE }, { "HDMI-1", R (1920, 0, 2560, 1440), FALSE }, END
  };
  g_autoptr (QvMonitorSet) set = make_set (now);
  g_autoptr (QvLayout) layout = qv_layout_new ("t");
  QvDisplayState *state = qv_layout_display (layout, 2);
  QvMonitor saved = { .name = (char *) "HDMI-1", .geometry = FHD (1920, 0) };
  QvPlacement placement;

  state->window = (QvRect) R (1920, 0, 1920, 1080);
  state->fullscreen = TRUE;
  state->maximized = TRUE;
  qv_display_state_set_monitor (state, &saved);
  g_assert_cmpstr (state->monitor, ==, "HDMI-1");
  g_assert_cmpint (state->monitor_geometry.width, ==, 1920);

  g_assert_true (qv_layout_place_display (state, set, NULL, &placement));
  g_assert_true (placement.fullscreen);
  g_assert_true (placement.maximized);
  g_assert_cmpint (placement.monitor, ==, 1);
  g_assert_cmpint (placement.window.x, ==, 1920);
  g_assert_false (placement.moved);
}

static void
test_place_nothing (void)
{
  const MonitorSpec one[] = { { "DP-1", FHD (0, 0), TRUE }, END };
  g_autoptr (QvMonitorSet) empty = qv_monitor_set_new ();
  g_autoptr (QvMonitorSet) set = make_set (one);
  g_autoptr (QvLayout) layout = qv_layout_new ("t");
  QvDisplayState *state = qv_layout_display (layout, 0);
  QvPlacement placement;

  state->window = (QvRect) R (5000, 5000, 640, 480);
  g_assert_false (qv_layout_place_display (state, empty, NULL, &placement));
  g_assert_cmpint (placement.monitor, ==, -1);
  g_assert_cmpint (placement.window.x, ==, 5000);

  qv_layout_clear_display (layout, 0);
  g_assert_null (qv_layout_get_display (layout, 0));
  g_assert_false (qv_layout_place_display (&layout->displays[0], set, NULL, &placement));
  g_assert_cmpint (placement.monitor, ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/monitor/signature-order", test_signature_order);
  g_test_add_func ("/monitor/readable-name", test_readable_name);
  g_test_add_func ("/monitor/unusable", test_unusable_monitor);
  g_test_add_func ("/monitor/match", test_match);
  g_test_add_func ("/monitor/match-same-names", test_match_same_names);
  g_test_add_func ("/monitor/follow-wayland", test_follow_monitor);
  g_test_add_func ("/monitor/covers", test_covers);
  for (guint i = 0; i < G_N_ELEMENTS (place_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/place/%02u", i);

      g_test_add_data_func (path, &place_cases[i], test_place);
    }
  g_test_add_func ("/place/fullscreen", test_place_fullscreen);
  g_test_add_func ("/place/nothing", test_place_nothing);
  return g_test_run ();
}
