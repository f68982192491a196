/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Window titles in UTF-8 and non-UTF-8 locales. */
#include "qv-title.h"

#include <locale.h>

typedef struct
{
  const char *name;
  int index;
  gboolean utf8;
  const char *want;
} TitleCase;

static const TitleCase cases[] = {
  { "127.0.0.1:5930", 0, TRUE, "127.0.0.1:5930 \u2014 Display 1" },
  { "127.0.0.1:5930", 3, TRUE, "127.0.0.1:5930 \u2014 Display 4" },
  { "127.0.0.1:5930", 0, FALSE, "127.0.0.1:5930 - Display 1" },
  { "desk", 1, FALSE, "desk - Display 2" },
  /* A name the locale cannot encode stays as it is: it is the user's. */
  { "b\u00fcro", 2, FALSE, "b\u00fcro - Display 3" },
};

static void
test_title (gconstpointer data)
{
  const TitleCase *c = data;
  g_autofree char *got = qv_title_for_display (c->name, c->index, c->utf8);

  g_assert_cmpstr (got, ==, c->want);
  g_assert_true (g_utf8_validate (got, -1, NULL));
}

/* The C locale's charset is ASCII: the fallback is chosen by itself. */
static void
test_title_c_locale (void)
{
  g_autofree char *got = NULL;

  g_assert_nonnull (setlocale (LC_ALL, "C"));
  got = qv_title_for_display_here ("vm", 0);
  g_assert_cmpstr (got, ==, "vm - Display 1");
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_clear_pointer (&got, g_free);
  got = qv_title_for_display_here ("vm", 0);
  g_assert_cmpstr (got, ==, "vm \u2014 Display 1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/title/%zu", i);
      g_test_add_data_func (path, &cases[i], test_title);
    }
  g_test_add_func ("/title/locale", test_title_c_locale);
  return g_test_run ();
}
