# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Sourced by the viewer benchmarks. Needs SRC (the source tree), T (the
# run's temp dir) and QT (qxl-tune); sets DISPLAY, xpid, port, and
# bench_cell_w/bench_cell_h (the 2x2 grid's cells, a window each).
#
# QV_BENCH_WORKLOAD: full (the whole surface sent every frame), damage
# (only the columns that changed, head by head, as a desktop), video (a
# moving picture on head 1, sent as a video stream) or idle (nothing
# moves).  QV_BENCH_SIZE: the four heads' size (default 1024x768); the
# screen is a 2x2 grid of cells at least 1920x1200 that fit a window.

# Xvfb on a free display and the animating demo guest on a free port, both
# this run's alone (the caller's cleanup stops them by PID and pidfile).
bench_start_x_and_guest() {
  local d _ size=${QV_BENCH_SIZE:-1024x768} w h
  [[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "QV_BENCH_SIZE must be WxH, not '$size'" >&2; exit 2; }
  w=${BASH_REMATCH[1]} h=${BASH_REMATCH[2]}
  # remote-viewer's windows are 10 px wider than the head: cells never overlap.
  bench_cell_w=$((w + 64 > 1920 ? w + 64 : 1920))
  bench_cell_h=$((h + 60 > 1200 ? h + 60 : 1200))
  for d in $(seq 70 99); do [[ -e /tmp/.X11-unix/X$d || -e /tmp/.X$d-lock ]] || break; done
  export DISPLAY=:$d
  Xvfb "$DISPLAY" -screen 0 "$((2 * bench_cell_w))x$((2 * bench_cell_h))x24" -nolisten tcp \
    >"$T/xvfb.log" 2>&1 &
  # shellcheck disable=SC2034 # xpid: the caller's cleanup stops it
  xpid=$!
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.2; done
  xdpyinfo >/dev/null 2>&1 || { echo "Xvfb did not start" >&2; exit 1; }
  for port in $(shuf -i 5960-5999); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done

  local anim=()
  case ${QV_BENCH_WORKLOAD:-full} in
  full) anim=(--anim) ;;
  damage) anim=(--anim-damage) ;;
  video) anim=(--anim-video) ;;
  idle) ;;
  *) echo "QV_BENCH_WORKLOAD must be full, damage, video or idle, not '$QV_BENCH_WORKLOAD'" >&2; exit 2 ;;
  esac
  local guest=(--port "$port" "${anim[@]}" --size "$size" --qxl-tune "$QT" --pidfile "$T/guest.pid"
               --serial "$T/serial.log" --qmp "$T/qmp.sock" --wait-ready 600)
  [[ -n ${QV_GUEST_DIR:-} ]] && guest+=(--guest-dir "$QV_GUEST_DIR")
  "$SRC/tests/guest/run-guest.sh" "${guest[@]}" >"$T/guest.out" 2>&1 ||
    { echo "the demo guest did not start: $(tail -1 "$T/guest.out")" >&2; exit 1; }
}
