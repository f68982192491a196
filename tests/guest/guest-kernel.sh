# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by build-guest.sh and build-xorg-guest.sh (sourced, not run):
# Debian's kernel package for the guests, its modules in load order, the
# kernel image QEMU boots, and `apt-get download` into a directory.
#
# The sourcing script defines die MESSAGE (prints it and exits 1) and
# sets $out (its cache directory) and $work (a scratch directory).
# shellcheck shell=bash
# $out and $work: the sourcing script's.
# shellcheck disable=SC2154

# apt_download DIR PKG=VERSION...: the packages' .debs into DIR (never
# installed).  apt downloads as its sandbox user _apt, which cannot write
# to a directory under root's home: a directory of its own first, or apt
# warns and downloads unsandboxed.  Status 1 when apt fails.
apt_download() {
	local dest=$1 dl rc=0
	shift
	dl=$(mktemp -d "${TMPDIR:-/tmp}/qv-debs.XXXXXX") || return 1
	if [[ $(id -u) == 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$dl"; fi
	(cd "$dl" && apt-get download -q "$@" >&2) || rc=1
	if ((rc == 0)); then
		mkdir -p "$dest" && mv "$dl"/*.deb "$dest/" || rc=1
	fi
	rm -rf "$dl"
	return $rc
}

# kernel_resolve: sets kpkg and kpkgver, the exact kernel package
# linux-image-amd64 names ("Depends: linux-image-V-amd64 (= VERSION)"),
# both empty when apt cannot tell (no lists, apt busy).  One apt-cache
# call: it is slow.  A new machine may have no package lists yet: as root,
# apt-get update once.
kernel_resolve() {
	local dep
	_kernel_dep() {
		apt-cache show --no-all-versions linux-image-amd64 2>/dev/null |
			sed -n 's/^Depends: \(linux-image-[0-9][^ ,]*\) (= \([^)]*\)).*/\1 \2/p' | sed -n 1p
	}
	dep=$(_kernel_dep)
	if [[ -z $dep && $(id -u) == 0 ]]; then
		apt-get update -q >&2 || true
		dep=$(_kernel_dep)
	fi
	kpkg='' kpkgver=''
	read -r kpkg kpkgver <<<"$dep" || true
	kver=${kpkg#linux-image-}
}

# kernel_fetch DIR: sets kdeb, the kernel package's .deb in DIR,
# downloaded once per version (DIR keeps that one only).
kernel_fetch() {
	local dir=$1
	kdeb=$dir/${kpkg}_${kpkgver//:/%3a}_amd64.deb
	[[ -f $kdeb ]] && return 0
	echo "${0##*/}: downloading $kpkg $kpkgver" >&2
	mkdir -p "$dir"
	rm -f "$dir/"*.deb
	apt_download "$dir" "$kpkg=$kpkgver" || die "apt-get download $kpkg failed"
	[[ -f $kdeb ]] || die "apt-get download $kpkg gave no $kdeb"
}

# kernel_unpack: unpacks $kdeb into $work/kernel (kroot) and indexes its
# modules (depmod) for kernel_modules.
kernel_unpack() {
	kroot=$work/kernel
	dpkg-deb -x "$kdeb" "$kroot"
	[[ -f $kroot/boot/vmlinuz-$kver ]] || die "$kdeb holds no /boot/vmlinuz-$kver"
	depmod -b "$kroot" "$kver"
}

# kernel_modules ROOTFS MODULE...: the modules and those they need, in
# load order (modprobe knows the dependencies), copied into
# ROOTFS/lib/modules/ and listed in that order in ROOTFS/etc/qv-modules.
kernel_modules() {
	local rootfs=$1 m ko
	shift
	mkdir -p "$rootfs/lib/modules" "$rootfs/etc"
	for m in "$@"; do
		modprobe -d "$kroot" -S "$kver" --show-depends "$m" || die "module $m not found"
	done |
		awk '$1 == "insmod" && !seen[$2]++ { print $2 }' >"$work/order"
	[[ -s $work/order ]] || die "modprobe found none of: $*"
	: >"$rootfs/etc/qv-modules"
	while read -r ko; do
		[[ $ko == *.ko ]] || die "unexpected module file $ko (compressed modules are not supported)"
		cp "$ko" "$rootfs/lib/modules/"
		basename "$ko" >>"$rootfs/etc/qv-modules"
	done <"$work/order"
}

# kernel_image: makes $work/vmlinux, else $work/vmlinuz, and sets kimage
# to that name.  Under TCG, decompressing the kernel takes ~4 s of every
# boot.  Debian's kernel is PVH-capable (CONFIG_PVH), so QEMU can boot the
# uncompressed ELF directly: unpack it once here (xz payload inside the
# bzImage).
kernel_image() {
	local config=$kroot/boot/config-$kver off
	kimage=vmlinuz
	cp "$kroot/boot/vmlinuz-$kver" "$work/vmlinuz"
	if grep -qx 'CONFIG_PVH=y' "$config" && grep -qx 'CONFIG_KERNEL_XZ=y' "$config" &&
	   command -v xz >/dev/null; then
		off=$(LC_ALL=C grep -m1 -obUaP '\xfd7zXZ\x00' "$work/vmlinuz" | cut -d: -f1)
		if [[ -n $off ]]; then
			# xz stops at the payload's end and complains about what follows.
			tail -c +$((off + 1)) "$work/vmlinuz" | xz -dc >"$work/vmlinux" 2>/dev/null || true
			[[ $(head -c 4 "$work/vmlinux" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] &&
				kimage=vmlinux
		fi
	fi
}

# install_guest INITRD: moves $work/$kimage and INITRD into $out, records
# the kernel's name, removes the other kernel file.  By rename: a QEMU
# starting right now still finds a whole file.
install_guest() {
	local other
	mv -f "$work/$kimage" "$out/$kimage"
	for other in vmlinux vmlinuz; do
		[[ $other == "$kimage" ]] || rm -f "${out:?}/$other"
	done
	mv -f "$1" "$out/initrd.gz"
	echo "$kimage" >"$out/kernel-name"
}
