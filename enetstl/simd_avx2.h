/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GCC vector types for the *_avx2.c files, which are the only ones built
 * with -mavx2.  The kernel cannot include <immintrin.h>; vector extensions
 * and a few __builtin_ia32_* need no header and gcc turns them into
 * vpaddd/vpmulld/vpsrld/vpmuludq/vpcmpeq*.
 */
#ifndef _ENETSTL_SIMD_AVX2_H
#define _ENETSTL_SIMD_AVX2_H

#if !defined(__AVX2__)
#error "this file must be built with -mavx2"
#endif

typedef u32 v8u32 __attribute__((__vector_size__(32)));
typedef u32 v4u32 __attribute__((__vector_size__(16)));
typedef u64 v4u64 __attribute__((__vector_size__(32)));
typedef u64 v2u64 __attribute__((__vector_size__(16)));
typedef s64 v4s64 __attribute__((__vector_size__(32)));
typedef u16 v16u16 __attribute__((__vector_size__(32)));
/* what __builtin_ia32_pmuludq256 takes */
typedef int32_t v8i32 __attribute__((__vector_size__(32)));

/* Unaligned 32-byte load: the copy becomes one vmovdqu. */
static inline v4s64 avx2_loadu(const void *p)
{
	v4s64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * x * c mod 2^64 in each 64-bit lane, c a constant: AVX2 has no 64-bit
 * multiply (vpmullq is AVX-512), so three 32x32->64 vpmuludq of the
 * halves: lo(x) lo(c) + (hi(x) lo(c) + lo(x) hi(c)) << 32.  Written out
 * so that lo(c) and hi(c) are constants loaded from memory, not derived
 * from c at run time.
 */
static __always_inline v4u64 avx2_mul64(v4u64 x, const u64 c)
{
	const v4u64 c4 = { c, c, c, c };
	const v4u64 clo = c4 & 0xffffffffull, chi = c4 >> 32;
	v4u64 lo, cross;

	lo = (v4u64)__builtin_ia32_pmuludq256((v8i32)x, (v8i32)clo);
	cross = (v4u64)__builtin_ia32_pmuludq256((v8i32)(x >> 32), (v8i32)clo) +
		(v4u64)__builtin_ia32_pmuludq256((v8i32)x, (v8i32)chi);
	return lo + (cross << 32);
}

/* All 256 bits zero? (vptest) */
static inline bool avx2_is_zero(v4s64 v)
{
	return __builtin_ia32_ptestz256(v, v);
}

/*
 * Add 1 to the counters of rows row0 .. row0 + n - 1 (n <= 8) selected by
 * the hashes in lanes 0 .. n - 1, for a run-time n: one vector store, then
 * scalar loads.  The fixed-size paths use the avx2_bump_* below instead.
 */
static __always_inline void avx2_cnt_bump8(void *table, u32 column_shift,
					   u32 row0, v8u32 hash, u32 n)
{
	u32 h[8], i;

	__builtin_memcpy(h, &hash, sizeof(hash));
	for (i = 0; i < n; i++)
		enetstl_cnt_bump(table, column_shift, row0 + i, h[i]);
}

/*
 * Counter updates of 4 or 8 rows, lane j going to the row at row + j *
 * row_bytes; the lanes hold column indexes already masked.  The lanes
 * leave the vector by vmovq/vpextrq/vextracti128 (constant lane numbers
 * once unrolled): through a stack copy, each narrow load would wait for
 * the wide store to be forwarded, which often fails and then stalls until
 * the store retires.
 */
static __always_inline void avx2_bump_u64x4(u8 *row, size_t row_bytes,
					    v4u64 idx)
{
	u32 j;

#pragma GCC unroll 4
	for (j = 0; j < 4; j++, row += row_bytes)
		enetstl_counter_inc(row + idx[j] * sizeof(u32));
}

/* The same for 32-bit indexes, read out two per 64-bit lane. */
static __always_inline void avx2_bump_u32x8(u8 *row, size_t row_bytes,
					    v8u32 idx)
{
	v4u64 q = (v4u64)idx;
	u32 j;

#pragma GCC unroll 4
	for (j = 0; j < 4; j++, row += 2 * row_bytes) {
		enetstl_counter_inc(row + (u32)q[j] * sizeof(u32));
		enetstl_counter_inc(row + row_bytes +
				    (q[j] >> 32) * sizeof(u32));
	}
}

static __always_inline void avx2_bump_u32x4(u8 *row, size_t row_bytes,
					    v4u32 idx)
{
	v2u64 q = (v2u64)idx;

	enetstl_counter_inc(row + (u32)q[0] * sizeof(u32));
	enetstl_counter_inc(row + row_bytes + (q[0] >> 32) * sizeof(u32));
	enetstl_counter_inc(row + 2 * row_bytes + (u32)q[1] * sizeof(u32));
	enetstl_counter_inc(row + 3 * row_bytes + (q[1] >> 32) * sizeof(u32));
}

#endif /* _ENETSTL_SIMD_AVX2_H */
