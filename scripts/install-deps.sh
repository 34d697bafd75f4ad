#!/bin/bash
# Install everything the build, the guest runner and the tests need, from
# Debian's archive. The guest kernel is Debian's own (linux-image-amd64) with
# the matching headers; linux-source provides extract-vmlinux, resolve_btfids,
# the kselftest harness and checkpatch at build time.
set -euo pipefail
pkgs=(
	build-essential gcc make perl bc kmod cpio xz-utils
	clang clang-15 llvm lld libclang-rt-14-dev
	libbpf-dev bpftool dwarves libelf-dev zlib1g-dev
	libnl-3-dev libnl-genl-3-dev
	linux-image-amd64 linux-headers-amd64 linux-source
	qemu-system-x86 busybox-static
	libbpf-tools
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all packages present"
	exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
