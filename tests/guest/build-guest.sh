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
	 qv-guest-draw.c qv-guest-qxl.c qv-guest-agent.c init build-guest.sh)

die() { echo "build-guest.sh: $*" >&2; exit 1; }

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

# One apt-cache call (it is slow): the metapackage names the exact
# kernel package and version, "Depends: linux-image-V-amd64 (= VERSION)".
resolve_kernel() {
	apt-cache show --no-all-versions linux-image-amd64 2>/dev/null |
		sed -n 's/^Depends: \(linux-image-[0-9][^ ,]*\) (= \([^)]*\)).*/\1 \2/p' | sed -n 1p
}
dep=$(resolve_kernel)
# A new machine may have no package lists yet (nothing else needed apt).
if [[ -z $dep && $(id -u) == 0 ]]; then
	apt-get update -q >&2 || true
	dep=$(resolve_kernel)
fi
read -r kpkg kpkgver <<<"$dep" || true
if [[ -z ${kpkg:-} || -z ${kpkgver:-} ]]; then
	# apt busy or offline: a guest built before still serves.
	if [[ -f $out/initrd.gz && -f $out/$(cat "$out/kernel-name" 2>/dev/null) ]]; then
		echo "build-guest.sh: cannot ask apt about linux-image-amd64; using the cached guest" >&2
		echo "kernel=$out/$(cat "$out/kernel-name")"
		echo "initrd=$out/initrd.gz"
		exit 0
	fi
	die "cannot resolve linux-image-amd64 (run apt-get update)"
fi
kver=${kpkg#linux-image-}

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
deb=$out/debs/${kpkg}_${kpkgver//:/%3a}_amd64.deb
if [[ ! -f $deb ]]; then
	echo "build-guest.sh: downloading $kpkg $kpkgver" >&2
	mkdir -p "$out/debs"
	rm -f "$out/debs/"*.deb
	# apt downloads as its sandbox user _apt, which cannot write to a
	# directory under root's home: a directory of its own, or apt warns
	# and downloads unsandboxed.
	dl=$(mktemp -d "${TMPDIR:-/tmp}/qv-kernel.XXXXXX")
	if [[ $(id -u) == 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$dl"; fi
	(cd "$dl" && apt-get download -q "$kpkg=$kpkgver" >&2) ||
		{ rm -rf "$dl"; die "apt-get download $kpkg failed"; }
	mv "$dl"/*.deb "$deb"
	rm -rf "$dl"
fi
dpkg-deb -x "$deb" "$work/kernel"
kroot=$work/kernel
[[ -f $kroot/boot/vmlinuz-$kver ]] || die "$deb holds no /boot/vmlinuz-$kver"
depmod -b "$kroot" "$kver"

# Module load order: modprobe knows the dependencies.
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,etc,lib/modules,dev,proc,sys,tmp}
for m in "${modules[@]}"; do
	modprobe -d "$kroot" -S "$kver" --show-depends "$m" || die "module $m not found"
done |
	awk '$1 == "insmod" && !seen[$2]++ { print $2 }' > "$work/order"
[[ -s $work/order ]] || die "modprobe found none of: ${modules[*]}"
: > "$rootfs/etc/qv-modules"
while read -r ko; do
	[[ $ko == *.ko ]] || die "unexpected module file $ko (compressed modules are not supported)"
	cp "$ko" "$rootfs/lib/modules/"
	basename "$ko" >> "$rootfs/etc/qv-modules"
done < "$work/order"

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
# Under TCG, decompressing the kernel takes ~4 s of every boot.  Debian's
# kernel is PVH-capable (CONFIG_PVH), so QEMU can boot the uncompressed
# ELF directly: unpack it once here (xz payload inside the bzImage).
kernel=vmlinuz
cp "$kroot/boot/vmlinuz-$kver" "$work/vmlinuz"
if grep -qx 'CONFIG_PVH=y' "$kroot/boot/config-$kver" &&
   grep -qx 'CONFIG_KERNEL_XZ=y' "$kroot/boot/config-$kver" && command -v xz >/dev/null; then
	off=$(LC_ALL=C grep -m1 -obUaP '\xfd7zXZ\x00' "$work/vmlinuz" | cut -d: -f1)
	if [[ -n $off ]]; then
		# xz stops at the payload's end and complains about what follows.
		tail -c +$((off + 1)) "$work/vmlinuz" | xz -dc > "$work/vmlinux" 2>/dev/null || true
		[[ $(head -c 4 "$work/vmlinux" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] &&
			kernel=vmlinux
	fi
fi
# Replace by rename: a QEMU starting right now still finds a whole file.
mv -f "$work/$kernel" "$out/$kernel"
for other in vmlinux vmlinuz; do
	[[ $other == "$kernel" ]] || rm -f "${out:?}/$other"
done
mv -f "$work/initrd.gz" "$out/initrd.gz"
echo "$kernel" > "$out/kernel-name"
echo "$key" > "$out/stamp"
echo "build-guest.sh: built guest with kernel $kver ($kernel) in $out" >&2
echo "kernel=$out/$kernel"
echo "initrd=$out/initrd.gz"
