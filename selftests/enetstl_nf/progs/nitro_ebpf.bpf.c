// SPDX-License-Identifier: GPL-2.0
/*
 * NitroSketch in plain eBPF: one bpf_get_prandom_u32() coin per row and
 * packet.  Algorithm and table: nitro_common.h.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "nf_parse.h"
#include "nitro_common.h"
#include "nitro_hash.h"

/* 1 / p; set before load. */
const volatile __u32 p_den = NITRO_P_DEN;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cms8_table);
} cms SEC(".maps");

__u64 nr_updates;

SEC("xdp")
int nitro_update(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	struct key_words k;
	__u32 zero = 0, row;
	struct cms8_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!tab || nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	key_words(&t, &k);
	for (row = 0; row < NITRO_ROWS; row++) {
		/* Heads with probability 1 / p_den, exactly. */
		if ((__u64)bpf_get_prandom_u32() * p_den >= (1ull << 32))
			continue;
		tab->cnt[row][xxh32_13(&k, nitro_seed[row]) &
			      (CMS8_COLS - 1)] += p_den;
		nr_updates++;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
