/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Head colours of the demo guest, as 0xRRGGBB.
 *
 * The end-to-end tests sample the viewer's windows for these exact values,
 * so they are the single source of truth (tests/guest/README.md lists them
 * too).  Head N is filled with its colour and shows the digit N in white. */
#pragma once

#define QV_GUEST_COLOR_HEAD1 0xD03030u /* red */
#define QV_GUEST_COLOR_HEAD2 0x30A030u /* green */
#define QV_GUEST_COLOR_HEAD3 0x3050D0u /* blue */
#define QV_GUEST_COLOR_HEAD4 0xD0B020u /* yellow */
#define QV_GUEST_COLOR_DIGIT 0xFFFFFFu /* the head number */
