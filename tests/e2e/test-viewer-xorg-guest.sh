#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# quadview against a guest whose display path is Debian's, not ours (TAP):
# the Xorg guest (tests/guest/README.md, "Xorg guest": Debian 12's Xorg,
# xserver-xorg-video-qxl and spice-vdagent, plus one xrandr step of ours
# that applies the client's monitors config as GNOME's mutter would).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-xorg-guest.sh
#
# The guest lights one head at boot; displays 2-4 are switched on with
# Ctrl+Shift+F2..F4, as a user would.  Its init reports every layout Xorg
# has on the serial console (the demo guest's lines), so this reads what
# the guest really shows:
# 1. four windows of four different sizes: each head is exactly its
#    window's display area, to the pixel (measured on screen);
# 2. windows left to right as displays 3, 1, 2, 4: the heads too, in a
#    row, side by side with no gap or overlap;
# 3. one window resized: its head takes the new area;
# 4. a 2x2 grid of windows: a 2x2 guest;
# 5. Ctrl+Shift+F4: head 4 off, then back in its place;
# 6. windows top to bottom as displays 2, 4, 1, 3: the heads too, in a
#    column at x=0, one below the other with no gap or overlap, each its
#    window's area;
# 7. a second boot, its QXL device sized by `qxl-tune --arrange auto` for
#    four 2560x1440 heads, and a 5300x3100 screen: from one quadview
#    launch, four windows in a 2x2 grid whose areas are 2560x1440 light
#    four 2560x1440 heads standing 2x2 (a 5120x2880 screen), each its
#    window's display area to the pixel.
# Figures (boot, resize to guest layout, qxl-tune's values, launch to four
# 2560x1440 heads) are TAP comments.  Xvfb without a window manager.
# Optional: QV_XORG_GUEST_DIR (the Xorg guest's build directory;
# QV_GUEST_DIR, the demo guest's, is not used).  Everything runs on
# 127.0.0.1; only processes started here are stopped.
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init xorg-guest
use_locale C.UTF-8
unset QV_GUEST_DIR

echo "1..17"
# Tall enough for a column of four windows (6.).
start_xvfb 3600x2200

# The guest's picture is its root window, one colour (xorg-init's
# xsetroot) on every head: the colour lib.sh's area and picture checks
# (area_top, head_is_area, wait_heads) look for, whatever the head.
root_colour=204060
head_colours=(- "$root_colour" "$root_colour" "$root_colour" "$root_colour")

t0=$(date +%s%N)
if start_guest --guest xorg --size 1024x768 ${QV_XORG_GUEST_DIR:+--guest-dir "$QV_XORG_GUEST_DIR"}; then
	ok "the Xorg guest is ready"
else
	not_ok "the Xorg guest is ready"
	tail -n 5 "$work/guest.out" | note
	bail "the Xorg guest did not start (log: $serial)"
fi
echo "# booted to ready in $((($(date +%s%N) - t0) / 1000000)) ms (QEMU started, Xorg up, agents connected)"
last_layout | note

# layout_is REGEX: the guest's layout lines, after serial line $from,
# reach one matching REGEX (after "qv-guest: layout ").
layout_is() { wait_serial "$from" "^qv-guest: layout $1\$"; }
# shown N: display N has a window.
shown() { [[ -n $(window_id "$1") ]]; }
hotkey() { xdotool windowfocus --sync "$(window_id 1)" key --clearmodifiers "$1"; }

from=$(serial_lines)
start_viewer --debug
poll "$QV_E2E_TIMEOUT" shown 1 || bail "quadview opened no window for display 1"
for i in 2 3 4; do
	shown "$i" || hotkey "ctrl+shift+F$i"
done
check "Ctrl+Shift+F2..F4: quadview opens four windows" wait_windows
check "... and the guest lights four heads" \
	layout_is '1=[0-9]+x[0-9]+\+[0-9]+\+[0-9]+ 2=[0-9]+x[^ ]+ 3=[0-9]+x[^ ]+ 4=[0-9]+x[^ ]+'
last_layout | note

# ---- 1. each head is its window's area --------------------------------------
# Four sizes, so that a head given another window's size is seen; no
# area under 480 rows (GTK keeps the display widget at least that high,
# whatever the X window's size, and the area on screen is then cut).
place 1 0 0 700 540
place 2 800 0 760 580
place 3 1700 0 820 620
place 4 2600 0 880 660
wait_heads 1 2 3 4 || bail "the windows show no picture of the guest"
all_areas() { local i; for i in 1 2 3 4; do head_is_area "$i" || return 1; done; }
check "each guest head is exactly its window's display area" poll "$QV_E2E_TIMEOUT" all_areas
menu=$(area_top 1) || bail "window 1 shows no picture of the guest"
echo "# the display area starts $menu px below each window's top"
last_layout | note

# ---- 2. a row: 3, 1, 2, 4 -------------------------------------------------------
# in_line row|column ORDER: the last layout's heads, left to right (a
# row) or top to bottom (a column), are ORDER (e.g. "3 1 2 4"), all at
# y=0 (x=0), each starting where the one before it ends; each the size of
# its window's area.  Why not: in $why.
in_line() {
	local dir=$1 want=$2 got order at=0 i w h hx hy
	got=$(last_layout | awk -v dir="$dir" '{
		for (i = 3; i <= NF; i++) {
			split($i, f, "[=x+]")
			if (f[2] != "off") print (dir == "row" ? f[4] : f[5]), f[1], f[2], f[3], f[4], f[5]
		}
	}' | sort -n)
	order=$(awk '{ printf "%s%s", (NR > 1 ? " " : ""), $2 }' <<<"$got")
	if [[ $dir == row ]]; then
		[[ $order == "$want" ]] || { why="heads left to right: $order"; return 1; }
	else
		[[ $order == "$want" ]] || { why="heads top to bottom: $order"; return 1; }
	fi
	while read -r _ i w h hx hy; do
		if [[ $dir == row ]]; then
			((hx == at && hy == 0)) || { why="head $i at $hx,$hy, not $at,0"; return 1; }
			at=$((at + w))
		else
			((hx == 0 && hy == at)) || { why="head $i at $hx,$hy, not 0,$at"; return 1; }
			at=$((at + h))
		fi
		head_is_area "$i" </dev/null || { why="head $i is not window $i's area ($(geometry "$i" </dev/null), $(area_top "$i" </dev/null) px down)"; return 1; }
	done <<<"$got"
}
# row ORDER, column ORDER: in_line, polled; say why not.
line() {
	why=
	poll "$QV_E2E_TIMEOUT" in_line "$1" "$2" && return 0
	echo "# $why"
	return 1
}
row() { line row "$1"; }
column() { line column "$1"; }
from=$(serial_lines)
place 3 0 0 820 620
place 1 900 0 700 540
place 2 1700 0 760 580
place 4 2600 0 880 660
check "windows left to right as 3, 1, 2, 4: the heads stand so, side by side" \
	row "3 1 2 4"
last_layout | note

# applied_ms MARK HEAD TIME: from the monitors config holding HEAD that
# quadview sent after log line MARK (its debug timestamp) to TIME
# (HH:MM:SS.mmm, when the guest was seen to show it), in ms.
applied_ms() {
	tail -n "+$(($1 + 1))" "$work/quadview.log" | awk -v head="$2" -v seen="$3" '
		function ms(t, p) { split(t, p, "[:.]"); return ((p[1] * 60 + p[2]) * 60 + p[3]) * 1000 + p[4] }
		/monitors config sent: / && index($0, head) && !found { d = ms(seen) - ms($3); found = 1 }
		END { if (!found) print "(never)"; else printf "%d\n", d < 0 ? d + 86400000 : d }'
}
# ---- 3. a resize ------------------------------------------------------------------
from=$(serial_lines)
mark=$(log_lines)
t0=$(date +%s%N)
place 2 1700 0 808 $((600 + menu))
check "window 2 resized to 808x600 (+ menu bar): guest head 2 becomes 808x600" \
	layout_is '1=[^ ]+ 2=808x600\+[0-9]+\+0 3=[^ ]+ 4=[^ ]+'
seen=$(date +%H:%M:%S.%3N)
echo "# the guest showed the new size $((($(date +%s%N) - t0) / 1000000)) ms after the resize request"
delay=$(resize_to_config_ms "$mark" 2 808x600)
echo "# quadview sent the config ${delay:-(never)} ms after the window's area became 808x600 (its clock)"
echo "# the guest showed it $(applied_ms "$mark" " 2=808x600+" "$seen") ms after quadview sent it (Debian's stack and our xrandr step, polled every 0.2 s)"
last_layout | note
check "... its window's area to the pixel, the row kept" row "3 1 2 4"

# ---- 4. a grid ----------------------------------------------------------------------
W=800 H=600
from=$(serial_lines)
place 1 0 0 $W $((H + menu))
place 2 900 0 $W $((H + menu))
place 3 0 750 $W $((H + menu))
place 4 900 750 $W $((H + menu))
t0=$(date +%s%N)
g=${W}x$H
check "a 2x2 grid of windows: a 2x2 guest" \
	layout_is "1=$g\\+0\\+0 2=$g\\+$W\\+0 3=$g\\+0\\+$H 4=$g\\+$W\\+$H"
echo "# the guest stood 2x2 $((($(date +%s%N) - t0) / 1000000)) ms after the last move"
last_layout | note

# ---- 5. a display off and on ------------------------------------------------------
from=$(serial_lines)
hotkey ctrl+shift+F4
check "Ctrl+Shift+F4: guest head 4 goes off, the others stay" \
	layout_is "1=$g\\+0\\+0 2=$g\\+$W\\+0 3=$g\\+0\\+$H 4=off"
last_layout | note
from=$(serial_lines)
hotkey ctrl+shift+F4
check "Ctrl+Shift+F4 again: head 4 comes back at its window's size and place" \
	layout_is "1=$g\\+0\\+0 2=$g\\+$W\\+0 3=$g\\+0\\+$H 4=$g\\+$W\\+$H"
last_layout | note

# ---- 6. a column: 2, 4, 1, 3 ----------------------------------------------------
# Four widths and heights (areas of 480 rows or more, as in 1.), stacked
# at x=0 with 10 rows between windows: about 2110 rows, a 760x1980 guest
# screen, within qxl-tune's 16 MiB for four 1024x768 heads.
from=$(serial_lines)
y=0
for wh in 2:640x480 4:720x490 1:680x500 3:760x510; do
	i=${wh%%:*} wh=${wh#*:}
	place "$i" 0 "$y" "${wh%x*}" $((${wh#*x} + menu))
	y=$((y + ${wh#*x} + menu + 10))
done
check "windows top to bottom as 2, 4, 1, 3: the heads stand so, in a column at x=0" \
	column "2 4 1 3"
last_layout | note
check "SIGTERM exits with status 0" stop_viewer

# ---- 7. four 2560x1440 heads from one launch ---------------------------------
# A second boot, its QXL device sized for four 2560x1440 heads by
# qxl-tune --arrange auto (a row would be 10240 px wide, over the
# driver's 8192: a 2x2 grid, whose 5120x2880 screen must fit vgamem), on
# a screen that holds two such windows side by side and two above each
# other.  Its own serial log and configuration: quadview starts as on a
# first launch (one window, no saved layout).
"$run_guest" --stop --pidfile "$work/guest.pid" >/dev/null 2>&1 || bail "cannot stop the first guest"
kill "$xpid"
wait "$xpid" || true
xpid=
start_xvfb 5300x3100
[[ -n $qxl_tune ]] || qxl_tune=$(command -v qxl-tune) || bail "no qxl-tune: set QXL_TUNE"
values=$("$qxl_tune" --print-values -d 2560x1440 --heads 4 --arrange auto) ||
	bail "$qxl_tune --print-values -d 2560x1440 --heads 4 --arrange auto failed"
echo "# qxl-tune --arrange auto, four 2560x1440 heads: $values (KiB)"
serial=$work/serial-1440p.log
export XDG_CONFIG_HOME=$work/config-1440p
t0=$(date +%s%N)
if start_guest --guest xorg --heads 4 --size 2560x1440 --qxl-values "$values" \
	${QV_XORG_GUEST_DIR:+--guest-dir "$QV_XORG_GUEST_DIR"}; then
	ok "the Xorg guest with QXL sized for four 2560x1440 heads is ready"
else
	not_ok "the Xorg guest with QXL sized for four 2560x1440 heads is ready"
	tail -n 5 "$work/guest.out" | note
	bail "the second Xorg guest did not start (log: $serial)"
fi
echo "# booted to ready in $((($(date +%s%N) - t0) / 1000000)) ms"
last_layout | note

W=2560 H=1440
g=${W}x$H
from=$(serial_lines)
t0=$(date +%s%N)
start_viewer --debug
poll "$QV_E2E_TIMEOUT" shown 1 || bail "quadview opened no window for display 1"
for i in 2 3 4; do
	shown "$i" || hotkey "ctrl+shift+F$i"
done
check "one launch, Ctrl+Shift+F2..F4: four windows" wait_windows
place 1 0 0 $W $((H + menu))
place 2 $((W + 40)) 0 $W $((H + menu))
place 3 0 $((H + menu + 35)) $W $((H + menu))
place 4 $((W + 40)) $((H + menu + 35)) $W $((H + menu))
check "a 2x2 grid of windows with 2560x1440 areas: four 2560x1440 heads, 2x2 (a 5120x2880 screen)" \
	layout_is "1=$g\\+0\\+0 2=$g\\+$W\\+0 3=$g\\+0\\+$H 4=$g\\+$W\\+$H"
echo "# from quadview's launch to four 2560x1440 heads (hotkeys and moves included): $((($(date +%s%N) - t0) / 1000000)) ms"
last_layout | note
check "... each its window's display area, to the pixel" poll "$QV_E2E_TIMEOUT" all_areas
check "SIGTERM exits with status 0" stop_viewer
exit $failed
