#!/bin/bash
# Install what is needed, build with -Werror under ASan and UBSan, and run
# every test (unit, CLI, data checks, end to end); then, in a second plain
# build (valgrind cannot run sanitized code), qxl-tune under valgrind. The
# last line reads "N passed, N failed, N skipped", counting both. A skipped
# test fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

build=build-test
if [ -d "$build" ]; then
  meson setup --reconfigure "$build" >/dev/null
else
  meson setup "$build" -Dwerror=true -Db_sanitize=address,undefined --buildtype=debugoptimized
fi
meson compile -C "$build"
rc=0
meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || rc=$?

plain="build-valgrind"
rm -f "$plain/meson-logs/testlog.json"
plain_options=(-Dwerror=true -Db_sanitize=none --buildtype=debug)
if [ -d "$plain" ]; then
  meson setup --reconfigure "$plain" "${plain_options[@]}" >/dev/null
else
  meson setup "$plain" "${plain_options[@]}"
fi
meson test -C "$plain" --print-errorlogs --suite valgrind || rc=$?

# The plain summary line, counted from meson's own logs; a missing log
# (the run did not even start) counts as a failure.
python3 - "$build/meson-logs/testlog.json" "$plain/meson-logs/testlog.json" <<'PY' || rc=1
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for log in sys.argv[1:]:
    try:
        lines = open(log).readlines()
    except OSError:
        counts["failed"] += 1
        continue
    for line in lines:
        r = json.loads(line)["result"]
        counts["passed" if r == "OK" else "skipped" if r == "SKIP" else "failed"] += 1
print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
sys.exit(1 if counts["failed"] or counts["skipped"] or not counts["passed"] else 0)
PY
exit $rc
