/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Window titles for a VM's displays, in a form the locale's charset can
 * carry. */
#include "qv-title.h"

#include "qv-i18n.h"

char *
qv_title_for_display (const char *name, int index, gboolean utf8_locale)
{
  /* U+2014 EM DASH, or an ASCII hyphen-minus the C locale can encode. */
  /* TRANSLATORS: a window title: the VM's name, a dash (— or -), the
   * display's number. */
  return g_strdup_printf (_("%s %s Display %d"), name, utf8_locale ? "\u2014" : "-", index + 1);
}

char *
qv_title_for_display_here (const char *name, int index)
{
  return qv_title_for_display (name, index, g_get_charset (NULL));
}
