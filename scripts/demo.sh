#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job: install what is needed, build, show what qxl-tune does to
# the bundled demo domain, then boot the 4-head demo guest (tests/guest/)
# under QEMU with its QXL device sized by qxl-tune, and open quadview on it.
#
#   bash scripts/demo.sh
#
# With a usable display ($DISPLAY or $WAYLAND_DISPLAY) the four windows
# open there and the demo lasts until quadview is closed.  Without one
# (CI, ssh), or with QV_DEMO_HEADLESS=1, it runs under Xvfb and openbox,
# waits until the four windows show their heads and writes
# build-demo/demo-screenshot.png.
# quadview keeps the layout in the usual place
# (${XDG_CONFIG_HOME:-~/.config}/quadview/layouts.ini), keyed by the guest's
# address: the demo prefers port 5930 so that the next run restores it.
# The guest is built once into ${XDG_CACHE_HOME:-~/.cache}/quadview/guest.
# Only processes started here are stopped, by their PIDs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh demo
echo "== Building qxl-tune and quadview in build-demo (log: build-demo/build.log)"
mkdir -p build-demo
{ [ -f build-demo/build.ninja ] || meson setup build-demo --buildtype=release; } >build-demo/build.log 2>&1 &&
	meson compile -C build-demo >>build-demo/build.log 2>&1 || {
	tail -n 20 build-demo/build.log >&2
	echo "demo.sh: the build failed (log: build-demo/build.log)" >&2
	exit 1
}

tune=build-demo/qxl-tune/qxl-tune
echo "== QXL values for four 1920x1200 displays"
"$tune" --print-values -d 1920x1200 --heads 4
echo "== The change to data/demo/demo-domain.xml (nothing is written)"
"$tune" -d 1920x1200 --heads 4 --diff data/demo/demo-domain.xml

# ---- the demo guest --------------------------------------------------------
# Heads start at 960x600 (four windows fit a 1920x1200 screen); the QXL
# device is sized for four 1920x1200 heads, so the windows can grow.
export QUADVIEW=$PWD/build-demo/viewer/quadview
. tests/e2e/lib.sh
work=$PWD/build-demo/demo-guest
screenshot=$PWD/build-demo/demo-screenshot.png
mkdir -p "$work"
serial=$work/serial.log

# 5930 unless it is taken: the layout belongs to 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=
for p in 5930 $(seq 5931 5999); do
	if port_free "$p"; then port=$p; break; fi
done
[ -n "$port" ] || { echo "demo.sh: no free port in 5930-5999" >&2; exit 1; }
[ "$port" = 5930 ] || echo "demo.sh: port 5930 is busy, using $port (layouts are kept per port)"

demo_cleanup() {
	[ -n "$qvpid" ] && kill "$qvpid" 2>/dev/null && wait "$qvpid" 2>/dev/null
	tests/guest/run-guest.sh --stop --pidfile "$work/guest.pid" >/dev/null 2>&1 || true
	[ -n "$wmpid" ] && kill "$wmpid" 2>/dev/null
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null
	wait 2>/dev/null || true
}
trap demo_cleanup EXIT
trap 'exit 130' INT TERM

echo "== Building the demo guest (once; cached in ${XDG_CACHE_HOME:-$HOME/.cache}/quadview/guest)"
tests/guest/build-guest.sh >/dev/null
echo "== Booting the demo guest with 4 heads under QEMU (software emulation), SPICE on 127.0.0.1:$port"
qxl_values=$("$tune" --print-values -d 1920x1200 --heads 4)
# The demo domain's UUID: the layout follows the VM, not the port.
uuid=$(sed -n 's|.*<uuid>\(.*\)</uuid>.*|\1|p' data/demo/demo-domain.xml)
if ! start_guest --heads 4 --size 960x600 --qxl-values "$qxl_values" --uuid "$uuid"; then
	cat "$work/guest.out" >&2
	exit 1
fi
echo "   serial console: $serial"

usable_display() {
	[ -z "${QV_DEMO_HEADLESS:-}" ] || return 1
	[ -n "${WAYLAND_DISPLAY:-}" ] && return 0
	[ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1
}

if usable_display; then
	echo "== quadview spice://127.0.0.1:$port"
	echo "   View > Quit ends the demo (closing a window only switches its display off)"
	"$QUADVIEW" --title "quadview demo" "spice://127.0.0.1:$port" &
	qvpid=$!
	wait "$qvpid" || true
	qvpid=
	exit 0
fi

# ---- no display: Xvfb and a screenshot -------------------------------------
echo "== No display: running quadview under Xvfb (with openbox)"
export NO_AT_BRIDGE=1 GDK_BACKEND=x11
unset WAYLAND_DISPLAY
start_xvfb 1944x1320
start_openbox
"$QUADVIEW" --title "quadview demo" "spice://127.0.0.1:$port" >"$work/quadview.log" 2>&1 &
qvpid=$!
if ! wait_windows; then
	echo "demo.sh: quadview did not open four windows (log: $work/quadview.log)" >&2
	exit 1
fi
# Openbox places the new windows as it likes: tile them as a user would.
# On the next run quadview puts them back there by itself.
poll 10 settled || true
first=$(all_geometry)
place 1 0 0 960 625
place 2 980 0 960 625
place 3 0 670 960 625
place 4 980 670 960 625
poll 10 settled || true
if [[ $(all_geometry) == "$first" ]]; then
	echo "   the windows are where the last run left them (layout restored)"
else
	echo "   windows tiled with xdotool (the next run restores them)"
fi
if ! wait_heads 1 2 3 4; then
	echo "demo.sh: the windows do not show the guest's heads (log: $work/quadview.log)" >&2
	exit 1
fi
import -window root "$screenshot"
all_geometry | while read -r i x y w h; do
	echo "   display $i: window ${w}x$h+$x+$y, $(last_layout | grep -oE " $i=[^ ]+" | sed 's/^ /guest head /')"
done
kill -TERM "$qvpid"
wait "$qvpid" || true
qvpid=
echo "== Screenshot of the four windows: $screenshot"
echo "   layout saved in ${XDG_CONFIG_HOME:-$HOME/.config}/quadview/layouts.ini"
