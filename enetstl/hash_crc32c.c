// SPDX-License-Identifier: GPL-2.0
/*
 * CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, DPDK hash-CRC
 * convention: the register starts at the caller's value and is returned
 * without final inversion.  SSE4.2 has a crc32 instruction for exactly this
 * polynomial; it works on general-purpose registers, so it needs no
 * kernel_fpu_begin().  Without SSE4.2: slice-by-8 tables.
 */
#include "enetstl_core.h"

#define CRC32C_POLY	0x82F63B78u

static u32 crc32c_tab[8][256];

void enetstl_crc32c_init(void)
{
	u32 i, k, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (CRC32C_POLY & (0u - (c & 1)));
		crc32c_tab[0][i] = c;
	}
	/* tab[k][i]: CRC of byte i followed by k zero bytes */
	for (k = 1; k < 8; k++)
		for (i = 0; i < 256; i++) {
			c = crc32c_tab[k - 1][i];
			crc32c_tab[k][i] = (c >> 8) ^ crc32c_tab[0][c & 0xff];
		}
}

u32 enetstl_crc32c_scalar(const void *data, size_t len, u32 crc)
{
	const u8 *p = data;
	u64 v;

	for (; len >= 8; len -= 8, p += 8) {
		v = enetstl_load64(p) ^ crc;
		crc = crc32c_tab[7][v & 0xff] ^
		      crc32c_tab[6][(v >> 8) & 0xff] ^
		      crc32c_tab[5][(v >> 16) & 0xff] ^
		      crc32c_tab[4][(v >> 24) & 0xff] ^
		      crc32c_tab[3][(v >> 32) & 0xff] ^
		      crc32c_tab[2][(v >> 40) & 0xff] ^
		      crc32c_tab[1][(v >> 48) & 0xff] ^
		      crc32c_tab[0][v >> 56];
	}
	for (; len; len--, p++)
		crc = (crc >> 8) ^ crc32c_tab[0][(crc ^ *p) & 0xff];
	return crc;
}

#ifdef __x86_64__
/* The assembler knows crc32 whatever -m flags the C compiler got. */
static inline u64 crc32c_u64(u64 crc, u64 v)
{
	asm("crc32q %1, %0" : "+r" (crc) : "rm" (v));
	return crc;
}

static inline u32 crc32c_u8(u32 crc, u8 v)
{
	asm("crc32b %1, %0" : "+r" (crc) : "rm" (v));
	return crc;
}

u32 enetstl_crc32c_sse42(const void *data, size_t len, u32 crc)
{
	const u8 *p = data;
	u64 c = crc;

	for (; len >= 8; len -= 8, p += 8)
		c = crc32c_u64(c, enetstl_load64(p));
	for (; len; len--, p++)
		c = crc32c_u8((u32)c, *p);
	return (u32)c;
}
#else
u32 enetstl_crc32c_sse42(const void *data, size_t len, u32 crc)
{
	return enetstl_crc32c_scalar(data, len, crc);
}
#endif

u32 enetstl_crc32c(const void *data, size_t len, u32 crc, bool sse42)
{
	if (sse42)
		return enetstl_crc32c_sse42(data, len, crc);
	return enetstl_crc32c_scalar(data, len, crc);
}
