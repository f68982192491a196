#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end: qxl-tune's sizes against a real QEMU and a real guest.
#
#   QXL_TUNE=BUILD/qxl-tune/qxl-tune tests/e2e/test-qemu-sizing.sh
#
# 1. For several layouts, boots QEMU with the QXL device sized by
#    `qxl-tune --print-values` and reads the device back over QMP
#    (qom-get of its properties, and its PCI BAR sizes from query-pci):
#    they must equal qxl-tune's numbers, since QEMU clamps silently.
#    A deliberately oversized device checks that the read-back is real.
# 2. A 4 x 1920x1080 guest with libvirt's default QXL sizes (vgamem
#    16 MiB) must fail to light its heads; with qxl-tune's sizes all four
#    must light (read from the guest's serial console).
# Output: TAP.  Optional: QV_GUEST_DIR (guest build cache directory).
# Starts only its own QEMUs, on free 127.0.0.1 ports, and stops them (by
# the pids in its own pidfiles) on exit.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run_guest=$here/../guest/run-guest.sh
qmp=(/usr/bin/python3 "$here/qmp.py")
qxl_tune=${QXL_TUNE:-}
guest_dir=${QV_GUEST_DIR:+--guest-dir $QV_GUEST_DIR}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qv-e2e-sizing.XXXXXX")
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local pf
	for pf in "$tmp"/*/qemu.pid; do
		[[ -e $pf ]] && "$run_guest" --stop --pidfile "$pf"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
bail() { echo "Bail out! $*"; exit 1; }

[[ -n $qxl_tune && -x $qxl_tune ]] || bail "QXL_TUNE must name the built qxl-tune (got '$qxl_tune')"
[[ -x /usr/bin/python3 ]] || bail "needs /usr/bin/python3 (Debian python3)"

# A free TCP port on 127.0.0.1 (the kernel picks it).
free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start NAME ARGS...: boots a guest whose files live in $tmp/NAME.
start() {
	local name=$1 _
	shift
	mkdir -p "$tmp/$name"
	for _ in 1 2 3; do
		# shellcheck disable=SC2086
		"$run_guest" $guest_dir --port "$(free_port)" \
			--qmp "$tmp/$name/qmp.sock" --serial "$tmp/$name/serial.log" \
			--pidfile "$tmp/$name/qemu.pid" "$@" > "$tmp/$name/info" 2> "$tmp/$name/err"
		local rc=$?
		# Retry only if QEMU could not start at all (port taken meanwhile).
		[[ $rc -eq 0 || -s $tmp/$name/serial.log ]] && return $rc
	done
	return 1
}
stop() { "$run_guest" --stop --pidfile "$tmp/$1/qemu.pid"; }

qom_get() {
	printf '{"execute": "qom-get", "arguments": {"path": "/machine/peripheral/qxl0", "property": "%s"}}' "$1"
}

# readback NAME: prints "ram=B vram=B vram64_mb=M vgamem_mb=M heads=N
# bar0=B bar1=B bar4=B|none" for the device qxl0 of guest NAME.
readback() {
	local out
	out=$("${qmp[@]}" "$tmp/$1/qmp.sock" "$(qom_get ram_size)" "$(qom_get vram_size)" \
		"$(qom_get vram64_size_mb)" "$(qom_get vgamem_mb)" "$(qom_get max_outputs)" \
		'{"execute": "query-pci"}') || return 1
	/usr/bin/python3 -c '
import json, sys
lines = sys.stdin.read().splitlines()
vals = [json.loads(l) for l in lines[:5]]
bars = {}
for bus in json.loads(lines[5]):
    for dev in bus["devices"]:
        if dev.get("qdev_id") == "qxl0":
            bars = {r["bar"]: r["size"] for r in dev["regions"]}
print("ram=%d vram=%d vram64_mb=%d vgamem_mb=%d heads=%d bar0=%s bar1=%s bar4=%s"
      % (*vals, bars.get(0, "none"), bars.get(1, "none"), bars.get(4, "none")))
' <<<"$out"
}

# expected VALUES-LINE: what QEMU must report for qxl-tune's line.
expected() {
	local re='^heads=([0-9]+) ram=([0-9]+) vram=([0-9]+) vram64=([0-9]+) vgamem=([0-9]+)$'
	[[ $1 =~ $re ]] || return 1
	local h=${BASH_REMATCH[1]} r=${BASH_REMATCH[2]} v=${BASH_REMATCH[3]}
	local v64=${BASH_REMATCH[4]} g=${BASH_REMATCH[5]}
	local v64mb=4294967295 bar4=none # property unset, no 64-bit BAR
	if ((v64 > 0)); then
		v64mb=$((v64 / 1024)) bar4=$((v64 * 1024))
	fi
	echo "ram=$((r * 1024)) vram=$((v * 1024)) vram64_mb=$v64mb vgamem_mb=$((g / 1024)) heads=$h bar0=$((r * 1024)) bar1=$((v * 1024)) bar4=$bar4"
}

echo "TAP version 13"
t0=$SECONDS
# Build (or find cached) the guest once, outside the timed QEMU runs.
# shellcheck disable=SC2086
"$here/../guest/build-guest.sh" ${QV_GUEST_DIR:-} > /dev/null || bail "cannot build the demo guest"

# 1. Sizes read back from QEMU.
layouts=("1 1920x1080" "2 2560x1440" "4 1920x1200" "3 3840x2160")
for layout in "${layouts[@]}"; do
	read -r heads size <<<"$layout"
	name=size-$heads-$size
	values=$("$qxl_tune" --print-values -d "$size" --heads "$heads" 2>/dev/null)
	want=$(expected "$values") || { not_ok "$heads x $size: qxl-tune printed '$values'"; continue; }
	if ! start "$name" --heads "$heads" --size "$size" --qxl-tune "$qxl_tune"; then
		not_ok "$heads x $size: QEMU did not start: $(head -c 300 "$tmp/$name/err")"
		continue
	fi
	got=$(readback "$name")
	stop "$name"
	if [[ $got == "$want" ]]; then
		ok "$heads x $size: QEMU's QXL device matches qxl-tune ($values)"
	else
		not_ok "$heads x $size: qxl-tune says '$values'"
		echo "#   expected: $want"
		echo "#   QEMU has: $got"
	fi
done

# The read-back is QEMU's own: an oversized request comes back clamped
# (vgamem to 256 MiB, ram to 512 MiB), so it differs from the request.
over="heads=1 ram=1048576 vram=65536 vram64=0 vgamem=524288"
if start clamp --heads 1 --qxl-values "$over"; then
	got=$(readback clamp)
	stop clamp
	if [[ $got != "$(expected "$over")" && $got == "ram=536870912 "*"vgamem_mb=256 "* ]]; then
		ok "QEMU clamps an oversized QXL device, and the read-back shows it"
	else
		not_ok "oversized QXL device not clamped as expected: $got"
	fi
else
	not_ok "QEMU did not start with an oversized QXL device: $(head -c 300 "$tmp/clamp/err")"
fi

# 2. Lighting four 1920x1080 heads.
lit="layout 1=1920x1080+0+0 2=1920x1080+1920+0 3=1920x1080+3840+0 4=1920x1080+5760+0"
start defaults --heads 4 --size 1920x1080 --qxl-defaults --wait-ready 120
rc=$?
log=$tmp/defaults/serial.log
if ((rc != 0)) && grep -q "^qv-guest: error: cannot light $lit" "$log" &&
	! grep -q "^qv-guest: $lit" "$log"; then
	ok "libvirt's default QXL sizes cannot light 4 x 1920x1080"
else
	not_ok "libvirt's default QXL sizes: expected the guest to fail lighting 4 x 1920x1080 (run-guest exit $rc)"
	sed 's/^/#   /' "$log" "$tmp/defaults/err" 2>/dev/null | tail -n 8
fi
stop defaults

t1=$SECONDS
start tuned --heads 4 --size 1920x1080 --qxl-tune "$qxl_tune" --wait-ready 120
rc=$?
log=$tmp/tuned/serial.log
if ((rc == 0)) && tr -d '\r' < "$log" | grep -x "qv-guest: $lit" >/dev/null; then
	ok "qxl-tune's QXL sizes light 4 x 1920x1080 (ready after $((SECONDS - t1)) s)"
	pid=$(<"$tmp/tuned/qemu.pid")
	echo "# QEMU resident: $(awk '/^VmRSS/ { print $2, $3 }' "/proc/$pid/status")"
else
	not_ok "qxl-tune's QXL sizes: 4 x 1920x1080 not lit (run-guest exit $rc)"
	sed 's/^/#   /' "$log" "$tmp/tuned/err" 2>/dev/null | tail -n 8
fi
stop tuned

echo "# whole test: $((SECONDS - t0)) s"
echo "1..$n"
exit $((failed > 0))
