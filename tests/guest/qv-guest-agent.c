/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Demo guest: a minimal SPICE guest agent on the virtio port
 * "com.redhat.spice.0".
 *
 * spice-gtk only sends monitor configurations while an agent is
 * connected, and with the Linux qxl driver spice-server delivers them to
 * the QXL device, not to us.  So all this agent has to do is announce
 * MONITORS_CONFIG (plus REPLY and SPARSE_MONITORS_CONFIG, without which
 * the client packs enabled displays together and disabling display 3
 * switches off head 4), answer the client's announcement, and
 * acknowledge any monitors config that reaches it anyway.  It also
 * announces the clipboard, and logs each clipboard grab the client
 * sends ("agent: clipboard grab"): the tests see whether the host's
 * clipboard is shared. */
#include "qv-guest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <spice/vd_agent.h>

#define PORT_NAME "com.redhat.spice.0"

static int
open_port (void)
{
  DIR *dir = opendir ("/sys/class/virtio-ports");
  struct dirent *de;
  int fd = -1;

  while (dir && fd < 0 && (de = readdir (dir)))
    {
      char path[300], name[64] = "";
      FILE *f;

      if (de->d_name[0] == '.')
        continue;
      snprintf (path, sizeof path, "/sys/class/virtio-ports/%s/name",
                de->d_name);
      f = fopen (path, "r");
      if (!f)
        continue;
      if (fgets (name, sizeof name, f))
        name[strcspn (name, "\n")] = '\0';
      fclose (f);
      if (strcmp (name, PORT_NAME) != 0)
        continue;
      snprintf (path, sizeof path, "/dev/%s", de->d_name);
      fd = open (path, O_RDWR | O_CLOEXEC);
    }
  if (dir)
    closedir (dir);
  return fd;
}

static bool
write_all (int fd, const void *buf, size_t len)
{
  const uint8_t *p = buf;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return false;
      p += n;
      len -= (size_t) n;
    }
  return true;
}

/* Sends one message to the client in a single chunk (ours are small). */
static bool
send_msg (int fd, uint32_t type, const void *data, uint32_t size)
{
  uint8_t buf[sizeof (VDIChunkHeader) + sizeof (VDAgentMessage) + 64];
  VDIChunkHeader chunk = {
    .port = VDP_CLIENT_PORT,
    .size = (uint32_t) sizeof (VDAgentMessage) + size,
  };
  VDAgentMessage msg = {
    .protocol = VD_AGENT_PROTOCOL,
    .type = type,
    .opaque = 0,
    .size = size,
  };

  if (size > 64)
    return false;
  memcpy (buf, &chunk, sizeof chunk);
  memcpy (buf + sizeof chunk, &msg, sizeof msg);
  memcpy (buf + sizeof chunk + sizeof msg, data, size);
  return write_all (fd, buf, sizeof chunk + sizeof msg + size);
}

static bool
send_caps (int fd, uint32_t request)
{
  struct {
    VDAgentAnnounceCapabilities head;
    uint32_t caps[VD_AGENT_CAPS_SIZE];
  } __attribute__ ((packed)) m;

  memset (&m, 0, sizeof m);
  m.head.request = request;
  VD_AGENT_SET_CAPABILITY (m.caps, VD_AGENT_CAP_MONITORS_CONFIG);
  VD_AGENT_SET_CAPABILITY (m.caps, VD_AGENT_CAP_REPLY);
  VD_AGENT_SET_CAPABILITY (m.caps, VD_AGENT_CAP_SPARSE_MONITORS_CONFIG);
  VD_AGENT_SET_CAPABILITY (m.caps, VD_AGENT_CAP_CLIPBOARD_BY_DEMAND);
  VD_AGENT_SET_CAPABILITY (m.caps, VD_AGENT_CAP_CLIPBOARD_SELECTION);
  return send_msg (fd, VD_AGENT_ANNOUNCE_CAPABILITIES, &m, sizeof m);
}

static void
handle_msg (int fd, const VDAgentMessage *msg, const uint8_t *data)
{
  switch (msg->type)
    {
    case VD_AGENT_ANNOUNCE_CAPABILITIES:
      {
        VDAgentAnnounceCapabilities caps;
        if (msg->size < sizeof caps)
          return;
        memcpy (&caps, data, sizeof caps);
        qv_guest_log ("agent: client announced capabilities");
        if (caps.request)
          send_caps (fd, 0);
        break;
      }
    case VD_AGENT_CLIPBOARD_GRAB:
      qv_guest_log ("agent: clipboard grab");
      break;
    case VD_AGENT_MONITORS_CONFIG:
      {
        VDAgentReply reply = { VD_AGENT_MONITORS_CONFIG, VD_AGENT_SUCCESS };
        send_msg (fd, VD_AGENT_REPLY, &reply, sizeof reply);
        break;
      }
    default:
      break;
    }
}

/* Reassembles messages from chunks: a message may span several chunks
 * (at most VD_AGENT_MAX_DATA_SIZE bytes each). */
typedef struct {
  uint8_t buf[64 * 1024];
  size_t len;  /* bytes of the current message gathered */
  size_t skip; /* bytes of a message too large for us still to drop */
} Assembly;

static void
feed (int fd, Assembly *a, const uint8_t *data, size_t len)
{
  for (;;)
    {
      VDAgentMessage msg;
      size_t want = sizeof msg;
      size_t take;

      if (a->skip > 0)
        {
          take = a->skip < len ? a->skip : len;
          a->skip -= take;
          data += take;
          len -= take;
        }
      if (a->len >= sizeof msg)
        {
          memcpy (&msg, a->buf, sizeof msg);
          want += msg.size;
          if (want > sizeof a->buf)
            {
              /* Not one we announced interest in: drop it. */
              a->skip = want - a->len;
              a->len = 0;
              continue;
            }
          if (a->len == want)
            {
              handle_msg (fd, &msg, a->buf + sizeof msg);
              a->len = 0;
              continue;
            }
        }
      if (len == 0)
        return;
      take = want - a->len < len ? want - a->len : len;
      memcpy (a->buf + a->len, data, take);
      a->len += take;
      data += take;
      len -= take;
    }
}

static bool
read_all (int fd, void *buf, size_t len)
{
  uint8_t *p = buf;

  while (len > 0)
    {
      ssize_t n = read (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0)
        {
          /* No client side attached: wait for it. */
          usleep (100 * 1000);
          continue;
        }
      if (n < 0)
        return false;
      p += n;
      len -= (size_t) n;
    }
  return true;
}

static void *
agent_main (void *arg)
{
  static Assembly client, server;
  static uint8_t chunk_buf[64 * 1024];
  int fd;

  (void) arg;
  while ((fd = open_port ()) < 0)
    sleep (1);
  qv_guest_log ("agent: port %s open", PORT_NAME);
  send_caps (fd, 1);

  for (;;)
    {
      VDIChunkHeader chunk;

      if (!read_all (fd, &chunk, sizeof chunk)
          || chunk.size > sizeof chunk_buf
          || !read_all (fd, chunk_buf, chunk.size))
        {
          qv_guest_log ("agent: port read failed: %s", strerror (errno));
          close (fd);
          return NULL;
        }
      feed (fd, chunk.port == VDP_SERVER_PORT ? &server : &client,
            chunk_buf, chunk.size);
    }
}

void
qv_guest_agent_start (void)
{
  pthread_t tid;

  if (pthread_create (&tid, NULL, agent_main, NULL) == 0)
    pthread_detach (tid);
  else
    qv_guest_log ("agent: cannot start its thread");
}
