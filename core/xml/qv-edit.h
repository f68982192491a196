/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A list of byte-range replacements on one text, applied together, and a
 * unified diff of their effect. Ranges must not overlap. */

typedef struct _QvEditList QvEditList;

QvEditList *qv_edit_list_new (void);
void qv_edit_list_free (QvEditList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvEditList, qv_edit_list_free)

/* Replace [start, end) with @text ("" deletes; start == end inserts). */
void qv_edit_list_add (QvEditList *list, gsize start, gsize end, const char *text);
guint qv_edit_list_count (QvEditList *list);

/* The edited text (NUL-terminated). FALSE-ish NULL if two edits overlap,
 * which is a programming error reported through @error. */
char *qv_edit_list_apply (QvEditList *list, const char *text, gsize len, gsize *out_len, GError **error);

/* Unified diff (3 lines of context) of @list applied to @text, with
 * "--- @label" / "+++ @label" headers; "" when nothing changes. */
char *qv_edit_list_diff (QvEditList *list, const char *text, gsize len, const char *label);

G_END_DECLS
