/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for remote-viewer connection files (.vv): any bytes
 * parsed as quadview parses a downloaded file; what comes out keeps the
 * parser's promises (a host, ports in range or none). */
#include "qv-vv-file.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (QvVvFile) vv = qv_vv_file_parse ((const char *) data, size, "fuzz.vv", &error);

  if (vv == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.vv: "));
      return 0;
    }
  g_assert_no_error (error);
  g_assert_true (vv->host != NULL && vv->host[0] != '\0');
  g_assert_true (vv->port == -1 || (vv->port >= 1 && vv->port <= 65535));
  g_assert_true (vv->tls_port == -1 || (vv->tls_port >= 1 && vv->tls_port <= 65535));
  g_assert_true (vv->secure_channels == NULL || vv->secure_channels[0] != NULL);
  return 0;
}
