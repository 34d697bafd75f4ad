// SPDX-License-Identifier: GPL-2.0
/*
 * Host benchmark of the eNetSTL cores: the AVX2 (or SSE4.2) path against
 * the scalar path of each routine, measured side by side on this CPU, in
 * ns per call.  Userspace has no kernel_fpu_begin/end cost; the module adds
 * it to every SIMD call (which is why it keeps small inputs scalar).
 * Prints figures only; it never fails on timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "enetstl_core.h"

#define NKEYS 64

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static u8 keys[NKEYS][256];
static u8 keys2[NKEYS][256];
static u32 table[16 << 10];
/* results are summed and printed, so no call can be optimised away */
static u64 sink;

struct bcase {
	const char *name;
	size_t len;
	u32 rows;
	u64 (*run)(const struct bcase *c, int simd, long iters);
};

static u64 run_crc(const struct bcase *c, int simd, long iters)
{
	u64 acc = 0;
	long i;

	for (i = 0; i < iters; i++)
		acc += simd ? enetstl_crc32c_sse42(keys[i % NKEYS], c->len, ~0u) :
			      enetstl_crc32c_scalar(keys[i % NKEYS], c->len, ~0u);
	return acc;
}

static u64 run_xxh(const struct bcase *c, int simd, long iters)
{
	long i;

	for (i = 0; i < iters; i++)
		if (simd)
			enetstl_xxh32_cnt32_avx2(keys[i % NKEYS], c->len, table,
						 c->rows, 10);
		else
			enetstl_xxh32_cnt32_scalar(keys[i % NKEYS], c->len,
						   table, c->rows, 10);
	return table[1];
}

static u64 run_fh(const struct bcase *c, int simd, long iters)
{
	long i;

	for (i = 0; i < iters; i++)
		if (simd)
			enetstl_fasthash32_cnt32_avx2(keys[i % NKEYS], c->len,
						      table, c->rows, 10);
		else
			enetstl_fasthash32_cnt32_scalar(keys[i % NKEYS], c->len,
							table, c->rows, 10);
	return table[1];
}

static u64 run_cmp(const struct bcase *c, int simd, long iters)
{
	u64 acc = 0;
	long i;

	/* equal keys: the whole length is compared */
	for (i = 0; i < iters; i++)
		acc += simd ? enetstl_cmp_eq_avx2(keys[i % NKEYS],
						  keys2[i % NKEYS], c->len) :
			      enetstl_cmp_eq_scalar(keys[i % NKEYS],
						    keys2[i % NKEYS], c->len);
	return acc;
}

static u64 run_find(const struct bcase *c, int simd, long iters)
{
	u64 acc = 0;
	u32 m;
	long i;

	for (i = 0; i < iters; i++) {
		m = simd ? enetstl_find_mask_u16_avx2(keys[i % NKEYS], c->len,
						      (u16)i) :
			   enetstl_find_mask_u16_scalar(keys[i % NKEYS], c->len,
							(u16)i);
		acc += enetstl_find_index(m);
	}
	return acc;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Best of 5 runs of iters calls, in ns per call. */
static double measure(const struct bcase *c, int simd, long iters)
{
	double best = 1e30, t;
	int r;

	for (r = 0; r < 5; r++) {
		t = now_ns();
		sink += c->run(c, simd, iters);
		t = (now_ns() - t) / iters;
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	static const struct bcase cases[] = {
		{ "crc32_hash", 13, 0, run_crc },
		{ "crc32_hash", 16, 0, run_crc },
		{ "crc32_hash", 64, 0, run_crc },
		{ "xxh32_cnt32 4 rows", 13, 4, run_xxh },
		{ "xxh32_cnt32 8 rows", 13, 8, run_xxh },
		{ "xxh32_cnt32 16 rows", 13, 16, run_xxh },
		{ "xxh32_cnt32 4 rows", 64, 4, run_xxh },
		{ "xxh32_cnt32 8 rows", 64, 8, run_xxh },
		{ "fasthash32_cnt32 4 rows", 13, 4, run_fh },
		{ "fasthash32_cnt32 8 rows", 13, 8, run_fh },
		{ "fasthash32_cnt32 16 rows", 13, 16, run_fh },
		{ "fasthash32_cnt32 4 rows", 64, 4, run_fh },
		{ "fasthash32_cnt32 8 rows", 64, 8, run_fh },
		{ "cmp_eq", 16, 0, run_cmp },
		{ "cmp_eq", 64, 0, run_cmp },
		{ "cmp_eq", 256, 0, run_cmp },
		{ "find_u16 (mask+index)", 32, 0, run_find },
	};
	long iters = argc > 1 ? atol(argv[1]) : 200000;
	double s, v;
	unsigned int i;
	int k;

	if (!__builtin_cpu_supports("avx2") ||
	    !__builtin_cpu_supports("sse4.2")) {
		printf("# this CPU lacks AVX2 or SSE4.2: nothing to compare\n");
		return 0;
	}
	if (iters < 1000)
		iters = 1000;
	enetstl_crc32c_init();
	srand(1);
	for (i = 0; i < NKEYS; i++)
		for (k = 0; k < 256; k++)
			keys[i][k] = keys2[i][k] = (u8)rand();

	printf("# eNetSTL cores on the host CPU, best of 5 x %ld calls\n",
	       iters);
	printf("# crc32_hash: simd = SSE4.2 crc32; others: simd = AVX2\n");
	printf("%-26s %6s %11s %11s %8s\n", "routine", "bytes", "scalar ns",
	       "simd ns", "speedup");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		s = measure(&cases[i], 0, iters);
		v = measure(&cases[i], 1, iters);
		printf("%-26s %6zu %11.2f %11.2f %7.2fx\n", cases[i].name,
		       cases[i].len, s, v, s / v);
	}
	printf("# result checksum %016llx\n", (unsigned long long)sink);
	return 0;
}
