#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# Host monitors that change while quadview runs (TAP output).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-hotplug.sh
#
# Xorg with the dummy driver and two 1920x1200 monitors; the four windows
# are placed two on each monitor and saved. Then, with quadview running:
# 1. the right monitor is switched off: its windows move fully onto the
#    left one, the others stay, and no head's size changes (a config may
#    follow the windows' new places: the guest's heads stand as they do);
# 2. it comes back: the layout saved for two monitors comes back with it;
# 3. it shrinks to 800x600: the windows that no longer fit shrink, and the
#    configs sent change those heads' sizes only.
# No window manager runs, so X reports exactly what quadview asked for.
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init hotplug
use_locale C.UTF-8

echo "1..11"
start_xorg_two_monitors
start_guest || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"
start_viewer
wait_windows || bail "no windows (see $work/quadview.log)"

want="1 40 60 900 640
2 980 60 800 600
3 2000 80 960 700
4 2600 600 1000 560"
while read -r i x y w h; do place "$i" "$x" "$y" "$w" "$h"; done <<<"$want"
placed() { [[ $(all_geometry) == "$1" ]]; }
mark=$(date +%s%N)
poll "$QV_E2E_TIMEOUT" placed "$want" || bail "xdotool could not place the windows: $(all_geometry | tr '\n' ' ')"
check "each window shows its head" wait_heads 1 2 3 4
check "the layout is saved" wait_saved "$mark"
# The guest follows the sizes; from here on, configs are counted.
# (Widths only: the menu bar's height depends on the fonts.)
poll "$QV_E2E_TIMEOUT" eval '[[ $(last_layout) == *" 3=960x"*" 4=1000x"* ]]' ||
	bail "the guest did not follow the windows: $(last_layout)"
mark_log=$(log_lines)
sizes_of() { grep -oE '[1-4]=([0-9]+x[0-9]+|off)' <<<"$1" | tr '\n' ' '; }
start_sizes=$(sizes_of "$(grep -a 'monitors config' "$work/quadview.log" | tail -n 1)")
# sizes_kept: every config sent since $mark_log keeps the heads' sizes.
sizes_kept() {
	local line
	while read -r line; do
		[[ $(sizes_of "$line") == "$start_sizes" ]] || { echo "# sent: ${line##*: }"; return 1; }
	done < <(tail -n "+$((mark_log + 1))" "$work/quadview.log" | grep -a 'monitors config sent')
}

# ---- 1. the right monitor goes away ---------------------------------------
xrandr --output DUMMY1 --off
on_left() { within 0 0 1920 1200 1 2 3 4; }
check "right monitor off: every window fully on the left one" poll "$QV_E2E_TIMEOUT" eval 'settled && on_left'
all_geometry | note
check "the windows on the left monitor kept their places" \
	eval '[[ $(all_geometry | sed -n 1,2p) == "$(sed -n 1,2p <<<"$want")" ]]'
check "no head changed its size in any config sent" sizes_kept

# ---- 2. it comes back --------------------------------------------------------
xrandr --output DUMMY1 --mode qv1920x1200 --pos 1920x0
check "right monitor back: the two-monitor layout comes back" poll "$QV_E2E_TIMEOUT" placed "$want"
all_geometry | note
check "still no head changed its size" sizes_kept
check "each window shows its head again" wait_heads 1 2 3 4

# ---- 3. it shrinks -------------------------------------------------------------
xrandr --newmode qv800x600 40.00 800 840 968 1056 600 601 605 628 +hsync +vsync &&
	xrandr --addmode DUMMY1 qv800x600 || bail "cannot add an 800x600 mode"
before=$(grep -a 'monitors config' "$work/quadview.log" | tail -n 1)
before=${before##*: }
xrandr --output DUMMY1 --mode qv800x600 --pos 1920x0
fits_right() { within 1920 0 800 600 3 4; }
check "right monitor at 800x600: its windows fit on it" poll "$QV_E2E_TIMEOUT" eval 'settled && fits_right'
all_geometry | note
one_head_changed() {
	# Both shrunk heads reach the guest, in one config or two.
	poll "$QV_E2E_TIMEOUT" eval '[[ $(last_layout) == *" 3=800x"*" 4=800x"* ]]' || return 1
	local sent after
	sent=$(configs_since "$mark_log")
	after=$(grep -a 'monitors config sent' "$work/quadview.log" | tail -n 1)
	after=${after##*: }
	echo "# $sent config(s) sent; before: $before; after: $after"
	# Windows 3 (960x700) and 4 (1000x560) no longer fit 800x600: both
	# shrink; heads 1 and 2 keep their sizes.
	((sent >= 1)) &&
		[[ $(sizes_of "${after%% 3=*}") == "$(sizes_of "${before%% 3=*}")" ]]
}
check "the monitors configs sent change the shrunk heads only" one_head_changed
check "SIGTERM exits with status 0" stop_viewer
exit $failed
