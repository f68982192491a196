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

QvDisplayDecision
qv_display_model_decide (const QvDisplayModel *model, QvMonitorConfig out[QV_MAX_DISPLAYS])
{
  QvMonitorConfig wanted[QV_MAX_DISPLAYS], now[QV_MAX_DISPLAYS];

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
  /* Every re-layout makes the guest redraw all heads: heads keep their
   * places as far as the changes allow, and a config that changes no
   * head's size is not sent. */
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
