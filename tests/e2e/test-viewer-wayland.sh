#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# quadview in a GNOME Wayland session (TAP output).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-wayland.sh
#
# mutter (GNOME's compositor) runs headless with two 1440x900 virtual
# monitors side by side and Xwayland, as a GNOME session has them.
# 1. By default quadview draws through Xwayland there. Windows on both
#    monitors, one of them fullscreen on the right one: after SIGTERM and a
#    relaunch every window is back on its monitor, at the same position and
#    size, the fullscreen one fullscreen on its monitor.
# 2. --backend=wayland (native): the guest gets the saved sizes, the
#    fullscreen window is fullscreen on its saved monitor as the compositor
#    reports it, and what the compositor chose for the other windows never
#    overwrites a saved monitor or position.
# 3. A window opened at about its monitor's size is maximized by mutter
#    itself: it is saved with its real size (never 1x1) on its monitor, and
#    comes back maximized there.
# Needs mutter, Xwayland, dbus (mutter, xwayland, dbus). Everything runs on
# 127.0.0.1; only processes started here are stopped.
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init wayland
use_locale C.UTF-8

echo "1..24"
start_mutter 1440x900 1440x900
start_guest || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"

layouts=$XDG_CONFIG_HOME/quadview/layouts.ini
# The backend quadview chose, from its debug log (after line $1).
backend_since() { tail -n "+$(($1 + 1))" "$work/quadview.log" | grep -a -o -m1 'windowing system: [A-Za-z0-9]*'; }
# shows_own_head N: display N's window shows its head's colour.  Rootless
# Xwayland composes nothing on its root window, so read the window itself.
shows_own_head() {
	local id x y w h got
	id=$(window_id "$1")
	read -r x y w h <<<"$(geometry "$1")"
	[[ -n $id && $x != - ]] || return 1
	got=$(import -window "$id" -crop "1x1+8+$((h - 8))" -depth 8 txt:- 2>/dev/null)
	[[ ${got,,} == *"#${head_colours[$1]}"* ]]
}
own_heads() { local i; for i in "$@"; do shows_own_head "$i" || return 1; done; }
net_wm_state() { xprop -id "$(window_id "$1")" _NET_WM_STATE 2>/dev/null; }
# saved LAYOUT N KEY: KEY of display N in the saved layout whose name
# (its monitors) starts with LAYOUT.
saved() {
	awk -v group="/layout:$1" -v d="/display:$2]" -v key="$3" '
		/^\[/ { on = index($0, group) && index($0, d) }
		on && index($0, key "=") == 1 { sub(/^[^=]*=/, ""); print; exit }' "$layouts"
}
# The saved state of every display of layout $1 that a compositor could
# overwrite: position, monitor, fullscreen.
placement_of() {
	local i k
	for i in 1 2 3 4; do
		echo "$i $(for k in x y monitor-x monitor-y fullscreen; do printf '%s ' "$(saved "$1" "$i" "$k")"; done)"
	done
}

sizes_of() {
	local i
	for i in 1 2 3 4; do echo "$i $(saved "$1" "$i" width)x$(saved "$1" "$i" height)"; done
}

# ---- 1. Xwayland, by default ----------------------------------------------
mark_log=$(log_lines)
start_viewer --debug
check "four windows appear on Xwayland" wait_windows
check "in a Wayland session with Xwayland quadview draws through X11 by default" \
	eval '[[ $(backend_since "$mark_log") == *GdkX11Display ]]'
check "and says nothing about native Wayland" \
	eval '[[ -z $(grep -a "native Wayland" "$work/quadview.log") ]]'
# 1 and 2 on the left monitor, 3 on the right, 4 fullscreen on the right
# (F11, as a user would, from where it was moved).
# (Not below 640x480 plus the menu bar: spice-gtk's minimum.)
place 1 20 40 700 540
place 2 740 300 660 520
place 3 1500 60 720 560
xdotool windowmove "$(window_id 4)" 1600 200
four_placed() {
	within 0 0 1440 900 1 2 && within 1440 0 1440 900 3 4 &&
		[[ $(geometry 1) == *" 700 540" && $(geometry 2) == *" 660 520" && $(geometry 3) == *" 720 560" ]]
}
check "xdotool puts windows 1 and 2 on the left monitor, 3 and 4 on the right" \
	poll "$QV_E2E_TIMEOUT" four_placed
mark=$(date +%s%N)
xdotool windowactivate --sync "$(window_id 4)" key F11
fullscreen_right() { [[ $(geometry 4) == "1440 0 1440 900" && $(net_wm_state 4) == *FULLSCREEN* ]]; }
check "F11 makes display 4 fullscreen on the right monitor" \
	poll "$QV_E2E_TIMEOUT" eval 'fullscreen_right && four_placed'
poll "$QV_E2E_TIMEOUT" settled
before=$(all_geometry)
note <<<"$before"
check "each window shows its head" poll "$QV_E2E_TIMEOUT" own_heads 1 2 3 4
check "the layout is saved" wait_saved "$mark"
check "SIGTERM exits with status 0" stop_viewer

start_viewer --debug
wait_windows
check "after a relaunch every window is back: monitor, position, size, fullscreen" \
	poll "$QV_E2E_TIMEOUT" eval '[[ $(all_geometry) == "$before" ]] && fullscreen_right'
all_geometry | note
check "each restored window shows its head" poll "$QV_E2E_TIMEOUT" own_heads 1 2 3 4
check "SIGTERM exits with status 0 again" stop_viewer
x11_guest=$(last_layout)
note <<<"$x11_guest"
# The menu bar's height: window 1's client height less its head's.
[[ $x11_guest =~ \ 1=700x([0-9]+) ]] && menu=$((540 - BASH_REMATCH[1]))
x11_layout=$(sed -n 's/^\[vm:[^/]*\/layout:\([^]/]*\)\]$/\1/p' "$layouts" | head -1)
x11_saved=$(placement_of "$x11_layout") x11_sizes=$(sizes_of "$x11_layout")
note <<<"$x11_saved"

# ---- 2. native Wayland ----------------------------------------------------
# GDK names the monitors differently here (the compositor's model names):
# the first launch starts from the Xwayland layout, the second from its
# own. Neither may take over what the compositor chose.
for launch in first second; do
	mark_log=$(log_lines) mark_serial=$(serial_lines)
	start_viewer --debug --backend=wayland
	compositor_shows() { [[ -n $(tail -n "+$((mark_log + 1))" "$work/quadview.log" | grep -a "display $1: the compositor shows it on monitor $2$3") ]]; }
	case $launch in
	first)
		check "--backend=wayland draws natively" \
			poll "$QV_E2E_TIMEOUT" eval '[[ $(backend_since "$mark_log") == *GdkWaylandDisplay ]]'
		;;
	second)
		# GTK's menu bar may differ by a pixel between the backends, and
		# so the first native launch's heads: the second has nothing to send.
		check "second native launch: the windows have their sizes, the guest keeps its heads" \
			eval 'poll "$QV_E2E_TIMEOUT" config_decided "$mark_log" && (( $(configs_since "$mark_log") == 0 ))'
		;;
	esac
	check "$launch native launch: display 4 is fullscreen on the right monitor, as mutter reports it" \
		poll "$QV_E2E_TIMEOUT" compositor_shows 4 2 ", fullscreen"
	# Saved after every window was seen and a save went by.
	poll "$QV_E2E_TIMEOUT" eval 'compositor_shows 1 "[12]" "" && compositor_shows 2 "[12]" "" && compositor_shows 3 "[12]" ""'
	# spice-gtk 0.42 leaks a message it is still receiving when the
	# connection closes (channel.c's read coroutine): not in the middle of
	# the guest's redraw after a re-layout, then.
	if (($(configs_since "$mark_log") > 0)); then
		poll "$QV_E2E_TIMEOUT" eval '(( $(relayouts_since "$mark_serial") > 0 ))'
		sleep 2
	fi
	mark=$(date +%s%N)
	stop_viewer
	wayland_layout=$(sed -n 's/^\[vm:[^/]*\/layout:\([^]/]*\)\]$/\1/p' "$layouts" | grep -v -x -F "$x11_layout" | head -1)
	check "$launch native launch: no saved position or monitor taken from the compositor" \
		eval '[[ -n $wayland_layout && $(placement_of "$wayland_layout") == "$x11_saved" ]]'
	check "$launch native launch: every window at its saved size" \
		eval '[[ $(sizes_of "$wayland_layout") == "$x11_sizes" ]]'
done
grep -a -c "native Wayland:" "$work/quadview.log" >"$work/notices"
check "the native Wayland notice: once per launch, saying what is restored" \
	eval '[[ $(cat "$work/notices") == 2 && -n $(grep -a -m1 "native Wayland: window sizes, maximized and fullscreen" "$work/quadview.log") ]]'

# ---- 3. maximized by the compositor ---------------------------------------
# A guest whose two heads are about as large as a monitor, and no saved
# layout: the windows open at the heads' sizes and mutter maximizes them.
"$run_guest" --stop --pidfile "$work/guest.pid" >/dev/null 2>&1
start_guest --heads 2 --size 1400x860 || bail "the 2-head guest did not start: $(tail -1 "$work/guest.out")"
rm -f "$layouts"
all_windows() { [[ -n $(window_id 1) && -n $(window_id 2) ]]; }
mark_log=$(log_lines)
start_viewer --debug
wait_windows
maximized() { [[ $(net_wm_state "$1") == *MAXIMIZED_HORZ*MAXIMIZED_VERT* ]]; }
poll "$QV_E2E_TIMEOUT" eval 'maximized 1 && maximized 2'
mark=$(date +%s%N)
wait_saved "$mark"
stop_viewer
layout=$(sed -n 's/^\[vm:[^/]*\/layout:\([^]/]*\)\]$/\1/p' "$layouts" | head -1)
restore_size() { echo "$(saved "$layout" "$1" width)x$(saved "$layout" "$1" height) $(saved "$layout" "$1" maximized) at $(saved "$layout" "$1" x),$(saved "$layout" "$1" y) on $(saved "$layout" "$1" monitor-x)"; }
note <<<"1: $(restore_size 1)
2: $(restore_size 2)"
# The size it opened at: the head plus the menu bar, on the left monitor.
want="1400x$((860 + ${menu:-0})) true at 0,0 on 0"
check "a window mutter maximized is saved maximized with the size it opened at ($want), not 1x1" \
	eval '[[ -n ${menu:-} && $(restore_size 1) == "$want" && $(restore_size 2) == "$want" ]]'
# Every monitors config quadview sent since: no head beyond a monitor.
no_giant_head() {
	local line head
	while read -r line; do
		for head in $line; do
			[[ $head =~ ^[1-4]=([0-9]+)x([0-9]+) ]] || continue
			((BASH_REMATCH[1] <= 1440 && BASH_REMATCH[2] <= 900)) || { echo "# asked for $head"; return 1; }
		done
	done < <(tail -n "+$((mark_log + 1))" "$work/quadview.log" | grep -a 'monitors config sent')
}
check "the guest was never asked for a head larger than a monitor" no_giant_head

start_viewer
wait_windows
check "they come back maximized, on the left monitor" \
	poll "$QV_E2E_TIMEOUT" eval 'maximized 1 && maximized 2 && within 0 0 1440 900 1 2'
all_geometry | note
no_criticals() {
	local line
	line=$(grep -a -m1 -E 'CRITICAL|-WARNING \*\*' "$work/quadview.log") || return 0
	echo "# $line"
	return 1
}
check "SIGTERM exits with status 0; no leak of quadview's, no other sanitizer report, no GLib critical or warning in any launch" \
	eval 'stop_viewer && clean_log "$work/quadview.log" && no_criticals'

exit $failed
