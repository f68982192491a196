#!/bin/bash
# Install what is needed, build with -Werror under ASan and UBSan, and run
# every test (unit, CLI, data checks, end to end). The last line reads
# "N passed, N failed, N skipped". A skipped test fails the run.
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

# The plain summary line, counted from meson's own log.
python3 - "$build/meson-logs/testlog.json" <<'PY' || rc=1
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    counts["passed" if r == "OK" else "skipped" if r == "SKIP" else "failed"] += 1
print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
sys.exit(1 if counts["failed"] or counts["skipped"] or not counts["passed"] else 0)
PY
exit $rc
