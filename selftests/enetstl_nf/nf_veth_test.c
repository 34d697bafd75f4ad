// SPDX-License-Identifier: GPL-2.0
/*
 * The 8-row count-min sketch on the per-packet path a NIC drives: attached
 * in native XDP mode to the receiving end of a veth pair (nfvt-tx ->
 * nfvt-rx, veth_tx.c), fed a Zipf-like stream of real frames over
 * AF_PACKET.  Every frame must reach the program once, and the table must
 * equal the userspace model (ref_cnt32) of the frames sent, exactly as
 * cms8_test checks it through BPF_PROG_TEST_RUN.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "../enetstl/veth_tx.h"
#include "cms8_ebpf.skel.h"
#include "cms8_enetstl.skel.h"
#include "nf_frames.h"
#include "progs/cms8_common.h"

#define NR_FLOWS	1000
#define NR_PKTS		3000
#define STEP		64	/* frames in flight, well under the rx ring */
#define WAIT_MS		5000	/* for the receive side to count a step */

FIXTURE(veth_cms8) {
	struct veth_pair vp;
	struct veth_tx tx;
	struct cms8_enetstl *e;
	struct cms8_ebpf *b;
	const struct bpf_program *prog;
	struct bpf_map *map;
	struct pkt_5tuple flow[NR_FLOWS];
	uint32_t stream[NR_PKTS];
	uint8_t frames[NR_PKTS][PKT_LEN];
	struct cms8_table model, got;
};

FIXTURE_VARIANT(veth_cms8) {
	bool enetstl;
};

FIXTURE_VARIANT_ADD(veth_cms8, enetstl) {
	.enetstl = true,
};

FIXTURE_VARIANT_ADD(veth_cms8, ebpf) {
	.enetstl = false,
};

FIXTURE_SETUP(veth_cms8)
{
	static const struct cms8_table zero;
	struct prng rng;
	uint32_t k = 0;

	self->tx.fd = -1;
	if (variant->enetstl) {
		self->e = cms8_enetstl__open_and_load();
		ASSERT_NE(NULL, self->e) {
			TH_LOG("cannot load cms8_enetstl: is eNetSTL.ko loaded?");
		}
		self->prog = self->e->progs.cms8_xxh32;
		self->map = self->e->maps.cms;
	} else {
		self->b = cms8_ebpf__open_and_load();
		ASSERT_NE(NULL, self->b);
		self->prog = self->b->progs.cms8_xxh32;
		self->map = self->b->maps.cms;
	}
	ASSERT_EQ(0, bpf_map_update_elem(bpf_map__fd(self->map), &k, &zero,
					 BPF_ANY));

	prng_init(&rng, test_seed(_metadata->name));
	for (int i = 0; i < NR_FLOWS; i++)
		nf_random_flow(&rng, &self->flow[i]);
	ASSERT_EQ(0, nf_zipf_stream(&rng, NR_FLOWS, 1.1, self->stream,
				    NR_PKTS));
	memset(&self->model, 0, sizeof(self->model));
	for (int p = 0; p < NR_PKTS; p++) {
		const struct pkt_5tuple *t = &self->flow[self->stream[p]];

		nf_frame_5tuple(self->frames[p], t);
		ref_cnt32(REF_CNT_XXH32, t, ENETSTL_PKT_5TUPLE_SIZE,
			  &self->model, sizeof(self->model), CMS8_COL_SHIFT);
	}

	ASSERT_EQ(0, veth_pair_create(&self->vp, "nfvt-tx", "nfvt-rx"));
	ASSERT_EQ(0, veth_tx_open(&self->tx, self->vp.tx_ifindex));
	/* Native mode, or the veth driver's receive path is not under test. */
	ASSERT_EQ(0, veth_xdp_attach(&self->vp, bpf_program__fd(self->prog)));
}

FIXTURE_TEARDOWN(veth_cms8)
{
	veth_tx_close(&self->tx);
	veth_pair_destroy(&self->vp);
	cms8_enetstl__destroy(self->e);
	cms8_ebpf__destroy(self->b);
}

static uint64_t row_sum(const struct cms8_table *t, int r)
{
	uint64_t sum = 0;

	for (uint32_t c = 0; c < CMS8_COLS; c++)
		sum += t->cnt[r][c];
	return sum;
}

TEST_F(veth_cms8, frames_equal_model)
{
	int fd = bpf_map__fd(self->map);
	uint32_t k = 0;

	/*
	 * veth drops, without telling the sender, what overflows the rx
	 * ring when NAPI runs late (ksoftirqd): send a step, then wait for
	 * the sketch to count it.  Each frame adds one to every row, so row
	 * 0's sum counts the frames.
	 */
	for (int sent = 0; sent < NR_PKTS; sent += STEP) {
		int n = NR_PKTS - sent < STEP ? NR_PKTS - sent : STEP;
		int ms = 0;

		ASSERT_EQ(0, veth_tx_send(&self->tx, self->frames[sent],
					  PKT_LEN, PKT_LEN, n));
		for (;; ms += 1) {
			ASSERT_EQ(0, bpf_map_lookup_elem(fd, &k, &self->got));
			if (row_sum(&self->got, 0) >= (uint64_t)(sent + n))
				break;
			ASSERT_LT(ms, WAIT_MS) {
				TH_LOG("%llu of %d frames counted",
				       (unsigned long long)row_sum(&self->got, 0),
				       sent + n);
			}
			usleep(1000);
		}
	}
	/* And no more arrive: nothing else is sent on the link. */
	usleep(100000);
	ASSERT_EQ(0, bpf_map_lookup_elem(fd, &k, &self->got));
	for (int r = 0; r < CMS8_ROWS; r++) {
		ASSERT_EQ((uint64_t)NR_PKTS, row_sum(&self->got, r)) {
			TH_LOG("row %d counted %llu of %d frames", r,
			       (unsigned long long)row_sum(&self->got, r),
			       NR_PKTS);
		}
	}
	ASSERT_EQ(0, memcmp(&self->model, &self->got, sizeof(self->got))) {
		TH_LOG("table differs from the model of the frames sent");
	}
}

TEST_HARNESS_MAIN
