#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile input for qxl-tune. Every case: the documented exit status, at
# most one line on stderr (exactly one on failure, naming the file), and on
# failure the input byte-identical (checksummed) with no backup left.
# Usage: test-hostile.sh PATH/TO/qxl-tune. TAP output.
set -u
QT=$1
DATA=${QV_TESTDATA:?}/domxml
T=$(mktemp -d)
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
n=0
failed=0
BASE=$DATA/dumpxml.in.xml

ok() { n=$((n + 1)); echo "ok $n - $1"; }
# count_prefix DIR PREFIX: files in DIR whose name starts with PREFIX.
count_prefix() { local c=0 f; for f in "$1/$2"*; do [ -e "$f" ] && c=$((c + 1)); done; echo "$c"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -s "$T/err" ] && sed 's/^/# /' "$T/err"; }
sum() { if [ -f "$1" ] && [ ! -L "$1" ]; then sha256sum "$1" | cut -d" " -f1; else stat -c "%F %i" "$1" 2>/dev/null || echo none; fi; }

# must_fail NAME RC FILE [ARGS...]: --in-place on FILE fails with RC.
must_fail() {
  name=$1 want=$2 f=$3; shift 3
  before=$(sum "$f" 2>/dev/null || echo none)
  timeout 20 "$QT" -d 1920x1200 --heads 4 --in-place "$@" "$f" >"$T/out" 2>"$T/err"
  rc=$?
  lines=$(wc -l <"$T/err")
  if [ "$rc" -ne "$want" ]; then not_ok "$name: exit $rc, want $want"
  elif [ "$lines" -ne 1 ] || ! grep -qF -- "$f" "$T/err"; then not_ok "$name: want one stderr line naming the file"
  elif [ "$(sum "$f" 2>/dev/null || echo none)" != "$before" ]; then not_ok "$name: input changed"
  elif [ -e "$f.bak" ] && [ ! -d "$f.bak" ]; then not_ok "$name: a backup was left"
  else ok "$name (exit $want: $(cut -c1-90 "$T/err"))"; fi
}

# must_patch NAME FILE GREP: patched to stdout, output matches GREP and is
# the input with only QXL lines changed.
must_patch() {
  name=$1 f=$2 pattern=$3
  timeout 20 "$QT" -d 1920x1200 --heads 4 "$f" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" -ne 0 ]; then not_ok "$name: exit $rc, want 0"
  elif ! grep -qa -- "$pattern" "$T/out"; then not_ok "$name: output lacks $pattern"
  elif [ "$(diff "$f" "$T/out" | grep -c '^[<>]')" -gt 2 ] && [ "${4:-}" != "adds" ]; then
    not_ok "$name: more than the model line changed"; diff "$f" "$T/out" | sed 's/^/# /'
  else ok "$name"; fi
}

# Variants of a known-good domain: replace the QXL model line.
model() { sed "s|<model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>|$1|" "$BASE" >"$T/$2"; }

# --- not XML at all
printf 'this is not XML\n' >"$T/text.xml";            must_fail "plain text" 1 "$T/text.xml"
: >"$T/empty.xml";                                     must_fail "empty file" 1 "$T/empty.xml"
head -c 700 "$BASE" >"$T/trunc.xml";                   must_fail "truncated" 1 "$T/trunc.xml"
printf '\0\0\0\0' >"$T/nul.xml";                       must_fail "NUL bytes" 1 "$T/nul.xml"
{ cat "$BASE"; printf '\0'; } >"$T/nul2.xml";          must_fail "trailing NUL" 1 "$T/nul2.xml"
head -c 3000 /dev/urandom >"$T/random.xml";            must_fail "random bytes" 1 "$T/random.xml"

# --- encodings
printf '\xff\xfe' >"$T/utf16.xml"; iconv -f UTF-8 -t UTF-16LE "$BASE" >>"$T/utf16.xml"
must_fail "UTF-16 with BOM" 1 "$T/utf16.xml"
{ echo '<?xml version="1.0" encoding="ISO-8859-1"?>'; cat "$BASE"; } >"$T/latin1.xml"
must_fail "declares ISO-8859-1" 1 "$T/latin1.xml"
{ printf '\xef\xbb\xbf'; cat "$BASE"; } >"$T/bom.xml"
must_patch "UTF-8 BOM kept and patched" "$T/bom.xml" "heads='4'"
check_bom() { [ "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" = efbbbf ]; }
if check_bom; then ok "UTF-8 BOM preserved"; else not_ok "UTF-8 BOM preserved"; fi
sed 's/$/\r/' "$BASE" >"$T/crlf.xml"
must_patch "CRLF line ends" "$T/crlf.xml" "heads='4'"
if [ "$(grep -c $'\r$' "$T/out")" -eq "$(wc -l <"$T/crlf.xml")" ]; then ok "CRLF kept on every line"; else not_ok "CRLF kept on every line"; fi

# --- numbers
model "<model type='qxl' ram='99999999999999' vram='65536' vgamem='16384' heads='1' primary='yes'/>" huge-ram.xml
must_patch "overflowing ram is replaced" "$T/huge-ram.xml" "ram='262144'"
model "<model type='qxl' ram='65536' vram='99999999999999' vgamem='16384' heads='1' primary='yes'/>" huge-vram.xml
must_fail "overflowing vram" 1 "$T/huge-vram.xml"
model "<model type='qxl' ram='65536' vram='-65536' vgamem='16384' heads='1' primary='yes'/>" neg-vram.xml
must_fail "negative vram" 1 "$T/neg-vram.xml"
model "<model type='qxl' ram='-1' vram='65536' vgamem='0x10' heads='-4' primary='yes'/>" neg-heads.xml
must_patch "negative heads, hex vgamem replaced" "$T/neg-heads.xml" "heads='4'"
model_long() { # PREFIX N CHAR SUFFIX FILE: a model line with an N-character value
  line=$(grep -n "<model type='qxl'" "$BASE" | cut -d: -f1)
  { head -n $((line - 1)) "$BASE"; printf '%s' "$1"; head -c "$2" /dev/zero | tr '\0' "$3"; printf '%s\n' "$4"
    tail -n +$((line + 1)) "$BASE"; } >"$T/$5"
}
model_long "      <model type='qxl' ram='65536' vram='" 1000000 7 "' heads='1'/>" long-vram.xml
must_fail "1 MB vram value" 1 "$T/long-vram.xml"
if [ "$(wc -c <"$T/err")" -lt 400 ]; then ok "long value cut in the message"; else not_ok "long value cut in the message"; fi
model_long "      <model type='" 100000 x "' heads='1'/>" long-type.xml
must_fail "100 kB model type" 1 "$T/long-type.xml"
model "<model type='q\\&#120;l' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>" charref.xml
must_patch "character reference in type" "$T/charref.xml" "heads='4'"

# --- structure
model "<model type='qxl' heads='1' primary='yes'/></video><video><model type='vga' primary='yes'/>" two-primaries.xml
must_fail "two primaries" 1 "$T/two-primaries.xml"
sed "s|<domain type='kvm'>|<domain xmlns='urn:x' type='kvm'>|" "$BASE" >"$T/ns-root.xml"
must_fail "namespaced root" 1 "$T/ns-root.xml"
model "<q:model xmlns:q='urn:q' type='vga'/><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>" ns-model.xml
must_patch "foreign-namespace model ignored" "$T/ns-model.xml" "<q:model xmlns:q='urn:q' type='vga'/><model type='qxl' ram='262144'"
model "<!-- <model type='qxl' heads='9'/> --><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/><?pi <model type='qxl'/>?>" comment-pi.xml
must_patch "comment and PI left alone" "$T/comment-pi.xml" "<!-- <model type='qxl' heads='9'/> --><model type='qxl' ram='262144'.*<?pi <model type='qxl'/>?>"
model "<model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/><xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='/etc/passwd' parse='text'/>" xinclude.xml
must_patch "XInclude not processed" "$T/xinclude.xml" "xi:include"
if grep -q 'root:' "$T/out"; then not_ok "XInclude pulled a file in"; else ok "XInclude pulled nothing in"; fi
{ printf '<domain type="kvm"><devices>'; for _ in $(seq 5000); do printf '<a>'; done; for _ in $(seq 5000); do printf '</a>'; done; printf '</devices></domain>'; } >"$T/deep.xml"
must_fail "5000 levels deep" 1 "$T/deep.xml"
head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$T/big.xml"; cat "$BASE" >>"$T/big.xml"
must_fail "over 8 MiB" 1 "$T/big.xml"

# --- entities and DTDs
cp "$DATA/billion-laughs-invalid.xml" "$T/laughs.xml"; must_fail "billion laughs" 1 "$T/laughs.xml"
cp "$DATA/external-entity-invalid.xml" "$T/xxe.xml";   must_fail "external entity" 1 "$T/xxe.xml"
{ echo '<!DOCTYPE domain SYSTEM "http://127.0.0.1:9/domain.dtd">'; cat "$BASE"; } >"$T/dtd.xml"
must_fail "external DTD" 1 "$T/dtd.xml"
sed "s|<name>laptop</name>|<name>\&undefined;</name>|" "$BASE" >"$T/undef.xml"
must_fail "undefined entity" 1 "$T/undef.xml"

# --- the file system
must_fail "missing file" 1 "$T/nope.xml"
mkdir "$T/dir.xml";                                     must_fail "a directory" 1 "$T/dir.xml"
mkfifo "$T/fifo.xml";                                   must_fail "a FIFO (no hang)" 1 "$T/fifo.xml"
ln -s loop.xml "$T/loop.xml";                           must_fail "a symlink loop" 1 "$T/loop.xml"
cp "$BASE" "$T/ro.xml"; chmod 444 "$T/ro.xml";          must_fail "read-only file" 1 "$T/ro.xml"
cp "$BASE" "$T/bakdir.xml"; mkdir "$T/bakdir.xml.bak";  must_fail "backup path is a directory" 1 "$T/bakdir.xml"
mkdir -m 755 "$T/rodir"; cp "$BASE" "$T/rodir/vm.xml"; chmod 644 "$T/rodir/vm.xml"; chown nobody "$T/rodir/vm.xml"
before=$(sum "$T/rodir/vm.xml")
setpriv --reuid=nobody --regid=nogroup --clear-groups "$QT" -d 1920x1200 --heads 4 --in-place "$T/rodir/vm.xml" >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && [ "$(sum "$T/rodir/vm.xml")" = "$before" ]; then
  ok "directory not writable for the user (exit 1: $(cat "$T/err"))"; else not_ok "directory not writable for the user (exit $rc)"; fi
# Disk full, as a file size limit: the backup cannot be written.
cp "$BASE" "$T/full.xml"
before=$(sum "$T/full.xml")
(trap '' XFSZ; ulimit -f 1; exec "$QT" -d 1920x1200 --heads 4 --in-place "$T/full.xml") >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && [ "$(sum "$T/full.xml")" = "$before" ] &&
   [ "$(count_prefix "$T" full.xml)" -le 2 ]; then
  ok "file size limit (exit 1: $(cat "$T/err"))"; else not_ok "file size limit (exit $rc)"; fi

echo "1..$n"
[ "$failed" -eq 0 ]
