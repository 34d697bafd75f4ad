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

/* The last len & 7 bytes as a little-endian word; never reads past end. */
static inline u64 fasthash_tail(const u8 *p, size_t n)
{
	u64 v = 0;

	while (n--)
		v |= (u64)p[n] << (8 * n);
	return v;
}

#endif /* _ENETSTL_HASH_FASTHASH_H */
