// SPDX-License-Identifier: GPL-2.0
/*
 * NitroSketch, eNetSTL build (GEO random pool) and plain eBPF build (coin
 * per row), one variant each.  With p = 1 sampling is off and the table
 * must equal the 8-row count-min model exactly.  With p = 1/8 the updates
 * are random, so the checks are statistical with 6-sigma margins (a false
 * failure is a 1-in-10^8 event) but tight enough to catch an off-by-one in
 * the geometric draws (p = 1/7 or 1/9 moves the totals by 20+ sigma):
 * counters are multiples of 1/p and sit only where the stream's flows
 * hash; update totals, overall and per row, follow Binomial(n, p); the
 * heaviest flow's estimate is within sampling error of its true count.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "nitro_ebpf.skel.h"
#include "nitro_enetstl.skel.h"
#include "nf_frames.h"
#include "progs/nitro_common.h"

#define NR_FLOWS	1000
#define NR_PKTS		8000

FIXTURE(nitro) {
	struct nitro_enetstl *e;
	struct nitro_ebpf *b;
	const struct bpf_program *update;
	struct bpf_map *cms;
	__u64 *nr_updates;
	struct pkt_5tuple flow[NR_FLOWS];
	uint32_t exact[NR_FLOWS];
	uint32_t stream[NR_PKTS];
	struct cms8_table got;
};

FIXTURE_VARIANT(nitro) {
	bool enetstl;
};

FIXTURE_VARIANT_ADD(nitro, enetstl) {
	.enetstl = true,
};

FIXTURE_VARIANT_ADD(nitro, ebpf) {
	.enetstl = false,
};

FIXTURE_SETUP(nitro)
{
	struct prng rng;

	prng_init(&rng, test_seed(_metadata->name));
	for (int i = 0; i < NR_FLOWS; i++)
		nf_random_flow(&rng, &self->flow[i]);
	ASSERT_EQ(0, nf_zipf_stream(&rng, NR_FLOWS, 1.1, self->stream,
				    NR_PKTS));
	memset(self->exact, 0, sizeof(self->exact));
	for (int p = 0; p < NR_PKTS; p++)
		self->exact[self->stream[p]]++;
}

FIXTURE_TEARDOWN(nitro)
{
	nitro_enetstl__destroy(self->e);
	nitro_ebpf__destroy(self->b);
}

static void load(struct __test_metadata *_metadata, FIXTURE_DATA(nitro) *self,
		 bool enetstl, uint32_t p_den)
{
	uint32_t rv;

	if (enetstl) {
		self->e = nitro_enetstl__open();
		ASSERT_NE(NULL, self->e);
		self->e->rodata->p_den = p_den;
		ASSERT_EQ(0, nitro_enetstl__load(self->e)) {
			TH_LOG("cannot load nitro_enetstl: is eNetSTL.ko loaded?");
		}
		ASSERT_EQ(0, prog_run(self->e->progs.nitro_init, NULL, 0, &rv));
		ASSERT_EQ(2u, rv);
		self->update = self->e->progs.nitro_update;
		self->cms = self->e->maps.cms;
		self->nr_updates = &self->e->bss->nr_updates;
	} else {
		self->b = nitro_ebpf__open();
		ASSERT_NE(NULL, self->b);
		self->b->rodata->p_den = p_den;
		ASSERT_EQ(0, nitro_ebpf__load(self->b));
		self->update = self->b->progs.nitro_update;
		self->cms = self->b->maps.cms;
		self->nr_updates = &self->b->bss->nr_updates;
	}
}

static void feed(struct __test_metadata *_metadata, FIXTURE_DATA(nitro) *self)
{
	uint8_t pkt[PKT_LEN];
	uint32_t rv, k = 0;

	for (int p = 0; p < NR_PKTS; p++) {
		nf_frame_5tuple(pkt, &self->flow[self->stream[p]]);
		ASSERT_EQ(0, prog_run(self->update, pkt, sizeof(pkt), &rv));
		ASSERT_EQ(2u, rv);
	}
	ASSERT_EQ(0, bpf_map_lookup_elem(bpf_map__fd(self->cms), &k,
					 &self->got));
}

static uint32_t col(const struct pkt_5tuple *t, int row)
{
	return ref_xxh32(t, 13, ref_cnt_seeds[row]) & (CMS8_COLS - 1);
}

TEST_F(nitro, p1_equals_count_min)
{
	static struct cms8_table model;

	load(_metadata, self, variant->enetstl, 1);
	feed(_metadata, self);
	memset(&model, 0, sizeof(model));
	for (int p = 0; p < NR_PKTS; p++)
		ref_cnt32(REF_CNT_XXH32, &self->flow[self->stream[p]], 13,
			  &model, sizeof(model), CMS8_COL_SHIFT);
	ASSERT_EQ(0, memcmp(&model, &self->got, sizeof(model)));
	ASSERT_EQ((uint64_t)NR_PKTS * NITRO_ROWS, *self->nr_updates);
}

TEST_F(nitro, sampled_p8_statistics)
{
	static uint8_t hit[NITRO_ROWS][CMS8_COLS];
	const double p = 1.0 / NITRO_P_DEN;
	double sd_all = sqrt(NR_PKTS * NITRO_ROWS * p * (1 - p));
	double sd_row = sqrt(NR_PKTS * p * (1 - p));
	uint64_t total = 0;
	int heavy = 0;
	uint32_t est[NITRO_ROWS];

	load(_metadata, self, variant->enetstl, NITRO_P_DEN);
	feed(_metadata, self);
	memset(hit, 0, sizeof(hit));
	for (int f = 0; f < NR_FLOWS; f++) {
		if (self->exact[f] > self->exact[heavy])
			heavy = f;
		for (int r = 0; self->exact[f] && r < NITRO_ROWS; r++)
			hit[r][col(&self->flow[f], r)] = 1;
	}
	for (int r = 0; r < NITRO_ROWS; r++) {
		uint64_t row = 0;

		for (uint32_t c = 0; c < CMS8_COLS; c++) {
			uint32_t v = self->got.cnt[r][c];

			ASSERT_EQ(0u, v % NITRO_P_DEN);
			if (!hit[r][c])
				ASSERT_EQ(0u, v);
			row += v / NITRO_P_DEN;
		}
		TH_LOG("row %d: %llu updates (expected %.0f +- %.0f)", r,
		       (unsigned long long)row, NR_PKTS * p, sd_row);
		ASSERT_LT(fabs((double)row - NR_PKTS * p), 6 * sd_row);
		total += row;
		est[r] = self->got.cnt[r][col(&self->flow[heavy], r)];
	}
	ASSERT_EQ(total, *self->nr_updates);
	ASSERT_LT(fabs((double)total - NR_PKTS * NITRO_ROWS * p), 6 * sd_all);
	/* Median of the rows' estimates for the heaviest flow. */
	for (int i = 0; i < NITRO_ROWS; i++)
		for (int j = i + 1; j < NITRO_ROWS; j++)
			if (est[j] < est[i]) {
				uint32_t x = est[i];

				est[i] = est[j];
				est[j] = x;
			}
	TH_LOG("heaviest flow: %u packets, estimate %u", self->exact[heavy],
	       est[NITRO_ROWS / 2]);
	ASSERT_LT(fabs((double)est[NITRO_ROWS / 2] - self->exact[heavy]),
		  6 * sqrt(self->exact[heavy] * (NITRO_P_DEN - 1.0)) +
		  M_E / CMS8_COLS * NR_PKTS);
}

TEST_HARNESS_MAIN
