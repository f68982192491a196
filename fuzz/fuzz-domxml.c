/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the domain XML patcher: any bytes plus a display
 * list. Byte 0 picks the request (heads, guest, convert), byte 1 the
 * resolution; the rest is the document. */
#include "qv-domxml.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const QvHead sizes[] = {
  { 1920, 1080 }, { 1920, 1200 }, { 2560, 1440 }, { 3840, 2160 },
  { 640, 480 }, { 8192, 8192 }, { 7680, 4320 }, { 1, 1 },
};

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  QvHead heads[QV_MAX_DISPLAYS];
  QvTuneRequest req = { 0 };
  g_auto (QvTuneResult) res = { 0 };
  g_autoptr (GError) error = NULL;

  if (size < 2)
    return 0;
  req.n_heads = 1 + (data[0] & 3);
  req.guest = (data[0] >> 2) & 1 ? QV_GUEST_WINDOWS : QV_GUEST_LINUX;
  req.convert = (data[0] >> 3) & 1;
  for (guint i = 0; i < req.n_heads; i++)
    heads[i] = sizes[(data[1] >> i) & 7];
  req.heads = heads;

  if (qv_domxml_patch ((const char *) data + 2, size - 2, &req, &res, &error))
    {
      g_autofree char *diff = qv_edit_list_diff (res.edits, (const char *) data + 2, size - 2, "f");

      /* The patcher proves its output is a fixed point itself; here the
       * diff must exist and the values must be within the spec's limits. */
      g_assert_nonnull (diff);
      for (guint i = 0; i < res.n_devices; i++)
        {
          g_assert_cmpuint (res.devices[i].vgamem, <=, QV_QXL_MAX_VGAMEM);
          g_assert_cmpuint (res.devices[i].ram, >=, 2 * res.devices[i].vgamem);
        }
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_null (strchr (error->message, '\n'));
      /* The patched-output self-check failing would be our bug. */
      g_assert_false (g_error_matches (error, QV_DOMXML_ERROR, QV_DOMXML_ERROR_INTERNAL));
    }
  return 0;
}
