#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# quadview against a remote libvirt host over ssh (TAP): the test's own
# "remote host" (tests/e2e/remote.sh: a network namespace behind a veth
# pair, sshd with key authentication, a libvirt daemon whose guest's
# SPICE listens on that namespace's 127.0.0.1 only, with a password).
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-remote.sh
#
# 1. The SPICE port cannot be reached from here; --direct says so, exit 1.
# 2. `quadview -c qemu+ssh://root@ADDR/system?keyfile=…&known_hosts=… NAME`
#    shows the four heads in four windows, with no password asked (it is
#    in the remote's secure XML): libvirt's connection and every SPICE
#    channel over ONE ssh connection with ONE login (sshd's log, and the
#    TCP connections open to port 22 while it runs); the password on no
#    command line and in no log; its private directory is 0700 and gone
#    after SIGTERM, with every ssh process it started.
# 3. Both again with the guest's heads up, over ssh and by descriptor
#    (the daemon's socket is a file, reachable from here): the times.
#    Every SPICE channel is a forwarded channel: the only session on the
#    host is libvirt's, and the sshd allows two (MaxSessions 2).
# 4. Hosts without relay programs or without forwarding: one whose
#    sessions have only sh on their PATH (no socat, nc) shows the four
#    windows over forwarded channels; one that also refuses forwarding
#    fails in one line; one that refuses forwarding but has socat shows
#    them through relays on the host.
#    One-line errors, exit 1, nothing left behind: a key the host does
#    not accept, a host key that does not match, no ssh program.
# 5. SIGTERM while ssh still waits for a host that accepts and never
#    answers (a socat on the host): quadview ends at once, status 0, and
#    leaves neither its private directory nor an ssh behind.
# 7. The ssh connection killed mid-session (sshd's process for it): with
#    --reconnect the four windows come back over one new connection and
#    login, quadview saying so in one line; without, exit 1, one line.
# 8. The host's libvirtd restarted under a --reconnect session, then the
#    guest restarted: quadview finds its libvirt connection gone, makes a
#    new one, and shows the four windows again.
# 6. A domain whose SPICE socket path carries socat syntax
#    ("...!!SYSTEM:touch MARK"), on the host that relays with socat:
#    quadview refuses it in one line, and MARK never appears.
# Xvfb, no window manager.  Needs root.
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=tests/e2e/libvirt.sh
. "$e2e_here/libvirt.sh"
# shellcheck source=tests/e2e/remote.sh
. "$e2e_here/remote.sh"
e2e_init remote
use_locale C.UTF-8
require ss iproute2
[[ -n $qxl_tune ]] || bail "set QXL_TUNE to the qxl-tune binary"
# The private directory goes here, where the test can see it.
export XDG_RUNTIME_DIR=$work/xdg
mkdir "$XDG_RUNTIME_DIR" && chmod 0700 "$XDG_RUNTIME_DIR"

echo "1..50"
start_xvfb 2100x1700
t_start=$SECONDS
remote_start
echo "# remote host $rh_addr up (sshd, libvirtd) after $((SECONDS - t_start)) s"

dom=qv-remote
serial=$(lv_serial "$dom")
password=qv-$RANDOM$RANDOM-pw-$RANDOM
printf '%s\n' "$password" >"$work/password.pattern"
libvirt_guest_xml "$dom" "passwd='$password'" >"$work/$dom.xml"
"$qxl_tune" -d 1024x768 --heads 4 --in-place "$work/$dom.xml" >/dev/null ||
	bail "qxl-tune could not size the domain's QXL device for four heads"
virsh_lv define "$work/$dom.xml" >/dev/null || bail "libvirt did not define the demo guest"
rm -f "$work/$dom.xml"
uuid=$(virsh_lv domuuid "$dom") || bail "no UUID for $dom"
lv_grid_layout "$uuid" "$dom"
lv_boot "$dom" || bail "the domain did not boot (see $serial)"

# Our ssh processes: every one names the private directory.
our_ssh() { pgrep -f -- "$XDG_RUNTIME_DIR/quadview-ssh-" || true; }
nothing_left() {
	local dirs
	dirs=$(find "$XDG_RUNTIME_DIR" -mindepth 1 -maxdepth 1 -name 'quadview-ssh-*')
	[[ -z $dirs && -z $(our_ssh) ]] && return 0
	echo "# left behind: ${dirs:-no directory}; ssh processes: $(our_ssh | tr '\n' ' ')"
	return 1
}
connections_to_sshd() { ss -Htn state established "( dport = :22 )" dst "$rh_addr" | wc -l; }

# ---- 1. out of reach, and --direct ------------------------------------------
spice_port=$(virsh_lv dumpxml "$dom" | sed -n "s/.*<graphics type='spice' port='\([0-9]*\)'.*/\1/p")
echo "# the guest's SPICE: 127.0.0.1:$spice_port on $rh_addr"
check "the guest's SPICE port is not reachable from here" \
	eval '[[ -n $spice_port ]] && ! timeout 3 bash -c "exec 3<>/dev/tcp/$rh_addr/$spice_port" 2>/dev/null'
rc=0
env -u G_MESSAGES_DEBUG "$quadview" --direct -c "$rh_uri&command=$rh_ssh_cmd" "$dom" >"$work/direct.out" 2>&1 || rc=$?
check "--direct: exit 1, one line: SPICE listens on 127.0.0.1 of $rh_addr only" \
	exits_with 1 "$work/direct.out" "^quadview: .*listens on 127\.0\.0\.1 of $rh_addr only"

# ---- 2. the console over one ssh connection ----------------------------------
conn0=$(rh_log_count 'Connection from ')
login0=$(rh_log_count 'Accepted publickey for root')
session0=$(rh_log_count 'Starting session: ')
mark=$(log_lines)
t0=$(date +%s%N)
run_viewer -c "$rh_uri" "$dom"
check "qemu+ssh://: four windows show their heads" eval 'wait_windows && wait_heads 1 2 3 4'
t1=$(date +%s%N)
echo "# quadview start to four windows with content over ssh: $(((t1 - t0) / 1000000)) ms"
over_ssh() { [[ -n $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a "domain $dom: the console over ssh to $rh_addr") ]]; }
check "... the console went over ssh" over_ssh
conns=$(connections_to_sshd)
check "... one TCP connection to sshd is open ($conns)" eval '((conns == 1))'
conn1=$(rh_log_count 'Connection from ')
login1=$(rh_log_count 'Accepted publickey for root')
echo "# sshd: $((conn1 - conn0)) connection(s), $((login1 - login0)) login(s) for this session"
check "... sshd accepted exactly one TCP connection" eval '((conn1 - conn0 == 1))'
check "... and exactly one login" eval '((login1 - login0 == 1))'
session1=$(rh_log_count 'Starting session: ')
echo "# sshd: $((session1 - session0)) session(s): libvirt's; the SPICE channels are forwarded"
check "... one session on the host (libvirt's), no relay program: the channels are forwarded" \
	eval '((session1 - session0 == 1))'
errors=$(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a '^quadview: ' || true)
check "... no error, no password asked" eval '[[ -z $errors ]] && viewer_alive'
check "... the password is on no process's command line" \
	eval '[[ -z $(grep -l -a -F -f "$work/password.pattern" /proc/[0-9]*/cmdline 2>/dev/null) ]]'
priv=$(find "$XDG_RUNTIME_DIR" -mindepth 1 -maxdepth 1 -name 'quadview-ssh-*')
check "... its private directory is 0700 and holds the control socket" \
	eval '[[ -n $priv && $(stat -c %a "$priv") == 700 && -S $priv/master ]]'
check "SIGTERM exits with status 0" stop_viewer
check "... the private directory and every ssh process of ours are gone" poll 10 nothing_left
check "... the connection to sshd is closed" poll 10 eval '(($(connections_to_sshd) == 0))'
check "the password is in no log" \
	eval '[[ -z $(grep -r -l -a -F -f "$work/password.pattern" --include="*.log" --include="*.out" "$work" 2>/dev/null) ]]'

# ---- 3. the same guest (its four heads up now) over ssh and, from the
# host's own daemon, by descriptor: how long each takes to four windows
# with content.
for how in ssh descriptor; do
	uri=$rh_uri
	[[ $how == ssh ]] || uri=$lv_uri
	t0=$(date +%s%N)
	run_viewer -c "$uri" "$dom"
	check "again, $how: four windows show their heads" eval 'wait_windows && wait_heads 1 2 3 4'
	t1=$(date +%s%N)
	echo "# quadview start to four windows with content, $how, the guest's heads up: $(((t1 - t0) / 1000000)) ms"
	check "... SIGTERM exits with status 0" stop_viewer
done

# ---- 4. failures ----------------------------------------------------------------
# fails NAME URI REGEX: quadview -c URI exits 1 with one line matching REGEX
# and leaves nothing behind.
fails() {
	local out=$work/$1.out
	rc=0
	env -u G_MESSAGES_DEBUG timeout 60 "$quadview" -c "$2" "$dom" >"$out" 2>&1 || rc=$?
	exits_with 1 "$out" "$3" && nothing_left
}
ssh-keygen -q -t ed25519 -N '' -f "$work/stranger" || bail "ssh-keygen failed"
check "a key the host does not accept: exit 1, authentication failed" \
	fails auth "qemu+ssh://root@$rh_addr/system?keyfile=$work/stranger&known_hosts=$rh_known" \
	"^quadview: ssh to $rh_addr: authentication failed \(.*Permission denied"
ssh-keygen -q -t ed25519 -N '' -f "$work/impostor" || bail "ssh-keygen failed"
echo "$rh_addr $(cut -d' ' -f1,2 "$work/impostor.pub")" >"$work/wrong_known_hosts"
check "a host key that does not match: exit 1, says so" \
	fails host-key "qemu+ssh://root@$rh_addr/system?keyfile=$rh_key&known_hosts=$work/wrong_known_hosts" \
	"^quadview: ssh to $rh_addr: the host key is unknown or does not match"
check "a host that refuses forwarding and has neither socat nor nc: exit 1, says so" \
	fails no-relay "qemu+ssh://root@$rh_addr:2224/system?keyfile=$rh_key&known_hosts=$rh_known" \
	"^quadview: $dom: $rh_addr refuses forwarded channels and has neither socat nor nc .*--direct"
# works HOW PORT: quadview over that sshd shows the four heads and exits 0.
works() {
	run_viewer -c "qemu+ssh://root@$rh_addr:$2/system?keyfile=$rh_key&known_hosts=$rh_known" "$dom"
	wait_windows && wait_heads 1 2 3 4 && stop_viewer && nothing_left
}
check "a host with neither socat nor nc, forwarding allowed: four windows" works forwarded 2222
session0=$(rh_log_count 'Starting session: ')
check "a host that refuses forwarding, with socat: four windows through relays" works relays 2225
session1=$(rh_log_count 'Starting session: ')
echo "# sshd: $((session1 - session0)) sessions: libvirt's, the probe for a relay, one per channel"
check "... one session per channel there (the relays)" eval '((session1 - session0 > 2))'
check "no ssh program: exit 1, says so" \
	fails no-ssh "qemu+ssh://root@$rh_addr/system?command=/nonexistent/ssh" \
	"^quadview: ssh to $rh_addr: no '/nonexistent/ssh' program here"

# ---- 5. SIGTERM while ssh still waits for the host ------------------------
# A port of the host that accepts and never answers: ssh waits for its
# banner, as it would for a slow host or a passphrase typed slowly.
silent_stop() { [[ -z ${silent_pid:-} ]] || kill "$silent_pid" 2>/dev/null; silent_pid=; }
e2e_at_exit silent_stop
nsenter "--net=/proc/$rh_holder/ns/net" socat "TCP-LISTEN:2223,bind=$rh_addr,reuseaddr,fork" \
	SYSTEM:'sleep 120' >/dev/null 2>&1 &
silent_pid=$!
poll 10 eval '(exec 3<>"/dev/tcp/$rh_addr/2223") 2>/dev/null' || bail "no silent port on the remote host"
mark=$(log_lines)
run_viewer -c "qemu+ssh://root@$rh_addr:2223/system?keyfile=$rh_key&known_hosts=$rh_known" "$dom"
check "a host that does not answer: quadview waits, its ssh running" poll "$QV_E2E_TIMEOUT" eval '[[ -n $(our_ssh) ]]'
kill -TERM "$qvpid"
check "SIGTERM meanwhile ends it at once" poll 10 viewer_exited
rc=0
wait "$qvpid" || rc=$?
qvpid=
{ tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a '^quadview: ' || true; } >"$work/silent.err"
check "... with status 0, no error, no private directory or ssh left" \
	eval '((rc == 0)) && [[ ! -s $work/silent.err ]] && nothing_left'
silent_stop

# ---- 7. the ssh connection dies mid-session -------------------------------
# sshd's process for our connection, killed as a network failure or a
# host's restart would end it.
kill_connection() {
	local pids
	mapfile -t pids < <(pgrep -P "$(<"$rh_dir/sshd-main.pid")")
	((${#pids[@]} == 1)) && kill -KILL "${pids[0]}"
}
conn0=$(rh_log_count 'Connection from ')
login0=$(rh_log_count 'Accepted publickey for root')
mark=$(log_lines)
run_viewer --reconnect -c "$rh_uri" "$dom"
check "--reconnect: four windows over ssh" eval 'wait_windows && wait_heads 1 2 3 4'
t0=$(date +%s%N)
check "... the connection killed (its sshd process)" kill_connection
new_login() { (($(rh_log_count 'Accepted publickey for root') > login0 + 1)); }
check "... four windows again, the heads shown, over a new connection" \
	eval 'poll "$QV_E2E_TIMEOUT" new_login && wait_windows && wait_heads 1 2 3 4 && viewer_alive'
echo "# from the kill to four windows with content again: $((($(date +%s%N) - t0) / 1000000)) ms"
conn1=$(rh_log_count 'Connection from ')
login1=$(rh_log_count 'Accepted publickey for root')
echo "# sshd: $((conn1 - conn0)) connections, $((login1 - login0)) logins for both"
check "... exactly one new TCP connection and one new login" \
	eval '((conn1 - conn0 == 2 && login1 - login0 == 2))'
check "... quadview said it connects again, in one line" \
	eval '[[ $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -ac "^quadview: .*; connecting again$") == 1 ]]'
check "... SIGTERM exits with status 0, nothing left" eval 'stop_viewer && poll 10 nothing_left'

mark=$(log_lines)
run_viewer -c "$rh_uri" "$dom"
check "without --reconnect: four windows" eval 'wait_windows && wait_heads 1 2 3 4'
kill_connection
check "... the connection killed: quadview exits" poll "$QV_E2E_TIMEOUT" viewer_exited
rc=0
wait "$qvpid" || rc=$?
qvpid=
tail -n "+$((mark + 1))" "$work/quadview.log" >"$work/killed.out"
check "... with status 1 and one line naming the host" \
	exits_with 1 "$work/killed.out" "^quadview: ssh to $rh_addr: the connection has ended"
check "... nothing left behind" poll 10 nothing_left

# ---- 8. the host's libvirtd restarts ------------------------------------------
# The console goes on over ssh; quadview finds the connection gone when it
# next asks libvirt (the guest restarting here) and makes a new one.
mark=$(log_lines)
run_viewer --reconnect -c "$rh_uri" "$dom"
check "libvirtd restarted under a --reconnect session: first, four windows" \
	eval 'wait_windows && wait_heads 1 2 3 4'
check "... libvirtd stopped and started again on the host" libvirt_restart
virsh_lv destroy "$dom" >/dev/null 2>&1 || true
check "... the guest restarted by the new daemon" lv_boot "$dom"
check "... four windows again, through a new connection to libvirt" \
	eval 'wait_windows && wait_heads 1 2 3 4 && viewer_alive'
renewed() { [[ -n $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a '^quadview: .*the connection to libvirt has ended.*; connecting again$') ]]; }
check "... quadview said the connection had ended, in one line" renewed
check "... SIGTERM exits with status 0, nothing left" eval 'stop_viewer && poll 10 nothing_left'

# ---- 6. a hostile socket path ----------------------------------------------
# The demo guest's QEMU, its SPICE on a socket whose name socat would
# read as "connect, then run a command". It need not boot.
hostile=qv-hostile
mark_file=$work/hostile-mark
sock="$work/hostile/s.sock!!SYSTEM:touch $mark_file"
# Its slashes make the part before the last one a directory.
mkdir -p "$(dirname "$sock")"
libvirt_guest_xml "$hostile" |
	sed "s|<graphics type='spice' autoport='yes' listen='127.0.0.1' *>|<graphics type='spice'><listen type='socket' socket='$sock'/>|" \
	>"$work/$hostile.xml"
{ virsh_lv define "$work/$hostile.xml" && virsh_lv start "$hostile"; } >"$work/hostile-virsh.out" 2>&1 ||
	bail "libvirt did not start the domain with a hostile socket path: $(tail -1 "$work/hostile-virsh.out")"
check "... its QEMU listens on that path" poll "$QV_E2E_TIMEOUT" eval '[[ -S $sock ]]'
rc=0
env -u G_MESSAGES_DEBUG timeout 60 "$quadview" \
	-c "qemu+ssh://root@$rh_addr:2225/system?keyfile=$rh_key&known_hosts=$rh_known" "$hostile" \
	>"$work/hostile.out" 2>&1 || rc=$?
check "a SPICE socket path with socat syntax: exit 1, one line, refused" \
	exits_with 1 "$work/hostile.out" "^quadview: domain $hostile: refusing its SPICE socket '.*!!SYSTEM"
check "... and nothing ran on the host" eval '[[ ! -e $mark_file ]] && nothing_left'
virsh_lv destroy "$hostile" >/dev/null 2>&1

check "sshd's log has no error of ours" \
	eval '[[ -z $(grep -E "error: (channel|mux)" "$rh_dir"/sshd-*.log) ]]'
check "the guest still runs" eval '[[ $(virsh_lv domstate "$dom") == running ]]'
