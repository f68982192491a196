#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# quadview under faults, against the demo guest (TAP output).
#
#   QUADVIEW=BUILD/viewer/quadview QV_KEYFILE_DUMP=BUILD/tests/e2e/qv-keyfile-dump \
#     [QXL_TUNE=BUILD/qxl-tune/qxl-tune] tests/e2e/test-faults.sh
#
# 1. A server that is not SPICE on the port (random bytes; a SPICE magic
#    followed by random bytes; accept and close at once): quadview exits
#    with status 1 and one line naming HOST:PORT, also with --reconnect
#    (which only reconnects to a server it has once talked to), no
#    sanitizer report.  A server that accepts and never answers should be
#    given up after a 30 s timeout.
# 2. The SPICE server (QEMU) is killed with SIGKILL mid-session:
#    without --reconnect quadview exits with status 0 and says why on
#    stderr; with
#    --reconnect its display windows close, it stays up showing its
#    "Waiting for …" window and says so on stderr, and once QEMU is back on
#    the same port its windows come back showing the guest (pixel check).
# 3. Two viewers of the same VM share one layout file; both move and
#    resize their windows, then both get SIGTERM at the same moment, three
#    times over (QEMU in spice-server's multi-client mode, so that both
#    stay connected): the file always parses (GKeyFile), holds all of one
#    viewer's geometry (never a mix), nothing is moved aside and no
#    temporary file is left.
# Xvfb, no window manager: X reports exactly the geometry asked for.
# Needs socat (the hostile servers).  Everything runs on 127.0.0.1; only
# processes started here are stopped.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
keyfile_dump=${QV_KEYFILE_DUMP:?set QV_KEYFILE_DUMP to the qv-keyfile-dump binary}
e2e_init faults
use_locale C
require socat socat ss iproute2

extra_pids=()
faults_cleanup() {
	local pid
	for pid in "${extra_pids[@]}"; do kill "$pid" 2>/dev/null; done
}
e2e_at_exit faults_cleanup

free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
listening() { [[ -n $(ss -Hltn "sport = :$1") ]]; }

# run_to_end SECONDS LOG ARGS...: runs quadview until it exits; its status
# in $rc, 124 when it was still running after SECONDS (then stopped).
run_to_end() {
	local secs=$1 log=$2 pid
	shift 2
	"$quadview" "$@" >"$log" 2>&1 &
	pid=$!
	extra_pids+=("$pid")
	if poll "$secs" eval "! kill -0 $pid 2>/dev/null"; then
		wait "$pid"
		rc=$?
	else
		kill "$pid"
		wait "$pid"
		rc=124
	fi
}

echo "1..18"
start_xvfb 1600x1000

# ---- 1. not a SPICE server ------------------------------------------------
gport=$(free_port) || bail "cannot find a free port"
garbage_server() {
	socat "TCP-LISTEN:$gport,bind=127.0.0.1,reuseaddr,fork" "$1" 2>>"$work/socat.log" &
	spid=$!
	extra_pids+=("$spid")
	poll 10 listening "$gport" || bail "socat did not listen on $gport (see $work/socat.log)"
}
stop_garbage_server() { kill "$spid"; wait "$spid" 2>/dev/null; }
guri=spice://127.0.0.1:$gport
gre="^quadview: 127\.0\.0\.1:$gport: "

head -c 65536 /dev/urandom >"$work/random.bin"
# A SPICE link header (magic, version 2.2, 64 bytes to follow), then noise.
{ printf 'REDQ\002\000\000\000\002\000\000\000\100\000\000\000'; head -c 4096 /dev/urandom; } \
	>"$work/magic.bin"

garbage_server "SYSTEM:cat $work/random.bin"
run_to_end 30 "$work/random.log" "$guri"
check "random bytes: exit 1, one line naming the server, no sanitizer report" \
	exits_with 1 "$work/random.log" "$gre"
run_to_end 30 "$work/random-reconnect.log" --reconnect "$guri"
check "random bytes with --reconnect: exit 1 too (never connected), one line" \
	exits_with 1 "$work/random-reconnect.log" "$gre"
stop_garbage_server

garbage_server "SYSTEM:cat $work/magic.bin"
run_to_end 30 "$work/magic.log" "$guri"
check "SPICE magic then random bytes: exit 1, one line, no sanitizer report" \
	exits_with 1 "$work/magic.log" "$gre"
stop_garbage_server

garbage_server "EXEC:/bin/true"
run_to_end 30 "$work/close.log" "$guri"
check "accept and close: exit 1, one line, no sanitizer report" \
	exits_with 1 "$work/close.log" "$gre"
stop_garbage_server

# Accepts and says nothing: spice-gtk sets no timeout on the link
# handshake, and quadview none of its own, so it waits for ever.
mkfifo "$work/silent.fifo"
socat "TCP-LISTEN:$gport,bind=127.0.0.1,reuseaddr" "OPEN:$work/silent.fifo,rdonly" \
	2>>"$work/socat.log" &
spid=$!
extra_pids+=("$spid")
poll 10 listening "$gport" || bail "socat did not listen on $gport"
run_to_end 45 "$work/silent.log" "$guri"
silent_given_up() { [[ $rc == 1 ]] && clean_log "$work/silent.log"; }
check "a silent server is given up within 45 s with status 1 (status $rc)" \
	silent_given_up
stop_garbage_server

# ---- 2. the server is killed mid-session --------------------------------
guest_args=(--heads 2 --size 640x480)
start_guest "${guest_args[@]}" || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"
guest_gone() { ! kill -0 "$1" 2>/dev/null; }
kill_guest() {
	local pid
	pid=$(guest_pid)
	kill -KILL "$pid"
	poll 10 guest_gone "$pid"
}

all_two() { [[ -n $(window_id 1) && -n $(window_id 2) ]]; }
start_logged_viewer() {
	local log=$1
	shift
	"$quadview" "$@" "spice://127.0.0.1:$port" >"$log" 2>&1 &
	qvpid=$!
}
spread() { place 1 20 20 640 505 && place 2 700 20 640 505; }

start_logged_viewer "$work/kill.log"
poll "$QV_E2E_TIMEOUT" all_two ||
	bail "no windows from the viewer (see $work/kill.log)"
kill_guest || bail "QEMU did not die"
if poll "$QV_E2E_TIMEOUT" eval '! viewer_alive'; then
	wait "$qvpid"
	rc=$?
else
	kill "$qvpid"
	wait "$qvpid"
	rc=124
fi
qvpid=
echo "# status $rc"
exited_cleanly() { [[ $rc == 0 ]] && clean_log "$work/kill.log"; }
check "without --reconnect: exits within the timeout, status 0, no sanitizer report" exited_cleanly
check "without --reconnect: one line on stderr says the server went away" \
	grep -qE "^quadview: 127\.0\.0\.1:$port: " "$work/kill.log"

start_guest "${guest_args[@]}" || bail "the demo guest did not restart: $(tail -1 "$work/guest.out")"
start_logged_viewer "$work/reconnect.log" --reconnect
poll "$QV_E2E_TIMEOUT" all_two ||
	bail "no windows from the viewer (see $work/reconnect.log)"
spread
# wait_heads_shot N...: wait_heads, keeping a screenshot when it fails.
wait_heads_shot() { wait_heads "$@" || { import -window root "$work/fail-$((n + 1)).png"; return 1; }; }
check "--reconnect: both windows show their heads" wait_heads_shot 1 2
kill_guest || bail "QEMU did not die"
waiting_window() { [[ -n $(windows_titled "$qvpid" '^quadview$') ]]; }
check "the display windows close when the server dies" poll "$QV_E2E_TIMEOUT" no_windows
check "a 'Waiting for …' window shows the disconnect" poll "$QV_E2E_TIMEOUT" waiting_window
check "stderr says it is waiting for the server" \
	grep -qF "quadview: waiting for spice://127.0.0.1:$port" "$work/reconnect.log"
# A crash or an exit would come with a retry (one a second): three
# retries gone by, in its debug log, and it still runs.
retries() { grep -ac 'quadview-DEBUG: .*connection ended (' "$work/reconnect.log" || true; }
# shellcheck disable=SC2034 # read by the eval below
before=$(retries)
check "the viewer is still running after three more retries" \
	eval 'poll "$QV_E2E_TIMEOUT" eval "(( \$(retries) >= $before + 3 ))" && viewer_alive'
echo "# retries so far: $(retries)"
# Back in spice-server's (experimental) multi-client mode, for part 3:
# without it a second client pushes the first one out.
SPICE_DEBUG_ALLOW_MC=1 start_guest "${guest_args[@]}" ||
	bail "the demo guest did not restart: $(tail -1 "$work/guest.out")"
heads_back() { poll "$QV_E2E_TIMEOUT" all_two && wait_heads_shot 1 2; }
check "once QEMU is back on the port both windows show their heads again" heads_back
check "SIGTERM after the reconnection exits with status 0" stop_viewer
check "no sanitizer report over the disconnection and reconnection" clean_log "$work/reconnect.log"

# ---- 3. two viewers, one layout file --------------------------------------
layouts=$XDG_CONFIG_HOME/quadview/layouts.ini
win() { window_id "$2" "$1"; }
both_windows() { [[ -n $(win "$1" 1) && -n $(win "$1" 2) ]]; }
wgeom() {
	xwininfo -id "$(win "$1" "$2")" 2>/dev/null |
		awk '/Absolute upper-left X/{x=$NF} /Absolute upper-left Y/{y=$NF}
		     /Width:/{w=$NF} /Height:/{h=$NF} END{print x, y, w, h}'
}
# put PID "X Y W H" "X Y W H": displays 1 and 2 of viewer PID.
put() {
	local pid=$1 d=1 g id
	shift
	for g in "$@"; do
		id=$(win "$pid" "$d")
		[[ -n $id ]] || return 1
		# shellcheck disable=SC2086
		set -- $g
		xdotool windowmove "$id" "$1" "$2" windowsize "$id" "$3" "$4"
		d=$((d + 1))
	done
}
at() { [[ "$(wgeom "$1" 1)|$(wgeom "$1" 2)" == "$2|$3" ]]; }
# "X Y W H|X Y W H" of displays 1 and 2 in the layout file.
file_geometry() {
	"$keyfile_dump" "$layouts" | awk -F '\t' '
		$1 ~ /\/display:[12]$/ { d = substr($1, length($1)); v[d, $2] = $3 }
		END { printf "%s %s %s %s|%s %s %s %s\n", v[1, "x"], v[1, "y"], v[1, "width"],
		      v[1, "height"], v[2, "x"], v[2, "y"], v[2, "width"], v[2, "height"] }'
}

race_ok=1 race_notes=
for round in 1 2 3; do
	a1="$((20 + 10 * round)) 30 600 420" a2="700 $((30 + 10 * round)) 560 400"
	b1="40 $((480 + 10 * round)) 620 440" b2="720 520 $((580 + 10 * round)) 380"
	"$quadview" "spice://127.0.0.1:$port" >>"$work/two-a.log" 2>&1 &
	pa=$!
	"$quadview" "spice://127.0.0.1:$port" >>"$work/two-b.log" 2>&1 &
	pb=$!
	extra_pids+=("$pa" "$pb")
	if ! poll "$QV_E2E_TIMEOUT" both_windows "$pa" || ! poll "$QV_E2E_TIMEOUT" both_windows "$pb"; then
		race_ok=0 race_notes+="round $round: the windows did not appear; "
		kill "$pa" "$pb"
		wait "$pa" "$pb"
		break
	fi
	# Several moves each, so that debounced saves interleave too.
	put "$pa" "100 100 500 400" "200 200 500 400"
	put "$pb" "300 300 500 400" "400 400 500 400"
	put "$pa" "$a1" "$a2"
	put "$pb" "$b1" "$b2"
	poll "$QV_E2E_TIMEOUT" at "$pa" "$a1" "$a2" && poll "$QV_E2E_TIMEOUT" at "$pb" "$b1" "$b2" ||
		race_notes+="round $round: xdotool could not place the windows; "
	if ! kill -0 "$pa" 2>/dev/null || ! kill -0 "$pb" 2>/dev/null; then
		race_ok=0 race_notes+="round $round: a viewer exited before SIGTERM; "
	fi
	kill -TERM "$pa" "$pb" 2>/dev/null
	wait "$pa"
	sa=$?
	wait "$pb"
	sb=$?
	got=$(file_geometry)
	echo "# round $round: statuses $sa $sb, file has $got"
	if ((sa != 0 || sb != 0)); then
		race_ok=0 race_notes+="round $round: exit statuses $sa $sb; "
	fi
	if ! "$keyfile_dump" "$layouts" >/dev/null; then
		race_ok=0 race_notes+="round $round: the layout file does not parse; "
	elif [[ $got != "$a1|$a2" && $got != "$b1|$b2" ]]; then
		race_ok=0 race_notes+="round $round: '$got' is neither viewer's layout; "
	fi
	leftovers=$(find "$XDG_CONFIG_HOME/quadview" -mindepth 1 ! -name layouts.ini)
	if [[ -n $leftovers ]]; then
		race_ok=0 race_notes+="round $round: left over: $leftovers; "
	fi
done
[[ -n $race_notes ]] && echo "# $race_notes"
check "two viewers saving at once: three rounds, the file always whole and one viewer's" \
	test "$race_ok" = 1
check "no sanitizer report from the two viewers" clean_log "$work/two-a.log" "$work/two-b.log"
parses() { "$keyfile_dump" "$layouts" >/dev/null; }
check "the layout file still parses at the end" parses

exit $failed
