/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

#include "qv-monitor.h"
#include "qv-sizing.h"

G_BEGIN_DECLS

/* The window layout model: per VM, named layouts of up to four display
 * windows, kept in one GKeyFile (the format is described at the top of
 * qv-layout-file.c and in quadview(1)). No GTK: the viewer converts its
 * windows and monitors to the plain structs below.
 *
 * Typical use by the viewer:
 *   store = qv_layout_store_new (path from qv_layout_default_path ());
 *   qv_layout_store_load (store, &warning, &error)   print warning if set
 *   layout = qv_layout_store_choose (store, vm_key, opt_layout, monitors, …)
 *   for each display i with qv_layout_get_display (layout, i) != NULL:
 *     qv_layout_place_display (state, monitors, frame, &placement)
 *     apply placement before showing the window
 *   on move/resize (debounced) and on exit: update qv_layout_display (),
 *     qv_layout_store_put (store, vm_key, layout, …), qv_layout_store_save ()
 */

/* Values outside these bounds make a layout file invalid. */
#define QV_LAYOUT_MAX_COORD 1000000  /* |x|, |y| of windows and monitors */
#define QV_LAYOUT_MAX_SIZE 65535     /* width, height; the minimum is 1 */
#define QV_LAYOUT_MAX_NAME 200       /* bytes in a VM key or layout name */

#define QV_LAYOUT_ERROR (qv_layout_error_quark ())
GQuark qv_layout_error_quark (void);

typedef enum {
  QV_LAYOUT_ERROR_INVALID,       /* a bad VM key, layout name or display index */
  QV_LAYOUT_ERROR_NOT_FOUND,     /* no such VM or layout */
  QV_LAYOUT_ERROR_NEWER_VERSION, /* the file was written by a newer quadview */
  QV_LAYOUT_ERROR_READ_ONLY,     /* load failed: saving would destroy data */
} QvLayoutError;

/* ---- One display window ------------------------------------------------ */

/* The saved state of one guest display's window. */
typedef struct {
  gboolean saved;      /* FALSE: nothing stored; the other fields are unset */
  gboolean enabled;    /* the display was switched on */
  QvRect window;       /* position (screen coordinates, as
                        * gtk_window_get_position() reports it) and content
                        * size (gtk_window_get_size()); the unmaximized,
                        * non-fullscreen geometry */
  char *monitor;       /* owned: name of the monitor it was on, NULL if unknown */
  QvRect monitor_geometry; /* that monitor's geometry then; width 0: unknown */
  gboolean fullscreen;
  gboolean maximized;
} QvDisplayState;

/* Record @monitor (NULL: unknown) as the one @state's window is on: copies
 * its name and geometry. */
void qv_display_state_set_monitor (QvDisplayState *state, const QvMonitor *monitor);

/* The guest head size @state's window asks for: its monitor's size when
 * fullscreen (and the monitor is known), else the window less its menu bar
 * of @menu_height pixels; at least 1x1. */
void qv_display_state_guest_size (const QvDisplayState *state, int menu_height, int *width,
                                  int *height);

/* A display with nothing saved asks the guest for this. */
#define QV_DEFAULT_HEAD_WIDTH 1024
#define QV_DEFAULT_HEAD_HEIGHT 768

/* ---- A named layout ---------------------------------------------------- */

typedef struct {
  char *name;          /* owned; non-empty UTF-8, no control characters */
  char *signature;     /* owned; qv_monitor_set_signature() of the monitors
                        * it was last used with ("" if never) */
  gint64 last_used;    /* microseconds since the Unix epoch (g_get_real_time()),
                        * 0 = never */
  QvDisplayState displays[QV_MAX_DISPLAYS];
} QvLayout;

/* The guest heads @layout asks for, windows less @chrome_height
 * (qv_display_state_guest_size); displays with nothing saved get the
 * default size. Returns how many displays count: up to the last enabled
 * one (0 when none is). */
guint qv_layout_guest_heads (const QvLayout *layout, int chrome_height,
                             QvHead heads[QV_MAX_DISPLAYS]);

/* What a QXL device must drive for @layout (qxl-tune --from-layout):
 * the heads as qv_layout_guest_heads() with the windows' whole size (an
 * upper bound of what the viewer asks for: its menu bar is not known
 * here), their count in *@n (0: no display enabled), and, when
 * @arrange_windows and the windows' places are saved, the bounding box of
 * the heads standing as the windows do, folded past the driver's limit
 * as the viewer folds them (qv_arrange_windows, qv_arrange_fold); else
 * 0x0, for the sizing's own arrangement. */
void qv_layout_qxl_heads (const QvLayout *layout, gboolean arrange_windows,
                          QvHead heads[QV_MAX_DISPLAYS], guint *n, guint64 *box_width,
                          guint64 *box_height);

/* A new layout called @name with no saved displays. */
QvLayout *qv_layout_new (const char *name);
QvLayout *qv_layout_copy (const QvLayout *layout);
void qv_layout_free (QvLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvLayout, qv_layout_free)

/* Display @index (0..3) for reading, or NULL when nothing is saved for it
 * (or @index is out of range). */
const QvDisplayState *qv_layout_get_display (const QvLayout *layout, guint index);

/* Display @index (0..3) for writing: set its fields directly (use
 * qv_display_state_set_monitor() for the monitor) and mark it saved.
 * The returned state has saved = TRUE and, when it was not saved before,
 * enabled = TRUE and everything else zero. */
QvDisplayState *qv_layout_display (QvLayout *layout, guint index);

/* Forget display @index: it goes back to "nothing saved". */
void qv_layout_clear_display (QvLayout *layout, guint index);

/* Number of saved displays that are enabled (for --list-layouts). */
guint qv_layout_count_enabled (const QvLayout *layout);

/* Native Wayland tells a client which monitor its window is on (@now,
 * an index in @monitors; -1 unknown) but not where on it, and places new
 * windows itself.  So @state's monitor follows @now only when none is
 * saved yet, or when the window left the monitor it was last seen on
 * (@last_seen, -1 at the first look): the user moved it, not the
 * compositor.  The saved position then keeps its offset from the
 * monitor's origin. TRUE when @state changed. */
gboolean qv_display_state_follow_monitor (QvDisplayState *state,
                                          const QvMonitorSet *monitors,
                                          int last_seen,
                                          int now);

/* ---- Restoring a window ------------------------------------------------ */

/* Window manager decorations around the content, in pixels; all 0 when the
 * window draws its own (or is undecorated). Frame = content + these. */
typedef struct {
  int left;
  int right;
  int top;
  int bottom;
} QvFrameExtents;

typedef struct {
  QvRect window;       /* position and content size to apply */
  int monitor;         /* index in the monitor set the window belongs to:
                        * where to go fullscreen or maximized; -1 only when
                        * the set has no usable monitor */
  gboolean moved;      /* window differs from the saved geometry */
  gboolean fullscreen; /* copied from the state */
  gboolean maximized;  /* copied from the state */
} QvPlacement;

/* Where to put a saved window on the current @monitors.
 * 1. The saved monitor is looked up with qv_monitor_set_match() (name and
 *    geometry, then name, then geometry). If found, the window keeps its
 *    position relative to that monitor (translated when the monitor moved).
 * 2. If the window's frame (content + @frame, NULL = no decorations) is
 *    then fully on the monitors (qv_monitor_set_covers()), it stays.
 *    Otherwise it is moved fully onto one monitor: the matched one, else
 *    the primary, else the first usable one. It keeps its offset from the saved
 *    monitor's origin where possible, is pushed inside the monitor's
 *    edges, and keeps its size where it fits, else shrinks to the monitor.
 * 3. placement->monitor is the matched monitor, else the one it was moved
 *    onto, else the one sharing most area with it.
 * All arithmetic is exact on integers. Returns FALSE (placement = saved
 * geometry, monitor -1) when @monitors has no usable monitor or @state is
 * not saved. */
gboolean qv_layout_place_display (const QvDisplayState *state,
                                  const QvMonitorSet *monitors,
                                  const QvFrameExtents *frame,
                                  QvPlacement *placement);

/* ---- The store: every VM's layouts, one file --------------------------- */

typedef struct _QvLayoutStore QvLayoutStore;

/* $XDG_CONFIG_HOME/quadview/layouts.ini (g_get_user_config_dir()). */
char *qv_layout_default_path (void);

/* An empty store bound to the file @path (nothing is read yet). */
QvLayoutStore *qv_layout_store_new (const char *path);
void qv_layout_store_free (QvLayoutStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (QvLayoutStore, qv_layout_store_free)

const char *qv_layout_store_get_path (const QvLayoutStore *store);

/* Read the file, replacing everything in memory.
 * - A missing file gives an empty store: TRUE.
 * - A file that is not a valid layout file (GKeyFile syntax, missing or
 *   bad [quadview] version, any out-of-range or malformed value: see
 *   qv-layout-file.c) is renamed aside to PATH.corrupt-YYYYMMDD-HHMMSS
 *   (with -2, -3… appended rather than replacing an existing file), the
 *   store starts empty, and *@warning (nullable) receives one line naming
 *   the file, the problem and where it was moved: TRUE.
 * - FALSE with @error when the file cannot be read, cannot be moved aside,
 *   or comes from a newer quadview (QV_LAYOUT_ERROR_NEWER_VERSION). The
 *   store is then empty and read-only, so the file is never overwritten:
 *   saves fail with QV_LAYOUT_ERROR_READ_ONLY. */
gboolean qv_layout_store_load (QvLayoutStore *store, char **warning, GError **error);

/* Write VM @vm_key's layouts and settings as they are in memory (a VM not
 * in memory, e.g. after qv_layout_store_forget_vm(), is removed from the
 * file). Read-modify-write under an flock() of the file's directory: the
 * file is re-read, only this VM's groups are replaced, and it is written
 * atomically (G_FILE_SET_CONTENTS_CONSISTENT, mode 0600; the directory is
 * created 0700). Other VMs' groups, written meanwhile by other processes,
 * are kept. Nothing is written when the content would not change, so it is
 * cheap to call often. If the file on disk has become invalid it is moved
 * aside as by load() and *@warning (nullable) says so. */
gboolean qv_layout_store_save (QvLayoutStore *store,
                               const char *vm_key,
                               char **warning,
                               GError **error);

/* Keys of all VMs in memory, sorted; free with g_strfreev(). */
char **qv_layout_store_list_vms (const QvLayoutStore *store);

/* The VM's display name (domain name or host:port), NULL if unknown/none. */
/* remote-viewer's --hotkeys for the VM ("NAME=KEYS,…", checked by
 * qv_hotkeys_parse), remembered; NULL or "" forgets them. */
const char *qv_layout_store_get_hotkeys (const QvLayoutStore *store, const char *vm_key);
gboolean qv_layout_store_set_hotkeys (QvLayoutStore *store, const char *vm_key,
                                      const char *hotkeys, GError **error);

const char *qv_layout_store_get_vm_name (const QvLayoutStore *store, const char *vm_key);

/* Set the VM's display name, written above its group as a comment and as
 * name=. Creates the VM in memory if needed. */
gboolean qv_layout_store_set_vm_name (QvLayoutStore *store,
                                      const char *vm_key,
                                      const char *name,
                                      GError **error);

/* The per-VM switches, FALSE for unknown VMs:
 *   QV_VM_WAIT_FOR_AGENT     enable displays 2-4 only once the guest agent
 *                            is connected
 *   QV_VM_SHUTDOWN_ON_CLOSE  closing the last window asks the guest to
 *                            shut down (after a confirmation)
 *   QV_VM_LINK_CONSENT       opened from a link (a browser's spice:// or
 *                            .vv), the server may still have the clipboard
 *                            and the microphone: the user allowed it
 *   QV_VM_ARRANGE_GUEST      the guest's displays stand where the guest has
 *                            them, not as the windows do */
typedef enum {
  QV_VM_WAIT_FOR_AGENT,
  QV_VM_SHUTDOWN_ON_CLOSE,
  QV_VM_LINK_CONSENT,
  QV_VM_ARRANGE_GUEST,
} QvVmSwitch;

gboolean qv_layout_store_get_switch (const QvLayoutStore *store, const char *vm_key,
                                     QvVmSwitch which);
gboolean qv_layout_store_set_switch (QvLayoutStore *store, const char *vm_key, QvVmSwitch which,
                                     gboolean on, GError **error);

/* Per-VM setting: enable displays 2-4 only once the guest agent is
 * connected. FALSE for unknown VMs. */
gboolean qv_layout_store_get_wait_for_agent (const QvLayoutStore *store, const char *vm_key);
/* Per-VM setting: closing the last window asks the guest to shut down
 * (after a confirmation). FALSE for unknown VMs. */
gboolean qv_layout_store_get_shutdown_on_close (const QvLayoutStore *store, const char *vm_key);
gboolean qv_layout_store_set_shutdown_on_close (QvLayoutStore *store,
                                                const char *vm_key,
                                                gboolean shutdown,
                                                GError **error);

gboolean qv_layout_store_set_wait_for_agent (QvLayoutStore *store,
                                             const char *vm_key,
                                             gboolean wait,
                                             GError **error);

/* The VM's layout called @name (owned by the store, valid until the next
 * change to that VM), or NULL. */
const QvLayout *qv_layout_store_get_layout (const QvLayoutStore *store,
                                            const char *vm_key,
                                            const char *name);

/* Copies of the VM's layouts, most recently used first (ties: by name);
 * an empty array for an unknown VM. Free with g_ptr_array_unref(). */
GPtrArray *qv_layout_store_list_layouts (const QvLayoutStore *store, const char *vm_key);

/* Store a copy of @layout for VM @vm_key, replacing the layout of the same
 * name (in memory; call qv_layout_store_save() to write). Fails with
 * QV_LAYOUT_ERROR_INVALID for an empty/too long/non-UTF-8 key or name, or
 * one with control characters. */
gboolean qv_layout_store_put (QvLayoutStore *store,
                              const char *vm_key,
                              const QvLayout *layout,
                              GError **error);

/* Pick the layout to use now for VM @vm_key on @monitors; returns a new
 * layout (the caller owns it, then puts it back when saving) with
 * signature = the current monitors' and last_used = now.
 * - @name given (--layout NAME): that layout; if it does not exist, a new
 *   one called @name, seeded as below.
 * - @name NULL: the layout most recently used with the same monitor-set
 *   signature; if none, a new layout named after the monitors
 *   (qv_monitor_set_readable_name(), with " (2)", " (3)"… appended if a
 *   layout of that name already exists for other monitors).
 * A new layout copies the displays of the layout last used with the same
 * signature, else of the VM's most recently used layout, else has none.
 * *@is_new (nullable) tells whether the layout did not exist. NULL with
 * QV_LAYOUT_ERROR_INVALID for a bad key or name. */
QvLayout *qv_layout_store_choose (QvLayoutStore *store,
                                  const char *vm_key,
                                  const char *name,
                                  const QvMonitorSet *monitors,
                                  gboolean *is_new,
                                  GError **error);

/* Remove layout @name of VM @vm_key from memory (save to write it).
 * QV_LAYOUT_ERROR_NOT_FOUND if there is none. */
gboolean qv_layout_store_forget_layout (QvLayoutStore *store,
                                        const char *vm_key,
                                        const char *name,
                                        GError **error);

/* Remove VM @vm_key with all its layouts and settings from memory (save
 * to write it). QV_LAYOUT_ERROR_NOT_FOUND if it is unknown. */
gboolean qv_layout_store_forget_vm (QvLayoutStore *store,
                                    const char *vm_key,
                                    GError **error);

G_END_DECLS
