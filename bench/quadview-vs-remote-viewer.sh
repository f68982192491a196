#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# quadview against remote-viewer on the demo guest: 4 heads of 1024x768,
# animating (a moving bar per head, ~10 frames/s), one Xvfb screen of
# 3840x2400 without a window manager, the same guest for both viewers.
# Runs alternate (the order flips every pair); each run is:
#   - the time from the viewer's start until its four windows each show
#     their head's colour (qv-bench-probe polls every 20 ms).
#     remote-viewer opens a window for every head the guest has lit and
#     stacks them at 0,0; the probe moves each to its grid cell with
#     xdotool as soon as it appears, as a user would.  quadview restores
#     the same grid from a layout saved once, before timing, in an
#     isolated $XDG_CONFIG_HOME;
#   - then, with the windows up, the viewer's CPU time (utime + stime)
#     over HOLD seconds of animation and its peak RSS (VmHWM).
# Usage: bench/quadview-vs-remote-viewer.sh QUADVIEW QXL_TUNE OUTDIR [RUNS] [HOLD]
# QV_BENCH_WORKLOAD=damage: the guest reports only what changed (bench/lib.sh);
# the results then go to viewers-damage.*.
# QV_GUEST_DIR: guest build cache (as for run-guest.sh).
set -euo pipefail
QV=$(realpath "$1")
QT=$(realpath "$2")
OUT=$3
RUNS=${4:-5}
HOLD=${5:-30}
SRC=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/qv-bench.XXXXXX")
mkdir -p "$OUT"
xpid=

# Stops only what this script started; never fails (it runs under set -e).
cleanup() {
  "$SRC/tests/guest/run-guest.sh" --stop --pidfile "$T/guest.pid" >/dev/null 2>&1 || true
  if [[ -n $xpid ]]; then kill "$xpid" 2>/dev/null; wait "$xpid" 2>/dev/null || true; fi
  if [[ -n ${QV_BENCH_KEEP:-} ]]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The probe: X11 + GLib, compiled here (a few hundred ms).
read -ra probe_flags < <(pkg-config --cflags --libs glib-2.0 x11 xdamage)
cc -std=gnu11 -O2 -o "$T/probe" "$SRC/bench/qv-bench-probe.c" "${probe_flags[@]}"

. "$SRC/bench/lib.sh"
bench_start_x_and_guest

export NO_AT_BRIDGE=1 GDK_BACKEND=x11
uri=spice://127.0.0.1:$port
grid=(--place "0,0" --place "$bench_cell_w,0" --place "0,$bench_cell_h"
      --place "$bench_cell_w,$bench_cell_h")
qv_cfg=$T/qv-config rv_cfg=$T/rv-config
mkdir -p "$qv_cfg" "$rv_cfg"

# name hold result-file: one measured run.
run() {
  local name=$1 hold=$2 res=$3
  case $name in
  quadview | quadview-place)
    # The first run arranges the grid, quadview saves it on SIGTERM. Later
    # runs get the same --place only as a check: a restored window is
    # already in its cell, so the probe never needs xdotool for it.
    XDG_CONFIG_HOME=$qv_cfg "$T/probe" --title ' — Display %d$' "${grid[@]}" \
      --hold "$hold" --result "$res" -- "$QV" "$uri" ;;
  remote-viewer)
    XDG_CONFIG_HOME=$rv_cfg "$T/probe" --title ' \(%d\)$' "${grid[@]}" --hold "$hold" \
      --result "$res" -- remote-viewer "$uri" ;;
  esac >>"$T/$name.log" 2>&1 || { echo "$name failed (log: $T/$name.log)" >&2; tail -3 "$T/$name.log" >&2; exit 1; }
}
val() { sed -n "s/^$2=//p" "$1"; }

# The saved layout, then one untimed run of each (disk caches, fonts).
run quadview-place 2 "$T/place.res"
grep -q "^x=$bench_cell_w" "$qv_cfg/quadview/layouts.ini" || { echo "quadview saved no layout" >&2; exit 1; }
run quadview 0 "$T/warm-qv.res"
[[ $(val "$T/warm-qv.res" xdotool_calls) == 0 ]] ||
  { echo "quadview did not restore the saved layout" >&2; exit 1; }
run remote-viewer 0 "$T/warm-rv.res"

layouts() { grep -c '^qv-guest: layout' "$T/serial.log" || true; }
layouts0=$(layouts)
for ((i = 0; i < RUNS; i++)); do
  if ((i % 2)); then order=(quadview remote-viewer); else order=(remote-viewer quadview); fi
  for name in "${order[@]}"; do
    run "$name" "$HOLD" "$T/$name.$i.res"
    # The restored windows must land where they were saved, untouched.
    [[ $name == quadview && $(val "$T/$name.$i.res" xdotool_calls) != 0 ]] &&
      { echo "quadview did not restore the saved layout" >&2; exit 1; }
    # Frames shown, all windows, per second of the hold (X DAMAGE).
    IFS=, read -r f1 f2 f3 f4 <<<"$(val "$T/$name.$i.res" frames)"
    frames=$((f1 + f2 + f3 + f4))
    echo "frames_per_s=$(awk -v f="$frames" -v h="$HOLD" 'BEGIN { printf "%.1f", (h > 0 ? f / h : 0) }')" \
      >>"$T/$name.$i.res"
    # A frozen guest would make the CPU figures meaningless.
    [[ ${QV_BENCH_WORKLOAD:-full} == idle ]] || ((HOLD == 0 || frames >= HOLD)) ||
      { echo "$name: the windows did not animate ($frames frames in $HOLD s)" >&2; exit 1; }
    echo "run $((i + 1))/$RUNS $name: $(tr '\n' ' ' <"$T/$name.$i.res")" >>"$T/runs.log"
  done
done
# Did a viewer make the guest change its mode? (It should not: the saved
# windows have the guest's size.)
layout_changes=$(($(layouts) - layouts0))
guest_fps=$(sed -n 's/^qv-guest: anim fps=//p' "$T/serial.log" | sort -n |
  awk '{ a[NR] = $1 } END { print NR ? a[int((NR + 1) / 2)] : "null" }')

# name key scale -> "min median max" over the runs.
stats() {
  for ((i = 0; i < RUNS; i++)); do val "$T/$1.$i.res" "$2"; done |
    sort -g | awk -v s="$3" '{ a[NR] = $1 * s }
      END { printf "%.2f %.2f %.2f\n", a[1], (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[NR] }'
}
# ratio Q R [MIN]: Q / R, or null when R is below MIN (default: 0, so never
# a division by zero): an idle viewer's CPU is a few clock ticks (10 ms),
# and a ratio of those says nothing.
ratio() { awk -v q="$1" -v r="$2" -v m="${3:-0}" 'BEGIN { if (r <= m) print "null"; else printf "%.2f", q / r }'; }
hold_scale=$(awk -v h="$HOLD" 'BEGIN { print 30 / h }') # CPU per 30 s
metrics=(content_ms:content_ms:1 windows_ms:windows_ms:1 "cpu_30s_s:cpu_hold_s:$hold_scale"
         peak_rss_mib:hwm_kib:0.0009765625 poll_ms:poll_median_ms:1 frames_s:frames_per_s:1)
declare -A q r
for m in "${metrics[@]}"; do
  IFS=: read -r metric key scale <<<"$m"
  q[$metric]=$(stats quadview "$key" "$scale")
  r[$metric]=$(stats remote-viewer "$key" "$scale")
done
med() { cut -d' ' -f2 <<<"$1"; }
content_ratio=$(ratio "$(med "${q[content_ms]}")" "$(med "${r[content_ms]}")")
cpu_ratio=$(ratio "$(med "${q[cpu_30s_s]}")" "$(med "${r[cpu_30s_s]}")" 0.05)
rss_ratio=$(ratio "$(med "${q[peak_rss_mib]}")" "$(med "${r[peak_rss_mib]}")")
# The ratios compare equal work only if both showed the same frames.
frames_ratio=$(ratio "$(med "${q[frames_s]}")" "$(med "${r[frames_s]}")")
same_frames=$(awk -v f="$frames_ratio" 'BEGIN { print (f != "null" && f >= 0.9 && f <= 1.1) ? "yes" : "no" }')

label() {
  case $1 in
  content_ms) echo "to 4 windows with content, ms" ;;
  windows_ms) echo "to 4 windows mapped, ms" ;;
  cpu_30s_s) echo "CPU per 30 s of animation, s" ;;
  peak_rss_mib) echo "peak RSS (VmHWM), MiB" ;;
  poll_ms) echo "probe cost per poll, ms" ;;
  frames_s) echo "frames shown per s (4 windows)" ;;
  esac
}
printf '%-44s %9s %9s %9s\n' "viewers ($RUNS runs each, alternating)" min median max
for m in "${metrics[@]}"; do
  metric=${m%%:*}
  for tool in quadview remote-viewer; do
    if [[ $tool == quadview ]]; then read -r a b c <<<"${q[$metric]}"; else read -r a b c <<<"${r[$metric]}"; fi
    printf '%-44s %9s %9s %9s\n' "$(label "$metric"): $tool" "$a" "$b" "$c"
  done
done
printf '%-44s %9sx  (target <= 0.5)\n' "ratio quadview / remote-viewer, content" "$content_ratio"
if [[ $cpu_ratio == null ]]; then
  printf '%-44s %10s  (remote-viewer below 0.05 s per 30 s: no ratio)\n' "ratio quadview / remote-viewer, CPU" "n/a"
else
  printf '%-44s %9sx  (target <= 0.6)\n' "ratio quadview / remote-viewer, CPU" "$cpu_ratio"
fi
printf '%-44s %9sx  (target <= 0.6)\n' "ratio quadview / remote-viewer, peak RSS" "$rss_ratio"
printf '%-44s %9s   (guest mode changes: %s)\n' "guest frames/s (median)" "$guest_fps" "$layout_changes"
printf '%-44s %9sx  (same work: %s, within 10%%)\n' "ratio quadview / remote-viewer, frames shown" "$frames_ratio" "$same_frames"

{
  echo "metric,tool,min,median,max"
  for m in "${metrics[@]}"; do
    metric=${m%%:*}
    echo "$metric,quadview,${q[$metric]// /,}"
    echo "$metric,remote-viewer,${r[$metric]// /,}"
  done
  echo "content_ratio,quadview/remote-viewer,,$content_ratio,"
  echo "cpu_ratio,quadview/remote-viewer,,$cpu_ratio,"
  echo "peak_rss_ratio,quadview/remote-viewer,,$rss_ratio,"
  echo "guest_fps,guest,,$guest_fps,"
  echo "frames_ratio,quadview/remote-viewer,,$frames_ratio,"
} >"$OUT/viewers${QV_BENCH_WORKLOAD:+-$QV_BENCH_WORKLOAD}${QV_BENCH_SIZE:+-$QV_BENCH_SIZE}.csv"
json3() { read -r a b c <<<"$1"; echo "{\"min\": $a, \"median\": $b, \"max\": $c}"; }
{
  echo "{\"runs\": $RUNS, \"hold_s\": $HOLD,"
  for m in "${metrics[@]}"; do
    metric=${m%%:*}
    echo " \"$metric\": {\"quadview\": $(json3 "${q[$metric]}"), \"remote-viewer\": $(json3 "${r[$metric]}")},"
  done
  echo " \"content_ratio_median\": $content_ratio,"
  echo " \"cpu_ratio_median\": $cpu_ratio,"
  echo " \"peak_rss_ratio_median\": $rss_ratio,"
  echo " \"frames_ratio_median\": $frames_ratio, \"same_frames\": \"$same_frames\","
  echo " \"guest_fps_median\": $guest_fps, \"guest_mode_changes\": $layout_changes}"
} >"$OUT/viewers${QV_BENCH_WORKLOAD:+-$QV_BENCH_WORKLOAD}${QV_BENCH_SIZE:+-$QV_BENCH_SIZE}.json"
cp "$T/runs.log" "$OUT/viewers${QV_BENCH_WORKLOAD:+-$QV_BENCH_WORKLOAD}${QV_BENCH_SIZE:+-$QV_BENCH_SIZE}-runs.log"
