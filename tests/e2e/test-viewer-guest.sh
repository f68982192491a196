#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2119,SC2317
# End-to-end test of what quadview asks of the guest, and of reconnecting
# (TAP output).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-guest.sh
#
# The demo guest reports every layout it lights on its serial console
# ("qv-guest: layout 1=WxH+X+Y 2=off ..."), so this reads what the guest
# really sees:
# 1. auto-resize: a window resized with xdotool makes the guest set that
#    head to the window's new size (its area below the menu bar); the
#    windows stand 2x2, and so do the guest's heads;
# 2. Ctrl+Shift+F3 switches guest head 3 off (and only head 3), hides its
#    window; pressed again, switches it back on and shows the window with
#    the head's content;
# 3. reconnect: QEMU is killed (by its PID) and started again on the same
#    port; the same quadview process, started with --reconnect, shows the
#    four heads again, in the windows' places;
# 4. quadview --screenshot DIR saves display-1..4.png, each its head at the
#    guest's size and colour, exits 0 and leaves the guest's layout as it
#    was; a missing DIR fails in one line.
# Each time, every window first shows once its channel has the guest's
# whole picture (quadview's debug log), so never an empty frame first.
# Runs under Xvfb without a window manager.  Optional: QV_GUEST_DIR (guest
# build cache).  Everything runs on 127.0.0.1; only processes started here
# are stopped.
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init guest
# A German desktop (UTF-8): the title keeps its dash.
use_locale de_DE.UTF-8

echo "1..25"
start_xvfb 2560x1700
start_guest --size 1024x768 || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"

# shown_after_picture FROM: since log line FROM, the four windows first
# showed once their channel had the guest's whole picture (the server's
# mark), not an empty frame first, and not by the fallback timeout.
shown_after_picture() {
	tail -n "+$(($1 + 1))" "$work/quadview.log" | awk '
		/display channel [0-9]+: first picture complete/ { picture = 1 }
		/no complete picture after/ { fallback = 1 }
		/display [1-4]: shown/ { shown++; if (!picture) early++ }
		END { exit !(shown >= 4 && !early && !fallback) }'
}

start_viewer --reconnect
check "four windows appear" wait_windows
check "each first shows once the guest's whole picture has come" shown_after_picture 0
title_right() { [[ $(title_of "$(window_id 1)") == "$(display_title 1)" ]]; }
check "in de_DE.UTF-8 titled '$(display_title 1)'" title_right
# Side by side, so that every window can be seen, at the guest's sizes.
place 1 0 0 1024 800
place 2 1040 0 1024 800
place 3 0 820 1024 800
place 4 1040 820 1024 800
check "each window shows its head's colour" wait_heads 1 2 3 4

# ---- 1. auto-resize ------------------------------------------------------
# Window 1's display area, measured on screen (the rows above the head's
# colour are the menu bar), is what the guest's head 1 becomes: polled,
# since the guest takes a moment to follow the window placed above.
check "guest head 1 is exactly window 1's display area" poll "$QV_E2E_TIMEOUT" head_is_area 1
read -r _ _ w1 h1 <<<"$(geometry 1)"
menu=$(area_top 1) || bail "window 1 shows no head colour"
echo "# window 1 is ${w1}x$h1, its area starts $menu px down, its head $(last_layout | grep -oE ' 1=[0-9x]+')"
g=${w1}x$((h1 - menu))
check "the guest's heads stand 2x2, as the windows do" wait_serial 0 \
	"^qv-guest: layout 1=$g\\+0\\+0 2=$g\\+$w1\\+0 3=$g\\+0\\+$((h1 - menu)) 4=$g\\+$w1\\+$((h1 - menu))\$"
from=$(serial_lines)
mark=$(log_lines)
# The config in effect before the resize: the last one sent, else the
# guest's own layout (the same text format).
before=$(grep -a 'monitors config sent: ' "$work/quadview.log" | tail -n 1)
before=${before##*sent: }
[[ -n $before ]] || before=$(last_layout | sed 's/^qv-guest: layout //')
t0=$(date +%s%N)
place 2 1040 0 808 $((600 + menu))
check "resizing window 2 to 808x600 (+ menu bar) sets guest head 2 to 808x600" \
	wait_serial "$from" '^qv-guest: layout 1=[0-9]+x[0-9]+\+0\+0 2=808x600\+'
# A figure for the record (timings are benchmarks' business, not a check).
echo "# the guest took the new size $(( ($(date +%s%N) - t0) / 1000000 )) ms after the resize"
last_layout | note
# The debounce after a resize is 200 ms: a config that comes seconds
# later means one that waits for something that does not come.
delay=$(resize_to_config_ms "$mark" 2 808x600)
echo "# quadview sent the config ${delay:-(never)} ms after the window's area became 808x600"
check "the config follows the end of the resize within 2 s (quadview's clock)" \
	eval '[[ -n $delay ]] && ((delay < 2000))'
# others_kept BEFORE AFTER: with the windows in a 2x2 grid (the guest's
# heads stand as the windows do), head 2 (top right) narrowing moves no
# other head: 1, 3 and 4 keep their sizes and places, 2 its place.
head_of() { grep -oE "(^| )$1=[0-9]+x[0-9]+\+[0-9]+\+[0-9]+" <<<"$2" | tr -d ' '; }
others_kept() {
	local i
	for i in 1 3 4; do
		[[ -n $(head_of "$i" "$1") && $(head_of "$i" "$1") == "$(head_of "$i" "$2")" ]] ||
			{ echo "# head $i: '$(head_of "$i" "$1")' -> '$(head_of "$i" "$2")'"; return 1; }
	done
	[[ $(head_of 2 "$2") == "2=808x600+$(cut -d+ -f2- <<<"$(head_of 2 "$1")")" ]]
}
after=$(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a 'monitors config sent: ' | tail -n 1)
after=${after##*sent: }
echo "# config before: $before; after: $after"
check "the config for it moves no other head, and head 2 keeps its place" \
	others_kept "$before" "$after"
from=$(serial_lines)
place 2 1040 0 1000 $((700 + menu))
check "resizing it again to 1000x700 follows" \
	wait_serial "$from" '^qv-guest: layout 1=[0-9]+x[0-9]+\+0\+0 2=1000x700\+'
check "window 2 shows head 2 at its new size, its area to the pixel" \
	eval 'wait_heads 2 && poll "$QV_E2E_TIMEOUT" head_is_area 2'

# ---- 2. display 3 off and on ---------------------------------------------
hotkey() {
	local id
	id=$(window_id 1)
	xdotool windowfocus --sync "$id" key --clearmodifiers ctrl+shift+F3
}
from=$(serial_lines)
hotkey
check "Ctrl+Shift+F3 switches guest head 3 off, heads 1, 2 and 4 stay on" \
	wait_serial "$from" '^qv-guest: layout 1=[0-9x+]+ 2=1000x700\+[0-9]+\+0 3=off 4=[0-9]+x'
last_layout | note
check "display 3's window is hidden" poll "$QV_E2E_TIMEOUT" eval '[[ -z $(window_id 3) ]]'
from=$(serial_lines)
hotkey
check "Ctrl+Shift+F3 again switches head 3 back on" \
	wait_serial "$from" '^qv-guest: layout 1=[0-9x+]+ 2=1000x700\+[0-9]+\+0 3=[0-9]+x[0-9]+\+[0-9]+\+[0-9]+ 4=[0-9]+x'
last_layout | note
check "display 3's window is back, showing head 3" eval 'wait_windows && wait_heads 3'
# The head comes back at its window's size, not at a default one.
read -r _ _ w3 h3 <<<"$(geometry 3)"
check "head 3 comes back at its window's size ${w3}x$((h3 - menu))" \
	wait_serial "$from" " 3=${w3}x$((h3 - menu))\+"

# ---- 3. reconnect --------------------------------------------------------
wait_heads 1 2 3 4
before=$(all_geometry)
qemu=$(guest_pid)
kill -KILL "$qemu"
# Until init has reaped it, run-guest.sh would take it for still running.
poll "$QV_E2E_TIMEOUT" eval '! kill -0 "$qemu" 2>/dev/null' || bail "QEMU (pid $qemu) survived SIGKILL"
check "with QEMU killed, the display windows close and quadview keeps running" \
	eval 'poll "$QV_E2E_TIMEOUT" no_windows && viewer_alive'
serial=$work/serial2.log
mark=$(log_lines)
start_guest --size 1024x768 || bail "the demo guest did not start again: $(tail -1 "$work/guest.out")"
check "after QEMU restarts on the same port, four windows show their heads again" \
	eval 'wait_windows && wait_heads 1 2 3 4 && viewer_alive'
check "again each first shows with the whole picture" shown_after_picture "$mark"
check "in the same places and sizes" poll "$QV_E2E_TIMEOUT" eval '[[ $(all_geometry) == "$before" ]]'
all_geometry | note
check "SIGTERM exits with status 0" stop_viewer

# ---- 4. screenshots for scripts ----------------------------------------------
shots=$work/shots
mkdir -p "$shots"
mark_serial=$(serial_lines)
t0=$(date +%s%N)
"$quadview" --screenshot "$shots" "spice://127.0.0.1:$port" >"$work/shot.log" 2>&1
rc=$?
echo "# --screenshot took $((($(date +%s%N) - t0) / 1000000)) ms"
check "--screenshot DIR: exit 0, nothing said, no sanitizer report" \
	eval '((rc == 0)) && [[ -z $(grep -a "^quadview: " "$work/shot.log") ]] && clean_log "$work/shot.log"'
# shot_right N: display-N.png is head N at the guest's size (its last
# layout line), in head N's colour away from its digit.
shot_right() {
	local png=$shots/display-$1.png size got
	[[ -f $png ]] || { echo "# no $png"; return 1; }
	size=$(identify -format '%wx%h' "$png") || return 1
	[[ $(last_layout) == *" $1=$size+"* ]] || { echo "# display $1: $size, the guest: $(last_layout)"; return 1; }
	got=$(convert "$png" -crop "1x1+8+$((${size#*x} - 8))" -depth 8 txt:- | grep -o '#[0-9A-Fa-f]\{6\}' | head -1)
	[[ ${got,,} == "#${head_colours[$1]}" ]] || { echo "# display $1 shows $got"; return 1; }
}
check "... four PNGs, each its head at the guest's size and colour" \
	eval 'shot_right 1 && shot_right 2 && shot_right 3 && shot_right 4'
check "... and the guest's layout was left as it was" eval '(( $(relayouts_since "$mark_serial") == 0 ))'
"$quadview" --screenshot "$work/no-such-dir" "spice://127.0.0.1:$port" >"$work/shot-bad.log" 2>&1
rc=$?
# In German, as this test runs (po/de.po).
check "--screenshot with a missing directory: exit 1, one line naming it" \
	exits_with 1 "$work/shot-bad.log" "^quadview: $work/no-such-dir: kein Verzeichnis \(--screenshot\)\$"

exit $failed
