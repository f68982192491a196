#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# qxl-tune against virt-xml on the same edit of the same domain XML:
# 4 x 1920x1200 on a domain written in virt-install's style. Both tools run
# alternately in the same session; each time is a whole process, start to
# exit, as a user sees it. Then a batch: 1,000 domain XMLs in one
# qxl-tune invocation, CPU seconds.
# Usage: bench/qxl-tune-vs-virt-xml.sh QXL_TUNE OUTDIR [RUNS]
set -euo pipefail
QT=$1
OUT=$2
RUNS=${3:-21}
SRC=$(cd "$(dirname "$0")/.." && pwd)
IN=$SRC/tests/data/domxml/virt-install.in.xml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$OUT"

ns() { date +%s%N; }
qt_once() { "$QT" -d 1920x1200 --heads 4 "$IN" >"$T/qt.xml"; }
vx_once() {
  virt-xml --connect test:///default --edit \
    --video model.type=qxl,model.heads=4,model.ram=262144,model.vram64=131072,model.vgamem=65536 \
    <"$IN" >"$T/vx.xml"
}

# Both must make the same change, or the comparison means nothing.
qt_once; vx_once
for a in "ram=.262144" "vram64=.131072" "vgamem=.65536" "heads=.4"; do
  grep -q "$a" "$T/qt.xml" && grep -q "$a" "$T/vx.xml" || { echo "outputs differ on $a" >&2; exit 1; }
done

: >"$T/qt.ns"; : >"$T/vx.ns"
for ((i = 0; i < RUNS; i++)); do
  s=$(ns); qt_once; e=$(ns); echo $((e - s)) >>"$T/qt.ns"
  s=$(ns); vx_once; e=$(ns); echo $((e - s)) >>"$T/vx.ns"
done

stats() { # min median max, in ms
  sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%.2f %.2f %.2f\n", a[1] / 1e6, a[int((NR + 1) / 2)] / 1e6, a[NR] / 1e6 }'
}
read -r qmin qmed qmax < <(stats "$T/qt.ns")
read -r vmin vmed vmax < <(stats "$T/vx.ns")
ratio=$(awk -v v="$vmed" -v q="$qmed" 'BEGIN { printf "%.1f", v / q }')

# Batch: 1,000 domains, one invocation.
mkdir "$T/batch"
for ((i = 0; i < 1000; i++)); do cp "$IN" "$T/batch/vm$i.xml"; done
TIMEFORMAT='%U %S'
cpu=$( { time "$QT" -d 1920x1200 --heads 4 --in-place "$T"/batch/vm*.xml 2>/dev/null; } 2>&1 | awk '{ printf "%.3f", $1 + $2 }')
patched=$(grep -l "heads=\"4\"" "$T"/batch/vm*.xml | wc -l)
[ "$patched" -eq 1000 ] || { echo "batch: only $patched of 1000 patched" >&2; exit 1; }

printf '%-34s %10s %10s %10s\n' "one edit, wall ms ($RUNS runs each)" min median max
printf '%-34s %10s %10s %10s\n' "qxl-tune" "$qmin" "$qmed" "$qmax"
printf '%-34s %10s %10s %10s\n' "virt-xml --edit --video" "$vmin" "$vmed" "$vmax"
printf '%-34s %10sx   (target >= 30x)\n' "ratio virt-xml / qxl-tune (median)" "$ratio"
printf '%-34s %10s s  (target < 1 s)\n' "1,000 domains, qxl-tune CPU" "$cpu"

cat >"$OUT/qxl-tune.csv" <<CSV
metric,tool,min,median,max
edit_wall_ms,qxl-tune,$qmin,$qmed,$qmax
edit_wall_ms,virt-xml,$vmin,$vmed,$vmax
edit_ratio,virt-xml/qxl-tune,,$ratio,
batch_1000_cpu_s,qxl-tune,,$cpu,
CSV
cat >"$OUT/qxl-tune.json" <<JSON
{"runs": $RUNS,
 "edit_wall_ms": {"qxl-tune": {"min": $qmin, "median": $qmed, "max": $qmax},
                  "virt-xml": {"min": $vmin, "median": $vmed, "max": $vmax}},
 "edit_ratio_median": $ratio,
 "batch_1000_cpu_s": $cpu}
JSON
