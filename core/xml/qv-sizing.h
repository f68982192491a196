/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* QXL sizing as specified in docs/qxl-sizing.md. All sizes are KiB,
 * libvirt's unit for ram, vram, vram64 and vgamem. */

/* Guest displays, QXL heads, layout displays: one number. The Linux qxl
 * driver's default num_heads is 4, and the design is for up to four. */
#define QV_MAX_DISPLAYS 4
#define QV_QXL_DEFAULT_RAM 65536
#define QV_QXL_DEFAULT_VRAM 65536
#define QV_QXL_DEFAULT_VGAMEM 16384
#define QV_QXL_MIN_VGAMEM 1024     /* libvirt's lower bound */
#define QV_QXL_MAX_VGAMEM 262144   /* QEMU clamps vgamem_mb to 256 */
#define QV_QXL_MAX_RAM 524288      /* QEMU caps the primary's ram BAR at 512 MiB */
#define QV_QXL_MAX_FB 8192         /* Linux qxl KMS framebuffer limit, px */
#define QV_MAX_DIMENSION 65535     /* refuse absurd head sizes early */

typedef enum {
  QV_GUEST_LINUX,
  QV_GUEST_WINDOWS,
} QvGuestOs;

typedef struct {
  guint width;
  guint height;
} QvHead;

/* One QXL device. vram64 == 0 means "no vram64 attribute". */
typedef struct {
  guint heads;
  guint64 ram;
  guint64 vram;
  guint64 vram64;
  guint64 vgamem;
} QvQxlValues;

/* How the guest arranges the heads, which sets the primary surface: the
 * bounding box of the heads (the Linux qxl driver scans every head out of
 * one framebuffer of at most QV_QXL_MAX_FB a side). */
typedef enum {
  QV_ARRANGE_AUTO, /* a row if it fits, else the smallest grid that does */
  QV_ARRANGE_ROW,  /* side by side */
  QV_ARRANGE_GRID, /* rows of ceil(sqrt(n)) heads: 2x2 for 3 or 4 */
} QvArrangeMode;

/* Explicit user choices; 0 means "compute it". vram64 has a third state,
 * QV_VRAM64_NONE, for "--vram64 0": never write one. */
#define QV_VRAM64_NONE G_MAXUINT64
typedef struct {
  guint64 ram;
  guint64 vram;
  guint64 vram64;
  guint64 vgamem;
  QvArrangeMode arrange;
  /* The heads' bounding box when the arrangement is known (a saved
   * layout: qv_layout_qxl_heads); 0: from @arrange. */
  guint64 box_width, box_height;
} QvQxlOverrides;

#define QV_SIZING_ERROR (qv_sizing_error_quark ())
GQuark qv_sizing_error_quark (void);

typedef enum {
  QV_SIZING_ERROR_INVALID, /* malformed input, e.g. "1920by1080" */
  QV_SIZING_ERROR_LIMIT,   /* a hard limit of QEMU, libvirt or the driver */
} QvSizingError;

gboolean qv_sizing_parse_head (const char *text, QvHead *head, GError **error);
gboolean qv_sizing_parse_size (const char *text, guint64 *kib, GError **error);

guint64 qv_sizing_pow2ceil (guint64 value);

/* The bounding box of @heads as @mode arranges them, in display order, a
 * row of ceil(sqrt(n)) heads at a time for GRID; returns the arrangement
 * used: AUTO becomes ROW when the row fits QV_QXL_MAX_FB, else GRID when
 * that fits, else ROW (which a warning then names). */
QvArrangeMode qv_sizing_box (const QvHead *heads, guint n_heads, QvArrangeMode mode,
                             guint64 *width, guint64 *height);

/* Primary surface of @heads as @mode arranges them, KiB (rounded up). */
guint64 qv_sizing_primary_kib (const QvHead *heads, guint n_heads, QvArrangeMode mode);

/* Size one QXL device driving @heads as overrides->arrange says.
 * @current_vram: the device's vram (KiB), 0 for libvirt's default.
 * @warnings (nullable): receives owned strings for soft limits. */
gboolean qv_sizing_compute (const QvHead *heads,
                            guint n_heads,
                            guint64 current_vram,
                            const QvQxlOverrides *overrides,
                            QvQxlValues *out,
                            GPtrArray *warnings,
                            GError **error);

/* Size every device a guest needs: one for Linux, one per head for
 * Windows. @out must hold QV_MAX_DISPLAYS entries; returns the device count,
 * 0 on error. @current_vram[i] as above (NULL: all defaults). */
guint qv_sizing_plan (QvGuestOs guest,
                      const QvHead *heads,
                      guint n_heads,
                      const guint64 *current_vram,
                      const QvQxlOverrides *overrides,
                      QvQxlValues *out,
                      GPtrArray *warnings,
                      GError **error);

G_END_DECLS
