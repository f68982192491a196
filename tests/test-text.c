/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One-line messages from untrusted text; wiping secrets. */
#include "qv-secret.h"
#include "qv-text.h"

typedef struct
{
  const char *in;
  gsize max;
  const char *want;
} TextCase;

static const TextCase cases[] = {
  { "plain", 160, "plain" },
  { NULL, 160, "" },
  { "line 1\nline 2\r\n", 160, "line 1 line 2  " },
  { "tab\there", 160, "tab here" },
  { "bell\aesc\x1b[31m", 160, "bell?esc?[31m" },
  { "\xef\xbb\xbf" "bom", 160, "?bom" },
  { "bad \xff utf-8", 160, "bad \xef\xbf\xbd utf-8" },
  { "abcdef", 3, "abc\xe2\x80\xa6" },
  { "äöü€", 2, "äö\xe2\x80\xa6" },
  { "abc", 3, "abc" },
};

static void
test_one_line (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = qv_text_one_line (cases[i].in, cases[i].max);

      g_assert_cmpstr (got, ==, cases[i].want);
      g_assert_null (strchr (got, '\n'));
    }
}

/* The bytes are gone before the memory is: nothing of the secret is
 * left in the buffer. */
static void
test_secret_wipe (void)
{
  char buffer[] = "s3cret-password";
  gsize len = strlen (buffer);

  qv_secret_wipe (buffer);
  for (gsize i = 0; i < len; i++)
    g_assert_cmpint (buffer[i], ==, 0);
  qv_secret_wipe (NULL);
  qv_secret_free (NULL);
  qv_secret_free (g_strdup ("another"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/secret/wipe", test_secret_wipe);
  g_test_add_func ("/text/one-line", test_one_line);
  return g_test_run ();
}
