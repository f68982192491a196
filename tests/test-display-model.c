/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The display model's decision, in a table: what the guest reports, the
 * windows, the user's and the layout's wishes -> the monitors config to
 * send, or why none is. Every case the viewer's end-to-end tests meet
 * (launch, resize, a display off and on, a layout before any window,
 * fullscreen, settling) is here as a row. */
#include "qv-display-model.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  const char *guest;  /* "WxH+X+Y" as the guest reports it; NULL: off */
  gboolean disabled;  /* switched off by the user or the layout */
  const char *window; /* "WxH" its display area; "hidden WxH"; "nosize";
                       * "settling WxH"; NULL: no window */
  const char *want;   /* "guest WxH", "window WxH" (a saved window),
                       * "full WxH" (saved fullscreen on a WxH monitor); NULL */
  const char *at;     /* "X,Y": where its window stands on the host; NULL: not known */
} HeadSpec;

typedef struct {
  const char *name;
  HeadSpec heads[QV_MAX_DISPLAYS];
  gboolean no_agent;
  gboolean monitors_unknown;
  gboolean no_auto_resize;
  gboolean guest_arrangement; /* --arrangement=guest */
  const char *sent; /* what was sent last, "1=… 2=…"; NULL: nothing */
  QvDisplayDecision decision;
  const char *config; /* for SEND and UNCHANGED */
} ModelCase;

#define FOUR_1024 { "1024x768+0+0", FALSE, "1024x768", NULL }, \
                  { "1024x768+1024+0", FALSE, "1024x768", NULL }, \
                  { "1024x768+2048+0", FALSE, "1024x768", NULL }, \
                  { "1024x768+3072+0", FALSE, "1024x768", NULL }

static const ModelCase cases[] = {
  { "no-agent", { FOUR_1024 }, TRUE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_WAIT_AGENT, NULL },
  { "monitors-unknown", { FOUR_1024 }, FALSE, TRUE, FALSE, FALSE, NULL, QV_DISPLAY_WAIT_MONITORS,
    NULL },
  { "launch-as-the-guest-is", { FOUR_1024 }, FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_UNCHANGED,
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+2048+0 4=1024x768+3072+0" },
  { "resize-one",
    { { "1024x768+0+0", FALSE, "1024x768", NULL },
      { "1024x768+1024+0", FALSE, "808x600", NULL },
      { "1024x768+2048+0", FALSE, "1024x768", NULL },
      { "1024x768+3072+0", FALSE, "1024x768", NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND,
    "1=1024x768+0+0 2=808x600+1024+0 3=1024x768+1832+0 4=1024x768+2856+0" },
  { "after-a-send-the-sent-counts",
    { FOUR_1024 }, FALSE, FALSE, FALSE, FALSE,
    "1=1024x768+0+0 2=808x600+1024+0 3=1024x768+1832+0 4=1024x768+2856+0", QV_DISPLAY_SEND,
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+2048+0 4=1024x768+3072+0" },
  { "display-3-off",
    { { "1024x768+0+0", FALSE, "1024x768", NULL },
      { "1024x768+1024+0", FALSE, "1024x768", NULL },
      { "1024x768+2048+0", TRUE, "hidden 1024x768", NULL },
      { "1024x768+3072+0", FALSE, "1024x768", NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND,
    "1=1024x768+0+0 2=1024x768+1024+0 3=off 4=1024x768+2048+0" },
  { "display-3-back-at-its-window-size",
    { { "1024x768+0+0", FALSE, "1024x768", NULL },
      { "1024x768+1024+0", FALSE, "1024x768", NULL },
      { NULL, FALSE, "hidden 900x700", NULL },
      { "1024x768+2048+0", FALSE, "1024x768", NULL } },
    FALSE, FALSE, FALSE, FALSE, "1=1024x768+0+0 2=1024x768+1024+0 3=off 4=1024x768+2048+0",
    QV_DISPLAY_SEND, "1=1024x768+0+0 2=1024x768+1024+0 3=900x700+2048+0 4=1024x768+2948+0" },
  { "a-window-without-size-yet",
    { { "1024x768+0+0", FALSE, "1024x768", NULL }, { "1024x768+1024+0", FALSE, "nosize", NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_WAIT_WINDOW, NULL },
  { "a-window-going-fullscreen",
    { { "1024x768+0+0", FALSE, "settling 1024x768", NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_WAIT_WINDOW, NULL },
  { "layout-before-windows",
    { { "1024x768+0+0", FALSE, NULL, "window 1280x825", "0,0" },
      { NULL, FALSE, NULL, "window 800x625", "1300,0" },
      { NULL, TRUE, NULL, "window 800x625", "0,900" },
      { NULL, FALSE, NULL, NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND,
    "1=1280x800+0+0 2=800x600+1280+0 3=off 4=off" },
  { "layout-fullscreen",
    { { "1024x768+0+0", FALSE, NULL, "full 1920x1080" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND, "1=1920x1080+0+0 2=off 3=off 4=off" },
  { "switched-on-with-nothing-known",
    { { "1024x768+0+0", FALSE, "1024x768", NULL }, { NULL, FALSE, NULL, "guest 1024x768" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND, "1=1024x768+0+0 2=1024x768+1024+0 3=off 4=off" },
  { "off-in-the-guest-and-not-asked-for",
    { { "1024x768+0+0", FALSE, "1024x768", NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_UNCHANGED, "1=1024x768+0+0 2=off 3=off 4=off" },
  { "no-auto-resize-keeps-guest-sizes",
    { { "1024x768+0+0", FALSE, "800x600", NULL }, { "1024x768+1024+0", FALSE, "640x480", NULL } },
    FALSE, FALSE, TRUE, FALSE, NULL, QV_DISPLAY_UNCHANGED,
    "1=1024x768+0+0 2=1024x768+1024+0 3=off 4=off" },
  { "no-auto-resize-switches-off",
    { { "1024x768+0+0", FALSE, "800x600", NULL }, { "1024x768+1024+0", TRUE, "640x480", NULL } },
    FALSE, FALSE, TRUE, FALSE, NULL, QV_DISPLAY_SEND, "1=1024x768+0+0 2=off 3=off 4=off" },
  { "larger-than-the-driver-clamped",
    { { "1024x768+0+0", FALSE, "9000x700", NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND, "1=8192x700+0+0 2=off 3=off 4=off" },
  /* ---- as the windows stand (the default) ---- */
  { "windows-2x2-from-a-row",
    { { "1024x768+0+0", FALSE, "1024x768", NULL, "0,0" },
      { "1024x768+1024+0", FALSE, "1024x768", NULL, "1040,0" },
      { "1024x768+2048+0", FALSE, "1024x768", NULL, "0,820" },
      { "1024x768+3072+0", FALSE, "1024x768", NULL, "1040,820" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND,
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+0+768 4=1024x768+1024+768" },
  { "windows-as-the-guest-is",
    { { "1024x768+0+0", FALSE, "1024x768", NULL, "0,0" },
      { "1024x768+1024+0", FALSE, "1024x768", NULL, "1040,0" },
      { "1024x768+0+768", FALSE, "1024x768", NULL, "0,820" },
      { "1024x768+1024+768", FALSE, "1024x768", NULL, "1040,820" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_UNCHANGED,
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+0+768 4=1024x768+1024+768" },
  /* A move that keeps the order: the same arrangement, nothing sent. */
  { "windows-moved-a-little",
    { { "1024x768+0+0", FALSE, "1024x768", NULL, "12,30" },
      { "1024x768+1024+0", FALSE, "1024x768", NULL, "1100,0" },
      { "1024x768+0+768", FALSE, "1024x768", NULL, "0,850" },
      { "1024x768+1024+768", FALSE, "1024x768", NULL, "1040,800" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_UNCHANGED,
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+0+768 4=1024x768+1024+768" },
  { "windows-3-1-2-4",
    { { "900x650+0+0", FALSE, "900x650", NULL, "960,40" },
      { "900x650+900+0", FALSE, "900x650", NULL, "1880,40" },
      { "900x650+1800+0", FALSE, "900x650", NULL, "40,40" },
      { "900x650+2700+0", FALSE, "900x650", NULL, "2800,40" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND,
    "1=900x650+900+0 2=900x650+1800+0 3=900x650+0+0 4=900x650+2700+0" },
  /* The same windows with the guest's own arrangement kept. */
  { "guest-arrangement-ignores-places",
    { { "900x650+0+0", FALSE, "900x650", NULL, "960,40" },
      { "900x650+900+0", FALSE, "900x650", NULL, "1880,40" },
      { "900x650+1800+0", FALSE, "900x650", NULL, "40,40" },
      { "900x650+2700+0", FALSE, "900x650", NULL, "2800,40" } },
    FALSE, FALSE, FALSE, TRUE, NULL, QV_DISPLAY_UNCHANGED,
    "1=900x650+0+0 2=900x650+900+0 3=900x650+1800+0 4=900x650+2700+0" },
  /* Four 1440p windows in a row: folded into 2x2 for the driver. */
  { "windows-row-of-four-1440p-folded",
    { { "1024x768+0+0", FALSE, "2560x1440", NULL, "0,0" },
      { "1024x768+1024+0", FALSE, "2560x1440", NULL, "2560,0" },
      { "1024x768+2048+0", FALSE, "2560x1440", NULL, "5120,0" },
      { "1024x768+3072+0", FALSE, "2560x1440", NULL, "7680,0" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND,
    "1=2560x1440+0+0 2=2560x1440+2560+0 3=2560x1440+0+1440 4=2560x1440+2560+1440" },
  /* Windows standing where they opened (all at 0,0, no window manager)
   * say nothing: the guest keeps its arrangement. */
  { "windows-where-they-opened",
    { { "1024x768+0+0", FALSE, "1024x768", NULL, "@0,0" },
      { "1024x768+1024+0", FALSE, "1024x768", NULL, "@0,0" },
      { "1024x768+2048+0", FALSE, "1024x768", NULL, "@0,0" },
      { "1024x768+3072+0", FALSE, "1024x768", NULL, "@0,0" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_UNCHANGED,
    "1=1024x768+0+0 2=1024x768+1024+0 3=1024x768+2048+0 4=1024x768+3072+0" },
  /* Not all at one spot (a window manager's placement): followed. */
  { "windows-spread-where-they-opened",
    { { "1024x768+0+0", FALSE, "1024x768", NULL, "@1100,0" },
      { "1024x768+1024+0", FALSE, "1024x768", NULL, "@0,0" },
      { NULL, FALSE, NULL, NULL, NULL },
      { NULL, FALSE, NULL, NULL, NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND, "1=1024x768+1024+0 2=1024x768+0+0 3=off 4=off" },
  /* viewer-restore's windows, moved by the user (3 and 4 overlap). */
  { "windows-moved-overlapping",
    { { "1024x768+0+0", FALSE, "900x615", NULL, "@40,60" },
      { "1024x768+1024+0", FALSE, "800x575", NULL, "@980,60" },
      { "1024x768+2048+0", FALSE, "960x675", NULL, "@2000,80" },
      { "1024x768+3072+0", FALSE, "1000x535", NULL, "@2600,600" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND,
    "1=900x615+0+0 2=800x575+900+0 3=960x675+1700+0 4=1000x535+2660+140" },
  /* A head off closes its gap; a head without a known place goes right. */
  { "windows-one-off-one-unplaced",
    { { "1024x768+0+0", FALSE, "1024x768", NULL, "0,800" },
      { "1024x768+1024+0", TRUE, "hidden 1024x768", NULL, "1040,0" },
      { "1024x768+2048+0", FALSE, "1024x768", NULL, "0,0" },
      { NULL, FALSE, NULL, "guest 800x600" } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND,
    "1=1024x768+0+768 2=off 3=1024x768+0+0 4=800x600+1024+0" },
  { "column-kept-on-resize",
    { { "1024x768+0+0", FALSE, "1024x600", NULL }, { "1024x768+0+768", FALSE, "1024x768", NULL } },
    FALSE, FALSE, FALSE, FALSE, NULL, QV_DISPLAY_SEND, "1=1024x600+0+0 2=1024x768+0+600 3=off 4=off" },
};

static gboolean
parse_geometry (const char *text, QvMonitorConfig *out)
{
  int w, h, x = 0, y = 0;

  if (sscanf (text, "%dx%d+%d+%d", &w, &h, &x, &y) < 2)
    return FALSE;
  *out = (QvMonitorConfig) { TRUE, x, y, w, h };
  return TRUE;
}

static void
parse_config (const char *text, QvMonitorConfig out[QV_MAX_DISPLAYS])
{
  g_auto (GStrv) parts = g_strsplit (text, " ", -1);

  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      const char *value = strchr (parts[i], '=') + 1;

      out[i] = (QvMonitorConfig) { FALSE, 0, 0, 0, 0 };
      if (strcmp (value, "off") != 0)
        g_assert_true (parse_geometry (value, &out[i]));
    }
}

static void
build (const ModelCase *c, QvDisplayModel *model)
{
  qv_display_model_init (model);
  model->agent_connected = !c->no_agent;
  model->monitors_known = !c->monitors_unknown;
  model->auto_resize = !c->no_auto_resize;
  model->chrome_height = 25;
  model->arrangement = c->guest_arrangement ? QV_ARRANGEMENT_GUEST : QV_ARRANGEMENT_WINDOWS;
  if (c->sent != NULL)
    {
      parse_config (c->sent, model->sent);
      model->sent_valid = TRUE;
    }
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      const HeadSpec *spec = &c->heads[i];
      QvGuestHead *head = &model->heads[i];
      QvMonitorConfig size;

      head->enabled = !spec->disabled;
      if (spec->guest != NULL)
        head->guest_active = parse_geometry (spec->guest, &head->guest);
      if (spec->window != NULL)
        {
          const char *area = spec->window;

          head->has_window = TRUE;
          head->window_visible = !g_str_has_prefix (area, "hidden ");
          head->window_settling = g_str_has_prefix (area, "settling ");
          area = strchr (area, ' ') ? strchr (area, ' ') + 1 : area;
          if (parse_geometry (area, &size))
            {
              head->area_width = size.width;
              head->area_height = size.height;
            }
          if (spec->at != NULL)
            {
              g_assert_cmpint (sscanf (spec->at + (spec->at[0] == '@'), "%d,%d", &head->host.x,
                                       &head->host.y), ==, 2);
              head->host.width = head->area_width;
              head->host.height = head->area_height + model->chrome_height;
              head->placed = TRUE;
              /* Placed where the user put it, but for "@" (where it opened). */
              model->windows_placed |= spec->at[0] != '@';
            }
        }
      if (spec->want != NULL)
        {
          g_assert_true (parse_geometry (strchr (spec->want, ' ') + 1, &size));
          if (g_str_has_prefix (spec->want, "guest "))
            {
              head->want = QV_HEAD_WANT_GUEST;
              head->want_width = size.width;
              head->want_height = size.height;
            }
          else
            {
              head->want = QV_HEAD_WANT_WINDOW;
              head->want_window.saved = TRUE;
              head->want_window.enabled = !spec->disabled;
              head->want_window.window = (QvRect) { 0, 0, size.width, size.height };
              if (spec->at != NULL)
                g_assert_cmpint (sscanf (spec->at, "%d,%d", &head->want_window.window.x,
                                         &head->want_window.window.y), ==, 2);
              if (g_str_has_prefix (spec->want, "full "))
                {
                  head->want_window.fullscreen = TRUE;
                  head->want_window.monitor_geometry = (QvRect) { 0, 0, size.width, size.height };
                }
            }
        }
    }
}

static void
test_decide (gconstpointer data)
{
  const ModelCase *c = data;
  QvDisplayModel model;
  QvMonitorConfig out[QV_MAX_DISPLAYS];
  QvDisplayDecision decision;
  QvArrangeNote note;

  build (c, &model);
  decision = qv_display_model_decide (&model, out, &note);
  g_assert_cmpstr (qv_display_decision_to_string (decision), ==,
                   qv_display_decision_to_string (c->decision));
  if (c->config != NULL)
    {
      g_autofree char *got = qv_monitor_config_describe (out, QV_MAX_DISPLAYS);

      g_assert_cmpstr (got, ==, c->config);
    }
  /* Said so when, and only when, the windows' arrangement was folded. */
  g_assert_cmpint (note.folded, ==, g_str_has_suffix (c->name, "-folded"));
}

/* Which displays are wanted and requested: the user's switches, the
 * agent for displays 2-4 with wait_for_agent, and a head nobody asked
 * for that the guest keeps off. */
static void
test_wanted (void)
{
  QvDisplayModel model;

  qv_display_model_init (&model);
  model.wait_for_agent = TRUE;
  model.heads[0].guest_active = TRUE;
  model.heads[1].guest_active = TRUE;
  model.heads[3].enabled = FALSE;
  g_assert_true (qv_display_model_wanted (&model, 0));
  g_assert_false (qv_display_model_wanted (&model, 1));
  model.agent_connected = TRUE;
  g_assert_true (qv_display_model_wanted (&model, 1));
  g_assert_false (qv_display_model_wanted (&model, 3));
  g_assert_true (qv_display_model_requested (&model, 1));
  /* Off in the guest, no window, nothing asked: not requested. */
  g_assert_false (qv_display_model_requested (&model, 2));
  model.heads[2].want = QV_HEAD_WANT_GUEST;
  g_assert_true (qv_display_model_requested (&model, 2));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/display-model/decide/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_decide);
    }
  g_test_add_func ("/display-model/wanted", test_wanted);
  return g_test_run ();
}
