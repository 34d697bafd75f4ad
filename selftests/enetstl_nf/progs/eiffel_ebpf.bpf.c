// SPDX-License-Identifier: GPL-2.0
/* Eiffel priority queue in plain eBPF: find-first-set by binary search. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

static __always_inline __u64 nf_ffs(__u64 x)
{
	__u64 n = 0;

	if (!(x & 0xffffffffull)) {
		n += 32;
		x >>= 32;
	}
	if (!(x & 0xffff)) {
		n += 16;
		x >>= 16;
	}
	if (!(x & 0xff)) {
		n += 8;
		x >>= 8;
	}
	if (!(x & 0xf)) {
		n += 4;
		x >>= 4;
	}
	if (!(x & 0x3)) {
		n += 2;
		x >>= 2;
	}
	if (!(x & 0x1))
		n += 1;
	return n;
}

#include "eiffel_ops.h"

char LICENSE[] SEC("license") = "GPL";
