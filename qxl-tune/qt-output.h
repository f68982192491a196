/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "qv-sizing.h"

/* What qxl-tune's main program and its libvirt module share: exit codes
 * and output. */

enum {
  QT_EXIT_OK = 0,
  QT_EXIT_ERROR = 1,
  QT_EXIT_USAGE = 2,
  QT_EXIT_LIMIT = 3,
};

/* Print "qxl-tune: [WHAT: ]MESSAGE"; the exit code for @error. */
int qt_fail (const char *what, const GError *error);
/* Print each string of @messages as "qxl-tune: KIND…". */
void qt_print_messages (const char *kind, GPtrArray *messages);

/* --print-values output: one line (or JSON object) per QXL device. */
char *qt_output_values_text (const QvQxlValues *values, guint n);
char *qt_output_values_json (const QvQxlValues *values, guint n);

/* The libvirt module's entry point (qt-domain.c), looked up by name. */
#define QT_DOMAIN_RUN_SYMBOL "qt_domain_run"
typedef int (*QtDomainRunFunc) (const void *request, const char *uri, const char *domain, gboolean diff);
