#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# quadview --list-layouts and --forget-layout find a VM's layouts under
# the name a session saves them with, without connecting (TAP):
# spice:// in both spellings of the port, spice+unix://, and .vv files
# (their title, or where they point), which are read but never deleted.
#
#   test-layouts-cli.sh QUADVIEW
set -uo pipefail

qv=$1
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config LC_ALL=C.UTF-8
mkdir -p "$XDG_CONFIG_HOME/quadview"
uuid=5f0c6c1e-8a4b-4f7e-9d2c-3b1a0e6d7f21

# A VM keyed by where it was reached, one by a socket, one by its UUID
# (named after the .vv file's title): one layout each.
vm() { # KEY-IN-GROUP NAME LAYOUT
	printf '[vm:%s]\nname=%s\n\n[vm:%s/layout:%s]\nlast-used=2026-12-01T00:00:00Z\n\n' "$1" "$2" "$1" "$3"
	printf '[vm:%s/layout:%s/display:1]\nx=0\ny=0\nwidth=800\nheight=600\n\n' "$1" "$3"
}
{
	printf '[quadview]\nversion=1\n\n'
	vm 127.0.0.1:5930 127.0.0.1:5930 desk
	vm %2Frun%2Fvm.sock /run/vm.sock sock
	vm "$uuid" 'VM 100 - web' pve
} >"$XDG_CONFIG_HOME/quadview/layouts.ini"

# lists TARGET LAYOUT: --list-layouts TARGET exits 0 and shows LAYOUT
# only (no other VM's).
lists() {
	"$qv" --list-layouts "$1" >"$T/out" 2>"$T/err" || { sed 's/^/# /' "$T/err"; return 1; }
	grep -q "^  $2 " "$T/out" && [[ $(grep -c '^  ' "$T/out") == 1 ]]
}

echo "1..10"
check "spice://HOST:PORT" lists spice://127.0.0.1:5930 desk
check "spice://HOST?port=PORT, the same VM" lists 'spice://127.0.0.1?port=5930' desk
check "spice+unix://PATH" lists spice+unix:///run/vm.sock sock

printf '[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5930\ndelete-this-file=1\n' >"$T/plain.vv"
check "a .vv file without a title: where it points" lists "$T/plain.vv" desk
check "... and it is not deleted (only opening it uses it up)" test -f "$T/plain.vv"
printf '[virt-viewer]\ntype=spice\nhost=pvespiceproxy:a:100:pve1::b\ntls-port=61000\ntitle=VM 100 - web\n' >"$T/pve.vv"
check "a .vv file with a title: the VM so named" lists "$T/pve.vv" pve

missing_vv() {
	"$qv" --list-layouts "$T/missing.vv" >"$T/out" 2>"$T/err"
	[[ $? == 1 && $(wc -l <"$T/err") == 1 ]] && grep -qF "$T/missing.vv" "$T/err"
}
check "a missing .vv file: exit 1, one line naming it" missing_vv
check "with -c, a domain's name: looked up as it is (VM 100 - web)" \
	eval '"$qv" -c test:///default --list-layouts "VM 100 - web" >"$T/out" 2>&1 && grep -q "^  pve " "$T/out"'

check "--forget-layout NAME spice+unix://PATH" \
	"$qv" --forget-layout sock spice+unix:///run/vm.sock
check "... gone, the others kept" \
	eval '! grep -q "layout:sock" "$XDG_CONFIG_HOME/quadview/layouts.ini" &&
		grep -q "layout:desk" "$XDG_CONFIG_HOME/quadview/layouts.ini"'
exit $failed
