/* SPDX-License-Identifier: GPL-2.0-or-later */
/* In the viewer and in its libvirt module, each its own copy. */
#include "qv-domain.h"

#include "qv-secret.h"

void
qv_domain_info_free (QvDomainInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->uuid);
  /* The secure XML holds the SPICE password. */
  qv_secret_free (info->xml);
  g_free (info);
}
