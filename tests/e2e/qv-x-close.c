/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qv-x-close WINDOW: asks X11 window WINDOW (decimal or 0x hex) to close,
 * as a window manager's close button does: a WM_DELETE_WINDOW client
 * message (ICCCM), which GTK turns into "delete-event". xdotool's
 * windowclose destroys the window instead, which no application sees as
 * a request. Exit status: 0 sent, 1 no display or no such window, 2 usage. */
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>

static int failed;

static int
on_error (Display *display, XErrorEvent *event)
{
  failed = 1;
  return 0;
}

int
main (int argc, char **argv)
{
  Display *display;
  XEvent event = { 0 };
  Window window;
  char *end;

  if (argc != 2)
    {
      fprintf (stderr, "usage: qv-x-close WINDOW\n");
      return 2;
    }
  window = (Window) strtoul (argv[1], &end, 0);
  if (*end != '\0' || window == 0)
    {
      fprintf (stderr, "qv-x-close: %s is not a window id\n", argv[1]);
      return 2;
    }
  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "qv-x-close: cannot open the display\n");
      return 1;
    }
  XSetErrorHandler (on_error);
  event.xclient.type = ClientMessage;
  event.xclient.window = window;
  event.xclient.message_type = XInternAtom (display, "WM_PROTOCOLS", False);
  event.xclient.format = 32;
  event.xclient.data.l[0] = (long) XInternAtom (display, "WM_DELETE_WINDOW", False);
  event.xclient.data.l[1] = CurrentTime;
  XSendEvent (display, window, False, NoEventMask, &event);
  XSync (display, False);
  XCloseDisplay (display);
  if (failed)
    fprintf (stderr, "qv-x-close: no window %s\n", argv[1]);
  return failed;
}
