#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Where each viewer's CPU time goes while the demo guest animates:
# callgrind (instruction counts) over SECONDS of steady animation,
# start-up left out, summed per library and per function, for quadview
# and then remote-viewer on the same guest.  Same set-up as
# quadview-vs-remote-viewer.sh: own Xvfb, own guest (4 heads of 1024x768,
# the workload QV_BENCH_WORKLOAD: full, damage or video), no window
# manager.
# Usage: bench/profile-viewers.sh QUADVIEW QXL_TUNE OUTDIR [SECONDS]
# Writes OUTDIR/callgrind-WORKLOAD-VIEWER.out (callgrind_annotate,
# kcachegrind) and OUTDIR/profile-WORKLOAD.txt (the summaries printed).
# Needs valgrind.  QV_GUEST_DIR: guest build cache.
set -euo pipefail
QV=$(realpath "$1")
QT=$(realpath "$2")
OUT=$3
SECS=${4:-20}
WORKLOAD=${QV_BENCH_WORKLOAD:-full}
SRC=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/qv-profile.XXXXXX")
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
xpid=
vgpid=

# Stops only what this script started; never fails (it runs under set -e).
cleanup() {
  if [[ -n $vgpid ]]; then kill "$vgpid" 2>/dev/null; wait "$vgpid" 2>/dev/null || true; fi
  "$SRC/tests/guest/run-guest.sh" --stop --pidfile "$T/guest.pid" >/dev/null 2>&1 || true
  if [[ -n $xpid ]]; then kill "$xpid" 2>/dev/null; wait "$xpid" 2>/dev/null || true; fi
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$SRC/bench/lib.sh"
bench_start_x_and_guest

export NO_AT_BRIDGE=1 GDK_BACKEND=x11

# profile NAME COMMAND...: NAME's summary on stdout.
profile() {
  local name=$1 n dumps dump
  shift
  XDG_CONFIG_HOME=$T/config-$name valgrind --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$T/cg-$name.out" "$@" >"$T/valgrind-$name.log" 2>&1 &
  vgpid=$!
  # Under valgrind start-up takes tens of seconds.
  for _ in $(seq 300); do
    n=$( (xdotool search --onlyvisible --pid "$vgpid" 2>/dev/null || true) | wc -l)
    ((n >= 4)) && break
    sleep 1
  done
  ((n >= 4)) || { echo "$name showed $n windows under valgrind" >&2; exit 1; }
  sleep 5
  callgrind_control -i on "$vgpid" >/dev/null 2>&1
  sleep "$SECS"
  callgrind_control -d "$vgpid" >/dev/null 2>&1
  kill -TERM "$vgpid"
  wait "$vgpid" || true
  vgpid=
  dumps=("$T/cg-$name.out".*)
  dump=${dumps[0]}
  cp "$dump" "$OUT/callgrind-$WORKLOAD-$name.out"
  echo "$name, workload $WORKLOAD, $SECS s under callgrind (start-up excluded):"
  echo "instructions: $(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ { print $1; exit }')"
  echo "instructions per library (exclusive):"
  callgrind_annotate --threshold=100 "$dump" 2>/dev/null |
    awk '/^ *[0-9,]+ \(/ && $NF !~ /TOTALS/ {
           ir = $1; gsub(",", "", ir); o = $NF; gsub(/[][]/, "", o); sub(/.*\//, "", o)
           s[o] += ir; t += ir }
         END { for (o in s) if (s[o] / t >= 0.0005) printf "%7.2f%%  %s\n", 100 * s[o] / t, o }' |
    sort -rn
  echo "top functions (exclusive):"
  callgrind_annotate "$dump" 2>/dev/null | awk '/^ *[0-9,]+ \(/ && !/TOTALS/ && n++ < 12'
  echo
}

{
  profile quadview "$QV" "spice://127.0.0.1:$port"
  profile remote-viewer remote-viewer "spice://127.0.0.1:$port"
} | tee "$OUT/profile-$WORKLOAD.txt"
