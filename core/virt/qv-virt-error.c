/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The error domain of libvirt look-ups, linked without libvirt. */
#include "qv-virt-error.h"

G_DEFINE_QUARK (qv-virt-error-quark, qv_virt_error)
