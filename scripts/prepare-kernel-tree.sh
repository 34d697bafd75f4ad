#!/bin/bash
# Prepare what out-of-tree builds need for a Debian kernel, under $BUILD:
#   kdir/          a private copy of the linux-headers build dir that also has
#                  vmlinux and resolve_btfids, so kbuild emits module .BTF
#                  (the stock dir silently skips it)
#   linux-source-* scripts/ and tools/ extracted from Debian's linux-source
#   kselftest/     kselftest_harness.h and kselftest.h from that source
#   vmlinux/vmlinux.h  types for BPF programs, from the kernel's own BTF
# Usage: prepare-kernel-tree.sh KVER BUILD
set -euo pipefail

kver=$1
build=$2
headers=/usr/src/linux-headers-$kver
image=/boot/vmlinuz-$kver

die() { echo "prepare-kernel-tree: $*" >&2; exit 1; }

[ -d "$headers" ] || die "$headers missing (apt-get install linux-headers-$kver)"
[ -f "$image" ] || die "$image missing (apt-get install linux-image-$kver)"
src_tar=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
[ -n "$src_tar" ] || die "no /usr/src/linux-source-*.tar.xz (apt-get install linux-source)"
src_name=$(basename "$src_tar" .tar.xz)
src=$build/$src_name

mkdir -p "$build"
if [ ! -f "$src/.extracted" ]; then
	echo "  EXTRACT $src_name (scripts, tools)"
	rm -rf "$src"
	tar -C "$build" -xJf "$src_tar" "$src_name/scripts" "$src_name/tools" \
		"$src_name/include/uapi" "$src_name/arch/x86/include/uapi"
	touch "$src/.extracted"
fi

btfids=$src/tools/bpf/resolve_btfids/resolve_btfids
if [ ! -x "$btfids" ]; then
	echo "  BUILD   resolve_btfids"
	make -s -C "$src/tools/bpf/resolve_btfids" >"$build/resolve_btfids.log" 2>&1 ||
		{ tail -n 20 "$build/resolve_btfids.log" >&2; die "resolve_btfids build failed"; }
fi

kdir=$build/kdir
if [ ! -f "$kdir/.prepared-$kver" ]; then
	echo "  KDIR    $kdir for $kver"
	rm -rf "$kdir"
	cp -a "$headers" "$kdir"
	# Debian's relative symlinks (scripts -> ../../lib/...) break in a copy.
	find "$kdir" -maxdepth 1 -type l | while read -r l; do
		ln -sfn "$(readlink -f "$headers/$(basename "$l")")" "$l"
	done
	# tools/ is a symlink into linux-kbuild; make it a real dir holding
	# objtool from Debian and the resolve_btfids we built.
	kbuild_tools=$(readlink -f "$headers/tools")
	rm -f "$kdir/tools"
	mkdir -p "$kdir/tools/bpf/resolve_btfids"
	for t in "$kbuild_tools"/*; do
		ln -s "$t" "$kdir/tools/$(basename "$t")"
	done
	cp "$btfids" "$kdir/tools/bpf/resolve_btfids/"
	"$src/scripts/extract-vmlinux" "$image" >"$kdir/vmlinux" ||
		die "extract-vmlinux failed on $image"
	# Not `readelf | grep -q`: under pipefail, grep exiting at the first
	# match can kill readelf with SIGPIPE and fail the check.
	sections=$(readelf -S -W "$kdir/vmlinux")
	grep -q '\.BTF' <<<"$sections" ||
		die "$image has no .BTF section: kfunc modules need CONFIG_DEBUG_INFO_BTF"
	touch "$kdir/.prepared-$kver"
fi

mkdir -p "$build/kselftest" "$build/vmlinux"
for h in kselftest_harness.h kselftest.h; do
	cmp -s "$src/tools/testing/selftests/$h" "$build/kselftest/$h" ||
		cp "$src/tools/testing/selftests/$h" "$build/kselftest/$h"
done
if [ ! -s "$build/vmlinux/vmlinux.h" ] || [ "$kdir/vmlinux" -nt "$build/vmlinux/vmlinux.h" ]; then
	echo "  GEN     vmlinux.h"
	bpftool btf dump file "$kdir/vmlinux" format c >"$build/vmlinux/vmlinux.h.tmp"
	mv "$build/vmlinux/vmlinux.h.tmp" "$build/vmlinux/vmlinux.h"
fi
