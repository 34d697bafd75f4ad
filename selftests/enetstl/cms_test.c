// SPDX-License-Identifier: GPL-2.0
/*
 * Count-min sketch, eNetSTL build vs plain eBPF build, on a Zipf-like
 * stream of 5-tuples: both tables must equal a userspace model update for
 * update, and the estimates must honour the count-min guarantees.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "cms_ebpf.skel.h"
#include "cms_enetstl.skel.h"
#include "nf_cms.h"
#include "prog_run.h"
#include "ref_hash.h"

#define NR_FLOWS	1000
#define NR_PKTS		10000
#define ZIPF_S		1.1

FIXTURE(cms) {
	struct cms_nf nf;
	struct pkt_5tuple flow[NR_FLOWS];
	uint32_t exact[NR_FLOWS];
	uint16_t stream[NR_PKTS];	/* flow index of each packet */
	struct cms_table model, got_e, got_b;
};

FIXTURE_SETUP(cms)
{
	static double cdf[NR_FLOWS];
	struct prng rng;
	double sum = 0;

	ASSERT_EQ(0, cms_nf_open(&self->nf)) {
		TH_LOG("cannot load the CMS programs: is eNetSTL.ko loaded?");
	}
	prng_init(&rng, test_seed(_metadata->name));
	for (int i = 0; i < NR_FLOWS; i++) {
		prng_fill(&rng, &self->flow[i], sizeof(self->flow[i]));
		self->flow[i].proto = i & 1 ? 6 : 17;
		sum += 1.0 / pow(i + 1, ZIPF_S);
		cdf[i] = sum;
	}
	/* Rank r is drawn with probability proportional to 1 / r^s. */
	memset(self->exact, 0, sizeof(self->exact));
	for (int p = 0; p < NR_PKTS; p++) {
		double u = (prng_next(&rng) >> 11) * 0x1p-53 * sum;
		int lo = 0, hi = NR_FLOWS - 1;

		while (lo < hi) {
			int mid = (lo + hi) / 2;

			if (cdf[mid] < u)
				lo = mid + 1;
			else
				hi = mid;
		}
		self->stream[p] = lo;
		self->exact[lo]++;
	}
}

FIXTURE_TEARDOWN(cms)
{
	cms_nf_close(&self->nf);
}

/* Feed the whole stream to prog, one packet per BPF_PROG_TEST_RUN. */
static void feed(struct __test_metadata *_metadata, FIXTURE_DATA(cms) *self,
		 const struct bpf_program *prog, const struct bpf_map *map,
		 struct cms_table *out)
{
	uint8_t pkt[PKT_LEN];
	uint32_t rv;

	ASSERT_EQ(0, cms_nf_clear(map));
	for (int p = 0; p < NR_PKTS; p++) {
		cms_nf_frame(pkt, &self->flow[self->stream[p]]);
		ASSERT_EQ(0, prog_run(prog, pkt, sizeof(pkt), &rv));
		ASSERT_EQ((uint32_t)XDP_PASS, rv);
	}
	ASSERT_EQ(0, cms_nf_read(map, out));
}

static void build_model(FIXTURE_DATA(cms) *self, enum ref_cnt_hash algo)
{
	memset(&self->model, 0, sizeof(self->model));
	for (int p = 0; p < NR_PKTS; p++)
		ref_cnt32(algo, &self->flow[self->stream[p]],
			  ENETSTL_PKT_5TUPLE_SIZE, &self->model,
			  sizeof(self->model), CMS_COL_SHIFT);
}

static void feed_both(struct __test_metadata *_metadata,
		      FIXTURE_DATA(cms) *self, enum ref_cnt_hash algo)
{
	int xxh = algo == REF_CNT_XXH32;

	feed(_metadata, self, xxh ? self->nf.enetstl->progs.cms_xxh32 :
				    self->nf.enetstl->progs.cms_fasthash32,
	     self->nf.enetstl->maps.cms, &self->got_e);
	feed(_metadata, self, xxh ? self->nf.ebpf->progs.cms_xxh32 :
				    self->nf.ebpf->progs.cms_fasthash32,
	     self->nf.ebpf->maps.cms, &self->got_b);
	build_model(self, algo);
}

static int first_diff(const struct cms_table *a, const struct cms_table *b)
{
	for (int i = 0; i < CMS_ROWS * (int)CMS_COLS; i++)
		if (a->cnt[i / CMS_COLS][i % CMS_COLS] !=
		    b->cnt[i / CMS_COLS][i % CMS_COLS])
			return i;
	return -1;
}

static void check_identical(struct __test_metadata *_metadata,
			    FIXTURE_DATA(cms) *self)
{
	ASSERT_EQ(-1, first_diff(&self->model, &self->got_e)) {
		TH_LOG("eNetSTL table differs from the model");
	}
	ASSERT_EQ(-1, first_diff(&self->model, &self->got_b)) {
		TH_LOG("eBPF table differs from the model");
	}
	ASSERT_EQ(0, memcmp(&self->got_e, &self->got_b, sizeof(self->got_e)));
}

TEST_F(cms, xxh32_tables_identical)
{
	feed_both(_metadata, self, REF_CNT_XXH32);
	check_identical(_metadata, self);
}

TEST_F(cms, fasthash32_tables_identical)
{
	feed_both(_metadata, self, REF_CNT_FASTHASH32);
	check_identical(_metadata, self);
}

/*
 * Count-min guarantees, on the table the BPF programs built: each row
 * counts every packet once; no estimate is below the true count or above
 * the stream length; and with eps = e / cols, delta = e^-rows, an estimate
 * exceeds the true count by more than eps * N for at most a delta fraction
 * of the flows (the bound holds per flow in expectation; the observed
 * fraction for a well-spread hash is far below it, a degenerate hash or a
 * wrong column index breaks it).
 */
static void check_bounds(struct __test_metadata *_metadata,
			 FIXTURE_DATA(cms) *self, const struct cms_table *t)
{
	const double eps = M_E / CMS_COLS, delta = exp(-(double)CMS_ROWS);
	uint32_t over = 0, worst = 0;

	for (int r = 0; r < CMS_ROWS; r++) {
		uint64_t sum = 0;

		for (uint32_t c = 0; c < CMS_COLS; c++)
			sum += t->cnt[r][c];
		ASSERT_EQ((uint64_t)NR_PKTS, sum);
	}
	for (int f = 0; f < NR_FLOWS; f++) {
		uint32_t est = UINT32_MAX;

		for (int r = 0; r < CMS_ROWS; r++) {
			uint32_t h = ref_xxh32(&self->flow[f], 13,
					       ref_cnt_seeds[r]);
			uint32_t c = t->cnt[r][h & (CMS_COLS - 1)];

			est = c < est ? c : est;
		}
		ASSERT_GE(est, self->exact[f]);
		ASSERT_LE(est, (uint32_t)NR_PKTS);
		if (est - self->exact[f] > eps * NR_PKTS)
			over++;
		if (est - self->exact[f] > worst)
			worst = est - self->exact[f];
	}
	TH_LOG("N %d, flows %d: %u over eps*N = %.1f (allowed %.0f), worst +%u",
	       NR_PKTS, NR_FLOWS, over, eps * NR_PKTS, delta * NR_FLOWS, worst);
	ASSERT_LE(over, (uint32_t)(delta * NR_FLOWS));
}

TEST_F(cms, xxh32_estimates_within_bound)
{
	feed_both(_metadata, self, REF_CNT_XXH32);
	check_bounds(_metadata, self, &self->got_e);
	check_bounds(_metadata, self, &self->got_b);
}

/* The flow the sketch reports highest is the truly heaviest one. */
TEST_F(cms, xxh32_heavy_hitter_found)
{
	uint32_t best = 0, best_est = 0, heavy = 0;

	feed_both(_metadata, self, REF_CNT_XXH32);
	for (int f = 0; f < NR_FLOWS; f++) {
		uint32_t est = UINT32_MAX;

		for (int r = 0; r < CMS_ROWS; r++) {
			uint32_t h = ref_xxh32(&self->flow[f], 13,
					       ref_cnt_seeds[r]);

			if (self->got_e.cnt[r][h & (CMS_COLS - 1)] < est)
				est = self->got_e.cnt[r][h & (CMS_COLS - 1)];
		}
		if (est > best_est) {
			best_est = est;
			best = f;
		}
		if (self->exact[f] > self->exact[heavy])
			heavy = f;
	}
	TH_LOG("heaviest flow %u: %u packets, estimate %u", heavy,
	       self->exact[heavy], best_est);
	ASSERT_EQ(heavy, best);
	ASSERT_LE(best_est - self->exact[heavy],
		  (uint32_t)(M_E / CMS_COLS * NR_PKTS));
}

TEST_HARNESS_MAIN
