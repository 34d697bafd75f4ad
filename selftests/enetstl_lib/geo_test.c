// SPDX-License-Identifier: GPL-2.0
/*
 * GEO random pool (struct geo_sampling_ctx kptr): counts drawn in the guest
 * follow the geometric law of the configured p (mean within 5 standard
 * errors, chi-square over up to 48 bins plus tail at the 1e-4 level),
 * should_do's rate is p (binomial bound), p = 1 is exact, bad
 * probabilities give NULL, and pools are freed with their map.  Counts
 * taken in place (bpf_geo_sampling_kptr_gen_geo_cnt) pass the same checks,
 * and an empty field gives -ENXIO.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "enetstl.h"
/* before the skeleton: it uses these types */
#include "progs/lib_progs.h"
#include "geo_progs.skel.h"
#include "lib_util.h"

#define NR_BATCH	64
#define NR_SAMPLES	(NR_BATCH * GEO_BATCH)
#define CHI_BINS	48

/*
 * Upper 1e-4 quantile of chi-square with df degrees of freedom
 * (Wilson-Hilferty; z = 3.719 is the normal 1e-4 quantile).
 */
static double chi_limit(int df)
{
	double a = 2.0 / (9.0 * df);

	return df * pow(1 - a + 3.719 * sqrt(a), 3);
}

FIXTURE(geo) {
	struct geo_progs *skel;
	long live0;
};

#define BSS (self->skel->bss)

#define RUN(prog) do {							\
	uint32_t rv_ = 99;						\
	ASSERT_EQ(0, run_prog(self->skel->progs.prog, &rv_));		\
	ASSERT_EQ((uint32_t)XDP_PASS, rv_);				\
} while (0)

FIXTURE_SETUP(geo)
{
	self->live0 = live_objects();
	ASSERT_LE(0, self->live0) {
		TH_LOG("no %s: is eNetSTL.ko loaded?", LIVE_OBJECTS_PATH);
	}
	self->skel = geo_progs__open();
	ASSERT_NE(NULL, self->skel);
	ASSERT_EQ(0, geo_progs__load(self->skel));
}

FIXTURE_TEARDOWN(geo)
{
	geo_progs__destroy(self->skel);
	EXPECT_EQ(self->live0, live_objects_wait(self->live0, 5000));
}

static int create(FIXTURE_DATA(geo) *self, int frac, uint32_t a, uint32_t b)
{
	uint32_t rv = 99;

	BSS->in_frac = frac;
	BSS->in_percent = (int)a;
	BSS->in_num = a;
	BSS->in_den = b;
	if (run_prog(self->skel->progs.geo_create, &rv) || rv != XDP_PASS)
		return -100;
	return (int)BSS->out_ret;
}

/*
 * Draw NR_SAMPLES counts (in place or on a reference): mean, and
 * chi-square against geometric(p).
 */
static void draw_check_by(struct __test_metadata *_metadata,
			  FIXTURE_DATA(geo) *self, double p, bool in_place)
{
	static uint32_t hist[CHI_BINS + 1];
	double sum = 0, mean, se, chi = 0, q = 1 - p;
	unsigned int b, i, k;

	memset(hist, 0, sizeof(hist));
	for (b = 0; b < NR_BATCH; b++) {
		if (in_place)
			RUN(geo_draw_inplace);
		else
			RUN(geo_draw);
		ASSERT_EQ(0, BSS->out_ret);
		for (i = 0; i < GEO_BATCH; i++) {
			uint32_t c = BSS->counts[i];

			ASSERT_LE(1, c);
			sum += c;
			hist[c <= CHI_BINS ? c - 1 : CHI_BINS]++;
		}
	}
	mean = sum / NR_SAMPLES;
	se = sqrt(q) / p / sqrt(NR_SAMPLES);
	TH_LOG("p=%.4f mean %.3f (want %.3f +- %.3f)", p, mean, 1 / p, 5 * se);
	ASSERT_TRUE(fabs(mean - 1 / p) < 5 * se);
	/* Bins 1..CHI_BINS and the tail; merge bins expected below 5. */
	{
		double exp_acc = 0, obs_acc = 0;
		int bins = 0;

		for (k = 0; k <= CHI_BINS; k++) {
			double e = k < CHI_BINS ?
				   NR_SAMPLES * p * pow(q, k) :
				   NR_SAMPLES * pow(q, CHI_BINS);

			exp_acc += e;
			obs_acc += hist[k];
			if (exp_acc >= 5 || k == CHI_BINS) {
				chi += (obs_acc - exp_acc) * (obs_acc - exp_acc) /
				       exp_acc;
				exp_acc = obs_acc = 0;
				bins++;
			}
		}
		TH_LOG("chi-square %.1f over %d bins (limit %.1f)", chi, bins,
		       chi_limit(bins - 1));
		ASSERT_TRUE(chi < chi_limit(bins - 1));
	}
}

static void draw_check(struct __test_metadata *_metadata,
		       FIXTURE_DATA(geo) *self, double p)
{
	draw_check_by(_metadata, self, p, false);
}

TEST_F(geo, distribution_one_in_16)
{
	ASSERT_EQ(0, create(self, 1, 1, 16));
	draw_check(_metadata, self, 1.0 / 16);
}

TEST_F(geo, distribution_percent_2)
{
	/* NitroSketch's usual rate, coolbpf's argument convention. */
	ASSERT_EQ(0, create(self, 0, 2, 0));
	draw_check(_metadata, self, 0.02);
}

TEST_F(geo, distribution_half)
{
	ASSERT_EQ(0, create(self, 0, 50, 0));
	draw_check(_metadata, self, 0.5);
}

TEST_F(geo, in_place_one_in_8)
{
	/* NitroSketch's p, drawn as nitro_enetstl.bpf.c draws it. */
	ASSERT_EQ(0, create(self, 1, 1, 8));
	draw_check_by(_metadata, self, 1.0 / 8, true);
}

TEST_F(geo, in_place_percent_2)
{
	ASSERT_EQ(0, create(self, 0, 2, 0));
	draw_check_by(_metadata, self, 0.02, true);
}

TEST_F(geo, should_do_rate)
{
	uint64_t n1 = 0;
	double p = 0.1, mu = NR_SAMPLES * p, sd = sqrt(NR_SAMPLES * p * (1 - p));
	unsigned int b;

	ASSERT_EQ(0, create(self, 0, 10, 0));
	for (b = 0; b < NR_BATCH; b++) {
		RUN(geo_should);
		ASSERT_EQ(0, BSS->out_ret);
		n1 += BSS->ones;
	}
	TH_LOG("should_do: %lu of %d (want %.0f +- %.0f)",
	       (unsigned long)n1, NR_SAMPLES, mu, 5 * sd);
	ASSERT_TRUE(fabs((double)n1 - mu) < 5 * sd);
}

TEST_F(geo, certain)
{
	unsigned int i;

	ASSERT_EQ(0, create(self, 1, 7, 7));
	RUN(geo_draw);
	for (i = 0; i < GEO_BATCH; i++)
		ASSERT_EQ(1, BSS->counts[i]);
	RUN(geo_should);
	ASSERT_EQ(GEO_BATCH, BSS->ones);
	ASSERT_EQ(0, create(self, 0, 100, 0));
	RUN(geo_should);
	ASSERT_EQ(GEO_BATCH, BSS->ones);
}

TEST_F(geo, bad_probabilities)
{
	ASSERT_EQ(-1, create(self, 0, 0, 0));
	ASSERT_EQ(-1, create(self, 0, 101, 0));
	ASSERT_EQ(-1, create(self, 0, (uint32_t)-5, 0));
	ASSERT_EQ(-1, create(self, 1, 0, 10));
	ASSERT_EQ(-1, create(self, 1, 11, 10));
	ASSERT_EQ(-1, create(self, 1, 1, 0));
	/* Nothing in the map: the borrowing program says so. */
	RUN(geo_draw);
	ASSERT_EQ(NO_OBJ, BSS->out_ret);
	RUN(geo_draw_inplace);
	ASSERT_EQ(-ENXIO, BSS->out_ret);
	ASSERT_EQ(self->live0, live_objects());
}

TEST_F(geo, replace_frees_and_tc)
{
	uint32_t rv = 99;

	ASSERT_EQ(0, create(self, 1, 1, 1000));
	ASSERT_EQ(0, create(self, 1, 1, 4));
	ASSERT_EQ(self->live0 + 1, live_objects_wait(self->live0 + 1, 5000));
	ASSERT_EQ(0, run_prog(self->skel->progs.geo_tc, &rv));
	ASSERT_EQ(0, rv);
	ASSERT_EQ(11, BSS->out_ret);
	ASSERT_EQ(self->live0 + 1, live_objects_wait(self->live0 + 1, 5000));
}

TEST_HARNESS_MAIN
