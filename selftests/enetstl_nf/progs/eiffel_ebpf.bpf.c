// SPDX-License-Identifier: GPL-2.0
/* Eiffel priority queue in plain eBPF: find-first-set by binary search. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "eiffel_common.h"

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

static __always_inline long nf_bitmap_min(const struct eif_bitmap *bm)
{
	__u64 word;
	__u32 w;

	if (!bm->top)
		return EIF_MIN_EMPTY;
	w = nf_ffs(bm->top) & (EIF_WORDS - 1);
	word = bm->word[w];
	if (!word)
		return EIF_MIN_BAD;
	return w * 64 + nf_ffs(word);
}

#include "eiffel_ops.h"

char LICENSE[] SEC("license") = "GPL";
