/* SPDX-License-Identifier: GPL-2.0-or-later */
/* When to try a SPICE connection again (--reconnect, a starting
 * domain), and how long to wait. */
#include "qv-retry.h"

#define FIRST_DELAY_MS 100
#define MAX_DELAY_MS 1000

QvRetry
qv_retry_decide (const QvRetryInput *in)
{
  if (in->domain && in->end == QV_LINK_UNREACHABLE && (in->wait || in->reconnect))
    return QV_RETRY_CONSOLE;
  /* A fixed SPICE address is followed only once it has been reached:
   * otherwise a typo would wait for ever. */
  if (in->reconnect && (in->ever_connected || in->domain))
    return QV_RETRY_RECONNECT;
  return QV_RETRY_GIVE_UP;
}

guint
qv_retry_delay_ms (guint attempt)
{
  guint delay = FIRST_DELAY_MS;

  for (guint i = 0; i < attempt && delay < MAX_DELAY_MS; i++)
    delay *= 2;
  return MIN (delay, MAX_DELAY_MS);
}

QvDomainAction
qv_retry_domain (QvDomainState state, gboolean wait, gboolean reconnect, gboolean ever_connected)
{
  gboolean waiting = wait || (reconnect && ever_connected);

  switch (state)
    {
    case QV_DOMAIN_RUNNING:
      return QV_DOMAIN_CONNECT;
    case QV_DOMAIN_STARTING:
      return waiting ? QV_DOMAIN_WAIT_CONSOLE : QV_DOMAIN_CONNECT;
    case QV_DOMAIN_OFF:
    default:
      return waiting ? QV_DOMAIN_WAIT : QV_DOMAIN_FAIL;
    }
}

const char *
qv_retry_domain_to_string (QvDomainAction action)
{
  switch (action)
    {
    case QV_DOMAIN_CONNECT:
      return "connect";
    case QV_DOMAIN_WAIT_CONSOLE:
      return "wait for the console";
    case QV_DOMAIN_WAIT:
      return "wait for the domain";
    case QV_DOMAIN_FAIL:
      return "fail";
    default:
      return "?";
    }
}

const char *
qv_retry_to_string (QvRetry retry)
{
  switch (retry)
    {
    case QV_RETRY_GIVE_UP:
      return "give up";
    case QV_RETRY_CONSOLE:
      return "retry the console";
    case QV_RETRY_RECONNECT:
      return "reconnect";
    default:
      return "?";
    }
}
