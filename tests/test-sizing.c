/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sizing formulas against every reference row of the spec, and the
 * limits. */
#include "qv-sizing.h"

typedef struct {
  const char *name;
  const char *heads[QV_MAX_DISPLAYS + 2];
  guint64 primary;
  guint64 vgamem, ram, vram64;
  gboolean warns;          /* a soft-limit warning is expected */
  gboolean limit;          /* QV_SIZING_ERROR_LIMIT is expected */
} SizingCase;

/* The reference values of docs/qxl-sizing.md, and more rows. */
static const SizingCase reference[] = {
  { "1x1920x1080", { "1920x1080" }, 8100, 16384, 65536, 0, FALSE, FALSE },
  { "2x2560x1440", { "2560x1440", "2560x1440" }, 28800, 32768, 131072, 0, FALSE, FALSE },
  { "4x1920x1200", { "1920x1200", "1920x1200", "1920x1200", "1920x1200" }, 36000, 65536, 262144, 131072, FALSE, FALSE },
  { "4x2560x1600", { "2560x1600", "2560x1600", "2560x1600", "2560x1600" }, 64000, 65536, 262144, 131072, TRUE, FALSE },
  { "2560x1440+1920x1080", { "2560x1440", "1920x1080" }, 25200, 32768, 131072, 0, FALSE, FALSE },
  { "3x3840x2160", { "3840x2160", "3840x2160", "3840x2160" }, 97200, 131072, 524288, 262144, TRUE, FALSE },
  { "4x3840x2160", { "3840x2160", "3840x2160", "3840x2160", "3840x2160" }, 129600, 131072, 524288, 262144, TRUE, FALSE },
  { "4x7680x4320", { "7680x4320", "7680x4320", "7680x4320", "7680x4320" }, 518400, 0, 0, 0, TRUE, TRUE },
  /* Beyond the table: edges of the limits. */
  { "tiny", { "640x480" }, 1200, 16384, 65536, 0, FALSE, FALSE },
  { "tall-head", { "1024x9000" }, 36000, 65536, 262144, 131072, TRUE, FALSE },
  { "vgamem-256MiB", { "8192x8000" }, 256000, 262144, 524288, 524288, FALSE, FALSE },
  { "five-heads", { "800x600", "800x600", "800x600", "800x600", "800x600" }, 0, 0, 0, 0, FALSE, TRUE },
};

static guint
parse_heads (const SizingCase *c, QvHead *heads)
{
  guint n = 0;

  for (; c->heads[n]; n++)
    if (n < QV_MAX_DISPLAYS)
      g_assert_true (qv_sizing_parse_head (c->heads[n], &heads[n], NULL));
  return n;
}

static void
test_reference (gconstpointer data)
{
  const SizingCase *c = data;
  QvHead heads[QV_MAX_DISPLAYS] = { 0 };
  QvQxlValues v = { 0 };
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  guint n = parse_heads (c, heads);
  /* The table is for heads side by side. */
  const QvQxlOverrides row = { .arrange = QV_ARRANGE_ROW };
  gboolean ok = qv_sizing_compute (heads, n, 0, &row, &v, warnings, &error);

  if (c->limit)
    {
      g_assert_false (ok);
      g_assert_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT);
      return;
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (qv_sizing_primary_kib (heads, n, QV_ARRANGE_ROW), ==, c->primary);
  g_assert_cmpuint (v.heads, ==, n);
  g_assert_cmpuint (v.vgamem, ==, c->vgamem);
  g_assert_cmpuint (v.ram, ==, c->ram);
  g_assert_cmpuint (v.vram, ==, QV_QXL_DEFAULT_VRAM);
  g_assert_cmpuint (v.vram64, ==, c->vram64);
  g_assert_cmpuint (warnings->len > 0, ==, c->warns);
  /* Invariants the spec promises for every result. */
  g_assert_cmpuint (v.ram, >=, 2 * v.vgamem);
  g_assert_cmpuint (v.ram, <=, QV_QXL_MAX_RAM);
  g_assert_cmpuint (v.vgamem & (v.vgamem - 1), ==, 0);
  g_assert_cmpuint (v.ram & (v.ram - 1), ==, 0);
}

/* The primary surface is the bounding box of the arrangement
 * (docs/qxl-sizing.md, "The arrangement"). */
typedef struct {
  const char *name;
  const char *heads[QV_MAX_DISPLAYS + 1];
  QvArrangeMode mode;
  QvArrangeMode used;
  guint64 box_w, box_h, vgamem;
  gboolean warns;
} ArrangeCase;

static const ArrangeCase arrange_cases[] = {
  /* A row that fits stays a row. */
  { "auto-row-fits", { "1920x1080", "1920x1080", "1920x1080", "1920x1080" }, QV_ARRANGE_AUTO,
    QV_ARRANGE_ROW, 7680, 1080, 32768, FALSE },
  /* The spec's measured cases: 2x2 lights where the row cannot. */
  { "auto-4x1440p-grid", { "2560x1440", "2560x1440", "2560x1440", "2560x1440" }, QV_ARRANGE_AUTO,
    QV_ARRANGE_GRID, 5120, 2880, 65536, FALSE },
  { "auto-4x4k-grid", { "3840x2160", "3840x2160", "3840x2160", "3840x2160" }, QV_ARRANGE_AUTO,
    QV_ARRANGE_GRID, 7680, 4320, 131072, FALSE },
  /* 2+1: a larger box than the row's area. */
  { "auto-3x4k-grid", { "3840x2160", "3840x2160", "3840x2160" }, QV_ARRANGE_AUTO, QV_ARRANGE_GRID,
    7680, 4320, 131072, FALSE },
  { "row-forced-too-wide", { "2560x1440", "2560x1440", "2560x1440", "2560x1440" }, QV_ARRANGE_ROW,
    QV_ARRANGE_ROW, 10240, 1440, 65536, TRUE },
  { "grid-forced", { "1920x1080", "1280x1024", "800x600" }, QV_ARRANGE_GRID, QV_ARRANGE_GRID, 3200,
    1680, 32768, FALSE },
  /* Nothing fits: the row, and a warning. */
  { "auto-nothing-fits", { "7680x4320", "7680x4320" }, QV_ARRANGE_AUTO, QV_ARRANGE_ROW, 15360, 4320,
    262144, TRUE },
};

static void
test_arrange (gconstpointer data)
{
  const ArrangeCase *c = data;
  QvHead heads[QV_MAX_DISPLAYS] = { 0 };
  QvQxlOverrides ov = { .arrange = c->mode };
  QvQxlValues v = { 0 };
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  guint64 w, h;
  guint n = 0;

  for (; c->heads[n]; n++)
    g_assert_true (qv_sizing_parse_head (c->heads[n], &heads[n], NULL));
  g_assert_cmpint (qv_sizing_box (heads, n, c->mode, &w, &h), ==, c->used);
  g_assert_cmpuint (w, ==, c->box_w);
  g_assert_cmpuint (h, ==, c->box_h);
  g_assert_true (qv_sizing_compute (heads, n, 0, &ov, &v, warnings, &error));
  g_assert_cmpuint (v.vgamem, ==, c->vgamem);
  g_assert_cmpuint (warnings->len > 0, ==, c->warns);
}

typedef struct {
  const char *text;
  gboolean ok;
  guint w, h;
} HeadCase;

static const HeadCase head_cases[] = {
  { "1920x1080", TRUE, 1920, 1080 },
  { "800X600", TRUE, 800, 600 },
  { "65535x1", TRUE, 65535, 1 },
  { "0x600", FALSE }, { "800x0", FALSE }, { "x600", FALSE }, { "800x", FALSE },
  { "800*600", FALSE }, { "-800x600", FALSE }, { "800x600x", FALSE }, { "", FALSE },
  { "65536x600", FALSE }, { "99999999999999999999x1", FALSE }, { " 800x600", FALSE },
};

static void
test_parse_head (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (head_cases); i++)
    {
      const HeadCase *c = &head_cases[i];
      QvHead h = { 0 };
      g_autoptr (GError) error = NULL;
      gboolean ok = qv_sizing_parse_head (c->text, &h, &error);

      g_test_message ("head '%s'", c->text);
      g_assert_cmpint (ok, ==, c->ok);
      if (ok)
        {
          g_assert_cmpuint (h.width, ==, c->w);
          g_assert_cmpuint (h.height, ==, c->h);
        }
      else
        g_assert_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_INVALID);
    }
}

typedef struct {
  const char *text;
  gboolean ok;
  guint64 kib;
} SizeCase;

static const SizeCase size_cases[] = {
  { "65536", TRUE, 65536 }, { "64M", TRUE, 65536 }, { "64MiB", TRUE, 65536 }, { "2G", TRUE, 2097152 },
  { "512k", TRUE, 512 }, { "0", TRUE, 0 }, { "12X", FALSE }, { "", FALSE }, { "-1", FALSE },
  { "99999999999999", FALSE }, { "5000G", FALSE },
};

static void
test_parse_size (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (size_cases); i++)
    {
      guint64 v = 0;
      gboolean ok = qv_sizing_parse_size (size_cases[i].text, &v, NULL);

      g_test_message ("size '%s'", size_cases[i].text);
      g_assert_cmpint (ok, ==, size_cases[i].ok);
      if (ok)
        g_assert_cmpuint (v, ==, size_cases[i].kib);
    }
}

typedef struct {
  const char *name;
  QvQxlOverrides ov;
  guint64 current_vram;
  gboolean ok;
  guint64 ram, vram, vram64, vgamem;
} OverrideCase;

/* All for 4 x 1920x1200 (primary 36000 KiB). */
static const OverrideCase override_cases[] = {
  { "write-up-vram64", { .vram64 = 2097152 }, 0, TRUE, 262144, 65536, 2097152, 65536 },
  { "vram64-none", { .vram64 = QV_VRAM64_NONE }, 0, TRUE, 262144, 65536, 0, 65536 },
  { "vram64-rounded", { .vram64 = 200000 }, 0, TRUE, 262144, 65536, 262144, 65536 },
  { "vram64-not-above-vram", { .vram64 = 65536 }, 0, FALSE },
  { "vgamem-too-small", { .vgamem = 32768 }, 0, FALSE },
  { "vgamem-too-large", { .vgamem = 524288 }, 0, FALSE },
  { "vgamem-bigger", { .vgamem = 131072 }, 0, TRUE, 524288, 65536, 262144, 131072 },
  { "ram-below-2x", { .ram = 65536 }, 0, FALSE },
  { "ram-above-cap", { .ram = 1048576 }, 0, FALSE },
  { "ram-2x", { .ram = 131072 }, 0, TRUE, 131072, 65536, 131072, 65536 },
  { "large-vram-no-vram64", { 0 }, 262144, TRUE, 262144, 262144, 0, 65536 },
  { "vram-override", { .vram = 131072 }, 0, TRUE, 262144, 131072, 0, 65536 },
};

static void
test_overrides (gconstpointer data)
{
  const OverrideCase *c = data;
  QvHead heads[4] = { { 1920, 1200 }, { 1920, 1200 }, { 1920, 1200 }, { 1920, 1200 } };
  QvQxlValues v = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean ok = qv_sizing_compute (heads, 4, c->current_vram, &c->ov, &v, NULL, &error);

  g_assert_cmpint (ok, ==, c->ok);
  if (!ok)
    {
      g_assert_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT);
      return;
    }
  g_assert_cmpuint (v.ram, ==, c->ram);
  g_assert_cmpuint (v.vram, ==, c->vram);
  g_assert_cmpuint (v.vram64, ==, c->vram64);
  g_assert_cmpuint (v.vgamem, ==, c->vgamem);
}

static void
test_windows_plan (void)
{
  QvHead heads[3] = { { 2560, 1440 }, { 1920, 1080 }, { 3840, 2160 } };
  QvQxlValues v[QV_MAX_DISPLAYS];
  g_autoptr (GError) error = NULL;
  guint n = qv_sizing_plan (QV_GUEST_WINDOWS, heads, 3, NULL, NULL, v, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  /* Each device is sized for its own single head. */
  g_assert_cmpuint (v[0].heads, ==, 1);
  g_assert_cmpuint (v[0].vgamem, ==, 16384); /* 14400 KiB */
  g_assert_cmpuint (v[1].vgamem, ==, 16384);
  g_assert_cmpuint (v[2].vgamem, ==, 32768); /* 32400 KiB */
  g_assert_cmpuint (v[2].ram, ==, 131072);
  g_assert_cmpuint (v[2].vram64, ==, 0);

  n = qv_sizing_plan (QV_GUEST_LINUX, heads, 3, NULL, NULL, v, NULL, &error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (v[0].heads, ==, 3);
  /* 8320 px in a row: past the driver's 8192; as a grid 4480x3600, 63000 KiB. */
  g_assert_cmpuint (v[0].vgamem, ==, 65536);
}

/* A box given (a saved layout's arrangement) is what vgamem covers,
 * whatever @arrange says; past 8192 px it warns as arranged. */
typedef struct {
  const char *name;
  guint64 box_w, box_h;
  guint64 want_vgamem;
  gboolean want_warning;
} BoxCase;

static const BoxCase box_cases[] = {
  { "folded-2x2", 5120, 2930, 65536, FALSE },
  { "column-of-two", 1280, 1490, 16384, FALSE },
  { "l-shape", 5888, 2160, 65536, FALSE },
  { "too-wide", 10240, 1465, 65536, TRUE },
};

static void
test_box (gconstpointer data)
{
  const BoxCase *c = data;
  QvHead heads[4] = { { 2560, 1465 }, { 2560, 1465 }, { 2560, 1465 }, { 2560, 1465 } };
  QvQxlOverrides ov = { .arrange = QV_ARRANGE_ROW, .box_width = c->box_w, .box_height = c->box_h };
  QvQxlValues v;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  g_assert_true (qv_sizing_compute (heads, 4, 0, &ov, &v, warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (v.vgamem, ==, c->want_vgamem);
  g_assert_cmpuint (warnings->len > 0, ==, c->want_warning);
  if (c->want_warning)
    g_assert_nonnull (strstr (warnings->pdata[0], "as arranged"));
}

static void
test_pow2 (void)
{
  static const guint64 in[] = { 0, 1, 2, 3, 1000, 1024, 1025, 36000 };
  static const guint64 out[] = { 1, 1, 2, 4, 1024, 1024, 2048, 65536 };

  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    g_assert_cmpuint (qv_sizing_pow2ceil (in[i]), ==, out[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (arrange_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sizing/arrange/%s", arrange_cases[i].name);

      g_test_add_data_func (path, &arrange_cases[i], test_arrange);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reference); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sizing/reference/%s", reference[i].name);
      g_test_add_data_func (path, &reference[i], test_reference);
    }
  for (guint i = 0; i < G_N_ELEMENTS (override_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sizing/override/%s", override_cases[i].name);
      g_test_add_data_func (path, &override_cases[i], test_overrides);
    }
  g_test_add_func ("/sizing/parse-head", test_parse_head);
  g_test_add_func ("/sizing/parse-size", test_parse_size);
  g_test_add_func ("/sizing/windows-plan", test_windows_plan);
  g_test_add_func ("/sizing/pow2", test_pow2);
  for (gsize i = 0; i < G_N_ELEMENTS (box_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sizing/box/%s", box_cases[i].name);

      g_test_add_data_func (path, &box_cases[i], test_box);
    }
  return g_test_run ();
}
