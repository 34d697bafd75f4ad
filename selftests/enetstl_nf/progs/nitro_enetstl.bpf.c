// SPDX-License-Identifier: GPL-2.0
/*
 * NitroSketch on eNetSTL: the GEO random pool gives the number of
 * (packet, row) pairs to the next update, so only sampled rows are touched
 * and most packets skip the table altogether.  Algorithm and table:
 * nitro_common.h.  The pool lives in a map as a referenced kptr, created
 * once by nitro_init; packets draw from it in place, without taking a
 * reference.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "nf_parse.h"
#include "nitro_common.h"
#include "nitro_hash.h"

const volatile __u32 p_den = NITRO_P_DEN;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cms8_table);
} cms SEC(".maps");

struct geo_slot {
	struct geo_sampling_ctx __enetstl_kptr *geo;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct geo_slot);
} geo_map SEC(".maps");

__u64 nr_updates;
/* (packet, row) pairs still to skip before the next update, from row 0. */
__u32 next_row;
int init_err;

SEC("xdp")
int nitro_init(struct xdp_md *ctx)
{
	struct geo_sampling_ctx *g, *old;
	struct geo_slot *slot;
	__u32 zero = 0;

	slot = bpf_map_lookup_elem(&geo_map, &zero);
	if (!slot)
		return XDP_ABORTED;
	g = bpf_geo_sampling_ctx_new_frac(1, p_den);
	if (!g) {
		init_err = -1;
		return XDP_ABORTED;
	}
	old = bpf_kptr_xchg(&slot->geo, g);
	if (old)
		bpf_geo_sampling_ctx_free(old);
	/* The first sampled pair, as a fresh countdown would give it. */
	g = bpf_geo_sampling_ctx_kptr_get(&slot->geo);
	if (!g)
		return XDP_ABORTED;
	next_row = bpf_geo_sampling_gen_geo_cnt(g) - 1;
	bpf_geo_sampling_ctx_free(g);
	return XDP_PASS;
}

SEC("xdp")
int nitro_update(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	struct geo_slot *slot;
	struct cms8_table *tab;
	struct key_words k;
	__u32 zero = 0, row = next_row;
	int i, cnt;

	/* Most packets: nothing sampled, no parse, no hash, no table. */
	if (row >= NITRO_ROWS) {
		next_row = row - NITRO_ROWS;
		return XDP_PASS;
	}
	tab = bpf_map_lookup_elem(&cms, &zero);
	slot = bpf_map_lookup_elem(&geo_map, &zero);
	if (!tab || !slot || nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	key_words(&t, &k);
	for (i = 0; i < NITRO_ROWS && row < NITRO_ROWS; i++) {
		/*
		 * row < NITRO_ROWS here, but the 6.1 verifier does not carry
		 * a 32-bit compare over to the 64-bit index: mask it, out of
		 * clang's sight so that it is not folded away.
		 */
		__u32 r = row;

		asm volatile("" : "+r"(r));
		r &= NITRO_ROWS - 1;
		tab->cnt[r][xxh32_13(&k, nitro_seed[r]) & (CMS8_COLS - 1)] +=
			p_den;
		nr_updates++;
		cnt = bpf_geo_sampling_kptr_gen_geo_cnt(&slot->geo);
		if (cnt < 0)	/* no pool: nitro_init not run */
			return XDP_ABORTED;
		row += cnt;
	}
	next_row = row - NITRO_ROWS;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
