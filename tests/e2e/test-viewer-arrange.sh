#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# The guest's monitors stand as the windows do (TAP).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-arrange.sh
#
# The demo guest lights its heads where the monitors config puts them and
# logs each layout on its serial console, so this reads the guest's own
# arrangement:
# 1. windows left to right as displays 3, 1, 2, 4: the heads, too;
# 2. a 2x2 grid of windows: a 2x2 guest; a move that keeps the order
#    sends nothing (quadview's decision in its debug log), one that
#    changes it (display 4 from right to below) one config;
# 3. a column of windows: a column;
# 4. --arrangement=guest (remembered): the guest keeps its arrangement
#    when the windows move;
# 5. four heads of 2560x1440 in a row of windows, past the qxl driver's
#    8192 px: folded into 2x2, quadview says so in one line, and the
#    guest lights all four (QXL sized by qxl-tune --arrange auto).
# Xvfb without a window manager.  Only processes started here are stopped.
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init arrange
use_locale C.UTF-8

echo "1..15"
start_xvfb 3600x1500
start_guest --size 800x600 || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"

# layout_is REGEX: the guest's layout lines, from line $from on, reach
# one matching REGEX (after "qv-guest: layout ").
layout_is() { wait_serial "$from" "^qv-guest: layout $1\$"; }
# The guest's heads for windows of W x H+menu bar: WxH at X,Y.
at() { echo "$1=${size}\\+$2\\+$3"; }
decided_since() {
	tail -n "+$(($1 + 1))" "$work/quadview.log" | grep -acE 'monitors config (sent|unchanged, not sent): '
}
sent_since() { configs_since "$1"; }

boot_from=$(serial_lines)
start_viewer
check "four windows appear" wait_windows
# Where they opened (stacked at 0,0: no window manager) says nothing;
# placed in display order, the guest's own, nothing changes for it.
for i in 1 2 3 4; do place "$i" $(((i - 1) * 900)) 0 800 625; done
wait_heads 1 2 3 4 || bail "the windows show no heads"
poll "$QV_E2E_TIMEOUT" config_decided 0 || bail "quadview decided no monitors config"
echo "launch and placing: $(configs_since 0) monitors config(s) sent, the guest laid out $(relayouts_since "$boot_from") time(s)" | note
menu=$(area_top 1) || bail "window 1 shows no head colour"
size=800x600
W=800 H=600

# ---- 1. a row: 3, 1, 2, 4 ------------------------------------------------------
from=$(serial_lines)
place 3 0 0 800 $((600 + menu))
place 1 900 0 800 $((600 + menu))
place 2 1800 0 800 $((600 + menu))
place 4 2700 0 800 $((600 + menu))
check "windows left to right as 3, 1, 2, 4: the guest's heads stand so" \
	layout_is "$(at 1 $W 0) $(at 2 $((2 * W)) 0) $(at 3 0 0) $(at 4 $((3 * W)) 0)"
last_layout | note

# ---- 2. a grid ---------------------------------------------------------------------
from=$(serial_lines)
place 1 0 0 800 $((600 + menu))
place 2 900 0 800 $((600 + menu))
place 3 0 720 800 $((600 + menu))
place 4 900 720 800 $((600 + menu))
check "a 2x2 grid of windows: a 2x2 guest" \
	layout_is "$(at 1 0 0) $(at 2 $W 0) $(at 3 0 $H) $(at 4 $W $H)"
mark=$(log_lines)
place 4 950 760 800 $((600 + menu))
check "a move that keeps the order: decided, nothing sent" \
	eval 'poll "$QV_E2E_TIMEOUT" eval "(( \$(decided_since $mark) > 0 ))" && (( $(sent_since "$mark") == 0 ))'
from=$(serial_lines)
mark=$(log_lines)
place 4 2000 0 800 $((600 + menu))
check "display 4 moved right of display 2: the guest's head 4 follows" \
	layout_is "$(at 1 0 0) $(at 2 $W 0) $(at 3 0 $H) $(at 4 $((2 * W)) 0)"
check "... with one config" eval '(( $(sent_since "$mark") == 1 ))'
echo "move to config: $(move_to_config_ms "$mark" 4 2000,0 "4=${size}+$((2 * W))+0") ms (quadview's clock); the guest laid out $(relayouts_since "$from") time(s)" | note

# ---- 3. a column ---------------------------------------------------------------------
from=$(serial_lines)
place 1 0 0 800 $((600 + menu))
place 2 0 700 800 $((600 + menu))
place 3 1000 0 800 $((600 + menu))
place 4 1900 0 800 $((600 + menu))
check "1 above 2, 3 and 4 to the right: heads so" \
	layout_is "$(at 1 0 0) $(at 2 0 $H) $(at 3 $W 0) $(at 4 $((2 * W)) 0)"
check "SIGTERM exits with status 0" stop_viewer

# ---- 4. --arrangement=guest --------------------------------------------------------
# The guest stands as section 3 left it; the windows are restored there.
mark=$(log_lines)
start_viewer --arrangement=guest
check "--arrangement=guest: four windows" wait_windows
wait_heads 1 2 3 4 || bail "the windows show no heads"
# Window 4 moved below window 2, then window 2 narrowed: the config for
# the new size keeps the guest's own arrangement, not the windows'.
place 4 0 1400 800 $((600 + menu))
from=$(serial_lines)
place 2 0 700 700 $((600 + menu))
check "... a window moved, another resized: the guest keeps its arrangement" \
	layout_is "$(at 1 0 0) 2=700x600\\+0\\+$H $(at 3 $W 0) $(at 4 $((2 * W)) 0)"
check "... and it is remembered for the VM (arrangement=guest)" \
	eval 'stop_viewer && grep -qx "arrangement=guest" "$XDG_CONFIG_HOME/quadview/layouts.ini"'

# ---- 5. past 8192 px ----------------------------------------------------------------
# A guest whose QXL device qxl-tune sizes for four 2560x1440 heads (auto:
# 2x2, 5120x2880), lit with one head at first (four in a row would not
# light), and a saved layout of four such windows in a row.
"$run_guest" --stop --pidfile "$work/guest.pid" >/dev/null 2>&1
kill "$xpid" 2>/dev/null
wait "$xpid" 2>/dev/null
start_xvfb 10600x1600
serial=$work/serial-big.log
uuid=3c1d5e7a-2b9f-4c60-8d14-6f0a9e2b7c31
qxl_values=$("$qxl_tune" --print-values -d 2560x1440 --heads 4) || bail "qxl-tune failed"
start_guest --heads 1 --size 2560x1440 --qxl-values "$qxl_values" --uuid "$uuid" ||
	bail "the demo guest did not start with a 2560x1440 head: $(tail -1 "$work/guest.out")"
mkdir -p "$XDG_CONFIG_HOME/quadview"
{
	printf '[quadview]\nversion=1\n\n[vm:%s]\n\n' "$uuid"
	printf '[vm:%s/layout:wide]\nlast-used=2026-12-01T00:00:00Z\n\n' "$uuid"
	for i in 1 2 3 4; do
		printf '[vm:%s/layout:wide/display:%d]\nx=%d\ny=0\nwidth=2560\nheight=%d\n\n' \
			"$uuid" "$i" $(((i - 1) * 2600)) $((1440 + menu))
	done
} >"$XDG_CONFIG_HOME/quadview/layouts.ini"
mark=$(log_lines)
from=$(serial_lines)
start_viewer --arrangement=windows --layout wide
size=2560x1440 W=2560 H=1440
check "four 2560x1440 windows in a row, 10240 px: the guest lights all four, 2x2" \
	layout_is "$(at 1 0 0) $(at 2 $W 0) $(at 3 0 $H) $(at 4 $W $H)"
check "... in four windows" wait_windows
folded() { [[ $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -ac '^quadview: the windows stand .* folded into 5120x2880$') == 1 ]]; }
check "... quadview said so in one line" folded
check "SIGTERM exits with status 0" stop_viewer
exit $failed
