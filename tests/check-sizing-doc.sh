#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# docs/qxl-sizing.md's reference values are what qxl-tune prints (TAP, one
# line per "$ qxl-tune …" example): the document cannot drift from the code.
#   check-sizing-doc.sh QXL_TUNE SRCDIR
set -uo pipefail
qxl_tune=$1
doc=$2/docs/qxl-sizing.md
n=0 failed=0

# One example: its command line (after "$ qxl-tune ") and the lines under it.
check_example() {
	local args=$1 want=$2 got
	local -a argv
	read -r -a argv <<<"$args"
	n=$((n + 1))
	got=$("$qxl_tune" "${argv[@]}" 2>&1)
	if [[ $got == "$want" ]]; then
		echo "ok $n - qxl-tune $args"
	else
		failed=1
		echo "not ok $n - qxl-tune $args"
		printf '# want: %s\n' "$want"
		printf '# got:  %s\n' "$got"
	fi
}

args='' want='' in_block=0
while IFS= read -r line; do
	if [[ $line == '```'* ]]; then
		[[ -n $args ]] && check_example "$args" "$want"
		args='' want=''
		in_block=$((1 - in_block))
		continue
	fi
	((in_block)) || continue
	if [[ $line == '$ qxl-tune '* ]]; then
		[[ -n $args ]] && check_example "$args" "$want"
		args=${line#'$ qxl-tune '} want=''
	elif [[ -n $args ]]; then
		want+=${want:+$'\n'}$line
	fi
done <"$doc"
((n > 0)) || { echo "Bail out! no \"\$ qxl-tune\" example in $doc"; exit 1; }
echo "1..$n"
exit $failed
