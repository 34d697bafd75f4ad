/* SPDX-License-Identifier: GPL-2.0 */
/*
 * XXH32 and fasthash32 of the 13-byte 5-tuple in plain BPF: the pure-eBPF
 * side of every count-min style NF (here and in selftests/enetstl_nf), so
 * each pure build hashes exactly as the eNetSTL kfuncs do.
 */
#ifndef ENETSTL_HASH13_BPF_H
#define ENETSTL_HASH13_BPF_H

#define XXH_P1 0x9E3779B1u
#define XXH_P2 0x85EBCA77u
#define XXH_P3 0xC2B2AE3Du
#define XXH_P4 0x27D4EB2Fu
#define XXH_P5 0x165667B1u
#define FH_M 0x880355f21e6d1965ull

/*
 * The 13 bytes as little-endian words: XXH32 and fasthash both read their
 * input little-endian, and the BPF target here is little-endian.
 */
struct key_words {
	__u32 w0, w1, w2;	/* src_ip, dst_ip, ports */
	__u8 b12;		/* proto */
};

static __always_inline __u32 rotl32(__u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

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
	__u32 acc = seed + XXH_P5 + 13;

	acc = rotl32(acc + k->w0 * XXH_P3, 17) * XXH_P4;
	acc = rotl32(acc + k->w1 * XXH_P3, 17) * XXH_P4;
	acc = rotl32(acc + k->w2 * XXH_P3, 17) * XXH_P4;
	acc = rotl32(acc + k->b12 * XXH_P5, 11) * XXH_P1;
	acc ^= acc >> 15;
	acc *= XXH_P2;
	acc ^= acc >> 13;
	acc *= XXH_P3;
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

	/* One full 8-byte word, then the 5-byte tail zero-padded. */
	h ^= fh_mix((__u64)k->w0 | (__u64)k->w1 << 32);
	h *= FH_M;
	h ^= fh_mix((__u64)k->w2 | (__u64)k->b12 << 32);
	h *= FH_M;
	h = fh_mix(h);
	return (__u32)(h - (h >> 32));
}

#endif
