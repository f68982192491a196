#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the Xorg guest: the demo guest's Debian kernel and an initramfs
# holding Debian 12's own display stack, Xorg with the qxl driver
# (xserver-xorg-video-qxl) and the SPICE agent (spice-vdagentd and
# spice-vdagent), plus busybox and xrandr.  See README.md, "Xorg guest".
#
#   build-xorg-guest.sh [OUTDIR]
#
# OUTDIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/quadview/xorg-guest.
# The packages are the dependency closure apt computes for the roots below
# on an empty system (`apt-get -s`), downloaded with `apt-get download`
# (never installed) into OUTDIR/debs and unpacked with `dpkg-deb -x`.  The
# initramfs takes from them only the programs the guest runs, the Xorg
# modules, the shared libraries those need (ELF NEEDED, recursively) and
# the XKB data.  The result is cached and rebuilt only when a source file
# here or a package version changes (apt's package lists are checked
# first: while they are unchanged, apt is not asked again).  Prints, on
# stdout:
#   kernel=OUTDIR/vmlinux   (or vmlinuz when it cannot be unpacked)
#   initrd=OUTDIR/initrd.gz
# Needs (Debian packages): apt, dpkg, kmod, binutils (readelf), libc-bin
# (ldconfig), gzip, xz-utils, util-linux (flock).
# Exit status: 0 built or cached, 1 a step failed (message on stderr).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/quadview/xorg-guest}
roots=(xserver-xorg-core xserver-xorg-video-qxl spice-vdagent x11-xserver-utils
	x11-xkb-utils xkb-data busybox-static)
modules=(qxl virtio_pci virtio_console uinput)
sources=(xorg-init xorg-guest.conf build-xorg-guest.sh guest-kernel.sh)
# What the guest runs (Xorg starts xkbcomp for its keymap), and the Xorg
# modules it loads: the qxl driver and what that loads (no GLX, no
# glamor, no input drivers: xorg-guest.conf).
programs=(usr/lib/xorg/Xorg usr/bin/xkbcomp usr/bin/xrandr usr/bin/xsetroot
	usr/sbin/spice-vdagentd usr/bin/spice-vdagent bin/busybox)
xorg_modules=(usr/lib/xorg/modules/drivers/qxl_drv.so usr/lib/xorg/modules/libvgahw.so)
data=(usr/share/X11/xkb)
libdirs=(lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib usr/lib)

die() { echo "build-xorg-guest.sh: $*" >&2; exit 1; }
# shellcheck source=tests/guest/guest-kernel.sh
. "$here/guest-kernel.sh"

for tool in apt-cache apt-get apt-config dpkg-deb depmod modprobe readelf ldconfig \
	    gzip sha256sum flock realpath; do
	command -v "$tool" >/dev/null || die "missing tool '$tool' (see tests/guest/README.md)"
done

mkdir -p "$out"
# Several tests may start at once: one builds, the others wait.
exec 9>"$out/.lock"
flock 9

cached() {
	local k
	k=$(cat "$out/kernel-name" 2>/dev/null) || return 1
	[[ -n $k && -f $out/$k && -f $out/initrd.gz ]] || return 1
	echo "kernel=$out/$k"
	echo "initrd=$out/initrd.gz"
}

srcsum=$(cd "$here" && sha256sum "${sources[@]}")
# Asking apt for the closure takes seconds: while its package lists, the
# sources and the roots are as at the last build, that build stands.
lists=/var/lib/apt/lists/
eval "$(apt-config shell lists Dir::State::lists/d)"
quick=$( { echo "${roots[*]} ${modules[*]}"; echo "$srcsum";
	   find "$lists" -maxdepth 1 -type f -name '*Packages*' -printf '%f %s %T@\n' | LC_ALL=C sort; } |
	sha256sum | cut -d' ' -f1)
if [[ -f $out/stamp.lists && $(cat "$out/stamp.lists") == "$quick" ]] && cached; then
	exit 0
fi

# The exact kernel package (kpkg, kpkgver, kver), as the demo guest's.
kernel_resolve
# The packages, "NAME VERSION ARCH" a line: what apt would install on a
# system that has nothing (an empty dpkg status), without recommends.
closure() {
	apt-get -s -q -o Dir::State::status=/dev/null -o APT::Install-Recommends=false \
		-o APT::Install-Suggests=false install "${roots[@]}" 2>/dev/null |
		sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) [^[]*\[\([a-z0-9]*\)\]).*/\1 \2 \3/p' | LC_ALL=C sort
}
pkgs=$(closure) || pkgs=''
if [[ -z $kpkg || -z $pkgs ]]; then
	if cached; then
		echo "build-xorg-guest.sh: cannot ask apt about the packages; using the cached guest" >&2
		exit 0
	fi
	[[ -n $kpkg ]] || die "cannot resolve linux-image-amd64 (run apt-get update)"
	die "apt cannot resolve ${roots[*]} (run apt-get update)"
fi
for r in "${roots[@]}"; do
	grep -q "^$r " <<<"$pkgs" || die "apt's closure lacks $r"
done

key=$( { echo "$kpkg $kpkgver"; echo "$pkgs"; echo "$srcsum"; } | sha256sum | cut -d' ' -f1)
if [[ -f $out/stamp && $(cat "$out/stamp") == "$key" ]] && cached; then
	echo "$quick" >"$out/stamp.lists"
	exit 0
fi

work=$(mktemp -d "$out/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
t0=$SECONDS

# The packages: each version downloaded once; other versions removed.
debs=$out/debs
mkdir -p "$debs"
want=() missing=()
while read -r name ver arch; do
	f=${name}_${ver//:/%3a}_$arch.deb
	want+=("$f")
	[[ -f $debs/$f ]] || missing+=("$name=$ver")
done <<<"$pkgs"
if ((${#missing[@]})); then
	echo "build-xorg-guest.sh: downloading ${#missing[@]} packages" >&2
	apt_download "$debs" "${missing[@]}" || die "apt-get download failed"
fi
declare -A wanted=()
for f in "${want[@]}"; do
	[[ -f $debs/$f ]] || die "apt-get download gave no $f"
	wanted[$f]=1
done
for f in "$debs"/*.deb; do
	[[ -n ${wanted[${f##*/}]:-} ]] || rm -f "$f"
done

stage=$work/stage
mkdir -p "$stage"
for f in "${want[@]}"; do
	dpkg-deb -x "$debs/$f" "$stage" || die "cannot unpack $f"
done

# The rootfs: each file kept is copied with the symlinks leading to it;
# an ELF file brings its interpreter and the libraries it needs.
rootfs=$work/rootfs
mkdir -p "$rootfs"
declare -A kept=()
keep() {
	local p=$1 src t lib dir found
	[[ -z ${kept[$p]:-} ]] || return 0
	kept[$p]=1
	src=$stage/$p
	[[ -e $src || -L $src ]] || die "no /$p in the packages"
	mkdir -p "$rootfs/${p%/*}"
	cp -a "$src" "$rootfs/$p"
	if [[ -L $src ]]; then
		t=$(readlink "$src")
		[[ $t == /* ]] || t=/${p%/*}/$t
		t=$(realpath -ms "$t")
		keep "${t#/}"
		return
	fi
	[[ -f $src && $(head -c 4 "$src" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] || return 0
	t=$(readelf -l "$src" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \/\([^]]*\)\]/\1/p')
	[[ -z $t ]] || keep "$t"
	for lib in $(readelf -d "$src" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=''
		for dir in "${libdirs[@]}"; do
			if [[ -e $stage/$dir/$lib ]]; then found=$dir/$lib; break; fi
		done
		[[ -n $found ]] || die "/$p needs $lib, which no package holds"
		keep "$found"
	done
}
for p in "${programs[@]}" "${xorg_modules[@]}"; do keep "$p"; done
for d in "${data[@]}"; do
	[[ -d $stage/$d ]] || die "no /$d in the packages"
	mkdir -p "$rootfs/${d%/*}"
	cp -a "$stage/$d" "$rootfs/$d"
done
# The keymap Xorg compiles is written there (Debian: /var/lib/xkb).
ln -sfn /var/lib/xkb "$rootfs/usr/share/X11/xkb/compiled"
mkdir -p "$rootfs"/{bin,dev,proc,sys,tmp,run,root,etc/X11,var/lib/xkb,var/log}
printf '%s\n' /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu >"$rootfs/etc/ld.so.conf"
ldconfig -r "$rootfs" || die "ldconfig -r failed"
echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
echo 'root:x:0:' >"$rootfs/etc/group"
install -m 0644 "$here/xorg-guest.conf" "$rootfs/etc/X11/xorg.conf"
install -m 0755 "$here/xorg-init" "$rootfs/init"
busybox=$rootfs/bin/busybox
"$busybox" --list | grep -x cpio >/dev/null || die "busybox-static has no cpio"

# The kernel and its modules, as for the demo guest.
kernel_fetch "$out/kernel"
kernel_unpack
kernel_modules "$rootfs" "${modules[@]}"

(cd "$rootfs" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null) |
	gzip -6 >"$work/initrd.gz"
kernel_image
install_guest "$work/initrd.gz"
echo "$key" >"$out/stamp"
echo "$quick" >"$out/stamp.lists"
echo "build-xorg-guest.sh: built the Xorg guest ($(du -sm "$rootfs" | cut -f1) MiB unpacked," \
	"$(($(stat -c %s "$out/initrd.gz") / 1048576)) MiB packed) with kernel $kver in $((SECONDS - t0)) s in $out" >&2
cached
