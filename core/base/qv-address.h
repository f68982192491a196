/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @host names this machine's loopback: "localhost" (any case,
 * with or without the final dot), an IPv4 address in 127.0.0.0/8 in any
 * form the C library's inet_aton() reads ("127.1", "0177.0.0.1",
 * "2130706433"), ::1, or an IPv4-mapped IPv6 loopback ("::ffff:127.0.0.1"),
 * with or without [brackets]. The one rule for "is it here". */
gboolean qv_address_is_loopback (const char *host);

G_END_DECLS
