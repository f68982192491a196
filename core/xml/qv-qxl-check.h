/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

#include "qv-sizing.h"

G_BEGIN_DECLS

/* Does the domain's QXL set-up (heads, vgamem) allow @heads side by side?
 * Returns NULL when it does, else an owned message for the user: what is
 * missing and the qxl-tune command that fixes it (two lines). @error only
 * for XML that cannot be read. */
char *qv_qxl_check (const char *domain_xml,
                    const char *domain_name,
                    const char *libvirt_uri,
                    const QvHead *heads,
                    guint n_heads,
                    GError **error);

G_END_DECLS
