#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every command README.md shows after a "$ " prompt works as shown (TAP):
# run one after the other from the source tree, with the built qxl-tune
# and quadview first on PATH and /tmp/ replaced by this test's own
# directory. Where output lines follow a command in the README, its
# standard output must be exactly those lines.
#   check-readme.sh README BUILDDIR
set -uo pipefail
readme=$(realpath "$1")
build=$(realpath "$2")
src=$(dirname "$readme")
T=$(mktemp -d "${TMPDIR:-/tmp}/qv-readme.XXXXXX")
cleanup() {
  # A demo guest the commands started and did not stop (a failed step).
  [[ -s $T/qv-guest.pid ]] && "$src/tests/guest/run-guest.sh" --stop --pidfile "$T/qv-guest.pid" >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT

cmds=() outs=()
while IFS= read -r line; do
  if [[ $line =~ ^\ {4}\$\ (.*)$ ]]; then
    cmds+=("${BASH_REMATCH[1]}")
    outs+=("")
  elif ((${#cmds[@]})) && [[ $line =~ ^\ {4}(.*)$ && -n ${BASH_REMATCH[1]} && -z ${ended:-} ]]; then
    outs[-1]+="${BASH_REMATCH[1]}"$'\n'
  fi
  # Output belongs to the command right above it: a blank line ends it.
  if [[ $line =~ ^\ {4}\$\  ]]; then ended=; elif [[ -z $line || ! $line =~ ^\ {4} ]]; then ended=1; fi
done <"$readme"

echo "1..${#cmds[@]}"
((${#cmds[@]} > 0)) || { echo "Bail out! no \$ command in $readme"; exit 1; }
export PATH=$build/qxl-tune:$build/viewer:$PATH XDG_CONFIG_HOME=$T/config
failed=0
for i in "${!cmds[@]}"; do
  cmd=${cmds[i]//\/tmp\//$T/}
  (cd "$src" && timeout 900 bash -c "$cmd") >"$T/out" 2>"$T/err" </dev/null
  rc=$?
  if ((rc != 0)); then
    echo "not ok $((i + 1)) - \$ ${cmds[i]} (status $rc)"
    sed 's/^/# /' "$T/err" | tail -n 5
    failed=1
  elif [[ -n ${outs[i]} && $(<"$T/out")$'\n' != "${outs[i]}" ]]; then
    echo "not ok $((i + 1)) - \$ ${cmds[i]} (output differs from the README's)"
    diff <(printf %s "${outs[i]}") "$T/out" | sed 's/^/# /'
    failed=1
  else
    echo "ok $((i + 1)) - \$ ${cmds[i]}"
  fi
done
exit $failed
