// SPDX-License-Identifier: GPL-2.0
/*
 * Count-min sketch update in plain eBPF: XXH32 and fasthash32 of the
 * 13-byte 5-tuple computed in BPF code, one row at a time.  Same map layout,
 * seeds and hashes as cms_enetstl.bpf.c, so both build identical tables.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "cms_common.h"
#include "hash13_bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cms_table);
} cms SEC(".maps");

static const __u32 row_seed[CMS_ROWS] = {
	0x00ec5853, 0x00ec5859, 0x00ec5861, 0x00ec587f,	/* ENETSTL_CNT_SEEDS */
};

static __always_inline int load_key(struct xdp_md *ctx, struct key_words *k)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *p = data + CMS_KEY_OFF;

	if ((void *)(p + ENETSTL_PKT_5TUPLE_SIZE) > end)
		return -1;
	__builtin_memcpy(&k->w0, p, 4);
	__builtin_memcpy(&k->w1, p + 4, 4);
	__builtin_memcpy(&k->w2, p + 8, 4);
	k->b12 = p[12];
	return 0;
}

SEC("xdp")
int cms_xxh32(struct xdp_md *ctx)
{
	struct key_words k;
	__u32 zero = 0;
	struct cms_table *tab = bpf_map_lookup_elem(&cms, &zero);
	int i;

	if (!tab || load_key(ctx, &k))
		return XDP_ABORTED;
	for (i = 0; i < CMS_ROWS; i++)
		tab->cnt[i][xxh32_13(&k, row_seed[i]) & (CMS_COLS - 1)]++;
	return XDP_PASS;
}

SEC("xdp")
int cms_fasthash32(struct xdp_md *ctx)
{
	struct key_words k;
	__u32 zero = 0;
	struct cms_table *tab = bpf_map_lookup_elem(&cms, &zero);
	int i;

	if (!tab || load_key(ctx, &k))
		return XDP_ABORTED;
	for (i = 0; i < CMS_ROWS; i++)
		tab->cnt[i][fasthash32_13(&k, row_seed[i]) & (CMS_COLS - 1)]++;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
