/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Retry or fail when a SPICE connection ends (qv_retry_decide), and the
 * back-off between console retries. */
#include "qv-retry.h"

typedef struct
{
  const char *what;
  QvRetryInput in;
  QvRetry want;
} RetryCase;

enum { NO = FALSE, YES = TRUE };
#define GIVE_UP QV_RETRY_GIVE_UP
#define CONSOLE QV_RETRY_CONSOLE
#define RECONNECT QV_RETRY_RECONNECT

/* domain, ever_connected, wait, reconnect, end */
static const RetryCase cases[] = {
  /* The race of issue 10: libvirt says running, SPICE not listening yet. */
  { "--wait, starting domain refuses", { YES, NO, YES, NO, QV_LINK_UNREACHABLE }, CONSOLE },
  { "--wait --reconnect, starting domain refuses", { YES, NO, YES, YES, QV_LINK_UNREACHABLE }, CONSOLE },
  { "--reconnect, domain restarted, refuses", { YES, YES, NO, YES, QV_LINK_UNREACHABLE }, CONSOLE },
  { "--reconnect, running domain refuses at first", { YES, NO, NO, YES, QV_LINK_UNREACHABLE }, CONSOLE },
  /* Without --wait or --reconnect a refused console fails fast. */
  { "no option, domain refuses", { YES, NO, NO, NO, QV_LINK_UNREACHABLE }, GIVE_UP },
  { "no option, spice:// refuses", { NO, NO, NO, NO, QV_LINK_UNREACHABLE }, GIVE_UP },
  /* --wait is about domains: a spice:// address is not waited for. */
  { "--wait, spice:// refuses", { NO, NO, YES, NO, QV_LINK_UNREACHABLE }, GIVE_UP },
  /* Other errors are not a console that is starting. */
  { "--wait, domain TLS/link error", { YES, NO, YES, NO, QV_LINK_FAILED }, GIVE_UP },
  { "--wait, domain closed", { YES, YES, YES, NO, QV_LINK_CLOSED }, GIVE_UP },
  { "--wait, domain closed before opening", { YES, NO, YES, NO, QV_LINK_CLOSED }, GIVE_UP },
  /* --reconnect as before: any end, once reached or for a domain. */
  { "--reconnect, domain closed", { YES, YES, NO, YES, QV_LINK_CLOSED }, RECONNECT },
  { "--reconnect, domain link error", { YES, NO, NO, YES, QV_LINK_FAILED }, RECONNECT },
  { "--reconnect, spice:// closed after connecting", { NO, YES, NO, YES, QV_LINK_CLOSED }, RECONNECT },
  { "--reconnect, spice:// refuses after connecting", { NO, YES, NO, YES, QV_LINK_UNREACHABLE }, RECONNECT },
  { "--reconnect, spice:// never reached", { NO, NO, NO, YES, QV_LINK_UNREACHABLE }, GIVE_UP },
  { "--reconnect, spice:// error at first", { NO, NO, YES, YES, QV_LINK_FAILED }, GIVE_UP },
  { "no option, spice:// closed", { NO, YES, NO, NO, QV_LINK_CLOSED }, GIVE_UP },
};

static void
test_decide (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      QvRetry got = qv_retry_decide (&cases[i].in);

      if (got != cases[i].want)
        g_error ("%s: got \"%s\", want \"%s\"", cases[i].what, qv_retry_to_string (got),
                 qv_retry_to_string (cases[i].want));
    }
}

/* state, wait, reconnect, ever_connected */
static const struct
{
  QvDomainState state;
  gboolean wait, reconnect, ever_connected;
  QvDomainAction want;
} domain_cases[] = {
  { QV_DOMAIN_RUNNING, NO, NO, NO, QV_DOMAIN_CONNECT },
  { QV_DOMAIN_RUNNING, YES, YES, YES, QV_DOMAIN_CONNECT },
  /* Starting: waiting means until the console is up. */
  { QV_DOMAIN_STARTING, YES, NO, NO, QV_DOMAIN_WAIT_CONSOLE },
  { QV_DOMAIN_STARTING, NO, YES, YES, QV_DOMAIN_WAIT_CONSOLE },
  { QV_DOMAIN_STARTING, YES, YES, NO, QV_DOMAIN_WAIT_CONSOLE },
  /* Not waiting: connect as to a running domain (it may fail fast). */
  { QV_DOMAIN_STARTING, NO, NO, NO, QV_DOMAIN_CONNECT },
  { QV_DOMAIN_STARTING, NO, YES, NO, QV_DOMAIN_CONNECT },
  { QV_DOMAIN_STARTING, NO, NO, YES, QV_DOMAIN_CONNECT },
  /* Off: --wait, or --reconnect after a first connection, waits. */
  { QV_DOMAIN_OFF, YES, NO, NO, QV_DOMAIN_WAIT },
  { QV_DOMAIN_OFF, NO, YES, YES, QV_DOMAIN_WAIT },
  { QV_DOMAIN_OFF, NO, YES, NO, QV_DOMAIN_FAIL },
  { QV_DOMAIN_OFF, NO, NO, YES, QV_DOMAIN_FAIL },
  { QV_DOMAIN_OFF, NO, NO, NO, QV_DOMAIN_FAIL },
};

static void
test_domain (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (domain_cases); i++)
    {
      QvDomainAction got = qv_retry_domain (domain_cases[i].state, domain_cases[i].wait,
                                            domain_cases[i].reconnect,
                                            domain_cases[i].ever_connected);

      if (got != domain_cases[i].want)
        g_error ("case %" G_GSIZE_FORMAT ": got \"%s\", want \"%s\"", i,
                 qv_retry_domain_to_string (got),
                 qv_retry_domain_to_string (domain_cases[i].want));
    }
}

static void
test_delay (void)
{
  static const struct
  {
    guint attempt, want;
  } delays[] = {
    { 0, 100 }, { 1, 200 }, { 2, 400 }, { 3, 800 }, { 4, 1000 }, { 5, 1000 }, { 1000, 1000 },
    { G_MAXUINT, 1000 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (delays); i++)
    g_assert_cmpuint (qv_retry_delay_ms (delays[i].attempt), ==, delays[i].want);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/retry/decide", test_decide);
  g_test_add_func ("/retry/delay", test_delay);
  g_test_add_func ("/retry/domain", test_domain);
  return g_test_run ();
}
