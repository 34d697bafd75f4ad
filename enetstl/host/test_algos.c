// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the eNetSTL algorithm cores (the code eNetSTL.ko runs),
 * scalar and AVX2 paths, against reference implementations written here
 * from the algorithms' definitions, plus published vectors.  Inputs end
 * right before a PROT_NONE page, so reading or writing one byte past a size
 * crashes the test.  TAP on stdout; exit status 1 on any failure.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "enetstl_core.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- TAP */

static int test_no, failed_tests, group_fails;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond) && group_fails++ < 5) {			\
			printf("# FAIL %s:%d: ", __func__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

static void begin(void)
{
	group_fails = 0;
}

static void end(const char *desc)
{
	test_no++;
	if (group_fails) {
		failed_tests++;
		printf("not ok %d - %s (%d failures)\n", test_no, desc,
		       group_fails);
	} else {
		printf("ok %d - %s\n", test_no, desc);
	}
	fflush(stdout);
}

static void skip(const char *desc, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++test_no, desc, why);
}

/* ------------------------------------------------------- random, buffers */

static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void fill_random(void *p, size_t n)
{
	u8 *b = p;

	while (n--)
		*b++ = (u8)rnd();
}

#define ARENA_PAGES 40

struct arena {
	u8 *base;	/* ARENA_PAGES readable pages, then a PROT_NONE page */
	size_t size;
};

static struct arena arena_new(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	struct arena a;

	a.size = (size_t)pg * ARENA_PAGES;
	a.base = mmap(NULL, a.size + pg, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a.base == MAP_FAILED || mprotect(a.base + a.size, pg, PROT_NONE)) {
		perror("mmap");
		exit(2);
	}
	return a;
}

/* n bytes that end exactly at the guard page */
static u8 *at_tail(struct arena *a, size_t n)
{
	return a->base + a->size - n;
}

static const size_t edge_sizes[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 15, 16, 17, 31, 32, 33, 63, 64,
	65, 95, 96, 127, 128, 129, 255, 256, 1000, 1500, 4096,
};

#define NR_EDGE ARRAY_SIZE(edge_sizes)

/* Sizes to try: every edge size, then random ones up to 300. */
static size_t pick_size(int i)
{
	return i < (int)NR_EDGE ? edge_sizes[i] : (size_t)(rnd() % 301);
}

/* Place n random bytes either at the guard page or at offset off. */
static u8 *place(struct arena *a, size_t n, int i)
{
	u8 *p = (i & 1) ? at_tail(a, n) : a->base + (i / 2) % 8;

	fill_random(p, n);
	return p;
}

/* --------------------------------------------------- reference algorithms */

static u32 le32_bytes(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* CRC-32C one bit at a time, reflected polynomial 0x82F63B78. */
static u32 ref_crc32c(const void *data, size_t len, u32 crc)
{
	const u8 *p = data;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
	}
	return crc;
}

static u32 rol32(u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

/* XXH32 as the xxHash specification describes it. */
static u32 ref_xxh32(const void *data, size_t len, u32 seed)
{
	static const u32 p1 = 2654435761u, p2 = 2246822519u, p3 = 3266489917u,
			 p4 = 668265263u, p5 = 374761393u;
	static const int rot[4] = { 1, 7, 12, 18 };
	const u8 *in = data;
	size_t i = 0, stripes = len / 16, s;
	u32 acc = 0, v[4];
	int k;

	if (stripes) {
		v[0] = seed + p1 + p2;
		v[1] = seed + p2;
		v[2] = seed;
		v[3] = seed - p1;
		for (s = 0; s < stripes; s++)
			for (k = 0; k < 4; k++) {
				v[k] += le32_bytes(in + 16 * s + 4 * k) * p2;
				v[k] = rol32(v[k], 13) * p1;
			}
		for (k = 0; k < 4; k++)
			acc += rol32(v[k], rot[k]);
		i = stripes * 16;
	} else {
		acc = seed + p5;
	}
	acc += (u32)len;
	for (; i + 4 <= len; i += 4)
		acc = rol32(acc + le32_bytes(in + i) * p3, 17) * p4;
	for (; i < len; i++)
		acc = rol32(acc + in[i] * p5, 11) * p1;
	acc = (acc ^ (acc >> 15)) * p2;
	acc = (acc ^ (acc >> 13)) * p3;
	return acc ^ (acc >> 16);
}

static u64 ref_fh_mix(u64 h)
{
	h ^= h >> 23;
	h *= 0x2127599bf4325c37ull;
	return h ^ (h >> 47);
}

/* fasthash64 (Zilong Tan) folded to 32 bits as h - (h >> 32). */
static u32 ref_fasthash32(const void *data, size_t len, u32 seed)
{
	const u64 m = 0x880355f21e6d1965ull;
	const u8 *in = data;
	u64 h = (u64)seed ^ (len * m), w;
	size_t i, j;

	for (i = 0; i < len; i += 8) {
		w = 0;
		for (j = 0; j < 8 && i + j < len; j++)
			w |= (u64)in[i + j] << (8 * j);
		h = (h ^ ref_fh_mix(w)) * m;
	}
	h = ref_fh_mix(h);
	return (u32)(h - (h >> 32));
}

static const u32 ref_seeds[ENETSTL_CNT_MAX_ROWS] = ENETSTL_CNT_SEEDS;

typedef u32 (*hash_fn)(const void *, size_t, u32);

/* The uapi counter-table semantics, applied with hash h. */
static void ref_cnt(hash_fn h, const void *key, size_t len, u8 *table,
		    size_t tsz, u32 shift)
{
	u64 row_bytes, rows, r, idx;
	u32 c;

	if (shift > 31)
		return;
	row_bytes = 4ull << shift;
	rows = tsz / row_bytes;
	if (rows > 16)
		rows = 16;
	for (r = 0; r < rows; r++) {
		idx = r * (row_bytes / 4) + (h(key, len, ref_seeds[r]) &
					     ((1ull << shift) - 1));
		memcpy(&c, table + 4 * idx, 4);
		c++;
		memcpy(table + 4 * idx, &c, 4);
	}
}

/* ------------------------------------------------------------- the tests */

static bool have_avx2, have_sse42;

static const char check_str[] = "123456789";
static const char spam[] = "Nobody inspects the spammish repetition";

static void test_crc_vectors(void)
{
	begin();
	CHECK((ref_crc32c(check_str, 9, ~0u) ^ ~0u) == 0xe3069283,
	      "reference CRC-32C check value");
	CHECK((enetstl_crc32c_scalar(check_str, 9, ~0u) ^ ~0u) == 0xe3069283,
	      "scalar CRC-32C check value");
	CHECK(enetstl_crc32c_scalar("", 0, 0x12345678) == 0x12345678,
	      "empty input leaves the register");
	end("crc32c: check value 0xe3069283 (scalar, no final xor)");
	if (!have_sse42) {
		skip("crc32c: sse4.2 check value", "no SSE4.2");
		return;
	}
	begin();
	CHECK((enetstl_crc32c_sse42(check_str, 9, ~0u) ^ ~0u) == 0xe3069283,
	      "sse4.2 CRC-32C check value");
	CHECK(enetstl_crc32c_sse42("", 0, 0xdeadbeef) == 0xdeadbeef, "empty");
	end("crc32c: check value 0xe3069283 (sse4.2)");
}

static void test_crc_random(struct arena *a, bool sse)
{
	u32 init, want, got;
	size_t n;
	u8 *p;
	int i;

	if (sse && !have_sse42) {
		skip("crc32c sse4.2 == reference", "no SSE4.2");
		return;
	}
	begin();
	for (i = 0; i < 3000; i++) {
		n = pick_size(i % 400);
		p = place(a, n, i);
		init = (i % 3) ? (u32)rnd() : ~0u;
		want = ref_crc32c(p, n, init);
		got = sse ? enetstl_crc32c_sse42(p, n, init) :
			    enetstl_crc32c_scalar(p, n, init);
		CHECK(got == want, "len %zu init %08x: %08x != %08x", n, init,
		      got, want);
		CHECK(enetstl_crc32c(p, n, init, sse) == want, "dispatch");
	}
	end(sse ? "crc32c sse4.2 == bitwise reference, 3000 inputs" :
		  "crc32c slice-by-8 == bitwise reference, 3000 inputs");
}

static void test_hash_vectors(void)
{
	static const struct {
		const char *s;
		size_t len;
		u32 seed, xxh, fh;
	} v[] = {
		/* xxh32 "", "abc", spam: published values */
		{ "", 0, 0, 0x02cc5d05, 0 },
		{ "abc", 3, 0, 0x32d153ff, 0x7af613ff },
		{ spam, sizeof(spam) - 1, 0, 0xe2293b2f, 0 },
		/* computed by an independent Python model of both hashes */
		{ check_str, 9, 0xec5853, 0xb4c12c6c, 0xc63a8cd9 },
		{ spam, sizeof(spam) - 1, 0xec58d1, 0x2fddddf3, 0xc4526c65 },
	};
	unsigned int i;

	begin();
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		CHECK(ref_xxh32(v[i].s, v[i].len, v[i].seed) == v[i].xxh,
		      "reference xxh32 vector %u", i);
		CHECK(enetstl_xxh32(v[i].s, v[i].len, v[i].seed) == v[i].xxh,
		      "xxh32 vector %u: %08x", i,
		      enetstl_xxh32(v[i].s, v[i].len, v[i].seed));
		if (i == 2)
			continue;
		CHECK(ref_fasthash32(v[i].s, v[i].len, v[i].seed) == v[i].fh,
		      "reference fasthash32 vector %u", i);
		CHECK(enetstl_fasthash32(v[i].s, v[i].len, v[i].seed) ==
		      v[i].fh, "fasthash32 vector %u: %08x", i,
		      enetstl_fasthash32(v[i].s, v[i].len, v[i].seed));
	}
	end("xxh32 and fasthash32 known vectors");
}

static void test_hash_random(struct arena *a, bool fast)
{
	u32 seed, want, got;
	size_t n;
	u8 *p;
	int i;

	begin();
	for (i = 0; i < 3000; i++) {
		n = pick_size(i % 400);
		p = place(a, n, i);
		seed = (i & 2) ? (u32)rnd() : ref_seeds[i % 16];
		want = fast ? ref_fasthash32(p, n, seed) :
			      ref_xxh32(p, n, seed);
		got = fast ? enetstl_fasthash32(p, n, seed) :
			     enetstl_xxh32(p, n, seed);
		CHECK(got == want, "len %zu seed %08x: %08x != %08x", n, seed,
		      got, want);
	}
	end(fast ? "fasthash32 == reference, 3000 inputs" :
		   "xxh32 == reference, 3000 inputs");
}

enum cnt_path { CNT_SCALAR, CNT_AVX2, CNT_DISPATCH_SIMD, CNT_DISPATCH_SCALAR };

static const char *const cnt_path_name[] = {
	"scalar core", "avx2 core", "dispatch simd=1", "dispatch simd=0",
};

static void run_cnt(bool fast, enum cnt_path path, const void *key,
		    size_t len, void *table, size_t tsz, u32 shift)
{
	u32 rows = enetstl_cnt_rows(tsz, shift);

	switch (path) {
	case CNT_SCALAR:
	case CNT_AVX2:
		if (!rows)
			return;
		if (path == CNT_AVX2 && fast)
			enetstl_fasthash32_cnt32_avx2(key, len, table, rows,
						      shift);
		else if (path == CNT_AVX2)
			enetstl_xxh32_cnt32_avx2(key, len, table, rows, shift);
		else if (fast)
			enetstl_fasthash32_cnt32_scalar(key, len, table, rows,
							shift);
		else
			enetstl_xxh32_cnt32_scalar(key, len, table, rows,
						   shift);
		return;
	case CNT_DISPATCH_SIMD:
	case CNT_DISPATCH_SCALAR:
		if (fast)
			enetstl_fasthash32_cnt32(key, len, table, tsz, shift,
						 path == CNT_DISPATCH_SIMD);
		else
			enetstl_xxh32_cnt32(key, len, table, tsz, shift,
					    path == CNT_DISPATCH_SIMD);
		return;
	}
}

/*
 * Random tables (1..20 rows, so also more than the 16 seeds; sizes that are
 * not a multiple of a row; unaligned) updated many times, compared with the
 * reference table byte for byte: untouched trailing bytes included.
 */
static void test_cnt(struct arena *keys, struct arena *tabs, bool fast,
		     enum cnt_path path)
{
	static u8 want[ARENA_PAGES * 4096];
	char desc[128];
	size_t len, tsz, row_bytes;
	u32 shift, nrows;
	u8 *key, *tab;
	int i, k;

	snprintf(desc, sizeof(desc), "%s_cnt32 %s == reference table, rows 1..20",
		 fast ? "fasthash32" : "xxh32", cnt_path_name[path]);
	if ((path == CNT_AVX2 || path == CNT_DISPATCH_SIMD) && !have_avx2) {
		skip(desc, "no AVX2");
		return;
	}
	begin();
	for (i = 0; i < 600; i++) {
		shift = (u32)(rnd() % 9);
		row_bytes = (size_t)4 << shift;
		nrows = 1 + (u32)(rnd() % 20);
		tsz = nrows * row_bytes + ((i & 4) ? rnd() % row_bytes : 0);
		if (tsz > sizeof(want) - 8)
			tsz = sizeof(want) - 8;
		tab = (i & 1) ? at_tail(tabs, tsz) : tabs->base + i % 8;
		fill_random(tab, tsz);
		memcpy(want, tab, tsz);
		for (k = 0; k < 8; k++) {
			len = (k == 0 && path == CNT_SCALAR) ? pick_size(i % 40) :
			      (size_t)(rnd() % 80);
			key = place(keys, len, i + k);
			ref_cnt(fast ? ref_fasthash32 : ref_xxh32, key, len,
				want, tsz, shift);
			run_cnt(fast, path, key, len, tab, tsz, shift);
		}
		CHECK(!memcmp(want, tab, tsz),
		      "shift %u tsz %zu rows %u: table differs", shift, tsz,
		      nrows);
	}
	/*
	 * The five-tuple: the kfuncs hash its 13 packed bytes, which have
	 * their own paths (4 and 8 rows fully in vectors, other counts in
	 * whole vectors then trimmed).  Every row count 1..16 (so every
	 * seed) at every column shift 0..11, 8 keys a table (also at the
	 * guard page), tables at any alignment.
	 */
	for (i = 0; i < 16 * 12; i++) {
		nrows = 1 + i % 16;
		shift = (u32)(i / 16);
		tsz = nrows * ((size_t)4 << shift);
		tab = tabs->base + i % 4;
		memset(tab, 0, tsz);
		memset(want, 0, tsz);
		for (k = 0; k < 8; k++) {
			key = place(keys, ENETSTL_PKT_5TUPLE_SIZE, i + k);
			ref_cnt(fast ? ref_fasthash32 : ref_xxh32, key,
				ENETSTL_PKT_5TUPLE_SIZE, want, tsz, shift);
			run_cnt(fast, path, key, ENETSTL_PKT_5TUPLE_SIZE, tab,
				tsz, shift);
		}
		CHECK(!memcmp(want, tab, tsz),
		      "5-tuple table differs, rows %u shift %u", nrows, shift);
	}
	end(desc);
}

/* No-op and bound cases of the counter tables, on the dispatchers. */
static void test_cnt_bounds(struct arena *tabs)
{
	static u8 copy[16 * 4 * 64 + 64];
	u8 key[13] = { 1, 2, 3 };
	int fast, simd, k;
	size_t tsz;
	u8 *tab;

	begin();
	CHECK(enetstl_cnt_rows(4, 0) == 1, "one 1-column row");
	CHECK(enetstl_cnt_rows(3, 0) == 0, "less than a row");
	CHECK(enetstl_cnt_rows(1000, 32) == 0, "shift 32");
	CHECK(enetstl_cnt_rows((size_t)-1, 31) == 16, "rows capped at 16");
	CHECK(enetstl_cnt_rows(17 * 256, 6) == 16, "17 rows capped");
	CHECK(enetstl_cnt_rows(3 * 256 + 255, 6) == 3, "partial row ignored");
	for (fast = 0; fast < 2; fast++)
		for (simd = 0; simd <= (int)have_avx2; simd++) {
			/* 20 rows of 64: rows 16..19 must stay as they are */
			tsz = 20 * 256 + 3;
			tab = at_tail(tabs, tsz);
			memset(tab, 0, tsz);
			for (k = 0; k < 100; k++) {
				key[5] = (u8)k;
				if (fast)
					enetstl_fasthash32_cnt32(key, 13, tab, tsz, 6, simd);
				else
					enetstl_xxh32_cnt32(key, 13, tab, tsz, 6, simd);
			}
			memset(copy, 0, sizeof(copy));
			CHECK(!memcmp(tab + 16 * 256, copy, 4 * 256 + 3),
			      "rows past 16 and trailing bytes untouched");
			for (k = 0; k < 16; k++) {
				u32 sum = 0, c;
				int j;

				for (j = 0; j < 64; j++) {
					memcpy(&c, tab + k * 256 + 4 * j, 4);
					sum += c;
				}
				CHECK(sum == 100, "row %d counted %u of 100", k, sum);
			}
			/* no-ops: shift too large, table smaller than a row */
			tab = at_tail(tabs, 64);
			fill_random(tab, 64);
			memcpy(copy, tab, 64);
			if (fast) {
				enetstl_fasthash32_cnt32(key, 13, tab, 64, 32, simd);
				enetstl_fasthash32_cnt32(key, 13, tab, 64, 100, simd);
				enetstl_fasthash32_cnt32(key, 13, tab, 63, 4, simd);
				enetstl_fasthash32_cnt32(key, 13, tab, 0, 0, simd);
			} else {
				enetstl_xxh32_cnt32(key, 13, tab, 64, 32, simd);
				enetstl_xxh32_cnt32(key, 13, tab, 64, 100, simd);
				enetstl_xxh32_cnt32(key, 13, tab, 63, 4, simd);
				enetstl_xxh32_cnt32(key, 13, tab, 0, 0, simd);
			}
			CHECK(!memcmp(copy, tab, 64), "no-op cases wrote");
		}
	CHECK(sizeof(struct pkt_5tuple) == ENETSTL_PKT_5TUPLE_SIZE &&
	      offsetof(struct pkt_5tuple, dst_ip) == 4 &&
	      offsetof(struct pkt_5tuple, src_port) == 8 &&
	      offsetof(struct pkt_5tuple, dst_port) == 10 &&
	      offsetof(struct pkt_5tuple, proto) == 12 &&
	      _Alignof(struct pkt_5tuple) == 1, "pkt_5tuple layout");
	end("counter tables: 16-row cap, partial rows, no-op cases, 5-tuple layout");
}

static void test_cmp(struct arena *a, struct arena *b, bool avx2)
{
	size_t n, pos;
	u8 *p, *q;
	int i, want, got;

	if (avx2 && !have_avx2) {
		skip("cmp_eq avx2 == memcmp", "no AVX2");
		return;
	}
	begin();
	for (i = 0; i < 4000; i++) {
		n = pick_size(i % 400);
		p = place(a, n, i);
		q = (i & 2) ? at_tail(b, n) : b->base + (i / 4) % 8;
		memcpy(q, p, n);
		if (n && (i % 5)) {
			pos = rnd() % n;
			q[pos] ^= (u8)(1 + rnd() % 255);
		}
		want = memcmp(p, q, n) != 0;
		got = avx2 ? enetstl_cmp_eq_avx2(p, q, n) :
			     enetstl_cmp_eq_scalar(p, q, n);
		CHECK(got == want, "len %zu: %d != %d", n, got, want);
		CHECK(enetstl_cmp_eq(p, n, q, n + (i & 8), avx2) == want,
		      "dispatch len %zu", n);
	}
	/* a difference at each position of a 100-byte key */
	for (pos = 0; pos < 100; pos++) {
		p = place(a, 100, 1);
		q = at_tail(b, 100);
		memcpy(q, p, 100);
		q[pos] ^= 0x80;
		CHECK((avx2 ? enetstl_cmp_eq_avx2(p, q, 100) :
			      enetstl_cmp_eq_scalar(p, q, 100)) == 1,
		      "difference at %zu missed", pos);
	}
	CHECK(enetstl_cmp_eq(p, 10, q, 9, avx2) == -EINVAL, "key2 shorter");
	CHECK(enetstl_cmp_eq(p, 0, q, 0, avx2) == 0, "empty keys");
	CHECK(enetstl_cmp_eq(p, 10, p, 200, avx2) == 0, "longer key2");
	end(avx2 ? "cmp_eq avx2 == memcmp, 4000 keys, -EINVAL" :
		   "cmp_eq scalar == memcmp, 4000 keys, -EINVAL");
}

static u32 ref_find_mask(const u8 *arr, size_t sz, u16 val)
{
	u32 mask = 0;
	size_t i;
	u16 e;

	for (i = 0; i < 16 && 2 * i + 2 <= sz; i++) {
		memcpy(&e, arr + 2 * i, 2);
		if (e == val)
			mask |= 3u << (2 * i);
	}
	return mask;
}

static void test_find(struct arena *a, bool avx2)
{
	static const u16 tricky[] = { 0, 1, 2, 0x7fff, 0x8000, 0x8001, 0xffff };
	u32 want, got;
	size_t sz;
	u16 val, e;
	u8 *p;
	int i, k;

	if (avx2 && !have_avx2) {
		skip("find_mask_u16 avx2 == reference", "no AVX2");
		return;
	}
	begin();
	for (i = 0; i < 5000; i++) {
		sz = (i % 3) ? 32 : rnd() % 41;
		p = place(a, sz, i);
		/*
		 * few distinct values, so matches (and several) are common;
		 * they differ in the sign bit and by borrows, which a SWAR
		 * compare could confuse
		 */
		for (k = 0; 2 * k + 2 <= (int)sz; k++) {
			e = tricky[rnd() % ARRAY_SIZE(tricky)];
			memcpy(p + 2 * k, &e, 2);
		}
		val = tricky[rnd() % ARRAY_SIZE(tricky)];
		want = ref_find_mask(p, sz, val);
		got = avx2 ? enetstl_find_mask_u16_avx2(p, sz, val) :
			     enetstl_find_mask_u16_scalar(p, sz, val);
		CHECK(got == want, "sz %zu val %u: %08x != %08x", sz, val, got,
		      want);
		CHECK(enetstl_find_mask_u16(p, sz, val, avx2) == want,
		      "dispatch");
		k = 0;
		while (k < 16 && !(want & (1u << (2 * k))))
			k++;
		CHECK(enetstl_find_index(got) == (u32)k, "index %u != %d",
		      enetstl_find_index(got), k);
	}
	/* a value 0 search in a short array must not see the padding */
	p = at_tail(a, 6);
	memset(p, 1, 6);
	CHECK((avx2 ? enetstl_find_mask_u16_avx2(p, 6, 0) :
		      enetstl_find_mask_u16_scalar(p, 6, 0)) == 0,
	      "padding matched");
	CHECK(enetstl_find_index(0) == 16, "no match gives 16");
	end(avx2 ? "find_mask_u16/find_u16 avx2 == reference, sizes 0..40" :
		   "find_mask_u16/find_u16 scalar == reference, sizes 0..40");
}

static void test_bits(void)
{
	u64 v, want;
	u32 want32;
	int i;

	begin();
	CHECK(enetstl_ffs64(0) == 64, "ffs(0)");
	CHECK(enetstl_tzcnt32(0) == 32, "tzcnt(0)");
	for (i = 0; i < 64; i++) {
		CHECK(enetstl_ffs64(1ull << i) == (u64)i, "ffs bit %d", i);
		CHECK(enetstl_ffs64(~0ull << i) == (u64)i, "ffs ones %d", i);
	}
	for (i = 0; i < 32; i++)
		CHECK(enetstl_tzcnt32(1u << i | 0x80000000u) == (u32)i,
		      "tzcnt bit %d", i);
	for (i = 0; i < 10000; i++) {
		v = rnd() >> (rnd() % 64);
		for (want = 0; want < 64 && !(v >> want & 1); want++)
			;
		for (want32 = 0; want32 < 32 && !((u32)v >> want32 & 1);
		     want32++)
			;
		CHECK(enetstl_ffs64(v) == want, "ffs %016" PRIx64, v);
		CHECK(enetstl_tzcnt32((u32)v) == want32, "tzcnt %08x", (u32)v);
	}
	end("ffs (0 -> 64) and tzcnt_u32 (0 -> 32)");
}

/* bpf_bitmap2_ffs by its definition: a bit-by-bit scan. */
static s64 ref_bitmap2_ffs(const u8 *p, size_t sz)
{
	u64 top, leaf;
	size_t n;
	u32 w, b;

	if (sz < 16 || sz > 520 || sz % 8)
		return -EINVAL;
	n = sz / 8 - 1;
	memcpy(&top, p, 8);
	for (w = 0; w < 64 && !(top >> w & 1); w++)
		;
	if (w == 64)
		return -ENOENT;
	if (w >= n)
		return -EUCLEAN;
	memcpy(&leaf, p + 8 + 8 * w, 8);
	for (b = 0; b < 64 && !(leaf >> b & 1); b++)
		;
	return b == 64 ? -EUCLEAN : (s64)w * 64 + b;
}

/* The lowest set bit over all leaves, ignoring the summary; -1 if none. */
static s64 lowest_leaf_bit(const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n * 64; i++)
		if (p[8 + i / 8] >> (i % 8) & 1)
			return (s64)i;
	return -1;
}

static void test_bitmap2(struct arena *a)
{
	static const size_t bad[] = { 0, 1, 7, 8, 15, 17, 20, 23, 516, 521,
				      524, 528, 4096, (size_t)-8 };
	u8 *p, buf[8 + 520];
	size_t sz, n, i, w;
	s64 got, want;
	u64 top, leaf;
	int k;

	begin();
	/* bad sizes: refused before reading anything (sz bytes at the guard) */
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		p = at_tail(a, bad[i] > 4096 ? 0 : bad[i]);
		got = enetstl_bitmap2_ffs(p, bad[i]);
		CHECK(got == -EINVAL, "size %zu: %lld", bad[i], got);
	}
	memset(buf, 0, sizeof(buf));
	CHECK(enetstl_bitmap2_ffs(buf, 16) == -ENOENT, "empty");
	CHECK(enetstl_bitmap2_ffs(buf, 520) == -ENOENT, "empty, 64 leaves");
	buf[0] = 1;
	CHECK(enetstl_bitmap2_ffs(buf, 16) == -EUCLEAN, "summary, no leaf");
	buf[8] = 0x80;
	CHECK(enetstl_bitmap2_ffs(buf, 16) == 7, "leaf 0 bit 7");
	/* the last bit of the largest bitmap */
	memset(buf, 0, sizeof(buf));
	buf[7] = 0x80;
	buf[519] = 0x80;
	CHECK(enetstl_bitmap2_ffs(buf, 520) == 4095, "bit 4095: %lld",
	      enetstl_bitmap2_ffs(buf, 520));
	CHECK(enetstl_bitmap2_ffs(buf, 512) == -EUCLEAN, "leaf past the end");

	/*
	 * Consistent bitmaps (summary built from the leaves) give the lowest
	 * set bit of the leaves; sometimes a summary bit is flipped, which
	 * must give what the reference says (often -EUCLEAN).  Bitmaps end
	 * at the guard page or start at offsets 0..7.
	 */
	for (k = 0; k < 20000; k++) {
		n = 1 + rnd() % 64;
		sz = 8 + 8 * n;
		p = (k & 1) ? at_tail(a, sz) : a->base + (k / 2) % 8;
		memset(p, 0, sz);
		top = 0;
		for (i = rnd() % 4; i; i--) {
			w = (k & 2) ? n - 1 - rnd() % (n < 3 ? n : 3) :
				      rnd() % n;
			memcpy(&leaf, p + 8 + 8 * w, 8);
			leaf |= 1ull << (rnd() % 64);
			memcpy(p + 8 + 8 * w, &leaf, 8);
			top |= 1ull << w;
		}
		if (k % 5 == 4)
			top ^= 1ull << (rnd() % 64);
		memcpy(p, &top, 8);
		got = enetstl_bitmap2_ffs(p, sz);
		want = ref_bitmap2_ffs(p, sz);
		CHECK(got == want, "n %zu top %016llx: %lld != %lld", n,
		      (unsigned long long)top, got, want);
		if (k % 5 != 4) {
			want = lowest_leaf_bit(p, n);
			CHECK(got == (want < 0 ? -ENOENT : want),
			      "n %zu: %lld, lowest leaf bit %lld", n, got, want);
		}
	}
	end("bitmap2_ffs == reference: 1..64 leaves, any alignment, bad sizes");
}

int main(void)
{
	struct arena a = arena_new(), b = arena_new();
	const char *seed = getenv("ENETSTL_TEST_SEED");

	if (seed)
		rng_state = strtoull(seed, NULL, 0) | 1;
	have_avx2 = __builtin_cpu_supports("avx2");
	have_sse42 = __builtin_cpu_supports("sse4.2");
	enetstl_crc32c_init();
	printf("TAP version 13\n# avx2 %d sse4.2 %d seed %#" PRIx64 "\n",
	       have_avx2, have_sse42, rng_state);

	test_crc_vectors();
	test_crc_random(&a, false);
	test_crc_random(&a, true);
	test_hash_vectors();
	test_hash_random(&a, false);
	test_hash_random(&a, true);
	for (int path = CNT_SCALAR; path <= CNT_DISPATCH_SCALAR; path++) {
		test_cnt(&a, &b, false, path);
		test_cnt(&a, &b, true, path);
	}
	test_cnt_bounds(&b);
	test_cmp(&a, &b, false);
	test_cmp(&a, &b, true);
	test_find(&a, false);
	test_find(&a, true);
	test_bits();
	test_bitmap2(&a);

	printf("1..%d\n# %d passed, %d failed\n", test_no,
	       test_no - failed_tests,
	       failed_tests);
	return failed_tests ? 1 : 0;
}
