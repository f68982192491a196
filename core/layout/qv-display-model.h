/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

#include "qv-arrange.h"
#include "qv-arrange-windows.h"
#include "qv-layout.h"

G_BEGIN_DECLS

/* The guest's displays as the viewer sees them, and the one decision made
 * from them: which monitors config to send the guest now, if any. No GTK:
 * the viewer (viewer/qv-displays.c) copies what its windows and the
 * channels say into a QvDisplayModel and applies what comes out; the
 * rules are table-tested (tests/test-display-model.c). */

/* Where a head's size comes from when its window has none of its own. */
typedef enum {
  QV_HEAD_WANT_NONE,   /* nothing: whatever the guest has */
  QV_HEAD_WANT_GUEST,  /* a guest size (a display switched on with nothing known) */
  QV_HEAD_WANT_WINDOW, /* a saved window: its size less a real window's chrome */
} QvHeadWant;

/* One guest head: what the guest reports, what the user and the layout
 * want, and the window that shows it. */
typedef struct {
  /* The guest's report. */
  gboolean guest_active;      /* it shows the head */
  QvMonitorConfig guest;      /* where and how large (on = guest_active) */
  /* The user's and the layout's wishes. */
  gboolean enabled;           /* wanted on screen */
  QvHeadWant want;
  int want_width;             /* QV_HEAD_WANT_GUEST */
  int want_height;
  QvDisplayState want_window; /* QV_HEAD_WANT_WINDOW; its monitor name is not used */
  /* Its window, when one exists. */
  gboolean has_window;
  gboolean window_visible;
  gboolean window_settling;   /* going fullscreen or maximized: not its final size */
  int area_width;             /* the display widget's size; <= 1: none yet */
  int area_height;
  gboolean placed;            /* where the window stands is known: */
  QvRect host;                /* there, in host coordinates (fullscreen: its monitor) */
} QvGuestHead;

/* How the guest's heads stand relative to each other. */
typedef enum {
  QV_ARRANGEMENT_WINDOWS, /* as their windows stand on the host (qv-arrange-windows.h) */
  QV_ARRANGEMENT_GUEST,   /* where the guest has them, changed only as sizes must */
} QvArrangement;

typedef struct {
  QvGuestHead heads[QV_MAX_DISPLAYS];
  gboolean monitors_known;  /* every display channel has said which heads it shows */
  gboolean agent_connected; /* the guest can follow a config */
  gboolean auto_resize;     /* heads follow their windows' sizes */
  gboolean wait_for_agent;  /* displays 2-4 only once the agent runs */
  int chrome_height;        /* what a window adds above its display */
  QvArrangement arrangement;
  gboolean windows_placed;  /* some window stands where a layout or the user put
                             * it; else their places count only when they are
                             * not all at one spot (stacked where they opened) */
  gboolean sent_valid;      /* @sent is what the guest was last asked for */
  QvMonitorConfig sent[QV_MAX_DISPLAYS];
} QvDisplayModel;

/* A model with nothing known: every display enabled, auto-resize on. */
void qv_display_model_init (QvDisplayModel *model);

/* Display @index is wanted on screen now: enabled, and for displays 2-4
 * with wait_for_agent, the agent runs ("log in first"). */
gboolean qv_display_model_wanted (const QvDisplayModel *model, int index);

/* Display @index is to be on: wanted, and known to the guest or given a
 * size (a window, the layout, the user). A head the guest keeps off and
 * nobody asked for stays off: no re-layout at launch. */
gboolean qv_display_model_requested (const QvDisplayModel *model, int index);

typedef enum {
  QV_DISPLAY_SEND,          /* the config to send is in @out */
  QV_DISPLAY_UNCHANGED,     /* @out would change no head's size: none is sent */
  QV_DISPLAY_WAIT_AGENT,    /* no agent: the guest could not follow */
  QV_DISPLAY_WAIT_MONITORS, /* a display channel has not said what it shows */
  QV_DISPLAY_WAIT_WINDOW,   /* a window on screen has no size of its own yet */
} QvDisplayDecision;

/* What an arrangement past the guest driver's framebuffer became. */
typedef struct {
  gboolean folded;          /* the windows' arrangement was folded into a grid */
  gboolean fits;            /* the result fits the driver's framebuffer */
  int width, height;        /* its bounding box */
  int unfolded_width;       /* the windows' arrangement's, before the fold */
  int unfolded_height;
} QvArrangeNote;

/* What to send now. @out gets the config the windows call for; it is set
 * for SEND and UNCHANGED. With QV_ARRANGEMENT_WINDOWS and any window's
 * place known, the heads stand as their windows do (heads without a known
 * place to the right of the others), folded if the driver needs it
 * (@note, nullable), and only a change of a head's size or place is sent.
 * Otherwise the heads are kept where they are as far as the changes allow
 * (qv_monitor_config_rearrange against what was sent last, else against
 * the guest's report), and only a change of a size is sent. */
QvDisplayDecision qv_display_model_decide (const QvDisplayModel *model,
                                           QvMonitorConfig out[QV_MAX_DISPLAYS],
                                           QvArrangeNote *note);

const char *qv_display_decision_to_string (QvDisplayDecision decision);

G_END_DECLS
