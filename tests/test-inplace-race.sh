#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# qxl-tune --in-place run by root on a file in another user's directory,
# while that user races it (TAP; needs root, as scripts/test.sh runs):
# a loop as `nobody` keeps renaming symbolic links to a root-owned 0600
# file over FILE.bak and FILE, and swapping the directory itself for a
# link to a root-owned directory holding a domain XML. Root runs
# qxl-tune --in-place QV_RACE_RUNS times (default 300), every other run
# with --allow-foreign-dir. Afterwards the root files keep owner, mode
# and bytes, nothing appeared anywhere but the user's directory, and
# every run either wrote the user's file or refused in one line.
#   test-inplace-race.sh QXL_TUNE
# Checks run through check/eval: shellcheck cannot see those uses.
# shellcheck disable=SC2016,SC2034
set -euo pipefail
QXL_TUNE=$1
DATA=${QV_TESTDATA:-$(dirname "$0")/data}
RUNS=${QV_RACE_RUNS:-300}
. "$(dirname "$0")/require.sh"
require setpriv util-linux /usr/bin/python3 python3

echo "1..6"
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

[[ $(id -u) == 0 ]] || { echo "Bail out! needs root (scripts/test.sh runs as root)"; exit 1; }

T=$(mktemp -d)
racer=
cleanup() {
	[[ -n $racer ]] && kill "$racer" 2>/dev/null && wait "$racer" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
chmod 755 "$T"

# Root's things: a secret, and a directory with a domain XML in it.
printf 'root secret\n' >"$T/secret"
chmod 600 "$T/secret"
mkdir -m 755 "$T/rootdir"
cp "$DATA/domxml/virt-install.in.xml" "$T/rootdir/vm.xml"
chmod 600 "$T/rootdir/vm.xml"
sums() { stat -c '%n %u %g %a' "$T/secret" "$T/rootdir/vm.xml"; sha256sum "$T/secret" "$T/rootdir/vm.xml"; }
root_before=$(sums)

# nobody's directory, and their domain XML.
mkdir -m 755 "$T/home"
mkdir -m 755 "$T/home/vms"
cp "$DATA/domxml/virt-install.in.xml" "$T/home/vms/vm.xml"
chmod 644 "$T/home/vms/vm.xml"
chown -R nobody:nogroup "$T/home"

# The race, as nobody: each step an atomic rename, so the user's file and
# directory are always somewhere; half the time all is as it should be.
setpriv --reuid=nobody --regid=nogroup --clear-groups -- /usr/bin/python3 - "$T" <<'PY' &
import os, sys, random, signal
t = sys.argv[1]
# SIGTERM ends the loop between steps, never inside one.
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
home, vms = t + "/home", t + "/home/vms"
def link_over(target, name):
    tmp = name + ".racer"
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    os.symlink(target, tmp)
    os.rename(tmp, name)
while not stop:
    step = random.randrange(4)
    try:
        if step == 0:
            link_over(t + "/secret", vms + "/vm.xml.bak")
        elif step == 1:
            # The file itself: aside, a link in its place, then back.
            os.rename(vms + "/vm.xml", vms + "/vm.xml.aside")
            link_over(t + "/secret", vms + "/vm.xml")
            os.rename(vms + "/vm.xml.aside", vms + "/vm.xml")
        elif step == 2:
            # The directory: aside, a link to root's in its place, then back.
            os.rename(vms, home + "/vms.aside")
            link_over(t + "/rootdir", vms)
            os.unlink(vms)
            os.rename(home + "/vms.aside", vms)
        else:
            try:
                os.unlink(vms + "/vm.xml.bak")
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                pass
    except OSError:
        pass
PY
racer=$!

wrote=0 wrote_default=0 refused=0 same=0 bad=0
for ((i = 0; i < RUNS; i++)); do
	# Two requests with different values: every write changes the file.
	if ((i / 2 % 2)); then args=(-i -d 1280x800 --heads 3); else args=(-i -d 2560x1440 -d 1920x1200); fi
	((i % 2)) && args+=(--allow-foreign-dir --backup=overwrite)
	rc=0
	"$QXL_TUNE" "${args[@]}" "$T/home/vms/vm.xml" >"$T/out" 2>"$T/err" || rc=$?
	lines=$(wc -l <"$T/err")
	if ((rc == 0)) && grep -q ' updated ' "$T/err"; then
		wrote=$((wrote + 1))
		((i % 2)) || wrote_default=$((wrote_default + 1))
	elif ((rc == 0)) && grep -q 'already has these values; nothing written' "$T/err"; then
		# The run before it was refused: nothing to change.
		same=$((same + 1))
	elif ((rc == 1 && lines == 1)); then
		refused=$((refused + 1))
		[[ -n ${first_refusal:-} ]] || first_refusal=$(cat "$T/err")
	else
		bad=$((bad + 1))
		echo "# run $i: status $rc, $lines line(s):"
		sed 's/^/#   /' "$T/err"
	fi
done
kill "$racer" 2>/dev/null || { echo "Bail out! the racing loop died early"; exit 1; }
wait "$racer" 2>/dev/null || true
racer=
echo "# $RUNS runs: $wrote wrote nobody's file, $refused refused in one line," \
	"$same found nothing to change, $bad otherwise"
echo "# a refusal: ${first_refusal:-none}"

check "root's secret and root's domain XML keep owner, mode and bytes" \
	eval '[[ $(sums) == "$root_before" ]]'
left=$(cd "$T" && find . -mindepth 1 ! -path './home' ! -path './home/*' ! -path ./secret \
	! -path ./rootdir ! -path ./rootdir/vm.xml ! -path ./out ! -path ./err)
[[ -z $left ]] || echo "# unexpected: $left"
check "nothing was written outside nobody's directory" eval '[[ -z $left ]]'
owners=$(find "$T/home" ! -user nobody)
[[ -z $owners ]] || echo "# not nobody's: $owners"
check "everything in nobody's directory is nobody's" eval '[[ -z $owners ]]'
check "every run wrote nobody's file, refused in one line or had nothing to change ($bad otherwise)" eval '((bad == 0))'
check "the runs without --allow-foreign-dir all refused ($wrote_default wrote), some with it wrote ($wrote)" \
	eval '((wrote_default == 0 && wrote > 0))'
# After the race, the file is a domain XML that qxl-tune wrote, as nobody.
settled=$("$QXL_TUNE" -d 1024x768 "$T/home/vms/vm.xml" 2>&1 >/dev/null && echo ok)
check "nobody's file is still a domain XML qxl-tune reads" eval '[[ $settled == ok ]]'
exit $failed
