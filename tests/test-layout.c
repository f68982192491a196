/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The layout store: file round trips, several VMs in one file, named
 * layouts, choosing by monitors, forgetting. Every test works in its own
 * temporary directory. */

#include "layout-fixture.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

/* ---- Round trips -------------------------------------------------------- */

static const struct {
  const char *key;
  const char *name;
  const char *layouts[3];
} round_trip_vms[] = {
  { UUID, "win10", { "desk", "laptop", NULL } },
  { "127.0.0.1:5900", NULL, { "DP-1+HDMI-1", NULL } },
  { "[::1]:5901", "ipv6 [guest]", { "a/b%c[d] ünï", "  spaced  ", NULL } },
};

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvLayoutStore) again = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) keys = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  GStatBuf st;

  for (guint v = 0; v < G_N_ELEMENTS (round_trip_vms); v++)
    {
      const char *key = round_trip_vms[v].key;

      g_assert_true (qv_layout_store_set_vm_name (store, key, round_trip_vms[v].name, &error));
      g_assert_no_error (error);
      g_assert_true (qv_layout_store_set_wait_for_agent (store, key, v == 0, &error));
      g_assert_true (qv_layout_store_set_shutdown_on_close (store, key, v == 1, &error));
      g_assert_true (qv_layout_store_set_hotkeys (
        store, key, v == 2 ? " release-cursor=ctrl+alt+r ,toggle-fullscreen=shift+f11" : NULL,
        &error));
      g_assert_no_error (error);
      for (guint l = 0; round_trip_vms[v].layouts[l] != NULL; l++)
        {
          g_autoptr (QvLayout) layout =
            make_layout (round_trip_vms[v].layouts[l], (int) (10 * v + l),
                         1764374400123456 + (gint64) (v * 1000 + l), "sig ü");

          put_ok (store, key, layout);
        }
      save_ok (store, key);
    }

  /* The directory and the file are private. */
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The VM name is a comment above its group and a key. */
  text = read_text (f->path, NULL);
  g_assert_true (g_str_has_prefix (text, "# quadview window layouts"));
  g_assert_nonnull (strstr (text, "# VM: win10\n[vm:" UUID "]\n"));
  g_assert_nonnull (strstr (text, "\nname=win10\n"));
  g_assert_nonnull (strstr (text, "[vm:%5B::1%5D:5901/layout:a%2Fb%25c%5Bd%5D ünï]"));
  g_assert_nonnull (strstr (text, "\nlast-used=2025-11-29T00:00:00.123456Z\n"));

  again = load_ok (f->path);
  keys = qv_layout_store_list_vms (again);
  g_assert_cmpuint (g_strv_length (keys), ==, G_N_ELEMENTS (round_trip_vms));
  g_assert_cmpstr (keys[0], ==, "127.0.0.1:5900");  /* sorted */
  g_assert_cmpstr (keys[1], ==, UUID);
  g_assert_cmpstr (keys[2], ==, "[::1]:5901");
  for (guint v = 0; v < G_N_ELEMENTS (round_trip_vms); v++)
    {
      const char *key = round_trip_vms[v].key;
      g_autoptr (GPtrArray) list = qv_layout_store_list_layouts (again, key);
      guint n = g_strv_length ((char **) round_trip_vms[v].layouts);

      g_assert_cmpstr (qv_layout_store_get_vm_name (again, key), ==, round_trip_vms[v].name);
      g_assert_cmpint (qv_layout_store_get_wait_for_agent (again, key), ==, v == 0);
      g_assert_cmpint (qv_layout_store_get_shutdown_on_close (again, key), ==, v == 1);
      g_assert_cmpstr (qv_layout_store_get_hotkeys (again, key), ==,
                       v == 2 ? "release-cursor=ctrl+alt+r,toggle-fullscreen=shift+f11" : NULL);
      g_assert_cmpuint (list->len, ==, n);
      for (guint l = 0; l < n; l++)
        {
          const QvLayout *original = qv_layout_store_get_layout (store, key, round_trip_vms[v].layouts[l]);
          const QvLayout *loaded = qv_layout_store_get_layout (again, key, round_trip_vms[v].layouts[l]);

          g_assert_nonnull (original);
          g_assert_nonnull (loaded);
          assert_layouts_equal (original, loaded);
          /* Most recently used first. */
          assert_layouts_equal (g_ptr_array_index (list, n - 1 - l), loaded);
          g_assert_cmpuint (qv_layout_count_enabled (loaded), ==, 2);
        }
    }
}

static void
test_sample_file (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = NULL;
  g_autoptr (QvLayoutStore) again = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (QvLayout) other = make_layout ("x", 1, 1, "");
  g_autofree char *text = NULL;
  const QvLayout *desk;
  const QvDisplayState *d;

  install_file (f, "sample.ini");
  store = load_ok (f->path);
  g_assert_cmpstr (qv_layout_store_get_vm_name (store, UUID), ==, "win10");
  g_assert_true (qv_layout_store_get_wait_for_agent (store, UUID));
  g_assert_false (qv_layout_store_get_wait_for_agent (store, "[::1]:5900"));
  g_assert_true (qv_layout_store_get_shutdown_on_close (store, UUID));
  g_assert_false (qv_layout_store_get_shutdown_on_close (store, "[::1]:5900"));
  g_assert_nonnull (qv_layout_store_get_layout (store, "[::1]:5900", "a/b%c[d] ünï"));

  list = qv_layout_store_list_layouts (store, UUID);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((QvLayout *) g_ptr_array_index (list, 0))->name, ==, "desk");
  g_assert_cmpint (((QvLayout *) g_ptr_array_index (list, 1))->last_used, ==,
                   G_GINT64_CONSTANT (1795768200250000));

  desk = qv_layout_store_get_layout (store, UUID, "desk");
  g_assert_cmpstr (desk->signature, ==, "DP-1:1920x1080@0,0 HDMI-1:1920x1080@1920,0");
  g_assert_cmpint (desk->last_used, ==, G_GINT64_CONSTANT (1795896000000000));
  d = qv_layout_get_display (desk, 0);
  g_assert_nonnull (d);
  g_assert_cmpint (d->window.x, ==, 10);
  g_assert_cmpint (d->window.height, ==, 1000);
  g_assert_cmpint (d->monitor_geometry.width, ==, 1920);
  d = qv_layout_get_display (desk, 1);
  g_assert_true (d->fullscreen);
  g_assert_cmpstr (d->monitor, ==, "HDMI-1");
  g_assert_cmpint (d->monitor_geometry.width, ==, 0);  /* unknown */
  g_assert_null (qv_layout_get_display (desk, 2));
  d = qv_layout_get_display (desk, 3);
  g_assert_false (d->enabled);
  g_assert_cmpint (d->window.x, ==, -5);
  g_assert_null (d->monitor);
  g_assert_cmpuint (qv_layout_count_enabled (desk), ==, 2);
  g_assert_true (qv_layout_get_display (qv_layout_store_get_layout (store, UUID, "laptop"), 0)->maximized);

  /* Saving an unrelated VM keeps every group, the foreign one included. */
  put_ok (store, "other", other);
  save_ok (store, "other");
  text = read_text (f->path, NULL);
  g_assert_nonnull (strstr (text, "[future]\nkey=kept\n"));
  g_assert_nonnull (strstr (text, "# VM: [::1]:5900\n[vm:%5B::1%5D:5900]\n"));
  again = load_ok (f->path);
  assert_layouts_equal (qv_layout_store_get_layout (store, UUID, "desk"),
                        qv_layout_store_get_layout (again, UUID, "desk"));
  assert_layouts_equal (qv_layout_store_get_layout (store, UUID, "laptop"),
                        qv_layout_store_get_layout (again, UUID, "laptop"));
  assert_layouts_equal (other, qv_layout_store_get_layout (again, "other", "x"));
}

static void
test_missing_file (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = load_ok (f->path);
  g_auto (GStrv) keys = qv_layout_store_list_vms (store);
  g_autoptr (GPtrArray) list = qv_layout_store_list_layouts (store, UUID);

  g_assert_cmpuint (g_strv_length (keys), ==, 0);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (qv_layout_store_get_path (store), ==, f->path);
}

static void
test_write_clamps (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvLayoutStore) again = NULL;
  g_autoptr (QvLayout) layout = qv_layout_new ("odd");
  QvDisplayState *state = qv_layout_display (layout, 0);
  const QvDisplayState *loaded;

  /* Whatever the viewer records must read back as a valid file. */
  state->window = (QvRect) { -2000000, 3000000, 0, 100000 };
  state->monitor_geometry = (QvRect) { 5, 5, 0, 100 };  /* unknown: dropped */
  put_ok (store, "vm", layout);
  save_ok (store, "vm");
  again = load_ok (f->path);
  loaded = qv_layout_get_display (qv_layout_store_get_layout (again, "vm", "odd"), 0);
  g_assert_cmpint (loaded->window.x, ==, -QV_LAYOUT_MAX_COORD);
  g_assert_cmpint (loaded->window.y, ==, QV_LAYOUT_MAX_COORD);
  g_assert_cmpint (loaded->window.width, ==, 1);
  g_assert_cmpint (loaded->window.height, ==, QV_LAYOUT_MAX_SIZE);
  g_assert_cmpint (loaded->monitor_geometry.width, ==, 0);
}

static void
test_invalid_names (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *key;
    const char *layout;
  } cases[] = {
    { "", "a" },
    { NULL, "a" },
    { "vm", "" },
    { "vm", "tab\there" },
    { "line\nbreak", "a" },
    { "vm", "\xff\xfe" },
  };
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvMonitorSet) monitors = qv_monitor_set_new ();
  g_autofree char *long_name = g_strnfill (QV_LAYOUT_MAX_NAME + 1, 'x');
  g_auto (GStrv) keys = NULL;

  for (guint i = 0; i <= G_N_ELEMENTS (cases); i++)
    {
      const char *key = i < G_N_ELEMENTS (cases) ? cases[i].key : "vm";
      const char *name = i < G_N_ELEMENTS (cases) ? cases[i].layout : long_name;
      g_autoptr (QvLayout) layout = qv_layout_new (name);
      g_autoptr (QvLayout) chosen = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) choose_error = NULL;

      g_test_message ("case %u", i);
      g_assert_false (qv_layout_store_put (store, key, layout, &error));
      g_assert_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID);
      chosen = qv_layout_store_choose (store, key, name, monitors, NULL, &choose_error);
      g_assert_null (chosen);
      g_assert_error (choose_error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_INVALID);
    }
  keys = qv_layout_store_list_vms (store);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
}

/* ---- Choosing a layout -------------------------------------------------- */

#define SIG_DESK "DP-1:1920x1080@0,0 HDMI-1:1920x1080@1920,0"
#define SIG_LAPTOP "eDP-1:2560x1600@0,0"

typedef struct {
  const char *what;
  const char *name;          /* --layout */
  gboolean laptop_monitors;  /* else the desk's two monitors */
  const char *expected_name;
  gboolean expected_new;
  int expected_seed;         /* which stored layout's displays, 0: none */
} ChooseCase;

/* Stored: desk (seed 1, SIG_DESK, t=100), desk-old (seed 2, SIG_DESK,
 * t=50), eDP-1 (seed 3, another laptop resolution, t=300),
 * laptop (seed 4, SIG_LAPTOP, t=200). */
static const ChooseCase choose_cases[] = {
  { "by signature: the newest of two", NULL, FALSE, "desk", FALSE, 1 },
  { "by signature, other monitors", NULL, TRUE, "laptop", FALSE, 4 },
  { "explicit existing name wins over signature", "desk-old", FALSE, "desk-old", FALSE, 2 },
  { "explicit new name: seeded from the same monitors", "new", FALSE, "new", TRUE, 1 },
  { "explicit new name, other monitors", "new", TRUE, "new", TRUE, 4 },
};

static void
fill_choose_store (QvLayoutStore *store)
{
  static const struct { const char *name; const char *sig; gint64 t; } stored[] = {
    { "desk", SIG_DESK, 100 },
    { "desk-old", SIG_DESK, 50 },
    { "eDP-1", "eDP-1:1920x1200@0,0", 300 },
    { "laptop", SIG_LAPTOP, 200 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    {
      g_autoptr (QvLayout) layout = make_layout (stored[i].name, (int) i + 1,
                                                 stored[i].t, stored[i].sig);
      put_ok (store, "vm", layout);
    }
}

static QvMonitorSet *
desk_monitors (void)
{
  QvMonitorSet *set = qv_monitor_set_new ();

  qv_monitor_set_add (set, "HDMI-1", "Dell U2414H", &(QvRect) { 1920, 0, 1920, 1080 }, FALSE);
  qv_monitor_set_add (set, "DP-1", NULL, &(QvRect) { 0, 0, 1920, 1080 }, TRUE);
  return set;
}

static QvMonitorSet *
laptop_monitors (void)
{
  QvMonitorSet *set = qv_monitor_set_new ();

  qv_monitor_set_add (set, "eDP-1", NULL, &(QvRect) { 0, 0, 2560, 1600 }, TRUE);
  return set;
}

static void
assert_seed (const QvLayout *layout, int seed)
{
  const QvDisplayState *d = qv_layout_get_display (layout, 0);

  if (seed == 0)
    {
      for (guint i = 0; i < QV_MAX_DISPLAYS; i++)
        g_assert_null (qv_layout_get_display (layout, i));
      return;
    }
  g_assert_nonnull (d);
  g_assert_cmpint (d->window.x, ==, seed);
  g_assert_cmpint (d->window.width, ==, 640 + seed);
}

static void
test_choose (Fixture *f, gconstpointer data)
{
  const ChooseCase *c = data;
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvMonitorSet) monitors = c->laptop_monitors ? laptop_monitors () : desk_monitors ();
  g_autoptr (QvLayout) chosen = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *signature = qv_monitor_set_signature (monitors);
  gboolean is_new = !c->expected_new;

  g_test_message ("%s", c->what);
  fill_choose_store (store);
  chosen = qv_layout_store_choose (store, "vm", c->name, monitors, &is_new, &error);
  g_assert_no_error (error);
  g_assert_nonnull (chosen);
  g_assert_cmpstr (chosen->name, ==, c->expected_name);
  g_assert_cmpint (is_new, ==, c->expected_new);
  assert_seed (chosen, c->expected_seed);
  g_assert_cmpstr (chosen->signature, ==, signature);
  g_assert_cmpint (chosen->last_used, >, 300);

  /* Put back, it is the last used for these monitors from now on. */
  put_ok (store, "vm", chosen);
  {
    g_autoptr (QvLayout) next = qv_layout_store_choose (store, "vm", NULL, monitors, &is_new, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (next->name, ==, c->expected_name);
    g_assert_false (is_new);
    g_assert_cmpint (next->last_used, >, chosen->last_used - 1);
  }
}

static void
test_choose_new_monitors (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvMonitorSet) empty_vm_monitors = desk_monitors ();
  g_autoptr (QvMonitorSet) monitors = qv_monitor_set_new ();
  g_autoptr (QvLayout) first = NULL;
  g_autoptr (QvLayout) chosen = NULL;
  g_autoptr (QvLayout) again = NULL;
  g_autoptr (QvLayout) future = make_layout ("future", 9, G_MAXINT64 / 2, "x");
  gboolean is_new = FALSE;

  /* An unknown VM: a new, empty layout named after the monitors. */
  first = qv_layout_store_choose (store, "unknown", NULL, empty_vm_monitors, &is_new, NULL);
  g_assert_true (is_new);
  g_assert_cmpstr (first->name, ==, "DP-1+HDMI-1");
  assert_seed (first, 0);

  /* A monitor set never seen: seeded from the most recent layout (eDP-1,
   * t=300), named after the monitors; the name is taken by a layout for
   * other monitors, so it gets a number. */
  fill_choose_store (store);
  qv_monitor_set_add (monitors, "eDP-1", NULL, &(QvRect) { 0, 0, 1366, 768 }, TRUE);
  chosen = qv_layout_store_choose (store, "vm", NULL, monitors, &is_new, NULL);
  g_assert_true (is_new);
  g_assert_cmpstr (chosen->name, ==, "eDP-1 (2)");
  assert_seed (chosen, 3);
  put_ok (store, "vm", chosen);
  again = qv_layout_store_choose (store, "vm", NULL, monitors, &is_new, NULL);
  g_assert_false (is_new);
  g_assert_cmpstr (again->name, ==, "eDP-1 (2)");

  /* A clock behind the stored times still makes the choice the newest. */
  put_ok (store, "vm", future);
  g_clear_pointer (&again, qv_layout_free);
  again = qv_layout_store_choose (store, "vm", "desk", monitors, &is_new, NULL);
  g_assert_cmpint (again->last_used, ==, G_MAXINT64 / 2 + 1);
}

/* ---- Forgetting --------------------------------------------------------- */

static void
test_forget (Fixture *f, gconstpointer data)
{
  g_autoptr (QvLayoutStore) store = qv_layout_store_new (f->path);
  g_autoptr (QvLayoutStore) again = NULL;
  g_autoptr (QvLayout) desk = make_layout ("desk", 1, 10, "");
  g_autoptr (QvLayout) laptop = make_layout ("laptop", 2, 20, "");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) keys = NULL;

  put_ok (store, "keep", desk);
  put_ok (store, "drop", desk);
  put_ok (store, "drop", laptop);
  g_assert_true (qv_layout_store_set_vm_name (store, "drop", "dropped-vm", NULL));
  save_ok (store, "keep");
  save_ok (store, "drop");

  g_assert_true (qv_layout_store_forget_layout (store, "drop", "desk", &error));
  g_assert_no_error (error);
  g_assert_false (qv_layout_store_forget_layout (store, "drop", "desk", &error));
  g_assert_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  save_ok (store, "drop");
  again = load_ok (f->path);
  g_assert_null (qv_layout_store_get_layout (again, "drop", "desk"));
  g_assert_nonnull (qv_layout_store_get_layout (again, "drop", "laptop"));
  g_assert_nonnull (qv_layout_store_get_layout (again, "keep", "desk"));

  g_assert_true (qv_layout_store_forget_vm (store, "drop", &error));
  g_assert_no_error (error);
  g_assert_false (qv_layout_store_forget_vm (store, "drop", &error));
  g_assert_error (error, QV_LAYOUT_ERROR, QV_LAYOUT_ERROR_NOT_FOUND);
  save_ok (store, "drop");
  text = read_text (f->path, NULL);
  g_assert_null (strstr (text, "drop"));  /* groups and the name comment */
  g_clear_pointer (&again, qv_layout_store_free);
  again = load_ok (f->path);
  keys = qv_layout_store_list_vms (again);
  g_assert_cmpuint (g_strv_length (keys), ==, 1);
  g_assert_cmpstr (keys[0], ==, "keep");
}

typedef struct
{
  gboolean fullscreen;
  QvRect window, monitor;
  int menu;
  int want_w, want_h;
} GuestSizeCase;

static const GuestSizeCase guest_size_cases[] = {
  /* Normal: the window less its menu bar. */
  { FALSE, { 10, 20, 1024, 793 }, { 0, 0, 1920, 1200 }, 25, 1024, 768 },
  /* Fullscreen: the whole monitor, no menu bar. */
  { TRUE, { 10, 20, 1024, 793 }, { 1920, 0, 2560, 1440 }, 25, 2560, 1440 },
  /* Fullscreen on a monitor not known: the window. */
  { TRUE, { 0, 0, 800, 625 }, { 0, 0, 0, 0 }, 25, 800, 600 },
  /* Never below 1x1. */
  { FALSE, { 0, 0, 1, 10 }, { 0, 0, 1920, 1200 }, 25, 1, 1 },
};

static void
test_guest_size (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (guest_size_cases); i++)
    {
      const GuestSizeCase *c = &guest_size_cases[i];
      QvDisplayState state = { 0 };
      int w, h;

      state.fullscreen = c->fullscreen;
      state.window = c->window;
      state.monitor_geometry = c->monitor;
      qv_display_state_guest_size (&state, c->menu, &w, &h);
      g_assert_cmpint (w, ==, c->want_w);
      g_assert_cmpint (h, ==, c->want_h);
    }
}

/* A layout's heads: saved displays less the chrome, the rest at the
 * default size, counted up to the last enabled one. */
typedef struct
{
  const char *name;
  gboolean saved[QV_MAX_DISPLAYS];
  gboolean enabled[QV_MAX_DISPLAYS];
  int chrome;
  guint want_n;
  QvHead want[QV_MAX_DISPLAYS];
} GuestHeadsCase;

static const GuestHeadsCase guest_heads_cases[] = {
  { "none-saved", { FALSE }, { FALSE }, 25, 0,
    { { 1024, 768 }, { 1024, 768 }, { 1024, 768 }, { 1024, 768 } } },
  { "all-on", { TRUE, TRUE, TRUE, TRUE }, { TRUE, TRUE, TRUE, TRUE }, 25, 4,
    { { 900, 625 }, { 901, 626 }, { 902, 627 }, { 903, 628 } } },
  { "last-off", { TRUE, TRUE, TRUE, TRUE }, { TRUE, TRUE, FALSE, FALSE }, 32, 2,
    { { 900, 618 }, { 901, 619 }, { 902, 620 }, { 903, 621 } } },
  { "gap", { TRUE, FALSE, TRUE, FALSE }, { TRUE, FALSE, TRUE, FALSE }, 0, 3,
    { { 900, 650 }, { 1024, 768 }, { 902, 652 }, { 1024, 768 } } },
};

static void
test_guest_heads (gconstpointer data)
{
  const GuestHeadsCase *c = data;
  g_autoptr (QvLayout) layout = qv_layout_new ("default");
  QvHead heads[QV_MAX_DISPLAYS];

  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      layout->displays[i].saved = c->saved[i];
      layout->displays[i].enabled = c->enabled[i];
      layout->displays[i].window = (QvRect) { 0, 0, 900 + i, 650 + i };
    }
  g_assert_cmpuint (qv_layout_guest_heads (layout, c->chrome, heads), ==, c->want_n);
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      g_assert_cmpuint (heads[i].width, ==, c->want[i].width);
      g_assert_cmpuint (heads[i].height, ==, c->want[i].height);
    }
}

/* What qxl-tune --from-layout sizes for: whole windows (the menu bar is
 * not known outside the viewer), and the box of the heads standing as the
 * windows do, folded past 8192 px. */
typedef struct
{
  const char *name;
  gboolean arrange_windows;
  int n_saved;                   /* displays 1..n saved */
  gboolean off;                  /* display 2 switched off */
  gboolean fullscreen_4;         /* display 4 fullscreen on a 3840x2160 monitor */
  QvRect windows[QV_MAX_DISPLAYS];
  guint want_n;
  guint64 want_box_w, want_box_h;
} QxlHeadsCase;

static const QxlHeadsCase qxl_heads_cases[] = {
  { "row", TRUE, 4, FALSE, FALSE,
    { { 0, 0, 1920, 1105 }, { 2000, 0, 1920, 1105 }, { 4000, 0, 1920, 1105 }, { 6000, 0, 1920, 1105 } },
    4, 7680, 1105 },
  { "row-past-8192-folds", TRUE, 4, FALSE, FALSE,
    { { 0, 0, 2560, 1465 }, { 2600, 0, 2560, 1465 }, { 5200, 0, 2560, 1465 }, { 7800, 0, 2560, 1465 } },
    4, 5120, 2930 },
  { "column", TRUE, 2, FALSE, FALSE,
    { { 0, 0, 1280, 745 }, { 0, 800, 1280, 745 } }, 2, 1280, 1490 },
  { "grid", TRUE, 4, FALSE, FALSE,
    { { 0, 0, 1024, 793 }, { 1100, 0, 1024, 793 }, { 0, 850, 1024, 793 }, { 1100, 850, 1024, 793 } },
    4, 2048, 1586 },
  { "guest-arrangement", FALSE, 4, FALSE, FALSE,
    { { 0, 0, 2560, 1465 }, { 2600, 0, 2560, 1465 }, { 5200, 0, 2560, 1465 }, { 7800, 0, 2560, 1465 } },
    4, 0, 0 },
  { "second-off", TRUE, 3, TRUE, FALSE,
    { { 0, 0, 1024, 793 }, { 1100, 0, 1024, 793 }, { 2200, 0, 1024, 793 } }, 3, 2048, 793 },
  { "fullscreen", TRUE, 4, FALSE, TRUE,
    { { 0, 0, 1024, 793 }, { 1100, 0, 1024, 793 }, { 0, 850, 1024, 793 }, { 1920, 1000, 800, 600 } },
    4, 2 * 1024 + 3840, 2160 },
  { "nothing-saved", TRUE, 0, FALSE, FALSE, { { 0 } }, 0, 0, 0 },
};

static void
test_qxl_heads (gconstpointer data)
{
  const QxlHeadsCase *c = data;
  g_autoptr (QvLayout) layout = qv_layout_new ("default");
  QvHead heads[QV_MAX_DISPLAYS];
  guint n;
  guint64 box_w, box_h;

  for (int i = 0; i < c->n_saved; i++)
    {
      layout->displays[i].saved = TRUE;
      layout->displays[i].enabled = !(c->off && i == 1);
      layout->displays[i].window = c->windows[i];
    }
  if (c->fullscreen_4)
    {
      layout->displays[3].fullscreen = TRUE;
      layout->displays[3].monitor_geometry = (QvRect) { 1920, 0, 3840, 2160 };
    }
  qv_layout_qxl_heads (layout, c->arrange_windows, heads, &n, &box_w, &box_h);
  g_assert_cmpuint (n, ==, c->want_n);
  g_assert_cmpuint (box_w, ==, c->want_box_w);
  g_assert_cmpuint (box_h, ==, c->want_box_h);
  /* Heads are the whole windows (or the monitor, fullscreen). */
  for (guint i = 0; i < n; i++)
    if (layout->displays[i].saved && !layout->displays[i].fullscreen)
      {
        g_assert_cmpuint (heads[i].width, ==, (guint) c->windows[i].width);
        g_assert_cmpuint (heads[i].height, ==, (guint) c->windows[i].height);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layout/guest-size", test_guest_size);
  for (guint i = 0; i < G_N_ELEMENTS (qxl_heads_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/layout/qxl-heads/%s", qxl_heads_cases[i].name);

      g_test_add_data_func (path, &qxl_heads_cases[i], test_qxl_heads);
    }
  for (guint i = 0; i < G_N_ELEMENTS (guest_heads_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/layout/guest-heads/%s", guest_heads_cases[i].name);

      g_test_add_data_func (path, &guest_heads_cases[i], test_guest_heads);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/layout/round-trip", test_round_trip);
  ADD ("/layout/sample-file", test_sample_file);
  ADD ("/layout/missing-file", test_missing_file);
  ADD ("/layout/write-clamps", test_write_clamps);
  ADD ("/layout/invalid-names", test_invalid_names);
  ADD ("/layout/choose-new-monitors", test_choose_new_monitors);
  ADD ("/layout/forget", test_forget);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (choose_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/layout/choose/%u", i);

      g_test_add (path, Fixture, &choose_cases[i], fixture_setup, test_choose, fixture_teardown);
    }
  return g_test_run ();
}
