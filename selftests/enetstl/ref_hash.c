// SPDX-License-Identifier: GPL-2.0
/* Scalar references for the eNetSTL kfuncs; see ref_hash.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref_hash.h"

const uint32_t ref_cnt_seeds[ENETSTL_CNT_MAX_ROWS] = ENETSTL_CNT_SEEDS;

uint32_t ref_crc32c(const void *data, size_t len, uint32_t crc)
{
	const uint8_t *p = data;
	size_t i;
	int bit;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
	}
	return crc;
}

static uint32_t rotl32(uint32_t x, int r)
{
	return (x << r) | (x >> (32 - r));
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

#define XXH_P1 0x9E3779B1u
#define XXH_P2 0x85EBCA77u
#define XXH_P3 0xC2B2AE3Du
#define XXH_P4 0x27D4EB2Fu
#define XXH_P5 0x165667B1u

static uint32_t xxh_round(uint32_t acc, uint32_t lane)
{
	return rotl32(acc + lane * XXH_P2, 13) * XXH_P1;
}

uint32_t ref_xxh32(const void *data, size_t len, uint32_t seed)
{
	const uint8_t *p = data, *end = p + len;
	uint32_t acc;

	if (len >= 16) {
		uint32_t v1 = seed + XXH_P1 + XXH_P2, v2 = seed + XXH_P2;
		uint32_t v3 = seed, v4 = seed - XXH_P1;

		for (; end - p >= 16; p += 16) {
			v1 = xxh_round(v1, le32(p));
			v2 = xxh_round(v2, le32(p + 4));
			v3 = xxh_round(v3, le32(p + 8));
			v4 = xxh_round(v4, le32(p + 12));
		}
		acc = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) +
		      rotl32(v4, 18);
	} else {
		acc = seed + XXH_P5;
	}
	acc += (uint32_t)len;
	for (; end - p >= 4; p += 4)
		acc = rotl32(acc + le32(p) * XXH_P3, 17) * XXH_P4;
	for (; p < end; p++)
		acc = rotl32(acc + *p * XXH_P5, 11) * XXH_P1;
	acc ^= acc >> 15;
	acc *= XXH_P2;
	acc ^= acc >> 13;
	acc *= XXH_P3;
	acc ^= acc >> 16;
	return acc;
}

#define FH_M 0x880355f21e6d1965ull

static uint64_t fh_mix(uint64_t h)
{
	h ^= h >> 23;
	h *= 0x2127599bf4325c37ull;
	h ^= h >> 47;
	return h;
}

uint64_t ref_fasthash64(const void *data, size_t len, uint64_t seed)
{
	const uint8_t *p = data;
	uint64_t h = seed ^ (len * FH_M), v = 0;
	size_t i, tail = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		h ^= fh_mix(le64(p + i));
		h *= FH_M;
	}
	if (tail) {
		/* Tail bytes form a little-endian word, zero-padded. */
		while (tail--)
			v |= (uint64_t)p[i + tail] << (8 * tail);
		h ^= fh_mix(v);
		h *= FH_M;
	}
	return fh_mix(h);
}

uint32_t ref_fasthash32(const void *data, size_t len, uint32_t seed)
{
	uint64_t h = ref_fasthash64(data, len, seed);

	return (uint32_t)(h - (h >> 32));
}

void ref_cnt32(enum ref_cnt_hash algo, const void *in, size_t len,
	       void *table, size_t table_sz, uint32_t column_shift)
{
	uint32_t *t = table;
	uint64_t cols, rows, i;

	if (column_shift > ENETSTL_CNT_MAX_COLUMN_SHIFT)
		return;
	cols = 1ull << column_shift;
	rows = table_sz / (4 * cols);
	if (rows > ENETSTL_CNT_MAX_ROWS)
		rows = ENETSTL_CNT_MAX_ROWS;
	for (i = 0; i < rows; i++) {
		uint32_t h = algo == REF_CNT_XXH32 ?
			     ref_xxh32(in, len, ref_cnt_seeds[i]) :
			     ref_fasthash32(in, len, ref_cnt_seeds[i]);

		t[i * cols + (h & (cols - 1))]++;
	}
}

static size_t find_n(size_t arr_sz)
{
	return arr_sz / 2 < ENETSTL_FIND_U16_NR ? arr_sz / 2 :
						  ENETSTL_FIND_U16_NR;
}

uint32_t ref_find_mask_u16(const void *arr, size_t arr_sz, uint16_t val)
{
	const uint8_t *p = arr;
	uint32_t mask = 0;
	size_t i;

	for (i = 0; i < find_n(arr_sz); i++) {
		uint16_t e;

		memcpy(&e, p + 2 * i, 2);
		if (e == val)
			mask |= 3u << (2 * i);
	}
	return mask;
}

uint32_t ref_find_u16(const void *arr, size_t arr_sz, uint16_t val)
{
	const uint8_t *p = arr;
	size_t i;

	for (i = 0; i < find_n(arr_sz); i++) {
		uint16_t e;

		memcpy(&e, p + 2 * i, 2);
		if (e == val)
			return i;
	}
	return ENETSTL_FIND_U16_NR;
}

uint64_t ref_ffs(uint64_t val)
{
	uint64_t i;

	for (i = 0; i < 64; i++)
		if (val & (1ull << i))
			return i;
	return ENETSTL_FFS_NONE;
}

uint32_t ref_tzcnt_u32(uint32_t val)
{
	uint32_t i;

	for (i = 0; i < 32; i++)
		if (val & (1u << i))
			return i;
	return ENETSTL_TZCNT_U32_NONE;
}

void prng_init(struct prng *p, uint64_t seed)
{
	p->state = seed;
}

uint64_t prng_next(struct prng *p)
{
	uint64_t z = (p->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t prng_below(struct prng *p, uint32_t bound)
{
	return (uint32_t)(((prng_next(p) >> 32) * bound) >> 32);
}

void prng_fill(struct prng *p, void *buf, size_t len)
{
	uint8_t *b = buf;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(prng_next(p) >> 56);
}

uint64_t test_seed(const char *who)
{
	const char *env = getenv("ENETSTL_TEST_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : 0x5eed0e5711ull;

	printf("# %s: PRNG seed 0x%llx (set ENETSTL_TEST_SEED to change)\n",
	       who, (unsigned long long)seed);
	return seed;
}
