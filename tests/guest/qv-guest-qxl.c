/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Demo guest: telling the QXL device only the rectangle that changed, with
 * a QXL draw command of our own (DRM_IOCTL_QXL_EXECBUFFER), as the X qxl
 * driver does for a desktop.  Linux 6.1's KMS paths (plane updates,
 * DIRTYFB) always copy the whole surface, whatever the damage clips say.
 *
 * The command is a QXL_DRAW_COPY onto the primary surface (id 0) from an
 * image in a buffer object of ours: the rectangle's pixels, copied out of
 * the framebuffer (which the device draws into too, so both agree).  The
 * kernel copies the command, less its leading release info, into a
 * release of its own and patches the two addresses the relocations name:
 * the drawable's image and the image's data chunk.  Images rotate through
 * a few buffers so that one is not rewritten while the device reads it. */
#include "qv-guest.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xf86drm.h>
#include <qxl_drm.h>
#include <spice/enums.h>
#include <spice/qxl_dev.h>

#define IMAGES 8

typedef struct {
  uint32_t handle;
  uint8_t *map;
  size_t size;
} Image;

struct QvGuestQxl {
  int fd;
  Image image[IMAGES];
  unsigned next;
  uint64_t id;
};

static size_t
pixels_offset (void)
{
  return sizeof (QXLImage) + sizeof (QXLDataChunk);
}

static void
image_free (int fd, Image *im)
{
  if (im->map)
    munmap (im->map, im->size);
  if (im->handle)
    {
      struct drm_gem_close close_req = { .handle = im->handle };
      drmIoctl (fd, DRM_IOCTL_GEM_CLOSE, &close_req);
    }
  memset (im, 0, sizeof *im);
}

static int
image_alloc (int fd, size_t size, Image *im)
{
  struct drm_qxl_alloc alloc = { .size = (uint32_t) size };
  struct drm_qxl_map map = { 0 };
  void *p;

  if (drmIoctl (fd, DRM_IOCTL_QXL_ALLOC, &alloc) != 0)
    return -errno;
  im->handle = alloc.handle;
  im->size = size;
  map.handle = alloc.handle;
  if (drmIoctl (fd, DRM_IOCTL_QXL_MAP, &map) != 0)
    {
      int err = -errno;
      image_free (fd, im);
      return err;
    }
  p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t) map.offset);
  if (p == MAP_FAILED)
    {
      int err = -errno;
      image_free (fd, im);
      return err;
    }
  im->map = p;
  return 0;
}

QvGuestQxl *
qv_guest_qxl_new (int fd, uint32_t max_w, uint32_t max_h)
{
  QvGuestQxl *q = calloc (1, sizeof *q);
  size_t size = pixels_offset () + (size_t) max_w * max_h * 4;

  if (!q)
    return NULL;
  q->fd = fd;
  for (unsigned i = 0; i < IMAGES; i++)
    if (image_alloc (fd, size, &q->image[i]) != 0)
      {
        qv_guest_log ("qxl: cannot allocate a %zu-byte image buffer", size);
        qv_guest_qxl_free (q);
        return NULL;
      }
  return q;
}

void
qv_guest_qxl_free (QvGuestQxl *q)
{
  if (!q)
    return;
  for (unsigned i = 0; i < IMAGES; i++)
    image_free (q->fd, &q->image[i]);
  free (q);
}

int
qv_guest_qxl_copy (QvGuestQxl *q, const uint8_t *fb, uint32_t pitch, uint32_t x, uint32_t y,
                   uint32_t w, uint32_t h)
{
  Image *im = &q->image[q->next];
  QXLImage *image = (QXLImage *) im->map;
  QXLDataChunk *chunk = (QXLDataChunk *) (im->map + sizeof (QXLImage));
  uint8_t *pixels = im->map + pixels_offset ();
  QXLDrawable draw;
  struct drm_qxl_reloc relocs[2];
  struct drm_qxl_command cmd;
  struct drm_qxl_execbuffer exec;

  if (w == 0 || h == 0)
    return 0;
  if (pixels_offset () + (size_t) w * h * 4 > im->size)
    return -E2BIG;
  q->next = (q->next + 1) % IMAGES;

  for (uint32_t row = 0; row < h; row++)
    memcpy (pixels + (size_t) row * w * 4, fb + (size_t) (y + row) * pitch + (size_t) x * 4,
            (size_t) w * 4);
  memset (image, 0, sizeof *image);
  image->descriptor.id = ++q->id;
  image->descriptor.type = SPICE_IMAGE_TYPE_BITMAP;
  image->descriptor.width = w;
  image->descriptor.height = h;
  image->bitmap.format = SPICE_BITMAP_FMT_32BIT;
  image->bitmap.flags = QXL_BITMAP_TOP_DOWN;
  image->bitmap.x = w;
  image->bitmap.y = h;
  image->bitmap.stride = w * 4;
  chunk->data_size = w * h * 4;
  chunk->prev_chunk = chunk->next_chunk = 0;

  memset (&draw, 0, sizeof draw);
  draw.surface_id = 0;
  draw.effect = QXL_EFFECT_OPAQUE;
  draw.type = QXL_DRAW_COPY;
  draw.bbox.left = (int32_t) x;
  draw.bbox.top = (int32_t) y;
  draw.bbox.right = (int32_t) (x + w);
  draw.bbox.bottom = (int32_t) (y + h);
  draw.clip.type = SPICE_CLIP_TYPE_NONE;
  for (unsigned i = 0; i < 3; i++)
    draw.surfaces_dest[i] = -1;
  draw.u.copy.src_area.right = (int32_t) w;
  draw.u.copy.src_area.bottom = (int32_t) h;
  draw.u.copy.rop_descriptor = SPICE_ROPD_OP_PUT;
  draw.u.copy.scale_mode = SPICE_IMAGE_SCALE_MODE_NEAREST;

  /* Offsets into the command count its release info, which is not sent. */
  relocs[0] = (struct drm_qxl_reloc) {
    .src_handle = im->handle, .src_offset = 0,
    .dst_handle = 0, .dst_offset = offsetof (QXLDrawable, u.copy.src_bitmap),
    .reloc_type = QXL_RELOC_TYPE_BO,
  };
  relocs[1] = (struct drm_qxl_reloc) {
    .src_handle = im->handle, .src_offset = sizeof (QXLImage),
    .dst_handle = im->handle, .dst_offset = offsetof (QXLImage, bitmap.data),
    .reloc_type = QXL_RELOC_TYPE_BO,
  };
  cmd = (struct drm_qxl_command) {
    .command = (uint64_t) (uintptr_t) ((uint8_t *) &draw + sizeof (QXLReleaseInfo)),
    .command_size = (uint32_t) (sizeof draw - sizeof (QXLReleaseInfo)),
    .relocs = (uint64_t) (uintptr_t) relocs,
    .relocs_num = 2,
    .type = QXL_CMD_DRAW,
  };
  exec = (struct drm_qxl_execbuffer) { .commands_num = 1, .commands = (uint64_t) (uintptr_t) &cmd };
  return drmIoctl (q->fd, DRM_IOCTL_QXL_EXECBUFFER, &exec) == 0 ? 0 : -errno;
}
