#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs (as root, or through sudo) the Debian 12 packages that a job
# needs; does nothing when they are all there.
#
#   bash scripts/deps.sh [build|demo|test|bench]...    (default: all four)
#
#   build  compile qxl-tune and quadview (meson setup, meson install)
#   demo   scripts/demo.sh: the demo guest under QEMU, Xvfb for a screenshot
#   test   scripts/test.sh: every test, fuzzing, leak checks
#   bench  bench/run.sh: the peers measured against
#
# apt's output goes to a log whose path is printed; the terminal gets one
# line. Exit status: 0 installed or nothing to do, 1 apt failed (the log's
# last lines are shown).
set -euo pipefail
cd "$(dirname "$0")/.."

build=(meson ninja-build pkg-config gcc libc6-dev gettext libtirpc-dev
  libglib2.0-dev libxml2-dev libvirt-dev libgtk-3-dev libspice-client-gtk-3.0-dev
  # Xlib for the e2e tests' qv-x-close (GTK's own dependency too)
  libx11-dev)
demo=("${build[@]}"
  # the demo guest: QEMU with QXL and SPICE, a kernel to unpack, an initramfs
  qemu-system-x86 busybox-static libdrm-dev libspice-protocol-dev cpio kmod xz-utils
  # the Xorg guest: readelf picks the libraries its programs need
  binutils
  # no display: Xvfb, a window manager, window look-ups and the screenshot
  xvfb xauth xdotool x11-utils imagemagick openbox
  # the README's `man -l data/man/…`
  man-db)
test=("${demo[@]}"
  # libvirt's own checks: virsh, virt-xml-validate (which runs xmllint),
  # the test driver; virt-install writes domains for the CLI tests
  libvirt-clients libxml2-utils virtinst
  # the e2e tests' own libvirt daemon (tests/e2e/libvirt.sh): libvirtd,
  # virtlogd and the QEMU driver, without libvirt-daemon-system (systemd
  # units, the system daemon); unshare for its mount namespace
  libvirt-daemon libvirt-daemon-driver-qemu util-linux
  # a remote libvirt host over ssh (tests/e2e/remote.sh): its sshd, our
  # ssh client, nc for the relays (and socat, below)
  openssh-server openssh-client netcat-openbsd
  # data checks, shellcheck over every script
  desktop-file-utils groff-base bash-completion shellcheck
  # QMP client, free ports
  python3
  # Xvfb has one RandR output, so GTK sees one monitor: multi-monitor
  # tests use Xorg with the dummy driver, set up by xrandr
  xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils
  # memcheck, and libFuzzer (clang's runtime) for the fuzz harnesses
  valgrind clang libclang-rt-14-dev
  # fault and TLS tests: hostile servers, certificates, listening ports
  socat openssl iproute2
  # the viewer under a German locale, compiled into the test's own LOCPATH
  locales
  # a GNOME Wayland session: mutter headless, Xwayland, its own D-Bus
  mutter xwayland dbus
  # the host clipboard, for the link-consent test
  xclip)
bench=("${demo[@]}"
  # the peers and the probe's Xlib; python3 for the tables; callgrind
  virtinst virt-viewer libx11-dev libxdamage-dev python3 valgrind)

[ $# -gt 0 ] || set -- build demo test bench
wanted=()
for group in "$@"; do
  case $group in
    build) wanted+=("${build[@]}") ;;
    demo) wanted+=("${demo[@]}") ;;
    test) wanted+=("${test[@]}") ;;
    bench) wanted+=("${bench[@]}") ;;
    *) echo "deps.sh: unknown group '$group' (build, demo, test, bench)" >&2; exit 2 ;;
  esac
done

# One dpkg-query for all: a package not installed prints no "ii" line.
mapfile -t present < <(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${wanted[@]}" 2>/dev/null |
  awk '$1 == "ii" { print $2 }')
declare -A have=()
for p in "${present[@]}"; do have[${p%%:*}]=1; done
declare -A seen=()
missing=()
for p in "${wanted[@]}"; do
  [ -n "${have[$p]:-}" ] || [ -n "${seen[$p]:-}" ] || missing+=("$p")
  seen[$p]=1
done
# What libvirt-daemon-system would make and the e2e tests' libvirt daemon
# needs (tests/e2e/libvirt.sh makes them too, as root): the libvirt-qemu
# user and group, which the QEMU driver looks up even when QEMU runs as
# root, and the daemons' directories, which the tests mount over.
libvirt_system() {
  local sudo=$1 d
  getent group libvirt-qemu >/dev/null || $sudo groupadd --system libvirt-qemu
  getent passwd libvirt-qemu >/dev/null ||
    $sudo useradd --system -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
  for d in /etc/libvirt /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt; do
    [ -d "$d" ] || { $sudo mkdir -p "$d" && $sudo chmod 0755 "$d"; }
  done
}
wants_test=0
for group in "$@"; do [ "$group" = test ] && wants_test=1; done

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
if [ ${#missing[@]} -eq 0 ]; then
  [ $wants_test = 0 ] || libvirt_system "$sudo"
  exit 0
fi

log_dir=${XDG_CACHE_HOME:-$HOME/.cache}/quadview
mkdir -p "$log_dir"
log=$log_dir/deps.log
echo "== Installing ${#missing[@]} Debian packages (${*}): apt's output in $log"
export DEBIAN_FRONTEND=noninteractive
# Installing a package must not start its service (sshd, libvirtd) on this
# machine: without systemd, Debian's maintainer scripts would. Docker
# images have such a policy already; otherwise one for the install only.
policy=/usr/sbin/policy-rc.d
if [ ! -e $policy ]; then
  printf '#!/bin/sh\n# deps.sh: no service starts while packages install\nexit 101\n' | $sudo tee $policy >/dev/null
  $sudo chmod 0755 $policy
  trap '$sudo rm -f $policy' EXIT
fi
{
  echo "# $(date -u '+%F %T') deps.sh $*: ${missing[*]}"
  $sudo apt-get update -q &&
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
} >"$log" 2>&1 || {
  tail -n 5 "$log" | sed 's/^/   /' >&2
  echo "deps.sh: apt-get could not install the packages (log: $log)" >&2
  exit 1
}
[ $wants_test = 0 ] || libvirt_system "$sudo"
