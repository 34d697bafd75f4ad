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
typedef s64 v4s64 __attribute__((__vector_size__(32)));
typedef u16 v16u16 __attribute__((__vector_size__(32)));

/* Unaligned 32-byte load: the copy becomes one vmovdqu. */
static inline v4s64 avx2_loadu(const void *p)
{
	v4s64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/* All 256 bits zero? (vptest) */
static inline bool avx2_is_zero(v4s64 v)
{
	return __builtin_ia32_ptestz256(v, v);
}

/*
 * Add 1 to the counters of rows row0 .. row0 + n - 1 (n <= 8) selected by
 * the hashes in lanes 0 .. n - 1.  One vector store, then scalar loads:
 * computing the indexes in the vector measured slower in the NF bench
 * (gcc then moves them through the stack twice).
 */
static __always_inline void avx2_cnt_bump8(void *table, u32 column_shift,
					   u32 row0, v8u32 hash, u32 n)
{
	u32 h[8], i;

	__builtin_memcpy(h, &hash, sizeof(hash));
	for (i = 0; i < n; i++)
		enetstl_cnt_bump(table, column_shift, row0 + i, h[i]);
}

#endif /* _ENETSTL_SIMD_AVX2_H */
