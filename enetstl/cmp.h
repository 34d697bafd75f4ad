/* SPDX-License-Identifier: GPL-2.0 */
/* Scalar helpers shared by the key compare and search cores. */
#ifndef _ENETSTL_CMP_H
#define _ENETSTL_CMP_H

/* 0 when the len bytes are equal, 1 when not: 8 bytes at a time. */
static inline int cmp_eq_words(const u8 *a, const u8 *b, size_t len)
{
	for (; len >= 8; len -= 8, a += 8, b += 8)
		if (enetstl_load64_ne(a) != enetstl_load64_ne(b))
			return 1;
	for (; len; len--, a++, b++)
		if (*a != *b)
			return 1;
	return 0;
}

/* Elements of a find array: min(arr_sz / 2, 16). */
static inline u32 find_u16_nr(size_t arr_sz)
{
	return arr_sz / 2 < ENETSTL_FIND_U16_NR ? (u32)(arr_sz / 2) :
						 ENETSTL_FIND_U16_NR;
}

/* Bits of a find mask that belong to the first nr elements. */
static inline u32 find_u16_valid(u32 nr)
{
	return nr >= ENETSTL_FIND_U16_NR ? ~0u : (1u << (2 * nr)) - 1;
}

#endif /* _ENETSTL_CMP_H */
