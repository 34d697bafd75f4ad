/* SPDX-License-Identifier: GPL-2.0 */
/* XXH32 constants (xxHash specification), shared by the scalar and AVX2 cores. */
#ifndef _ENETSTL_HASH_XXH32_H
#define _ENETSTL_HASH_XXH32_H

#define XXH32_P1	0x9E3779B1u
#define XXH32_P2	0x85EBCA77u
#define XXH32_P3	0xC2B2AE3Du
#define XXH32_P4	0x27D4EB2Fu
#define XXH32_P5	0x165667B1u

static inline u32 xxh32_rotl(u32 x, unsigned int r)
{
	return (x << r) | (x >> (32 - r));
}

#endif /* _ENETSTL_HASH_XXH32_H */
