#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A man page must render with no groff warning at all.
set -u
. "$(dirname "$0")/require.sh"
require groff groff-base
out=$(groff -man -Tutf8 -ww -z "$1" 2>&1)
if [ -n "$out" ]; then
  echo "$out"
  exit 1
fi
# and say something: NAME, SYNOPSIS and EXIT STATUS sections present
for s in NAME SYNOPSIS 'EXIT STATUS'; do
  grep -q "^\.SH \"*$s" "$1" || { echo "$1: no $s section"; exit 1; }
done
