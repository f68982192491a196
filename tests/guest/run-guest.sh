#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boots the demo guest (or, with --guest xorg, the Xorg guest) under QEMU
# (TCG) in the background, with its QXL device sized by qxl-tune and SPICE
# on 127.0.0.1 only.
#
#   run-guest.sh [--guest demo|xorg] [--heads N] [--size WxH] [--port P] [--qxl-tune PATH]
#                [--qxl-values 'heads=N ram=K vram=K vram64=K vgamem=K']
#                [--qxl-defaults] [--anim | --anim-damage | --anim-video] [--mem MIB] [--guest-dir DIR]
#                [--qmp SOCK] [--serial LOG] [--pidfile FILE]
#                [--wait-ready SECONDS] [--uuid UUID] [--audio]
#   run-guest.sh --stop [--port P | --pidfile FILE]
#
# The QXL sizes come from `qxl-tune --print-values -d WxH --heads N`
# (KiB; vram64=0 means no 64-bit BAR); --qxl-values gives that line by
# hand, --qxl-defaults uses libvirt's defaults (ram 64M, vram 64M,
# vgamem 16M).  The QXL device has the id "qxl0" (for QMP qom-get).
# --uuid gives the VM an identity (SMBIOS and SPICE), as libvirt does, so
# that a viewer can key its layout by it rather than by host:port.
# --audio adds a sound card whose playback and record go over SPICE.
# --guest xorg boots the Xorg guest (build-xorg-guest.sh: Debian's Xorg,
# qxl driver and spice-vdagent) instead of the demo guest, with 768 MiB
# unless --mem says otherwise; it lights what the qxl driver reports
# (--heads and --size size only the QXL device) and has no animation.
# --guest-dir is the chosen guest's build directory.
# QV_GUEST_APPEND adds kernel parameters (e.g. loglevel=7 for debugging).
# Defaults: 4 heads of 1024x768, port 5930, files in
# ${TMPDIR:-/tmp}/quadview-guest.PORT/ (serial.log, qmp.sock, qemu.pid).
# On success prints shell-style lines: spice=, pid=, serial=, qmp=.
# Exit status: 0 started (and ready, with --wait-ready), 1 failure (then
# our QEMU, if it started, is stopped again), 2 bad usage.
# Only ever stops the QEMU whose pid is in its own pidfile.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
heads=4 size=1024x768 port=5930 qxl_tune='' qxl_values='' qxl_defaults=0
guest=demo audio=0 anim=0 mem='' uuid='' guest_dir='' qmp='' serial='' pidfile='' wait_ready='' stop=0

usage() { sed -n '2,/^set -e/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
die() { echo "run-guest.sh: $*" >&2; exit 1; }
bad() { echo "run-guest.sh: $*" >&2; exit 2; }

while (($#)); do
	case $1 in
	--guest) guest=${2:?}; shift ;;
	--heads) heads=${2:?}; shift ;;
	--size) size=${2:?}; shift ;;
	--port) port=${2:?}; shift ;;
	--qxl-tune) qxl_tune=${2:?}; shift ;;
	--qxl-values) qxl_values=${2:?}; shift ;;
	--qxl-defaults) qxl_defaults=1 ;;
	--audio) audio=1 ;;
	--anim) anim=1 ;;
	--anim-damage) anim=2 ;;
	--anim-video) anim=3 ;;
	--uuid) uuid=${2:?}; shift ;;
	--mem) mem=${2:?}; shift ;;
	--guest-dir) guest_dir=${2:?}; shift ;;
	--qmp) qmp=${2:?}; shift ;;
	--serial) serial=${2:?}; shift ;;
	--pidfile) pidfile=${2:?}; shift ;;
	--wait-ready) wait_ready=${2:?}; shift ;;
	--stop) stop=1 ;;
	-h|--help) usage ;;
	*) bad "unknown option '$1' (see --help)" ;;
	esac
	shift
done

[[ $heads =~ ^[1-4]$ ]] || bad "--heads must be 1 to 4, not '$heads'"
[[ $size =~ ^([1-9][0-9]*)x([1-9][0-9]*)$ ]] || bad "--size must be WxH, not '$size'"
if ! [[ $port =~ ^[1-9][0-9]*$ ]] || ((port > 65535)); then
	bad "--port must be a TCP port, not '$port'"
fi
case $guest in
demo) : "${mem:=384}" ;;
xorg) : "${mem:=768}"; ((anim == 0)) || bad "--anim, --anim-damage and --anim-video need the demo guest" ;;
*) bad "--guest must be demo or xorg, not '$guest'" ;;
esac
[[ $mem =~ ^[1-9][0-9]*$ ]] || bad "--mem must be MiB, not '$mem'"
[[ -z $wait_ready || $wait_ready =~ ^[1-9][0-9]*$ ]] || bad "--wait-ready must be seconds, not '$wait_ready'"

rundir=${TMPDIR:-/tmp}/quadview-guest.$port
: "${qmp:=$rundir/qmp.sock}" "${serial:=$rundir/serial.log}" "${pidfile:=$rundir/qemu.pid}"

# Stops the QEMU in $pidfile, and only if it is a QEMU using that pidfile.
stop_own_qemu() {
	local pid
	[[ -s $pidfile ]] || return 0
	pid=$(<"$pidfile")
	[[ $pid =~ ^[0-9]+$ ]] || return 0
	if [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"-pidfile $pidfile"* ]]; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	fi
	rm -f "$pidfile"
}

if ((stop)); then
	stop_own_qemu
	exit 0
fi

# QXL sizes (KiB).
if ((qxl_defaults)); then
	qxl_values="heads=$heads ram=65536 vram=65536 vram64=0 vgamem=16384"
elif [[ -z $qxl_values ]]; then
	[[ -n $qxl_tune ]] || qxl_tune=$(command -v qxl-tune || true)
	[[ -n $qxl_tune && -x $qxl_tune ]] || die "no qxl-tune: give --qxl-tune PATH, --qxl-values or --qxl-defaults"
	qxl_values=$("$qxl_tune" --print-values -d "$size" --heads "$heads") ||
		die "$qxl_tune --print-values -d $size --heads $heads failed"
fi
re='^heads=([0-9]+) ram=([0-9]+) vram=([0-9]+) vram64=([0-9]+) vgamem=([0-9]+)$'
[[ $qxl_values =~ $re ]] || die "cannot parse QXL values '$qxl_values'"
q_heads=${BASH_REMATCH[1]} q_ram=${BASH_REMATCH[2]} q_vram=${BASH_REMATCH[3]}
q_vram64=${BASH_REMATCH[4]} q_vgamem=${BASH_REMATCH[5]}
qxl="qxl-vga,id=qxl0,ram_size=$((q_ram * 1024)),vram_size=$((q_vram * 1024))"
qxl+=",vgamem_mb=$((q_vgamem / 1024)),max_outputs=$q_heads"
((q_vram64 > 0)) && qxl+=",vram64_size_mb=$((q_vram64 / 1024))"

build="build-guest.sh"
[[ $guest == xorg ]] && build="build-xorg-guest.sh"
built=$("$here/$build" ${guest_dir:+"$guest_dir"}) || die "building the $guest guest failed"
kernel=$(sed -n 's/^kernel=//p' <<<"$built")
initrd=$(sed -n 's/^initrd=//p' <<<"$built")

mkdir -p "$(dirname "$qmp")" "$(dirname "$serial")" "$(dirname "$pidfile")"
if [[ -s $pidfile ]] && kill -0 "$(<"$pidfile")" 2>/dev/null; then
	die "$pidfile: a QEMU (pid $(<"$pidfile")) is already running with it; stop it with --stop"
fi
rm -f "$serial" "$qmp" "$pidfile"

append="console=ttyS0 loglevel=4 panic=-1 qvguest.heads=$heads qvguest.size=$size"
((anim == 1)) && append+=" qvguest.anim=1"
((anim == 2)) && append+=" qvguest.anim=damage"
# A moving picture is sent as a video stream only where the server looks
# for one (libvirt: <streaming mode='filter'/>).
streaming=''
# A sound card whose playback and record go over SPICE (the guest has no
# driver for it; the server offers the channels all the same).
sound=()
((audio)) && sound=(-audiodev 'spice,id=snd0' -device ich9-intel-hda -device 'hda-duplex,audiodev=snd0')
((anim == 3)) && append+=" qvguest.anim=video" && streaming=',streaming-video=filter'

# Extra kernel parameters for debugging, e.g. QV_GUEST_APPEND=loglevel=7.
[[ -n ${QV_GUEST_APPEND:-} ]] && append+=" $QV_GUEST_APPEND"

qemu-system-x86_64 \
	-name "quadview-$guest-guest" -machine q35,accel=tcg -m "$mem" ${uuid:+-uuid "$uuid"} \
	-nodefaults -no-user-config -no-reboot -display none -monitor none \
	-device "$qxl" "${sound[@]}" \
	-spice "port=$port,addr=127.0.0.1,disable-ticketing=on,agent-mouse=off$streaming" \
	-device virtio-serial-pci \
	-chardev spicevmc,id=vdagent,name=vdagent \
	-device virtserialport,chardev=vdagent,name=com.redhat.spice.0 \
	-serial "file:$serial" \
	-qmp "unix:$qmp,server=on,wait=off" \
	-pidfile "$pidfile" -daemonize \
	-kernel "$kernel" -initrd "$initrd" -append "$append" ||
	die "QEMU failed to start (port $port busy?)"

if [[ -n $wait_ready ]]; then
	deadline=$((SECONDS + wait_ready))
	until grep -q '^qv-guest: ready' "$serial" 2>/dev/null; do
		if grep -q '^qv-guest: error:' "$serial" 2>/dev/null; then
			grep '^qv-guest: error:' "$serial" >&2
			stop_own_qemu
			die "the guest reported an error (log: $serial)"
		fi
		if ! kill -0 "$(<"$pidfile")" 2>/dev/null; then
			tail -n 5 "$serial" >&2 || true
			die "QEMU exited before the guest was ready (log: $serial)"
		fi
		if ((SECONDS >= deadline)); then
			tail -n 5 "$serial" >&2 || true
			stop_own_qemu
			die "guest not ready after $wait_ready s (log: $serial)"
		fi
		sleep 0.2
	done
fi

echo "spice=spice://127.0.0.1:$port"
echo "pid=$(<"$pidfile")"
echo "serial=$serial"
echo "qmp=$qmp"
