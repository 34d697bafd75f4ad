// SPDX-License-Identifier: GPL-2.0
/* fasthash32 (Zilong Tan's fast-hash), one row at a time. */
#include "enetstl_core.h"
#include "hash_fasthash.h"

u32 enetstl_fasthash32(const void *data, size_t len, u32 seed)
{
	const u8 *p = data;
	u64 h = seed ^ (len * FASTHASH_M);
	size_t n;

	for (n = len / 8; n; n--, p += 8) {
		h ^= fasthash_mix(enetstl_load64(p));
		h *= FASTHASH_M;
	}
	if (len & 7) {
		h ^= fasthash_mix(fasthash_tail(p, len & 7));
		h *= FASTHASH_M;
	}
	h = fasthash_mix(h);
	return (u32)(h - (h >> 32));
}

void enetstl_fasthash32_cnt32_scalar(const void *data, size_t len,
				     void *table, u32 rows, u32 column_shift)
{
	u32 i;

	for (i = 0; i < rows; i++)
		enetstl_cnt_bump(table, column_shift, i,
				 enetstl_fasthash32(data, len,
						    enetstl_cnt_seeds[i]));
}
