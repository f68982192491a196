/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

/* For tests: each <video> of a domain XML as "TYPE ram=R vram64=V
 * vgamem=G heads=H" (vram64=0 when absent), in document order. */
GPtrArray *qv_test_video_models (const char *xml, gsize len);
