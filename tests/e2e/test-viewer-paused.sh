#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# A paused domain, without --start (TAP): quadview says so in a window of
# its own with a Resume button, prints one line, shows no display and
# looks again each second; Resume (Return: the button has the focus)
# resumes the domain, and four windows show the guest's heads.
# Then --shutdown-on-close, where libvirt refuses the shutdown (the test
# driver has no ACPI): closing the last window asks, Shut down fails in
# one line naming the domain, exit 1, and the setting is in the layout
# file; --no-shutdown-on-close clears it: closing the last window exits 0
# without asking. Closing the paused window quits (exit 0).
#
#   QUADVIEW=BUILD/viewer/quadview tests/e2e/test-viewer-paused.sh
#
# The domain is libvirt's test driver's (test:///FILE, defined paused by
# its runstate), private to the quadview process, with the demo guest's
# SPICE server on $port as its console: no libvirt daemon needed.  Its
# name has a space.  In de_DE.UTF-8: the German strings are checked.
# Xvfb, no window manager.  Only processes started here are stopped.
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init paused
use_locale de_DE.UTF-8

echo "1..13"
x_close=${QV_X_CLOSE:-}
[[ -n $x_close ]] || bail "set QV_X_CLOSE to the qv-x-close binary"
start_xvfb 2560x1700
start_guest --size 1024x768 || bail "the demo guest did not start: $(tail -1 "$work/guest.out")"

dom="paused vm"
cat >"$work/node.xml" <<XML
<node>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>$dom</name>
    <uuid>5a0c7c1e-8f0d-4b7e-9a51-2f9d3c6e4b10</uuid>
    <memory>65536</memory>
    <os><type>hvm</type></os>
    <devices>
      <graphics type='spice' port='$port' autoport='no' listen='127.0.0.1'/>
    </devices>
    <test:runstate>3</test:runstate>
  </domain>
</node>
XML

"$quadview" -c "test://$work/node.xml" "$dom" >>"$work/quadview.log" 2>&1 &
qvpid=$!
paused_window() {
	local ids
	ids=$(windows_titled "$qvpid" "^quadview: $dom ist angehalten\$")
	echo "${ids%%$'\n'*}"
}
shown() { [[ -n $(paused_window) ]]; }
looks() { grep -ac "domain $dom is paused; looking again" "$work/quadview.log" || true; }
looked_twice() { (($(looks) >= 2)); }
said_once() { [[ $(grep -ac "^quadview: Domäne $dom ist angehalten: warten, bis sie fortgesetzt wird" "$work/quadview.log") == 1 ]]; }
check "a window says 'quadview: $dom ist angehalten' (is paused)" poll "$QV_E2E_TIMEOUT" shown
check "it looks again each second, shows no display, and said so once on stderr, in German" \
	eval 'poll "$QV_E2E_TIMEOUT" looked_twice && no_windows && said_once'
xdotool windowfocus --sync "$(paused_window)" key --clearmodifiers Return
resumed() { [[ -n $(grep -a "domain $dom is paused: resuming it" "$work/quadview.log") ]]; }
check "Resume (Return): quadview resumes the domain, the window goes" \
	eval 'poll "$QV_E2E_TIMEOUT" resumed && poll "$QV_E2E_TIMEOUT" eval "! shown"'
check "four windows appear" wait_windows
place 1 0 0 1024 800
place 2 1040 0 1024 800
place 3 0 820 1024 800
place 4 1040 820 1024 800
check "each window shows its head's colour" wait_heads 1 2 3 4
others() { grep -a '^quadview: ' "$work/quadview.log" | grep -av "^quadview: Domäne $dom ist angehalten" || true; }
check "no other message of quadview's" eval '[[ -z $(others) ]] || { others | note; false; }'
check "SIGTERM exits with status 0, no sanitizer report" stop_viewer

# ---- --shutdown-on-close, --no-shutdown-on-close ---------------------------
uuid=5a0c7c1e-8f0d-4b7e-9a51-2f9d3c6e4b10
question() { local ids; ids=$(windows_titled "$qvpid" "^$dom herunterfahren\\?\$"); echo "${ids%%$'\n'*}"; }
asks() { [[ -n $(question) ]]; }
# A child that exited is a zombie until waited for: kill -0 still works.
exited() {
	local state
	state=$(ps -o stat= -p "$qvpid" 2>/dev/null) || return 0
	[[ $state == Z* ]]
}
status=
reap() { poll "$QV_E2E_TIMEOUT" exited || return 1; status=0; wait "$qvpid" || status=$?; qvpid=; }
setting() { sed -n "/^\[vm:$uuid\]/,/^\[/p" "$XDG_CONFIG_HOME/quadview/layouts.ini" | grep -a '^shutdown-on-close=' || true; }
# viewer_resumed N OPTION...: quadview on the (again paused) domain,
# resumed from its window; returns once displays 1..N show (closing
# windows before all are there would leave one open: no last window).
viewer_resumed() {
	local n=$1
	shift
	"$quadview" -c "test://$work/node.xml" "$@" "$dom" >"$work/run.log" 2>&1 &
	qvpid=$!
	poll "$QV_E2E_TIMEOUT" shown || return 1
	# A window just mapped may not take the focus yet: Return again
	# until the display's window is there (Return on a window that went
	# does nothing).
	poll "$QV_E2E_TIMEOUT" resume_by_return && poll "$QV_E2E_TIMEOUT" windows_upto "$n"
}
resume_by_return() {
	local id
	id=$(paused_window)
	[[ -z $id ]] || xdotool windowfocus --sync "$id" key --clearmodifiers Return 2>/dev/null
	[[ -n $(window_id 1) ]]
}
check "--shutdown-on-close: closing the last window asks '$dom herunterfahren?'" \
	eval 'viewer_resumed 4 --shutdown-on-close && close_windows && poll "$QV_E2E_TIMEOUT" asks'
xdotool windowfocus --sync "$(question)" key --clearmodifiers Return
# The last of quadview's lines (before it, the paused one and the QXL
# check's warning: the test domain has no QXL device).
refused() {
	reap && ((status == 1)) &&
		[[ $(grep -a '^quadview: ' "$work/run.log" | tail -n 1) == "quadview: Domäne $dom kann nicht heruntergefahren werden: "* ]] &&
		[[ $(grep -ac '^quadview: Domäne .* heruntergefahren' "$work/run.log") == 1 ]] &&
		clean_log "$work/run.log"
}
check "Herunterfahren, refused by libvirt: exit 1, one line naming the domain, the last" refused
grep -a '^quadview: ' "$work/run.log" | note
check "the layout file has shutdown-on-close=true for the VM" eval '[[ $(setting) == shutdown-on-close=true ]]'
check "--no-shutdown-on-close: closing the last window exits 0, asks nothing" \
	eval 'viewer_resumed 1 --no-shutdown-on-close && close_windows && reap && ((status == 0)) && clean_log "$work/run.log"'
check "... and the setting is gone from the layout file" eval '[[ -z $(setting) ]]'

# ---- closing the paused window ------------------------------------------------
closed_paused() {
	"$quadview" -c "test://$work/node.xml" "$dom" >"$work/close.log" 2>&1 &
	qvpid=$!
	poll "$QV_E2E_TIMEOUT" shown && "$x_close" "$(paused_window)" && reap && ((status == 0)) &&
		no_windows && clean_log "$work/close.log"
}
check "closing the paused window quits, exit 0, no display shown" closed_paused
exit "$failed"
