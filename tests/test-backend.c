/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Choosing the windowing system: --backend and the session's environment. */
#include "qv-backend.h"

typedef struct {
  const char *option; /* --backend */
  const char *gdk_backend, *session_type, *wayland_display, *x_display;
  const char *want;   /* NULL: GTK's own choice */
} Case;

static const Case cases[] = {
  /* auto in a Wayland session with Xwayland: X11, for exact positions */
  { "auto", NULL, "wayland", "wayland-0", ":0", "x11" },
  { "auto", NULL, NULL, "wayland-0", ":1", "x11" },
  { "auto", NULL, "wayland", NULL, ":0", "x11" },
  { "auto", "", "wayland", "wayland-0", ":0", "x11" },
  /* no Xwayland: native Wayland, GTK's choice */
  { "auto", NULL, "wayland", "wayland-0", NULL, NULL },
  { "auto", NULL, "wayland", "wayland-0", "", NULL },
  /* an X11 session, or nothing at all */
  { "auto", NULL, "x11", NULL, ":0", NULL },
  { "auto", NULL, NULL, NULL, ":0", NULL },
  { "auto", NULL, NULL, NULL, NULL, NULL },
  { "auto", NULL, "tty", NULL, NULL, NULL },
  /* the user's GDK_BACKEND wins over auto */
  { "auto", "wayland", "wayland", "wayland-0", ":0", NULL },
  /* an explicit choice wins over everything */
  { "x11", "wayland", "wayland", "wayland-0", ":0", "x11" },
  { "x11", NULL, NULL, NULL, NULL, "x11" },
  { "wayland", "x11", "wayland", "wayland-0", ":0", "wayland" },
  { "wayland", NULL, "x11", NULL, ":0", "wayland" },
};

static void
test_choose (gconstpointer data)
{
  const Case *c = data;
  QvBackend backend;

  g_assert_true (qv_backend_parse (c->option, &backend));
  g_assert_cmpstr (qv_backend_choose (backend, c->gdk_backend, c->session_type,
                                      c->wayland_display, c->x_display), ==, c->want);
}

static void
test_parse (void)
{
  static const char *const bad[] = { "", "X11", "wayland ", "broadway", "auto,x11", NULL };
  QvBackend backend = QV_BACKEND_WAYLAND;

  g_assert_true (qv_backend_parse ("auto", &backend));
  g_assert_cmpint (backend, ==, QV_BACKEND_AUTO);
  g_assert_true (qv_backend_parse ("x11", &backend));
  g_assert_cmpint (backend, ==, QV_BACKEND_X11);
  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (qv_backend_parse (bad[i], &backend));
  g_assert_false (qv_backend_parse (NULL, &backend));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backend/parse", test_parse);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autofree char *name = g_strdup_printf ("/backend/choose/%u-%s-%s-%s", i, c->option,
                                               c->session_type ? c->session_type : "none",
                                               c->want ? c->want : "gtk");
      g_test_add_data_func (name, c, test_choose);
    }
  return g_test_run ();
}
