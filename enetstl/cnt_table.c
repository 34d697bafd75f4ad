// SPDX-License-Identifier: GPL-2.0
/*
 * Count-min style counter tables: row seeds and the choice between the
 * scalar and the AVX2 row hashing (see uapi/enetstl.h for the semantics).
 */
#include "enetstl_core.h"

const u32 enetstl_cnt_seeds[ENETSTL_CNT_MAX_ROWS] = ENETSTL_CNT_SEEDS;

/* An AVX2 pass loads 8 seeds at once, also for the last, partial pass. */
_Static_assert(ENETSTL_CNT_MAX_ROWS % ENETSTL_AVX2_LANES == 0,
	       "seed table must hold whole AVX2 passes");

void enetstl_xxh32_cnt32(const void *data, size_t len, void *table,
			 size_t table_sz, u32 column_shift, bool simd)
{
	u32 rows = enetstl_cnt_rows(table_sz, column_shift);

	/* the SIMD path first, falling through: a tail jump, no branch chain */
	if (__builtin_expect(simd && rows >= ENETSTL_CNT_SIMD_MIN_ROWS, 1) &&
	    enetstl_simd_begin()) {
		enetstl_xxh32_cnt32_avx2(data, len, table, rows, column_shift);
		enetstl_simd_end();
		return;
	}
	if (rows)
		enetstl_xxh32_cnt32_scalar(data, len, table, rows,
					   column_shift);
}

void enetstl_fasthash32_cnt32(const void *data, size_t len, void *table,
			      size_t table_sz, u32 column_shift, bool simd)
{
	u32 rows = enetstl_cnt_rows(table_sz, column_shift);

	if (__builtin_expect(simd && rows >= ENETSTL_CNT_SIMD_MIN_ROWS, 1) &&
	    enetstl_simd_begin()) {
		enetstl_fasthash32_cnt32_avx2(data, len, table, rows,
					      column_shift);
		enetstl_simd_end();
		return;
	}
	if (rows)
		enetstl_fasthash32_cnt32_scalar(data, len, table, rows,
						column_shift);
}
