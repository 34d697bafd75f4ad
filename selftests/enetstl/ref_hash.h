/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scalar userspace references for the eNetSTL kfuncs, written from the
 * public algorithm definitions (CRC-32C, XXH32, fasthash), plus the
 * deterministic PRNG every eNetSTL test and benchmark draws its inputs from.
 */
#ifndef ENETSTL_REF_HASH_H
#define ENETSTL_REF_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "enetstl.h"

extern const uint32_t ref_cnt_seeds[ENETSTL_CNT_MAX_ROWS];

/* Raw CRC-32C register update, reflected poly 0x82F63B78, no inversion. */
uint32_t ref_crc32c(const void *data, size_t len, uint32_t crc);
uint32_t ref_xxh32(const void *data, size_t len, uint32_t seed);
uint64_t ref_fasthash64(const void *data, size_t len, uint64_t seed);
uint32_t ref_fasthash32(const void *data, size_t len, uint32_t seed);

enum ref_cnt_hash { REF_CNT_XXH32, REF_CNT_FASTHASH32 };

/* Count-min update with the semantics documented in enetstl.h. */
void ref_cnt32(enum ref_cnt_hash algo, const void *in, size_t len,
	       void *table, size_t table_sz, uint32_t column_shift);

uint32_t ref_find_mask_u16(const void *arr, size_t arr_sz, uint16_t val);
uint32_t ref_find_u16(const void *arr, size_t arr_sz, uint16_t val);
uint64_t ref_ffs(uint64_t val);
uint32_t ref_tzcnt_u32(uint32_t val);

/* splitmix64: small, fast, and the same sequence on every machine. */
struct prng {
	uint64_t state;
};

void prng_init(struct prng *p, uint64_t seed);
uint64_t prng_next(struct prng *p);
/* Uniform in [0, bound), bound > 0. */
uint32_t prng_below(struct prng *p, uint32_t bound);
void prng_fill(struct prng *p, void *buf, size_t len);
/*
 * Seed for a test: ENETSTL_TEST_SEED from the environment when set (to
 * reproduce a failure), a fixed default otherwise; printed either way.
 */
uint64_t test_seed(const char *who);

#endif
