#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2119,SC2317
# End-to-end test of quadview against the 4-head demo guest (TAP output).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-restore.sh
#
# 1. On an X server with two 1920x1200 monitors side by side (Xorg with the
#    dummy driver: Xvfb's single RandR output cannot show GDK two
#    monitors), quadview opens four windows titled "HOST:PORT - Display N"
#    (the C locale), each showing its head's colour.
# 2. The windows are moved and resized with xdotool, two of them onto the
#    right monitor; quadview is stopped with SIGTERM and started again:
#    every window comes back at the same position and size, showing its
#    head.
# 3. The right monitor is switched off and quadview started again: every
#    window lies fully on the remaining monitor.
# No window manager runs, so X reports exactly what quadview asked for.
# Needs Xorg and its dummy driver (xserver-xorg-core,
# xserver-xorg-video-dummy). Optional: QV_GUEST_DIR (guest build cache).
# Everything runs on 127.0.0.1; only processes started here are stopped.
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init restore

echo "1..16"
start_xorg_two_monitors
start_guest || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"

# quiet_launch WHAT: since the viewer's start (log mark $mark_log, serial
# line $mark_serial) it decided on a config for all four heads, sent none
# and the guest kept its layout.
quiet_launch() {
	poll "$QV_E2E_TIMEOUT" config_decided "$mark_log" || { echo "# no monitors config decided"; return 1; }
	local sent relayouts
	sent=$(configs_since "$mark_log") relayouts=$(relayouts_since "$mark_serial")
	echo "# $1: $sent monitors config(s) sent, $relayouts guest re-layout(s)"
	((sent == 0 && relayouts == 0))
}

# ---- 1. four windows -----------------------------------------------------
# The C locale, as on a fresh system with no LANG: the title falls back to
# ASCII, so that the legacy WM_NAME holds it too.
use_locale C
titles_right() {
	local i id title legacy
	for i in 1 2 3 4; do
		id=$(window_id "$i")
		title=$(title_of "$id")
		legacy=$(title_of "$id" WM_NAME)
		[[ $title == "$(display_title "$i")" && $legacy == "$title" ]] ||
			{ echo "# display $i: _NET_WM_NAME '$title', WM_NAME '$legacy'"; return 1; }
	done
}
mark_log=$(log_lines) mark_serial=$(serial_lines)
start_viewer
check "four windows appear" wait_windows
check "first launch (no layout, windows at the guest's sizes): no monitors config, no re-layout" \
	quiet_launch "first launch"
check "in the C locale titled '$(display_title 1)' .. 4, in both X11 titles" titles_right

# ---- 2. move, resize, restart --------------------------------------------
# Apart, so that each can be seen; 3 and 4 on the right monitor.
want="1 40 60 900 640
2 980 60 800 600
3 2000 80 960 700
4 2600 600 1000 560"
place_all() {
	local i x y w h
	while read -r i x y w h; do place "$i" "$x" "$y" "$w" "$h"; done <<<"$want"
}
placed() { [[ $(all_geometry) == "$want" ]]; }
place_all
mark=$(date +%s%N)
check "xdotool moves and resizes all four windows" poll "$QV_E2E_TIMEOUT" placed
all_geometry | note
check "each window shows its head's colour" wait_heads 1 2 3 4
check "the layout is saved within the timeout" wait_saved "$mark"
check "SIGTERM exits with status 0" stop_viewer

mark_log=$(log_lines) mark_serial=$(serial_lines)
start_viewer
wait_windows
check "all four windows come back at the same position and size" poll "$QV_E2E_TIMEOUT" placed
all_geometry | note
check "each restored window shows its head" wait_heads 1 2 3 4
check "restore with the guest at the saved sizes: no monitors config, no re-layout" \
	quiet_launch "restore, same guest"

# A guest booted afresh (every head 1024x768) and the saved layout: one
# monitors config, one re-layout, every window showing its head.
stop_viewer
"$run_guest" --stop --pidfile "$work/guest.pid" >/dev/null 2>&1
start_guest || bail "the demo guest did not restart: $(tail -1 "$work/guest.out")"
mark_log=$(log_lines) mark_serial=$(serial_lines)
start_viewer
wait_windows
check "restore on a new guest: the windows come back" poll "$QV_E2E_TIMEOUT" placed
check "restore on a new guest: each window shows its head" wait_heads 1 2 3 4
one_config() {
	poll "$QV_E2E_TIMEOUT" config_decided "$mark_log" &&
		poll "$QV_E2E_TIMEOUT" eval '(( $(relayouts_since "$mark_serial") >= 1 ))' || return 1
	local sent relayouts
	sent=$(configs_since "$mark_log") relayouts=$(relayouts_since "$mark_serial")
	echo "# restore, new guest: $sent monitors config(s) sent, $relayouts guest re-layout(s); $(last_layout)"
	((sent == 1 && relayouts == 1))
}
check "restore on a new guest: exactly one monitors config and one guest re-layout" one_config

# ---- 3. a monitor goes away ----------------------------------------------
stop_viewer
xrandr --output DUMMY1 --off
xrandr --query >/dev/null
start_viewer
wait_windows
on_left() { within 0 0 1920 1200 1 2 3 4; }
check "with the right monitor gone every window is fully on the left one" \
	poll "$QV_E2E_TIMEOUT" eval 'settled && on_left'
all_geometry | note
check "the windows that stayed on the left monitor keep their place" \
	eval '[[ $(all_geometry | head -2) == "$(head -2 <<<"$want")" ]]'
check "SIGTERM exits with status 0 again" stop_viewer

exit $failed
