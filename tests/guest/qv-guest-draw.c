/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Demo guest: what each head shows.
 *
 * Head N is filled with its own colour and shows the digit N in white,
 * about half the head's height, centred; in animation mode a darker bar
 * of the head's colour sweeps across it, under the digit, so the head's
 * colour stays dominant for the tests' pixel checks. */
#include "qv-guest.h"
#include "qv-guest-colors.h"

#define GLYPH_W 5
#define GLYPH_H 7

/* 5x7 digits, one byte per row, bit 4 = leftmost column. */
static const uint8_t glyphs[10][GLYPH_H] = {
  { 0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E },
  { 0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E },
  { 0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F },
  { 0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E },
  { 0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02 },
  { 0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E },
  { 0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E },
  { 0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08 },
  { 0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E },
  { 0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C },
};

static const uint32_t head_colors[QV_GUEST_MAX_HEADS] = {
  QV_GUEST_COLOR_HEAD1, QV_GUEST_COLOR_HEAD2,
  QV_GUEST_COLOR_HEAD3, QV_GUEST_COLOR_HEAD4,
};

uint32_t
qv_guest_head_color (unsigned index)
{
  return head_colors[index % QV_GUEST_MAX_HEADS];
}

/* Where the digit sits inside a head, in head coordinates. */
typedef struct {
  uint32_t x, y, scale;
} Glyph;

static Glyph
glyph_place (const QvGuestHead *head)
{
  Glyph g;
  uint32_t sx = head->width * 6 / 10 / GLYPH_W;
  uint32_t sy = head->height / 2 / GLYPH_H;

  g.scale = sx < sy ? sx : sy;
  if (g.scale == 0)
    g.scale = 1;
  g.x = (head->width - g.scale * GLYPH_W) / 2;
  g.y = (head->height - g.scale * GLYPH_H) / 2;
  return g;
}

int
qv_guest_bar_width (const QvGuestHead *head)
{
  int w = (int) head->width / 16;
  return w < 8 ? 8 : w;
}

/* Left edge of the bar for animation step pos, or -1 for no bar. */
int
qv_guest_bar_left (const QvGuestHead *head, int pos)
{
  int span = (int) head->width - qv_guest_bar_width (head);
  int step = (int) head->width / 40;

  if (pos < 0 || span <= 0)
    return -1;
  if (step < 4)
    step = 4;
  return (int) (((int64_t) pos * step) % span);
}

static void
fill (uint32_t *row, int from, int to, uint32_t value)
{
  for (int i = from; i < to; i++)
    row[i] = value;
}

/* Draws columns [x0, x1) of the head (head coordinates). */
static void
draw_columns (uint8_t *fb, uint32_t pitch, const QvGuestHead *head,
              unsigned index, int bar_pos, int x0, int x1)
{
  uint32_t bg = qv_guest_head_color (index);
  uint32_t bar = (bg >> 1) & 0x7F7F7Fu;
  const uint8_t *glyph = glyphs[(index + 1) % 10];
  Glyph g = glyph_place (head);
  int bl = qv_guest_bar_left (head, bar_pos);
  int br = bl + qv_guest_bar_width (head);

  if (x0 < 0)
    x0 = 0;
  if (x1 > (int) head->width)
    x1 = (int) head->width;
  if (x0 >= x1)
    return;

  for (uint32_t y = 0; y < head->height; y++)
    {
      uint32_t *row = (uint32_t *) (fb + (size_t) (head->y + y) * pitch) + head->x;

      fill (row, x0, x1, 0xFF000000u | bg);
      if (bl >= 0)
        fill (row, bl > x0 ? bl : x0, br < x1 ? br : x1, 0xFF000000u | bar);
      if (y < g.y || y >= g.y + g.scale * GLYPH_H)
        continue;
      uint8_t bits = glyph[(y - g.y) / g.scale];
      for (int c = 0; c < GLYPH_W; c++)
        {
          if (!(bits & (0x10 >> c)))
            continue;
          int l = (int) (g.x + (uint32_t) c * g.scale);
          int r = l + (int) g.scale;
          fill (row, l > x0 ? l : x0, r < x1 ? r : x1,
                0xFF000000u | QV_GUEST_COLOR_DIGIT);
        }
    }
}

void
qv_guest_draw_head (uint8_t *fb, uint32_t pitch, const QvGuestHead *head,
                    unsigned index, int bar_pos)
{
  draw_columns (fb, pitch, head, index, bar_pos, 0, (int) head->width);
}

void
qv_guest_draw_bar_step (uint8_t *fb, uint32_t pitch, const QvGuestHead *head,
                        unsigned index, int old_pos, int new_pos)
{
  int bw = qv_guest_bar_width (head);
  int ol = qv_guest_bar_left (head, old_pos);
  int nl = qv_guest_bar_left (head, new_pos);

  /* Only the columns the bar leaves or enters change. */
  if (ol >= 0)
    draw_columns (fb, pitch, head, index, new_pos, ol, ol + bw);
  if (nl >= 0)
    draw_columns (fb, pitch, head, index, new_pos, nl, nl + bw);
}

/* A triangle wave 0..255..0 over a period of 512. */
static uint32_t
ramp (int v)
{
  int t = v & 511;

  return (uint32_t) (t < 256 ? t : 511 - t);
}

void
qv_guest_draw_video (uint8_t *fb, uint32_t pitch, uint32_t x, uint32_t y, uint32_t w,
                     uint32_t h, int frame)
{
  for (uint32_t j = 0; j < h; j++)
    {
      uint32_t *row = (uint32_t *) (fb + (size_t) (y + j) * pitch) + x;

      for (uint32_t i = 0; i < w; i++)
        {
          int a = (int) i, b = (int) j;

          row[i] = ramp (a + 7 * frame) << 16 | ramp (b * 2 + 5 * frame) << 8 |
                   ramp (a + b + 11 * frame);
        }
    }
}
