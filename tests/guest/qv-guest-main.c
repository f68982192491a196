/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Demo guest display program: lights every QXL head, follows head
 * hot-plug and reports each layout on the console.
 *
 * Console protocol (read by the end-to-end tests):
 *   qv-guest: layout 1=WxH+X+Y 2=off 3=... 4=...   every new layout
 *   qv-guest: ready                                 once, first layout lit
 *   qv-guest: error: cannot light layout ...: why   a layout that failed
 *                                         (the last good layout stays lit)
 *   qv-guest: anim fps=F.F                         every 100 frames
 * Kernel command line: qvguest.heads=N (heads lit before a client
 * configures them, default 1), qvguest.size=WxH (their size; default
 * connector 1's preferred mode), qvguest.anim=1 (moving bars),
 * qvguest.anim=damage (moving bars, only the changed columns reported),
 * qvguest.anim=video (a moving picture on head 1 at 25 frames/s). */
#include "qv-guest.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define POLL_MS 200
#define FRAME_MS 100
#define VIDEO_FRAME_MS 40

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void
qv_guest_log (const char *fmt, ...)
{
  char line[512];
  int n = snprintf (line, sizeof line, "qv-guest: ");
  va_list ap;

  va_start (ap, fmt);
  n += vsnprintf (line + n, sizeof line - (size_t) n - 1, fmt, ap);
  va_end (ap);
  if (n > (int) sizeof line - 2)
    n = (int) sizeof line - 2;
  line[n++] = '\n';
  /* One write per line so kernel messages cannot split it. */
  pthread_mutex_lock (&log_lock);
  if (write (STDOUT_FILENO, line, (size_t) n) < 0)
    (void) 0;
  pthread_mutex_unlock (&log_lock);
}

void
qv_guest_layout_format (const QvGuestLayout *layout, char *buf, size_t len)
{
  size_t used = 0;

  buf[0] = '\0';
  for (unsigned i = 0; i < QV_GUEST_MAX_HEADS && used < len; i++)
    {
      const QvGuestHead *h = &layout->head[i];
      int n;
      if (h->on)
        n = snprintf (buf + used, len - used, "%s%u=%ux%u+%u+%u",
                      i ? " " : "", i + 1, h->width, h->height, h->x, h->y);
      else
        n = snprintf (buf + used, len - used, "%s%u=off", i ? " " : "",
                      i + 1);
      if (n < 0)
        break;
      used += (size_t) n;
    }
}

static bool
layout_equal (const QvGuestLayout *a, const QvGuestLayout *b)
{
  for (unsigned i = 0; i < QV_GUEST_MAX_HEADS; i++)
    {
      const QvGuestHead *x = &a->head[i], *y = &b->head[i];
      if (x->on != y->on
          || (x->on && (x->width != y->width || x->height != y->height
                        || x->x != y->x || x->y != y->y)))
        return false;
    }
  return true;
}

static void
read_options (QvGuestOptions *opts)
{
  char cmdline[4096] = "";
  FILE *f = fopen ("/proc/cmdline", "r");
  char *save = NULL;

  opts->heads = 1;
  opts->width = opts->height = 0;
  opts->anim = false;
  opts->damage = false;
  opts->video = false;
  if (f)
    {
      if (!fgets (cmdline, sizeof cmdline, f))
        cmdline[0] = '\0';
      fclose (f);
    }
  for (char *tok = strtok_r (cmdline, " \n", &save); tok;
       tok = strtok_r (NULL, " \n", &save))
    {
      unsigned w, h;
      if (sscanf (tok, "qvguest.heads=%u", &opts->heads) == 1)
        {
          if (opts->heads < 1)
            opts->heads = 1;
          if (opts->heads > QV_GUEST_MAX_HEADS)
            opts->heads = QV_GUEST_MAX_HEADS;
        }
      else if (sscanf (tok, "qvguest.size=%ux%u", &w, &h) == 2 && w && h)
        {
          opts->width = w;
          opts->height = h;
        }
      else if (strcmp (tok, "qvguest.anim=1") == 0)
        opts->anim = true;
      else if (strcmp (tok, "qvguest.anim=damage") == 0)
        opts->anim = opts->damage = true;
      else if (strcmp (tok, "qvguest.anim=video") == 0)
        opts->anim = opts->video = true;
    }
}

static void
sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep (&ts, &ts) != 0 && errno == EINTR)
    ;
}

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static QvGuestKms *
open_kms (void)
{
  /* The qxl module may still be probing when we start. */
  for (int tries = 0; tries < 100; tries++)
    {
      QvGuestKms *kms = qv_guest_kms_open ("/dev/dri/card0");
      if (kms)
        return kms;
      sleep_ms (100);
    }
  return NULL;
}

int
main (void)
{
  QvGuestOptions opts;
  QvGuestKms *kms;
  QvGuestLayout lit, failed, pending;
  bool have_lit = false, have_failed = false, have_pending = false, ready = false;
  int frame = 0;
  double anim_t0 = 0;
  long frame_ms;

  read_options (&opts);
  frame_ms = opts.video ? VIDEO_FRAME_MS : FRAME_MS;
  kms = open_kms ();
  if (!kms)
    {
      qv_guest_log ("error: cannot open /dev/dri/card0: %s", strerror (errno));
      return 1;
    }
  qv_guest_agent_start ();
  memset (&lit, 0, sizeof lit);
  memset (&failed, 0, sizeof failed);
  memset (&pending, 0, sizeof pending);

  for (;;)
    {
      QvGuestLayout want;
      bool poll_now = !opts.anim || frame % (POLL_MS / frame_ms) == 0;

      bool probed = poll_now && qv_guest_kms_probe (kms, &opts, &want);
      bool changed = probed && !(have_lit && layout_equal (&want, &lit))
                     && !(have_failed && layout_equal (&want, &failed));

      if (probed && !changed)
        have_pending = false;
      /* A monitors config reaches the connectors one at a time: act on a
       * change once two polls in a row agree, as desktops debounce
       * hot-plug events, so that one config is one re-layout. */
      if (changed && !(have_pending && layout_equal (&want, &pending)))
        {
          pending = want;
          have_pending = true;
          changed = false;
        }
      if (changed)
        {
          have_pending = false;
          char text[256];
          int err = qv_guest_kms_apply (kms, &want, opts.anim ? frame : -1);

          qv_guest_layout_format (&want, text, sizeof text);
          if (err == 0)
            {
              lit = want;
              have_lit = true;
              have_failed = false;
              qv_guest_log ("layout %s", text);
              if (!ready)
                qv_guest_log ("ready");
              ready = true;
            }
          else
            {
              failed = want;
              have_failed = true;
              qv_guest_log ("error: cannot light layout %s: %s", text,
                            strerror (-err));
              /* A failed attempt leaves every head off: go back to the
               * last layout that worked rather than show nothing. */
              if (have_lit)
                {
                  QvGuestLayout back = lit;
                  have_lit = qv_guest_kms_apply (kms, &back,
                                                 opts.anim ? frame : -1)
                             == 0;
                }
            }
        }
      if (opts.anim && have_lit)
        {
          double t = now_s ();
          long spare;

          if (opts.video)
            qv_guest_kms_video (kms, frame);
          else
            qv_guest_kms_animate (kms, frame, frame + 1, opts.damage);
          frame++;
          if (frame % 100 == 0)
            {
              if (anim_t0 > 0)
                qv_guest_log ("anim fps=%.1f", 100 / (t - anim_t0));
              anim_t0 = t;
            }
          /* Keep the frame rate: sleep only what the frame left over. */
          spare = frame_ms - (long) ((now_s () - t) * 1000);
          sleep_ms (spare > 0 ? spare : 0);
        }
      else
        {
          frame++;
          sleep_ms (POLL_MS);
        }
    }
}
