#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Crash safety (TAP): SIGKILL `qxl-tune --in-place` and a layout save loop
# at random points, many times, and check that the file on disk is always
# one complete version, never truncated or mixed.
#   test-crash-safety.sh QXL_TUNE LAYOUT_SAVE_LOOP
# QV_CRASH_KILLS (default 200) sets the kills per part, QV_CRASH_SEED the
# random seed (printed, so that a failure can be replayed).
set -uo pipefail
QXL_TUNE=$1
SAVE_LOOP=$2
DATA=${QV_TESTDATA:-$(dirname "$0")/data}
KILLS=${QV_CRASH_KILLS:-200}
SEED=${QV_CRASH_SEED:-$(( $(date +%s) % 32768 ))}
RANDOM=$SEED
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

echo "1..8"
echo "# seed $SEED, $KILLS kills per part"
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; }
check () { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }

sum () { sha256sum <"$1" | cut -c1-64; }

# Microseconds, uniform in [0, $1].
random_us () { echo $(( (RANDOM * 32768 + RANDOM) % ($1 + 1) )); }
# Sleeping by a read that times out on a pipe nobody writes to: no fork,
# so short delays stay short.
exec 9<> <(:)
sleep_us () { read -r -u 9 -t "$(printf '%d.%06d' $(( $1 / 1000000 )) $(( $1 % 1000000 )))" || true; }

# Longest wall time in microseconds of four in-place runs, alternating
# the targets so that each one writes.
calibrate_us () {
  local longest=0 start took
  for t in 0 1 0 1; do
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    "$QXL_TUNE" -i ${targets[$t]} "$1" >/dev/null 2>&1
    took=$(( ($(date +%s%N) - start) / 1000 ))
    [ $took -gt $longest ] && longest=$took
  done
  echo $longest
}

# Files GLib's g_file_set_contents() may leave when killed: its temporary
# NAME.XXXXXX next to the target. Anything else is a failure. Prints the
# number found and removes them.
leftovers () {
  local dir=$1; shift
  local count=0 unexpected=0 f base ok_name
  for f in "$dir"/* "$dir"/.*; do
    [ -e "$f" ] || continue
    base=${f##*/}
    [ "$base" = . ] || [ "$base" = .. ] && continue
    ok_name=0
    for keep in "$@"; do [ "$base" = "$keep" ] && ok_name=1; done
    [ $ok_name = 1 ] && continue
    for keep in "$@"; do
      [[ $base == "$keep".?????? ]] && ok_name=2
    done
    if [ $ok_name = 2 ]; then
      count=$((count + 1))
    else
      echo "# unexpected file left: $base" >&2
      unexpected=1
    fi
    rm -f "$f"
  done
  if [ $unexpected = 1 ]; then echo unexpected; else echo "$count"; fi
}

# ---- qxl-tune --in-place ----------------------------------------------
# Two targets, alternated so that the new content differs every time; the
# versions reachable from the original form a small closed set, computed
# first with plain (non-in-place) runs.
targets=("-d 1280x800 --heads 3" "-d 2560x1440 -d 1920x1200")
D=$T/tune
mkdir -p "$D/v"
cp "$DATA/domxml/virt-install.in.xml" "$D/v/0"
declare -A out   # "SUM TARGET" -> SUM of the patched version
declare -A known # SUM -> file
known[$(sum "$D/v/0")]=$D/v/0
queue=("$D/v/0")
while [ ${#queue[@]} -gt 0 ]; do
  src=${queue[0]}; queue=("${queue[@]:1}")
  for t in 0 1; do
    # shellcheck disable=SC2086
    "$QXL_TUNE" ${targets[$t]} "$src" >"$D/next" 2>/dev/null
    s=$(sum "$D/next")
    out["$(sum "$src") $t"]=$s
    if [ -z "${known[$s]:-}" ]; then
      f=$D/v/${#known[@]}
      mv "$D/next" "$f"
      known[$s]=$f
      queue+=("$f")
    fi
  done
done
echo "# qxl-tune: ${#known[@]} distinct versions of the domain XML"

W=$D/work
mkdir -p "$W"
cp "$D/v/0" "$W/dom.xml"
cp "$D/v/0" "$W/dom.xml.bak"
run_us=$(calibrate_us "$W/dom.xml")
max_us=$(( run_us * 3 / 2 > 20000 ? run_us * 3 / 2 : 20000 ))
cp "$D/v/0" "$W/dom.xml"
cp "$D/v/0" "$W/dom.xml.bak"
echo "# qxl-tune --in-place takes ${run_us} us; kill delays 0-${max_us} us"

bad_file=0 bad_backup=0 bad_left=0 killed=0 file_new=0 file_old=0 backup_only=0 temps=0
# Past the planned kills, until a kill has landed both before and after a
# write: delay 0 (the process has not even started) for "before", doubling
# delays for "after", so a slow machine lengthens the run, never fails it.
extra_delay=$max_us
for ((i = 0; i < KILLS || (i < KILLS + 40 && (file_old == 0 || file_new == 0)); i++)); do
  t=$((i % 2))
  { read -r before _; read -r before_bak _; } < <(sha256sum "$W/dom.xml" "$W/dom.xml.bak")
  expect=${out["$before $t"]:-}
  if ((i < KILLS)); then
    delay=$(random_us "$max_us")
  elif ((file_old == 0)); then
    delay=0
  else
    extra_delay=$((extra_delay * 2 > 20000000 ? 20000000 : extra_delay * 2))
    delay=$extra_delay
  fi
  # shellcheck disable=SC2086
  "$QXL_TUNE" -i ${targets[$t]} "$W/dom.xml" >/dev/null 2>&1 9<&- &
  pid=$!
  sleep_us "$delay"
  kill -KILL $pid 2>/dev/null
  wait $pid
  [ $? = 137 ] && killed=$((killed + 1))
  { read -r now _; read -r now_bak _; } < <(sha256sum "$W/dom.xml" "$W/dom.xml.bak")
  if [ -z "$expect" ]; then
    bad_file=$((bad_file + 1)); echo "# kill $i: unknown starting version"
  elif [ "$now" = "$expect" ] && [ "$now" != "$before" ]; then
    file_new=$((file_new + 1))
  elif [ "$now" = "$before" ]; then
    file_old=$((file_old + 1))
    [ "$now_bak" = "$before" ] && [ "$before_bak" != "$before" ] && backup_only=$((backup_only + 1))
  else
    bad_file=$((bad_file + 1)); echo "# kill $i after ${delay} us: file is neither the old nor the new version"
  fi
  # The backup is the old backup or a complete copy of the old file.
  if [ "$now_bak" != "$before_bak" ] && [ "$now_bak" != "$before" ]; then
    bad_backup=$((bad_backup + 1)); echo "# kill $i after ${delay} us: backup is neither old nor new"
  fi
  left=$(leftovers "$W" dom.xml dom.xml.bak)
  if [ "$left" = unexpected ]; then bad_left=$((bad_left + 1)); else temps=$((temps + left)); fi
done
echo "# qxl-tune: $i runs, $killed killed while running; file old $file_old" \
  "(of which backup already new $backup_only), new $file_new; GLib temporary files left: $temps"
check $bad_file "qxl-tune --in-place killed $KILLS times: the file is always the old or the new version"
check $bad_backup "qxl-tune --in-place killed $KILLS times: the backup is always complete"
check $bad_left "qxl-tune --in-place: nothing left but GLib's temporary files ($temps)"
[ $file_old -gt 0 ] && [ $file_new -gt 0 ] && [ $killed -gt 0 ]
check $? "qxl-tune --in-place: kills landed before and after the write ($file_old old, $file_new new)"

# ---- layout save ------------------------------------------------------
N=16
L=$T/layout
"$SAVE_LOOP" versions "$DATA/layout/sample.ini" "$L/v" $N
declare -A versions
versions[$(sum "$DATA/layout/sample.ini")]=seed
for ((k = 0; k < N; k++)); do versions[$(sum "$L/v/v$k")]=v$k; done
[ ${#versions[@]} = $((N + 1)) ]
check $? "layout: $N distinct versions written"

mkdir -p "$L/work"
declare -A loaded
cp "$DATA/layout/sample.ini" "$L/work/layouts.ini"
max_us=60000
bad=0 bad_left=0 killed=0 after_save=0 temps=0
# Every other kill waits for the loop's first completed save, so that both
# kinds of kill are certain: before any save, and during later ones.
first_save_us=30000000
for ((i = 0; i < KILLS; i++)); do
  before=$(sum "$L/work/layouts.ini")
  # Start at a version the file does not hold: the first save changes it.
  cur=${versions[$before]#v}
  start=$((RANDOM % N))
  [ "$start" = "$cur" ] && start=$(((start + 1) % N))
  : >"$L/saves"
  "$SAVE_LOOP" loop "$L/work/layouts.ini" $start $N >"$L/saves" 2>"$L/err" 9<&- &
  pid=$!
  if ((i % 2)); then
    waited=0
    while [ ! -s "$L/saves" ] && [ $waited -lt $first_save_us ]; do sleep_us 1000; waited=$((waited + 1000)); done
  fi
  delay=$(random_us "$max_us")
  sleep_us "$delay"
  kill -KILL $pid 2>/dev/null
  wait $pid
  rc=$?
  if [ $rc = 137 ]; then killed=$((killed + 1)); else bad=$((bad + 1)); echo "# loop $i exited $rc: $(sed -n 1p "$L/err")"; fi
  now=$(sum "$L/work/layouts.ini")
  # The file holds the last version reported saved or the one after it
  # (being written, or written but not reported); before any report, the
  # old file or the first version.
  last=$(tail -n 1 "$L/saves")
  if [ -n "$last" ]; then
    after_save=$((after_save + 1))
    k=${last#saved }
    allowed="v$k v$(((k + 1) % N))"
  else
    allowed="${versions[$before]} v$start"
  fi
  if [ -z "${versions[$now]:-}" ]; then
    bad=$((bad + 1)); echo "# kill $i after ${delay} us: not one of the versions written"
  elif [[ " $allowed " != *" ${versions[$now]} "* ]]; then
    bad=$((bad + 1)); echo "# kill $i after ${delay} us: the file is ${versions[$now]}, expected one of: $allowed"
  elif [ -z "${loaded[$now]:-}" ]; then
    # Loading depends on the bytes only: each version is checked once.
    if "$SAVE_LOOP" check "$L/work/layouts.ini" 2>"$L/err"; then
      loaded[$now]=1
    else
      bad=$((bad + 1)); echo "# kill $i after ${delay} us: $(sed -n 1p "$L/err")"
    fi
  fi
  left=$(leftovers "$L/work" layouts.ini)
  if [ "$left" = unexpected ]; then bad_left=$((bad_left + 1)); else temps=$((temps + left)); fi
done
echo "# layout: $KILLS kills ($killed while running), $after_save after a completed save;" \
  "GLib temporary files left: $temps"
check $bad "layout save killed $KILLS times: the file is always the version last saved or the next, complete, and loads"
check $bad_left "layout save: nothing left but GLib's temporary files ($temps)"
[ $after_save -ge $((KILLS / 2)) ]
check $? "layout save: kills landed during saves ($after_save of $KILLS after the loop had saved)"
