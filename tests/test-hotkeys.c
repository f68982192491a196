/* SPDX-License-Identifier: GPL-2.0-or-later */
/* remote-viewer's hotkeys: key words as GTK accelerators, and --hotkeys
 * specs parsed and joined, in tables. */
#include "qv-hotkeys.h"

#include <string.h>

static const struct {
  const char *keys, *accel;
} accel_cases[] = {
  { "shift+f11", "<Shift>f11" },
  { "Ctrl+Alt+Ins", "<Ctrl><Alt>Insert" },
  { "ctrl+alt+del", "<Ctrl><Alt>Delete" },
  { "shift+Esc", "<Shift>Escape" },
  { "ctrl+alt+end", "<Ctrl><Alt>end" },
  { "control+shift+super+x", "<Ctrl><Shift><Super>x" },
  { "F11", "F11" },
  { "ctrl+", NULL },
  { "+x", NULL },
  { "", NULL },
  { "ctrl+x+y", NULL },
};

static void
test_accel (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autofree char *accel = qv_hotkeys_to_accelerator (accel_cases[i].keys);

  g_assert_cmpstr (accel, ==, accel_cases[i].accel);
}

static const struct {
  const char *name, *spec;
  const char *parsed; /* joined; NULL: an error containing error_part */
  const char *error_part;
} parse_cases[] = {
  { "two", "toggle-fullscreen=shift+f11,release-cursor=shift+f12",
    "toggle-fullscreen=shift+f11,release-cursor=shift+f12" },
  { "spaces", " secure-attention = ctrl+alt+end , ", "secure-attention=ctrl+alt+end" },
  { "again", "zoom-in=ctrl+plus,zoom-in=ctrl+equal", "zoom-in=ctrl+equal" },
  { "empty", "", "" },
  { "unknown", "fullscreen=f11", NULL, "'fullscreen' is not a hotkey" },
  { "no-keys", "release-cursor", NULL, "hotkey release-cursor: ''" },
  { "bad-keys", "release-cursor=ctrl+", NULL, "hotkey release-cursor: 'ctrl+'" },
  { "two-keys", "zoom-out=ctrl+a+b", NULL, "'ctrl+a+b'" },
};

static void
test_parse (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) hotkeys = qv_hotkeys_parse (parse_cases[i].spec, &error);
  g_autofree char *joined = NULL;

  if (parse_cases[i].parsed == NULL)
    {
      g_assert_null (hotkeys);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_nonnull (strstr (error->message, parse_cases[i].error_part));
      return;
    }
  g_assert_no_error (error);
  joined = qv_hotkeys_join ((const char *const *) hotkeys);
  g_assert_cmpstr (joined, ==, parse_cases[i].parsed);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (accel_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hotkeys/accelerator/%u", i);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_accel);
    }
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/hotkeys/parse/%s", parse_cases[i].name);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_parse);
    }
  return g_test_run ();
}
