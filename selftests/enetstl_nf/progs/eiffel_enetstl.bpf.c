// SPDX-License-Identifier: GPL-2.0
/* Eiffel priority queue on eNetSTL: find-first-set is the bpf_ffs kfunc. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "enetstl.h"

static __always_inline __u64 nf_ffs(__u64 x)
{
	return bpf_ffs(x);
}

#include "eiffel_ops.h"

char LICENSE[] SEC("license") = "GPL";
