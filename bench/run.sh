#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every benchmark, one table: qxl-tune vs virt-xml, quadview vs
# remote-viewer.  Builds the release tree first (meson, BUILD).
# Usage: bench/run.sh [OUTDIR] [VIEWER_RUNS] [HOLD_S]
#   OUTDIR       default bench/results; gets bench.csv, bench.json, bench.md
#                (the table in Markdown) and each benchmark's own CSV/JSON
#   VIEWER_RUNS  runs of each viewer (default 5); qxl-tune uses 21
#   HOLD_S       seconds of animation for CPU and RSS (default 30)
# BUILD (default build-bench) and QV_GUEST_DIR (guest cache) may be set.
# Takes about 50 minutes with the defaults (seven workloads, 2 cores, guest under TCG).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$SRC/bench/results}
RUNS=${2:-5}
HOLD=${3:-30}
BUILD=${BUILD:-$SRC/build-bench}
mkdir -p "$OUT"
OUT=$(realpath "$OUT")

if [[ ! -f $BUILD/build.ninja ]]; then
  meson setup "$BUILD" "$SRC" --buildtype=release >/dev/null
fi
buildtype=$(meson introspect --buildoptions "$BUILD" |
  python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))')
if [[ $buildtype != release ]]; then
  echo "$BUILD is a '$buildtype' build; the figures are meant for release builds" >&2
fi
ninja -C "$BUILD" viewer/quadview qxl-tune/qxl-tune >/dev/null

commit=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=
if [[ -n $(git -C "$SRC" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
  dirty=+changes # measured with uncommitted changes
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "qxl-tune vs virt-xml…" >&2
"$SRC/bench/qxl-tune-vs-virt-xml.sh" "$BUILD/qxl-tune/qxl-tune" "$OUT" >/dev/null
# Workloads (QV_BENCH_WORKLOADS): full, the whole surface every frame;
# damage, only the changed columns (as a desktop guest); video, a moving
# picture on one head; idle, nothing moves; WORKLOAD-WxH on heads of that
# size (default 1024x768; four heads side by side must fit the 8192 pixels
# Linux qxl allows, so 2048x1152 is the largest 16:9 head).
read -ra workloads <<<"${QV_BENCH_WORKLOADS:-full damage video idle-1920x1080 damage-1920x1080 idle-2048x1152 damage-2048x1152}"
for w in "${workloads[@]}"; do
  echo "quadview vs remote-viewer, $w ($RUNS runs each, ${HOLD} s per run)…" >&2
  size=
  [[ $w == *-* ]] && size=${w#*-}
  QV_BENCH_WORKLOAD=${w%%-*} QV_BENCH_SIZE=$size "$SRC/bench/quadview-vs-remote-viewer.sh" \
    "$BUILD/viewer/quadview" "$BUILD/qxl-tune/qxl-tune" "$OUT" "$RUNS" "$HOLD" >/dev/null
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# One table from both CSVs (metric,tool,min,median,max).
target() {
  case $1 in
  edit_ratio) echo "target >= 30x" ;;
  batch_1000_cpu_s) echo "target < 1 s" ;;
  */content_ratio) echo "target <= 0.5x" ;;
  */cpu_ratio | */peak_rss_ratio) echo "target <= 0.6x" ;;
  */frames_ratio) echo "same work: 0.9-1.1x" ;;
  esac
}
met() { # metric median -> met/MISSED, n/a for a ratio without a peer figure
  awk -v m="$1" -v v="$2" 'BEGIN {
    if (v == "null") { print "n/a (remote-viewer below 0.05 s)"; exit }
    if (m == "edit_ratio") ok = v >= 30; else if (m == "batch_1000_cpu_s") ok = v < 1
    else if (m ~ /content_ratio$/) ok = v <= 0.5
    else if (m ~ /frames_ratio$/) ok = v >= 0.9 && v <= 1.1; else ok = v <= 0.6
    print ok ? "met" : "MISSED" }'
}
{
  echo "metric,tool,min,median,max,target,verdict"
  tail -n +2 "$OUT/qxl-tune.csv" | while IFS=, read -r metric tool min med max; do
    t=$(target "$metric")
    echo "$metric,$tool,$min,$med,$max,$t,${t:+$(met "$metric" "$med")}"
  done
  for w in "${workloads[@]}"; do
    tail -n +2 "$OUT/viewers-$w.csv" | while IFS=, read -r metric tool min med max; do
      t=$(target "$w/$metric")
      echo "$w/$metric,$tool,$min,$med,$max,$t,${t:+$(met "$w/$metric" "$med")}"
    done
  done
} >"$OUT/bench.csv"

printf '%-16s %-22s %10s %10s %10s  %s\n' metric tool min median max target
tail -n +2 "$OUT/bench.csv" | while IFS=, read -r metric tool min med max t verdict; do
  printf '%-16s %-22s %10s %10s %10s  %s\n' "$metric" "$tool" "$min" "$med" "$max" "${t:+$t: $verdict}"
done
echo "commit $commit$dirty; load before $load_before, after $load_after; $(nproc) cores"

# The same table in Markdown, for bench/README.md.
{
  echo "| metric | tool | min | median | max | target |"
  echo "|---|---|---|---|---|---|"
  tail -n +2 "$OUT/bench.csv" | while IFS=, read -r metric tool min med max t verdict; do
    echo "| $metric | $tool | $min | $med | $max | ${t:+$t: $verdict} |"
  done
  echo
  echo "Commit $commit$dirty, $started; load average before $load_before, after $load_after; $(nproc) cores."
} >"$OUT/bench.md"

{
  echo "{\"commit\": \"$commit$dirty\", \"started\": \"$started\","
  echo " \"loadavg_before\": \"$load_before\", \"loadavg_after\": \"$load_after\", \"cores\": $(nproc),"
  echo " \"qxl-tune\": $(cat "$OUT/qxl-tune.json"),"
  for w in "${workloads[@]}"; do echo " \"viewers-$w\": $(cat "$OUT/viewers-$w.json"),"; done
  echo " \"workloads\": \"${workloads[*]}\"}"
} >"$OUT/bench.json"
if ! python3 -m json.tool "$OUT/bench.json" >/dev/null; then
  echo "bench.json is not valid JSON" >&2
  exit 1
fi
