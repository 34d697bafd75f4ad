/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fasthash (Zilong Tan's fast-hash) constants, shared by the scalar and
 * AVX2 cores: fasthash64 mixes each little-endian 64-bit word with
 * FASTHASH_MIX, then folds it into h as h = (h ^ mix(v)) * FASTHASH_M;
 * fasthash32 = (u32)(h - (h >> 32)) of fasthash64.
 */
#ifndef _ENETSTL_HASH_FASTHASH_H
#define _ENETSTL_HASH_FASTHASH_H

#define FASTHASH_M	0x880355f21e6d1965ull
#define FASTHASH_MIX	0x2127599bf4325c37ull

static inline u64 fasthash_mix(u64 h)
{
	h ^= h >> 23;
	h *= FASTHASH_MIX;
	h ^= h >> 47;
	return h;
}

/*
 * The last n = len & 7 bytes (n > 0) of p[0..len) as a little-endian word,
 * read with at most three loads that stay inside p[0..len): with a word
 * before them, one 8-byte load ending at the last byte.
 */
static __always_inline u64 fasthash_tail(const u8 *p, size_t len)
{
	size_t n = len & 7;
	const u8 *t = p + len - n;

	if (len >= 8)
		return enetstl_load64(p + len - 8) >> (64 - 8 * n);
	if (n >= 4)	/* two 4-byte loads that may overlap */
		return enetstl_load32(t) |
		       (u64)enetstl_load32(t + n - 4) << (8 * (n - 4));
	return t[0] | (u64)t[n / 2] << (8 * (n / 2)) |
	       (u64)t[n - 1] << (8 * (n - 1));
}

/*
 * The 5-tuple's two words, read field by field (4, 4, 2, 2, 1 bytes): a
 * BPF program has just stored it that way on its stack, and loads that
 * span several of those stores cannot be forwarded from the store buffer
 * (a stall of about ten cycles each).
 */
static __always_inline u64 fasthash_pkt_w0(const u8 *p)
{
	/* u64, so that no zero-extension is redone after the barrier */
	u64 a = enetstl_load32(p), b = enetstl_load32(p + 4);

	/* keep gcc from merging the loads back into one */
	__asm__("" : "+r"(a), "+r"(b));
	return a | b << 32;
}

static __always_inline u64 fasthash_pkt_w1(const u8 *p)
{
	u64 a = (u16)(p[8] | p[9] << 8), b = (u16)(p[10] | p[11] << 8);
	u64 c = p[12];

	__asm__("" : "+r"(a), "+r"(b), "+r"(c));
	return a | b << 16 | c << 32;
}

/* fasthash64's last step, folded to 32 bits. */
static __always_inline u32 fasthash_fold32(u64 h)
{
	h = fasthash_mix(h);
	return (u32)(h - (h >> 32));
}

/* The AVX2 core's inputs other than the 5-tuple on 4 or 8 rows. */
void enetstl_fasthash32_cnt32_avx2_general(const u8 *p, size_t len,
					   u8 *table, u32 rows,
					   u32 column_shift);

#endif /* _ENETSTL_HASH_FASTHASH_H */
