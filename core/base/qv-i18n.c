/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Binding quadview's own text domain, so that core messages are
 * translated whichever program links them. */
#include "qv-i18n.h"

#include <libintl.h>

void
qv_i18n_init (void)
{
  const char *dir = g_getenv ("QUADVIEW_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : QV_LOCALEDIR);
  /* GLib and GTK take UTF-8 whatever the locale's charset; g_printerr
   * converts to the terminal's. */
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
