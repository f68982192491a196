#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# quadview with a SPICE password and TLS, against the demo guest (TAP).
#
#   QUADVIEW=BUILD/viewer/quadview tests/e2e/test-tls-secrets.sh
#
# The test makes a CA, a server certificate signed by it (subject
# C=XX,L=Testcity,O=quadview tests,CN=127.0.0.1) and an unrelated CA with
# openssl, and a random password.  QEMU gets the password the way libvirt
# gives it, through a secret object read from a file, and serves SPICE
# both plain and over TLS (tls-port, x509-dir), on 127.0.0.1 only.
# 1. TLS: spice+tls:// with --spice-ca-file and --spice-host-subject shows
#    the guest (pixel check); the wrong CA, or the wrong subject, is
#    refused: status 1, one line that names the TLS check.
# 2. A wrong password: quadview asks in its authentication dialog (no
#    crash), after one line on stderr saying the password was refused;
#    cancelling the dialog exits with status 1.
# 3. Secrets: with --password-file, --debug, G_MESSAGES_DEBUG=all and
#    SPICE_DEBUG=1 (plain and TLS), the password is in none of the
#    viewer's log, argv (/proc/PID/cmdline, ps), environment
#    (/proc/PID/environ), nor in the layout file; the wrong password of
#    2. neither.  QEMU's own command line does not hold it either.
# 4. A .vv file (as oVirt writes them) with secure-channels=main;inputs;
#    display;cursor, the TLS port, and a plaintext port where a listener
#    of the test's records every connection: the guest shows over TLS,
#    and the listener gets no connection, so the password never crosses
#    it (spice-gtk would link in plaintext first without the list).
#    A password in a spice:// URI on the command line is refused in one
#    line that does not repeat it.
# Xvfb, no window manager.  Needs openssl.  Only processes started here
# are stopped.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init tls
use_locale C.UTF-8
require openssl openssl

qemu_pidfile=
tls_cleanup() {
	local pid
	if [[ -n $qemu_pidfile && -s $qemu_pidfile ]]; then
		pid=$(<"$qemu_pidfile")
		# Only our QEMU: the one started with this pidfile.
		if [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"-pidfile $qemu_pidfile"* ]]; then
			kill "$pid"
		fi
	fi
}
e2e_at_exit tls_cleanup

# wait_exit PID SECONDS: $rc is PID's exit status, 124 if it was still
# running after SECONDS (then stopped).
wait_exit() {
	if poll "$2" eval "! kill -0 $1 2>/dev/null"; then
		wait "$1"
		rc=$?
	else
		kill "$1"
		wait "$1"
		rc=124
	fi
}

echo "1..20"
start_xvfb 1600x1000

# ---- certificates, password, QEMU ------------------------------------------
pki=$work/pki
x509=$work/x509
mkdir -p "$pki" "$x509/wrong"
subject="C=XX,L=Testcity,O=quadview tests,CN=127.0.0.1"
{
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=quadview test CA" \
		-keyout "$pki/ca-key.pem" -out "$x509/ca-cert.pem" &&
	openssl req -newkey rsa:2048 -nodes -subj "/C=XX/L=Testcity/O=quadview tests/CN=127.0.0.1" \
		-keyout "$x509/server-key.pem" -out "$pki/server.csr" &&
	printf 'subjectAltName=IP:127.0.0.1\n' >"$pki/ext.cnf" &&
	openssl x509 -req -in "$pki/server.csr" -CA "$x509/ca-cert.pem" -CAkey "$pki/ca-key.pem" \
		-CAcreateserial -days 2 -extfile "$pki/ext.cnf" -out "$x509/server-cert.pem" &&
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=unrelated CA" \
		-keyout "$pki/wrong-key.pem" -out "$pki/wrong-ca.pem"
} >"$work/openssl.log" 2>&1 || bail "openssl failed (see $work/openssl.log)"
chmod 600 "$x509/server-key.pem"

# Random, so that finding it anywhere means it leaked.
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
wrong=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(umask 077 && printf '%s' "$password" >"$work/password" && printf '%s\n' "$wrong" >"$work/wrong")

tls_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
	bail "cannot find a free port"
guest=$("$e2e_here/../guest/build-guest.sh" ${QV_GUEST_DIR:+"$QV_GUEST_DIR"} 2>"$work/build-guest.log") ||
	bail "building the guest failed (see $work/build-guest.log)"
kernel=$(sed -n 's/^kernel=//p' <<<"$guest")
initrd=$(sed -n 's/^initrd=//p' <<<"$guest")
qemu_pidfile=$work/qemu.pid
# As run-guest.sh does, with libvirt's QXL defaults, one head, and the
# password and TLS it does not offer.
qemu-system-x86_64 \
	-name quadview-tls-guest -machine q35,accel=tcg -m 384 \
	-nodefaults -no-user-config -no-reboot -display none -monitor none \
	-device qxl-vga,id=qxl0,ram_size=67108864,vram_size=67108864,vgamem_mb=16,max_outputs=1 \
	-object "secret,id=spicepw,file=$work/password" \
	-spice "port=$port,tls-port=$tls_port,addr=127.0.0.1,x509-dir=$x509,password-secret=spicepw,agent-mouse=off" \
	-serial "file:$serial" -pidfile "$qemu_pidfile" -daemonize \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=4 panic=-1 qvguest.heads=1 qvguest.size=640x480" \
	>"$work/qemu.log" 2>&1 || bail "QEMU did not start: $(tail -1 "$work/qemu.log")"
guest_ready() {
	kill -0 "$(<"$qemu_pidfile")" 2>/dev/null || bail "QEMU exited (see $serial)"
	grep -q '^qv-guest: ready' "$serial" 2>/dev/null
}
poll 600 guest_ready || bail "the guest did not light its head (see $serial)"

not_in() { ! grep -qaF -- "$1" "$2"; }
check "QEMU's command line does not hold the password" \
	not_in "$password" "/proc/$(<"$qemu_pidfile")/cmdline"

# ---- 1. TLS ----------------------------------------------------------------
tls_uri=spice+tls://127.0.0.1:$tls_port
# logged_viewer LOG ARGS...: quadview in the background as $qvpid.
logged_viewer() {
	local log=$1
	shift
	"$quadview" "$@" >"$log" 2>&1 &
	qvpid=$!
}
one_window() { [[ -n $(window_id 1) ]]; }

logged_viewer "$work/tls.log" --password-file "$work/password" \
	--spice-ca-file "$x509/ca-cert.pem" --spice-host-subject "$subject" "$tls_uri"
shows_guest() { poll "$QV_E2E_TIMEOUT" one_window && wait_heads 1; }
check "TLS with the right CA and subject: the window shows the guest" shows_guest
check "SIGTERM exits with status 0" stop_viewer
check "no sanitizer report over TLS" clean_log "$work/tls.log"

tls_re="^quadview: 127\.0\.0\.1:$tls_port: .*TLS"
logged_viewer "$work/wrong-ca.log" --password-file "$work/password" \
	--spice-ca-file "$pki/wrong-ca.pem" --spice-host-subject "$subject" "$tls_uri"
wait_exit "$qvpid" "$QV_E2E_TIMEOUT"
qvpid=
check "an unrelated CA is refused: status 1, one line naming TLS" \
	exits_with 1 "$work/wrong-ca.log" "$tls_re"

logged_viewer "$work/wrong-subject.log" --password-file "$work/password" \
	--spice-ca-file "$x509/ca-cert.pem" --spice-host-subject "${subject/CN=127.0.0.1/CN=someone.else}" \
	"$tls_uri"
wait_exit "$qvpid" "$QV_E2E_TIMEOUT"
qvpid=
check "the wrong host subject is refused: status 1, one line naming TLS" \
	exits_with 1 "$work/wrong-subject.log" "$tls_re"

# ---- 2. a wrong password ---------------------------------------------------
export G_MESSAGES_DEBUG=all SPICE_DEBUG=1
logged_viewer "$work/wrong-password.log" --debug --password-file "$work/wrong" "spice://127.0.0.1:$port"
dialog() { local ids; ids=$(windows_titled "$qvpid" '^quadview: authentication$'); echo "${ids%%$'\n'*}"; }
has_dialog() { [[ -n $(dialog) ]]; }
check "a wrong password: the authentication dialog asks for another" poll "$QV_E2E_TIMEOUT" has_dialog
check "stderr says the server refused the password" \
	grep -qiE '^quadview: .*(password|authenticat)' "$work/wrong-password.log"
leaks_nothing() {
	local pid=$1 log=$2 secret
	for secret in "$password" "$wrong"; do
		not_in "$secret" "/proc/$pid/cmdline" || { echo "# in argv"; return 1; }
		not_in "$secret" "/proc/$pid/environ" || { echo "# in the environment"; return 1; }
		[[ $(ps -ww -o args= -p "$pid") != *"$secret"* ]] || { echo "# in ps"; return 1; }
		not_in "$secret" "$log" || { echo "# in the log"; return 1; }
	done
}
check "while it asks, neither password is in its argv, environment or debug log" \
	leaks_nothing "$qvpid" "$work/wrong-password.log"
xdotool windowfocus --sync "$(dialog)" key --clearmodifiers Escape
wait_exit "$qvpid" "$QV_E2E_TIMEOUT"
qvpid=
check "cancelling the dialog: status 1, one line, no sanitizer report" \
	exits_with 1 "$work/wrong-password.log" '^quadview: .*authentication'

# SIGTERM while the dialog waits for the user: a clean exit, status 0.
logged_viewer "$work/sigterm-dialog.log" --password-file "$work/wrong" "spice://127.0.0.1:$port"
sigterm_in_dialog() {
	poll "$QV_E2E_TIMEOUT" has_dialog || { echo "# no dialog"; return 1; }
	kill -TERM "$qvpid"
	if ! poll 10 eval "! kill -0 $qvpid 2>/dev/null"; then
		echo "# still running 10 s after SIGTERM"
		kill -KILL "$qvpid"
	fi
	wait "$qvpid"
	rc=$?
	qvpid=
	((rc == 0)) && clean_log "$work/sigterm-dialog.log"
}
check "SIGTERM with the password dialog open: exits at once, status 0" sigterm_in_dialog

# ---- 3. secrets in logs, argv and environment -----------------------------
# Debugging really was on, and the password is not there.
debug_log_ok() { grep -q 'GSpice-DEBUG' "$1" && no_secret_in "$1"; }
no_secret_in() { not_in "$password" "$1" && not_in "$wrong" "$1"; }
for kind in plain tls; do
	if [[ $kind == plain ]]; then
		logged_viewer "$work/debug-$kind.log" --debug --password-file "$work/password" \
			"spice://127.0.0.1:$port"
	else
		logged_viewer "$work/debug-$kind.log" --debug --password-file "$work/password" \
			--spice-ca-file "$x509/ca-cert.pem" --spice-host-subject "$subject" "$tls_uri"
	fi
	if shows_guest; then
		check "$kind, debugging on: the password is in none of argv, environment, ps, debug log" \
			leaks_nothing "$qvpid" "$work/debug-$kind.log"
	else
		not_ok "$kind, debugging on: connected with the password (see $work/debug-$kind.log)"
	fi
	stop_viewer
	check "$kind: the debug log holds spice-gtk's debug messages, and after exit no password" \
		debug_log_ok "$work/debug-$kind.log"
done
unset G_MESSAGES_DEBUG SPICE_DEBUG
layouts=$XDG_CONFIG_HOME/quadview/layouts.ini
layout_clean() { [[ -s $layouts ]] && no_secret_in "$layouts"; }
check "the layout file was written, without either password" layout_clean

# A password in a command-line URI: refused, and not repeated.
rc=0
"$quadview" "spice://127.0.0.1:$port?password=$password" >"$work/uri-password.log" 2>&1 || rc=$?
uri_password_refused() {
	exits_with 1 "$work/uri-password.log" '^quadview: spice://127\.0\.0\.1:[0-9]+: a password in the URI is refused.*--password-file' &&
		no_secret_in "$work/uri-password.log"
}
check "a password in a spice:// URI on the command line: exit 1, one line, not repeated" \
	uri_password_refused

# ---- 4. secure-channels from a .vv file ------------------------------------
# A listener on a port the kernel picks: one line per connection.
listener_pid=
listener_stop() { [[ -z $listener_pid ]] || kill "$listener_pid" 2>/dev/null; listener_pid=; }
e2e_at_exit listener_stop
: >"$work/plain-connections"
/usr/bin/python3 -u - "$work/plain-connections" >"$work/listener.port" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1])
while True:
    c, peer = s.accept()
    with open(sys.argv[1], "a") as log:
        log.write("connection from %s:%d\n" % peer)
    c.close()
PY
listener_pid=$!
poll 10 eval '[[ -s $work/listener.port ]]' || bail "the plaintext listener did not start"
plain_port=$(<"$work/listener.port")
vv=$work/ovirt.vv
(
	umask 077
	printf '[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=%s\ntls-port=%s\npassword=%s\n' \
		"$plain_port" "$tls_port" "$password"
	printf 'secure-channels=main;inputs;display;cursor\nhost-subject=%s\n' "$subject"
	printf 'ca=%s\n' "$(awk '{ printf "%s\\n", $0 }' "$x509/ca-cert.pem")"
) >"$vv"
logged_viewer "$work/vv-secure.log" "$vv"
check ".vv with secure-channels and both ports: the window shows the guest" shows_guest
plain=$(wc -l <"$work/plain-connections")
echo "# connections to the plaintext port: $plain"
check "... and not one connection went to the plaintext port" eval '((plain == 0))'
check "... SIGTERM exits with status 0" stop_viewer
listener_stop

exit $failed
