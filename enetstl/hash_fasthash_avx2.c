// SPDX-License-Identifier: GPL-2.0
/*
 * fasthash32 of one input under 8 seeds at once, in two ymm registers of
 * four 64-bit lanes.  mix(word) does not depend on the seed, so it is
 * computed once per word in a general register; only h ^= m; h *= M runs
 * per lane.  AVX2 has no 64-bit multiply (vpmullq is AVX-512); gcc builds
 * it from vpmuludq.
 */
#include "enetstl_core.h"
#include "hash_fasthash.h"
#include "simd_avx2.h"

static inline v4u32 load_v4u32(const u32 *p)
{
	v4u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline v4u64 vmix(v4u64 h)
{
	h ^= h >> 23;
	h *= FASTHASH_MIX;
	h ^= h >> 47;
	return h;
}

/* h = (h ^ m) * M in each of nv = 2 or 4 (constant) vectors of 4 lanes. */
static __always_inline void fh_fold(v4u64 *h, u64 m, const int nv)
{
	h[0] = (h[0] ^ m) * FASTHASH_M;
	h[1] = (h[1] ^ m) * FASTHASH_M;
	if (nv > 2) {
		h[2] = (h[2] ^ m) * FASTHASH_M;
		h[3] = (h[3] ^ m) * FASTHASH_M;
	}
}

static __always_inline v4u64 fh_final(v4u64 h)
{
	h = vmix(h);
	return h - (h >> 32);
}

/*
 * fasthash32 of p[0..len) in nv vectors of 4 lanes: h[] holds the seeds on
 * entry and the 32-bit results (in the low halves) on return.  All rows
 * advance together, so the input is read and mixed once.
 */
static __always_inline void fasthash_lanes(const u8 *p, size_t len, u32 *out,
					   const int nv)
{
	const u64 lenm = len * FASTHASH_M;
	v4u64 h[4];
	v8u32 r;
	size_t k;

	/* seeds zero-extended to 64 bits (vpmovzxdq) */
	h[0] = __builtin_convertvector(load_v4u32(enetstl_cnt_seeds), v4u64);
	h[1] = __builtin_convertvector(load_v4u32(enetstl_cnt_seeds + 4),
				       v4u64);
	if (nv > 2) {
		h[2] = __builtin_convertvector(load_v4u32(enetstl_cnt_seeds + 8),
					       v4u64);
		h[3] = __builtin_convertvector(load_v4u32(enetstl_cnt_seeds + 12),
					       v4u64);
	}
	h[0] ^= lenm;
	h[1] ^= lenm;
	if (nv > 2) {
		h[2] ^= lenm;
		h[3] ^= lenm;
	}
	for (k = len / 8; k; k--, p += 8)
		fh_fold(h, fasthash_mix(enetstl_load64(p)), nv);
	if (len & 7)
		fh_fold(h, fasthash_mix(fasthash_tail(p, len & 7)), nv);
	/* the low halves of the 64-bit lanes are the 32-bit hashes */
	r = __builtin_shufflevector((v8u32)fh_final(h[0]),
				    (v8u32)fh_final(h[1]),
				    0, 2, 4, 6, 8, 10, 12, 14);
	__builtin_memcpy(out, &r, sizeof(r));
	if (nv > 2) {
		r = __builtin_shufflevector((v8u32)fh_final(h[2]),
					    (v8u32)fh_final(h[3]),
					    0, 2, 4, 6, 8, 10, 12, 14);
		__builtin_memcpy(out + 8, &r, sizeof(r));
	}
}

void enetstl_fasthash32_cnt32_avx2(const void *data, size_t len, void *table,
				   u32 rows, u32 column_shift)
{
	u32 hash[2 * ENETSTL_AVX2_LANES], i;

	/* rows <= 16: whole groups of 8 seeds are inside the seed table */
	if (rows > ENETSTL_AVX2_LANES)
		fasthash_lanes(data, len, hash, 4);
	else
		fasthash_lanes(data, len, hash, 2);
	for (i = 0; i < rows; i++)
		enetstl_cnt_bump(table, column_shift, i, hash[i]);
}
