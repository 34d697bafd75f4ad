// SPDX-License-Identifier: GPL-2.0
/*
 * XXH32 of one input under 8 seeds at once: lane i of a ymm register runs
 * row i's XXH32.  The input words are the same for every lane (a broadcast),
 * so each step is one vpaddd/vpmulld/shift-or on 8 rows.  AVX2 has no
 * vector rotate (vprold is AVX-512), hence shift+shift+or.  The 5-tuple on
 * 4 or 8 rows, the count-min shapes, has its own straight-line path.
 */
#include "enetstl_core.h"
#include "hash_xxh32.h"
#include "simd_avx2.h"

static inline v8u32 vrotl(v8u32 x, unsigned int r)
{
	return (x << r) | (x >> (32 - r));
}

static inline v8u32 vround(v8u32 acc, u32 lane)
{
	return vrotl(acc + lane * XXH32_P2, 13) * XXH32_P1;
}

/*
 * 8 lanes of XXH32 state.  Two groups advance together for 16 rows, so the
 * input is read once; the groups are written out (not looped over) so that
 * -O2, which does not unroll loops that grow the code, keeps them in
 * registers.
 */
struct xxh32_x8 {
	v8u32 v1, v2, v3, v4, acc;
};

static __always_inline void x8_init(struct xxh32_x8 *s, v8u32 seed)
{
	s->v1 = seed + (XXH32_P1 + XXH32_P2);
	s->v2 = seed + XXH32_P2;
	s->v3 = seed;
	s->v4 = seed - XXH32_P1;
}

static __always_inline void x8_stripe(struct xxh32_x8 *s, const u32 *w)
{
	s->v1 = vround(s->v1, w[0]);
	s->v2 = vround(s->v2, w[1]);
	s->v3 = vround(s->v3, w[2]);
	s->v4 = vround(s->v4, w[3]);
}

static __always_inline void x8_merge(struct xxh32_x8 *s)
{
	s->acc = vrotl(s->v1, 1) + vrotl(s->v2, 7) + vrotl(s->v3, 12) +
		 vrotl(s->v4, 18);
}

static __always_inline void x8_word(struct xxh32_x8 *s, u32 w)
{
	s->acc = vrotl(s->acc + w * XXH32_P3, 17) * XXH32_P4;
}

static __always_inline void x8_byte(struct xxh32_x8 *s, u8 b)
{
	s->acc = vrotl(s->acc + b * XXH32_P5, 11) * XXH32_P1;
}

static __always_inline v8u32 x8_avalanche(v8u32 acc)
{
	acc ^= acc >> 15;
	acc *= XXH32_P2;
	acc ^= acc >> 13;
	acc *= XXH32_P3;
	acc ^= acc >> 16;
	return acc;
}

static __always_inline v8u32 x8_final(struct xxh32_x8 *s)
{
	return x8_avalanche(s->acc);
}

/*
 * XXH32 of p[0..len) under row seeds 0..8*nv-1 (nv = 1 or 2, a constant);
 * the hashes go to out[0..8*nv).
 */
static __always_inline void xxh32_lanes(const u8 *p, size_t len, u32 *out,
					const int nv)
{
	const u8 *end = p + len;
	struct xxh32_x8 s0, s1;
	v8u32 h[2];
	u32 w[4];

	/* straight vector loads: rows <= 16 lie inside the seed table */
	__builtin_memcpy(&h[0], enetstl_cnt_seeds, sizeof(h[0]));
	if (nv > 1)
		__builtin_memcpy(&h[1], enetstl_cnt_seeds + 8, sizeof(h[1]));

	if (len >= 16) {
		x8_init(&s0, h[0]);
		if (nv > 1)
			x8_init(&s1, h[1]);
		do {
			w[0] = enetstl_load32(p);
			w[1] = enetstl_load32(p + 4);
			w[2] = enetstl_load32(p + 8);
			w[3] = enetstl_load32(p + 12);
			x8_stripe(&s0, w);
			if (nv > 1)
				x8_stripe(&s1, w);
			p += 16;
		} while (end - p >= 16);
		x8_merge(&s0);
		if (nv > 1)
			x8_merge(&s1);
	} else {
		s0.acc = h[0] + XXH32_P5;
		if (nv > 1)
			s1.acc = h[1] + XXH32_P5;
	}
	s0.acc += (u32)len;
	if (nv > 1)
		s1.acc += (u32)len;
	for (; end - p >= 4; p += 4) {
		w[0] = enetstl_load32(p);
		x8_word(&s0, w[0]);
		if (nv > 1)
			x8_word(&s1, w[0]);
	}
	for (; p < end; p++) {
		x8_byte(&s0, *p);
		if (nv > 1)
			x8_byte(&s1, *p);
	}
	h[0] = x8_final(&s0);
	__builtin_memcpy(out, &h[0], sizeof(h[0]));
	if (nv > 1) {
		h[1] = x8_final(&s1);
		__builtin_memcpy(out + 8, &h[1], sizeof(h[1]));
	}
}

/* The row seeds, here so that seed + constant folds into one vector. */
static const u32 xx_seeds[ENETSTL_CNT_MAX_ROWS] = ENETSTL_CNT_SEEDS;

/* The 5-tuple's words times their primes: the same in every lane. */
struct xx_pkt {
	u32 k0, k1, k2, kb;
};

static __always_inline struct xx_pkt xx_pkt_load(const u8 *p)
{
	struct xx_pkt k;

	k.k0 = enetstl_load32(p) * XXH32_P3;
	k.k1 = enetstl_load32(p + 4) * XXH32_P3;
	k.k2 = xxh32_pkt_w2(p) * XXH32_P3;
	k.kb = p[12] * XXH32_P5;
	return k;
}

/*
 * XXH32 of the 5-tuple for rows 8 * g .. 8 * g + 7 (3 words and 1 byte, no
 * stripe), masked to column indexes.  Only the accumulator runs in the
 * lanes; the words arrive as broadcast scalars.
 */
static __always_inline v8u32 xxh32_pkt_x8(const struct xx_pkt *k, u32 g,
					  u32 mask)
{
	v8u32 acc;

	__builtin_memcpy(&acc, xx_seeds + 8 * g, sizeof(acc));
	acc += XXH32_P5 + ENETSTL_PKT_5TUPLE_SIZE;
	acc = vrotl(acc + k->k0, 17) * XXH32_P4;
	acc = vrotl(acc + k->k1, 17) * XXH32_P4;
	acc = vrotl(acc + k->k2, 17) * XXH32_P4;
	acc = vrotl(acc + k->kb, 11) * XXH32_P1;
	return x8_avalanche(acc) & mask;
}

/* The 5-tuple, rows other than 4 and 8: whole vectors, then the bumps. */
static void xxh32_pkt_cnt(const u8 *p, u8 *table, u32 rows, u32 column_shift)
{
	size_t row_bytes = sizeof(u32) << column_shift;
	u32 mask = (u32)(((u64)1 << column_shift) - 1);
	struct xx_pkt k = xx_pkt_load(p);
	u32 idx[2 * ENETSTL_AVX2_LANES], g, i;
	v8u32 v;

	/* rows <= 16 lie inside the seed table */
	for (g = 0; g * ENETSTL_AVX2_LANES < rows; g++) {
		v = xxh32_pkt_x8(&k, g, mask);
		__builtin_memcpy(idx + g * ENETSTL_AVX2_LANES, &v, sizeof(v));
	}
	for (i = 0; i < rows; i++, table += row_bytes)
		enetstl_counter_inc(table + idx[i] * sizeof(u32));
}

/*
 * Everything but the 5-tuple on 4 or 8 rows.  Global, so that gcc keeps it
 * out of line: its arrays need an aligned stack frame, which the two hot
 * paths then do without.
 */
void enetstl_xxh32_cnt32_avx2_general(const u8 *p, size_t len, u8 *table,
				      u32 rows, u32 column_shift)
{
	u32 hash[2 * ENETSTL_AVX2_LANES], i;

	if (len == ENETSTL_PKT_5TUPLE_SIZE) {
		xxh32_pkt_cnt(p, table, rows, column_shift);
		return;
	}
	if (rows > ENETSTL_AVX2_LANES)
		xxh32_lanes(p, len, hash, 2);
	else
		xxh32_lanes(p, len, hash, 1);
	for (i = 0; i < rows; i++)
		enetstl_cnt_bump(table, column_shift, i, hash[i]);
}

void enetstl_xxh32_cnt32_avx2(const void *data, size_t len, void *table,
			      u32 rows, u32 column_shift)
{
	size_t row_bytes = sizeof(u32) << column_shift;
	u32 mask = (u32)(((u64)1 << column_shift) - 1);
	struct xx_pkt k;
	v8u32 v;

	if (len != ENETSTL_PKT_5TUPLE_SIZE ||
	    (rows != 4 && rows != ENETSTL_AVX2_LANES)) {
		enetstl_xxh32_cnt32_avx2_general(data, len, table, rows,
						 column_shift);
		return;
	}
	k = xx_pkt_load(data);
	v = xxh32_pkt_x8(&k, 0, mask);
	if (rows == 4)
		avx2_bump_u32x4(table, row_bytes,
				__builtin_shufflevector(v, v, 0, 1, 2, 3));
	else
		avx2_bump_u32x8(table, row_bytes, v);
}
