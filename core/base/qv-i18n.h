/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Translations: _() looks messages up in quadview's own text domain
 * (GETTEXT_PACKAGE), so core strings are translated whatever the calling
 * program's default domain is.  Debug messages and machine-readable output
 * (--print-values, --json, layout files) are never translated. */
#include <glib.h>
#include <glib/gi18n-lib.h>

G_BEGIN_DECLS

/* Binds the text domain to the installed catalogs, or to
 * $QUADVIEW_LOCALEDIR (a build tree's po/ directory) when set, with UTF-8
 * output.  Call after setlocale (LC_ALL, ""). */
void qv_i18n_init (void);

G_END_DECLS
