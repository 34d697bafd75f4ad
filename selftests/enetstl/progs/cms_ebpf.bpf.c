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

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cms_table);
} cms SEC(".maps");

static const __u32 row_seed[CMS_ROWS] = {
	0x00ec5853, 0x00ec5859, 0x00ec5861, 0x00ec587f,	/* ENETSTL_CNT_SEEDS */
};

#define P1 0x9E3779B1u
#define P2 0x85EBCA77u
#define P3 0xC2B2AE3Du
#define P4 0x27D4EB2Fu
#define P5 0x165667B1u

static __always_inline __u32 rotl32(__u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

/*
 * The 13 bytes as little-endian words: XXH32 and fasthash both read their
 * input little-endian, and the BPF target here is little-endian.
 */
struct key_words {
	__u32 w0, w1, w2;	/* src_ip, dst_ip, ports */
	__u8 b12;		/* proto */
};

static __always_inline __u32 xxh32_13(const struct key_words *k, __u32 seed)
{
	/* Inputs shorter than 16 bytes skip the stripe loop. */
	__u32 acc = seed + P5 + 13;

	acc = rotl32(acc + k->w0 * P3, 17) * P4;
	acc = rotl32(acc + k->w1 * P3, 17) * P4;
	acc = rotl32(acc + k->w2 * P3, 17) * P4;
	acc = rotl32(acc + k->b12 * P5, 11) * P1;
	acc ^= acc >> 15;
	acc *= P2;
	acc ^= acc >> 13;
	acc *= P3;
	acc ^= acc >> 16;
	return acc;
}

#define FH_M 0x880355f21e6d1965ull

static __always_inline __u64 fh_mix(__u64 h)
{
	h ^= h >> 23;
	h *= 0x2127599bf4325c37ull;
	h ^= h >> 47;
	return h;
}

static __always_inline __u32 fasthash32_13(const struct key_words *k,
					   __u32 seed)
{
	__u64 h = (__u64)seed ^ (13 * FH_M);

	/* One full 8-byte word, then the 5-byte tail zero-padded. */
	h ^= fh_mix((__u64)k->w0 | (__u64)k->w1 << 32);
	h *= FH_M;
	h ^= fh_mix((__u64)k->w2 | (__u64)k->b12 << 32);
	h *= FH_M;
	h = fh_mix(h);
	return (__u32)(h - (h >> 32));
}

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
