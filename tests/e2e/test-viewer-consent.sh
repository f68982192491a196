#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# A server opened from a link gets neither the clipboard nor the
# microphone until the user allows it (TAP).
#
#   QUADVIEW=BUILD/viewer/quadview QV_DESKTOP_LAUNCH=BUILD/tests/e2e/qv-desktop-launch \
#     tests/e2e/test-viewer-consent.sh
#
# The demo guest with a sound card over SPICE (so the server offers the
# playback and record channels) and its agent announcing the clipboard
# (it logs every clipboard grab the client sends on its serial console).
# What QEMU itself says (QMP query-spice) tells which channels are
# connected.
# 1. A spice:// URI through quadview's desktop entry, as a browser hands
#    over a link (qv-desktop-launch): the playback channel connects, the
#    record channel does not; a new host clipboard (xclip) reaches the
#    guest as no grab; each window shows the consent bar.
# 2. Alt+A (the bar's Allow): the record channel connects, the next host
#    clipboard reaches the guest, the layout file remembers it
#    (link-consent=true).
# 3. Through the link again: allowed from the start.
# 4. The same URI on the command line (a user's own choice): both at once.
# Xvfb, no window manager.  Only processes started here are stopped.
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
e2e_init consent
use_locale C.UTF-8
require xclip xclip
desktop_launch=${QV_DESKTOP_LAUNCH:-}
[[ -n $desktop_launch ]] || bail "set QV_DESKTOP_LAUNCH to the qv-desktop-launch binary"

echo "1..15"
start_xvfb 1600x1200
uuid=5a1f0c2e-7d4b-4e6a-9c3d-2b8f1e0a6c47
start_guest --heads 1 --size 800x600 --audio --uuid "$uuid" ||
	bail "the demo guest did not start: $(tail -1 "$work/guest.out")"

# Channels QEMU has connected, by type (SPICE: 5 playback, 6 record).
qmp() { /usr/bin/python3 "$e2e_here/qmp.py" "$work/qmp.sock" '{"execute": "query-spice"}'; }
connected() { [[ $(qmp) == *"\"channel-type\": $1,"* ]]; }
grabs() { grep -ac '^qv-guest: agent: clipboard grab' "$serial"; }
clip_pid=
clip_stop() { [[ -z $clip_pid ]] || kill "$clip_pid" 2>/dev/null; clip_pid=; }
e2e_at_exit clip_stop
# new_clipboard: the host's clipboard gets new content (xclip owns it,
# in the foreground, until replaced).
new_clipboard() {
	clip_stop
	printf 'qv-consent-%s\n' "$RANDOM" | xclip -selection clipboard -quiet -i >/dev/null 2>&1 &
	clip_pid=$!
	poll 10 eval '[[ -n $(xclip -selection clipboard -o 2>/dev/null) ]]'
}

# The desktop entry as installed, its program the one under test.
sed -e "s|^Exec=quadview |Exec=$quadview |" -e '/^TryExec=/d' \
	"$e2e_here/../../data/quadview.desktop" >"$work/quadview.desktop"
# The launcher waits for quadview and exits with its status: it is the
# child to wait for, quadview the process to signal.
launchpid=
launch_stop() { [[ -z $launchpid ]] || kill "$launchpid" 2>/dev/null; launchpid=; }
e2e_at_exit launch_stop
link_viewer() {
	"$desktop_launch" "$work/quadview.desktop" "$work/launched.pid" "spice://127.0.0.1:$port" \
		>>"$work/quadview.log" 2>&1 &
	launchpid=$!
	poll 10 eval '[[ -s $work/launched.pid ]]' || return 1
	qvpid=$(<"$work/launched.pid")
	rm -f "$work/launched.pid"
}
stop_linked() {
	local rc=0
	kill -TERM "$qvpid"
	wait "$launchpid" || rc=$?
	qvpid='' launchpid=''
	((rc == 0)) && clean_log "$work/quadview.log"
}
window_up() { poll "$QV_E2E_TIMEOUT" eval '[[ -n $(window_id 1) ]]' && wait_heads 1; }

# ---- 1. from a link -----------------------------------------------------
link_viewer || bail "the desktop entry did not start quadview"
check "from a link: the window shows the guest" window_up
check "... the playback channel is connected" poll "$QV_E2E_TIMEOUT" connected 5
check "... the record channel is not" eval '! connected 6'
g0=$(grabs)
new_clipboard || bail "xclip did not take the clipboard"
# ---- 2. allowed -------------------------------------------------------------
xdotool windowfocus --sync "$(window_id 1)" key --clearmodifiers alt+a
check "Alt+A (Allow): the record channel connects" poll "$QV_E2E_TIMEOUT" connected 6
new_clipboard || bail "xclip did not take the clipboard"
check "... the next host clipboard reaches the guest" poll "$QV_E2E_TIMEOUT" eval '(($(grabs) > g0))'
g1=$(grabs)
echo "# clipboard grabs in the guest: $((g1 - g0)) (one host clipboard before Allow, one after)"
check "... and the one before Allow never did" eval '((g1 - g0 == 1))'
check "... quadview says so in one line" \
	eval '[[ $(grep -ac "^quadview: .* may now use the clipboard and the microphone$" "$work/quadview.log") == 1 ]]'
consent_saved() { grep -q '^link-consent=true$' "$XDG_CONFIG_HOME/quadview/layouts.ini"; }
check "... remembered for the VM (link-consent=true)" poll 10 consent_saved
check "SIGTERM exits with status 0" stop_linked

# ---- 3. from the link again ---------------------------------------------------
link_viewer || bail "the desktop entry did not start quadview"
check "from the link again: the window shows the guest" window_up
check "... the record channel connects, allowed before" poll "$QV_E2E_TIMEOUT" connected 6
check "... SIGTERM exits with status 0" stop_linked

# ---- 4. the command line --------------------------------------------------------
sed -i '/^link-consent=true$/d' "$XDG_CONFIG_HOME/quadview/layouts.ini"
start_viewer
check "from the command line: the window shows the guest" window_up
check "... the record channel connects at once" poll "$QV_E2E_TIMEOUT" connected 6
g2=$(grabs)
new_clipboard || bail "xclip did not take the clipboard"
check "... the host clipboard reaches the guest" poll "$QV_E2E_TIMEOUT" eval '(($(grabs) > g2))'
stop_viewer
exit $failed
