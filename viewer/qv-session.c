/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One SPICE connection: the SpiceSession, its channels, TLS and
 * passwords, and the few signals the viewer needs from them. */
#include "qv-session.h"

#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include "qv-i18n.h"

#include "qv-address.h"
#include "qv-spice-target.h"
#include "qv-vv-file.h"

#include <glib/gstdio.h>
#include <spice-client-gtk.h>
#include <errno.h>
#include <string.h>

struct _QvSession {
  GObject parent_instance;

  SpiceSession *spice;
  SpiceMainChannel *main;
  SpiceAudio *audio;
  char *vv_title;
  char *vv_key;        /* the .vv's vm-guid or title: a layout key without a UUID */
  char **vv_hotkeys;   /* "NAME=KEYS" */
  char *vv_delete;     /* delete-this-file: removed once the session opens */
  gboolean agent_connected;
  gboolean disconnect_reported;
  QvSessionOpenFd open_fd; /* channels connect through descriptors */
  gboolean fd_local;        /* … to a server on this machine */
  gpointer open_fd_data;
  char *fd_what;
  char *fd_error; /* why the last descriptor could not be had */
  gboolean restricted; /* opened from a link: no clipboard, no microphone yet */
  QvLinkEnd link_end;
};

G_DEFINE_FINAL_TYPE (QvSession, qv_session, G_TYPE_OBJECT)

enum {
  SIGNAL_DISPLAY_CHANNEL,
  SIGNAL_DISPLAY_CHANNEL_GONE,
  SIGNAL_CONNECTED,
  SIGNAL_AUTH_NEEDED,
  SIGNAL_DISCONNECTED,
  SIGNAL_AGENT_CHANGED,
  N_SIGNALS,
};
static guint signals[N_SIGNALS];

static void
report_disconnected (QvSession *self, const char *message)
{
  if (self->disconnect_reported)
    return;
  self->disconnect_reported = TRUE;
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, message);
}

static void
on_agent_notify (GObject *object, GParamSpec *pspec, QvSession *self)
{
  gboolean connected = FALSE;

  g_object_get (object, "agent-connected", &connected, NULL);
  if (connected == self->agent_connected)
    return;
  self->agent_connected = connected;
  g_signal_emit (self, signals[SIGNAL_AGENT_CHANGED], 0, connected);
}

static void
on_main_event (SpiceChannel *channel, SpiceChannelEvent event, QvSession *self)
{
  const GError *error = spice_channel_get_error (channel);
  g_autofree char *message = NULL;

  switch (event)
    {
    case SPICE_CHANNEL_OPENED:
      /* A browser's single-use file, removed once it has proved usable: one
       * that cannot connect stays, so that the error can name it. */
      if (self->vv_delete != NULL)
        {
          if (g_unlink (self->vv_delete) != 0 && errno != ENOENT)
            g_debug ("%s: not removed: %s", self->vv_delete, g_strerror (errno));
          g_clear_pointer (&self->vv_delete, g_free);
        }
      g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
      break;
    case SPICE_CHANNEL_CLOSED:
      self->link_end = QV_LINK_CLOSED;
      report_disconnected (self, NULL);
      break;
    case SPICE_CHANNEL_ERROR_AUTH:
      /* The caller asks for a password and calls qv_session_connect again,
       * which reuses the main channel. */
      g_signal_emit (self, signals[SIGNAL_AUTH_NEEDED], 0);
      break;
    case SPICE_CHANNEL_ERROR_CONNECT:
    case SPICE_CHANNEL_ERROR_TLS:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO:
      if (error != NULL)
        message = g_strdup (error->message);
      else if (event == SPICE_CHANNEL_ERROR_CONNECT && self->fd_error != NULL)
        message = g_strdup (self->fd_error);
      else if (event == SPICE_CHANNEL_ERROR_TLS)
        message = g_strdup (_("TLS handshake failed (check --spice-ca-file and "
                              "--spice-host-subject)"));
      else if (event == SPICE_CHANNEL_ERROR_LINK)
        message = g_strdup (_("the server refused the connection"));
      else if (event == SPICE_CHANNEL_ERROR_IO)
        message = g_strdup (_("connection lost"));
      else
        message = g_strdup (_("connection failed"));
      /* Nothing listens there (yet): the socket could not be opened. */
      self->link_end = event == SPICE_CHANNEL_ERROR_CONNECT ? QV_LINK_UNREACHABLE : QV_LINK_FAILED;
      report_disconnected (self, message);
      break;
    default:
      break;
    }
}

/* Whether the SPICE server runs on this host (loopback or unix socket). */
static gboolean
server_is_local (SpiceSession *spice)
{
  g_autofree char *host = NULL;
  g_autofree char *unix_path = NULL;

  g_object_get (spice, "host", &host, "unix-path", &unix_path, NULL);
  return unix_path != NULL || qv_address_is_loopback (host);
}

static void
on_open_fd (SpiceChannel *channel, int with_tls, QvSession *self)
{
  g_autoptr (GError) error = NULL;
  int fd = self->open_fd (self->open_fd_data, &error);

  if (fd < 0)
    {
      g_debug ("%s: %s", self->fd_what, error->message);
      /* What the user reads when this was the main channel. */
      g_free (self->fd_error);
      self->fd_error = g_strdup (error->message);
      spice_channel_disconnect (channel, SPICE_CHANNEL_ERROR_CONNECT);
      return;
    }
  if (!spice_channel_open_fd (channel, fd))
    close (fd);
}

static void
on_channel_new (SpiceSession *spice, SpiceChannel *channel, QvSession *self)
{
  if (self->open_fd != NULL)
    g_signal_connect (channel, "open-fd", G_CALLBACK (on_open_fd), self);
  if (SPICE_IS_RECORD_CHANNEL (channel) && self->restricted)
    {
      /* SpiceAudio connects it in a handler run after this one: none run
       * for it now. qv_session_allow() has SpiceAudio connect it later. */
      g_debug ("record channel: held until the user allows the microphone");
      g_signal_stop_emission_by_name (spice, "channel-new");
      return;
    }
  if (SPICE_IS_MAIN_CHANNEL (channel))
    {
      self->main = SPICE_MAIN_CHANNEL (channel);
      /* Guest positions come from us (the arrangement rule in core),
       * never realigned or reordered by spice-gtk. */
      g_object_set (channel, "disable-display-position", FALSE, "disable-display-align", TRUE,
                    NULL);
      g_signal_connect (channel, "channel-event", G_CALLBACK (on_main_event), self);
      g_signal_connect (channel, "notify::agent-connected", G_CALLBACK (on_agent_notify), self);
    }
  else if (SPICE_IS_DISPLAY_CHANNEL (channel))
    {
      /* Locally bandwidth is free: LZ4 decodes much faster than the
       * default GLZ and needs no dictionary window (~24 MB); the server
       * falls back to LZ where it cannot use LZ4. A choice made with
       * --spice-preferred-compression wins. */
      SpiceImageCompression chosen = SPICE_IMAGE_COMPRESSION_INVALID;
      g_object_get (spice, "preferred-compression", &chosen, NULL);
      if (chosen == SPICE_IMAGE_COMPRESSION_INVALID
          && (self->open_fd != NULL ? self->fd_local : server_is_local (spice)))
        g_object_set (spice, "preferred-compression", SPICE_IMAGE_COMPRESSION_LZ4, NULL);
      spice_channel_connect (channel);
      g_signal_emit (self, signals[SIGNAL_DISPLAY_CHANNEL], 0, channel);
    }
}

static void
on_channel_destroy (SpiceSession *spice, SpiceChannel *channel, QvSession *self)
{
  if (SPICE_IS_MAIN_CHANNEL (channel) && self->main == SPICE_MAIN_CHANNEL (channel))
    {
      g_signal_handlers_disconnect_by_data (channel, self);
      self->main = NULL;
      self->agent_connected = FALSE;
    }
  else if (SPICE_IS_DISPLAY_CHANNEL (channel))
    {
      g_signal_emit (self, signals[SIGNAL_DISPLAY_CHANNEL_GONE], 0, channel);
    }
}

static void
qv_session_init (QvSession *self)
{
  SpiceGtkSession *gtk_session;

  self->spice = spice_session_new ();
  g_signal_connect (self->spice, "channel-new", G_CALLBACK (on_channel_new), self);
  g_signal_connect (self->spice, "channel-destroy", G_CALLBACK (on_channel_destroy), self);

  /* Clipboard both ways, as remote-viewer does by default. */
  gtk_session = spice_gtk_session_get (self->spice);
  g_object_set (gtk_session, "auto-clipboard", TRUE, NULL);
}

static void
qv_session_dispose (GObject *object)
{
  QvSession *self = QV_SESSION (object);

  if (self->spice != NULL)
    {
      /* By hand, not g_signal_connect_object: the handlers must be gone
       * before spice_session_disconnect() emits into a half-disposed self. */
      g_signal_handlers_disconnect_by_data (self->spice, self);
      if (self->main != NULL)
        g_signal_handlers_disconnect_by_data (self->main, self);
      self->main = NULL;
      spice_session_disconnect (self->spice);
    }
  g_clear_object (&self->spice);
  g_clear_pointer (&self->vv_title, g_free);
  g_clear_pointer (&self->vv_key, g_free);
  g_clear_pointer (&self->vv_hotkeys, g_strfreev);
  g_clear_pointer (&self->vv_delete, g_free);
  g_clear_pointer (&self->fd_what, g_free);
  g_clear_pointer (&self->fd_error, g_free);
  G_OBJECT_CLASS (qv_session_parent_class)->dispose (object);
}

static void
qv_session_class_init (QvSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qv_session_dispose;

  signals[SIGNAL_DISPLAY_CHANNEL] =
    g_signal_new ("display-channel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, SPICE_TYPE_CHANNEL);
  signals[SIGNAL_DISPLAY_CHANNEL_GONE] =
    g_signal_new ("display-channel-gone", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, SPICE_TYPE_CHANNEL);
  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_AUTH_NEEDED] =
    g_signal_new ("auth-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_AGENT_CHANGED] =
    g_signal_new ("agent-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

QvSession *
qv_session_new (void)
{
  return g_object_new (QV_TYPE_SESSION, NULL);
}

void
qv_session_set_password (QvSession *self, const char *password)
{
#ifdef __linux__
  /* From here on the password is in this process's memory: no core dump
   * (nor a same-user ptrace) may carry it off. */
  prctl (PR_SET_DUMPABLE, 0);
#endif
  g_object_set (self->spice, "password", password, NULL);
}

gboolean
qv_session_set_uri (QvSession *self, const char *uri, GError **error)
{
  g_autofree char *host = NULL;
  g_autofree char *unix_path = NULL;

  if (!qv_spice_target_is_uri (uri))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: not a spice://, spice+tls:// or spice+unix:// URI"), uri);
      return FALSE;
    }
  /* A password on the command line is there for every user to read (ps,
   * /proc): refused, the URI shown without its query. */
  if (qv_spice_target_uri_has_password (uri))
    {
      g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, NULL);
      g_autofree char *shown = g_uri_to_string_partial (parsed, G_URI_HIDE_QUERY);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: a password in the URI is refused (anyone can read a command "
                     "line); give it with --password-file"), shown);
      return FALSE;
    }
  /* spice-gtk parses the URI itself; check it understood it. */
  g_object_set (self->spice, "uri", uri, NULL);
  g_object_get (self->spice, "host", &host, "unix-path", &unix_path, NULL);
  if ((host == NULL || *host == '\0') && unix_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s: invalid SPICE URI"), uri);
      return FALSE;
    }
  return TRUE;
}

/* TLS as the server asks: spice-gtk never tries plaintext first for the
 * channels it lists, and when they are all of them the plaintext port is
 * never used at all (a man in the middle there would get the password). */
static void
set_secure_channels (QvSession *self, const char *const *secure_channels, gboolean has_tls_port)
{
  if (secure_channels == NULL)
    return;
  g_object_set (self->spice, "secure-channels", secure_channels, NULL);
  if (has_tls_port && qv_spice_secure_channels_cover_all (secure_channels))
    g_object_set (self->spice, "port", NULL, NULL);
}

void
qv_session_set_target (QvSession *self, const QvSpiceTarget *target)
{
  g_autofree char *port = target->port >= 0 ? g_strdup_printf ("%d", target->port) : NULL;
  g_autofree char *tls_port =
    target->tls_port >= 0 ? g_strdup_printf ("%d", target->tls_port) : NULL;

  if (target->unix_path != NULL)
    g_object_set (self->spice, "unix-path", target->unix_path, NULL);
  else
    g_object_set (self->spice, "host", target->host, "port", port, "tls-port", tls_port, NULL);
  set_secure_channels (self, (const char *const *) target->secure_channels, tls_port != NULL);
  if (target->password != NULL)
    qv_session_set_password (self, target->password);
}

gboolean
qv_session_load_vv (QvSession *self, const char *path, GError **error)
{
  g_autoptr (QvVvFile) vv = qv_vv_file_load (path, error);
  g_autoptr (QvSpiceTarget) target = NULL;

  if (vv == NULL)
    return FALSE;
  target = qv_vv_file_get_target (vv);
  qv_session_set_target (self, target);
  if (vv->host_subject != NULL)
    g_object_set (self->spice, "cert-subject", vv->host_subject, NULL);
  if (vv->tls_ciphers != NULL)
    g_object_set (self->spice, "ciphers", vv->tls_ciphers, NULL);
  if (vv->ca != NULL)
    {
      g_autoptr (GByteArray) bytes = g_byte_array_new ();

      g_byte_array_append (bytes, (const guint8 *) vv->ca, (guint) strlen (vv->ca));
      g_object_set (self->spice, "ca", bytes, NULL);
    }

  if (vv->username != NULL)
    g_object_set (self->spice, "username", vv->username, NULL);
  /* Proxmox VE's host= is a ticket only its spiceproxy (HTTP CONNECT)
   * understands. Without proxy=, spice-gtk takes SPICE_PROXY. */
  if (vv->proxy != NULL)
    g_object_set (self->spice, "proxy", vv->proxy, NULL);
  if (vv->disable_effects != NULL)
    g_object_set (self->spice, "disable-effects", vv->disable_effects, NULL);
  if (vv->enable_usbredir >= 0)
    g_object_set (self->spice, "enable-usbredir", (gboolean) vv->enable_usbredir, NULL);
  if (vv->enable_smartcard >= 0)
    g_object_set (self->spice, "enable-smartcard", (gboolean) vv->enable_smartcard, NULL);
  if (vv->enable_usb_autoshare >= 0)
    g_object_set (spice_gtk_session_get (self->spice), "auto-usbredir",
                  (gboolean) vv->enable_usb_autoshare, NULL);
  if (vv->usb_filter != NULL && *vv->usb_filter != '\0')
    {
      g_autoptr (GError) usb_error = NULL;
      SpiceUsbDeviceManager *usb = spice_usb_device_manager_get (self->spice, &usb_error);

      if (usb != NULL)
        g_object_set (usb, "auto-connect-filter", vv->usb_filter, NULL);
      else
        g_debug ("%s: usb-filter= not used: %s", path, usb_error->message);
    }
  for (guint i = 0; vv->unused_keys != NULL && vv->unused_keys[i] != NULL; i++)
    g_debug ("%s: %s= not used by quadview", path, vv->unused_keys[i]);

  g_free (self->vv_title);
  self->vv_title = g_strdup (vv->title);
  g_free (self->vv_key);
  self->vv_key = g_strdup (qv_vv_file_get_vm_key (vv));
  g_strfreev (self->vv_hotkeys);
  self->vv_hotkeys = g_strdupv (vv->hotkeys);
  g_free (self->vv_delete);
  self->vv_delete = vv->delete_this_file ? g_strdup (path) : NULL;
  return TRUE;
}

const char *
qv_session_get_vv_key (QvSession *self)
{
  return self->vv_key;
}

const char *const *
qv_session_get_vv_hotkeys (QvSession *self)
{
  return (const char *const *) self->vv_hotkeys;
}

void
qv_session_restrict (QvSession *self)
{
  self->restricted = TRUE;
  g_object_set (spice_gtk_session_get (self->spice), "auto-clipboard", FALSE, NULL);
}

void
qv_session_allow (QvSession *self)
{
  if (!self->restricted)
    return;
  self->restricted = FALSE;
  g_object_set (spice_gtk_session_get (self->spice), "auto-clipboard", TRUE, NULL);
  /* SpiceAudio connects every audio channel still unconnected when this
   * changes: the held record channel. */
  g_object_notify (G_OBJECT (self->spice), "enable-audio");
}

gboolean
qv_session_is_restricted (QvSession *self)
{
  return self->restricted;
}

gboolean
qv_session_connect (QvSession *self)
{
  self->disconnect_reported = FALSE;
  /* Playback (and record) channels are picked up when they appear. */
  if (self->audio == NULL)
    self->audio = spice_audio_get (self->spice, NULL);
  if (self->open_fd != NULL)
    return spice_session_open_fd (self->spice, -1);
  return spice_session_connect (self->spice);
}

void
qv_session_set_fd_source (QvSession *self, const char *what, gboolean local,
                          QvSessionOpenFd open_fd, gpointer data)
{
  self->fd_local = local;
  self->open_fd = open_fd;
  self->open_fd_data = data;
  g_free (self->fd_what);
  self->fd_what = g_strdup (what);
}

void
qv_session_disconnect (QvSession *self)
{
  spice_session_disconnect (self->spice);
}

SpiceSession *
qv_session_get_spice (QvSession *self)
{
  return self->spice;
}

SpiceMainChannel *
qv_session_get_main_channel (QvSession *self)
{
  return self->main;
}

gboolean
qv_session_get_agent_connected (QvSession *self)
{
  return self->main != NULL && self->agent_connected;
}

/* Where @spice points, as spice-gtk parsed it (port, or else TLS port). */
static char *
describe_spice (SpiceSession *spice)
{
  g_autofree char *port = NULL;
  g_autofree char *tls_port = NULL;
  QvSpiceTarget target = { .port = -1, .tls_port = -1 };
  char *described;

  g_object_get (spice, "host", &target.host, "port", &port, "tls-port", &tls_port, "unix-path",
                &target.unix_path, NULL);
  if (port != NULL && *port != '\0')
    target.port = (int) g_ascii_strtoll (port, NULL, 10);
  if (tls_port != NULL && *tls_port != '\0')
    target.tls_port = (int) g_ascii_strtoll (tls_port, NULL, 10);
  if (target.host == NULL && target.unix_path == NULL)
    target.host = g_strdup ("?");
  described = qv_spice_target_describe (&target);
  g_free (target.host);
  g_free (target.unix_path);
  return described;
}

char *
qv_session_describe (QvSession *self)
{
  if (self->open_fd != NULL)
    return g_strdup (self->fd_what);
  return describe_spice (self->spice);
}

char *
qv_session_describe_target (const char *target, GError **error)
{
  g_autoptr (QvVvFile) vv = NULL;
  g_autoptr (QvSpiceTarget) vv_target = NULL;

  if (qv_spice_target_is_uri (target))
    {
      /* spice-gtk's own parse, as a session would make it: no connection. */
      g_autoptr (GObject) spice = G_OBJECT (spice_session_new ());

      g_object_set (spice, "uri", target, NULL);
      return describe_spice (SPICE_SESSION (spice));
    }
  vv = qv_vv_file_load (target, error);
  if (vv == NULL)
    return NULL;
  if (vv->title != NULL)
    return g_strdup (vv->title);
  vv_target = qv_vv_file_get_target (vv);
  return qv_spice_target_describe (vv_target);
}

QvLinkEnd
qv_session_get_link_end (QvSession *self)
{
  return self->link_end;
}

const char *
qv_session_get_vv_title (QvSession *self)
{
  return self->vv_title;
}

char *
qv_session_get_server_uuid (QvSession *self)
{
  const guint8 *uuid = NULL;
  gboolean all_zero = TRUE;

  g_object_get (self->spice, "uuid", &uuid, NULL);
  if (uuid == NULL)
    return NULL;
  for (int i = 0; i < 16; i++)
    all_zero = all_zero && uuid[i] == 0;
  if (all_zero)
    return NULL;
  return spice_uuid_to_string (uuid);
}
