// SPDX-License-Identifier: GPL-2.0
/*
 * Cuckoo switch, eNetSTL build and plain eBPF build (one variant each):
 * flows are learned through the cuckoo_insert program, then a Zipf-like
 * stream of real IPv4 frames (known and unknown flows) is forwarded by
 * switch_fwd one BPF_PROG_TEST_RUN at a time.  Checked against the
 * userspace cuckoo model of selftests/enetstl: every insert result, the
 * whole bucket array, every verdict and output port, the per-port counters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "cuckoo_switch_ebpf.skel.h"
#include "cuckoo_switch_enetstl.skel.h"
#include "nf_frames.h"
#include "progs/cuckoo_switch_common.h"
#include "../enetstl/ref_cuckoo.h"

#define NR_FLOWS	6000	/* 37% of the 16384 slots */
#define NR_PKTS		4000
#define UNKNOWN_PCT	20
#define DROP_EVERY	50	/* every 50th flow maps to no port */

FIXTURE(sw) {
	struct cuckoo_switch_enetstl *e;
	struct cuckoo_switch_ebpf *b;
	const struct bpf_program *insert, *del, *fwd;
	struct bpf_map *buckets;
	__u64 *port_tx, *fwd_miss;
	uint32_t *last_port;
	struct cuckoo_model m;
	struct prng rng;
	struct pkt_5tuple flow[NR_FLOWS];
	uint32_t port[NR_FLOWS];
	uint64_t want_tx[SWITCH_PORTS], want_miss;
};

FIXTURE_VARIANT(sw) {
	bool enetstl;
};

FIXTURE_VARIANT_ADD(sw, enetstl) {
	.enetstl = true,
};

FIXTURE_VARIANT_ADD(sw, ebpf) {
	.enetstl = false,
};

FIXTURE_SETUP(sw)
{
	uint32_t rv;

	if (variant->enetstl) {
		self->e = cuckoo_switch_enetstl__open_and_load();
		ASSERT_NE(NULL, self->e) {
			TH_LOG("cannot load cuckoo_switch_enetstl: is eNetSTL.ko loaded?");
		}
		self->insert = self->e->progs.cuckoo_insert;
		self->del = self->e->progs.cuckoo_delete;
		self->fwd = self->e->progs.switch_fwd;
		self->buckets = self->e->maps.buckets;
		self->port_tx = self->e->bss->port_tx;
		self->fwd_miss = &self->e->bss->fwd_miss;
		self->last_port = &self->e->bss->last_port;
	} else {
		self->b = cuckoo_switch_ebpf__open_and_load();
		ASSERT_NE(NULL, self->b);
		/* The plain build computes its CRC table in BPF once. */
		ASSERT_EQ(0, prog_run(self->b->progs.cuckoo_crc_init, NULL, 0,
				      &rv));
		self->insert = self->b->progs.cuckoo_insert;
		self->del = self->b->progs.cuckoo_delete;
		self->fwd = self->b->progs.switch_fwd;
		self->buckets = self->b->maps.buckets;
		self->port_tx = self->b->bss->port_tx;
		self->fwd_miss = &self->b->bss->fwd_miss;
		self->last_port = &self->b->bss->last_port;
	}
	ASSERT_EQ(0, cuckoo_model_init(&self->m, SWITCH_BUCKETS));
	prng_init(&self->rng, test_seed(_metadata->name));
	for (int i = 0; i < NR_FLOWS; i++) {
		nf_random_flow(&self->rng, &self->flow[i]);
		self->port[i] = i % DROP_EVERY ?
				prng_below(&self->rng, SWITCH_PORTS) :
				SWITCH_PORTS + (uint32_t)i;
	}
}

FIXTURE_TEARDOWN(sw)
{
	cuckoo_switch_enetstl__destroy(self->e);
	cuckoo_switch_ebpf__destroy(self->b);
	cuckoo_model_free(&self->m);
}

/* Control plane: one cuckoo request frame through prog. */
static int ctl(const struct bpf_program *prog, const uint64_t key[2],
	       uint32_t val)
{
	struct cuckoo_req req = { .key = { key[0], key[1] }, .val = val };
	uint8_t pkt[PKT_LEN] = { [12] = 0x88, [13] = 0xb5 };
	uint32_t rv;
	int err;

	memcpy(pkt + CUCKOO_REQ_OFF, &req, sizeof(req));
	err = prog_run(prog, pkt, sizeof(pkt), &rv);
	return err ? err : (int)rv;
}

static void learn_all(struct __test_metadata *_metadata,
		      FIXTURE_DATA(sw) *self)
{
	struct cuckoo_bucket *got = calloc(SWITCH_BUCKETS, sizeof(*got));
	int fd = bpf_map__fd(self->buckets);

	ASSERT_NE(NULL, got);
	for (int i = 0; i < NR_FLOWS; i++) {
		uint64_t key[2];

		nf_switch_key(&self->flow[i], key);
		ASSERT_EQ((int)cuckoo_model_insert(&self->m, key,
						   self->port[i]),
			  ctl(self->insert, key, self->port[i]));
	}
	for (uint32_t i = 0; i < SWITCH_BUCKETS; i++)
		ASSERT_EQ(0, bpf_map_lookup_elem(fd, &i, &got[i]));
	ASSERT_EQ(0, memcmp(got, self->m.b, SWITCH_BUCKETS * sizeof(*got))) {
		TH_LOG("bucket array differs from the model");
	}
	free(got);
}

/* Forward a stream; every verdict and port must match the model. */
static void forward(struct __test_metadata *_metadata, FIXTURE_DATA(sw) *self)
{
	static uint32_t rank[NR_PKTS];
	uint8_t pkt[PKT_LEN];
	uint32_t tx = 0, drop = 0, pass = 0;

	ASSERT_EQ(0, nf_zipf_stream(&self->rng, NR_FLOWS, 1.0, rank,
				    NR_PKTS));
	for (int p = 0; p < NR_PKTS; p++) {
		struct pkt_5tuple t = self->flow[rank[p]];
		uint32_t rv, val, want;
		uint64_t key[2];

		if (prng_below(&self->rng, 100) < UNKNOWN_PCT)
			nf_random_flow(&self->rng, &t);
		nf_switch_key(&t, key);
		if (cuckoo_model_lookup(&self->m, key, &val) != CUCKOO_OK) {
			want = 2;	/* XDP_PASS: slow path */
			self->want_miss++;
			pass++;
		} else if (val >= SWITCH_PORTS) {
			want = 1;	/* XDP_DROP */
			drop++;
		} else {
			want = 3;	/* XDP_TX */
			self->want_tx[val]++;
			tx++;
		}
		nf_frame_5tuple(pkt, &t);
		ASSERT_EQ(0, prog_run(self->fwd, pkt, sizeof(pkt), &rv));
		ASSERT_EQ(want, rv);
		if (want == 3)
			ASSERT_EQ(val, *self->last_port);
	}
	TH_LOG("%d packets: %u forwarded, %u dropped, %u to the slow path",
	       NR_PKTS, tx, drop, pass);
	for (uint32_t i = 0; i < SWITCH_PORTS; i++)
		ASSERT_EQ(self->want_tx[i], self->port_tx[i]);
	ASSERT_EQ(self->want_miss, *self->fwd_miss);
}

TEST_F(sw, learn_and_forward)
{
	learn_all(_metadata, self);
	forward(_metadata, self);
}

/* Flows that expire (deleted) go back to the slow path; moves update. */
TEST_F(sw, expire_and_move)
{
	learn_all(_metadata, self);
	for (int i = 0; i < NR_FLOWS; i += 7) {
		uint64_t key[2];

		nf_switch_key(&self->flow[i], key);
		if (i % 2) {
			ASSERT_EQ((int)cuckoo_model_delete(&self->m, key),
				  ctl(self->del, key, 0));
		} else {
			self->port[i] = (self->port[i] + 1) % SWITCH_PORTS;
			ASSERT_EQ(CUCKOO_UPDATED,
				  ctl(self->insert, key, self->port[i]));
			cuckoo_model_insert(&self->m, key, self->port[i]);
		}
	}
	forward(_metadata, self);
}

TEST_HARNESS_MAIN
