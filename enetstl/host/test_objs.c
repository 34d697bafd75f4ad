// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the eNetSTL object cores (the code eNetSTL.ko runs behind
 * the kptr kfuncs): chunked storage, memory wrapper nodes and links
 * against a model, list buckets against a FIFO model, the fixed-point
 * log2, and the GEO draw and pool (distribution, refill protocol).  TAP on
 * stdout; exit status 1 on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "obj_core.h"

static int test_no, failed_tests, group_fails;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond) && group_fails++ < 5) {			\
			printf("# FAIL %s:%d: ", __func__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

static void end(const char *desc)
{
	test_no++;
	printf("%s %d - %s\n", group_fails ? "not ok" : "ok", test_no, desc);
	failed_tests += !!group_fails;
	group_fails = 0;
	fflush(stdout);
}

static u64 rng_state = 0x243f6a8885a308d3ull;

static u64 rnd(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The cores' randomness source on the host. */
u32 enetstl_random_u32(void)
{
	return (u32)(rnd() >> 32);
}

static void test_chunks(void)
{
	struct enetstl_chunks c;
	u32 i, used = 0;
	u8 *p;

	CHECK(enetstl_chunks_init(&c, 12, 10) == -EINVAL, "stride 12");
	CHECK(enetstl_chunks_init(&c, 16, 0) == -EINVAL, "nr 0");
	CHECK(!enetstl_chunks_init(&c, 16, 1000), "init");
	CHECK(c.nr_chunks == 4 && c.shift == 8, "%u chunks shift %u",
	      c.nr_chunks, c.shift);
	CHECK(!enetstl_chunks_peek(&c, 999), "lazy");
	p = enetstl_chunks_get(&c, 999);
	CHECK(p && p == enetstl_chunks_peek(&c, 999), "get");
	memset(p, 0xab, 16);	/* the last, short chunk: ASan checks size */
	for (i = 0; i < c.nr_chunks; i++)
		used += c.chunk[i] != NULL;
	CHECK(used == 1, "%u chunks allocated", used);
	CHECK(enetstl_chunks_peek(&c, 0) == NULL, "first chunk still lazy");
	enetstl_chunks_destroy(&c);
	/* Many large slots: more per chunk to stay within the table. */
	CHECK(!enetstl_chunks_init(&c, 2128, 1U << 20), "big");
	CHECK(c.nr_chunks <= ENETSTL_MAX_CHUNKS, "%u chunks", c.nr_chunks);
	CHECK(((u64)c.nr_chunks << c.shift) >= (1U << 20), "covers");
	enetstl_chunks_destroy(&c);
	end("chunked storage: lazy chunks, sizes, chunk table bound");
}

#define M_NODES 200
#define M_LINKS 3

/* Model of the memory wrapper: allocation, links, in-degrees. */
static void test_mem_model(void)
{
	static int alloc[M_NODES], link[M_NODES][M_LINKS];
	static u8 data[M_NODES][40];
	struct enetstl_mem_core m;
	int i, j, step, n_alloc = 0;

	CHECK(enetstl_mem_init(&m, 0, 4, 1) == -EINVAL, "size 0");
	CHECK(enetstl_mem_init(&m, 40, 0, 1) == -EINVAL, "nodes 0");
	CHECK(enetstl_mem_init(&m, 40, 4, ENETSTL_MEM_MAX_LINKS + 1) ==
	      -EINVAL, "links");
	CHECK(!enetstl_mem_init(&m, 40, M_NODES, M_LINKS), "init");
	for (i = 0; i < M_NODES; i++)
		for (j = 0; j < M_LINKS; j++)
			link[i][j] = -1;
	for (step = 0; step < 200000; step++) {
		u64 r = rnd();
		u32 a = r % (M_NODES + 2), b = (r >> 16) % (M_NODES + 2);
		u32 s = (r >> 32) % (M_LINKS + 1);
		int want, got, indeg, self;
		u8 buf[40];

		switch ((r >> 40) % 6) {
		case 0:
			got = enetstl_mem_alloc(&m);
			if (n_alloc == M_NODES) {
				CHECK(got == -ENOSPC, "alloc full: %d", got);
				break;
			}
			CHECK(got >= 0 && got < M_NODES && !alloc[got],
			      "alloc %d", got);
			if (got < 0 || got >= M_NODES)
				break;
			alloc[got] = 1;
			n_alloc++;
			memset(data[got], 0, 40);
			for (j = 0; j < M_LINKS; j++)
				link[got][j] = -1;
			break;
		case 1:
			if (a >= M_NODES || !alloc[a]) {
				want = -EINVAL;
			} else {
				indeg = 0;
				self = 0;
				for (i = 0; i < M_NODES; i++)
					for (j = 0; j < M_LINKS; j++)
						if (alloc[i] && link[i][j] == (int)a) {
							indeg++;
							self += i == (int)a;
						}
				want = indeg > self ? -EBUSY : 0;
			}
			got = enetstl_mem_free(&m, a);
			CHECK(got == want, "free %u: %d want %d", a, got, want);
			if (!got) {
				alloc[a] = 0;
				n_alloc--;
			}
			break;
		case 2:
			want = a < M_NODES && b < M_NODES && alloc[a] &&
			       alloc[b] && s < M_LINKS ? 0 : -EINVAL;
			got = enetstl_mem_connect(&m, a, s, b);
			CHECK(got == want, "connect: %d want %d", got, want);
			if (!got)
				link[a][s] = b;
			break;
		case 3:
			if (a >= M_NODES || !alloc[a] || s >= M_LINKS)
				want = -EINVAL;
			else
				want = link[a][s] < 0 ? -ENOENT : 0;
			got = enetstl_mem_disconnect(&m, a, s);
			CHECK(got == want, "disconnect: %d want %d", got, want);
			if (!got)
				link[a][s] = -1;
			break;
		case 4:
			if (a >= M_NODES || !alloc[a] || s >= M_LINKS)
				want = -EINVAL;
			else
				want = link[a][s] < 0 ? -ENOENT : link[a][s];
			got = enetstl_mem_next(&m, a, s);
			CHECK(got == want, "next: %d want %d", got, want);
			break;
		default:
			j = (r >> 48) % 41;
			i = (r >> 56) % 41;
			want = a < M_NODES && alloc[a] && i + j <= 40 ? 0 :
			       -EINVAL;
			memset(buf, (int)(r & 0xff), sizeof(buf));
			got = enetstl_mem_write(&m, a, i, buf, j);
			CHECK(got == want, "write: %d want %d", got, want);
			if (!got)
				memcpy(data[a] + i, buf, j);
			if (a < M_NODES && alloc[a]) {
				CHECK(!enetstl_mem_read(&m, a, 0, buf, 40) &&
				      !memcmp(buf, data[a], 40), "data %u", a);
				CHECK(enetstl_mem_data(&m, a, 40) &&
				      !enetstl_mem_data(&m, a, 41) &&
				      !enetstl_mem_data(&m, a, 0), "data ptr");
			}
		}
	}
	enetstl_mem_destroy(&m);
	end("memory wrapper: 200k random operations against a model");
}

#define B_SLOTS 7
#define B_CAP 300
#define B_ESZ 20

static void test_bkt_model(void)
{
	static u8 q[B_SLOTS][B_CAP][B_ESZ];
	int head[B_SLOTS] = { 0 }, len[B_SLOTS] = { 0 }, total = 0;
	struct enetstl_bkt_core b;
	int step, want, got;

	CHECK(enetstl_bkt_init(&b, 0, 4, 4) == -EINVAL, "slots 0");
	CHECK(enetstl_bkt_init(&b, 4, ENETSTL_BKT_MAX_ELEM_SIZE + 1, 4) ==
	      -EINVAL, "elem size");
	CHECK(!enetstl_bkt_init(&b, B_SLOTS, B_ESZ, B_CAP), "init");
	for (step = 0; step < 300000; step++) {
		u64 r = rnd();
		u32 slot = r % (B_SLOTS + 1);
		u32 size = (r >> 8) % 8 ? B_ESZ : B_ESZ + 1;
		u8 v[B_ESZ + 1], out[B_ESZ + 1];
		/* Phases that fill up and drain, to hit both limits. */
		int push = (r >> 16) % 100 < ((step / 5000) % 2 ? 70 : 30);

		memset(v, (int)(r >> 24), sizeof(v));
		v[0] = (u8)step;
		if (push) {
			want = slot >= B_SLOTS || size != B_ESZ ? -EINVAL :
			       total >= B_CAP ? -ENOSPC : 0;
			got = enetstl_bkt_push_back(&b, v, size, slot);
			CHECK(got == want, "push: %d want %d", got, want);
			if (!got) {
				memcpy(q[slot][(head[slot] + len[slot]) % B_CAP],
				       v, B_ESZ);
				len[slot]++;
				total++;
			}
		} else {
			want = slot >= B_SLOTS || size != B_ESZ ? -EINVAL :
			       !len[slot] ? -ENOENT : 0;
			got = enetstl_bkt_pop_front(&b, out, size, slot);
			CHECK(got == want, "pop: %d want %d", got, want);
			if (!got) {
				CHECK(!memcmp(out, q[slot][head[slot]], B_ESZ),
				      "pop data");
				head[slot] = (head[slot] + 1) % B_CAP;
				len[slot]--;
				total--;
			}
		}
		want = slot < B_SLOTS ? len[slot] : -EINVAL;
		CHECK(enetstl_bkt_len(&b, slot) == want, "len");
	}
	CHECK(b.count == (u32)total, "count");
	enetstl_bkt_destroy(&b);
	end("list buckets: 300k random push/pop/len against FIFO models");
}

static void test_log2(void)
{
	u64 xs[] = { 1, 2, 3, 5, 100, 65535, 1ULL << 31, (1ULL << 32) - 1,
		     1ULL << 32, (1ULL << 32) + 1 };
	unsigned int i;
	double worst = 0;

	for (i = 0; i < 100000 + (sizeof(xs) / sizeof(xs[0])); i++) {
		u64 x = i < (sizeof(xs) / sizeof(xs[0])) ? xs[i] :
			(rnd() >> (rnd() % 31)) | 1;
		double got = enetstl_log2_q32(x) / 4294967296.0;
		double err = fabs(got - log2((double)x));

		if (err > worst)
			worst = err;
	}
	/* 33 significant bits kept (2^-31), a 32.32 result truncated (2^-32) */
	CHECK(worst < 6e-10, "worst log2 error %g", worst);
	end("fixed-point log2 within 6e-10");
}

/* Chi-square of n draws against geometric(p), 60 bins plus tail. */
static void check_geo(u32 num, u32 den, int n)
{
	struct enetstl_geo_param gp;
	static u32 hist[61];
	double p = (double)num / den, q = 1 - p, sum = 0, mean, chi = 0;
	double e_acc = 0, o_acc = 0, a, limit;
	int i, k, bins = 0;

	CHECK(!enetstl_geo_param_init(&gp, num, den), "init");
	memset(hist, 0, sizeof(hist));
	for (i = 0; i < n; i++) {
		u32 c = enetstl_geo_draw(&gp, enetstl_random_u32());

		CHECK(c >= 1, "count %u", c);
		sum += c;
		hist[c <= 60 ? c - 1 : 60]++;
	}
	mean = sum / n;
	CHECK(fabs(mean - 1 / p) < 5 * sqrt(q) / p / sqrt(n),
	      "p %g mean %g", p, mean);
	for (k = 0; k <= 60; k++) {
		e_acc += k < 60 ? n * p * pow(q, k) : n * pow(q, 60);
		o_acc += hist[k];
		if (e_acc >= 5 || k == 60) {
			chi += (o_acc - e_acc) * (o_acc - e_acc) / e_acc;
			e_acc = o_acc = 0;
			bins++;
		}
	}
	a = 2.0 / (9.0 * (bins - 1));
	limit = (bins - 1) * pow(1 - a + 3.719 * sqrt(a), 3);
	CHECK(chi < limit, "p %g chi-square %g > %g (%d bins)", p, chi, limit,
	      bins);
}

/*
 * Draws against the inverse transform computed in long double (64-bit
 * mantissa): they must agree except where -log2(U) / L lies within 1e-12
 * (relative) of an integer, which the fixed point may round either way.
 */
static void check_geo_exact(u32 num, u32 den, int n)
{
	long double l = -log1pl(-(long double)num / den) / logl(2);
	struct enetstl_geo_param gp;
	int i, bad = 0, near = 0;

	CHECK(!enetstl_geo_param_init(&gp, num, den), "init");
	for (i = 0; i < n; i++) {
		/* the edges, then random U */
		u32 r = i < 33 ? (u32)((1ULL << i) - 1) :
			i < 66 ? (u32)(1ULL << (i - 33)) : (u32)rnd();
		long double x = (32 - log2l((long double)r + 1)) / l;
		u32 want = x >= ENETSTL_GEO_MAX_CNT - 1 ? ENETSTL_GEO_MAX_CNT :
			   1 + (u32)floorl(x);
		u32 got = enetstl_geo_draw(&gp, r);

		if (fabsl(x - roundl(x)) < 1e-12L * (1 + x)) {
			near++;
			continue;
		}
		if (got != want && bad++ < 3)
			CHECK(0, "p %u/%u rnd %#x: %u, inverse transform %u",
			      num, den, r, got, want);
	}
	CHECK(near < n / 100, "p %u/%u: %d of %d near a step", num, den,
	      near, n);
}

/* Mean of n draws for a small p (too few bins for the chi-square). */
static void check_geo_mean(u32 num, u32 den, int n)
{
	double p = (double)num / den, sum = 0, mean;
	struct enetstl_geo_param gp;
	int i;

	CHECK(!enetstl_geo_param_init(&gp, num, den), "init");
	for (i = 0; i < n; i++)
		sum += enetstl_geo_draw(&gp, enetstl_random_u32());
	mean = sum / n;
	CHECK(fabs(mean - 1 / p) < 5 * sqrt(1 - p) / p / sqrt(n),
	      "p %g mean %g", p, mean);
}

static void test_geo_draw(void)
{
	u32 k;
	struct enetstl_geo_param gp;

	CHECK(enetstl_geo_param_init(&gp, 0, 5) == -EINVAL, "num 0");
	CHECK(enetstl_geo_param_init(&gp, 6, 5) == -EINVAL, "num > den");
	CHECK(!enetstl_geo_param_init(&gp, 5, 5) && gp.always, "p 1");
	CHECK(enetstl_geo_draw(&gp, 12345) == 1, "p 1 draw");
	/* rnd = 2^32 - 1 is U = 1: the smallest count, 1. */
	CHECK(!enetstl_geo_param_init(&gp, 1, 3) &&
	      enetstl_geo_draw(&gp, 0xffffffff) == 1, "U = 1");
	/* rnd = 0 is U = 2^-32: the largest, 1 + floor(32 / log2(3/2)). */
	CHECK(enetstl_geo_draw(&gp, 0) == 1 + (u32)(32 / log2(1.5)),
	      "U = 2^-32: %u", enetstl_geo_draw(&gp, 0));
	check_geo(1, 2, 1000000);
	check_geo(1, 16, 1000000);
	check_geo(2, 100, 1000000);
	check_geo(999, 1000, 200000);
	check_geo_mean(1, 1000000, 200000);
	check_geo_mean(3, 1U << 28, 200000);
	/* p = 1/2, U = 2^-k: exactly k failures before the success */
	enetstl_geo_param_init(&gp, 1, 2);
	for (k = 0; k <= 32; k++)
		CHECK(enetstl_geo_draw(&gp, (u32)((1ULL << k) - 1)) == 33 - k,
		      "p 1/2 U 2^-%u: %u", 32 - k,
		      enetstl_geo_draw(&gp, (u32)((1ULL << k) - 1)));
	check_geo_exact(1, 2, 300000);
	check_geo_exact(1, 3, 300000);
	check_geo_exact(1, 8, 300000);
	check_geo_exact(2, 100, 300000);
	check_geo_exact(999, 1000, 300000);
	check_geo_exact(1, 600, 300000);
	check_geo_exact(1, 1000000, 300000);
	check_geo_exact(7, 3000000000U, 300000);
	check_geo_exact(0xfffffffeU, 0xffffffffU, 300000);
	end("GEO draws: edges, exact inverse transform, mean and chi-square for p = 2^-32 .. 0.999");
}

static void test_geo_pool(void)
{
	static struct enetstl_geo_cpu pc;
	struct enetstl_geo_param gp;
	bool refill = false;
	u32 i, v, ones = 0;

	memset(&pc, 0, sizeof(pc));
	enetstl_geo_param_init(&gp, 1, 8);
	/* Nothing refilled yet: synchronous draws, refill asked at 512. */
	for (i = 0; i < ENETSTL_GEO_HALF - 1; i++)
		CHECK(enetstl_geo_take(&pc, &gp, &refill) >= 1, "fallback");
	CHECK(!refill, "no refill before the half ends");
	enetstl_geo_take(&pc, &gp, &refill);
	CHECK(refill && pc.idx == ENETSTL_GEO_HALF, "refill at half");
	/* The worker fills both stale halves; values come from the pool. */
	enetstl_geo_refill(&pc, &gp);
	CHECK(pc.fresh[0] && pc.fresh[1], "fresh");
	for (i = 0; i < ENETSTL_GEO_POOL_SIZE; i++)
		pc.vals[i] = 1000 + i;
	refill = false;
	for (i = 0; i < ENETSTL_GEO_HALF; i++) {
		v = enetstl_geo_take(&pc, &gp, &refill);
		CHECK(v == 1000 + ENETSTL_GEO_HALF + i, "pool value %u", v);
	}
	CHECK(refill && !pc.fresh[1] && pc.fresh[0] && pc.idx == 0,
	      "wrap: half 1 stale");
	v = enetstl_geo_take(&pc, &gp, &refill);
	CHECK(v == 1000, "half 0 from the pool: %u", v);
	/* Back in a stale half before the refill: draws, not reuse. */
	pc.fresh[0] = 0;
	v = enetstl_geo_take(&pc, &gp, &refill);
	CHECK(v != 1001, "stale half reused");
	/* should_do: p = 1/8 over many calls with refills as they come. */
	memset(&pc, 0, sizeof(pc));
	for (i = 0; i < 800000; i++) {
		refill = false;
		ones += enetstl_geo_should_do(&pc, &gp, &refill);
		if (refill)
			enetstl_geo_refill(&pc, &gp);
	}
	CHECK(fabs(ones - 100000.0) < 5 * sqrt(800000 * 0.125 * 0.875),
	      "should_do %u of 800000", ones);
	end("GEO pool: fallback, refill protocol, should_do rate");
}

int main(void)
{
	const char *seed = getenv("ENETSTL_TEST_SEED");

	if (seed)
		rng_state = strtoull(seed, NULL, 0);
	printf("TAP version 13\n1..6\n# seed 0x%llx\n",
	       (unsigned long long)rng_state);
	test_chunks();
	test_mem_model();
	test_bkt_model();
	test_log2();
	test_geo_draw();
	test_geo_pool();
	return failed_tests ? 1 : 0;
}
