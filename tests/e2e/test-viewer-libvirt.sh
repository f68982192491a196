#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks run through check/poll/eval: shellcheck cannot see those calls.
# shellcheck disable=SC2016,SC2034,SC2317
# quadview and qxl-tune against a real libvirt daemon (TAP): the test's own
# libvirtd and virtlogd (tests/e2e/libvirt.sh), the demo guest defined as
# a domain with libvirt's default video device (one QXL head, 16 MiB
# vgamem), booted by libvirt.
#
#   QUADVIEW=BUILD/viewer/quadview QXL_TUNE=BUILD/qxl-tune/qxl-tune \
#     tests/e2e/test-viewer-libvirt.sh
#
# 1. QXL check: with a saved layout of four displays, `quadview -c URI
#    NAME` shows the guest and warns that its QXL device has 1 head,
#    printing a qxl-tune command; that command, run exactly as printed,
#    exits 0, says the running domain changes at its next power-off, and
#    leaves the persistent definition with the computed QXL values
#    (virt-xml-validate accepts it) while the live one is unchanged.
# 2. qxl-tune --domain by UUID: --diff shows the change and changes
#    nothing; applying it changes the definition; a define libvirt's QEMU
#    driver refuses (vram of 4 GiB) exits 1 with one line and changes
#    nothing.
# 3. A read-only connection (libvirt's read-only socket): quadview shows
#    the guest.
# 4. --wait, started while the domain is shut off, then `virsh start`
#    (3 times). libvirt calls the domain active ~0.6 s before QEMU's SPICE
#    port listens; a libvirt hook makes that 2 s, so that quadview (which
#    looks once a second) certainly sees the domain starting: it says so
#    in its debug log and waits; then the windows show the four heads the
#    fixed QXL device now has, and nothing but "waiting" is in the log.  The domain has a
#    SPICE password in its secure XML: no password dialog, and the
#    password is on no command line and in no log.
# 5. --reconnect across `virsh destroy` and `virsh start`.
# 6. A console listening nowhere, through virDomainOpenGraphicsFD.
# 7. --start: shut off, paused, a start libvirt refuses.
# 8. A launcher: --make-launcher by UUID for the shut-off domain writes a
#    desktop entry desktop-file-validate accepts, with the command quoted
#    (the URI has a '?'); a re-run replaces it; started as a desktop does
#    (GDesktopAppInfo, qv-desktop-launch) it runs exactly that command,
#    which starts the domain and shows four windows with their heads, of
#    the WM_CLASS the entry names; the time from the launch to them is
#    printed. --remove-launcher deletes it, and a second time fails.
# 9. --shutdown-on-close: closing the last window (a WM_DELETE_WINDOW, as
#    a close button sends) asks "Shut down NAME?"; Cancel keeps the
#    window, Keep running exits 0 and the setting is in the layout file;
#    remembered, the next run without the option asks too, and SIGTERM
#    exits 0 without asking; Shut down asks libvirt for an ACPI shutdown:
#    QEMU reports exactly one POWERDOWN event (virsh qemu-monitor-event),
#    the one of that answer.  The demo guest's init ignores the power
#    button, so the guest's own shutdown is not shown here.
# Xvfb, no window manager.  Needs root (the private daemon).  Only
# processes started here are stopped.
set -euo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=tests/e2e/libvirt.sh
. "$e2e_here/libvirt.sh"
e2e_init libvirt
use_locale C.UTF-8
require virt-xml-validate libvirt-clients desktop-file-validate desktop-file-utils
[[ -n $qxl_tune ]] || bail "set QXL_TUNE to the qxl-tune binary"
desktop_launch=${QV_DESKTOP_LAUNCH:-}
[[ -n $desktop_launch ]] || bail "set QV_DESKTOP_LAUNCH to the qv-desktop-launch binary"
x_close=${QV_X_CLOSE:-}
[[ -n $x_close ]] || bail "set QV_X_CLOSE to the qv-x-close binary"
# GLib drops its first quark block on purpose once libvirt's remote driver
# and spice-gtk have made 2048 quarks (tests/lsan.supp): the slow unwinder
# sees through GLib's frames to the constructor that suppression names.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0

echo "1..68"
start_xvfb 2100x1700
t_start=$SECONDS
libvirt_start
echo "# libvirtd answered after $((SECONDS - t_start)) s: $lv_uri"
dom=qv-demo
serial=$(lv_serial "$dom")
libvirt_guest_xml "$dom" >"$work/$dom.xml"
virsh_lv define "$work/$dom.xml" >/dev/null || bail "libvirt did not define the demo guest"
uuid=$(virsh_lv domuuid "$dom") || bail "no UUID for $dom"

# A layout of four displays: it makes the QXL check count four.
lv_grid_layout "$uuid" "$dom"

boot() { lv_boot "$dom"; }
shut_off() {
	virsh_lv destroy "$dom" >/dev/null &&
		poll "$QV_E2E_TIMEOUT" eval '[[ $(virsh_lv domstate "$dom") == "shut off" ]]'
}

# quadview's own lines in the log since MARK, but "waiting for" and those
# matching the extended regex ALLOWED.
errors_since() {
	tail -n "+$(($1 + 1))" "$work/quadview.log" | grep -a '^quadview: ' |
		grep -avE "^quadview: waiting for |${2:-^$}" || true
}
# no_errors_since MARK [ALLOWED]
no_errors_since() {
	local lines
	lines=$(errors_since "$@")
	tail -n "+$(($1 + 1))" "$work/quadview.log" >"$work/since.log"
	[[ -z $lines ]] && clean_log "$work/since.log" && return 0
	note <<<"$lines"
	return 1
}

# ---- 1. the QXL check and its command -----------------------------------
boot || bail "the domain did not boot (see $serial)"
mark=$(log_lines)
run_viewer -c "$lv_uri" "$dom"
check "quadview -c URI NAME: display 1 shows head 1" eval 'poll "$QV_E2E_TIMEOUT" eval "[[ -n \$(window_id 1) ]]" && wait_heads 1'
warned() { [[ -n $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a "^quadview: warning: domain $dom cannot show this layout: its QXL device has 1 head, the layout uses 4") ]]; }
check "it warns that the QXL device has 1 head, the layout 4" poll "$QV_E2E_TIMEOUT" warned
# The command is the line after the warning, indented.
fix=$(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a -A1 '^quadview: warning: domain ' | sed -n 's/^  \(qxl-tune .*\)$/\1/p' | head -n 1) || true
echo "# printed: $fix"
check "the printed command names the URI and the domain" \
	eval '[[ $fix == "qxl-tune -c '\''$lv_uri'\'' --domain '\''$dom'\'' -d "* ]]'
# Stopped once it has decided on the monitors config (four heads asked for)
# and its window stays put: not in the middle of the display channel's
# traffic.
check "it asks the guest for four heads" poll "$QV_E2E_TIMEOUT" config_decided "$mark"
poll "$QV_E2E_TIMEOUT" settled || true
check "SIGTERM exits with status 0" stop_viewer

# qxl_values -d WxH --heads N: "RAM VRAM VGAMEM" (KiB) as qxl-tune computes them.
qxl_values() {
	local line
	line=$("$qxl_tune" --print-values "$@")
	[[ $line =~ ram=([0-9]+)\ vram=([0-9]+)\ .*vgamem=([0-9]+) ]] || return 1
	echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
}
read -r want_ram want_vram want_vgamem <<<"$(qxl_values -d 1024x768 --heads 4)"
qxl_model() { virsh_lv dumpxml "$@" "$dom" | grep -o "<model type='qxl'[^>]*>"; }
# PATH finds the qxl-tune under test first, as an installed one would be.
rc=0
PATH=$(dirname "$qxl_tune"):$PATH bash -c "$fix" >"$work/fix.out" 2>&1 || rc=$?
note <"$work/fix.out"
check "the printed command exits 0" eval '((rc == 0))'
check "it says the running domain changes at its next power-off" \
	grep -q "qxl-tune: $dom is running: the new video settings apply after a full power-off" "$work/fix.out"
model=$(qxl_model --inactive)
echo "# persistent: $model"
check "the definition has heads=4 and the computed ram, vram, vgamem" \
	eval '[[ $model == *"ram='\''$want_ram'\''"* && $model == *"vram='\''$want_vram'\''"* &&
		$model == *"vgamem='\''$want_vgamem'\''"* && $model == *"heads='\''4'\''"* ]]'
virsh_lv dumpxml --inactive "$dom" >"$work/fixed.xml"
check "virt-xml-validate accepts the definition" virt-xml-validate "$work/fixed.xml" domain
check "the running domain still has its one head" eval '[[ $(qxl_model) == *"heads='\''1'\''"* ]]'

# ---- 2. qxl-tune --domain by UUID ----------------------------------------
before=$(qxl_model --inactive)
rc=0
"$qxl_tune" -c "$lv_uri" --domain "$uuid" -d 1920x1080 --heads 4 --diff >"$work/diff.out" 2>&1 || rc=$?
check "--diff by UUID exits 0 and shows the new heads' vgamem" \
	eval '((rc == 0)) && grep -q "^+.*<model type='\''qxl'\''.*heads='\''4'\''" "$work/diff.out" && grep -q "^-.*<model type='\''qxl'\''" "$work/diff.out"'
check "--diff changes nothing" eval '[[ $(qxl_model --inactive) == "$before" ]]'
read -r _ _ big_vgamem <<<"$(qxl_values -d 1920x1080 --heads 4)"
rc=0
"$qxl_tune" -c "$lv_uri" --domain "$uuid" -d 1920x1080 --heads 4 >"$work/apply.out" 2>&1 || rc=$?
check "applied by UUID: exit 0, the definition has the new vgamem" \
	eval '((rc == 0)) && [[ $(qxl_model --inactive) == *"vgamem='\''$big_vgamem'\''"* ]]'
before=$(qxl_model --inactive)
rc=0
"$qxl_tune" -c "$lv_uri" --domain "$uuid" -d 1920x1080 --heads 4 --vram 4G >"$work/refused.out" 2>&1 || rc=$?
note <"$work/refused.out"
check "a definition libvirt refuses: exit 1, one line naming the domain" \
	eval '((rc == 1)) && (($(wc -l <"$work/refused.out") == 1)) &&
		grep -q "^qxl-tune: libvirt refused the new definition of $dom: " "$work/refused.out"'
check "... and the definition is unchanged" eval '[[ $(qxl_model --inactive) == "$before" ]]'

# ---- 3. a read-only connection -------------------------------------------
ro_uri="qemu:///system?socket=$lv_root/run/libvirt-sock-ro"
mark=$(log_lines)
run_viewer -c "$ro_uri" "$uuid"
check "read-only connection, by UUID: display 1 shows head 1" eval 'poll "$QV_E2E_TIMEOUT" eval "[[ -n \$(window_id 1) ]]" && wait_heads 1'
# The running domain still has one head: the QXL check still warns.
check "... no error (but the QXL warning)" no_errors_since "$mark" '^quadview: warning: domain [^ ]+ cannot show this layout'

check "... SIGTERM exits with status 0" stop_viewer

# ---- 4. --wait before `virsh start`, a password from the secure XML -----
shut_off || bail "the domain did not stop"
password=qv-$RANDOM$RANDOM-pw-$RANDOM
printf '%s\n' "$password" >"$work/password.pattern"
# The password only in the (secure) definition: dumped, edited, defined.
virsh_lv dumpxml --inactive --security-info "$dom" |
	sed "s|<graphics type='spice' |<graphics type='spice' passwd='$password' |" >"$work/secure.xml"
virsh_lv define "$work/secure.xml" >/dev/null || bail "cannot define the domain with a password"
rm -f "$work/secure.xml"
check "the definition has a SPICE password" \
	eval '[[ -n $(virsh_lv dumpxml --security-info "$dom" | grep -F -f "$work/password.pattern") ]]'

# On no command line (grep reads the pattern from a file, not its argv).
no_password_in_argv() {
	local hits
	hits=$(grep -l -a -F -f "$work/password.pattern" /proc/[0-9]*/cmdline 2>/dev/null) || true
	[[ -z $hits ]] && return 0
	echo "# the password is in $hits"
	return 1
}
no_password_in_logs() {
	local hits
	hits=$(grep -r -l -a -F -f "$work/password.pattern" --include='*.log' --include='*.out' "$work" 2>/dev/null) || true
	[[ -z $hits ]] && return 0
	echo "# the password is in $hits"
	return 1
}

libvirt_start_delay 2
refused=0
for run in 1 2 3; do
	mark=$(log_lines)
	run_viewer -c "$lv_uri" --wait "$dom"
	waiting() { [[ -n $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a "^quadview: waiting for $dom") ]]; }
	check "run $run: --wait on a domain that is shut off waits" poll "$QV_E2E_TIMEOUT" waiting
	virsh_lv start "$dom" >/dev/null || bail "virsh start failed"
	check "run $run: after virsh start, four windows show their heads" \
		eval 'wait_windows && wait_heads 1 2 3 4'
	argv_clean=0
	no_password_in_argv && argv_clean=1
	check "run $run: no error, no password dialog, still running" eval 'no_errors_since "$mark" && viewer_alive'
	# quadview's debug lines for each look before the console was up.
	n_refused=$(tail -n "+$((mark + 1))" "$work/quadview.log" |
		grep -acE 'is starting up: its console is not ready|console not reachable yet|port is not assigned yet') || true
	refused=$((refused + n_refused))
	# A figure, not a check: libvirt holds the domain while its start
	# hook runs, so how many looks fall into the starting window is
	# timing (the retry rule itself: tests/test-retry.c).
	echo "# run $run: $n_refused look(s) at the domain starting, its console not ready"
	stop_viewer || true
	((run == 3)) || shut_off || bail "the domain did not stop"
done
echo "# looks at a console not ready yet, in all: $refused"
check "the password is on no process's command line" eval '((argv_clean)) && no_password_in_argv'
check "the password is in no log" no_password_in_logs

# ---- 5. --reconnect across destroy and start ------------------------------
mark=$(log_lines)
run_viewer -c "$lv_uri" --reconnect "$dom"
check "--reconnect: four windows show their heads" eval 'wait_windows && wait_heads 1 2 3 4'
shut_off || bail "the domain did not stop"
check "virsh destroy: the windows go, quadview waits" eval 'poll "$QV_E2E_TIMEOUT" no_windows && viewer_alive'
virsh_lv start "$dom" >/dev/null || bail "virsh start failed"
check "virsh start: the four windows come back with their heads" eval 'wait_windows && wait_heads 1 2 3 4'
check "no error in the log" no_errors_since "$mark"
check "SIGTERM exits with status 0" stop_viewer
# ---- 6. a console that listens nowhere: the descriptors libvirt hands over
# Timed, the guest's four heads up: by descriptor, then by port.
mark=$(log_lines)
t0=$(date +%s%N)
run_viewer -c "$lv_uri" "$dom"
through_libvirt() { [[ -n $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a "domain $dom: the console through libvirt") ]]; }
check "a local read-write connection takes the console from libvirt (virDomainOpenGraphicsFD)" \
	eval 'wait_windows && wait_heads 1 2 3 4 && through_libvirt'
echo "# quadview start to four windows with content, local by descriptor: $((($(date +%s%N) - t0) / 1000000)) ms"
stop_viewer
mark=$(log_lines)
t0=$(date +%s%N)
# Read-only: no secure XML, so the password comes from a file.
run_viewer -c "$ro_uri" --password-file "$work/password.pattern" "$dom"
check "a read-only connection connects to the listen address: four windows show their heads" \
	eval 'wait_windows && wait_heads 1 2 3 4 && ! through_libvirt'
echo "# quadview start to four windows with content, local by port: $((($(date +%s%N) - t0) / 1000000)) ms"
check "... SIGTERM exits with status 0" stop_viewer
shut_off || bail "the domain did not stop"
virsh_lv dumpxml --inactive --security-info "$dom" |
	sed "/<graphics /,/<\/graphics>/c\    <graphics type='spice'><listen type='none'/></graphics>" >"$work/none.xml"
virsh_lv define "$work/none.xml" >/dev/null && boot || bail "the domain with listen type none did not start"
mark=$(log_lines)
run_viewer -c "$lv_uri" "$dom"
check "listen type 'none': four windows show their heads, through libvirt" \
	eval 'wait_windows && wait_heads 1 2 3 4 && through_libvirt'
check "... no error, no password asked" no_errors_since "$mark"
check "... SIGTERM exits with status 0" stop_viewer
# ---- 7. --start: shut off, paused, refused ----------------------------------
shut_off || bail "the domain did not stop"
mark=$(log_lines)
t_launch=$SECONDS
run_viewer -c "$lv_uri" --start "$dom"
check "--start on a shut-off domain starts it; four windows show their heads" \
	eval 'wait_windows && wait_heads 1 2 3 4 && [[ $(virsh_lv domstate "$dom") == running ]]'
echo "# --start to four windows with their heads: $((SECONDS - t_launch)) s"
check "... no error" no_errors_since "$mark"
stop_viewer
virsh_lv suspend "$dom" >/dev/null || bail "virsh suspend failed"
mark=$(log_lines)
run_viewer -c "$lv_uri" --start "$dom"
check "--start on a paused domain resumes it; four windows show their heads" \
	eval 'poll "$QV_E2E_TIMEOUT" eval "[[ \$(virsh_lv domstate \"$dom\") == running ]]" && wait_windows && wait_heads 1 2 3 4'
stop_viewer
shut_off || bail "the domain did not stop"
virsh_lv dumpxml --inactive --security-info "$dom" |
	sed "s|<kernel>[^<]*</kernel>|<kernel>$work/no-such-kernel</kernel>|" >"$work/nokernel.xml"
virsh_lv define "$work/nokernel.xml" >/dev/null || bail "cannot define the domain without a kernel"
rc=0
"$quadview" -c "$lv_uri" --start "$dom" >"$work/refused.log" 2>&1 || rc=$?
refused() {
	((rc == 1)) && [[ $(grep -a -c '^quadview: ' "$work/refused.log") == 1 ]] &&
		[[ -n $(grep -a "^quadview: cannot start domain $dom: " "$work/refused.log") ]] &&
		[[ $(virsh_lv domstate "$dom") == "shut off" ]]
}
check "a start libvirt refuses: exit 1, one line naming the domain, still shut off" refused
grep -a '^quadview: ' "$work/refused.log" | note
rc=0
"$quadview" --start "spice://127.0.0.1:$port" >"$work/usage.log" 2>&1 || rc=$?
check "--start without -c: a usage error (exit 2)" \
	eval '((rc == 2)) && [[ -n $(grep -a "^quadview: --start needs -c URI DOMAIN" "$work/usage.log") ]]'
# ---- 8. a launcher, started as the desktop starts it ------------------------
export XDG_DATA_HOME=$work/data
virsh_lv define "$work/none.xml" >/dev/null || bail "cannot define the domain with its kernel again"
[[ $(virsh_lv domstate "$dom") == "shut off" ]] || bail "the domain is not shut off"
apps=$XDG_DATA_HOME/applications
rc=0
"$quadview" -c "$lv_uri" --make-launcher "$uuid" >"$work/make.out" 2>"$work/make.err" || rc=$?
entry=$(cat "$work/make.out")
note <"$work/make.err"
check "--make-launcher by UUID: exit 0, prints the entry it wrote in \$XDG_DATA_HOME/applications" \
	eval '((rc == 0)) && [[ $entry == "$apps/quadview-$dom-"*.desktop && -f $entry && ! -s $work/make.err ]]'
validates() {
	local out
	out=$(desktop-file-validate "$1" 2>&1) && [[ -z $out ]] && return 0
	note <<<"$out"
	return 1
}
check "desktop-file-validate accepts it, silently" validates "$entry"
note <"$entry"
has_key() { [[ -n $(grep -axF -- "$2" "$1") ]]; }
check "Name, Type, Terminal, Icon and the command: quadview -c URI --start NAME, the URI quoted" \
	eval 'has_key "$entry" "Name=$dom (quadview)" && has_key "$entry" Type=Application &&
		has_key "$entry" Terminal=false && has_key "$entry" Icon=computer &&
		has_key "$entry" "Exec=$quadview -c \"$lv_uri\" --start $dom"'
inode=$(stat -c %i "$entry")
rc=0
"$quadview" -c "$lv_uri" --make-launcher --layout desk "$dom" >"$work/make.out" 2>&1 || rc=$?
check "a re-run with --layout replaces it (same file, a new inode: written whole), the only one" \
	eval '((rc == 0)) && [[ $(cat "$work/make.out") == "$entry" && $(stat -c %i "$entry") != "$inode" ]] &&
		has_key "$entry" "Exec=$quadview -c \"$lv_uri\" --start --layout desk $dom" &&
		[[ $(ls "$apps") == "${entry##*/}" ]] && validates "$entry"'
# An installed quadview, found on PATH: the entry names it so.
rc=0
XDG_DATA_HOME=$work/data-path PATH=$(dirname "$quadview"):$PATH \
	"$quadview" -c "$lv_uri" --make-launcher "$dom" >"$work/make-path.out" 2>&1 || rc=$?
check "with quadview on PATH the command is 'quadview …'" \
	eval '((rc == 0)) && has_key "$(cat "$work/make-path.out")" "Exec=quadview -c \"$lv_uri\" --start $dom"'

mark=$(log_lines)
rm -f "$work/launched.pid"
t_launch=$(date +%s%N)
"$desktop_launch" "$entry" "$work/launched.pid" >>"$work/quadview.log" 2>&1 &
launchpid=$!
poll "$QV_E2E_TIMEOUT" eval '[[ -s $work/launched.pid ]]' || bail "qv-desktop-launch did not start the entry"
qvpid=$(cat "$work/launched.pid")
check "started as the desktop does: the domain starts, four windows show their heads" \
	eval 'wait_windows && wait_heads 1 2 3 4 && [[ $(virsh_lv domstate "$dom") == running ]]'
ms=$((($(date +%s%N) - t_launch) / 1000000))
echo "# launcher started to four windows with their heads: $((ms / 1000)).$((ms % 1000 / 100)) s"
argv_of() { tr '\0' '\n' <"/proc/$1/cmdline"; }
check "the process runs the command of the entry, argument for argument" \
	eval '[[ $(argv_of "$qvpid") == "$(printf "%s\n" "$quadview" -c "$lv_uri" --start --layout desk "$dom")" ]]'
wm_class=$(sed -n 's/^StartupWMClass=//p' "$entry")
check "its windows' WM_CLASS is the entry's StartupWMClass ($wm_class)" \
	eval '[[ $(xprop -id "$(window_id 1)" WM_CLASS) == *", \"$wm_class\"" ]]'
check "... no error" no_errors_since "$mark"
kill -TERM "$qvpid"
rc=0
wait "$launchpid" || rc=$?
qvpid=
check "... SIGTERM exits with status 0, no sanitizer report" eval '((rc == 0)) && clean_log "$work/quadview.log"'
rc=0
"$quadview" --remove-launcher "$dom" >"$work/remove.out" 2>&1 || rc=$?
check "--remove-launcher NAME: exit 0, prints the entry, which is gone" \
	eval '((rc == 0)) && [[ $(cat "$work/remove.out") == "$entry" && ! -e $entry ]]'
rc=0
"$quadview" --remove-launcher "$dom" >"$work/remove.out" 2>&1 || rc=$?
note <"$work/remove.out"
check "... a second time: exit 1, one line" \
	eval '((rc == 1)) && [[ $(wc -l <"$work/remove.out") == 1 ]] &&
		[[ -n $(grep -a "^quadview: no launcher for $dom in $apps\$" "$work/remove.out") ]]'
# ---- 9. --shutdown-on-close -------------------------------------------------
[[ $(virsh_lv domstate "$dom") == running ]] || bail "the domain is not running"
# QEMU's events, from before the first question on: RESUME shows the
# listener is registered, POWERDOWN is the ACPI power button pressed.
evpid=
stop_events() { [[ -z $evpid ]] || kill "$evpid" 2>/dev/null; evpid=; }
e2e_at_exit stop_events
stdbuf -oL virsh -q -c "$lv_uri" qemu-monitor-event --domain "$dom" --regex \
	--event '^(RESUME|POWERDOWN)$' --loop >"$work/events.log" 2>&1 &
evpid=$!
listening() {
	[[ -n $(grep -a 'event RESUME' "$work/events.log") ]] && return 0
	virsh_lv suspend "$dom" >/dev/null && virsh_lv resume "$dom" >/dev/null
	return 1
}
poll "$QV_E2E_TIMEOUT" listening || bail "virsh qemu-monitor-event reports no event (see $work/events.log)"
powerdowns() { grep -ac 'event POWERDOWN' "$work/events.log" || true; }
question() { local ids; ids=$(windows_titled "$qvpid" "^Shut down $dom\\?\$"); echo "${ids%%$'\n'*}"; }
asks() { [[ -n $(question) ]]; }
answer() { xdotool windowfocus --sync "$(question)" key --clearmodifiers "$1"; }
exits_ok() {
	local rc=0
	poll "$QV_E2E_TIMEOUT" viewer_exited || return 1
	wait "$qvpid" || rc=$?
	qvpid=
	((rc == 0)) && clean_log "$work/quadview.log"
}

mark=$(log_lines)
run_viewer -c "$lv_uri" --shutdown-on-close "$dom"
check "--shutdown-on-close: closing the last window asks 'Shut down $dom?'" \
	eval 'poll "$QV_E2E_TIMEOUT" windows_upto 4 && close_windows && poll "$QV_E2E_TIMEOUT" asks'
answer Escape
check "Cancel (Escape): the question goes, the window stays, quadview runs" \
	eval 'poll "$QV_E2E_TIMEOUT" eval "! asks" && [[ -n $(window_id 1) ]] && viewer_alive'
close_windows
check "closed again, Keep running (Alt+K): exit 0, the domain runs" \
	eval 'poll "$QV_E2E_TIMEOUT" asks && answer alt+k && exits_ok && [[ $(virsh_lv domstate "$dom") == running ]]'
check "the layout file remembers it for the VM (shutdown-on-close=true)" \
	eval '[[ -n $(sed -n "/^\[vm:$uuid\]/,/^\[/p" "$XDG_CONFIG_HOME/quadview/layouts.ini" | grep -ax "shutdown-on-close=true") ]]'
run_viewer -c "$lv_uri" "$dom"
check "remembered: without the option, SIGTERM exits 0 and asks nothing" \
	eval 'poll "$QV_E2E_TIMEOUT" eval "[[ -n \$(window_id 1) ]]" && kill -TERM "$qvpid" && exits_ok'
run_viewer -c "$lv_uri" "$dom"
# Displays 2-4 were closed last time: the layout brings display 1 only.
check "remembered: without the option, closing the last window asks" \
	eval 'poll "$QV_E2E_TIMEOUT" windows_upto 1 && close_windows && poll "$QV_E2E_TIMEOUT" asks'
answer Return
check "Shut down (Return, the default): exit 0" exits_ok
check "QEMU saw the power button pressed once: this answer's, none of Cancel, Keep running or SIGTERM" \
	eval 'poll "$QV_E2E_TIMEOUT" eval "(($(powerdowns) > 0))" && (($(powerdowns) == 1))'
check "quadview logged the ACPI request; no error" \
	eval '[[ -n $(tail -n "+$((mark + 1))" "$work/quadview.log" | grep -a "domain $dom: asked to shut down (ACPI power button)") ]] && no_errors_since "$mark"'
grep -a 'event ' "$work/events.log" | note
echo "# the domain after the request: $(virsh_lv domstate --reason "$dom") (the demo guest ignores the power button)"
stop_events
rc=0
"$quadview" --shutdown-on-close "spice://127.0.0.1:$port" >"$work/usage.log" 2>&1 || rc=$?
check "--shutdown-on-close without -c: a usage error (exit 2)" \
	eval '((rc == 2)) && [[ -n $(grep -a "^quadview: --shutdown-on-close needs -c URI DOMAIN" "$work/usage.log") ]]'
echo "# $((SECONDS - t_start)) s from the daemon's start"
exit "$failed"
