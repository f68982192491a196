/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Passwords, and documents holding them (a domain's secure XML): wiped
 * with explicit_bzero(), which the compiler may not drop as it may a
 * memset() right before a free. NULL is fine. */
void qv_secret_wipe (char *secret);
void qv_secret_free (char *secret);

G_END_DECLS
