// SPDX-License-Identifier: GPL-2.0
/* XXH32 as in the xxHash specification, one row at a time. */
#include "enetstl_core.h"
#include "hash_xxh32.h"

static inline u32 xxh32_round(u32 acc, u32 lane)
{
	return xxh32_rotl(acc + lane * XXH32_P2, 13) * XXH32_P1;
}

/* The final mix every XXH32 ends with. */
static __always_inline u32 xxh32_avalanche(u32 acc)
{
	acc ^= acc >> 15;
	acc *= XXH32_P2;
	acc ^= acc >> 13;
	acc *= XXH32_P3;
	acc ^= acc >> 16;
	return acc;
}

/* Inlined with a constant len (the 5-tuple), the loops unroll away. */
static __always_inline u32 xxh32_core(const void *data, size_t len, u32 seed)
{
	const u8 *p = data;
	const u8 *end = p + len;
	u32 v1, v2, v3, v4, acc;

	if (len >= 16) {
		v1 = seed + XXH32_P1 + XXH32_P2;
		v2 = seed + XXH32_P2;
		v3 = seed;
		v4 = seed - XXH32_P1;
		do {
			v1 = xxh32_round(v1, enetstl_load32(p));
			v2 = xxh32_round(v2, enetstl_load32(p + 4));
			v3 = xxh32_round(v3, enetstl_load32(p + 8));
			v4 = xxh32_round(v4, enetstl_load32(p + 12));
			p += 16;
		} while (end - p >= 16);
		acc = xxh32_rotl(v1, 1) + xxh32_rotl(v2, 7) +
		      xxh32_rotl(v3, 12) + xxh32_rotl(v4, 18);
	} else {
		acc = seed + XXH32_P5;
	}
	acc += (u32)len;
	for (; end - p >= 4; p += 4)
		acc = xxh32_rotl(acc + enetstl_load32(p) * XXH32_P3, 17) *
		      XXH32_P4;
	for (; p < end; p++)
		acc = xxh32_rotl(acc + *p * XXH32_P5, 11) * XXH32_P1;
	return xxh32_avalanche(acc);
}

u32 enetstl_xxh32(const void *data, size_t len, u32 seed)
{
	return xxh32_core(data, len, seed);
}

/*
 * XXH32 of the 5-tuple (no 16-byte stripe: 3 words, 1 byte) under seed, from
 * the input words already multiplied by their primes, which every row
 * shares.
 */
static __always_inline u32 xxh32_pkt(u32 k0, u32 k1, u32 k2, u32 kb, u32 seed)
{
	u32 acc = seed + XXH32_P5 + ENETSTL_PKT_5TUPLE_SIZE;

	acc = xxh32_rotl(acc + k0, 17) * XXH32_P4;
	acc = xxh32_rotl(acc + k1, 17) * XXH32_P4;
	acc = xxh32_rotl(acc + k2, 17) * XXH32_P4;
	acc = xxh32_rotl(acc + kb, 11) * XXH32_P1;
	return xxh32_avalanche(acc);
}

void enetstl_xxh32_cnt32_scalar(const void *data, size_t len, void *table,
				u32 rows, u32 column_shift)
{
	const u8 *p = data;
	u32 k0, k1, k2, kb, i;

	if (len == ENETSTL_PKT_5TUPLE_SIZE) {
		k0 = enetstl_load32(p) * XXH32_P3;
		k1 = enetstl_load32(p + 4) * XXH32_P3;
		k2 = xxh32_pkt_w2(p) * XXH32_P3;
		kb = p[12] * XXH32_P5;
		for (i = 0; i < rows; i++)
			enetstl_cnt_bump(table, column_shift, i,
					 xxh32_pkt(k0, k1, k2, kb,
						   enetstl_cnt_seeds[i]));
		return;
	}
	for (i = 0; i < rows; i++)
		enetstl_cnt_bump(table, column_shift, i,
				 enetstl_xxh32(data, len, enetstl_cnt_seeds[i]));
}
