#pragma once

#include "qv-sizing.h"

/* --print-values output: one line (or JSON object) per QXL device. */
char *qt_output_values_text (const QvQxlValues *values, guint n);
char *qt_output_values_json (const QvQxlValues *values, guint n);
