#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the demo guest: Debian's kernel and an initramfs holding
# busybox, the qxl + virtio modules and our display program.
#
#   build-guest.sh [OUTDIR]
#
# OUTDIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/quadview/guest.  The
# result is cached there and rebuilt only when the sources or the kernel
# package version change.  Prints, on stdout:
#   kernel=OUTDIR/vmlinux   (or vmlinuz when it cannot be unpacked)
#   initrd=OUTDIR/initrd.gz
# Needs (Debian packages): apt (apt-get download), dpkg, kmod (depmod,
# modprobe: module dependency order), busybox-static, gcc, libc6-dev,
# libdrm-dev (static libdrm.a), libspice-protocol-dev, xz-utils.
# Exit status: 0 built or cached, 1 a step failed (message on stderr).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/quadview/guest}
modules=(qxl virtio_pci virtio_console)
sources=(qv-guest.h qv-guest-colors.h qv-guest-main.c qv-guest-kms.c
	 qv-guest-draw.c qv-guest-qxl.c qv-guest-agent.c init build-guest.sh
	 guest-kernel.sh)

die() { echo "build-guest.sh: $*" >&2; exit 1; }
# shellcheck source=tests/guest/guest-kernel.sh
. "$here/guest-kernel.sh"

for tool in apt-cache apt-get dpkg-deb depmod modprobe gcc gzip sha256sum flock; do
	command -v "$tool" >/dev/null || die "missing tool '$tool' (see tests/guest/README.md)"
done
busybox=/bin/busybox
# grep reads the whole list: with -q it would stop at the first match and
# busybox, still writing, die of SIGPIPE (a failure under pipefail).
if ! [[ -x $busybox ]] || ! "$busybox" --list | grep -x insmod >/dev/null; then
	die "missing $busybox with insmod (install busybox-static)"
fi

mkdir -p "$out"
# Several tests may start at once: one builds, the others wait.
exec 9>"$out/.lock"
flock 9

# The exact kernel package and version (kpkg, kpkgver, kver).
kernel_resolve
if [[ -z $kpkg || -z $kpkgver ]]; then
	# apt busy or offline: a guest built before still serves.
	if [[ -f $out/initrd.gz && -f $out/$(cat "$out/kernel-name" 2>/dev/null) ]]; then
		echo "build-guest.sh: cannot ask apt about linux-image-amd64; using the cached guest" >&2
		echo "kernel=$out/$(cat "$out/kernel-name")"
		echo "initrd=$out/initrd.gz"
		exit 0
	fi
	die "cannot resolve linux-image-amd64 (run apt-get update)"
fi

key=$( { echo "$kpkg $kpkgver"; cd "$here" && sha256sum "${sources[@]}"; } |
	sha256sum | cut -d' ' -f1)
kernel=$(cat "$out/kernel-name" 2>/dev/null || true)
if [[ -f $out/stamp && $(cat "$out/stamp") == "$key" && -n $kernel &&
      -f $out/$kernel && -f $out/initrd.gz ]]; then
	echo "kernel=$out/$kernel"
	echo "initrd=$out/initrd.gz"
	exit 0
fi

work=$(mktemp -d "$out/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The kernel package: downloaded once per version, never installed.
kernel_fetch "$out/debs"
kernel_unpack
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,etc,lib/modules,dev,proc,sys,tmp}
kernel_modules "$rootfs" "${modules[@]}"

cflags=(-std=gnu11 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wformat=2 -Wnull-dereference -Wundef -Werror
	-isystem /usr/include/libdrm -isystem /usr/include/spice-1)
gcc "${cflags[@]}" -static -pthread -o "$rootfs/bin/qv-guest" \
	"$here"/qv-guest-main.c "$here"/qv-guest-kms.c \
	"$here"/qv-guest-draw.c "$here"/qv-guest-qxl.c "$here"/qv-guest-agent.c -ldrm >&2 ||
	die "compiling the display program failed"
strip "$rootfs/bin/qv-guest"
cp "$busybox" "$rootfs/bin/busybox"
install -m 0755 "$here/init" "$rootfs/init"

(cd "$rootfs" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null) |
	gzip -6 > "$work/initrd.gz"
kernel_image
install_guest "$work/initrd.gz"
echo "$key" > "$out/stamp"
echo "build-guest.sh: built guest with kernel $kver ($kimage) in $out" >&2
echo "kernel=$out/$kimage"
echo "initrd=$out/initrd.gz"
