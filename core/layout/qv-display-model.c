/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The guest's displays as a model, and the decision "which monitors
 * config to send now, if any" as a pure function (qv-display-model.h). */
#include "qv-display-model.h"

void
qv_display_model_init (QvDisplayModel *model)
{
  *model = (QvDisplayModel) { .auto_resize = TRUE };
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    model->heads[i].enabled = TRUE;
}

gboolean
qv_display_model_wanted (const QvDisplayModel *model, int index)
{
  g_return_val_if_fail (index >= 0 && index < QV_MAX_DISPLAYS, FALSE);
  if (!model->heads[index].enabled)
    return FALSE;
  /* "Log in first, then enable the extra displays." */
  return index == 0 || !model->wait_for_agent || model->agent_connected;
}

gboolean
qv_display_model_requested (const QvDisplayModel *model, int index)
{
  const QvGuestHead *head;

  if (!qv_display_model_wanted (model, index))
    return FALSE;
  head = &model->heads[index];
  return head->guest_active || head->has_window || head->want != QV_HEAD_WANT_NONE;
}

typedef enum {
  SIZE_KNOWN,
  SIZE_NONE, /* nothing to ask for */
  SIZE_WAIT, /* its window on screen has no size of its own yet */
} SizeState;

/* The guest size head @index should have now: its window's display area
 * when it is on screen, else what was asked for. */
static SizeState
head_size (const QvDisplayModel *model, int index, int *width, int *height)
{
  const QvGuestHead *head = &model->heads[index];

  *width = *height = 0;
  if (!model->auto_resize && head->guest_active)
    {
      /* Switching heads on and off, but never resizing them. */
      *width = head->guest.width;
      *height = head->guest.height;
      return SIZE_KNOWN;
    }
  if (head->has_window)
    {
      /* Going fullscreen or maximized as the layout says: the size now
       * is not the one the guest should get. */
      if (head->window_settling && head->window_visible)
        return SIZE_WAIT;
      /* Also while hidden: a display switched back on keeps its window's
       * last size (the guest reports the head off meanwhile). */
      *width = head->area_width;
      *height = head->area_height;
      if (*width <= 1 || *height <= 1)
        {
          if (head->window_visible)
            return SIZE_WAIT;
          *width = head->guest.width;
          *height = head->guest.height;
        }
    }
  if ((*width <= 1 || *height <= 1) && head->want == QV_HEAD_WANT_WINDOW)
    qv_display_state_guest_size (&head->want_window, model->chrome_height, width, height);
  else if ((*width <= 1 || *height <= 1) && head->want == QV_HEAD_WANT_GUEST)
    {
      *width = head->want_width;
      *height = head->want_height;
    }
  if (*width > 1 && *height > 1)
    return SIZE_KNOWN;
  /* A made-up size now would cost the guest a second re-layout. */
  return head->has_window ? SIZE_WAIT : SIZE_NONE;
}

/* What the guest has now: what was sent last, else what it reports. */
static void
current_config (const QvDisplayModel *model, QvMonitorConfig now[QV_MAX_DISPLAYS])
{
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      if (model->sent_valid)
        now[i] = model->sent[i];
      else
        {
          now[i] = model->heads[i].guest;
          now[i].on = model->heads[i].guest_active;
        }
    }
}

/* Where head @index's window stands, if known: its window's place, or
 * the saved window's (its monitor when saved fullscreen). */
static gboolean
head_place (const QvDisplayModel *model, int index, QvRect *rect)
{
  const QvGuestHead *head = &model->heads[index];

  if (head->has_window)
    {
      *rect = head->host;
      return head->placed;
    }
  if (head->want != QV_HEAD_WANT_WINDOW)
    return FALSE;
  if (head->want_window.fullscreen && head->want_window.monitor_geometry.width > 0)
    *rect = head->want_window.monitor_geometry;
  else
    *rect = head->want_window.window;
  return TRUE;
}

static gboolean
same_geometry (const QvMonitorConfig *a, const QvMonitorConfig *b)
{
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      if (a[i].on != b[i].on)
        return FALSE;
      if (a[i].on && (a[i].x != b[i].x || a[i].y != b[i].y || a[i].width != b[i].width ||
                      a[i].height != b[i].height))
        return FALSE;
    }
  return TRUE;
}

/* Windows that all stand at one spot are where they opened (no window
 * manager stacks new windows at 0,0): their places say nothing. Any
 * other placement (the user's, a window manager's) is followed. */
static gboolean
windows_spread (const QvDisplayModel *model)
{
  const QvGuestHead *first = NULL;

  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      const QvGuestHead *head = &model->heads[i];

      if (!head->window_visible || !head->placed)
        continue;
      if (first == NULL)
        first = head;
      else if (head->host.x != first->host.x || head->host.y != first->host.y)
        return TRUE;
    }
  return FALSE;
}

/* The heads as their windows stand; FALSE when no place is known (native
 * Wayland) or none means anything, then the guest's own arrangement is
 * kept. */
static gboolean
arrange_as_windows (const QvDisplayModel *model, const QvMonitorConfig *wanted,
                    QvMonitorConfig *out, QvArrangeNote *note)
{
  QvArrangeHead heads[QV_MAX_DISPLAYS];
  gboolean known[QV_MAX_DISPLAYS];
  gboolean any = FALSE, meant = model->windows_placed || windows_spread (model);
  int right = 0;

  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      heads[i] = (QvArrangeHead) { wanted[i].on, wanted[i].width, wanted[i].height, { 0 } };
      known[i] = wanted[i].on && head_place (model, i, &heads[i].window);
      if (known[i])
        {
          any = TRUE;
          right = MAX (right, heads[i].window.x + heads[i].window.width);
        }
      /* A saved window: a layout placed it. */
      meant |= wanted[i].on && !model->heads[i].has_window &&
               model->heads[i].want == QV_HEAD_WANT_WINDOW;
    }
  if (!any || !meant)
    return FALSE;
  /* Unknown places: right of everything, in display order. */
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    if (wanted[i].on && !known[i])
      {
        heads[i].window = (QvRect) { right + 1, 0, wanted[i].width, wanted[i].height };
        right += wanted[i].width + 1;
      }
  qv_arrange_windows (heads, QV_MAX_DISPLAYS, out);
  qv_arrange_box (out, QV_MAX_DISPLAYS, &note->unfolded_width, &note->unfolded_height);
  note->folded = qv_arrange_fold (out, QV_MAX_DISPLAYS, &note->fits);
  qv_arrange_box (out, QV_MAX_DISPLAYS, &note->width, &note->height);
  return TRUE;
}

QvDisplayDecision
qv_display_model_decide (const QvDisplayModel *model, QvMonitorConfig out[QV_MAX_DISPLAYS],
                         QvArrangeNote *note)
{
  QvMonitorConfig wanted[QV_MAX_DISPLAYS], now[QV_MAX_DISPLAYS];
  QvArrangeNote local_note = { 0 };

  if (note == NULL)
    note = &local_note;
  *note = (QvArrangeNote) { .fits = TRUE };

  if (!model->agent_connected)
    return QV_DISPLAY_WAIT_AGENT;
  /* Before every channel has reported, what the guest shows is unknown,
   * and so is whether a config would change anything. */
  if (!model->monitors_known)
    return QV_DISPLAY_WAIT_MONITORS;
  for (int i = 0; i < QV_MAX_DISPLAYS; i++)
    {
      QvMonitorConfig *head = &wanted[i];

      *head = (QvMonitorConfig) { FALSE, 0, 0, 0, 0 };
      if (!qv_display_model_requested (model, i))
        continue;
      switch (head_size (model, i, &head->width, &head->height))
        {
        case SIZE_WAIT:
          return QV_DISPLAY_WAIT_WINDOW;
        case SIZE_NONE:
          continue;
        case SIZE_KNOWN:
        default:
          break;
        }
      qv_head_size_clamp (&head->width, &head->height);
      head->on = TRUE;
    }
  current_config (model, now);
  /* Every re-layout makes the guest redraw all heads: a config that
   * changes nothing is not sent. */
  if (model->arrangement == QV_ARRANGEMENT_WINDOWS && arrange_as_windows (model, wanted, out, note))
    return same_geometry (out, now) ? QV_DISPLAY_UNCHANGED : QV_DISPLAY_SEND;
  /* The guest's own arrangement: heads keep their places as far as the
   * changes allow, and only a change of a size is sent. */
  qv_monitor_config_rearrange (now, wanted, out, QV_MAX_DISPLAYS);
  if (qv_monitor_config_same_sizes (out, now, QV_MAX_DISPLAYS))
    return QV_DISPLAY_UNCHANGED;
  return QV_DISPLAY_SEND;
}

const char *
qv_display_decision_to_string (QvDisplayDecision decision)
{
  switch (decision)
    {
    case QV_DISPLAY_SEND:
      return "send";
    case QV_DISPLAY_UNCHANGED:
      return "unchanged";
    case QV_DISPLAY_WAIT_AGENT:
      return "waiting for the guest agent";
    case QV_DISPLAY_WAIT_MONITORS:
      return "waiting for the guest's monitors";
    case QV_DISPLAY_WAIT_WINDOW:
    default:
      return "waiting for the windows' sizes";
    }
}
