/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Byte-range edits and their unified diff.
 *
 * Our edits are few and local, so the diff is derived from the edits
 * themselves (the lines they touch, less the lines that came out equal)
 * rather than from a general-purpose line-matching algorithm. */
#include "qv-edit.h"

#include "qv-xml.h"

#include <string.h>

#define CONTEXT 3

typedef struct {
  gsize start;
  gsize end;
  char *text;
  guint seq; /* keeps insertions at one point in the order they were added */
} Edit;

struct _QvEditList {
  GArray *edits;
};

static void
edit_clear (gpointer data)
{
  g_free (((Edit *) data)->text);
}

QvEditList *
qv_edit_list_new (void)
{
  QvEditList *list = g_new0 (QvEditList, 1);

  list->edits = g_array_new (FALSE, TRUE, sizeof (Edit));
  g_array_set_clear_func (list->edits, edit_clear);
  return list;
}

void
qv_edit_list_free (QvEditList *list)
{
  if (!list)
    return;
  g_array_unref (list->edits);
  g_free (list);
}

void
qv_edit_list_add (QvEditList *list, gsize start, gsize end, const char *text)
{
  Edit e = { start, end, g_strdup (text), list->edits->len };

  g_return_if_fail (start <= end);
  g_array_append_val (list->edits, e);
}

guint
qv_edit_list_count (QvEditList *list)
{
  return list->edits->len;
}

static gint
edit_cmp (gconstpointer a, gconstpointer b)
{
  const Edit *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  /* A pure insertion goes before a replacement starting at the same byte. */
  if ((x->start == x->end) != (y->start == y->end))
    return x->start == x->end ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gboolean
sort_and_check (QvEditList *list, gsize len, GError **error)
{
  g_array_sort (list->edits, edit_cmp);
  for (guint i = 0; i < list->edits->len; i++)
    {
      const Edit *e = &g_array_index (list->edits, Edit, i);

      if (e->end > len || (i > 0 && e->start < g_array_index (list->edits, Edit, i - 1).end))
        {
          g_set_error (error, QV_XML_ERROR, QV_XML_ERROR_PARSE,
                       "internal error: overlapping edits at byte %" G_GSIZE_FORMAT, e->start);
          return FALSE;
        }
    }
  return TRUE;
}

/* Apply edits [from, to) to text[lo, hi). */
static void
apply_range (GString *out, QvEditList *list, guint from, guint to, const char *text, gsize lo, gsize hi)
{
  gsize p = lo;

  for (guint i = from; i < to; i++)
    {
      const Edit *e = &g_array_index (list->edits, Edit, i);

      g_string_append_len (out, text + p, e->start - p);
      g_string_append (out, e->text);
      p = e->end;
    }
  g_string_append_len (out, text + p, hi - p);
}

char *
qv_edit_list_apply (QvEditList *list, const char *text, gsize len, gsize *out_len, GError **error)
{
  GString *out;

  if (!sort_and_check (list, len, error))
    return NULL;
  out = g_string_sized_new (len + 256);
  apply_range (out, list, 0, list->edits->len, text, 0, len);
  if (out_len)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* ---- diff ---- */

typedef struct {
  GArray *starts; /* gsize: offset of each line */
  const char *text;
  gsize len;
} Lines;

static void
lines_init (Lines *l, const char *text, gsize len)
{
  gsize zero = 0;

  l->text = text;
  l->len = len;
  l->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (len > 0)
    g_array_append_val (l->starts, zero);
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n' && i + 1 < len)
      {
        gsize s = i + 1;
        g_array_append_val (l->starts, s);
      }
}

static guint
lines_count (const Lines *l)
{
  return l->starts->len;
}

static gsize
line_start (const Lines *l, guint i)
{
  return i < l->starts->len ? g_array_index (l->starts, gsize, i) : l->len;
}

static gsize
line_end (const Lines *l, guint i)
{
  return line_start (l, i + 1);
}

static guint
line_of (const Lines *l, gsize pos)
{
  guint lo = 0, hi = l->starts->len;

  if (hi == 0)
    return 0;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (l->starts, gsize, mid) <= pos)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
line_equal (const Lines *a, guint i, const Lines *b, guint j)
{
  gsize la = line_end (a, i) - line_start (a, i), lb = line_end (b, j) - line_start (b, j);

  return la == lb && memcmp (a->text + line_start (a, i), b->text + line_start (b, j), la) == 0;
}

/* One changed block: old lines [old_first, old_first + n_old) become the
 * new lines [first, first + n_new) of @repl. */
typedef struct {
  guint old_first;
  guint n_old;
  Lines repl;
  guint first;
  guint n_new;
  GString *repl_text;
} Change;

static void
emit_line (GString *out, char mark, const Lines *l, guint i)
{
  gsize s = line_start (l, i), e = line_end (l, i);

  g_string_append_c (out, mark);
  g_string_append_len (out, l->text + s, e - s);
  if (e == s || l->text[e - 1] != '\n')
    g_string_append (out, "\n\\ No newline at end of file\n");
}

static void
emit_hunk (GString *out, const Lines *old, GArray *changes, guint from, guint to, long delta)
{
  const Change *first = &g_array_index (changes, Change, from);
  const Change *last = &g_array_index (changes, Change, to - 1);
  guint ctx_start = first->old_first > CONTEXT ? first->old_first - CONTEXT : 0;
  guint ctx_end = MIN (lines_count (old), last->old_first + last->n_old + CONTEXT);
  guint n_old = ctx_end - ctx_start, n_new = n_old, p = ctx_start;

  for (guint c = from; c < to; c++)
    {
      const Change *ch = &g_array_index (changes, Change, c);
      n_new = n_new - ch->n_old + ch->n_new;
    }
  g_string_append_printf (out, "@@ -%u,%u +%ld,%u @@\n",
                          n_old ? ctx_start + 1 : ctx_start, n_old,
                          n_new ? (long) ctx_start + delta + 1 : (long) ctx_start + delta, n_new);
  for (guint c = from; c < to; c++)
    {
      const Change *ch = &g_array_index (changes, Change, c);

      for (; p < ch->old_first; p++)
        emit_line (out, ' ', old, p);
      for (guint i = 0; i < ch->n_old; i++, p++)
        emit_line (out, '-', old, p);
      for (guint i = 0; i < ch->n_new; i++)
        emit_line (out, '+', &ch->repl, ch->first + i);
    }
  for (; p < ctx_end; p++)
    emit_line (out, ' ', old, p);
}

char *
qv_edit_list_diff (QvEditList *list, const char *text, gsize len, const char *label)
{
  g_autoptr (GArray) changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_autoptr (GString) out = g_string_new ("");
  Lines old;
  guint i = 0;
  long delta = 0;

  if (!sort_and_check (list, len, NULL))
    return NULL;
  lines_init (&old, text, len);

  /* Group edits touching the same lines into changes. */
  while (i < list->edits->len)
    {
      const Edit *e = &g_array_index (list->edits, Edit, i);
      guint a = line_of (&old, e->start);
      guint b = line_of (&old, e->end > e->start ? e->end - 1 : e->start);
      guint j = i + 1;
      Change ch = { 0 };

      while (j < list->edits->len && line_of (&old, g_array_index (list->edits, Edit, j).start) <= b)
        {
          const Edit *f = &g_array_index (list->edits, Edit, j);
          b = MAX (b, line_of (&old, f->end > f->start ? f->end - 1 : f->start));
          j++;
        }
      ch.repl_text = g_string_new ("");
      apply_range (ch.repl_text, list, i, j, text, line_start (&old, a), line_end (&old, b));
      lines_init (&ch.repl, ch.repl_text->str, ch.repl_text->len);
      ch.old_first = a;
      ch.n_old = len ? b - a + 1 : 0;
      ch.first = 0;
      ch.n_new = lines_count (&ch.repl);
      /* Drop lines that came out equal at either end. */
      while (ch.n_old && ch.n_new && line_equal (&old, ch.old_first, &ch.repl, ch.first))
        ch.old_first++, ch.n_old--, ch.first++, ch.n_new--;
      while (ch.n_old && ch.n_new &&
             line_equal (&old, ch.old_first + ch.n_old - 1, &ch.repl, ch.first + ch.n_new - 1))
        ch.n_old--, ch.n_new--;
      if (ch.n_old || ch.n_new)
        g_array_append_val (changes, ch);
      else
        {
          g_array_unref (ch.repl.starts);
          g_string_free (ch.repl_text, TRUE);
        }
      i = j;
    }

  if (changes->len)
    g_string_append_printf (out, "--- %s\n+++ %s\n", label, label);
  for (guint c = 0; c < changes->len;)
    {
      guint d = c + 1;
      long hunk_delta = delta;

      while (d < changes->len)
        {
          const Change *prev = &g_array_index (changes, Change, d - 1);
          const Change *next = &g_array_index (changes, Change, d);
          if (next->old_first > prev->old_first + prev->n_old + 2 * CONTEXT)
            break;
          d++;
        }
      emit_hunk (out, &old, changes, c, d, hunk_delta);
      for (; c < d; c++)
        {
          const Change *ch = &g_array_index (changes, Change, c);
          delta += (long) ch->n_new - (long) ch->n_old;
        }
    }

  for (guint c = 0; c < changes->len; c++)
    {
      Change *ch = &g_array_index (changes, Change, c);
      g_array_unref (ch->repl.starts);
      g_string_free (ch->repl_text, TRUE);
    }
  g_array_unref (old.starts);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
