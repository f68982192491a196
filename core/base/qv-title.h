/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The title of display @index (0-based) of the VM called @name:
 * "NAME — Display N" where the locale's charset is UTF-8, else
 * "NAME - Display N". X11 keeps a second, legacy title (WM_NAME) in the
 * locale's charset; GTK leaves it unset when the title cannot be converted,
 * and taskbars, window lists and xdotool that read it then see no title. */
char *qv_title_for_display (const char *name, int index, gboolean utf8_locale);

/* qv_title_for_display() for the current locale (g_get_charset()). */
char *qv_title_for_display_here (const char *name, int index);

G_END_DECLS
