/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "qv-sizing.h"

G_BEGIN_DECLS

/* qxl-tune --from-layout VM [--layout NAME]: the heads of the layout
 * quadview saved for VM (its key, a UUID or host:port, or its name), the
 * one called @layout_name or else the one used last, standing as its
 * windows do unless the VM keeps the guest's own arrangement
 * (qv_layout_qxl_heads). Sets @heads, *@n and @overrides' box. @error
 * names the VM or the layout file. @summary: owned, one line for the
 * user saying what was sized. */
gboolean qt_layout_heads (const char *vm, const char *layout_name, QvHead heads[QV_MAX_DISPLAYS],
                          guint *n, QvQxlOverrides *overrides, char **summary, GError **error);

G_END_DECLS
