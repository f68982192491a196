#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# libvirt is loaded only for a libvirt domain (TAP): qxl-tune on a file and
# quadview without -c never load libvirt.so (neither program links it);
# qxl-tune --domain and quadview -c URI do, through their modules. Read off the dynamic loader's
# own trace (LD_DEBUG=files), so what the modules pull in counts too. Only
# in builds without sanitizers: sanitized programs link libvirt on
# purpose (meson.build).
#   check-libvirt-modules.sh QXL_TUNE QUADVIEW
set -uo pipefail
QXL_TUNE=$1
QUADVIEW=$2
DATA=${QV_TESTDATA:-$(dirname "$0")/data}/domxml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
n=0 failed=0

# check WANT(loads|skips) DESCRIPTION COMMAND...: runs COMMAND under the
# loader's trace; it must exit 0 and load libvirt.so (or not).
check() {
	local want=$1 what=$2 rc=0 loaded=skips
	shift 2
	n=$((n + 1))
	LD_DEBUG=files LD_DEBUG_OUTPUT=$T/ld.$n "$@" >"$T/out" 2>&1 || rc=$?
	if cat "$T"/ld.$n.* 2>/dev/null | grep 'file=libvirt\.so' >/dev/null; then
		loaded=loads
	fi
	if ((rc == 0)) && [[ $loaded == "$want" ]]; then
		echo "ok $n - $what $want libvirt"
	else
		echo "not ok $n - $what: exit $rc, $loaded libvirt (want exit 0, $want)"
		sed 's/^/# /' "$T/out"
		failed=1
	fi
}

echo "1..5"
check skips "qxl-tune on a file" "$QXL_TUNE" -d 1920x1080 "$DATA/virt-install.in.xml"
check skips "qxl-tune --print-values" "$QXL_TUNE" --print-values -d 1920x1080
check loads "qxl-tune --domain" "$QXL_TUNE" -c test:///default --domain test --diff -d 1920x1080
check skips "quadview --version" "$QUADVIEW" --version
# --make-launcher looks the domain up and writes a file: no display needed.
check loads "quadview -c URI --make-launcher" "$QUADVIEW" -c test:///default --make-launcher test
exit $failed
