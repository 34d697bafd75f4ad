// SPDX-License-Identifier: GPL-2.0
/*
 * GEO random pool: geo_create puts a pool of the asked probability in the
 * map; geo_draw takes GEO_BATCH counts, geo_should counts the 1s of
 * GEO_BATCH should_do calls (both on a borrowed reference); geo_draw_inplace
 * takes GEO_BATCH counts in place, with no reference.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "enetstl.h"
#include "lib_progs.h"

struct geo_val {
	struct geo_sampling_ctx __enetstl_kptr *g;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct geo_val);
} geo_map SEC(".maps");

int in_percent;
__u32 in_frac, in_num, in_den;
__u32 counts[GEO_BATCH];
__u32 ones;
__s64 out_ret;

static __always_inline struct geo_val *geo_slot(void)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&geo_map, &k);
}

SEC("xdp")
int geo_create(struct xdp_md *ctx)
{
	struct geo_val *v = geo_slot();
	struct geo_sampling_ctx *g, *old;

	if (!v)
		return XDP_ABORTED;
	if (in_frac)
		g = bpf_geo_sampling_ctx_new_frac(in_num, in_den);
	else
		g = bpf_geo_sampling_ctx_new(in_percent);
	if (!g) {
		out_ret = -1;
		return XDP_PASS;
	}
	old = bpf_kptr_xchg(&v->g, g);
	if (old)
		bpf_geo_sampling_ctx_free(old);
	out_ret = 0;
	return XDP_PASS;
}

SEC("xdp")
int geo_draw(struct xdp_md *ctx)
{
	struct geo_val *v = geo_slot();
	struct geo_sampling_ctx *g;
	__u32 i;

	if (!v)
		return XDP_ABORTED;
	g = bpf_geo_sampling_ctx_kptr_get(&v->g);
	if (!g) {
		out_ret = NO_OBJ;
		return XDP_PASS;
	}
	for (i = 0; i < GEO_BATCH; i++)
		counts[i] = bpf_geo_sampling_gen_geo_cnt(g);
	bpf_geo_sampling_ctx_free(g);
	out_ret = 0;
	return XDP_PASS;
}

SEC("xdp")
int geo_draw_inplace(struct xdp_md *ctx)
{
	struct geo_val *v = geo_slot();
	__u32 i;
	int c;

	if (!v)
		return XDP_ABORTED;
	for (i = 0; i < GEO_BATCH; i++) {
		c = bpf_geo_sampling_kptr_gen_geo_cnt(&v->g);
		if (c < 0) {
			out_ret = c;
			return XDP_PASS;
		}
		counts[i] = c;
	}
	out_ret = 0;
	return XDP_PASS;
}

SEC("xdp")
int geo_should(struct xdp_md *ctx)
{
	struct geo_val *v = geo_slot();
	struct geo_sampling_ctx *g;
	__u32 i, n = 0;

	if (!v)
		return XDP_ABORTED;
	g = bpf_geo_sampling_ctx_kptr_get(&v->g);
	if (!g) {
		out_ret = NO_OBJ;
		return XDP_PASS;
	}
	for (i = 0; i < GEO_BATCH; i++)
		n += bpf_geo_sampling_should_do(g) != 0;
	ones = n;
	bpf_geo_sampling_ctx_free(g);
	out_ret = 0;
	return XDP_PASS;
}

/* From tc: a 100% pool always says yes and counts 1. */
SEC("tc")
int geo_tc(struct __sk_buff *skb)
{
	struct geo_sampling_ctx *g = bpf_geo_sampling_ctx_new(100);

	if (!g)
		return 2;
	out_ret = bpf_geo_sampling_should_do(g) * 10 +
		  bpf_geo_sampling_gen_geo_cnt(g);
	bpf_geo_sampling_ctx_free(g);
	return 0;
}

char _license[] SEC("license") = "GPL";
