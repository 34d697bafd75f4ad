// SPDX-License-Identifier: GPL-2.0
/*
 * 8-row count-min sketch on eNetSTL: one kfunc call hashes the 5-tuple with
 * all eight seeds (one AVX2 pass) and bumps the eight counters.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "nf_parse.h"
#include "cms8_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cms8_table);
} cms SEC(".maps");

SEC("xdp")
int cms8_xxh32(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	__u32 zero = 0;
	struct cms8_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!tab || nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	bpf_xxh32_pkt_cnt32(&t, tab, sizeof(*tab), CMS8_COL_SHIFT);
	return XDP_PASS;
}

SEC("xdp")
int cms8_fasthash32(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	__u32 zero = 0;
	struct cms8_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!tab || nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	bpf_fasthash32_pkt_cnt32(&t, tab, sizeof(*tab), CMS8_COL_SHIFT);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
