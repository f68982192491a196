#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The house rules CONTRIBUTING.md states, over every source file (TAP, one
# line per rule; the offending files are listed as comments):
# - C sources and headers start with the SPDX line, and a .c file's next
#   line opens the comment saying what it owns;
# - headers use #pragma once;
# - shell scripts carry the SPDX line in their first two lines;
# - no document or comment points at sizing rules outside the repository
#   (docs/qxl-sizing.md holds them); .ci/run alone uses ../shared/;
# - the viewer's messages go through qv_app_say(), which alone writes the
#   "quadview: " prefix.
#   check-house.sh SRCDIR
set -uo pipefail
cd "$1" || exit 1

n=0 failed=0
# rule DESCRIPTION OFFENDERS...: ok when none.
rule() {
	local what=$1
	shift
	n=$((n + 1))
	if (($# == 0)); then
		echo "ok $n - $what"
	else
		failed=1
		echo "not ok $n - $what"
		printf '# %s\n' "$@"
	fi
}

sources() { find . -path './build*' -prune -o -path ./.git -prune -o -type f "$@" -print | LC_ALL=C sort; }
mapfile -t c_files < <(sources -name '*.c')
mapfile -t h_files < <(sources -name '*.h')
mapfile -t sh_files < <(sources \( -name '*.sh' -o -path ./.ci/run -o -path ./tests/guest/init \))

spdx='SPDX-License-Identifier: GPL-2.0-or-later'
no_spdx=() no_opening=() no_pragma=() sh_no_spdx=()
for f in "${c_files[@]}" "${h_files[@]}"; do
	[[ $(head -1 "$f") == "/* $spdx */" ]] || no_spdx+=("$f")
done
for f in "${c_files[@]}"; do
	[[ $(sed -n 2p "$f") == '/*'* ]] || no_opening+=("$f")
done
for f in "${h_files[@]}"; do
	grep -qx '#pragma once' "$f" || no_pragma+=("$f")
done
for f in "${sh_files[@]}"; do
	head -2 "$f" | grep -qF "# $spdx" || sh_no_spdx+=("$f")
done
mapfile -t outside < <(grep -rlE --exclude-dir=.git --exclude-dir='build*' 'shared[/]qxl-sizing' . | LC_ALL=C sort)

mapfile -t prefix < <(grep -nE 'g_printerr|"quadview: [^"]*\\n"' viewer/*.c |
	grep -vE '^viewer/qv-app\.c:[0-9]+:  g_printerr \("quadview: %s\\n", text\);$' || true)

echo "1..6"
rule "C files start with the SPDX line (${#c_files[@]} .c, ${#h_files[@]} .h)" "${no_spdx[@]}"
rule "every .c file opens with a comment saying what it owns" "${no_opening[@]}"
rule "headers use #pragma once" "${no_pragma[@]}"
rule "shell scripts carry the SPDX line (${#sh_files[@]})" "${sh_no_spdx[@]}"
rule "the sizing rules are the project's own (docs/qxl-sizing.md)" "${outside[@]}"
rule "viewer messages go through qv_app_say (one \"quadview: \" prefix)" "${prefix[@]}"
exit $failed
