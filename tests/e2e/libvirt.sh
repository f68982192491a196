# SPDX-License-Identifier: GPL-2.0-or-later
# A private libvirt daemon for the end-to-end tests (sourced after lib.sh,
# after e2e_init): the test's own virtlogd and libvirtd, with the QEMU
# driver, their state in $work/lv and their socket there too, so that they
# never meet a system daemon (none is needed: no systemd, no
# libvirt-daemon-system).  Stopped by PID at exit, with every domain they
# started.
#
#   libvirt_start [--remote NETNS SSHD-CONFIG...]
#                                 start both daemons; sets $lv_uri.  With
#                                 --remote (remote.sh): in the network
#                                 namespace NETNS (a /proc/PID/ns/net),
#                                 with the client socket where libvirt
#                                 has it by default (/run/libvirt, seen
#                                 from the daemon's mount namespace), and
#                                 sshd started there for each config
#   virsh_lv ARGS...              virsh on that daemon (with a deadline)
#   libvirt_guest_xml NAME [GRAPHICS-ATTRS]
#                                 the demo guest as a domain: type qemu,
#                                 direct kernel boot, libvirt's default QXL
#   lv_serial NAME                the domain's serial log (a file)
#   lv_boot NAME                  virsh start NAME, then wait for the guest's
#                                 "ready" on its serial console
#   lv_grid_layout UUID NAME      a saved layout "desk" of the domain: four
#                                 1024x800 windows in a 2x2 grid
#   libvirt_restart               libvirtd stopped and started again, as an
#                                 administrator restarts it (its domains
#                                 keep running; connections to it end)
#   libvirt_start_delay SECONDS   from now on a domain start waits SECONDS
#                                 while libvirt already calls it active,
#                                 before QEMU runs (0: no wait)
#
# How: one `unshare --mount` shell bind-mounts $work/lv/state/* over
# /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/cache/libvirt and
# /var/log/libvirt in a mount namespace of its own and starts the daemons
# there (they daemonize, so the namespace lives as long as they do).  The
# client socket is outside those paths ($work/lv/run), so virsh and quadview
# run in the test's own namespace.  QEMU runs as root without cgroups,
# namespaces or a security driver.  Needs root.
# shellcheck shell=bash
# Called through check/poll/eval and from the EXIT trap; work and e2e_here
# come from lib.sh:
# shellcheck disable=SC2317,SC2154

lv_root='' lv_uri='' lv_port_min='' lv_port_max='' lv_pids=()
lv_dirs=(etc:/etc/libvirt run:/run/libvirt lib:/var/lib/libvirt cache:/var/cache/libvirt
	log:/var/log/libvirt)

# What libvirt-daemon-system would have made: the libvirt-qemu user and
# group (the QEMU driver looks them up even when it runs QEMU as root) and
# the daemons' directories (here only mount points).  deps.sh makes them
# too; a test run as root makes them when missing.
libvirt_system_setup() {
	local d
	if ! getent group libvirt-qemu >/dev/null; then
		groupadd --system libvirt-qemu || bail "cannot create the group libvirt-qemu"
	fi
	if ! getent passwd libvirt-qemu >/dev/null; then
		useradd --system -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu ||
			bail "cannot create the user libvirt-qemu"
	fi
	for d in "${lv_dirs[@]}"; do
		[[ -d ${d#*:} ]] && continue
		{ mkdir -p "${d#*:}" && chmod 0755 "${d#*:}"; } || bail "cannot create ${d#*:}"
	done
}

# lv_mount_points: what is mounted on the daemons' directories in this
# (the test's) mount namespace, to see that our bind mounts stayed out.
lv_mount_points() {
	local d list=()
	for d in "${lv_dirs[@]}"; do list+=("${d#*:}"); done
	awk -v dirs="${list[*]}" 'BEGIN { n = split(dirs, d, " "); for (i = 1; i <= n; i++) want[d[i]] = 1 }
		$5 in want { print }' "/proc/$$/mountinfo"
}

lv_daemon_ready() { virsh -q -c "$lv_uri" version >/dev/null 2>&1; }

virsh_lv() { timeout 60 virsh -q -c "$lv_uri" "$@"; }

libvirt_start() {
	local netns='' sshd_configs=() enter=()
	if [[ ${1:-} == --remote ]]; then
		netns=$2
		shift 2
		sshd_configs=("$@")
		require nsenter util-linux
		enter=(nsenter "--net=$netns")
	fi
	require libvirtd libvirt-daemon virtlogd libvirt-daemon virsh libvirt-clients \
		unshare util-linux timeout coreutils
	(($(id -u) == 0)) || bail "a private libvirtd needs root (a mount namespace; QEMU runs as root)"
	libvirt_system_setup
	lv_root=$work/lv
	e2e_at_exit libvirt_stop
	local d mounted_before
	mounted_before=$(lv_mount_points)
	mkdir -p "$lv_root/run" "$lv_root/guests"
	chmod 0700 "$lv_root/run"
	for d in "${lv_dirs[@]}"; do mkdir -p "$lv_root/state/${d%%:*}"; done
	local sock_dir=$lv_root/run sock_line
	# Remote: where virt-ssh-helper looks, inside the daemon's namespace.
	[[ -z $netns ]] || sock_dir=$lv_root/state/run
	(($(printf %s "$sock_dir/libvirt-sock-ro" | wc -c) < 108)) ||
		bail "$sock_dir: too long for a unix socket path (set TMPDIR shorter)"
	lv_uri="qemu:///system?socket=$sock_dir/libvirt-sock"
	sock_line="unix_sock_dir = \"$lv_root/run\""
	[[ -z $netns ]] || sock_line=''

	# SPICE ports: ten from a free one the kernel picked (libvirt skips
	# busy ones in the range).
	lv_port_min=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
		bail "cannot find a free port"
	((lv_port_min <= 65525)) || lv_port_min=$((lv_port_min - 10))
	lv_port_max=$((lv_port_min + 9))

	cat >"$lv_root/state/etc/libvirtd.conf" <<-EOF
	$sock_line
	unix_sock_group = "root"
	unix_sock_ro_perms = "0700"
	unix_sock_rw_perms = "0700"
	unix_sock_admin_perms = "0700"
	auth_unix_ro = "none"
	auth_unix_rw = "none"
	listen_tls = 0
	listen_tcp = 0
	log_outputs = "3:file:$lv_root/libvirtd.log"
	EOF
	cat >"$lv_root/state/etc/virtlogd.conf" <<-EOF
	log_outputs = "3:file:$lv_root/virtlogd.log"
	EOF
	cat >"$lv_root/state/etc/qemu.conf" <<-EOF
	user = "root"
	group = "root"
	swtpm_user = "root"
	swtpm_group = "root"
	dynamic_ownership = 0
	remember_owner = 0
	security_driver = "none"
	cgroup_controllers = [ ]
	namespaces = [ ]
	spice_listen = "127.0.0.1"
	spice_tls = 0
	remote_display_port_min = $lv_port_min
	remote_display_port_max = $lv_port_max
	stdio_handler = "logd"
	EOF

	# libvirt's QEMU hook runs its "start" stage once the domain is active
	# (paused, starting up, its SPICE port in the XML) and before QEMU is
	# spawned: a delay there makes that window as long as a test needs.
	mkdir -p "$lv_root/state/etc/hooks"
	cat >"$lv_root/state/etc/hooks/qemu" <<-EOF
	#!/bin/sh
	if [ "\$2" = start ] && [ -s "$lv_root/start-delay" ]; then sleep "\$(cat "$lv_root/start-delay")"; fi
	exit 0
	EOF
	chmod 0755 "$lv_root/state/etc/hooks/qemu"

	# The shell in the new namespace: bind mounts, then the daemons.
	local script='set -e
root=$1; shift
for d in "$@"; do mount --bind "$root/state/${d%%:*}" "${d#*:}"; done
virtlogd -d -f /etc/libvirt/virtlogd.conf -p "$root/virtlogd.pid"
libvirtd -d -f /etc/libvirt/libvirtd.conf -p "$root/libvirtd.pid"
IFS=: read -ra configs <<<"${LV_SSHD_CONFIGS:-}"
for c in "${configs[@]}"; do /usr/sbin/sshd -f "$c" -E "${c%.conf}.log"; done'
	# --propagation private fails where / is not a mount point (a
	# chroot); then the namespace keeps the parent's propagation, and
	# whether our mounts stayed inside is checked below.
	LV_SSHD_CONFIGS=$(IFS=:; echo "${sshd_configs[*]}")
	export LV_SSHD_CONFIGS
	if ! "${enter[@]}" unshare --mount --propagation private bash -c "$script" lv "$lv_root" "${lv_dirs[@]}" \
		>"$lv_root/unshare.log" 2>&1; then
		if [[ -e $lv_root/virtlogd.pid || -e $lv_root/libvirtd.pid ]]; then
			bail "the libvirt daemons did not start (see $lv_root/unshare.log)"
		fi
		"${enter[@]}" unshare --mount --propagation unchanged bash -c "$script" lv "$lv_root" "${lv_dirs[@]}" \
			>>"$lv_root/unshare.log" 2>&1 ||
			bail "cannot start virtlogd and libvirtd in a mount namespace (see $lv_root/unshare.log)"
	fi
	# Kept here too: the stop must not depend on files under $work.
	local f
	for f in "$lv_root/virtlogd.pid" "$lv_root/libvirtd.pid"; do
		[[ -s $f ]] && lv_pids+=("$(<"$f"):${f##*/}")
	done
	[[ $(lv_mount_points) == "$mounted_before" ]] ||
		bail "the private libvirt mounts leaked into the test's mount namespace: $(lv_mount_points)"
	# A cold start probes QEMU's capabilities first (5-7 s).
	poll "$QV_E2E_TIMEOUT" lv_daemon_ready ||
		bail "libvirtd did not answer on $lv_uri (see $lv_root/libvirtd.log)"
}

# libvirtd again, in the namespaces virtlogd keeps (the mounts, and the
# remote host's network). On failure, why, as TAP comments.
libvirt_restart() {
	lv_restart_inner && return 0
	echo "# libvirt_restart failed; unshare.log and libvirtd.log end:"
	tail -n 5 "$lv_root/unshare.log" "$lv_root/libvirtd.log" 2>&1 | note
	return 1
}

lv_restart_inner() {
	local entry pid logd='' kept=()
	for entry in "${lv_pids[@]}"; do
		case ${entry#*:} in
		libvirtd.pid) lv_stop_pid "${entry%%:*}" libvirtd ;;
		virtlogd.pid) logd=${entry%%:*} kept+=("$entry") ;;
		*) kept+=("$entry") ;;
		esac
	done
	[[ -n $logd ]] || { echo "# no virtlogd among ${lv_pids[*]}"; return 1; }
	lv_pids=("${kept[@]}")
	rm -f "$lv_root/libvirtd.pid"
	# Its mount and network namespaces, and its root: in a chroot (CI's
	# fresh system), entering a mount namespace alone would leave it.
	nsenter -t "$logd" -m -n -r -w \
		libvirtd -d -f /etc/libvirt/libvirtd.conf -p "$lv_root/libvirtd.pid" >>"$lv_root/unshare.log" 2>&1 ||
		return 1
	poll "$QV_E2E_TIMEOUT" eval '[[ -s $lv_root/libvirtd.pid ]]' || return 1
	pid=$(<"$lv_root/libvirtd.pid")
	lv_pids+=("$pid:libvirtd.pid")
	poll "$QV_E2E_TIMEOUT" lv_daemon_ready
}

# lv_stop_pid PID EXE: SIGTERM process PID if it runs EXE, SIGKILL after
# 5 s.
lv_stop_pid() {
	local pid=$1 exe
	[[ $pid =~ ^[0-9]+$ ]] || return 0
	exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 0
	[[ ${exe##*/} == "$2" ]] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	local deadline=$((SECONDS + 5))
	while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null || true
}

libvirt_stop() {
	local dom f
	[[ -n $lv_root && -d $lv_root ]] || return 0
	if [[ -n $lv_uri ]] && lv_daemon_ready; then
		while read -r dom; do
			[[ -n $dom ]] && timeout 20 virsh -q -c "$lv_uri" destroy "$dom" >/dev/null 2>&1
		done < <(timeout 20 virsh -q -c "$lv_uri" list --name 2>/dev/null)
	fi
	local entry pid
	for entry in libvirtd virtlogd; do
		for pid in "${lv_pids[@]}"; do
			[[ ${pid#*:} == "$entry.pid" ]] && lv_stop_pid "${pid%%:*}" "$entry"
		done
	done
	# A QEMU that outlived its daemon: by the daemon's pid file, or by
	# the serial log under $lv_root that only our guests write.
	for f in "$lv_root"/state/run/qemu/*.pid; do
		[[ -s $f ]] && lv_stop_pid "$(<"$f")" qemu-system-x86_64
	done
	for f in /proc/[0-9]*/cmdline; do
		pid=${f#/proc/}
		pid=${pid%/cmdline}
		[[ -n $(tr '\0' ' ' 2>/dev/null <"$f" | grep -F -- "$lv_root/guests/") ]] &&
			lv_stop_pid "$pid" qemu-system-x86_64
	done
	[[ -n ${QV_E2E_KEEP:-} ]] || rm -rf "$lv_root"
	lv_root=
}

lv_serial() { echo "$lv_root/guests/$1.serial"; }

# shellcheck disable=SC2016,SC2034 # from and serial are read by the eval'd check
lv_boot() {
	local serial from
	serial=$(lv_serial "$1")
	from=$(wc -l 2>/dev/null <"$serial" || echo 0)
	virsh_lv start "$1" >/dev/null || return 1
	poll "$QV_E2E_TIMEOUT" eval '[[ -n $(tail -n "+$((from + 1))" "$serial" | grep -a "^qv-guest: ready") ]]'
}

# As a user who ran the guest with four heads elsewhere has saved it.
lv_grid_layout() {
	local uuid=$1 name=$2 i
	mkdir -p "$XDG_CONFIG_HOME/quadview"
	{
		printf '[quadview]\nversion=1\n\n[vm:%s]\nname=%s\n\n' "$uuid" "$name"
		printf '[vm:%s/layout:desk]\nlast-used=2026-11-29T01:02:03Z\n\n' "$uuid"
		for i in 1 2 3 4; do
			printf '[vm:%s/layout:desk/display:%d]\nx=%d\ny=%d\nwidth=1024\nheight=800\n\n' \
				"$uuid" "$i" $(((i - 1) % 2 * 1040)) $(((i - 1) / 2 * 840))
		done
	} >"$XDG_CONFIG_HOME/quadview/layouts.ini"
}

libvirt_start_delay() {
	if (($1 > 0)); then echo "$1" >"$lv_root/start-delay"; else rm -f "$lv_root/start-delay"; fi
}

# libvirt_guest_xml NAME [GRAPHICS-ATTRS]: the demo guest (one head of
# 1024x768 lit at boot, as run-guest.sh --heads 1 would) as a domain with
# libvirt's default video device.  GRAPHICS-ATTRS go into <graphics>, e.g.
# "passwd='...'".
libvirt_guest_xml() {
	local name=$1 attrs=${2:-} guest kernel initrd
	guest=$("$e2e_here/../guest/build-guest.sh" ${QV_GUEST_DIR:+"$QV_GUEST_DIR"} 2>>"$work/build-guest.log") ||
		bail "cannot build the demo guest (see $work/build-guest.log)"
	kernel=$(sed -n 's/^kernel=//p' <<<"$guest")
	initrd=$(sed -n 's/^initrd=//p' <<<"$guest")
	cat <<-EOF
	<domain type='qemu'>
	  <name>$name</name>
	  <memory unit='MiB'>384</memory>
	  <vcpu>1</vcpu>
	  <os>
	    <type arch='x86_64' machine='q35'>hvm</type>
	    <kernel>$kernel</kernel>
	    <initrd>$initrd</initrd>
	    <cmdline>console=ttyS0 loglevel=4 panic=-1 qvguest.heads=1 qvguest.size=1024x768</cmdline>
	  </os>
	  <features><acpi/><apic/></features>
	  <on_reboot>destroy</on_reboot>
	  <devices>
	    <controller type='usb' model='none'/>
	    <memballoon model='none'/>
	    <serial type='file'>
	      <source path='$(lv_serial "$name")' append='on'/>
	      <target port='0'/>
	    </serial>
	    <channel type='spicevmc'>
	      <target type='virtio' name='com.redhat.spice.0'/>
	    </channel>
	    <graphics type='spice' autoport='yes' listen='127.0.0.1' $attrs>
	      <mouse mode='server'/>
	    </graphics>
	    <video><model type='qxl'/></video>
	  </devices>
	</domain>
	EOF
}
