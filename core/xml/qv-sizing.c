/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QXL sizing: the formulas and limits of docs/qxl-sizing.md. */
#include "qv-sizing.h"

#include "qv-i18n.h"
#include <inttypes.h>

#include <errno.h>
#include <stdlib.h>

G_DEFINE_QUARK (qv-sizing-error-quark, qv_sizing_error)

guint64
qv_sizing_pow2ceil (guint64 value)
{
  guint64 p = 1;

  if (value > (G_GUINT64_CONSTANT (1) << 63))
    return 0; /* would overflow; callers bound their inputs far below */
  while (p < value)
    p <<= 1;
  return p;
}

static gboolean
parse_uint (const char *text, guint64 max, guint64 *out, const char **end)
{
  char *e = NULL;
  guint64 v;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (text, &e, 10);
  if (errno != 0 || v > max)
    return FALSE;
  *out = v;
  *end = e;
  return TRUE;
}

gboolean
qv_sizing_parse_head (const char *text, QvHead *head, GError **error)
{
  guint64 w, h;
  const char *p = text;

  if (!parse_uint (p, QV_MAX_DIMENSION, &w, &p) || (*p != 'x' && *p != 'X') ||
      !parse_uint (p + 1, QV_MAX_DIMENSION, &h, &p) || *p != '\0' || w == 0 || h == 0)
    {
      g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_INVALID,
                   _("'%s' is not a resolution WIDTHxHEIGHT (1 to %u pixels each)"),
                   text, QV_MAX_DIMENSION);
      return FALSE;
    }
  head->width = (guint) w;
  head->height = (guint) h;
  return TRUE;
}

/* Sizes are KiB (libvirt's unit); K, M and G suffixes for convenience. */
gboolean
qv_sizing_parse_size (const char *text, guint64 *kib, GError **error)
{
  guint64 v, mult = 1;
  const char *p = text;

  if (!parse_uint (p, G_MAXUINT32, &v, &p))
    goto bad;
  switch (g_ascii_toupper (*p))
    {
    case '\0': break;
    case 'K': mult = 1; p++; break;
    case 'M': mult = 1024; p++; break;
    case 'G': mult = 1024 * 1024; p++; break;
    default: goto bad;
    }
  if (g_ascii_toupper (*p) == 'I')
    p++;
  if (g_ascii_toupper (*p) == 'B')
    p++;
  if (*p != '\0' || v > G_MAXUINT32 / mult)
    goto bad;
  *kib = v * mult;
  return TRUE;

bad:
  g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_INVALID,
               _("'%s' is not a size in KiB (suffixes K, M, G allowed)"), text);
  return FALSE;
}

/* The box of @heads in rows of @columns, in display order. */
static void
rows_box (const QvHead *heads, guint n_heads, guint columns, guint64 *width, guint64 *height)
{
  *width = *height = 0;
  for (guint start = 0; start < n_heads; start += columns)
    {
      guint64 row_w = 0, row_h = 0;

      for (guint i = start; i < n_heads && i < start + columns; i++)
        {
          row_w += heads[i].width;
          row_h = MAX (row_h, heads[i].height);
        }
      *width = MAX (*width, row_w);
      *height += row_h;
    }
}

static guint
grid_columns (guint n_heads)
{
  guint columns = 1;

  while (columns * columns < n_heads)
    columns++;
  return columns;
}

QvArrangeMode
qv_sizing_box (const QvHead *heads, guint n_heads, QvArrangeMode mode, guint64 *width,
               guint64 *height)
{
  guint64 grid_w, grid_h;

  if (mode == QV_ARRANGE_GRID)
    {
      rows_box (heads, n_heads, grid_columns (n_heads), width, height);
      return QV_ARRANGE_GRID;
    }
  rows_box (heads, n_heads, MAX (n_heads, 1), width, height);
  if (mode == QV_ARRANGE_ROW || (*width <= QV_QXL_MAX_FB && *height <= QV_QXL_MAX_FB))
    return QV_ARRANGE_ROW;
  rows_box (heads, n_heads, grid_columns (n_heads), &grid_w, &grid_h);
  if (grid_w > QV_QXL_MAX_FB || grid_h > QV_QXL_MAX_FB)
    return QV_ARRANGE_ROW;
  *width = grid_w;
  *height = grid_h;
  return QV_ARRANGE_GRID;
}

guint64
qv_sizing_primary_kib (const QvHead *heads, guint n_heads, QvArrangeMode mode)
{
  guint64 width, height;

  qv_sizing_box (heads, n_heads, mode, &width, &height);
  return (width * height * 4 + 1023) / 1024;
}

static guint64
round_override (guint64 value, const char *what, GPtrArray *warnings)
{
  guint64 p = qv_sizing_pow2ceil (value);

  if (p != value && warnings)
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("%s %" PRIu64 " KiB rounded up to the power of two %"
                                      PRIu64 " KiB, as libvirt would"),
                                      what, value, p));
  return p;
}

gboolean
qv_sizing_compute (const QvHead *heads,
                   guint n_heads,
                   guint64 current_vram,
                   const QvQxlOverrides *overrides,
                   QvQxlValues *out,
                   GPtrArray *warnings,
                   GError **error)
{
  static const QvQxlOverrides none = { 0 };
  const QvQxlOverrides *ov = overrides ? overrides : &none;
  guint64 primary, vgamem, ram, vram, vram64, box_w, box_h;
  QvArrangeMode used;

  if (n_heads == 0)
    {
      g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_INVALID, _("no display given"));
      return FALSE;
    }
  if (n_heads > QV_MAX_DISPLAYS)
    {
      g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT,
                   _("%u heads requested; one QXL device drives at most %d"), n_heads, QV_MAX_DISPLAYS);
      return FALSE;
    }

  if (ov->box_width > 0 && ov->box_height > 0)
    {
      used = QV_ARRANGE_AUTO; /* as given: neither a row nor a grid */
      box_w = ov->box_width;
      box_h = ov->box_height;
    }
  else
    used = qv_sizing_box (heads, n_heads, ov->arrange, &box_w, &box_h);
  primary = (box_w * box_h * 4 + 1023) / 1024;

  if (ov->vgamem)
    {
      vgamem = round_override (ov->vgamem, "vgamem", warnings);
      if (vgamem < primary)
        {
          g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT,
                       _("vgamem %" PRIu64 " KiB is smaller than the layout's primary surface (%"
                       PRIu64 " KiB): the guest could not light these heads"),
                       vgamem, primary);
          return FALSE;
        }
    }
  else
    vgamem = qv_sizing_pow2ceil (MAX (primary, QV_QXL_DEFAULT_VGAMEM));

  if (vgamem > QV_QXL_MAX_VGAMEM)
    {
      g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT,
                   _("layout needs %" PRIu64 " MiB of vgamem; QEMU supports at most %d MiB"),
                   vgamem / 1024, QV_QXL_MAX_VGAMEM / 1024);
      return FALSE;
    }
  if (vgamem < QV_QXL_MIN_VGAMEM)
    {
      g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT,
                   _("vgamem %" PRIu64 " KiB is below libvirt's minimum of %d KiB"),
                   vgamem, QV_QXL_MIN_VGAMEM);
      return FALSE;
    }

  if (ov->ram)
    {
      ram = round_override (ov->ram, "ram", warnings);
      if (ram < 2 * vgamem || ram > QV_QXL_MAX_RAM)
        {
          g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT,
                       _("ram %" PRIu64 " KiB out of range: QEMU needs 2 × vgamem (%"
                       PRIu64 " KiB) to %d KiB"),
                       ram, 2 * vgamem, QV_QXL_MAX_RAM);
          return FALSE;
        }
    }
  else
    ram = MIN (4 * vgamem, (guint64) QV_QXL_MAX_RAM);

  if (ov->vram)
    vram = round_override (ov->vram, "vram", warnings);
  else
    vram = current_vram ? current_vram : QV_QXL_DEFAULT_VRAM;

  if (ov->vram64 == QV_VRAM64_NONE)
    vram64 = 0;
  else if (ov->vram64)
    {
      vram64 = round_override (ov->vram64, "vram64", warnings);
      if (vram64 <= vram)
        {
          g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT,
                       _("vram64 %" PRIu64 " KiB must be larger than vram (%"
                       PRIu64 " KiB), or 0 for none"),
                       vram64, vram);
          return FALSE;
        }
    }
  else
    {
      vram64 = qv_sizing_pow2ceil (2 * vgamem);
      if (vram64 <= vram)
        vram64 = 0;
    }

  if (warnings && MAX (vram, vram64) < 2 * vgamem)
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("surface memory (vram %" PRIu64 ", vram64 %" PRIu64
                                        " KiB) is below 2 × vgamem (%" PRIu64 " KiB)"),
                                      vram, vram64, 2 * vgamem));

  for (guint i = 0; i < n_heads; i++)
    if (heads[i].height > QV_QXL_MAX_FB && warnings)
      g_ptr_array_add (warnings,
                       g_strdup_printf (_("head %u is %u px high; the Linux qxl driver handles at most %d"),
                                        i + 1, heads[i].height, QV_QXL_MAX_FB));
  if ((box_w > QV_QXL_MAX_FB || box_h > QV_QXL_MAX_FB) && warnings)
    g_ptr_array_add (warnings,
                     g_strdup_printf (used == QV_ARRANGE_GRID
                                        ? _("heads in a grid are %" PRIu64 "x%" PRIu64
                                            " px; the Linux qxl driver handles at most %d a side, "
                                            "so the guest will not light all heads at this size")
                                        : used == QV_ARRANGE_ROW
                                        ? _("heads side by side are %" PRIu64 "x%" PRIu64
                                            " px; the Linux qxl driver handles at most %d a side, "
                                            "so the guest will not light all heads at this size")
                                        : _("heads as arranged are %" PRIu64 "x%" PRIu64
                                            " px; the Linux qxl driver handles at most %d a side, "
                                            "so the guest will not light all heads at this size"),
                                      box_w, box_h, QV_QXL_MAX_FB));

  out->heads = n_heads;
  out->ram = ram;
  out->vram = vram;
  out->vram64 = vram64;
  out->vgamem = vgamem;
  return TRUE;
}

guint
qv_sizing_plan (QvGuestOs guest,
                const QvHead *heads,
                guint n_heads,
                const guint64 *current_vram,
                const QvQxlOverrides *overrides,
                QvQxlValues *out,
                GPtrArray *warnings,
                GError **error)
{
  if (n_heads == 0)
    {
      g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_INVALID, _("no display given"));
      return 0;
    }
  if (n_heads > QV_MAX_DISPLAYS)
    {
      g_set_error (error, QV_SIZING_ERROR, QV_SIZING_ERROR_LIMIT,
                   _("%u displays requested; at most %d are supported"), n_heads, QV_MAX_DISPLAYS);
      return 0;
    }
  if (guest == QV_GUEST_LINUX)
    return qv_sizing_compute (heads, n_heads, current_vram ? current_vram[0] : 0,
                              overrides, &out[0], warnings, error) ? 1 : 0;

  /* Windows: the driver runs one head per device, so one device per head. */
  for (guint i = 0; i < n_heads; i++)
    if (!qv_sizing_compute (&heads[i], 1, current_vram ? current_vram[i] : 0,
                            overrides, &out[i], warnings, error))
      return 0;
  return n_heads;
}
