/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --backend and the environment decide which windowing system (X11 or
 * Wayland) GDK may use. */
#include "qv-backend.h"

gboolean
qv_backend_parse (const char *text, QvBackend *backend)
{
  static const struct {
    const char *name;
    QvBackend value;
  } names[] = {
    { "auto", QV_BACKEND_AUTO },
    { "x11", QV_BACKEND_X11 },
    { "wayland", QV_BACKEND_WAYLAND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i].name) == 0)
      {
        *backend = names[i].value;
        return TRUE;
      }
  return FALSE;
}

static gboolean
set (const char *value)
{
  return value != NULL && *value != '\0';
}

const char *
qv_backend_choose (QvBackend backend,
                   const char *gdk_backend,
                   const char *session_type,
                   const char *wayland_display,
                   const char *x_display)
{
  gboolean wayland_session;

  switch (backend)
    {
    case QV_BACKEND_X11:
      return "x11";
    case QV_BACKEND_WAYLAND:
      return "wayland";
    case QV_BACKEND_AUTO:
    default:
      break;
    }
  if (set (gdk_backend))
    return NULL;
  wayland_session = g_strcmp0 (session_type, "wayland") == 0 || set (wayland_display);
  return wayland_session && set (x_display) ? "x11" : NULL;
}
