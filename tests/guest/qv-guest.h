/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Demo guest display program: shared declarations. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QV_GUEST_MAX_HEADS 4

/* One head of the guest's layout: where the client's monitors config
 * puts it (the connector's "suggested X/Y"), else side by side. */
typedef struct {
  bool on;
  uint32_t width;
  uint32_t height;
  uint32_t x;
  uint32_t y;
} QvGuestHead;

typedef struct {
  QvGuestHead head[QV_GUEST_MAX_HEADS];
} QvGuestLayout;

/* Options read from the kernel command line (qvguest.*). */
typedef struct {
  unsigned heads;      /* heads lit before the client configures any */
  uint32_t width;      /* their size; 0 = connector 1's preferred mode */
  uint32_t height;
  bool anim;           /* moving bar per head, ~10 frames/s */
  bool damage;         /* ...and the device told only what changed */
  bool video;          /* instead: a moving picture on head 1, 25 frames/s */
} QvGuestOptions;

/* qv-guest-draw.c: pixels are XRGB8888, pitch in bytes. */
uint32_t qv_guest_head_color (unsigned index);
void qv_guest_draw_head (uint8_t *fb, uint32_t pitch, const QvGuestHead *head,
                         unsigned index, int bar_pos);
void qv_guest_draw_bar_step (uint8_t *fb, uint32_t pitch,
                             const QvGuestHead *head, unsigned index,
                             int old_pos, int new_pos);
int qv_guest_bar_width (const QvGuestHead *head);
/* Frame @frame of a moving picture: smooth colour ramps drifting across
 * the rectangle @x,@y,@w,@h (a natural image to a SPICE server). */
void qv_guest_draw_video (uint8_t *fb, uint32_t pitch, uint32_t x, uint32_t y, uint32_t w,
                          uint32_t h, int frame);
/* Left edge of the bar at animation step @pos, -1 for none. */
int qv_guest_bar_left (const QvGuestHead *head, int pos);

/* qv-guest-kms.c */
typedef struct QvGuestKms QvGuestKms;
QvGuestKms *qv_guest_kms_open (const char *path);
/* Fills *want with what the connectors ask for now; returns false when
 * the connectors could not be read. */
bool qv_guest_kms_probe (QvGuestKms *kms, const QvGuestOptions *opts,
                         QvGuestLayout *want);
/* Lights exactly the heads of *layout at their places; returns 0 or a
 * negative errno. */
int qv_guest_kms_apply (QvGuestKms *kms, QvGuestLayout *layout, int bar_pos);
/* Redraws the bar of every lit head and pushes one refresh. */
/* One animation step.  @damage: tell the device only the columns that
 * changed, head by head, as a desktop does; else every update copies the
 * whole surface. */
int qv_guest_kms_animate (QvGuestKms *kms, int old_pos, int new_pos, bool damage);
/* One frame of the moving picture (qvguest.anim=video): 640x360, or what
 * fits, in the middle of the first lit head, told to the device as one
 * draw command (SPICE servers send such a region as a video stream); the
 * other heads stay as they are. */
int qv_guest_kms_video (QvGuestKms *kms, int frame);

/* qv-guest-qxl.c: QXL draw commands of our own, for the damage mode. */
typedef struct QvGuestQxl QvGuestQxl;
/* Image buffers for rectangles up to @max_w x @max_h; NULL on failure. */
QvGuestQxl *qv_guest_qxl_new (int fd, uint32_t max_w, uint32_t max_h);
void qv_guest_qxl_free (QvGuestQxl *q);
/* Tells the device that the rectangle @x,@y,@w,@h of the primary surface
 * now holds what the framebuffer @fb (pitch @pitch) has there. 0 or a
 * negative errno. */
int qv_guest_qxl_copy (QvGuestQxl *q, const uint8_t *fb, uint32_t pitch, uint32_t x,
                       uint32_t y, uint32_t w, uint32_t h);

/* qv-guest-agent.c: runs the SPICE agent on its own thread. */
void qv_guest_agent_start (void);

/* qv-guest-main.c */
void qv_guest_log (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
void qv_guest_layout_format (const QvGuestLayout *layout, char *buf,
                             size_t len);
