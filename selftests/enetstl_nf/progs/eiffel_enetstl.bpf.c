// SPDX-License-Identifier: GPL-2.0
/*
 * Eiffel priority queue on eNetSTL: the two-level find-first-set is one
 * bpf_bitmap2_ffs call.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "enetstl.h"
#include "eiffel_common.h"

static __always_inline long nf_bitmap_min(const struct eif_bitmap *bm)
{
	return bpf_bitmap2_ffs(bm, sizeof(*bm));
}

#include "eiffel_ops.h"

char LICENSE[] SEC("license") = "GPL";
