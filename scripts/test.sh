#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what is needed, build with -Werror under ASan and UBSan, and run
# every test (unit, CLI, data checks, end to end); then, in a second plain
# build (valgrind cannot run sanitized code), qxl-tune under valgrind and a
# check that libvirt is loaded only for a libvirt domain; then
# each fuzz harness for a minute (clang, QV_FUZZ_SECONDS). The last line
# reads "N passed, N failed, N skipped", counting all three. A skipped test
# fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test
# What was untracked before: a test that leaves a file in the tree fails
# the run (build trees are ignored, see .gitignore).
untracked_before=$(git status --porcelain --untracked-files=all 2>/dev/null | sed -n 's/^?? //p' | sort)

# setup_build DIR OPTION...: configures DIR (once; later runs reconfigure)
# and compiles it, meson's and ninja's output in DIR/build.log.
setup_build() {
  local dir=$1 log
  shift
  mkdir -p "$dir"
  log=$dir/build.log
  {
    if [ -f "$dir/build.ninja" ]; then
      meson setup --reconfigure "$dir" "$@"
    else
      meson setup "$dir" "$@"
    fi && meson compile -C "$dir"
  } >"$log" 2>&1 || {
    tail -n 20 "$log" >&2
    echo "test.sh: building $dir failed (log: $log)" >&2
    exit 1
  }
}

build="build-test"
echo "== Building with -Werror, ASan and UBSan in $build (log: $build/build.log)"
setup_build "$build" -Dwerror=true -Db_sanitize=address,undefined --buildtype=debugoptimized
# The end-to-end tests boot them; built here once, so that their download
# and build are a phase of their own rather than the first test's silence.
echo "== Building the demo guest (cached in ${XDG_CACHE_HOME:-$HOME/.cache}/quadview/guest)"
tests/guest/build-guest.sh >/dev/null
echo "== Building the Xorg guest (cached in ${XDG_CACHE_HOME:-$HOME/.cache}/quadview/xorg-guest)"
tests/guest/build-xorg-guest.sh >/dev/null
echo "== Running the tests (each end-to-end test boots a guest under QEMU)"
rc=0
meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2 "$@" || rc=$?

plain="build-valgrind"
echo "== Leak checks under valgrind and libvirt loaded only when used, in a plain build $plain (log: $plain/build.log)"
rm -f "$plain/meson-logs/testlog.json"
setup_build "$plain" -Dwerror=true -Db_sanitize=none --buildtype=debug
meson test -C "$plain" --no-rebuild --print-errorlogs --suite valgrind --suite plain || rc=$?

# A short libFuzzer run of every harness on top of its committed corpus
# (which, crash inputs included, already ran as a test above).
mkdir -p build-fuzz-logs
fuzz_results="build-fuzz-logs/results.txt"
: >"$fuzz_results"
echo "== Fuzzing each harness for ${QV_FUZZ_SECONDS:-60} s (clang, libFuzzer; logs: build-fuzz-logs/HARNESS.log)"
for harness in domxml layout vv; do
  log=build-fuzz-logs/$harness.log
  if bash fuzz/run.sh "$harness" "${QV_FUZZ_SECONDS:-60}" "build-fuzz/ci-$harness" >"$log" 2>&1; then
    echo "fuzz $harness: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log")"
    echo OK >>"$fuzz_results"
  else
    echo "fuzz $harness: FAILED, see $log"
    tail -30 "$log"
    echo FAIL >>"$fuzz_results"
    rc=1
  fi
done

# Files the run left in the tree.
untracked_after=$(git status --porcelain --untracked-files=all 2>/dev/null | sed -n 's/^?? //p' | sort)
left=$(comm -13 <(echo "$untracked_before") <(echo "$untracked_after"))
if [ -n "$left" ]; then
  echo "test.sh: the run left files in the tree:"
  sed 's/^/  /' <<<"$left"
  echo FAIL >>"$fuzz_results"
  rc=1
fi

# The plain summary line, counted from meson's own logs and the fuzz runs;
# a missing log (the run did not even start) counts as a failure.
python3 - "$fuzz_results" "$build/meson-logs/testlog.json" "$plain/meson-logs/testlog.json" <<'PY' || rc=1
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for r in open(sys.argv[1]).read().split():
    counts["passed" if r == "OK" else "failed"] += 1
for log in sys.argv[2:]:
    try:
        lines = open(log).readlines()
    except OSError:
        counts["failed"] += 1
        print(f"not run: {log} missing")
        continue
    for line in lines:
        t = json.loads(line)
        r = t["result"]
        counts["passed" if r == "OK" else "skipped" if r == "SKIP" else "failed"] += 1
        if r != "OK":
            # Its whole output is in the testlog.txt beside this file.
            print(f"{r}: {t['name']} (log: {log[:-len('.json')]}.txt)")
print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
sys.exit(1 if counts["failed"] or counts["skipped"] or not counts["passed"] else 0)
PY
exit $rc
