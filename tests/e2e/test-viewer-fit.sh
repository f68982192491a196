#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# A guest whose heads are wider than the host's screen (TAP output).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-fit.sh
#
# The demo guest boots two heads of 2600x700 (QXL sized for them by
# qxl-tune); the screen is one 1920x1500 Xvfb monitor. quadview opens both
# windows no larger than the screen, says so once per display, and asks
# the guest once for the sizes its windows can show; window 2 moved below
# window 1 brings the guest's head 2 below head 1, and a move that keeps
# that order sends nothing (no feedback loop between window and guest).
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init fit
use_locale C.UTF-8

echo "1..7"
start_xvfb 1920x1500
start_guest --heads 2 --size 2600x700 || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"
mark_serial=$(serial_lines)
start_viewer
two_windows() { [[ -n $(window_id 1) && -n $(window_id 2) ]]; }
check "two windows appear" poll "$QV_E2E_TIMEOUT" two_windows

fits() {
	local i x y w h
	for i in 1 2; do
		read -r x y w h <<<"$(geometry "$i")"
		[[ $x != - ]] && ((w <= 1920 && h <= 1500)) || { echo "# display $i: ${w}x$h"; return 1; }
	done
}
check "neither window is larger than the 1920x1500 screen" poll "$QV_E2E_TIMEOUT" fits
all_geometry | note

said_once() {
	local i count
	for i in 1 2; do
		count=$(grep -c "^quadview: the guest shows display $i at 2600x700, larger than this screen" "$work/quadview.log")
		((count == 1)) || { echo "# display $i: said $count times"; return 1; }
	done
}
check "one warning line per display" said_once

# The guest follows the windows: heads as wide as the screen.
fitted_layout='^qv-guest: layout 1=1920x[0-9]+\+0\+0 2=1920x[0-9]+\+1920\+0'
check "the guest is asked for heads its windows can show (1920 wide)" wait_serial "$mark_serial" "$fitted_layout"
last_layout | note
# No window manager: both opened at 0,0. Window 2 below window 1, same
# size: the guest's head 2 goes below head 1, as its window stands.
read -r _ _ w2 h2 <<<"$(geometry 2)"
place 2 0 $((h2 + 20)) "$w2" "$h2"
check "each window shows its head" wait_heads 1 2
check "window 2 below window 1: the guest's head 2 below head 1" \
	wait_serial "$mark_serial" '^qv-guest: layout 1=1920x[0-9]+\+0\+0 2=1920x[0-9]+\+0\+[1-9][0-9]*'
# No loop: a move that keeps the order is decided (quadview's log) and
# sends nothing; two configs and two re-layouts in all.
mark=$(log_lines)
place 2 10 $((h2 + 30)) "$w2" "$h2"
decided() { [[ -n $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a 'monitors config unchanged, not sent') ]]; }
loop_free() {
	poll "$QV_E2E_TIMEOUT" decided || return 1
	local sent relayouts
	sent=$(configs_since 0) relayouts=$(relayouts_since "$mark_serial")
	echo "# $sent monitors config(s) sent, $relayouts guest re-layout(s) in all"
	((sent == 2 && relayouts == 2))
}
check "a move that keeps the order: decided, nothing sent; two configs, two re-layouts in all" \
	loop_free
stop_viewer
exit $failed
