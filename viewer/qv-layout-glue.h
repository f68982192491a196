/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "qv-displays.h"
#include "qv-layout.h"

G_BEGIN_DECLS

/* Between the GTK windows and the layout model: converts GdkMonitors and
 * window geometry to the model's structs, places windows from the saved
 * layout before they are shown, and saves (debounced) as they change. */

#define QV_TYPE_LAYOUT_GLUE (qv_layout_glue_get_type ())
G_DECLARE_FINAL_TYPE (QvLayoutGlue, qv_layout_glue, QV, LAYOUT_GLUE, GObject)

/* The host's monitors as the model sees them. */
QvMonitorSet *qv_layout_glue_host_monitors (void);

/* @layout_name: --layout, or NULL for "the one last used with these
 * monitors". */
QvLayoutGlue *qv_layout_glue_new (QvDisplays *displays, const char *layout_name);

/* Load the store and choose this VM's layout; applies enabled displays and
 * requested guest sizes to the QvDisplays. @wait_for_agent: TRUE sets the
 * VM's setting, FALSE keeps what is saved. Returns FALSE only for a store
 * that cannot be read (layouts are then not saved); warnings go to stderr. */
gboolean qv_layout_glue_start (QvLayoutGlue *self,
                               const char *vm_key,
                               const char *vm_name,
                               gboolean wait_for_agent,
                               GError **error);

/* The VM's "enable displays 2–4 after the agent" setting. */
gboolean qv_layout_glue_get_wait_for_agent (QvLayoutGlue *self);

/* The VM's "ask to shut it down when the last window closes" setting:
 * set or cleared (and saved with the layout) by --shutdown-on-close and
 * --no-shutdown-on-close, then remembered. Call after start. */
gboolean qv_layout_glue_set_shutdown_on_close (QvLayoutGlue *self, gboolean shutdown,
                                               GError **error);
gboolean qv_layout_glue_get_shutdown_on_close (QvLayoutGlue *self);
/* remote-viewer's --hotkeys for the VM, remembered ("NAME=KEYS,…"); NULL
 * or "" forgets them. */
gboolean qv_layout_glue_set_hotkeys (QvLayoutGlue *self, const char *hotkeys, GError **error);
const char *qv_layout_glue_get_hotkeys (QvLayoutGlue *self);

/* The chosen layout (NULL before start). */
const QvLayout *qv_layout_glue_get_layout (QvLayoutGlue *self);

/* Write the current geometry now (on exit). */
void qv_layout_glue_save_now (QvLayoutGlue *self);

/* Whether the user let this VM, opened from a link, have the clipboard
 * and the microphone; setting it saves it at once. */
gboolean qv_layout_glue_get_link_consent (QvLayoutGlue *self);

/* The VM's arrangement: TRUE where the guest has its displays; setting it
 * remembers it (the file is saved with the layout). */
gboolean qv_layout_glue_get_arrange_guest (QvLayoutGlue *self);
void qv_layout_glue_set_arrange_guest (QvLayoutGlue *self, gboolean guest);
void qv_layout_glue_set_link_consent (QvLayoutGlue *self);

G_END_DECLS
