/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One rule for "is this host here": qv_address_is_loopback, on the
 * spellings a URI, a domain's XML or a .vv file may use. */
#include "qv-address.h"

typedef struct {
  const char *host;
  gboolean loopback;
} AddressCase;

static const AddressCase cases[] = {
  { "127.0.0.1", TRUE },
  { "127.3.4.5", TRUE },
  { "127.1", TRUE },
  { "0177.0.0.1", TRUE },
  { "2130706433", TRUE },
  { "0x7f000001", TRUE },
  { "::1", TRUE },
  { "[::1]", TRUE },
  { "::ffff:127.0.0.1", TRUE },
  { "[::ffff:127.0.0.2]", TRUE },
  { "localhost", TRUE },
  { "LocalHost.", TRUE },
  { "128.0.0.1", FALSE },
  { "10.0.0.1", FALSE },
  { "::ffff:10.0.0.1", FALSE },
  { "::2", FALSE },
  { "127.0.0.1.example", FALSE },
  { "localhost.example", FALSE },
  { "virthost", FALSE },
  { "", FALSE },
  { NULL, FALSE },
};

static void
test_case (gconstpointer data)
{
  const AddressCase *c = data;

  g_assert_cmpint (qv_address_is_loopback (c->host), ==, c->loopback);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/address/loopback/%u-%s", i,
                                               cases[i].host ? cases[i].host : "null");

      g_strdelimit (path + 18, "/", '_');
      g_test_add_data_func (path, &cases[i], test_case);
    }
  return g_test_run ();
}
