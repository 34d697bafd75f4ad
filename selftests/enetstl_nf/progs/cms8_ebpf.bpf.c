// SPDX-License-Identifier: GPL-2.0
/*
 * 8-row count-min sketch in plain eBPF: XXH32 / fasthash32 of the 13-byte
 * 5-tuple computed in BPF, one row after the other.  Same table, seeds and
 * hashes as cms8_enetstl.bpf.c, so both build identical tables.
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

/*
 * The first CMS8_ROWS seeds of ENETSTL_CNT_SEEDS, applied by an unrolled
 * macro: a 32-byte const array would land in .rodata.cst32, a section
 * libbpf cannot map.
 */
#define CMS8_FOR_EACH_ROW(ROW)						\
	ROW(0, 0x00ec5853) ROW(1, 0x00ec5859) ROW(2, 0x00ec5861)	\
	ROW(3, 0x00ec587f) ROW(4, 0x00ec58a7) ROW(5, 0x00ec58b3)	\
	ROW(6, 0x00ec58c7) ROW(7, 0x00ec58d1)

#define P1 0x9E3779B1u
#define P2 0x85EBCA77u
#define P3 0xC2B2AE3Du
#define P4 0x27D4EB2Fu
#define P5 0x165667B1u
#define FH_M 0x880355f21e6d1965ull

static __always_inline __u32 rotl32(__u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

/* The 13 bytes as little-endian words (both hashes read little-endian). */
struct key_words {
	__u32 w0, w1, w2;
	__u8 b12;
};

static __always_inline void key_words(const struct pkt_5tuple *t,
				      struct key_words *k)
{
	__builtin_memcpy(&k->w0, t, 4);
	__builtin_memcpy(&k->w1, (const __u8 *)t + 4, 4);
	__builtin_memcpy(&k->w2, (const __u8 *)t + 8, 4);
	k->b12 = t->proto;
}

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

	h ^= fh_mix((__u64)k->w0 | (__u64)k->w1 << 32);
	h *= FH_M;
	h ^= fh_mix((__u64)k->w2 | (__u64)k->b12 << 32);
	h *= FH_M;
	h = fh_mix(h);
	return (__u32)(h - (h >> 32));
}

SEC("xdp")
int cms8_xxh32(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	struct key_words k;
	__u32 zero = 0;
	struct cms8_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!tab || nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	key_words(&t, &k);
#define ROW(i, seed) tab->cnt[i][xxh32_13(&k, seed) & (CMS8_COLS - 1)]++;
	CMS8_FOR_EACH_ROW(ROW)
#undef ROW
	return XDP_PASS;
}

SEC("xdp")
int cms8_fasthash32(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	struct key_words k;
	__u32 zero = 0;
	struct cms8_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!tab || nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	key_words(&t, &k);
#define ROW(i, seed) tab->cnt[i][fasthash32_13(&k, seed) & (CMS8_COLS - 1)]++;
	CMS8_FOR_EACH_ROW(ROW)
#undef ROW
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
