/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Shared by the layout store tests: a temporary directory per test and
 * helpers that assert as they go. */

#include "qv-layout.h"

#define UUID "6f1c2a8e-1d2b-4c3e-9f00-0123456789ab"

typedef struct {
  char *dir;    /* temporary directory */
  char *path;   /* dir/quadview/layouts.ini, not created */
} Fixture;

void fixture_setup (Fixture *f, gconstpointer data);
void fixture_teardown (Fixture *f, gconstpointer data);

/* Contents of @path (asserted readable). */
char *read_text (const char *path, gsize *length);

/* Copy tests/data/layout/@name to @f->path. */
void install_file (Fixture *f, const char *name);

/* Paths of the layouts.ini.corrupt-* files next to @f->path. */
GPtrArray *list_aside (Fixture *f);

/* Load @path expecting neither error nor warning. */
QvLayoutStore *load_ok (const char *path);
void save_ok (QvLayoutStore *store, const char *vm_key);
void put_ok (QvLayoutStore *store, const char *vm_key, const QvLayout *layout);

/* A layout whose values all derive from @seed, so that mix-ups show:
 * display 1 (index 0) is at x = @seed with width 640 + @seed; display 3
 * is never saved. */
QvLayout *make_layout (const char *name, int seed, gint64 last_used, const char *signature);

void assert_layouts_equal (const QvLayout *a, const QvLayout *b);
