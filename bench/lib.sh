# shellcheck shell=bash
# Sourced by the viewer benchmarks. Needs SRC (the source tree), T (the
# run's temp dir) and QT (qxl-tune); sets DISPLAY, xpid and port.

# Xvfb on a free display and the animating demo guest on a free port, both
# this run's alone (the caller's cleanup stops them by PID and pidfile).
bench_start_x_and_guest() {
  local d _
  for d in $(seq 70 99); do [[ -e /tmp/.X11-unix/X$d || -e /tmp/.X$d-lock ]] || break; done
  export DISPLAY=:$d
  Xvfb "$DISPLAY" -screen 0 3840x2400x24 -nolisten tcp >"$T/xvfb.log" 2>&1 &
  # shellcheck disable=SC2034 # xpid: the caller's cleanup stops it
  xpid=$!
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.2; done
  xdpyinfo >/dev/null 2>&1 || { echo "Xvfb did not start" >&2; exit 1; }
  for port in $(shuf -i 5960-5999); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done

  # QV_BENCH_WORKLOAD: full (the whole surface sent every frame) or
  # damage (only the columns that changed, head by head, as a desktop).
  local anim=--anim
  case ${QV_BENCH_WORKLOAD:-full} in
  full) ;;
  damage) anim=--anim-damage ;;
  video) anim=--anim-video ;;
  *) echo "QV_BENCH_WORKLOAD must be full, damage or video, not '$QV_BENCH_WORKLOAD'" >&2; exit 2 ;;
  esac
  local guest=(--port "$port" "$anim" --qxl-tune "$QT" --pidfile "$T/guest.pid"
               --serial "$T/serial.log" --qmp "$T/qmp.sock" --wait-ready 600)
  [[ -n ${QV_GUEST_DIR:-} ]] && guest+=(--guest-dir "$QV_GUEST_DIR")
  "$SRC/tests/guest/run-guest.sh" "${guest[@]}" >"$T/guest.out" 2>&1 ||
    { echo "the demo guest did not start: $(tail -1 "$T/guest.out")" >&2; exit 1; }
}
