// SPDX-License-Identifier: GPL-2.0
/* Count-min sketch update with the eNetSTL multi-row hash kfuncs. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "cms_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cms_table);
} cms SEC(".maps");

static __always_inline struct pkt_5tuple *key_of(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct pkt_5tuple *t = data + CMS_KEY_OFF;

	return (void *)(t + 1) > end ? NULL : t;
}

SEC("xdp")
int cms_xxh32(struct xdp_md *ctx)
{
	struct pkt_5tuple *t = key_of(ctx);
	__u32 zero = 0;
	struct cms_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!t || !tab)
		return XDP_ABORTED;
	/* One call hashes all rows (in parallel on AVX2) and counts. */
	bpf_xxh32_pkt_cnt32(t, tab, sizeof(*tab), CMS_COL_SHIFT);
	return XDP_PASS;
}

SEC("xdp")
int cms_fasthash32(struct xdp_md *ctx)
{
	struct pkt_5tuple *t = key_of(ctx);
	__u32 zero = 0;
	struct cms_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!t || !tab)
		return XDP_ABORTED;
	bpf_fasthash32_pkt_cnt32(t, tab, sizeof(*tab), CMS_COL_SHIFT);
	return XDP_PASS;
}

/* Baseline for the benchmark: same parse and lookup, no counting. */
SEC("xdp")
int cms_empty(struct xdp_md *ctx)
{
	struct pkt_5tuple *t = key_of(ctx);
	__u32 zero = 0;
	struct cms_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!t || !tab)
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
