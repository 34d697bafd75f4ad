// SPDX-License-Identifier: GPL-2.0
/*
 * fasthash32 of one input under 8 seeds at once, in two ymm registers of
 * four 64-bit lanes.  mix(word) does not depend on the seed, so it is
 * computed once per word in a general register; only h ^= m; h *= M runs
 * per lane.  AVX2 has no 64-bit multiply (vpmullq is AVX-512); gcc builds
 * it from vpmuludq.
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
	h *= FASTHASH_MIX;
	h ^= h >> 47;
	return h;
}

/* h = (h ^ m) * M in each of nv = 2 or 4 (constant) vectors of 4 lanes. */
static __always_inline void fh_fold(v4u64 *h, u64 m, const int nv)
{
	h[0] = (h[0] ^ m) * FASTHASH_M;
	h[1] = (h[1] ^ m) * FASTHASH_M;
	if (nv > 2) {
		h[2] = (h[2] ^ m) * FASTHASH_M;
		h[3] = (h[3] ^ m) * FASTHASH_M;
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
 * The 5-tuple for 4..8 rows: rows 0..3 in one vector, the others in
 * general registers (three imul each), so that the vector unit and the
 * integer multiplier work at the same time.
 */
static __always_inline void fasthash_pkt_split(const u8 *p, void *table,
					       u32 rows, u32 column_shift)
{
	const size_t len = ENETSTL_PKT_5TUPLE_SIZE;
	const u64 lenm = len * FASTHASH_M;
	size_t row_bytes = sizeof(u32) << column_shift;
	size_t mask = ((size_t)1 << column_shift) - 1;
	u64 m0 = fasthash_mix(fasthash_pkt_w0(p));
	u64 m1 = fasthash_mix(fasthash_pkt_w1(p));
	u8 *row = (u8 *)table + 4 * row_bytes;
	v4u64 hv;
	u64 h;
	u32 i;

	hv = __builtin_convertvector(load_v4u32(fh_seeds), v4u64) ^ lenm;
	hv = (hv ^ m0) * FASTHASH_M;
	hv = (hv ^ m1) * FASTHASH_M;
	hv = fh_final(hv);
#pragma GCC unroll 4
	for (i = 4; i < rows; i++, row += row_bytes) {
		h = fh_seeds[i] ^ lenm;
		h = (h ^ m0) * FASTHASH_M;
		h = (h ^ m1) * FASTHASH_M;
		enetstl_counter_inc(row + (fasthash_fold32(h) & mask) *
				    sizeof(u32));
	}
	avx2_cnt_bump8(table, column_shift, 0,
		       __builtin_shufflevector((v8u32)hv, (v8u32)hv,
					       0, 2, 4, 6, 0, 2, 4, 6), 4);
}

void enetstl_fasthash32_cnt32_avx2(const void *data, size_t len, void *table,
				   u32 rows, u32 column_shift)
{
	/* rows <= 16: whole groups of 8 seeds are inside the seed table */
	if (len == ENETSTL_PKT_5TUPLE_SIZE && rows == ENETSTL_AVX2_LANES)
		fasthash_pkt_split(data, table, ENETSTL_AVX2_LANES,
				   column_shift);
	else if (len == ENETSTL_PKT_5TUPLE_SIZE && rows == 4)
		fasthash_pkt_split(data, table, 4, column_shift);
	else if (len == ENETSTL_PKT_5TUPLE_SIZE && rows >= 4 &&
		 rows <= ENETSTL_AVX2_LANES)
		fasthash_pkt_split(data, table, rows, column_shift);
	else if (rows > ENETSTL_AVX2_LANES)
		fasthash_lanes(data, len, table, rows, column_shift, 4);
	else
		fasthash_lanes(data, len, table, rows, column_shift, 2);
}
