/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What counts as this machine's loopback address: one rule for libvirt
 * URIs, SPICE listen addresses and the viewer's "is the server here". */
#include "qv-address.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <string.h>

gboolean
qv_address_is_loopback (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr (GInetAddress) address = NULL;
  struct in_addr v4;
  gsize len;

  if (host == NULL)
    return FALSE;
  len = strlen (host);
  if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);
  if (g_ascii_strcasecmp (bare, "localhost") == 0 || g_ascii_strcasecmp (bare, "localhost.") == 0)
    return TRUE;
  /* The resolver reads these legacy forms as addresses, so a connection
   * to them goes where inet_aton() says. */
  if (strchr (bare, ':') == NULL && inet_aton (bare, &v4) != 0)
    return (ntohl (v4.s_addr) >> 24) == 127;
  address = g_inet_address_new_from_string (bare);
  if (address == NULL)
    return FALSE;
  if (g_inet_address_get_is_loopback (address))
    return TRUE;
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      const guint8 *b = g_inet_address_to_bytes (address);
      static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

      return memcmp (b, mapped, sizeof mapped) == 0 && b[12] == 127;
    }
  return FALSE;
}
