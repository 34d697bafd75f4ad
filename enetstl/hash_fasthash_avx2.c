// SPDX-License-Identifier: GPL-2.0
/*
 * fasthash32 of one input under many seeds at once, in ymm registers of
 * four 64-bit lanes (8 rows of the 5-tuple: as split 32-bit halves, see
 * struct fh_x8).  mix(word) does not depend on the seed, so it is computed
 * once per word in a general register; only h ^= m; h *= M runs per lane.
 * AVX2 has no 64-bit multiply (vpmullq is AVX-512): avx2_mul64 builds it
 * from vpmuludq.
 */
#include "enetstl_core.h"
#include "hash_fasthash.h"
#include "simd_avx2.h"

static inline v4u32 load_v4u32(const u32 *p)
{
	v4u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline v4u64 vmix(v4u64 h)
{
	h ^= h >> 23;
	h = avx2_mul64(h, FASTHASH_MIX);
	h ^= h >> 47;
	return h;
}

/* h = (h ^ m) * M in each of nv = 2 or 4 (constant) vectors of 4 lanes. */
static __always_inline void fh_fold(v4u64 *h, u64 m, const int nv)
{
	h[0] = avx2_mul64(h[0] ^ m, FASTHASH_M);
	h[1] = avx2_mul64(h[1] ^ m, FASTHASH_M);
	if (nv > 2) {
		h[2] = avx2_mul64(h[2] ^ m, FASTHASH_M);
		h[3] = avx2_mul64(h[3] ^ m, FASTHASH_M);
	}
}

static __always_inline v4u64 fh_final(v4u64 h)
{
	h = vmix(h);
	return h - (h >> 32);
}

/* The row seeds, here so that a constant len folds into them. */
static const u32 fh_seeds[ENETSTL_CNT_MAX_ROWS] = ENETSTL_CNT_SEEDS;

/*
 * fasthash32 of p[0..len) under row seeds 0 .. 4 * nv - 1 (nv = 2 or 4, a
 * constant), then the counter update of rows 0 .. rows - 1.  All rows
 * advance together, so the input is read and mixed once.
 */
static __always_inline void fasthash_lanes(const u8 *p, size_t len,
					   void *table, u32 rows,
					   u32 column_shift, const int nv)
{
	const u64 lenm = len * FASTHASH_M;
	const u8 *base = p;
	v4u64 h[4];
	v8u32 r;
	size_t k;

	/* seeds zero-extended to 64 bits (vpmovzxdq) */
	h[0] = __builtin_convertvector(load_v4u32(fh_seeds), v4u64);
	h[1] = __builtin_convertvector(load_v4u32(fh_seeds + 4), v4u64);
	if (nv > 2) {
		h[2] = __builtin_convertvector(load_v4u32(fh_seeds + 8),
					       v4u64);
		h[3] = __builtin_convertvector(load_v4u32(fh_seeds + 12),
					       v4u64);
	}
	h[0] ^= lenm;
	h[1] ^= lenm;
	if (nv > 2) {
		h[2] ^= lenm;
		h[3] ^= lenm;
	}
	for (k = len / 8; k; k--, p += 8)
		fh_fold(h, fasthash_mix(enetstl_load64(p)), nv);
	if (len & 7)
		fh_fold(h, fasthash_mix(fasthash_tail(base, len)), nv);
	/* the low halves of the 64-bit lanes are the 32-bit hashes */
	r = __builtin_shufflevector((v8u32)fh_final(h[0]),
				    (v8u32)fh_final(h[1]),
				    0, 2, 4, 6, 8, 10, 12, 14);
	avx2_cnt_bump8(table, column_shift, 0, r,
		       rows < ENETSTL_AVX2_LANES ? rows : ENETSTL_AVX2_LANES);
	if (nv > 2) {
		r = __builtin_shufflevector((v8u32)fh_final(h[2]),
					    (v8u32)fh_final(h[3]),
					    0, 2, 4, 6, 8, 10, 12, 14);
		avx2_cnt_bump8(table, column_shift, ENETSTL_AVX2_LANES, r,
			       rows - ENETSTL_AVX2_LANES);
	}
}

/*
 * fasthash32 of the 5-tuple for rows 4 * g .. 4 * g + 3 in one vector, from
 * the two mixed words (mix() does not depend on the seed); lane j ends as
 * row 4 * g + j's column index.
 */
static __always_inline v4u64 fh_pkt_vec(u64 m0, u64 m1, u32 g, u64 mask)
{
	const u64 lenm = ENETSTL_PKT_5TUPLE_SIZE * FASTHASH_M;
	v4u64 h;

	/* seed ^ len * M: one constant vector when g is a constant */
	h = __builtin_convertvector(load_v4u32(fh_seeds + 4 * g), v4u64);
	h ^= lenm;
	h = avx2_mul64(h ^ m0, FASTHASH_M);
	h = avx2_mul64(h ^ m1, FASTHASH_M);
	return fh_final(h) & mask;
}

/*
 * 8 rows of 64-bit state as two v8u32, the low and the high halves: a
 * multiply by a constant is then 2 vpmuludq (the low halves' full products,
 * even and odd lanes) and 2 vpmulld (the cross terms, only their low 32
 * bits count) for all 8 rows, where 4-lane vectors of 64 bits take 6
 * vpmuludq; the final fold h - (h >> 32) is one vpsubd.
 */
struct fh_x8 {
	v8u32 lo, hi;
};

static __always_inline struct fh_x8 fh8_mul(struct fh_x8 h, const u64 c)
{
	const v4u64 cl = { (u32)c, (u32)c, (u32)c, (u32)c };
	v4u64 even, odd;
	struct fh_x8 r;

	even = (v4u64)__builtin_ia32_pmuludq256((v8i32)h.lo, (v8i32)cl);
	odd = (v4u64)__builtin_ia32_pmuludq256((v8i32)((v4u64)h.lo >> 32),
					       (v8i32)cl);
	r.lo = __builtin_shufflevector((v8u32)even, (v8u32)(odd << 32),
				       0, 9, 2, 11, 4, 13, 6, 15);
	r.hi = __builtin_shufflevector((v8u32)(even >> 32), (v8u32)odd,
				       0, 9, 2, 11, 4, 13, 6, 15);
	r.hi += h.hi * (u32)c + h.lo * (u32)(c >> 32);
	return r;
}

static __always_inline struct fh_x8 fh8_xor(struct fh_x8 h, u64 m)
{
	h.lo ^= (u32)m;
	h.hi ^= (u32)(m >> 32);
	return h;
}

static __always_inline v8u32 fh8_pkt(u64 m0, u64 m1, u32 mask)
{
	const u64 lenm = ENETSTL_PKT_5TUPLE_SIZE * FASTHASH_M;
	struct fh_x8 h;

	__builtin_memcpy(&h.lo, fh_seeds, sizeof(h.lo));
	h.lo ^= (u32)lenm;
	h.hi = (v8u32){ 0 } + (u32)(lenm >> 32);
	h = fh8_mul(fh8_xor(h, m0), FASTHASH_M);
	h = fh8_mul(fh8_xor(h, m1), FASTHASH_M);
	/* mix: h ^= h >> 23; h *= MIX; h ^= h >> 47 */
	h.lo ^= (h.lo >> 23) | (h.hi << 9);
	h.hi ^= h.hi >> 23;
	h = fh8_mul(h, FASTHASH_MIX);
	h.lo ^= h.hi >> 15;
	return (h.lo - h.hi) & mask;
}

/* The 5-tuple, rows other than 4 and 8: whole vectors, then the bumps. */
static void fasthash_pkt_cnt(const u8 *p, u8 *table, u32 rows,
			     u32 column_shift)
{
	size_t row_bytes = sizeof(u32) << column_shift;
	u64 mask = ((u64)1 << column_shift) - 1;
	u64 m0 = fasthash_mix(fasthash_pkt_w0(p));
	u64 m1 = fasthash_mix(fasthash_pkt_w1(p));
	u64 idx[ENETSTL_CNT_MAX_ROWS];
	v4u64 v;
	u32 g, i;

	/* rows <= 16 lie inside the seed table */
	for (g = 0; 4 * g < rows; g++) {
		v = fh_pkt_vec(m0, m1, g, mask);
		__builtin_memcpy(idx + 4 * g, &v, sizeof(v));
	}
	for (i = 0; i < rows; i++, table += row_bytes)
		enetstl_counter_inc(table + idx[i] * sizeof(u32));
}

/*
 * Everything but the 5-tuple on 4 or 8 rows.  Global, so that gcc keeps it
 * out of line: its arrays need an aligned stack frame, which the two hot
 * paths then do without.
 */
void enetstl_fasthash32_cnt32_avx2_general(const u8 *p, size_t len,
					   u8 *table, u32 rows,
					   u32 column_shift)
{
	if (len == ENETSTL_PKT_5TUPLE_SIZE)
		fasthash_pkt_cnt(p, table, rows, column_shift);
	else if (rows > ENETSTL_AVX2_LANES)
		fasthash_lanes(p, len, table, rows, column_shift, 4);
	else
		fasthash_lanes(p, len, table, rows, column_shift, 2);
}

/*
 * The 5-tuple on 4 or 8 rows, the count-min shapes: the two words are
 * mixed once in general registers, then the rows' three multiplies each
 * run in one v4u64 (4 rows) or one struct fh_x8 (8 rows).
 */
void enetstl_fasthash32_cnt32_avx2(const void *data, size_t len, void *table,
				   u32 rows, u32 column_shift)
{
	size_t row_bytes = sizeof(u32) << column_shift;
	u64 mask = ((u64)1 << column_shift) - 1;
	u8 *row = table;
	u64 m0, m1;

	if (len != ENETSTL_PKT_5TUPLE_SIZE ||
	    (rows != 4 && rows != ENETSTL_AVX2_LANES)) {
		enetstl_fasthash32_cnt32_avx2_general(data, len, table, rows,
						      column_shift);
		return;
	}
	m0 = fasthash_mix(fasthash_pkt_w0(data));
	m1 = fasthash_mix(fasthash_pkt_w1(data));
	if (rows == ENETSTL_AVX2_LANES)
		avx2_bump_u32x8(row, row_bytes, fh8_pkt(m0, m1, (u32)mask));
	else
		avx2_bump_u64x4(row, row_bytes, fh_pkt_vec(m0, m1, 0, mask));
}
