// SPDX-License-Identifier: GPL-2.0
/*
 * 8-row count-min sketch, eNetSTL build vs plain eBPF build, on a
 * Zipf-like stream of real IPv4 frames: both tables must equal a userspace
 * model (ref_cnt32 with 8 rows) update for update, and the estimates must
 * honour the count-min bounds for 8 rows.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "cms8_ebpf.skel.h"
#include "cms8_enetstl.skel.h"
#include "nf_frames.h"
#include "progs/cms8_common.h"

#define NR_FLOWS	1000
#define NR_PKTS		6000
#define ZIPF_S		1.1

FIXTURE(cms8) {
	struct cms8_enetstl *enetstl;
	struct cms8_ebpf *ebpf;
	struct pkt_5tuple flow[NR_FLOWS];
	uint32_t exact[NR_FLOWS];
	uint32_t stream[NR_PKTS];
	struct cms8_table model, got_e, got_b;
};

FIXTURE_VARIANT(cms8) {
	enum ref_cnt_hash algo;
};

FIXTURE_VARIANT_ADD(cms8, xxh32) {
	.algo = REF_CNT_XXH32,
};

FIXTURE_VARIANT_ADD(cms8, fasthash32) {
	.algo = REF_CNT_FASTHASH32,
};

FIXTURE_SETUP(cms8)
{
	struct prng rng;

	self->enetstl = cms8_enetstl__open_and_load();
	ASSERT_NE(NULL, self->enetstl) {
		TH_LOG("cannot load cms8_enetstl: is eNetSTL.ko loaded?");
	}
	self->ebpf = cms8_ebpf__open_and_load();
	ASSERT_NE(NULL, self->ebpf);
	prng_init(&rng, test_seed(_metadata->name));
	for (int i = 0; i < NR_FLOWS; i++)
		nf_random_flow(&rng, &self->flow[i]);
	ASSERT_EQ(0, nf_zipf_stream(&rng, NR_FLOWS, ZIPF_S, self->stream,
				    NR_PKTS));
	memset(self->exact, 0, sizeof(self->exact));
	for (int p = 0; p < NR_PKTS; p++)
		self->exact[self->stream[p]]++;
	memset(&self->model, 0, sizeof(self->model));
	for (int p = 0; p < NR_PKTS; p++)
		ref_cnt32(variant->algo, &self->flow[self->stream[p]],
			  ENETSTL_PKT_5TUPLE_SIZE, &self->model,
			  sizeof(self->model), CMS8_COL_SHIFT);
}

FIXTURE_TEARDOWN(cms8)
{
	cms8_enetstl__destroy(self->enetstl);
	cms8_ebpf__destroy(self->ebpf);
}

/* The whole stream through prog, one frame per BPF_PROG_TEST_RUN. */
static void feed(struct __test_metadata *_metadata, FIXTURE_DATA(cms8) *self,
		 const struct bpf_program *prog, const struct bpf_map *map,
		 struct cms8_table *out)
{
	static const struct cms8_table zero;
	uint8_t pkt[PKT_LEN];
	uint32_t k = 0, rv;
	int fd = bpf_map__fd(map);

	ASSERT_EQ(0, bpf_map_update_elem(fd, &k, &zero, BPF_ANY));
	for (int p = 0; p < NR_PKTS; p++) {
		nf_frame_5tuple(pkt, &self->flow[self->stream[p]]);
		ASSERT_EQ(0, prog_run(prog, pkt, sizeof(pkt), &rv));
		ASSERT_EQ(2u, rv);	/* XDP_PASS */
	}
	ASSERT_EQ(0, bpf_map_lookup_elem(fd, &k, out));
}

static int first_diff(const struct cms8_table *a, const struct cms8_table *b)
{
	for (int i = 0; i < CMS8_ROWS * (int)CMS8_COLS; i++)
		if (a->cnt[i / CMS8_COLS][i % CMS8_COLS] !=
		    b->cnt[i / CMS8_COLS][i % CMS8_COLS])
			return i;
	return -1;
}

static void feed_both(struct __test_metadata *_metadata,
		      FIXTURE_DATA(cms8) *self, enum ref_cnt_hash algo)
{
	int xxh = algo == REF_CNT_XXH32;

	feed(_metadata, self, xxh ? self->enetstl->progs.cms8_xxh32 :
				    self->enetstl->progs.cms8_fasthash32,
	     self->enetstl->maps.cms, &self->got_e);
	feed(_metadata, self, xxh ? self->ebpf->progs.cms8_xxh32 :
				    self->ebpf->progs.cms8_fasthash32,
	     self->ebpf->maps.cms, &self->got_b);
}

TEST_F(cms8, tables_equal_model)
{
	feed_both(_metadata, self, variant->algo);
	ASSERT_EQ(-1, first_diff(&self->model, &self->got_e)) {
		TH_LOG("eNetSTL table differs from the model");
	}
	ASSERT_EQ(-1, first_diff(&self->model, &self->got_b)) {
		TH_LOG("eBPF table differs from the model");
	}
}

/*
 * Count-min bounds on the tables the programs built: every row counts each
 * packet once; no estimate is below the truth or above N; with eps = e /
 * cols and delta = e^-8, at most delta * flows (here 0) estimates exceed
 * the truth by more than eps * N.  Eight rows make the bound far tighter
 * than four: one badly indexed row already breaks it.
 */
TEST_F(cms8, estimates_within_bound)
{
	const double eps = M_E / CMS8_COLS;
	const struct cms8_table *tabs[2] = { &self->got_e, &self->got_b };
	uint32_t worst = 0, over = 0;

	feed_both(_metadata, self, variant->algo);
	for (int n = 0; n < 2; n++) {
		const struct cms8_table *t = tabs[n];

		for (int r = 0; r < CMS8_ROWS; r++) {
			uint64_t sum = 0;

			for (uint32_t c = 0; c < CMS8_COLS; c++)
				sum += t->cnt[r][c];
			ASSERT_EQ((uint64_t)NR_PKTS, sum);
		}
		for (int f = 0; f < NR_FLOWS; f++) {
			uint32_t est = UINT32_MAX;

			for (int r = 0; r < CMS8_ROWS; r++) {
				uint32_t h = variant->algo == REF_CNT_XXH32 ?
					ref_xxh32(&self->flow[f], 13,
						  ref_cnt_seeds[r]) :
					ref_fasthash32(&self->flow[f], 13,
						       ref_cnt_seeds[r]);
				uint32_t c = t->cnt[r][h & (CMS8_COLS - 1)];

				est = c < est ? c : est;
			}
			ASSERT_GE(est, self->exact[f]);
			ASSERT_LE(est, (uint32_t)NR_PKTS);
			if (est - self->exact[f] > eps * NR_PKTS)
				over++;
			if (est - self->exact[f] > worst)
				worst = est - self->exact[f];
		}
	}
	TH_LOG("N %d, flows %d: worst overestimate +%u (eps*N = %.1f)",
	       NR_PKTS, NR_FLOWS, worst, eps * NR_PKTS);
	ASSERT_EQ(0u, over);
}

TEST_HARNESS_MAIN
