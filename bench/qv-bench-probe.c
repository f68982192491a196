/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Starts a SPICE viewer and measures, from the outside, what a user sees:
 *
 *   qv-bench-probe --title FMT [--place X,Y ×4] [--interval MS] [--hold S]
 *                  [--timeout S] --result FILE -- VIEWER ARGS…
 *
 * The clock starts right before the viewer is spawned.  Every --interval
 * ms the probe lists the root window's mapped children, finds display N's
 * window by its title (FMT with %d replaced by N is a regular expression)
 * and reads one row of pixels near its bottom edge: the window "shows its
 * head" when three points on that row have the head's colour (or the
 * darker colour of the guest's moving bar).  With --place, each window is
 * moved to its X,Y with `xdotool windowmove` as soon as it appears (again
 * if it is found elsewhere later), as a user arranging windows would.
 * No window manager may run: top-level windows must be the root's
 * children.
 *
 * Once all windows show their head, the viewer's CPU time (utime + stime,
 * /proc/PID/stat) is read, the probe sleeps --hold seconds (checking once
 * a second that the windows still change, i.e. animate, and counting each
 * window's frames by X DAMAGE reports), reads the CPU
 * time and peak RSS (VmHWM) again and stops the viewer with SIGTERM.
 *
 * FILE gets key=value lines (times in ms, CPU in s, RSS in KiB), among
 * them the probe's own cost per poll, so it can be kept out of the
 * figures.  Exit status: 0 measured, 1 the viewer failed or timed out,
 * 2 bad usage. */
#include "../tests/guest/qv-guest-colors.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <glib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HEADS 4
#define TOLERANCE 24 /* per channel: scaling blurs the bar's edges */

typedef struct {
  GRegex *title;
  Window window;
  gboolean has_place;
  int place_x, place_y;
  gint64 placed_at; /* µs, last xdotool call */
  guint32 last_row_hash;
} Head;

typedef struct {
  Display *dpy;
  Window root;
  Atom net_wm_name, utf8_string;
  Head head[HEADS];
  GPid pid;
  int xdotool_calls;
} Probe;

static const guint32 head_colors[HEADS] = {
  QV_GUEST_COLOR_HEAD1, QV_GUEST_COLOR_HEAD2,
  QV_GUEST_COLOR_HEAD3, QV_GUEST_COLOR_HEAD4,
};

/* Windows vanish while being inspected; that is not an error here. */
static int
ignore_x_error (Display *dpy, XErrorEvent *event)
{
  (void) dpy;
  (void) event;
  return 0;
}

static gboolean
close_colour (guint32 a, guint32 b)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > TOLERANCE)
      return FALSE;
  return TRUE;
}

static char *
window_title (Probe *p, Window w)
{
  XTextProperty prop;
  char *title = NULL;

  if (XGetTextProperty (p->dpy, w, &prop, p->net_wm_name) && prop.value)
    {
      title = g_strndup ((const char *) prop.value, prop.nitems);
      XFree (prop.value);
    }
  else if (XGetWMName (p->dpy, w, &prop) && prop.value)
    {
      title = g_strndup ((const char *) prop.value, prop.nitems);
      XFree (prop.value);
    }
  return title;
}

/* Fills in the windows not found yet; TRUE when all are known. */
static gboolean
find_windows (Probe *p)
{
  Window root_ret, parent, *children = NULL;
  unsigned n = 0;
  gboolean all = TRUE;

  for (int i = 0; i < HEADS; i++)
    all = all && p->head[i].window != None;
  if (all)
    return TRUE;
  if (!XQueryTree (p->dpy, p->root, &root_ret, &parent, &children, &n))
    return FALSE;
  for (unsigned c = 0; c < n; c++)
    {
      XWindowAttributes attr;
      g_autofree char *title = NULL;

      if (!XGetWindowAttributes (p->dpy, children[c], &attr)
          || attr.map_state != IsViewable)
        continue;
      title = window_title (p, children[c]);
      if (title == NULL)
        continue;
      for (int i = 0; i < HEADS; i++)
        if (p->head[i].window == None
            && g_regex_match (p->head[i].title, title, 0, NULL))
          p->head[i].window = children[c];
    }
  if (children)
    XFree (children);
  all = TRUE;
  for (int i = 0; i < HEADS; i++)
    all = all && p->head[i].window != None;
  return all;
}

/* As a user would: xdotool, without waiting for it (GLib reaps it). */
static void
place (Probe *p, Head *h, gint64 now)
{
  int x, y;
  Window child;
  g_autofree char *id = NULL, *sx = NULL, *sy = NULL;

  if (!h->has_place || h->window == None || now - h->placed_at < 250000)
    return;
  if (XTranslateCoordinates (p->dpy, h->window, p->root, 0, 0, &x, &y, &child)
      && x == h->place_x && y == h->place_y)
    return;
  id = g_strdup_printf ("%lu", (unsigned long) h->window);
  sx = g_strdup_printf ("%d", h->place_x);
  sy = g_strdup_printf ("%d", h->place_y);
  const char *argv[] = { "xdotool", "windowmove", id, sx, sy, NULL };
  g_autoptr (GError) error = NULL;
  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, &error))
    g_printerr ("qv-bench-probe: %s\n", error->message);
  h->placed_at = now;
  p->xdotool_calls++;
}

/* Whether head i's window shows the head; *hash gets the sampled row's
 * hash (to tell animation from a frozen picture). */
static gboolean
shows_head (Probe *p, int i, guint32 *hash)
{
  Head *h = &p->head[i];
  guint32 bg = head_colors[i], bar = (bg >> 1) & 0x7f7f7fu;
  XWindowAttributes attr;
  XImage *row;
  gboolean ok = TRUE, some_bg = FALSE;
  int y;

  if (h->window == None || !XGetWindowAttributes (p->dpy, h->window, &attr)
      || attr.map_state != IsViewable || attr.width < 16 || attr.height < 16)
    return FALSE;
  /* Below the digit and away from borders: only the fill and the bar. */
  y = attr.height * 9 / 10;
  row = XGetImage (p->dpy, h->window, 0, y, (unsigned) attr.width, 1,
                   AllPlanes, ZPixmap);
  if (row == NULL)
    return FALSE;
  for (int k = 1; k <= 3; k++)
    {
      guint32 px = (guint32) XGetPixel (row, attr.width * (k * 4 - 2) / 12, 0) & 0xffffffu;
      if (close_colour (px, bg))
        some_bg = TRUE;
      else if (!close_colour (px, bar))
        ok = FALSE;
    }
  if (hash)
    {
      *hash = 2166136261u;
      for (int x = 0; x < attr.width; x++)
        *hash = (*hash ^ (guint32) XGetPixel (row, x, 0)) * 16777619u;
    }
  XDestroyImage (row);
  return ok && some_bg;
}

static gboolean
read_cpu (GPid pid, double *seconds)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  unsigned long utime, stime;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || (after = strrchr (text, ')')) == NULL
      /* state ppid pgrp session tty tpgid flags minflt cminflt majflt
       * cmajflt utime stime */
      || sscanf (after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                 &utime, &stime) != 2)
    return FALSE;
  *seconds = (double) (utime + stime) / (double) sysconf (_SC_CLK_TCK);
  return TRUE;
}

static long
read_hwm_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || (line = strstr (text, "\nVmHWM:")) == NULL)
    return -1;
  return strtol (line + 7, NULL, 10);
}

static gboolean
child_exited (GPid pid)
{
  int status;
  return waitpid (pid, &status, WNOHANG) == pid;
}

static void
stop_child (GPid pid)
{
  int status;

  kill (pid, SIGTERM);
  for (int t = 0; t < 100; t++)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return;
      g_usleep (50000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  g_autofree char *title_fmt = NULL, *result_path = NULL;
  g_auto (GStrv) places = NULL, command = NULL;
  int interval_ms = 20, hold_s = 30, timeout_s = 60;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title_fmt,
      "Regular expression of display N's window title, %d for N", "FMT" },
    { "place", 0, 0, G_OPTION_ARG_STRING_ARRAY, &places,
      "Move display N's window here (give it once per display)", "X,Y" },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval_ms, "Poll interval (20)", "MS" },
    { "hold", 0, 0, G_OPTION_ARG_INT, &hold_s, "Seconds of animation to measure (30)", "S" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, "Give up after (60)", "S" },
    { "result", 0, 0, G_OPTION_ARG_FILENAME, &result_path, "Write key=value lines here", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &command, NULL, "-- VIEWER ARGS…" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("-- VIEWER ARGS… - time a viewer to its windows' content");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) poll_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GString) out = g_string_new (NULL);
  Probe p = { 0 };
  gint64 t0, t_windows = -1, t_content = -1, deadline;
  double cpu_start = 0, cpu_ready = 0, cpu_end = 0;
  long hwm;
  int changes = 0, samples = 0;
  gboolean exited = FALSE;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("qv-bench-probe: %s\n", error->message);
      return 2;
    }
  if (title_fmt == NULL || result_path == NULL || command == NULL
      || interval_ms < 1 || hold_s < 0 || timeout_s < 1
      || (places && g_strv_length (places) != HEADS))
    {
      g_printerr ("qv-bench-probe: need --title, --result, a viewer command"
                  " and either no --place or four\n");
      return 2;
    }
  for (int i = 0; i < HEADS; i++)
    {
      g_autofree char *n = g_strdup_printf ("%d", i + 1);
      g_autoptr (GString) re = g_string_new (title_fmt);
      g_string_replace (re, "%d", n, 0);
      p.head[i].title = g_regex_new (re->str, 0, 0, &error);
      if (p.head[i].title == NULL)
        {
          g_printerr ("qv-bench-probe: --title: %s\n", error->message);
          return 2;
        }
      if (places && sscanf (places[i], "%d,%d", &p.head[i].place_x, &p.head[i].place_y) == 2)
        p.head[i].has_place = TRUE;
      else if (places)
        {
          g_printerr ("qv-bench-probe: --place '%s' is not X,Y\n", places[i]);
          return 2;
        }
    }

  p.dpy = XOpenDisplay (NULL);
  if (p.dpy == NULL)
    {
      g_printerr ("qv-bench-probe: cannot open the X display\n");
      return 1;
    }
  XSetErrorHandler (ignore_x_error);
  p.root = DefaultRootWindow (p.dpy);
  p.net_wm_name = XInternAtom (p.dpy, "_NET_WM_NAME", False);
  p.utf8_string = XInternAtom (p.dpy, "UTF8_STRING", False);

  t0 = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, command, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                      NULL, NULL, &p.pid, &error))
    {
      g_printerr ("qv-bench-probe: %s\n", error->message);
      return 1;
    }
  read_cpu (p.pid, &cpu_start);
  deadline = t0 + (gint64) timeout_s * G_USEC_PER_SEC;

  /* Phase 1: poll until every window shows its head. */
  for (;;)
    {
      gint64 start = g_get_monotonic_time (), end;
      gboolean all = TRUE;

      if (find_windows (&p) && t_windows < 0)
        t_windows = start;
      for (int i = 0; i < HEADS; i++)
        {
          place (&p, &p.head[i], start);
          all = shows_head (&p, i, NULL) && all;
        }
      XSync (p.dpy, False);
      end = g_get_monotonic_time ();
      gint64 cost = end - start;
      g_array_append_val (poll_us, cost);
      if (all)
        {
          /* Content was there when this poll began at the latest. */
          t_content = start;
          break;
        }
      if (child_exited (p.pid))
        {
          exited = TRUE;
          break;
        }
      if (end > deadline)
        break;
      g_usleep ((gulong) MAX (0, interval_ms * 1000 - cost));
    }
  if (t_content < 0)
    {
      if (exited)
        g_printerr ("qv-bench-probe: %s exited before its windows showed content\n",
                    command[0]);
      else
        g_printerr ("qv-bench-probe: %s: no four windows with content after %d s\n",
                    command[0], timeout_s);
      if (!exited)
        stop_child (p.pid);
      return 1;
    }

  /* Phase 2: steady animation.  The frames each window shows are the
   * X DAMAGE reports of its contents (one per burst of drawing, the
   * report re-armed at once): the same count for both viewers means they
   * did the same work. */
  int damage_event = 0, damage_error = 0;
  Damage damage[HEADS] = { 0 };
  long frames[HEADS] = { 0 };
  gint64 t_hold = g_get_monotonic_time ();

  if (!XDamageQueryExtension (p.dpy, &damage_event, &damage_error))
    g_printerr ("qv-bench-probe: no DAMAGE extension: frames are not counted\n");
  else
    for (int i = 0; i < HEADS; i++)
      damage[i] = XDamageCreate (p.dpy, p.head[i].window, XDamageReportNonEmpty);
  XSync (p.dpy, False);
  read_cpu (p.pid, &cpu_ready);
  for (int s = 0; s < hold_s; s++)
    {
      gint64 next = t_hold + (gint64) (s + 1) * G_USEC_PER_SEC;

      while (g_get_monotonic_time () < next)
        {
          while (XPending (p.dpy))
            {
              XEvent ev;

              XNextEvent (p.dpy, &ev);
              if (damage_event == 0 || ev.type != damage_event + XDamageNotify)
                continue;
              for (int i = 0; i < HEADS; i++)
                if (((XDamageNotifyEvent *) &ev)->damage == damage[i])
                  {
                    frames[i]++;
                    XDamageSubtract (p.dpy, damage[i], None, None);
                  }
            }
          g_usleep (2000);
        }
      for (int i = 0; i < HEADS; i++)
        {
          guint32 hash = 0;
          shows_head (&p, i, &hash);
          if (s > 0 && hash != p.head[i].last_row_hash)
            changes++;
          samples += s > 0;
          p.head[i].last_row_hash = hash;
        }
    }
  for (int i = 0; i < HEADS; i++)
    if (damage[i])
      XDamageDestroy (p.dpy, damage[i]);
  if (!read_cpu (p.pid, &cpu_end) || (hwm = read_hwm_kib (p.pid)) < 0)
    {
      g_printerr ("qv-bench-probe: %s exited during the measurement\n", command[0]);
      return 1;
    }
  stop_child (p.pid);

  g_array_sort (poll_us, compare_gint64);
  g_string_append_printf (out, "windows_ms=%.1f\n", (double) (t_windows - t0) / 1000.0);
  g_string_append_printf (out, "content_ms=%.1f\n", (double) (t_content - t0) / 1000.0);
  g_string_append_printf (out, "polls=%u\n", poll_us->len);
  g_string_append_printf (out, "poll_median_ms=%.2f\n",
                          (double) g_array_index (poll_us, gint64, poll_us->len / 2) / 1000.0);
  g_string_append_printf (out, "poll_max_ms=%.2f\n",
                          (double) g_array_index (poll_us, gint64, poll_us->len - 1) / 1000.0);
  g_string_append_printf (out, "xdotool_calls=%d\n", p.xdotool_calls);
  g_string_append_printf (out, "cpu_startup_s=%.3f\n", cpu_ready - cpu_start);
  g_string_append_printf (out, "cpu_hold_s=%.3f\n", cpu_end - cpu_ready);
  g_string_append_printf (out, "hold_s=%d\n", hold_s);
  g_string_append_printf (out, "hwm_kib=%ld\n", hwm);
  g_string_append_printf (out, "animating=%d/%d\n", changes, samples);
  g_string_append_printf (out, "frames=%ld,%ld,%ld,%ld\n", frames[0], frames[1], frames[2],
                          frames[3]);
  if (!g_file_set_contents_full (result_path, out->str, (gssize) out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_printerr ("qv-bench-probe: %s\n", error->message);
      return 1;
    }
  for (int i = 0; i < HEADS; i++)
    g_regex_unref (p.head[i].title);
  XCloseDisplay (p.dpy);
  return 0;
}
