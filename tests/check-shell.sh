#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs ShellCheck (warnings and errors; notes and style are left to
# review) over every shell script of the project: scripts, tests,
# benchmarks, CI and the bash completions. TAP, one line per file. From
# the source root, where the scripts' "source=" directives point.
#   check-shell.sh SRCDIR
set -uo pipefail
. "$(dirname "$0")/require.sh"
require shellcheck shellcheck
cd "$1" || exit 1
mapfile -t files < <(find . -path './build*' -prune -o -path ./.git -prune -o -type f \
	\( -name '*.sh' -o -path './data/completion/*' -o -path ./.ci/run \
	   -o -path ./tests/guest/init -o -path ./tests/guest/xorg-init \) -print | LC_ALL=C sort)
echo "1..${#files[@]}"
((${#files[@]} > 10)) || { echo "Bail out! only ${#files[@]} shell scripts found under $1"; exit 1; }
failed=0 n=0
for f in "${files[@]}"; do
	n=$((n + 1))
	if out=$(shellcheck -x -P SCRIPTDIR -S warning "$f" 2>&1); then
		echo "ok $n - ${f#./}"
	else
		echo "not ok $n - ${f#./}"
		sed 's/^/# /' <<<"$out"
		failed=1
	fi
done
exit $failed
