/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* remote-viewer's hotkeys: the names (toggle-fullscreen, release-cursor,
 * secure-attention, zoom-in, zoom-out, zoom-reset, smartcard-insert,
 * smartcard-remove, usb-device-reset) and their key words
 * ("ctrl+alt+end", "shift+f11"), as --hotkeys and .vv files write them. */

gboolean qv_hotkeys_is_name (const char *name);

/* @keys as a GTK accelerator ("<Ctrl><Alt>end", "<Shift>f11"); NULL when a
 * word is empty or there is no key after the modifiers. Not checked
 * against GDK's key names: gtk_accelerator_parse() does that. */
char *qv_hotkeys_to_accelerator (const char *keys);

/* @spec ("toggle-fullscreen=shift+f11,release-cursor=shift+f12") as
 * "NAME=KEYS" strings, in order, a name given twice kept once (the last);
 * NULL with an error naming the wrong part (G_OPTION_ERROR_BAD_VALUE). */
char **qv_hotkeys_parse (const char *spec, GError **error);

/* The other way: "NAME=KEYS,…". */
char *qv_hotkeys_join (const char *const *hotkeys);

G_END_DECLS
