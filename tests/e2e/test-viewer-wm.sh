#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2119,SC2317
# End-to-end test of quadview's layout restore under a real window manager
# (openbox, Debian's default configuration), TAP output.
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-wm.sh
#
# 1. With no saved layout, openbox decorates the four windows and places
#    them by its own policy: all on screen, no two at the same place, each
#    showing its head's colour.
# 2. The windows are moved and resized (xdotool's requests go through the
#    window manager, which adds its frames), quadview is stopped with
#    SIGTERM and started again: every window comes back with its frame at
#    the same place and its contents at the same position and size,
#    showing its head.
# 3. Keys through the window manager: F11 toggles fullscreen; with
#    --hotkeys=toggle-fullscreen=ctrl+shift+u that key does, and the VM
#    remembers it (the layout file; the next run without the option);
#    an unknown hotkey name is a usage error.
# Runs under Xvfb.  Optional: QV_GUEST_DIR (guest build cache).
# Everything runs on 127.0.0.1; only processes started here are stopped.
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init wm
use_locale C.UTF-8

echo "1..19"
start_xvfb 2560x1700
start_openbox
start_guest --size 800x600 || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"

# "LEFT RIGHT TOP BOTTOM" of display N's frame, as the window manager says.
frame() { xprop -id "$(window_id "$1")" _NET_FRAME_EXTENTS 2>/dev/null | sed -n 's/.* = //p' | tr -d ,; }

decorated() {
	local i l r t b
	for i in 1 2 3 4; do
		read -r l r t b <<<"$(frame "$i")"
		[[ -n $t ]] && ((t > 0)) || { echo "# display $i has no frame"; return 1; }
	done
}

# The windows' frames lie on the 2560x1700 screen, at different places
# (overlapping only with APART=0).
apart_on_screen() {
	local i j x y w h l r t b
	local -a x0 y0 x1 y1
	for i in 1 2 3 4; do
		read -r x y w h <<<"$(geometry "$i")"
		read -r l r t b <<<"$(frame "$i")"
		[[ $x == - || -z $b ]] && return 1
		x0[i]=$((x - l)) y0[i]=$((y - t)) x1[i]=$((x + w + r)) y1[i]=$((y + h + b))
		((x0[i] >= 0 && y0[i] >= 0 && x1[i] <= 2560 && y1[i] <= 1700)) || return 1
	done
	for i in 1 2 3; do
		for ((j = i + 1; j <= 4; j++)); do
			((x0[i] != x0[j] || y0[i] != y0[j])) || return 1
			((${APART:-1})) || continue
			((x1[i] <= x0[j] || x1[j] <= x0[i] || y1[i] <= y0[j] || y1[j] <= y0[i])) || return 1
		done
	done
}

# ---- 1. first start: the window manager's placement ----------------------
start_viewer
check "four windows appear" wait_windows
title_right() { [[ $(title_of "$(window_id 1)") == "$(display_title 1)" ]]; }
check "in C.UTF-8 titled '$(display_title 1)'" title_right
check "openbox decorates them" poll "$QV_E2E_TIMEOUT" decorated
check "openbox places them on screen, each at its own place" \
	poll "$QV_E2E_TIMEOUT" eval 'settled && APART=0 apart_on_screen'
all_geometry | note
check "each window shows its head's colour" wait_heads 1 2 3 4

# ---- 2. move, resize, restart --------------------------------------------
placed=$(all_geometry)
place 1 60 40 900 640
place 2 1100 40 820 600
place 3 60 900 960 700
place 4 1300 800 1100 620
mark=$(date +%s%N)
moved() { settled && [[ $(all_geometry) != "$placed" ]] && apart_on_screen; }
check "the windows move and keep apart" poll "$QV_E2E_TIMEOUT" moved
before=$(all_geometry)
echo "$before" | note
check "the layout is saved within the timeout" wait_saved "$mark"
check "SIGTERM exits with status 0" stop_viewer

start_viewer
wait_windows
check "all four windows come back at the same position and size" \
	poll "$QV_E2E_TIMEOUT" eval '[[ $(all_geometry) == "$before" ]]'
all_geometry | note
check "each restored window shows its head" wait_heads 1 2 3 4
check "SIGTERM exits with status 0 again" stop_viewer

# ---- 3. keys through the window manager ------------------------------------
# fullscreen N: openbox says display N's window is fullscreen.
fullscreen() { [[ $(xprop -id "$(window_id "$1")" _NET_WM_STATE 2>/dev/null) == *_NET_WM_STATE_FULLSCREEN* ]]; }
# press N KEYS: KEYS to display N's window, focused.
press() { xdotool windowactivate --sync "$(window_id "$1")" key --clearmodifiers "$2"; }
start_viewer
wait_windows
check "F11 makes a window fullscreen, F11 again brings it back" \
	eval 'press 1 F11 && poll "$QV_E2E_TIMEOUT" fullscreen 1 &&
		press 1 F11 && poll "$QV_E2E_TIMEOUT" eval "! fullscreen 1"'
check "SIGTERM exits with status 0 (F11)" stop_viewer
start_viewer --hotkeys=toggle-fullscreen=ctrl+shift+u
wait_windows
check "--hotkeys=toggle-fullscreen=ctrl+shift+u: Ctrl+Shift+U toggles fullscreen" \
	eval 'press 2 ctrl+shift+u && poll "$QV_E2E_TIMEOUT" fullscreen 2 &&
		press 2 ctrl+shift+u && poll "$QV_E2E_TIMEOUT" eval "! fullscreen 2"'
check "SIGTERM exits with status 0 (--hotkeys)" stop_viewer
layouts=$XDG_CONFIG_HOME/quadview/layouts.ini
check "the layout file remembers them for the VM" \
	eval '[[ -n $(grep -ax "hotkeys=toggle-fullscreen=ctrl+shift+u" "$layouts") ]]'
start_viewer
wait_windows
check "remembered: without the option, Ctrl+Shift+U still toggles fullscreen" \
	eval 'press 3 ctrl+shift+u && poll "$QV_E2E_TIMEOUT" fullscreen 3 &&
		press 3 ctrl+shift+u && poll "$QV_E2E_TIMEOUT" eval "! fullscreen 3"'
check "SIGTERM exits with status 0 (remembered)" stop_viewer
"$quadview" --hotkeys=fullscreen=f11 "spice://127.0.0.1:$port" >"$work/bad-hotkeys.log" 2>&1
rc=$?
check "--hotkeys with a name remote-viewer does not have: exit 2, one line" \
	exits_with 2 "$work/bad-hotkeys.log" "^quadview: --hotkeys: 'fullscreen' is not a hotkey"

exit $failed
