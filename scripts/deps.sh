#!/bin/bash
# Install (as root, or through sudo) every Debian 12 package that building,
# the demo, the tests and the benchmarks need. Does nothing when all are
# already there.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libxml2-dev libvirt-dev libgtk-3-dev libspice-client-gtk-3.0-dev
  # libvirt's own checks: virsh, virt-xml-validate, the test driver
  libvirt-clients
  # data checks
  desktop-file-utils groff-base bash-completion
  # demo guest: QEMU with QXL and SPICE, a kernel to unpack, an initramfs
  qemu-system-x86 busybox-static libdrm-dev libspice-protocol-dev cpio kmod xz-utils
  # the QMP client of the QEMU tests
  python3
  # windows under a real X server, checked by screenshot
  xvfb xauth xdotool x11-utils x11-xserver-utils imagemagick openbox
  # Xvfb has one RandR output, so GTK sees one monitor: multi-monitor
  # tests use Xorg with the dummy driver
  xserver-xorg-core xserver-xorg-video-dummy
  # memcheck, and libFuzzer (clang's runtime) for the fuzz harnesses
  valgrind clang libclang-rt-14-dev
  # the peers the benchmarks measure against
  virtinst virt-viewer libx11-dev
  # fault and TLS tests: hostile servers, certificates, free ports
  socat openssl iproute2
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
