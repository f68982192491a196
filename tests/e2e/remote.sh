# SPDX-License-Identifier: GPL-2.0-or-later
# A "remote host" for the end-to-end tests (sourced after lib.sh and
# libvirt.sh, after e2e_init): a network namespace of the test's own,
# joined to ours by a veth pair (a /30 of the documentation ranges,
# TEST-NET-2 or -3, that no address here is in: .1 here, .2 there), with its own libvirt daemon (libvirt.sh
# --remote: the guest's SPICE listens on that namespace's 127.0.0.1,
# which cannot be reached from here) and its own sshd (key authentication
# only, its own host key and config, a verbose log).
#
#   remote_start        sets rh_addr, rh_dir, rh_key (the client's key),
#                       rh_known (a known_hosts file for rh_addr),
#                       rh_uri (qemu+ssh://root@ADDR/system?keyfile=…&
#                       known_hosts=…) and lv_uri (the daemon's socket,
#                       for virsh here); sshds, forwarding allowed unless
#                       said: on port 22 with MaxSessions 2 (libvirt's
#                       session and one more); on 2222 one whose sessions
#                       have on their PATH only sh, which and
#                       virt-ssh-helper (what libvirt needs), no socat or
#                       nc; on 2224 the same refusing forwarded channels;
#                       on 2225 one refusing them with the usual PATH
#                       (socat relays)
#   rh_ssh_cmd          an ssh command for libvirt's command= that knows
#                       the host's key (libvirt's own ssh transport has
#                       no known_hosts=)
#   rh_log_count REGEX  lines of sshd's log (both) matching REGEX
#   rh_ssh ARGS...      ssh to the host as root with the test's key
#
# The namespace lives as long as its processes: a `sleep` that holds it,
# the daemons, sshd and the guest; all are stopped by PID at exit and the
# veth pair goes with the namespace.  Needs root.
# shellcheck shell=bash
# Called through check/poll/eval and from the EXIT trap; sets what the
# tests read; work comes from lib.sh:
# shellcheck disable=SC2317,SC2154,SC2034

rh_addr='' rh_here='' rh_dir='' rh_key='' rh_known='' rh_uri='' rh_holder=''
rh_link='' rh_pidfiles=() rh_ssh_cmd=''

rh_ssh() {
	timeout 30 ssh -F /dev/null -o BatchMode=yes -o UserKnownHostsFile="$rh_known" \
		-i "$rh_key" -l root "$@"
}

rh_log_count() { cat "$rh_dir"/sshd-*.log 2>/dev/null | grep -cE "$1" || true; }

# rh_sshd_config NAME PORT [EXTRA...]: writes sshd's config, adds it to
# rh_confs and its pidfile to rh_pidfiles (not in a subshell: the EXIT
# trap stops what rh_pidfiles names).
rh_confs=()
rh_sshd_config() {
	local conf=$rh_dir/sshd-$1.conf
	cat >"$conf" <<-EOF
	ListenAddress $rh_addr:$2
	HostKey $rh_dir/host_ed25519
	PidFile $rh_dir/sshd-$1.pid
	AuthorizedKeysFile $rh_dir/authorized_keys
	PermitRootLogin prohibit-password
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	UsePAM no
	StrictModes no
	X11Forwarding no
	LogLevel VERBOSE
	EOF
	printf '%s\n' "${@:3}" >>"$conf"
	rh_pidfiles+=("$rh_dir/sshd-$1.pid")
	rh_confs+=("$conf")
}

remote_start() {
	require sshd openssh-server ssh openssh-client ssh-keygen openssh-client ip iproute2 \
		nsenter util-linux unshare util-linux
	(($(id -u) == 0)) || bail "a remote host needs root (a network namespace)"
	rh_dir=$work/remote
	mkdir -p "$rh_dir/nobin"
	chmod 0700 "$rh_dir"
	e2e_at_exit remote_stop
	local net
	for net in 198.51.100.{0,4,8} 203.0.113.{0,4,8}; do
		[[ -z $(ip -o -4 addr show to "$net/30") ]] || continue
		rh_here=${net%.*}.$((${net##*.} + 1)) rh_addr=${net%.*}.$((${net##*.} + 2))
		break
	done
	[[ -n $rh_addr ]] || bail "no free /30 in 198.51.100.0/24 or 203.0.113.0/24 for the remote host"

	# The namespace, held by a sleep until the daemons run in it.
	unshare --net sleep 3600 &
	rh_holder=$!
	poll 10 eval '[[ $(readlink "/proc/$rh_holder/ns/net") != "$(readlink /proc/$$/ns/net)" ]]' ||
		bail "no network namespace of its own for the remote host"
	local ns=/proc/$rh_holder/ns/net
	rh_link=qvrh$$
	ip link add "$rh_link" type veth peer name "${rh_link}r" netns "$rh_holder" ||
		bail "cannot make a veth pair into the remote host's namespace"
	ip addr add "$rh_here/30" dev "$rh_link" && ip link set "$rh_link" up ||
		bail "cannot set up $rh_link"
	nsenter "--net=$ns" sh -c "ip link set lo up && ip addr add $rh_addr/30 dev ${rh_link}r &&
		ip link set ${rh_link}r up" || bail "cannot set up the remote host's network"

	# Keys: the host's, and the client's (authorized there).
	ssh-keygen -q -t ed25519 -N '' -C quadview-test-host -f "$rh_dir/host_ed25519" ||
		bail "ssh-keygen failed"
	ssh-keygen -q -t ed25519 -N '' -C quadview-test-client -f "$rh_dir/id_ed25519" ||
		bail "ssh-keygen failed"
	rh_key=$rh_dir/id_ed25519
	cp "$rh_key.pub" "$rh_dir/authorized_keys"
	rh_known=$rh_dir/known_hosts
	echo "$rh_addr $(cut -d' ' -f1,2 "$rh_dir/host_ed25519.pub")" >"$rh_known"
	local p
	for p in 2222 2224 2225; do
		echo "[$rh_addr]:$p $(cut -d' ' -f1,2 "$rh_dir/host_ed25519.pub")" >>"$rh_known"
	done
	# What libvirt's own connection needs there, and no socat or nc.
	local tool
	for tool in sh which virt-ssh-helper; do
		ln -s "$(command -v "$tool")" "$rh_dir/nobin/$tool" || bail "no $tool here"
	done
	rh_ssh_cmd=$rh_dir/ssh-known
	printf '#!/bin/sh\nexec ssh -o UserKnownHostsFile=%s "$@"\n' "$rh_known" >"$rh_ssh_cmd"
	chmod 0755 "$rh_ssh_cmd"
	# sshd's privilege separation directory (openssh-server makes it at boot).
	mkdir -p /run/sshd && chmod 0755 /run/sshd
	local no_forwarding=("AllowTcpForwarding no" "AllowStreamLocalForwarding no")
	rh_sshd_config main 22 "MaxSessions 2"
	rh_sshd_config bare 2222 "SetEnv PATH=$rh_dir/nobin"
	rh_sshd_config closed 2224 "SetEnv PATH=$rh_dir/nobin" "${no_forwarding[@]}"
	rh_sshd_config relay 2225 "${no_forwarding[@]}"
	# Each logs to CONFIG.log (VERBOSE: one "Connection from" per TCP
	# connection, one "Accepted" per login).
	libvirt_start --remote "$ns" "${rh_confs[@]}"
	poll 20 eval '[[ -s $rh_dir/sshd-main.pid && -s $rh_dir/sshd-bare.pid &&
		-s $rh_dir/sshd-closed.pid && -s $rh_dir/sshd-relay.pid ]]' ||
		bail "sshd did not start on the remote host (see $lv_root/unshare.log)"
	rh_uri="qemu+ssh://root@$rh_addr/system?keyfile=$rh_key&known_hosts=$rh_known"
	poll 20 eval 'rh_ssh "$rh_addr" true 2>/dev/null' ||
		bail "ssh to the remote host does not work (see $rh_dir/sshd-main.log)"
}

remote_stop() {
	local f
	for f in "${rh_pidfiles[@]}"; do
		[[ -s $f ]] && lv_stop_pid "$(<"$f")" sshd
	done
	[[ -n $rh_holder ]] && kill "$rh_holder" 2>/dev/null
	[[ -n $rh_link ]] && ip link del "$rh_link" 2>/dev/null
	rh_holder='' rh_link=''
}
