#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Translations (TAP): every catalog in po/ is complete and covers every
# string the sources mark; both tools speak German in a German locale and
# English in the C locale, with the same exit codes; and machine-readable
# output (--print-values, --json, patched XML, --diff) is byte-identical
# whatever the locale.
#   check-i18n.sh SRCDIR BUILDDIR
set -uo pipefail
src=$(realpath "$1")
build=$(realpath "$2")
# shellcheck source=tests/require.sh
. "$src/tests/require.sh"
require msgfmt gettext xgettext gettext msgcmp gettext localedef locales
qt=$build/qxl-tune/qxl-tune
qv=$build/viewer/quadview
T=$(mktemp -d "${TMPDIR:-/tmp}/qv-i18n.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)) failed=$((failed + 1))
  echo "not ok $n - $1"
  shift
  for f in "$@"; do [[ -s $f ]] && sed 's/^/# /' "$f"; done
}
check() { # check NAME COMMAND...: ok when COMMAND succeeds
  local name=$1
  shift
  if "$@" >"$T/check.out" 2>&1; then ok "$name"; else not_ok "$name" "$T/check.out"; fi
}

# --- the catalogs and the sources
mapfile -t langs < <(grep -v '^#' "$src/po/LINGUAS")
[[ ${#langs[@]} -gt 0 ]] || not_ok "po/LINGUAS lists no language"
# C files with _(), N_() or g_dngettext(); GtkBuilder files with a
# translatable property.
marked() { grep -lE '\b(N?_|g_dngettext) ?\(|translatable="yes"' "$@"; }
(cd "$src" && marked core/*/*.c viewer/*.c viewer/resources/*.ui qxl-tune/*.c | sort) >"$T/marked"
sort "$src/po/POTFILES" >"$T/listed"
check "po/POTFILES lists exactly the files with translatable strings" diff -u "$T/listed" "$T/marked"
(cd "$src" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=g_dngettext:2,3 \
  -f po/POTFILES -o "$T/quadview.pot") 2>"$T/xgettext.err"
check "xgettext reads every marked string" test -s "$T/quadview.pot"
for lang in "${langs[@]}"; do
  po=$src/po/$lang.po
  msgfmt --check --statistics -o /dev/null "$po" 2>"$T/stats"
  if [[ $? -eq 0 && -z $(grep -E 'untranslated|fuzzy' "$T/stats") ]]; then
    ok "$lang.po is valid and complete ($(cat "$T/stats"))"
  else
    not_ok "$lang.po is valid and complete" "$T/stats"
  fi
  # msgcmp: every string of the sources has a translation in $lang.po.
  check "$lang.po translates every string the sources mark" msgcmp "$po" "$T/quadview.pot"
  check "$lang.mo built" test -s "$build/po/$lang/LC_MESSAGES/quadview.mo"
done

# --- a German locale, compiled into our own LOCPATH
localedef -i de_DE -f UTF-8 "$T/de_DE.UTF-8" >"$T/localedef.log" 2>&1 ||
  not_ok "localedef de_DE.UTF-8" "$T/localedef.log"
export QUADVIEW_LOCALEDIR=$build/po LOCPATH=$T
unset LANGUAGE LC_ALL LC_MESSAGES LC_CTYPE
export XDG_CONFIG_HOME=$T/config
de() { LANG=de_DE.UTF-8 "$@"; }
c() { LANG=C "$@"; }

# run NAME WANT_RC PATTERN_DE PATTERN_C COMMAND...: COMMAND exits WANT_RC in
# both locales; its output (stdout and stderr) has PATTERN_DE in German and
# PATTERN_C, not PATTERN_DE, in the C locale.
run() {
  local name=$1 want=$2 de_pat=$3 c_pat=$4 rc_de rc_c
  shift 4
  de "$@" >"$T/de.out" 2>&1
  rc_de=$?
  c "$@" >"$T/c.out" 2>&1
  rc_c=$?
  if [[ $rc_de -ne $want || $rc_c -ne $want ]]; then
    not_ok "$name: exit $rc_de (German), $rc_c (C), want $want" "$T/de.out" "$T/c.out"
  elif ! grep -F -- "$de_pat" "$T/de.out" >/dev/null; then
    not_ok "$name: no '$de_pat' in German" "$T/de.out"
  elif ! grep -F -- "$c_pat" "$T/c.out" >/dev/null || grep -F -- "$de_pat" "$T/c.out" >/dev/null; then
    not_ok "$name: not English in the C locale" "$T/c.out"
  else
    ok "$name: $(grep -m1 -F -- "$de_pat" "$T/de.out" | sed 's/^ *//')"
  fi
}

xml=$src/tests/data/domxml/dumpxml.in.xml
run "qxl-tune --help" 0 "Rückgabewert: 0 erledigt" "Exit status: 0 done" "$qt" --help
run "qxl-tune --help, options" 0 "--display=BxH" "--display=WxH" "$qt" --help
run "qxl-tune usage error" 2 "geben Sie mindestens ein --display" "give at least one --display" "$qt" "$xml"
run "qxl-tune missing file" 1 "$T/none.xml: kann nicht gelesen werden" "$T/none.xml: cannot read" \
  "$qt" -d 800x600 "$T/none.xml"
run "qxl-tune limit" 3 "höchstens 4" "at most 4" "$qt" --print-values -d 800x600 --heads 5
run "quadview --help" 0 "Beispiele:" "Examples:" "$qv" --help
run "quadview usage error" 2 "nur ein Verbindungsziel" "one connection target only" "$qv" a b
run "quadview --list-layouts" 1 "keine gespeicherten Layouts für" "no saved layouts for" \
  "$qv" --list-layouts spice://127.0.0.1:5900

# same NAME COMMAND...: standard output byte-identical in both locales
# (standard input: $same_in, default none).
same() {
  local name=$1
  shift
  de "$@" <"${same_in:-/dev/null}" >"$T/de.out" 2>/dev/null
  c "$@" <"${same_in:-/dev/null}" >"$T/c.out" 2>/dev/null
  if [[ -s $T/c.out ]] && cmp -s "$T/de.out" "$T/c.out"; then
    ok "$name: same output in German"
  else
    diff -u "$T/c.out" "$T/de.out" >"$T/diff"
    not_ok "$name: output changes with the locale" "$T/diff"
  fi
}
same "--print-values" "$qt" --print-values -d 1920x1200 --heads 4
same "--print-values --json" "$qt" --print-values --json -d 1920x1200 -d 1024x768
same "patched XML" "$qt" -d 1920x1200 --heads 2 "$xml"
same "--diff" "$qt" --diff -d 1920x1200 --heads 2 "$xml"
same_in=$xml same "--diff from standard input" "$qt" --diff -d 1920x1200 --heads 2 -
same "--version" "$qt" --version

echo "1..$n"
[[ $failed -eq 0 ]]
