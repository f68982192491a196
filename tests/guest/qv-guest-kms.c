/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Demo guest: lighting the QXL heads (kernel 6.1 qxl KMS driver).
 *
 * The qxl driver of Linux 6.1 has two traps this file works around:
 *  - one primary surface holds all heads, and DIRTYFB on a per-head dumb
 *    buffer lands at 0,0 of it (on head 1).  So every head scans out ONE
 *    shared framebuffer, allocated as a qxl surface
 *    (DRM_IOCTL_QXL_ALLOC_SURF), each CRTC at its own x,y offset: where
 *    the client's monitors config puts it (the connectors' "suggested
 *    X/Y", as GNOME's mutter reads them), else side by side;
 *  - switching a CRTC off destroys the primary surface, so heads that go
 *    off are switched off first and every lit head is set again after.
 * Until a SPICE client sends a monitors config only connector 1 reports
 * connected; the other heads borrow its size so all start lit. */
#include "qv-guest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>
#include <qxl_drm.h>
#include <spice/enums.h>

struct QvGuestKms {
  int fd;
  unsigned n;
  uint32_t conn_id[QV_GUEST_MAX_HEADS];
  uint32_t crtc_id[QV_GUEST_MAX_HEADS];
  uint32_t plane_id[QV_GUEST_MAX_HEADS];
  /* Connector 1's preferred size when we started: a change means a
   * client has configured the monitors. */
  uint32_t initial_w, initial_h;
  bool client_seen;
  /* The shared framebuffer. */
  uint32_t fb_id, handle, fb_w, fb_h, pitch;
  uint8_t *map;
  size_t map_len;
  QvGuestLayout cur;
  /* Damage mode: our own draw commands (qv-guest-qxl.c). */
  QvGuestQxl *qxl;
  uint32_t qxl_w, qxl_h;
};

static uint32_t
primary_plane_for (int fd, unsigned crtc_index)
{
  drmModePlaneRes *res = drmModeGetPlaneResources (fd);
  uint32_t found = 0;

  for (uint32_t i = 0; res && i < res->count_planes && !found; i++)
    {
      drmModePlane *p = drmModeGetPlane (fd, res->planes[i]);
      drmModeObjectProperties *props;

      if (!p)
        continue;
      props = drmModeObjectGetProperties (fd, p->plane_id,
                                          DRM_MODE_OBJECT_PLANE);
      for (uint32_t k = 0; props && k < props->count_props; k++)
        {
          drmModePropertyRes *prop = drmModeGetProperty (fd, props->props[k]);
          if (prop && strcmp (prop->name, "type") == 0
              && props->prop_values[k] == DRM_PLANE_TYPE_PRIMARY
              && (p->possible_crtcs & (1u << crtc_index)))
            found = p->plane_id;
          drmModeFreeProperty (prop);
        }
      drmModeFreeObjectProperties (props);
      drmModeFreePlane (p);
    }
  drmModeFreePlaneResources (res);
  return found;
}

QvGuestKms *
qv_guest_kms_open (const char *path)
{
  QvGuestKms *kms = calloc (1, sizeof *kms);
  drmModeRes *res;

  if (!kms)
    return NULL;
  kms->fd = open (path, O_RDWR | O_CLOEXEC);
  if (kms->fd < 0)
    {
      free (kms);
      return NULL;
    }
  drmSetClientCap (kms->fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
  res = drmModeGetResources (kms->fd);
  if (!res)
    {
      close (kms->fd);
      free (kms);
      return NULL;
    }
  /* qxl creates connector i, encoder i and CRTC i together. */
  kms->n = (unsigned) res->count_connectors;
  if ((unsigned) res->count_crtcs < kms->n)
    kms->n = (unsigned) res->count_crtcs;
  if (kms->n > QV_GUEST_MAX_HEADS)
    kms->n = QV_GUEST_MAX_HEADS;
  for (unsigned i = 0; i < kms->n; i++)
    {
      kms->conn_id[i] = res->connectors[i];
      kms->crtc_id[i] = res->crtcs[i];
      kms->plane_id[i] = primary_plane_for (kms->fd, i);
    }
  drmModeFreeResources (res);
  return kms;
}

/* The connector's "suggested X" and "suggested Y" (the client's monitors
 * config, through the qxl driver). */
static bool
suggested_position (int fd, uint32_t conn_id, uint32_t *x, uint32_t *y)
{
  drmModeObjectProperties *props = drmModeObjectGetProperties (fd, conn_id,
                                                               DRM_MODE_OBJECT_CONNECTOR);
  int found = 0;

  for (uint32_t i = 0; props && i < props->count_props; i++)
    {
      drmModePropertyRes *p = drmModeGetProperty (fd, props->props[i]);

      if (!p)
        continue;
      if (strcmp (p->name, "suggested X") == 0)
        {
          *x = (uint32_t) props->prop_values[i];
          found |= 1;
        }
      else if (strcmp (p->name, "suggested Y") == 0)
        {
          *y = (uint32_t) props->prop_values[i];
          found |= 2;
        }
      drmModeFreeProperty (p);
    }
  drmModeFreeObjectProperties (props);
  return found == 3;
}

static bool
heads_overlap (const QvGuestLayout *l)
{
  for (unsigned i = 0; i < QV_GUEST_MAX_HEADS; i++)
    for (unsigned j = i + 1; j < QV_GUEST_MAX_HEADS; j++)
      {
        const QvGuestHead *a = &l->head[i], *b = &l->head[j];

        if (a->on && b->on && a->x < b->x + b->width && b->x < a->x + a->width
            && a->y < b->y + b->height && b->y < a->y + a->height)
          return true;
      }
  return false;
}

static bool
preferred_size (const drmModeConnector *c, uint32_t *w, uint32_t *h)
{
  const drmModeModeInfo *best = NULL;

  for (int i = 0; i < c->count_modes; i++)
    if (!best || (c->modes[i].type & DRM_MODE_TYPE_PREFERRED))
      {
        best = &c->modes[i];
        if (best->type & DRM_MODE_TYPE_PREFERRED)
          break;
      }
  if (!best)
    return false;
  *w = best->hdisplay;
  *h = best->vdisplay;
  return true;
}

bool
qv_guest_kms_probe (QvGuestKms *kms, const QvGuestOptions *opts,
                    QvGuestLayout *want)
{
  bool connected[QV_GUEST_MAX_HEADS] = { false };
  bool placed = true;
  uint32_t w[QV_GUEST_MAX_HEADS] = { 0 }, h[QV_GUEST_MAX_HEADS] = { 0 };
  uint32_t sx[QV_GUEST_MAX_HEADS] = { 0 }, sy[QV_GUEST_MAX_HEADS] = { 0 };

  memset (want, 0, sizeof *want);
  for (unsigned i = 0; i < kms->n; i++)
    {
      /* GetConnector (not ...Current) re-probes: new preferred sizes. */
      drmModeConnector *c = drmModeGetConnector (kms->fd, kms->conn_id[i]);
      if (!c)
        return false;
      connected[i] = c->connection == DRM_MODE_CONNECTED
                     && preferred_size (c, &w[i], &h[i]);
      drmModeFreeConnector (c);
      if (connected[i])
        placed &= suggested_position (kms->fd, kms->conn_id[i], &sx[i], &sy[i]);
    }

  if (kms->initial_w == 0 && connected[0])
    {
      kms->initial_w = w[0];
      kms->initial_h = h[0];
    }
  if (!kms->client_seen)
    {
      bool others = false;
      for (unsigned i = 1; i < kms->n; i++)
        others |= connected[i];
      kms->client_seen = others || !connected[0] || w[0] != kms->initial_w
                         || h[0] != kms->initial_h;
    }

  for (unsigned i = 0; i < kms->n; i++)
    {
      QvGuestHead *hd = &want->head[i];
      if (kms->client_seen)
        {
          hd->on = connected[i];
          hd->width = w[i];
          hd->height = h[i];
        }
      else if (i < opts->heads)
        {
          hd->on = true;
          hd->width = opts->width ? opts->width : kms->initial_w;
          hd->height = opts->height ? opts->height : kms->initial_h;
        }
    }
  /* Where the client put them, if it did (and sanely); else side by
   * side in connector order. */
  for (unsigned i = 0; i < QV_GUEST_MAX_HEADS; i++)
    if (want->head[i].on && kms->client_seen && placed)
      {
        want->head[i].x = sx[i];
        want->head[i].y = sy[i];
      }
  if (!kms->client_seen || !placed || heads_overlap (want))
    {
      uint32_t x = 0;

      for (unsigned i = 0; i < QV_GUEST_MAX_HEADS; i++)
        if (want->head[i].on)
          {
            want->head[i].x = x;
            want->head[i].y = 0;
            x += want->head[i].width;
          }
    }
  return true;
}

/* A mode of exactly w x h: the connector's own if it has one, otherwise
 * made up (qxl only looks at the visible size). */
static void
mode_for (QvGuestKms *kms, unsigned i, uint32_t w, uint32_t h,
          drmModeModeInfo *mode)
{
  drmModeConnector *c = drmModeGetConnectorCurrent (kms->fd, kms->conn_id[i]);
  bool found = false;

  for (int k = 0; c && k < c->count_modes && !found; k++)
    if (c->modes[k].hdisplay == w && c->modes[k].vdisplay == h)
      {
        *mode = c->modes[k];
        found = true;
      }
  drmModeFreeConnector (c);
  if (found)
    return;
  memset (mode, 0, sizeof *mode);
  mode->hdisplay = (uint16_t) w;
  mode->hsync_start = (uint16_t) (w + 48);
  mode->hsync_end = (uint16_t) (w + 80);
  mode->htotal = (uint16_t) (w + 160);
  mode->vdisplay = (uint16_t) h;
  mode->vsync_start = (uint16_t) (h + 3);
  mode->vsync_end = (uint16_t) (h + 9);
  mode->vtotal = (uint16_t) (h + 30);
  mode->vrefresh = 60;
  mode->clock = (uint32_t) ((uint64_t) mode->htotal * mode->vtotal * 60 / 1000);
  mode->flags = DRM_MODE_FLAG_PHSYNC | DRM_MODE_FLAG_NVSYNC;
  mode->type = DRM_MODE_TYPE_USERDEF;
  snprintf (mode->name, sizeof mode->name, "%ux%u", w, h);
}

typedef struct {
  uint32_t fb_id, handle, w, h, pitch;
  uint8_t *map;
  size_t map_len;
} Fb;

static void
fb_free (int fd, Fb *fb)
{
  if (fb->map)
    munmap (fb->map, fb->map_len);
  if (fb->fb_id)
    drmModeRmFB (fd, fb->fb_id);
  if (fb->handle)
    {
      struct drm_gem_close req = { .handle = fb->handle };
      drmIoctl (fd, DRM_IOCTL_GEM_CLOSE, &req);
    }
  memset (fb, 0, sizeof *fb);
}

static int
fb_alloc (int fd, uint32_t w, uint32_t h, Fb *fb)
{
  struct drm_qxl_alloc_surf surf = {
    .format = SPICE_SURFACE_FMT_32_xRGB,
    .width = w,
    .height = h,
    .stride = (int32_t) (w * 4),
  };
  struct drm_qxl_map map = { 0 };
  void *p;

  memset (fb, 0, sizeof *fb);
  fb->w = w;
  fb->h = h;
  fb->pitch = w * 4;
  if (drmIoctl (fd, DRM_IOCTL_QXL_ALLOC_SURF, &surf) != 0)
    return -errno;
  fb->handle = surf.handle;
  if (drmModeAddFB (fd, w, h, 24, 32, fb->pitch, fb->handle, &fb->fb_id) != 0)
    {
      int err = -errno;
      fb_free (fd, fb);
      return err;
    }
  map.handle = fb->handle;
  if (drmIoctl (fd, DRM_IOCTL_QXL_MAP, &map) != 0)
    {
      int err = -errno;
      fb_free (fd, fb);
      return err;
    }
  fb->map_len = (size_t) fb->pitch * h;
  p = mmap (NULL, fb->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
            (off_t) map.offset);
  if (p == MAP_FAILED)
    {
      int err = -errno;
      fb->map_len = 0;
      fb_free (fd, fb);
      return err;
    }
  fb->map = p;
  return 0;
}

static void
crtc_off (QvGuestKms *kms, unsigned i)
{
  drmModeSetCrtc (kms->fd, kms->crtc_id[i], 0, 0, 0, NULL, 0, NULL);
}

/* Makes the device show the current surface.  Every plane update copies
 * the WHOLE shared surface to the device, so one update of one head's
 * plane refreshes all heads; DIRTYFB would copy it once per head. */
static int
refresh (QvGuestKms *kms, int head)
{
  const QvGuestHead *hd = &kms->cur.head[head];

  if (kms->plane_id[head]
      && drmModeSetPlane (kms->fd, kms->plane_id[head], kms->crtc_id[head],
                          kms->fb_id, 0, 0, 0, hd->width, hd->height,
                          hd->x << 16, hd->y << 16, hd->width << 16, hd->height << 16)
             == 0)
    return 0;
  return drmModeDirtyFB (kms->fd, kms->fb_id, NULL, 0) == 0 ? 0 : -errno;
}

int
qv_guest_kms_apply (QvGuestKms *kms, QvGuestLayout *layout, int bar_pos)
{
  Fb old = { kms->fb_id, kms->handle, kms->fb_w, kms->fb_h, kms->pitch,
             kms->map, kms->map_len };
  Fb fb;
  uint32_t fw = 0, fh = 0;
  int err = 0;

  for (unsigned i = 0; i < QV_GUEST_MAX_HEADS; i++)
    if (layout->head[i].on)
      {
        if (layout->head[i].x + layout->head[i].width > fw)
          fw = layout->head[i].x + layout->head[i].width;
        if (layout->head[i].y + layout->head[i].height > fh)
          fh = layout->head[i].y + layout->head[i].height;
      }
  if (fw == 0)
    return -EINVAL;

  for (unsigned i = 0; i < kms->n; i++)
    if (kms->cur.head[i].on && !layout->head[i].on)
      crtc_off (kms, i);

  if (old.fb_id && old.w == fw && old.h == fh)
    fb = old;
  else
    {
      err = fb_alloc (kms->fd, fw, fh, &fb);
      if (err != 0 && old.fb_id)
        {
          /* The old surface may hold the memory the new one needs. */
          for (unsigned i = 0; i < kms->n; i++)
            crtc_off (kms, i);
          fb_free (kms->fd, &old);
          err = fb_alloc (kms->fd, fw, fh, &fb);
        }
      if (err != 0)
        goto fail;
    }
  for (unsigned i = 0; i < kms->n; i++)
    if (layout->head[i].on)
      qv_guest_draw_head (fb.map, fb.pitch, &layout->head[i], i, bar_pos);

  for (unsigned i = 0; i < kms->n && err == 0; i++)
    {
      drmModeModeInfo mode;
      if (!layout->head[i].on)
        continue;
      mode_for (kms, i, layout->head[i].width, layout->head[i].height, &mode);
      if (drmModeSetCrtc (kms->fd, kms->crtc_id[i], fb.fb_id,
                          layout->head[i].x, layout->head[i].y, &kms->conn_id[i], 1, &mode)
          != 0)
        err = -errno;
    }
  if (err != 0)
    {
      if (fb.fb_id == old.fb_id)
        memset (&old, 0, sizeof old);
      fb_free (kms->fd, &fb);
      goto fail;
    }
  if (old.fb_id != fb.fb_id)
    fb_free (kms->fd, &old);
  kms->fb_id = fb.fb_id;
  kms->handle = fb.handle;
  kms->fb_w = fb.w;
  kms->fb_h = fb.h;
  kms->pitch = fb.pitch;
  kms->map = fb.map;
  kms->map_len = fb.map_len;
  kms->cur = *layout;
  /* Lighting a head clears the surface on the device side: repaint once
   * after the last head is lit. */
  for (unsigned i = 0; i < kms->n; i++)
    if (layout->head[i].on)
      {
        /* Best effort: the heads are lit even if this fails. */
        refresh (kms, (int) i);
        break;
      }
  return 0;

fail:
  for (unsigned i = 0; i < kms->n; i++)
    crtc_off (kms, i);
  fb_free (kms->fd, &old);
  kms->fb_id = kms->handle = 0;
  kms->map = NULL;
  kms->map_len = 0;
  memset (&kms->cur, 0, sizeof kms->cur);
  return err;
}

/* Tells the device the columns of head @hd that the bar step from
 * @old_pos to @new_pos changed: the bar's old and new places, as one
 * rectangle where they overlap, else two (so a bar wrapping round is two
 * narrow ones, not the whole head). */
static int
copy_bar_step (QvGuestKms *kms, const QvGuestHead *hd, int old_pos, int new_pos)
{
  int bw = qv_guest_bar_width (hd);
  int ol = qv_guest_bar_left (hd, old_pos), nl = qv_guest_bar_left (hd, new_pos);
  int span[2][2], n = 0, err = 0;

  if (ol >= 0 && nl >= 0 && ol <= nl + bw && nl <= ol + bw)
    {
      span[n][0] = ol < nl ? ol : nl;
      span[n++][1] = (ol > nl ? ol : nl) + bw;
    }
  else
    {
      if (ol >= 0)
        span[n][0] = ol, span[n++][1] = ol + bw;
      if (nl >= 0)
        span[n][0] = nl, span[n++][1] = nl + bw;
    }
  for (int i = 0; i < n && err == 0; i++)
    {
      int r = span[i][1] > (int) hd->width ? (int) hd->width : span[i][1];

      err = qv_guest_qxl_copy (kms->qxl, kms->map, kms->pitch, hd->x + (uint32_t) span[i][0], hd->y,
                               (uint32_t) (r - span[i][0]), hd->height);
    }
  return err;
}

/* Image buffers for the widest bar step of the current heads. */
static int
ensure_qxl (QvGuestKms *kms)
{
  uint32_t w = 0, h = 0;

  for (unsigned i = 0; i < kms->n; i++)
    if (kms->cur.head[i].on)
      {
        const QvGuestHead *hd = &kms->cur.head[i];
        uint32_t step = hd->width / 40 < 4 ? 4 : hd->width / 40;
        uint32_t cw = (uint32_t) qv_guest_bar_width (hd) + step;

        w = cw > w ? cw : w;
        h = hd->height > h ? hd->height : h;
      }
  if (kms->qxl && w <= kms->qxl_w && h <= kms->qxl_h)
    return 0;
  qv_guest_qxl_free (kms->qxl);
  kms->qxl = qv_guest_qxl_new (kms->fd, w, h);
  kms->qxl_w = w;
  kms->qxl_h = h;
  return kms->qxl ? 0 : -ENOMEM;
}

int
qv_guest_kms_animate (QvGuestKms *kms, int old_pos, int new_pos, bool damage)
{
  int first = -1;

  if (!kms->map)
    return -ENODEV;
  if (damage)
    {
      int err = ensure_qxl (kms);
      if (err != 0)
        return err;
    }
  for (unsigned i = 0; i < kms->n; i++)
    if (kms->cur.head[i].on)
      {
        qv_guest_draw_bar_step (kms->map, kms->pitch, &kms->cur.head[i], i,
                                old_pos, new_pos);
        if (damage)
          {
            int err = copy_bar_step (kms, &kms->cur.head[i], old_pos, new_pos);
            if (err != 0)
              return err;
          }
        if (first < 0)
          first = (int) i;
      }
  if (damage)
    return 0;
  if (first < 0)
    return 0;
  return refresh (kms, first);
}

int
qv_guest_kms_video (QvGuestKms *kms, int frame)
{
  const QvGuestHead *hd = NULL;
  uint32_t w, h, x, y;
  int err;

  if (!kms->map)
    return -ENODEV;
  for (unsigned i = 0; i < kms->n && !hd; i++)
    if (kms->cur.head[i].on)
      hd = &kms->cur.head[i];
  if (!hd)
    return 0;
  w = hd->width < 640 ? hd->width : 640;
  h = hd->height < 360 ? hd->height : 360;
  x = hd->x + (hd->width - w) / 2;
  y = hd->y + (hd->height - h) / 2;
  if (!kms->qxl || w > kms->qxl_w || h > kms->qxl_h)
    {
      qv_guest_qxl_free (kms->qxl);
      kms->qxl = qv_guest_qxl_new (kms->fd, w, h);
      kms->qxl_w = w;
      kms->qxl_h = h;
      if (!kms->qxl)
        return -ENOMEM;
    }
  qv_guest_draw_video (kms->map, kms->pitch, x, y, w, h, frame);
  err = qv_guest_qxl_copy (kms->qxl, kms->map, kms->pitch, x, y, w, h);
  return err;
}
