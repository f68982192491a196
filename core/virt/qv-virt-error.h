/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The errors of libvirt look-ups (qv-virt.h). Apart from them so that a
 * program that loads libvirt as a module can tell them without linking
 * it. */

#define QV_VIRT_ERROR (qv_virt_error_quark ())
GQuark qv_virt_error_quark (void);

typedef enum {
  QV_VIRT_ERROR_CONNECT,
  QV_VIRT_ERROR_NO_DOMAIN,
  QV_VIRT_ERROR_FAILED,
  QV_VIRT_ERROR_DENIED, /* libvirt: operation forbidden (a read-only connection) */
} QvVirtError;

G_END_DECLS
