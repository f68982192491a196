#!/bin/bash
# End-to-end test of quadview against the 4-head demo guest (TAP output).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-restore.sh
#
# 1. On an X server with two 1920x1200 monitors side by side (Xorg with the
#    dummy driver: Xvfb's single RandR output cannot show GDK two
#    monitors), quadview opens four windows titled "… — Display N", each
#    showing its head's colour.
# 2. The windows are moved and resized with xdotool, quadview is stopped
#    with SIGTERM and started again: every window comes back at the same
#    position and size, showing its head.
# 3. The right monitor is switched off and quadview started again: every
#    window lies fully on the remaining monitor.
# No window manager runs, so X reports exactly what quadview asked for.
# Needs Xorg and its dummy driver (xserver-xorg-core,
# xserver-xorg-video-dummy). Optional: QV_GUEST_DIR (guest build cache).
# Everything runs on 127.0.0.1; only processes started here are stopped.
set -uo pipefail

quadview=${QUADVIEW:?set QUADVIEW to the quadview binary}
qxl_tune=${QXL_TUNE:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/qv-e2e-viewer.XXXXXX")
# A free port on 127.0.0.1.
for port in $(shuf -i 5960-5999); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
export XDG_CONFIG_HOME=$work/config
export NO_AT_BRIDGE=1
# GTK, fontconfig and D-Bus keep some memory until exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0

n=0 failed=0 xpid= qvpid=
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
bail() { echo "Bail out! $*"; exit 1; }

cleanup() {
	[[ -n $qvpid ]] && kill "$qvpid" 2>/dev/null
	"$here/../guest/run-guest.sh" --stop --pidfile "$work/guest.pid" >/dev/null 2>&1
	[[ -n $xpid ]] && kill "$xpid" 2>/dev/null
	wait 2>/dev/null
	[[ -n ${QV_E2E_KEEP:-} ]] && echo "# kept $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "1..8"

# ---- X server with two monitors ------------------------------------------
for d in $(seq 90 99); do [[ -e /tmp/.X11-unix/X$d || -e /tmp/.X$d-lock ]] || break; done
export DISPLAY=:$d
cat >"$work/xorg.conf" <<'EOF'
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0-1000.0
  VertRefresh 5.0-200.0
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 3840 2400
  EndSubSection
EndSection
EOF
Xorg "$DISPLAY" -config "$work/xorg.conf" -noreset -nolisten tcp \
	-logfile "$work/Xorg.log" >"$work/Xorg.out" 2>&1 &
xpid=$!
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.2; done
xdpyinfo >/dev/null 2>&1 || bail "Xorg with the dummy driver did not start (see $work/Xorg.log)"

xrandr --newmode qv1920x1200 154.00 1920 1968 2000 2080 1200 1203 1209 1235 +hsync -vsync
for o in DUMMY0 DUMMY1; do xrandr --addmode "$o" qv1920x1200; done
xrandr --output DUMMY0 --mode qv1920x1200 --pos 0x0 --primary \
	--output DUMMY1 --mode qv1920x1200 --pos 1920x0 || bail "cannot set up two monitors"
# The dummy outputs become "connected" only at the next full probe, and GDK
# (XRRGetScreenResourcesCurrent) ignores disconnected ones.
xrandr --query >/dev/null

# ---- guest ---------------------------------------------------------------
guest_args=(--port "$port" --pidfile "$work/guest.pid" --wait-ready 600)
if [[ -n $qxl_tune ]]; then guest_args+=(--qxl-tune "$qxl_tune"); fi
if [[ -n ${QV_GUEST_DIR:-} ]]; then guest_args+=(--guest-dir "$QV_GUEST_DIR"); fi
"$here/../guest/run-guest.sh" "${guest_args[@]}" >"$work/guest.out" 2>&1 ||
	bail "the demo guest did not start: $(tail -1 "$work/guest.out")"

# ---- helpers -------------------------------------------------------------
start_viewer() {
	"$quadview" "spice://127.0.0.1:$port" >>"$work/quadview.log" 2>&1 &
	qvpid=$!
}

stop_viewer() {
	kill -TERM "$qvpid"
	wait "$qvpid"
	local rc=$?
	qvpid=
	return $rc
}

window_id() { xdotool search --onlyvisible --name " — Display $1\$" 2>/dev/null | head -1; }

wait_windows() {
	for _ in $(seq 120); do
		local all=1
		for i in 1 2 3 4; do [[ -n $(window_id "$i") ]] || all=0; done
		((all)) && { sleep 2; return 0; }
		sleep 0.5
	done
	return 1
}

# "X Y W H" of display N's window.
geometry() {
	xwininfo -id "$(window_id "$1")" |
		awk '/Absolute upper-left X/{x=$NF} /Absolute upper-left Y/{y=$NF}
		     /Width:/{w=$NF} /Height:/{h=$NF} END{print x, y, w, h}'
}

all_geometry() { for i in 1 2 3 4; do echo "$i $(geometry "$i")"; done; }

# The colour near the bottom-left corner of the window's guest area
# (the head's fill, away from the digit) is the head's colour.
shows_heads() {
	local colours=(- d03030 30a030 3050d0 d0b020) i x y w h got
	for i in 1 2 3 4; do
		read -r x y w h <<<"$(geometry "$i")"
		got=$(import -window root -crop "1x1+$((x + 8))+$((y + h - 8))" -depth 8 txt:- 2>/dev/null |
			grep -oiE '#[0-9a-f]{6}' | head -1 | tr -d '#' | tr 'A-F' 'a-f')
		if [[ $got != "${colours[$i]}" ]]; then
			echo "# display $i shows #$got, expected #${colours[$i]}"
			return 1
		fi
	done
}

# ---- 1. four windows -----------------------------------------------------
start_viewer
check "four windows titled … — Display 1..4" wait_windows

# ---- 2. move, resize, restart --------------------------------------------
# Apart, so that each can be seen; 3 and 4 on the right monitor.
place() { xdotool windowmove "$(window_id "$1")" "$2" "$3" windowsize "$(window_id "$1")" "$4" "$5"; }
place 1 40 60 900 640
place 2 980 60 800 600
place 3 2000 80 960 700
place 4 2600 600 1000 560
sleep 3
check "each window shows its head" shows_heads
before=$(all_geometry)
echo "$before" | sed 's/^/# before: /'
check "SIGTERM exits with status 0" stop_viewer
check "the layout file was written" test -s "$XDG_CONFIG_HOME/quadview/layouts.ini"

start_viewer
wait_windows || true
after=$(all_geometry)
echo "$after" | sed 's/^/# after:  /'
check "all four windows come back at the same position and size" test "$before" = "$after"
sleep 2
check "each restored window shows its head" shows_heads

# ---- 3. a monitor goes away ----------------------------------------------
stop_viewer
xrandr --output DUMMY1 --off
xrandr --query >/dev/null
start_viewer
wait_windows || true
on_left() {
	local i x y w h
	for i in 1 2 3 4; do
		read -r x y w h <<<"$(geometry "$i")"
		echo "# display $i: ${w}x${h}+${x}+${y}"
		((x >= 0 && y >= 0 && x + w <= 1920 && y + h <= 1200)) || return 1
	done
}
check "with the right monitor gone every window is fully on the left one" on_left
check "SIGTERM exits with status 0 again" stop_viewer

exit $failed
