#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034
# quadview opens a Proxmox VE console file (.vv) as Proxmox writes it
# (TAP).
#
#   QUADVIEW=BUILD/viewer/quadview tests/e2e/test-vv-proxmox.sh
#
# As on a Proxmox VE node: QEMU serves SPICE over TLS only, with a
# password, a certificate from the test's own CA whose subject is
# "OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1", and a UUID.
# An HTTP CONNECT proxy of the test's own (connect-proxy.py) stands for
# spiceproxy: it joins every tunnel, whatever host it names, to QEMU's TLS
# port.  The .vv has Proxmox's keys: a made-up host=pvespiceproxy:TICKET:…,
# proxy=, tls-port=61000 (which nothing listens on here), password, an
# inline ca, host-subject, delete-this-file=1 and three hotkeys.
# 1. quadview opens four windows through the proxy, each showing its head;
#    the proxy saw only CONNECTs to the ticket host; the file is removed
#    once the session is open; the windows carry the file's title.
# 2. The windows are placed, one moved; a second file, with a new ticket
#    and a new password (set through QMP, as Proxmox does), brings it back where it
#    was: the layout is the VM's (its UUID), and the ticket is nowhere in
#    the layout file.
# 3. Files that cannot be used stay, and the error names them in one
#    line: a proxy that is not HTTP, and a proxy nobody listens on.
# The password is in none of the viewer's logs.  Xvfb, no window manager;
# the guest has the SPICE agent's port, so that heads follow windows.
# Needs openssl.  Only processes started here are stopped.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init proxmox
use_locale C.UTF-8
require openssl openssl

qemu_pidfile='' proxy_pid=''
proxmox_cleanup() {
	local pid
	[[ -z $proxy_pid ]] || kill "$proxy_pid" 2>/dev/null
	if [[ -n $qemu_pidfile && -s $qemu_pidfile ]]; then
		pid=$(<"$qemu_pidfile")
		# Only our QEMU: the one started with this pidfile.
		if [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"-pidfile $qemu_pidfile"* ]]; then
			kill "$pid"
		fi
	fi
}
e2e_at_exit proxmox_cleanup

echo "1..12"
start_xvfb 3000x1400

# ---- a Proxmox VE node: CA, certificate, QEMU, spiceproxy -------------------
pki=$work/pki
x509=$work/x509
mkdir -p "$pki" "$x509"
subject="OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1"
{
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Proxmox Virtual Environment/OU=test/O=PVE Cluster Manager CA" \
		-keyout "$pki/ca-key.pem" -out "$x509/ca-cert.pem" &&
	openssl req -newkey rsa:2048 -nodes -subj "/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=pve1" \
		-keyout "$x509/server-key.pem" -out "$pki/server.csr" &&
	openssl x509 -req -in "$pki/server.csr" -CA "$x509/ca-cert.pem" -CAkey "$pki/ca-key.pem" \
		-CAcreateserial -days 2 -out "$x509/server-cert.pem"
} >"$work/openssl.log" 2>&1 || bail "openssl failed (see $work/openssl.log)"
chmod 600 "$x509/server-key.pem"

# Proxmox's ticket passwords: random, so that finding one anywhere means
# it leaked.
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
password2=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(umask 077 && printf '%s' "$password" >"$work/password")

tls_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
	bail "cannot find a free port"
guest=$("$e2e_here/../guest/build-guest.sh" ${QV_GUEST_DIR:+"$QV_GUEST_DIR"} 2>"$work/build-guest.log") ||
	bail "building the guest failed (see $work/build-guest.log)"
kernel=$(sed -n 's/^kernel=//p' <<<"$guest")
initrd=$(sed -n 's/^initrd=//p' <<<"$guest")
qemu_pidfile=$work/qemu.pid
uuid=7d3c1f0e-5b2a-4c68-9e1d-2f4a6b8c0d13
# Four heads of 480x360, side by side on the screen; TLS only, as Proxmox runs SPICE.
qemu-system-x86_64 \
	-name quadview-proxmox-guest -machine q35,accel=tcg -m 384 -uuid "$uuid" \
	-nodefaults -no-user-config -no-reboot -display none -monitor none \
	-device qxl-vga,id=qxl0,ram_size=67108864,vram_size=67108864,vgamem_mb=16,max_outputs=4 \
	-device virtio-serial-pci -chardev spicevmc,id=vdagent,name=vdagent \
	-device virtserialport,chardev=vdagent,name=com.redhat.spice.0 \
	-object "secret,id=spicepw,file=$work/password" \
	-spice "tls-port=$tls_port,addr=127.0.0.1,x509-dir=$x509,password-secret=spicepw,agent-mouse=off" \
	-qmp "unix:$work/qmp.sock,server=on,wait=off" \
	-serial "file:$serial" -pidfile "$qemu_pidfile" -daemonize \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=4 panic=-1 qvguest.heads=4 qvguest.size=480x360" \
	>"$work/qemu.log" 2>&1 || bail "QEMU did not start: $(tail -1 "$work/qemu.log")"
guest_ready() {
	kill -0 "$(<"$qemu_pidfile")" 2>/dev/null || bail "QEMU exited (see $serial)"
	grep -q '^qv-guest: ready' "$serial" 2>/dev/null
}
poll 600 guest_ready || bail "the guest did not light its heads (see $serial)"

/usr/bin/python3 "$e2e_here/connect-proxy.py" "$tls_port" "$work/proxy-requests" "$work/proxy.port" \
	>"$work/proxy.log" 2>&1 &
proxy_pid=$!
poll 10 eval '[[ -s $work/proxy.port ]]' || bail "the CONNECT proxy did not start (see $work/proxy.log)"
proxy_port=$(<"$work/proxy.port")

# proxmox_vv TICKET PASSWORD [PROXY]: a .vv as Proxmox VE 8 writes it (its
# keys in Perl's hash order), on stdout.
proxmox_vv() {
	local ca
	ca=$(awk '{ printf "%s\\n", $0 }' "$x509/ca-cert.pem")
	printf '[virt-viewer]\n'
	printf 'secure-attention=Ctrl+Alt+Ins\n'
	printf 'toggle-fullscreen=Shift+F11\n'
	printf 'type=spice\n'
	printf 'release-cursor=Ctrl+Alt+R\n'
	printf 'delete-this-file=1\n'
	printf 'host-subject=%s\n' "$subject"
	printf 'tls-port=61000\n'
	printf 'proxy=%s\n' "${3:-http://127.0.0.1:$proxy_port}"
	printf 'host=pvespiceproxy:%s:100:pve1::%s\n' "$1" "$(printf '%s' "$1" | sha1sum | cut -c1-40)"
	printf 'password=%s\n' "$2"
	printf 'title=VM 100 - debian\n'
	printf 'ca=%s\n' "$ca"
}

# ---- 1. the console opens through the proxy --------------------------------
ticket=6571f1c2
vv=$work/downloads/pve-spice.vv
mkdir -p "$work/downloads"
(umask 077 && proxmox_vv "$ticket" "$password" >"$vv")
run_viewer --debug "$vv"
check "a Proxmox .vv opens four windows" wait_windows
# No window manager: the windows open on top of each other until placed.
for i in 1 2 3 4; do place "$i" $(((i - 1) * 740)) 100 700 560; done
placed() { [[ $(all_geometry) == "$want" ]]; }
want=$(for i in 1 2 3 4; do echo "$i $(((i - 1) * 740)) 100 700 560"; done)
poll "$QV_E2E_TIMEOUT" placed || all_geometry | note
check "... each showing its head" wait_heads 1 2 3 4
# Every channel through spiceproxy, to the ticket host and the file's port.
tunnels_right() {
	local total right
	total=$(wc -l <"$work/proxy-requests")
	right=$(grep -c "^CONNECT pvespiceproxy:$ticket:100:pve1::[0-9a-f]*:61000 HTTP/1\.[01]\$" "$work/proxy-requests")
	echo "# the proxy saw $total request(s), $right CONNECT(s) to the ticket host"
	((total >= 4 && right == total))
}
check "... every channel went through the proxy, to the ticket host" tunnels_right
check "... the file is removed once the session is open (delete-this-file)" \
	poll "$QV_E2E_TIMEOUT" eval '[[ ! -e $vv ]]'
title_is_files() { [[ $(title_of "$(window_id 1)") == "VM 100 - debian — Display 1" ]]; }
check "... the windows carry the file's title" title_is_files

# ---- 2. the layout is the VM's, not the ticket's ---------------------------
layouts=$XDG_CONFIG_HOME/quadview/layouts.ini
place 2 800 700 680 540
poll "$QV_E2E_TIMEOUT" eval '[[ $(geometry 2) == "800 700 680 540" ]]' ||
	echo "# display 2 at $(geometry 2), not where it was put"
since=$(date +%s%N)
wait_saved "$since" || echo "# no layout saved after the move"
left=$(all_geometry)
check "... SIGTERM exits with status 0" stop_viewer
key_right() {
	[[ -f $layouts ]] || return 1
	grep -qF "$uuid" "$layouts" || { echo "# the UUID is not in the layout file"; return 1; }
	! grep -qF "pvespiceproxy" "$layouts" || { echo "# the ticket host is in the layout file"; return 1; }
}
check "the layout is saved under the VM's UUID, the ticket nowhere" key_right

# Proxmox gives every download a new ticket and password.
/usr/bin/python3 "$e2e_here/qmp.py" "$work/qmp.sock" \
	"{\"execute\": \"set_password\", \"arguments\": {\"protocol\": \"spice\", \"password\": \"$password2\"}}" \
	>/dev/null 2>"$work/qmp.err" || bail "QMP set_password failed: $(head -1 "$work/qmp.err")"
ticket=9e0a4b77
(umask 077 && proxmox_vv "$ticket" "$password2" >"$vv")
run_viewer --debug "$vv"
check "a second file, new ticket and password: four windows again" wait_windows
back_in_place() {
	poll "$QV_E2E_TIMEOUT" eval '[[ $(all_geometry) == "$left" ]]' && return 0
	echo "# now:"; all_geometry | note
	echo "# left:"; note <<<"$left"
	return 1
}
check "... every window comes back where it was left" back_in_place
stop_viewer || echo "# the second viewer did not exit cleanly"

# ---- 3. files that cannot be used stay -------------------------------------
# not_used NAME PROXY REGEX: a .vv with PROXY exits 1 with one line that
# names the file and matches REGEX, and the file is still there.
not_used() {
	local file=$work/downloads/$1.vv log=$work/$1.log
	(umask 077 && proxmox_vv "$ticket" "$password2" "$2" >"$file")
	"$quadview" "$file" >"$log" 2>&1
	rc=$?
	exits_with 1 "$log" "^quadview: $(sed 's/[.]/\\./g' <<<"$file"): $3" && [[ -f $file ]]
}
check "a proxy that is not HTTP: exit 1, one line naming the file, the file stays" \
	not_used socks "socks5://127.0.0.1:1080" 'proxy= is not an HTTP proxy'
closed=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
check "a proxy nobody listens on: exit 1, one line naming the file, the file stays" \
	not_used closed "http://127.0.0.1:$closed" '.'

no_secret() { ! grep -qaF -e "$password" -e "$password2" "$work"/*.log; }
check "neither password is in the viewer's logs" no_secret

exit $failed
