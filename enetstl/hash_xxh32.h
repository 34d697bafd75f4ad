/* SPDX-License-Identifier: GPL-2.0 */
/* XXH32 constants (xxHash specification), shared by the scalar and AVX2 cores. */
#ifndef _ENETSTL_HASH_XXH32_H
#define _ENETSTL_HASH_XXH32_H

#define XXH32_P1	0x9E3779B1u
#define XXH32_P2	0x85EBCA77u
#define XXH32_P3	0xC2B2AE3Du
#define XXH32_P4	0x27D4EB2Fu
#define XXH32_P5	0x165667B1u

static inline u32 xxh32_rotl(u32 x, unsigned int r)
{
	return (x << r) | (x >> (32 - r));
}

/*
 * The 5-tuple's third word (the two ports), read as the BPF program stored
 * it: two 2-byte loads.  One 4-byte load over those two stores cannot be
 * forwarded from the store buffer and waits until they reach the cache;
 * that stall alone doubled the AVX2 5-tuple path's time.
 */
static __always_inline u32 xxh32_pkt_w2(const u8 *p)
{
	u32 a = (u16)(p[8] | p[9] << 8), b = (u16)(p[10] | p[11] << 8);

	/* keep gcc from merging the loads back into one */
	__asm__("" : "+r"(a), "+r"(b));
	return a | b << 16;
}

/* The AVX2 core's inputs other than the 5-tuple on 4 or 8 rows. */
void enetstl_xxh32_cnt32_avx2_general(const u8 *p, size_t len, u8 *table,
				      u32 rows, u32 column_shift);

#endif /* _ENETSTL_HASH_XXH32_H */
