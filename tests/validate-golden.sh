#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every expected output of the XML patcher passes libvirt's own schema.
set -u
. "$(dirname "$0")/require.sh"
require virt-xml-validate libvirt-clients xmllint libxml2-utils
status=0
n=0
for f in "${QV_TESTDATA:?}"/domxml/*.out.xml; do
  n=$((n + 1))
  if out=$(virt-xml-validate "$f" domain 2>&1); then echo "ok $n - $(basename "$f")"
  else echo "not ok $n - $(basename "$f")"; echo "$out" | sed 's/^/# /'; status=1; fi
done
echo "1..$n"
[ "$n" -gt 0 ] && exit $status
exit 1
