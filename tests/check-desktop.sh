#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The desktop file passes desktop-file-validate with no message at all.
# usage: check-desktop.sh FILE
set -u
. "$(dirname "$0")/require.sh"
require desktop-file-validate desktop-file-utils
out=$(desktop-file-validate "$1" 2>&1)
status=$?
if [ $status -ne 0 ] || [ -n "$out" ]; then
  echo "$out"
  echo "$1: desktop-file-validate failed"
  exit 1
fi
