# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the viewer's end-to-end tests and scripts/demo.sh (sourced, not
# run): TAP output, an X server, the demo guest, quadview, and checks of its
# windows.
#
# The sourcing script sets QUADVIEW (and optionally QXL_TUNE,
# QV_GUEST_DIR, QV_E2E_KEEP, QV_E2E_TIMEOUT), then calls e2e_init NAME.  Everything it
# starts is recorded by PID and stopped by the EXIT trap; nothing else is
# ever signalled.  SPICE listens on 127.0.0.1 only.
# shellcheck shell=bash
# Checks are often code in single quotes run by eval (through poll), reading
# the caller's locals and the variables this file sets for its users:
# shellcheck disable=SC2016,SC2034

e2e_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$e2e_here/../require.sh"
run_guest=$e2e_here/../guest/run-guest.sh
quadview=${QUADVIEW:?set QUADVIEW to the quadview binary}
qxl_tune=${QXL_TUNE:-}
# Generous, for a loaded 2-core machine; the happy path never waits them out.
: "${QV_E2E_TIMEOUT:=60}"

# Head colours, as tests/guest/qv-guest-colors.h defines them (index = head).
mapfile -t head_colours < <(sed -n 's/^#define QV_GUEST_COLOR_HEAD[1-4] 0x\([0-9A-Fa-f]\{6\}\)u.*/\1/p' \
	"$e2e_here/../guest/qv-guest-colors.h" | tr 'A-F' 'a-f')
head_colours=(- "${head_colours[@]}")

n=0 failed=0 xpid='' mutterpid='' wmpid='' qvpid='' work='' port='' serial='' e2e_name=''
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
bail() { echo "Bail out! $*"; exit 1; }
note() { sed 's/^/# /'; }

# poll SECONDS CMD...: runs CMD every 0.2 s until it succeeds (status 0)
# or SECONDS have passed (status 1).
poll() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep 0.2
	done
}

# e2e_at_exit FUNC: FUNC runs in the EXIT trap, after the viewer is
# stopped and before the guest, the X server and the work directory go.
e2e_exit_hooks=()
e2e_at_exit() { e2e_exit_hooks+=("$1"); }

# e2e_keep_logs: a failed test's logs outlive its work directory: the tail
# of the viewer's log in the TAP output (meson prints it), and every log
# copied to $QV_E2E_LOGDIR/NAME.N (CI takes that directory out of its
# fresh system).
e2e_keep_logs() {
	local dest f
	if [[ -s $work/quadview.log ]]; then
		echo "# the viewer's log, last 40 lines:"
		tail -n 40 "$work/quadview.log" | note
	fi
	[[ -n ${QV_E2E_LOGDIR:-} ]] || return 0
	mkdir -p "$QV_E2E_LOGDIR" && dest=$(mktemp -d "$QV_E2E_LOGDIR/$e2e_name.XXXXXX") || return 0
	for f in "$work"/*.log "$work"/*.out "$work"/*.png; do
		[[ -f $f ]] && cp "$f" "$dest/"
	done
	echo "# logs kept in $dest"
}

e2e_cleanup() {
	local rc=$? hook
	[[ -n $qvpid ]] && kill "$qvpid" 2>/dev/null
	for hook in "${e2e_exit_hooks[@]}"; do "$hook" || true; done
	[[ -n $work ]] && "$run_guest" --stop --pidfile "$work/guest.pid" >/dev/null 2>&1
	[[ -n $wmpid ]] && kill "$wmpid" 2>/dev/null
	if [[ -n $mutterpid ]]; then
		# mutter, not dbus-run-session: that ends with it, and stops its
		# D-Bus daemon.  SIGKILL after 10 s.
		kill "$mutterpid" 2>/dev/null
		poll 10 eval '! kill -0 "$xpid" 2>/dev/null' || kill -KILL "$mutterpid" 2>/dev/null
	elif [[ -n $xpid ]]; then
		kill "$xpid" 2>/dev/null
	fi
	wait 2>/dev/null
	[[ -z $work ]] && return
	if ((rc != 0 || failed)); then e2e_keep_logs; fi
	if [[ -n ${QV_E2E_KEEP:-} ]]; then echo "# kept $work"; else rm -rf "$work"; fi
}

# e2e_init NAME: work directory, isolated config, free port, traps.
e2e_init() {
	e2e_name=$1
	require qemu-system-x86_64 qemu-system-x86 Xvfb xvfb xdotool xdotool \
		xprop x11-utils xwininfo x11-utils import imagemagick python3 python3 \
		setpriv util-linux
	work=$(mktemp -d "${TMPDIR:-/tmp}/qv-e2e-$1.XXXXXX")
	trap e2e_cleanup EXIT
	trap 'exit 130' INT TERM
	export XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache}
	export NO_AT_BRIDGE=1 GDK_BACKEND=x11
	unset WAYLAND_DISPLAY
	# quadview's own debug messages (not spice-gtk's): the monitors
	# configs it sends or finds unchanged, counted by configs_since.
	export G_MESSAGES_DEBUG=quadview
	# The build tree's catalogs: a German locale gets German titles and
	# menus (display_title), whatever is installed.
	QUADVIEW_LOCALEDIR=$(dirname "$(dirname "$quadview")")/po
	export QUADVIEW_LOCALEDIR
	unset LANGUAGE
	# Leaks are reported, but for what GTK, fontconfig and D-Bus keep
	# until exit (tests/lsan.supp).
	# LeakSanitizer reports but does not set the exit status: clean_log
	# judges its reports (own_reports).
	LSAN_OPTIONS=suppressions=$e2e_here/../lsan.supp:print_suppressions=0:exitcode=0
	export LSAN_OPTIONS
	# Full stacks for every allocation: GLib and GTK have no frame
	# pointers, so the fast unwinder stops at g_malloc, and neither a
	# report nor a suppression could name where a leak comes from.
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0
	# The kernel picks a free port; QEMU binds it a moment later (when
	# someone took it meanwhile, start_guest picks again).
	port=$(pick_port) || bail "cannot find a free port"
	serial=$work/serial.log
}

# Reads the display number an X server wrote to its -displayfd.
x_wait_display() {
	local d='' deadline=$((SECONDS + QV_E2E_TIMEOUT))
	until d=$(head -1 "$work/display" 2>/dev/null) && [[ -n $d ]]; do
		kill -0 "$xpid" 2>/dev/null && ((SECONDS < deadline)) || return 1
		sleep 0.1
	done
	export DISPLAY=:$d
	poll "$QV_E2E_TIMEOUT" xdpyinfo >/dev/null 2>&1
}

# start_xvfb WxH: one screen, one monitor; the server picks a free display.
# The X servers get SIGTERM when the test's shell dies, even by SIGKILL
# (setpriv --pdeathsig, kept across exec): no server outlives its test.
start_xvfb() {
	setpriv --pdeathsig TERM Xvfb -displayfd 3 -screen 0 "$1x24" -nolisten tcp -noreset \
		3>"$work/display" >"$work/Xvfb.log" 2>&1 &
	xpid=$!
	x_wait_display || bail "Xvfb did not start (see $work/Xvfb.log)"
}

# start_xorg_two_monitors: Xorg with the dummy driver and two 1920x1200
# monitors side by side, DUMMY0 (primary) and DUMMY1.  Xvfb's single
# RandR output cannot show GDK two monitors.
start_xorg_two_monitors() {
	require Xorg xserver-xorg-core xrandr x11-xserver-utils
	[[ -e /usr/lib/xorg/modules/drivers/dummy_drv.so ]] ||
		bail "Xorg's dummy driver not found: install xserver-xorg-video-dummy (bash scripts/deps.sh test)"
	cat >"$work/xorg.conf" <<-'EOF'
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
	setpriv --pdeathsig TERM Xorg -displayfd 3 -config "$work/xorg.conf" -noreset -nolisten tcp \
		-logfile "$work/Xorg.log" 3>"$work/display" >"$work/Xorg.out" 2>&1 &
	xpid=$!
	x_wait_display || bail "Xorg with the dummy driver did not start (see $work/Xorg.log)"
	xrandr --newmode qv1920x1200 154.00 1920 1968 2000 2080 1200 1203 1209 1235 +hsync -vsync &&
		xrandr --addmode DUMMY0 qv1920x1200 && xrandr --addmode DUMMY1 qv1920x1200 &&
		xrandr --output DUMMY0 --mode qv1920x1200 --pos 0x0 --primary \
			--output DUMMY1 --mode qv1920x1200 --pos 1920x0 || bail "cannot set up two monitors"
	# The dummy outputs become "connected" only at the next full probe, and
	# GDK (XRRGetScreenResourcesCurrent) ignores disconnected ones.
	xrandr --query >/dev/null
}

# start_mutter WxH...: GNOME's compositor, mutter, headless with one
# virtual monitor per WxH side by side and Xwayland, in this test's own
# D-Bus session and XDG_RUNTIME_DIR; exports what a GNOME Wayland session
# has: WAYLAND_DISPLAY, XDG_SESSION_TYPE=wayland, and Xwayland's DISPLAY
# and XAUTHORITY.  mutter picks Xwayland's display number itself (a free
# one) and says which in its log.
start_mutter() {
	require mutter mutter Xwayland xwayland dbus-run-session dbus
	local args=() m wl=qv-wayland-$$ line=''
	for m in "$@"; do args+=(--virtual-monitor "$m"); done
	mkdir -m 0700 "$work/xdg"
	export XDG_RUNTIME_DIR=$work/xdg
	unset DISPLAY WAYLAND_DISPLAY XAUTHORITY GDK_BACKEND
	# mutter's own PID, to stop it (dbus-run-session only waits for it).
	dbus-run-session -- sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$work/mutter.pid" \
		mutter --headless --wayland --wayland-display "$wl" "${args[@]}" \
		>"$work/mutter.log" 2>&1 &
	xpid=$!
	mutter_x_display() {
		line=$(grep -a -m1 -o 'Using public X11 display :[0-9]*' "$work/mutter.log") &&
			[[ -S $XDG_RUNTIME_DIR/$wl ]]
	}
	poll "$QV_E2E_TIMEOUT" mutter_x_display || bail "mutter did not start (see $work/mutter.log)"
	mutterpid=$(cat "$work/mutter.pid")
	local auth=("$XDG_RUNTIME_DIR"/.mutter-Xwaylandauth.*)
	export WAYLAND_DISPLAY=$wl XDG_SESSION_TYPE=wayland DISPLAY=${line##* } XAUTHORITY=${auth[0]}
	poll "$QV_E2E_TIMEOUT" xdpyinfo >/dev/null 2>&1 || bail "mutter's Xwayland does not answer on $DISPLAY"
}

wm_running() {
	local id
	id=$(xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null) || return 1
	id=${id##* }
	[[ $id == 0x* ]] || return 1
	[[ $(xprop -id "$id" _NET_WM_NAME 2>/dev/null) == *[Oo]penbox* ]]
}

# start_openbox: Debian's openbox with its default configuration.
start_openbox() {
	require openbox openbox
	openbox --sm-disable >"$work/openbox.log" 2>&1 &
	wmpid=$!
	poll "$QV_E2E_TIMEOUT" wm_running || bail "openbox did not start (see $work/openbox.log)"
}

# start_guest [run-guest.sh options]: boots the 4-head demo guest on $port,
# its serial console in $serial; returns once it has lit its heads.
# pick_port: a TCP port on 127.0.0.1 that the kernel calls free now.
pick_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_guest ARGS...: the demo guest (run-guest.sh ARGS) on $port. A port
# taken between the kernel's pick and QEMU's bind (a race no pick closes)
# is seen in QEMU's own words; then $port is picked again, three times at
# most.
start_guest() {
	local tries=0 args
	while :; do
		args=(--port "$port" --pidfile "$work/guest.pid" --serial "$serial"
			--qmp "$work/qmp.sock" --wait-ready 600 "$@")
		[[ -n $qxl_tune ]] && args+=(--qxl-tune "$qxl_tune")
		[[ -n ${QV_GUEST_DIR:-} ]] && args+=(--guest-dir "$QV_GUEST_DIR")
		"$run_guest" "${args[@]}" >"$work/guest.out" 2>&1 && return 0
		grep -q 'Failed to open SPICE sockets' "$work/guest.out" && ((++tries < 3)) || return 1
		echo "# port $port was taken before QEMU bound it: another one"
		port=$(pick_port) || return 1
	done
}

guest_pid() { cat "$work/guest.pid" 2>/dev/null; }

# run_viewer ARGS...: quadview in the background, its output appended to
# $work/quadview.log, its PID in qvpid; start_viewer adds the guest's URI.
run_viewer() {
	"$quadview" "$@" >>"$work/quadview.log" 2>&1 &
	qvpid=$!
}
start_viewer() { run_viewer "$@" "spice://127.0.0.1:$port"; }

# stop_viewer: SIGTERM; fails unless the viewer exits 0 with no sanitizer
# report of ours in its log (leaks do not set the status: clean_log).
stop_viewer() {
	kill -TERM "$qvpid"
	wait "$qvpid"
	local rc=$?
	qvpid=
	((rc == 0)) || return $rc
	[[ ! -f $work/quadview.log ]] || clean_log "$work/quadview.log"
}

viewer_alive() { [[ -n $qvpid ]] && kill -0 "$qvpid" 2>/dev/null; }
# It has exited (a zombie, which viewer_alive still finds, until waited for).
viewer_exited() {
	local state
	state=$(ps -o stat= -p "$qvpid" 2>/dev/null) || return 0
	[[ $state == Z* ]]
}

# windows_titled PID REGEX: the mapped windows of process PID whose
# _NET_WM_NAME matches the extended REGEX, one id a line.  The legacy
# WM_NAME (what `xdotool search --name` reads) is in the locale's charset
# and missing when the title cannot be converted, so it is never used;
# xprop prints the UTF-8 title as it is only in a UTF-8 locale.
windows_titled() {
	local pid=$1 re=$2 id title
	for id in $(xdotool search --all --onlyvisible --pid "$pid" 2>/dev/null); do
		title=$(title_of "$id") || continue
		if [[ $title =~ $re ]]; then echo "$id"; fi
	done
}

# title_of ID [PROPERTY]: window ID's _NET_WM_NAME (or PROPERTY, such as
# the legacy WM_NAME), as UTF-8; status 1 when it has none.
title_of() {
	local prop=${2:-_NET_WM_NAME} title
	title=$(LC_ALL=C.UTF-8 xprop -id "$1" -notype "$prop" 2>/dev/null) || return 1
	[[ $title == "$prop = \""*'"' ]] || return 1
	title=${title#"$prop = \""}
	echo "${title%'"'}"
}

# use_locale NAME: what runs from now on (the viewer above all) runs in
# locale NAME, with LC_ALL unset.  Python (meson) exports LC_CTYPE=C.UTF-8
# when started in the C locale, so a test that wants the C locale must say
# so.  A locale other than C, POSIX or C.UTF-8 is compiled into the test's
# own LOCPATH from the locales package's sources: the system's locales are
# neither needed nor changed.
use_locale() {
	local name=$1
	unset LC_ALL LC_CTYPE LC_MESSAGES LOCPATH
	case $name in
	C | POSIX | C.UTF-8) ;;
	*.UTF-8)
		require localedef locales
		mkdir -p "$work/locale"
		localedef -i "${name%.UTF-8}" -f UTF-8 "$work/locale/$name" >"$work/localedef.log" 2>&1 ||
			bail "localedef could not build $name (see $work/localedef.log)"
		export LOCPATH=$work/locale
		;;
	*) bail "use_locale: $name is not C, POSIX or a UTF-8 locale" ;;
	esac
	export LANG=$name
	local want=UTF-8
	[[ $name == C || $name == POSIX ]] && want=ANSI_X3.4-1968
	[[ $(locale charmap 2>/dev/null) == "$want" ]] ||
		bail "locale $name is not in effect (locale charmap: $(locale charmap 2>&1))"
}

# The title quadview gives display N in the current locale (qv-title.h).
display_title() {
	if [[ $(locale charmap 2>/dev/null) == UTF-8 ]]; then
		echo "127.0.0.1:$port — $(display_word) $1"
	else
		echo "127.0.0.1:$port - $(display_word) $1"
	fi
}

# "Display" in the titles, as po/ translates it for the current locale.
display_word() {
	case ${LANG:-} in
	de_*) echo Bildschirm ;;
	*) echo Display ;;
	esac
}

# The title quadview gives display N, in either form (qv-title.h).
display_title_re() { echo " (—|-) $(display_word) $1\$"; }

# The window of display N of process PID (default: our viewer), if mapped.
window_id() {
	local ids
	ids=$(windows_titled "${2:-$qvpid}" "$(display_title_re "$1")")
	echo "${ids%%$'\n'*}"
}

all_windows() {
	local i
	for i in 1 2 3 4; do [[ -n $(window_id "$i") ]] || return 1; done
}

no_windows() {
	local i
	for i in 1 2 3 4; do [[ -z $(window_id "$i") ]] || return 1; done
}

wait_windows() { poll "$QV_E2E_TIMEOUT" all_windows; }

# windows_upto N: the windows of displays 1..N are mapped (a layout that
# switched the others off brings only these).
windows_upto() {
	local i
	for ((i = 1; i <= $1; i++)); do [[ -n $(window_id "$i") ]] || return 1; done
}

# close_windows: a close request to each window shown (WM_DELETE_WINDOW,
# as a close button sends, by $x_close: tests/e2e/qv-x-close), display 4
# first (it switches off) and 1 last (quadview quits, or asks).
# shellcheck disable=SC2154 # x_close: set by the tests that close windows
close_windows() {
	local i id
	for i in 4 3 2 1; do
		id=$(window_id "$i")
		[[ -n $id ]] || continue
		"$x_close" "$id" || return 1
		((i == 1)) || poll "$QV_E2E_TIMEOUT" eval "[[ -z \$(window_id $i) ]]" || return 1
	done
}

# "X Y W H" of display N's window (its client area, in root coordinates).
geometry() {
	local id
	id=$(window_id "$1")
	[[ -n $id ]] || { echo "- - - -"; return; }
	xwininfo -id "$id" |
		awk '/Absolute upper-left X/{x=$NF} /Absolute upper-left Y/{y=$NF}
		     /Width:/{w=$NF} /Height:/{h=$NF} END{print x, y, w, h}'
}

all_geometry() { local i; for i in 1 2 3 4; do echo "$i $(geometry "$i")"; done; }

# The colour at root position X,Y as rrggbb.
pixel() {
	local txt
	txt=$(import -window root -crop "1x1+$1+$2" -depth 8 txt:- 2>/dev/null) || return 0
	[[ $txt =~ \#([0-9A-Fa-f]{6}) ]] && echo "${BASH_REMATCH[1],,}"
}

# shows_head N: the colour near the bottom-left corner of display N's window
# (the head's fill, away from its digit) is head N's colour.
shows_head() {
	local x y w h got
	read -r x y w h <<<"$(geometry "$1")"
	[[ $x == - ]] && return 1
	got=$(pixel "$((x + 8))" "$((y + h - 8))")
	[[ $got == "${head_colours[$1]}" ]] && return 0
	last_mismatch="display $1 shows #$got, expected #${head_colours[$1]}"
	return 1
}

shows_heads() {
	local i
	for i in "$@"; do shows_head "$i" || return 1; done
}

# area_top N: the rows of display N's window above its display area (the
# menu bar): the first row, 8 px in from the left, in head N's colour.
# Measured on screen, so that a size quadview gets wrong is seen.
area_top() {
	local x y w h txt
	read -r x y w h <<<"$(geometry "$1")"
	[[ $x == - ]] && return 1
	txt=$(import -window root -crop "1x$h+$((x + 8))+$y" -depth 8 txt:- 2>/dev/null) || return 1
	awk -v c="#${head_colours[$1]}" 'tolower($0) ~ c { split($1, p, "[,:]"); print p[2]; found = 1; exit }
		END { exit !found }' <<<"$txt"
}

# head_is_area N: the guest's head N is exactly display N's area on
# screen, to the pixel: the window less the rows above its area. A head
# of another size is shown scaled, with black bars, and never matches.
head_is_area() {
	local x y w h top
	read -r x y w h <<<"$(geometry "$1")"
	[[ $x == - ]] && return 1
	top=$(area_top "$1") || return 1
	[[ $(last_layout) == *" $1=${w}x$((h - top))+"* ]]
}

# to_config_ms MARK EVENT HEAD: after log line MARK, the milliseconds from
# the last debug line ending in EVENT to the monitors config that holds
# HEAD (quadview's own clock, its debug timestamps); nothing while that
# config has not been sent.
to_config_ms() {
	tail -n "+$(($1 + 1))" "$work/quadview.log" | awk -v event="$2" -v head=" $3" '
		# "(quadview:PID): quadview-DEBUG: HH:MM:SS.mmm: message"; integers
		# only: awk may read "25.135" with a German decimal comma.
		function ms(t, p) { split(t, p, "[:.]"); return ((p[1] * 60 + p[2]) * 60 + p[3]) * 1000 + p[4] }
		# Reads to the end (no exit): tail must not die of SIGPIPE under
		# pipefail.
		done { next }
		substr($0, length($0) - length(event) + 1) == event { t0 = ms($3) }
		/monitors config sent: / && index($0, head) && t0 != "" {
			d = ms($3) - t0; if (d < 0) d += 86400000; printf "%d\n", d; done = 1 }'
}

# resize_to_config_ms MARK N WxH: from display N's area becoming WxH to
# the config that asks for it.
resize_to_config_ms() { to_config_ms "$1" "display $2: area $3" "$2=$3+"; }

# move_to_config_ms MARK N X,Y HEAD: from display N's window reaching X,Y
# to the config that holds HEAD ("N=WxH+X+Y").
move_to_config_ms() { to_config_ms "$1" "display $2: at $3" "$4"; }

# wait_heads N...: each window listed shows its head's colour, polled.
wait_heads() {
	last_mismatch=
	poll "$QV_E2E_TIMEOUT" shows_heads "$@" && return 0
	echo "# $last_mismatch (screen: $work/fail-$((n + 1)).png, kept with QV_E2E_KEEP=1)"
	import -window root "$work/fail-$((n + 1)).png" 2>/dev/null
	return 1
}

# place N X Y W H: asks for display N's window to be moved and resized
# (a window manager may adjust that; poll the geometry afterwards).
place() {
	local id
	id=$(window_id "$1")
	[[ -n $id ]] && xdotool windowmove "$id" "$2" "$3" windowsize "$id" "$4" "$5"
}

# within X Y W H N...: the windows of displays N... lie fully inside the
# rectangle (a monitor).
within() {
	local rx=$1 ry=$2 rw=$3 rh=$4 i x y w h
	shift 4
	for i in "$@"; do
		read -r x y w h <<<"$(geometry "$i")"
		[[ $x == - ]] && return 1
		((x >= rx && y >= ry && x + w <= rx + rw && y + h <= ry + rh)) || return 1
	done
}

# The same geometry twice, 0.5 s apart: the windows have stopped moving.
settled() {
	local a b
	a=$(all_geometry)
	sleep 0.5
	b=$(all_geometry)
	[[ $a == "$b" ]]
}

# The layout file's modification time in ns (0 when absent).
layout_mtime() { stat -c %.9Y "$XDG_CONFIG_HOME/quadview/layouts.ini" 2>/dev/null | tr -d . || echo 0; }

# wait_saved SINCE: the viewer wrote its layout after SINCE (date +%s%N,
# taken after the last move: the save is debounced after the last change,
# so what it wrote includes every change made before SINCE).
wait_saved() {
	local since=$1
	poll "$QV_E2E_TIMEOUT" eval '(( $(layout_mtime) > since ))'
}

# Serial console lines from the guest's display program.
serial_lines() { wc -l <"$serial"; }

# wait_serial FROM REGEX: a line after line FROM of the serial log matches.
wait_serial() {
	local from=$1 re=$2
	poll "$QV_E2E_TIMEOUT" eval '[[ -n $(tail -n "+$((from + 1))" "$serial" | grep -E "$re") ]]'
}

# log_lines: a mark in the viewer's log, for configs_since.
log_lines() { if [[ -f $work/quadview.log ]]; then wc -l <"$work/quadview.log"; else echo 0; fi; }

# configs_since MARK: monitors configs the viewer sent after log line MARK.
configs_since() { tail -n "+$(($1 + 1))" "$work/quadview.log" | grep -c 'monitors config sent'; }

# config_decided MARK: after log line MARK the viewer has sent, or found
# unchanged, a monitors config with all four heads on (every window had
# its size by then).
config_decided() {
	[[ -n $(tail -n "+$(($1 + 1))" "$work/quadview.log" |
		grep -E 'monitors config (sent|unchanged, not sent): 1=[0-9]+x[0-9]+\+[0-9+]* 2=[0-9]+x[0-9]+\+[0-9+]* 3=[0-9]+x[0-9]+\+[0-9+]* 4=[0-9]+x')
	]]
}

# relayouts_since LINE: layouts the guest took after serial line LINE.
relayouts_since() { tail -n "+$(($1 + 1))" "$serial" | grep -ac '^qv-guest: layout'; }

last_layout() { grep -a '^qv-guest: layout' "$serial" | tail -1 | tr -d '\r'; }

# clean_log LOG...: no sanitizer report in the logs.
# own_reports LOG...: every AddressSanitizer or UBSan error, and every
# leak report with a frame of quadview's own code (full stacks, above);
# leaks wholly inside libraries (spice-gtk 0.42 drops a message its
# channel coroutine still handles when the session closes) are not ours.
own_reports() {
	awk '/ERROR: AddressSanitizer|runtime error:/ { print; next }
		/^(Direct|Indirect) leak/ { block = $0; ours = 0; inblock = 1; next }
		inblock && /^ *#[0-9]/ { if ($0 ~ / in qv_| \(.*\/viewer\/quadview\+| (core\/[a-z]+|viewer)\/qv-[a-z-]*\.c:|viewer\/main\.c:/) ours = 1; next }
		inblock { if (ours) print block; inblock = 0 }
		END { if (inblock && ours) print block }' "$@"
}

clean_log() {
	local found
	found=$(own_reports "$@")
	[[ -z $found ]] && return 0
	head -3 <<<"$found" | note
	return 1
}

# exits_with STATUS LOG REGEX: $rc is STATUS, LOG has exactly one line of
# quadview's own matching REGEX and no sanitizer report.
exits_with() {
	local want=$1 log=$2 re=$3 lines
	lines=$(grep -c '^quadview: ' "$log")
	if [[ $rc != "$want" ]] || ((lines != 1)) || ! grep -qE "$re" "$log" || ! clean_log "$log"; then
		echo "# status $rc (expected $want), $lines message line(s):"
		grep -m5 -E '^quadview: |ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" | note
		return 1
	fi
	grep '^quadview: ' "$log" | note
}
