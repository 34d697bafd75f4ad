// SPDX-License-Identifier: GPL-2.0
/* Key compare and u16 search: scalar cores and the SIMD/scalar choice. */
#include "enetstl_core.h"
#include "cmp.h"

int enetstl_cmp_eq_scalar(const void *a, const void *b, size_t len)
{
	return cmp_eq_words(a, b, len);
}

int enetstl_cmp_eq(const void *a, size_t len, const void *b, size_t b_sz,
		   bool simd)
{
	int ret;

	if (b_sz < len)
		return -EINVAL;
	if (simd && len >= ENETSTL_CMP_SIMD_MIN_BYTES && enetstl_simd_begin()) {
		ret = enetstl_cmp_eq_avx2(a, b, len);
		enetstl_simd_end();
		return ret;
	}
	return cmp_eq_words(a, b, len);
}

/*
 * Exact per-lane equality of four u16 in a u64 (SWAR): a lane of x is zero
 * iff adding 0x7fff to its low 15 bits does not carry into bit 15 and its
 * own bit 15 is clear.  No borrow crosses lanes, so there are no false
 * matches.  The lane bits (15, 31, 47, 63) are then gathered into bit pairs
 * 0-1, 2-3, 4-5, 6-7 with one multiply: the four wanted products land on
 * bits 48, 50, 52, 54, the others below bit 41 or above bit 63.
 */
static inline u32 find_mask_u16x4(u64 w, u64 key)
{
	const u64 low15 = 0x7fff7fff7fff7fffull;
	u64 x = w ^ key, z;

	z = ~(((x & low15) + low15) | x | low15);
	z = (((z >> 15) * 0x0001000400100040ull) >> 48) & 0x55;
	return (u32)(z | z << 1);
}

u32 enetstl_find_mask_u16_scalar(const void *arr, size_t arr_sz, u16 val)
{
	u32 nr = find_u16_nr(arr_sz), mask = 0, i;
	u64 key = val * 0x0001000100010001ull;
	const u8 *p = arr;

	for (i = 0; i + 4 <= nr; i += 4)
		mask |= find_mask_u16x4(enetstl_load64_ne(p + 2 * i), key)
			<< (2 * i);
	for (; i < nr; i++)
		if (enetstl_load16(p + 2 * i) == val)
			mask |= 3u << (2 * i);
	return mask;
}

/*
 * Four SWAR words are cheaper than a kernel FPU section, so the kernel
 * passes simd = false; the AVX2 core serves the host benchmark and callers
 * that already are in an FPU section.
 */
u32 enetstl_find_mask_u16(const void *arr, size_t arr_sz, u16 val, bool simd)
{
	u32 mask;

	if (simd && enetstl_simd_begin()) {
		mask = enetstl_find_mask_u16_avx2(arr, arr_sz, val);
		enetstl_simd_end();
		return mask;
	}
	return enetstl_find_mask_u16_scalar(arr, arr_sz, val);
}
