#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# qxl-tune under valgrind memcheck (TAP): every case must exit as
# documented with zero errors and zero definite leaks. Registered only in
# builds without sanitizers (valgrind cannot run those).
#   test-valgrind.sh QXL_TUNE
set -uo pipefail
QXL_TUNE=$1
DATA=${QV_TESTDATA:-$(dirname "$0")/data}/domxml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Definite leaks count as errors, so one summary line covers both. The
# exit code alone cannot tell valgrind's errors (1) from qxl-tune's own
# exit status 1, so the log is read as well.
VALGRIND=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
  --num-callers=30)
export G_DEBUG=fatal-criticals,gc-friendly

cases=(
  # expected exit | arguments (FILE stands for a fresh copy of the input)
  "0|-d 1920x1080 --heads 2 FILE"
  "0|--diff -d 2560x1440 -d 1920x1080 FILE"
  "0|--in-place -d 2560x1440 -d 1920x1080 -d 1280x800 FILE"
  "0|--guest=windows --convert -d 1920x1080 -d 1920x1080 FILE"
  "0|--print-values -d 3840x2160 -d 1920x1080"
  "0|--print-values --json --guest=windows -d 1920x1080 --heads 3"
  "0|-d 1920x1080 -"
  "1|-d 1920x1080 INVALID"
  "1|-d 1920x1080 MISSING"
  "2|-d 0x0 FILE"
  "3|-d 8192x8192 --heads 4 FILE"
  "0|-c test:///default --domain test -d 1920x1080 --heads 2 --diff"
  "0|-c test:///default --domain test -d 2560x1440 -d 1920x1080"
  "1|-c test:///default --domain no-such-vm -d 1920x1080"
)

echo "1..${#cases[@]}"
n=0
for c in "${cases[@]}"; do
  n=$((n + 1))
  expect=${c%%|*}
  args=${c#*|}
  cp "$DATA/virt-install.in.xml" "$T/dom.xml"
  cp "$DATA/truncated-invalid.xml" "$T/bad.xml"
  args=${args//FILE/$T/dom.xml}
  args=${args//INVALID/$T/bad.xml}
  args=${args//MISSING/$T/none.xml}
  log=$T/valgrind-$n.log
  # shellcheck disable=SC2086
  "${VALGRIND[@]}" --log-file="$log" "$QXL_TUNE" $args <"$T/dom.xml" >"$T/out" 2>"$T/err"
  rc=$?
  summary=$(grep -o 'ERROR SUMMARY: [0-9]* errors' "$log" | tail -1)
  definite=$(grep -o 'definitely lost: [0-9,]* bytes' "$log" | tail -1)
  echo "# qxl-tune ${c#*|}: exit $rc; ${summary:-no summary}; ${definite:-definitely lost: 0 bytes}"
  if [ "$rc" = "$expect" ] && [ "$summary" = "ERROR SUMMARY: 0 errors" ] \
    && { [ -z "$definite" ] || [ "$definite" = "definitely lost: 0 bytes" ]; }; then
    echo "ok $n - valgrind: qxl-tune ${c#*|}"
  else
    echo "not ok $n - valgrind: qxl-tune ${c#*|} (expected exit $expect)"
    sed 's/^/# /' "$T/err" | head -5
    grep -v '^==[0-9]*== *$' "$log" | sed 's/^/# /' | head -60
  fi
done
