// SPDX-License-Identifier: GPL-2.0
/* Key compare and u16 search with AVX2 (vpxor/vptest, vpcmpeqw/vpmovmskb). */
#include "enetstl_core.h"
#include "cmp.h"
#include "simd_avx2.h"

int enetstl_cmp_eq_avx2(const void *a, const void *b, size_t len)
{
	const u8 *pa = a, *pb = b;
	size_t off;

	if (len < 32)
		return cmp_eq_words(pa, pb, len);
	for (off = 0; off + 32 <= len; off += 32)
		if (!avx2_is_zero(avx2_loadu(pa + off) ^ avx2_loadu(pb + off)))
			return 1;
	/* The last 32 bytes, overlapping what was compared: still in bounds. */
	if (off < len &&
	    !avx2_is_zero(avx2_loadu(pa + len - 32) ^ avx2_loadu(pb + len - 32)))
		return 1;
	return 0;
}

u32 enetstl_find_mask_u16_avx2(const void *arr, size_t arr_sz, u16 val)
{
	u32 nr = find_u16_nr(arr_sz);
	v16u16 v, key = (v16u16){} + val;
	/* vpmovmskb's builtin takes a vector of plain char */
	char __attribute__((__vector_size__(32))) eq;

	if (nr == ENETSTL_FIND_U16_NR) {
		__builtin_memcpy(&v, arr, sizeof(v));
	} else {
		/* Short array: copy what exists, ignore the rest's bits below. */
		v = (v16u16){};
		__builtin_memcpy(&v, arr, 2 * nr);
	}
	eq = (typeof(eq))(v == key);
	return (u32)__builtin_ia32_pmovmskb256(eq) & find_u16_valid(nr);
}
