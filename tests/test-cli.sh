#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# qxl-tune's command line, end to end: exit codes, one-line errors, and
# that a failure never changes the input. TAP output.
# Usage: test-cli.sh PATH/TO/qxl-tune
set -u
. "$(dirname "$0")/require.sh"
require virt-install virtinst virt-xml-validate libvirt-clients xmllint libxml2-utils
QT=$1
DATA=${QV_TESTDATA:?}/domxml
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
# count_prefix DIR PREFIX: files in DIR whose name starts with PREFIX.
count_prefix() { c=0; for f in "$1/$2"*; do [ -e "$f" ] && c=$((c + 1)); done; echo "$c"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # DESCRIPTION COMMAND... : the command must succeed
  d=$1; shift
  if "$@" >"$T/check.out" 2>&1; then ok "$d"; else not_ok "$d"; sed 's/^/# /' "$T/check.out"; fi
}
sum() { sha256sum "$1" | cut -d' ' -f1; }

# run EXPECTED_RC ARGS... : runs qxl-tune, stdout in $T/out, stderr in $T/err
run() {
  want=$1; shift
  "$QT" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" -eq "$want" ]; then ok "exit $want: qxl-tune $*"; else
    not_ok "exit $want: qxl-tune $* (got $rc)"; sed 's/^/# /' "$T/err"; fi
}
one_line_error() { # the error is one line and names $1
  if [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q -- "$1" "$T/err"; then ok "one-line error naming $1"
  else not_ok "one-line error naming $1"; sed 's/^/# /' "$T/err"; fi
}

# --print-values: the acceptance line
run 0 --print-values -d 1920x1200 --heads 4
check "4 x 1920x1200 values" grep -qx 'heads=4 ram=262144 vram=65536 vram64=131072 vgamem=65536' "$T/out"
run 0 --print-values -d 2560x1440 -d 1920x1080
check "mixed heads values" grep -qx 'heads=2 ram=131072 vram=65536 vram64=0 vgamem=32768' "$T/out"
run 0 --print-values --json -d 1920x1080 --heads 2 --guest windows
check "json: two devices" sh -c "[ \$(grep -c '\"heads\": 1' '$T/out') -eq 2 ]"
run 0 --print-values -d 1920x1200 --heads 4 --vram64 2G
check "--vram64 override" grep -qx 'heads=4 ram=262144 vram=65536 vram64=2097152 vgamem=65536' "$T/out"
run 0 --print-values -d 2560x1600 --heads 4 --arrange row
check "a row too wide warns" grep -q 'warning: heads side by side are 10240x1600 px' "$T/err"
run 0 --print-values -d 2560x1600 --heads 4
check "auto: the same heads as 2x2, no warning, the same vgamem" \
  sh -c "grep -qx 'heads=4 ram=262144 vram=65536 vram64=131072 vgamem=65536' '$T/out' && [ ! -s '$T/err' ]"
run 0 --print-values -d 3840x2160 --heads 3 --arrange grid
check "--arrange grid: 2+1 4K heads, 7680x4320" grep -qx 'heads=3 ram=524288 vram=65536 vram64=262144 vgamem=131072' "$T/out"
run 2 --print-values -d 1920x1080 --arrange diagonal
check "--arrange takes row, grid or auto" grep -q 'arrange' "$T/err"

# Hard limits: exit 3, and the message names the limit and the numbers
run 3 --print-values -d 7680x4320 --heads 4
check "vgamem limit message" grep -q '512 MiB of vgamem; QEMU supports at most 256 MiB' "$T/err"
run 3 --print-values -d 800x600 --heads 5
run 3 --print-values -d 1920x1200 --heads 4 --vgamem 16M

# Usage errors: exit 2
run 2 --print-values
run 2 --print-values -d 1920by1080
run 2 --json -d 1920x1080 "$DATA/virt-install.in.xml"
run 2 -d 1920x1080 --heads 3 -d 800x600
run 2 -d 1920x1080 --in-place -
run 2 -d 1920x1080 --in-place --diff "$DATA/virt-install.in.xml"
run 2 -d 1920x1080
run 2 --no-such-option
run 2 -d 1920x1080 --guest beos "$DATA/virt-install.in.xml"
run 0 --help
check "--help documents exit 3" grep -q '^3 the layout exceeds a hard limit' "$T/out"

# FILE and stdin: the patched XML on stdout, equal to the golden file
run 0 -d 1920x1200 --heads 4 "$DATA/virt-install.in.xml"
check "FILE output equals golden" cmp -s "$T/out" "$DATA/virt-install.out.xml"
"$QT" -d 1920x1200 --heads 4 - <"$DATA/dumpxml.in.xml" >"$T/stdin.out" 2>"$T/err"
check "stdin output is valid for libvirt" virt-xml-validate "$T/stdin.out" domain
check "stdin output has 4 heads" grep -q "heads='4'" "$T/stdin.out"

# --diff: only the <model> line, and nothing written
cp "$DATA/dumpxml.in.xml" "$T/d.xml"
before=$(sum "$T/d.xml")
run 0 -d 1920x1200 --heads 4 --diff "$T/d.xml"
check "diff has one - and one + line" sh -c "[ \$(grep -c '^-  ' '$T/out') -eq 1 ] && [ \$(grep -c '^+  ' '$T/out') -eq 1 ]"
check "diff changes the model line" grep -q "^+      <model type='qxl' ram='262144' vram='65536' vram64='131072' vgamem='65536' heads='4' primary='yes'/>" "$T/out"
check "--diff writes nothing" [ "$(sum "$T/d.xml")" = "$before" ]

# Domains written by the real tools: virt-install --print-xml (double
# quotes) and virsh dumpxml (single quotes). Only the <model> line changes,
# and libvirt's schema accepts the result.
only_model_line() { # FILE
  "$QT" -d 1920x1200 --heads 4 --diff "$1" >"$T/only.diff"
  if [ "$(grep -c '^-[^-]' "$T/only.diff")" -eq 1 ] && [ "$(grep -c '^+[^+]' "$T/only.diff")" -eq 1 ] &&
     grep -q '^+ *<model type=.qxl. .*heads=.4.' "$T/only.diff"; then ok "only the <model> line changes in $(basename "$1")"
  else not_ok "only the <model> line changes in $(basename "$1")"; sed 's/^/# /' "$T/only.diff"; fi
  "$QT" -d 1920x1200 --heads 4 "$1" >"$T/only.xml"
  check "$(basename "$1") patched validates" virt-xml-validate "$T/only.xml" domain
}
virt-install --connect test:///default --print-xml --name vi --memory 1024 --disk none \
  --graphics spice --video qxl --network none --osinfo detect=on,require=off >"$T/virt-install.xml" 2>"$T/err"
check "virt-install --print-xml wrote a domain" grep -q '<model type="qxl"' "$T/virt-install.xml"
only_model_line "$T/virt-install.xml"
virsh -q -c test:///default "define $DATA/dumpxml.in.xml; dumpxml laptop" >"$T/virsh-dumpxml.xml" 2>"$T/err"
sed -i '/^Domain .* defined/d' "$T/virsh-dumpxml.xml"
check "virsh dumpxml wrote a domain" grep -q "<model type='qxl'" "$T/virsh-dumpxml.xml"
only_model_line "$T/virsh-dumpxml.xml"

# --in-place: atomic rewrite, original kept, mode kept
cp "$DATA/virt-install.in.xml" "$T/vm.xml"
chmod 640 "$T/vm.xml"
run 0 -d 1920x1200 --heads 4 --in-place "$T/vm.xml"
check "in-place result equals golden" cmp -s "$T/vm.xml" "$DATA/virt-install.out.xml"
check "backup holds the original" cmp -s "$T/vm.xml.bak" "$DATA/virt-install.in.xml"
check "mode kept" [ "$(stat -c %a "$T/vm.xml")" = 640 ]
check "backup mode kept" [ "$(stat -c %a "$T/vm.xml.bak")" = 640 ]
check "no temporary files left" [ "$(count_prefix "$T" vm.xml)" -eq 2 ]
run 0 -d 1920x1200 --heads 4 --in-place "$T/vm.xml"
check "second run writes nothing" grep -q 'already has these values' "$T/err"
check "second run keeps the first backup" cmp -s "$T/vm.xml.bak" "$DATA/virt-install.in.xml"

# --in-place through a symbolic link: the link stays, its target changes
cp "$DATA/dumpxml.in.xml" "$T/target.xml"
ln -s target.xml "$T/link.xml"
run 0 -d 1920x1080 --heads 2 --in-place "$T/link.xml"
check "link is still a link" [ -L "$T/link.xml" ]
check "link target patched" grep -q "heads='2'" "$T/target.xml"

# Bad input: exit 1, one line naming the file, the input byte-identical
for f in "$DATA"/*-invalid.xml; do
  cp "$f" "$T/bad.xml"
  before=$(sum "$T/bad.xml")
  run 1 -d 1920x1080 --in-place "$T/bad.xml"
  one_line_error "$T/bad.xml"
  check "$(basename "$f") unchanged" [ "$(sum "$T/bad.xml")" = "$before" ]
  check "$(basename "$f"): no backup made" [ ! -e "$T/bad.xml.bak" ]
done
run 1 -d 1920x1080 "$T/does-not-exist.xml"
one_line_error "$T/does-not-exist.xml"
run 1 -d 1920x1080 "$T"
one_line_error "$T"
printf '\377\376<\000d\000' >"$T/utf16.xml"
run 1 -d 1920x1080 "$T/utf16.xml"
one_line_error "not UTF-8"
: >"$T/empty.xml"
run 1 -d 1920x1080 "$T/empty.xml"
one_line_error "$T/empty.xml"
# A limit with a file: exit 3, file untouched
cp "$DATA/dumpxml.in.xml" "$T/lim.xml"
before=$(sum "$T/lim.xml")
run 3 -d 7680x4320 --heads 4 --in-place "$T/lim.xml"
check "limit leaves the file alone" [ "$(sum "$T/lim.xml")" = "$before" ]

# Several files: each on its own, the worst status wins
cp "$DATA/virt-install.in.xml" "$T/m1.xml"; cp "$DATA/dumpxml.in.xml" "$T/m2.xml"
printf 'not xml' >"$T/m3.xml"
run 2 -d 1920x1080 "$T/m1.xml" "$T/m2.xml"
run 1 -d 1920x1200 --heads 4 --in-place "$T/m1.xml" "$T/m3.xml" "$T/m2.xml"
check "first of several patched" cmp -s "$T/m1.xml" "$DATA/virt-install.out.xml"
check "last of several patched despite a bad one" grep -q "heads='4'" "$T/m2.xml"
check "the bad one untouched" [ "$(cat "$T/m3.xml")" = "not xml" ]

# --domain through libvirt's test driver (a fresh one per process)
run 0 -c test:///default --domain test -d 1920x1080 --heads 2 --diff
check "domain diff adds a QXL video" grep -q "^+    <video>" "$T/out"
run 0 -c test:///default --domain test -d 1920x1080 --heads 2
check "domain defined" grep -q '^domain test defined:' "$T/out"
check "running domain needs a power-off" grep -q 'full power-off' "$T/err"
run 1 -c test:///default --domain no-such-vm -d 1920x1080
one_line_error "no-such-vm"
run 1 -c test:///no/such/file.xml --domain test -d 1920x1080
one_line_error "cannot connect"

# --from-layout: the windows quadview saved for a VM, as they stand
mkdir -p "$T/config/quadview"
uuid=3c1d5e7a-2b9f-4c60-8d14-6f0a9e2b7c31
{
  printf '[quadview]\nversion=1\n\n[vm:%s]\nname=web\n\n' "$uuid"
  printf '[vm:%s/layout:%s]\nlast-used=%s\n\n' "$uuid" wide 2026-12-02T00:00:00Z "$uuid" small 2026-12-01T00:00:00Z
  for i in 1 2 3 4; do
    printf '[vm:%s/layout:wide/display:%d]\nx=%d\ny=0\nwidth=2560\nheight=1465\n\n' "$uuid" "$i" $(( (i - 1) * 2600 ))
  done
  printf '[vm:%s/layout:small/display:1]\nx=0\ny=0\nwidth=1024\nheight=793\n\n' "$uuid"
  printf '[vm:%s/layout:small/display:2]\nx=0\ny=850\nwidth=1024\nheight=793\n\n' "$uuid"
} >"$T/config/quadview/layouts.ini"
XDG_CONFIG_HOME=$T/config run 0 --print-values --from-layout web
check "a row of four 2560 windows: sized as the 2x2 it folds into" \
  grep -qx 'heads=4 ram=262144 vram=65536 vram64=131072 vgamem=65536' "$T/out"
check "... and says which layout, as the windows stand" \
  grep -q "layout 'wide' of web: 2560x1465 2560x1465 2560x1465 2560x1465, standing as the windows do in 5120x2930 px" "$T/err"
XDG_CONFIG_HOME=$T/config run 0 --print-values --from-layout "$uuid" --layout small
check "--layout small, by the VM's key: two heads in a column" \
  grep -qx 'heads=2 ram=65536 vram=65536 vram64=0 vgamem=16384' "$T/out"
XDG_CONFIG_HOME=$T/config run 0 --from-layout web --diff "$DATA/virt-install.in.xml"
check "--from-layout patches a file (diff): heads 4, vgamem 65536" grep -q '^+.*vgamem="65536" heads="4"' "$T/out"
XDG_CONFIG_HOME=$T/config run 1 --print-values --from-layout nosuchvm
one_line_error "nosuchvm: no saved layouts in $T/config/quadview/layouts.ini"
XDG_CONFIG_HOME=$T/config run 1 --print-values --from-layout web --layout nope
one_line_error "no layout called 'nope'"
XDG_CONFIG_HOME=$T/config run 2 --print-values --from-layout web -d 800x600
run 2 --print-values -d 800x600 --layout wide

echo "1..$n"
[ "$failed" -eq 0 ]
