/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

#include "qv-spice-target.h"

G_BEGIN_DECLS

/* A remote-viewer connection file (.vv, "[virt-viewer]" group) as Proxmox
 * VE, oVirt and virt-manager write them: read into plain fields, checked,
 * nothing acted on. The file is hostile input (a browser downloads it):
 * at most QV_VV_FILE_MAX_SIZE bytes, ports in range, and what is not
 * understood left out. */

#define QV_VV_FILE_MAX_SIZE (1024 * 1024)

typedef struct {
  char *host;            /* a host name or address, or a unix socket path ("/…") */
  int port;              /* -1: none */
  int tls_port;          /* -1: none */
  char *password;        /* NULL: none; wiped when freed, never printed */
  char *host_subject;    /* the TLS certificate's subject to expect */
  char *ca;              /* inline PEM */
  char *tls_ciphers;
  char *title;           /* for the windows */
  char **secure_channels; /* spice-gtk's names; NULL: none */
  gboolean delete_this_file;
} QvVvFile;

void qv_vv_file_free (QvVvFile *vv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvVvFile, qv_vv_file_free)

/* @data (@length bytes) as a .vv file; errors name @shown (a path). */
QvVvFile *qv_vv_file_parse (const char *data, gsize length, const char *shown, GError **error);

/* Reads @path (a regular file, at most QV_VV_FILE_MAX_SIZE) and parses it. */
QvVvFile *qv_vv_file_load (const char *path, GError **error);

/* Where @vv points: host and ports, or the unix socket ("/…" in host=),
 * with its password and secure channels. */
QvSpiceTarget *qv_vv_file_get_target (const QvVvFile *vv);

G_END_DECLS
