/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Wiping passwords and the documents that hold them before their memory
 * is freed. */
#include "qv-secret.h"

#include <string.h>

void
qv_secret_wipe (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
}

void
qv_secret_free (char *secret)
{
  qv_secret_wipe (secret);
  g_free (secret);
}
