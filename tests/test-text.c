/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One-line messages from untrusted text; failed system calls as
 * GErrors; wiping secrets. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>

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

/* errno value, the code it maps to, in the C locale's words. */
typedef struct
{
  const char *name;
  int err;
  int code; /* GFileError */
  const char *message;
} ErrnoCase;

static const ErrnoCase errno_cases[] = {
  { "noent", ENOENT, G_FILE_ERROR_NOENT, "/x/f.vv: No such file or directory" },
  { "access", EACCES, G_FILE_ERROR_ACCES, "/x/f.vv: Permission denied" },
  { "nospc", ENOSPC, G_FILE_ERROR_NOSPC, "/x/f.vv: No space left on device" },
  { "loop", ELOOP, G_FILE_ERROR_LOOP, "/x/f.vv: Too many levels of symbolic links" },
};

static void
test_errno_error (gconstpointer data)
{
  const ErrnoCase *c = data;
  g_autoptr (GError) error = NULL;

  g_assert_false (qv_text_set_errno_error (&error, c->err, "%s", "/x/f.vv"));
  g_assert_error (error, G_FILE_ERROR, c->code);
  g_assert_cmpstr (error->message, ==, c->message);
  /* NULL: nothing set, still FALSE. */
  g_assert_false (qv_text_set_errno_error (NULL, c->err, "x"));
}

/* As a caller uses it: right after the failed call, errno still its. */
static void
test_errno_error_call (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_open ("/nonexistent/quadview", O_RDONLY, 0), <, 0);
  qv_text_set_errno_error (&error, errno, "%s: cannot read", "/nonexistent/quadview");
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/quadview: cannot read: "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/secret/wipe", test_secret_wipe);
  g_test_add_func ("/text/one-line", test_one_line);
  for (gsize i = 0; i < G_N_ELEMENTS (errno_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/text/errno/%s", errno_cases[i].name);

      g_test_add_data_func (path, &errno_cases[i], test_errno_error);
    }
  g_test_add_func ("/text/errno/after-a-call", test_errno_error_call);
  return g_test_run ();
}
