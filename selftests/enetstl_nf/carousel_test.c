// SPDX-License-Identifier: GPL-2.0
/*
 * Carousel, eNetSTL build (list buckets) and plain eBPF build (per-slot
 * rings), one variant each.  Time comes from the requests, so the run is
 * exact: packets of 32 rate-limited flows arrive, the wheel ticks every
 * 400 ns, and every enqueue result and every tick's sent packets (order,
 * timestamps) must equal the userspace model's.  Independently of the
 * model: no packet leaves before its slot, and each flow's departures are
 * spaced by at least its previous packet's length times its rate.  Both
 * builds keep one wheel per CPU: the test runs pinned to CPU 0, reads
 * CPU 0's wheel, and checks the other CPUs' wheels were never touched.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

/* The skeletons name struct cr_pkt: its definition comes first. */
#include "ref_carousel.h"
#include "carousel_ebpf.skel.h"
#include "carousel_enetstl.skel.h"
#include "nf_frames.h"

#define NR_STEPS	4000
#define STEP_NS		400
#define ACTIVE_FLOWS	32

FIXTURE(cr) {
	struct carousel_enetstl *e;
	struct carousel_ebpf *b;
	const struct bpf_program *enq, *tick, *enq_tick;
	struct bpf_map *flows, *wheels;
	struct cr_wheel *w;	/* every possible CPU's wheel, read back */
	int ncpus;
	struct carousel_model m;
	struct prng rng;
	uint64_t last_ts[CR_FLOWS];
	uint32_t last_len[CR_FLOWS];
};

FIXTURE_VARIANT(cr) {
	bool enetstl;
};

FIXTURE_VARIANT_ADD(cr, enetstl) {
	.enetstl = true,
};

FIXTURE_VARIANT_ADD(cr, ebpf) {
	.enetstl = false,
};

FIXTURE_SETUP(cr)
{
	cpu_set_t set;
	uint32_t rv;

	/* The wheel the runs use is the one of the CPU they run on. */
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
	self->ncpus = libbpf_num_possible_cpus();
	ASSERT_LT(0, self->ncpus);
	self->w = calloc(self->ncpus, sizeof(*self->w));
	ASSERT_NE(NULL, self->w);
	if (variant->enetstl) {
		self->e = carousel_enetstl__open();
		ASSERT_NE(NULL, self->e);
		ASSERT_EQ(0, carousel_enetstl__load(self->e)) {
			TH_LOG("cannot load carousel_enetstl: is eNetSTL.ko loaded?");
		}
		ASSERT_EQ(0, prog_run(self->e->progs.carousel_init, NULL, 0,
				      &rv));
		ASSERT_EQ(2u, rv);
		self->enq = self->e->progs.carousel_enqueue;
		self->tick = self->e->progs.carousel_tick;
		self->enq_tick = self->e->progs.carousel_enq_tick;
		self->flows = self->e->maps.flows;
		self->wheels = self->e->maps.wheels;
	} else {
		self->b = carousel_ebpf__open_and_load();
		ASSERT_NE(NULL, self->b);
		self->enq = self->b->progs.carousel_enqueue;
		self->tick = self->b->progs.carousel_tick;
		self->enq_tick = self->b->progs.carousel_enq_tick;
		self->flows = self->b->maps.flows;
		self->wheels = self->b->maps.wheels;
	}
	carousel_model_init(&self->m);
	/* 1 to 29 ns per byte: the slow flows back up past the horizon. */
	for (uint32_t f = 0; f < CR_FLOWS; f++) {
		self->m.flow[f].ns_per_byte = 1 + (f % 8) * 4;
		ASSERT_EQ(0, bpf_map_update_elem(bpf_map__fd(self->flows), &f,
						 &self->m.flow[f], BPF_ANY));
	}
	prng_init(&self->rng, test_seed(_metadata->name));
}

FIXTURE_TEARDOWN(cr)
{
	carousel_enetstl__destroy(self->e);
	carousel_ebpf__destroy(self->b);
	free(self->w);
}

/* Every CPU's wheel into self->w; CPU 0's is the one the runs use. */
static void read_wheels(struct __test_metadata *_metadata,
			FIXTURE_DATA(cr) *self)
{
	__u32 zero = 0;

	ASSERT_EQ(0, bpf_map_lookup_elem(bpf_map__fd(self->wheels), &zero,
					 self->w));
}

static uint32_t req(struct __test_metadata *_metadata,
		    const struct bpf_program *prog, uint64_t now,
		    uint32_t flow, uint32_t len)
{
	struct cr_req r = { .now = now, .flow = flow, .len = len };
	uint8_t pkt[PKT_LEN] = { [12] = 0x88, [13] = 0xb5 };
	uint32_t rv = ~0u;

	memcpy(pkt + CR_REQ_OFF, &r, sizeof(r));
	EXPECT_EQ(0, prog_run(prog, pkt, sizeof(pkt), &rv));
	return rv;
}

/* The timer at time now: tick until the wheel is idle. */
static void tick(struct __test_metadata *_metadata, FIXTURE_DATA(cr) *self,
		 uint64_t now, uint64_t *nsent)
{
	for (int k = 0; k < 4 * CR_SLOTS; k++) {
		uint32_t rv = req(_metadata, self->tick, now, 0, 0);

		ASSERT_EQ((uint32_t)carousel_model_tick(&self->m, now), rv);
		read_wheels(_metadata, self);
		ASSERT_EQ(self->m.nr_sent, self->w[0].nr_sent);
		ASSERT_EQ(self->m.start, self->w[0].start);
		for (uint32_t i = 0; i < self->m.nr_sent; i++) {
			const struct cr_pkt *p = &self->w[0].sent[i];

			ASSERT_EQ(self->m.sent[i].ts, p->ts);
			ASSERT_EQ(self->m.sent[i].flow, p->flow);
			ASSERT_EQ(self->m.sent[i].len, p->len);
			/* Never before its slot. */
			ASSERT_LE(p->ts / CR_GRAN, now / CR_GRAN);
			/* The flow's rate holds between departures. */
			if (self->last_len[p->flow])
				ASSERT_GE(p->ts, self->last_ts[p->flow] +
					  (uint64_t)self->last_len[p->flow] *
					  self->m.flow[p->flow].ns_per_byte);
			self->last_ts[p->flow] = p->ts;
			self->last_len[p->flow] = p->len;
			(*nsent)++;
		}
		if (rv == CR_IDLE)
			return;
	}
	ASSERT_TRUE(0) {
		TH_LOG("the wheel did not catch up with time %llu",
		       (unsigned long long)now);
	}
}

TEST_F(cr, rate_limited_stream)
{
	uint64_t n[5] = {}, nsent = 0, now = 0;

	for (int step = 0; step < NR_STEPS; step++) {
		now = (uint64_t)step * STEP_NS;
		if (prng_below(&self->rng, 100) < 70) {
			uint32_t flow = prng_below(&self->rng, ACTIVE_FLOWS);
			uint32_t len = 64 + prng_below(&self->rng, 1437);
			uint32_t rv = req(_metadata, self->enq, now, flow, len);

			ASSERT_EQ((uint32_t)carousel_model_enqueue(&self->m,
								   now, flow,
								   len), rv);
			ASSERT_LT(rv, 4u);
			n[rv]++;
		}
		tick(_metadata, self, now, &nsent);
	}
	/* Drain: the horizon bounds how long that takes. */
	now += (uint64_t)CR_SLOTS * CR_GRAN;
	tick(_metadata, self, now, &nsent);
	TH_LOG("%llu queued, %llu dropped past the horizon, %llu sent",
	       (unsigned long long)n[CR_QUEUED],
	       (unsigned long long)n[CR_DROP], (unsigned long long)nsent);
	ASSERT_EQ(n[CR_QUEUED], nsent);
	ASSERT_GT(n[CR_DROP], 0u);
	/* The stream stays within both builds' capacity by design. */
	ASSERT_EQ(0u, n[CR_FULL]);
	ASSERT_EQ(0u, n[CR_BAD]);
	ASSERT_EQ((uint32_t)CR_BAD, req(_metadata, self->enq, now, CR_FLOWS,
					64));
	/* The other CPUs' wheels never moved. */
	read_wheels(_metadata, self);
	for (int c = 1; c < self->ncpus; c++) {
		ASSERT_EQ(0, self->w[c].start);
		ASSERT_EQ(0, self->w[c].nr_sent);
	}
}

/*
 * The benchmark's program: a packet in, then the tick at the wheel's
 * start (the eNetSTL build pushes and drains in one bpf_bktlist_kptr_
 * push_drain call).  Against the model doing the same two steps.
 */
TEST_F(cr, enq_tick_stream)
{
	uint64_t n[5] = {}, now;

	for (int step = 0; step < NR_STEPS; step++) {
		/* A quarter to flow 7 (29 ns/byte): it backs up past the horizon. */
		uint32_t flow = prng_below(&self->rng, 4) ?
				prng_below(&self->rng, ACTIVE_FLOWS) : 7;
		uint32_t len = 64 + prng_below(&self->rng, 1437);
		uint32_t want, rv;

		now = (uint64_t)step * STEP_NS;
		rv = req(_metadata, self->enq_tick, now, flow, len);
		want = carousel_model_enqueue(&self->m, now, flow, len);
		if (want == CR_QUEUED)
			want = carousel_model_tick(&self->m, self->m.start);
		ASSERT_EQ(want, rv);
		ASSERT_LT(rv, 4u);
		n[rv]++;
		if (rv != CR_QUEUED)
			continue;
		read_wheels(_metadata, self);
		ASSERT_EQ(self->m.start, self->w[0].start);
		ASSERT_EQ(self->m.nr_sent, self->w[0].nr_sent);
		for (uint32_t i = 0; i < self->m.nr_sent; i++) {
			ASSERT_EQ(self->m.sent[i].ts, self->w[0].sent[i].ts);
			ASSERT_EQ(self->m.sent[i].flow,
				  self->w[0].sent[i].flow);
			ASSERT_EQ(self->m.sent[i].len, self->w[0].sent[i].len);
		}
	}
	TH_LOG("%llu queued, %llu dropped past the horizon",
	       (unsigned long long)n[CR_QUEUED],
	       (unsigned long long)n[CR_DROP]);
	/* Both outcomes happen, nothing else does. */
	ASSERT_GT(n[CR_QUEUED], 0u);
	ASSERT_GT(n[CR_DROP], 0u);
	ASSERT_EQ(0u, n[CR_FULL]);
	ASSERT_EQ(0u, n[CR_BAD]);
}

TEST_HARNESS_MAIN
