// SPDX-License-Identifier: GPL-2.0
/*
 * Eiffel priority queue, eNetSTL build (bpf_bitmap2_ffs) and plain eBPF
 * build (binary-search ffs), one variant each, driven one request frame per
 * BPF_PROG_TEST_RUN and checked against the bitmap-free userspace model:
 * every result, every dequeued (priority, item), the item count, the
 * bitmap against the model's non-empty priorities, and a full drain in
 * priority order, FIFO within a priority.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

/* The skeletons name struct eif_bitmap: its definition comes first. */
#include "ref_eiffel.h"
#include "eiffel_ebpf.skel.h"
#include "eiffel_enetstl.skel.h"
#include "nf_frames.h"

#define NR_OPS		5000
#define NR_HOT		8	/* hot priorities, filled up to EIF_CAP */

FIXTURE(eif) {
	struct eiffel_enetstl *e;
	struct eiffel_ebpf *b;
	const struct bpf_program *enq, *deq, *enq_deq;
	__u64 *nr_items, *deq_item;
	__u32 *deq_prio;
	struct eif_bitmap *bm;
	struct eiffel_model m;
	struct prng rng;
	uint32_t hot[NR_HOT];
};

FIXTURE_VARIANT(eif) {
	bool enetstl;
};

FIXTURE_VARIANT_ADD(eif, enetstl) {
	.enetstl = true,
};

FIXTURE_VARIANT_ADD(eif, ebpf) {
	.enetstl = false,
};

FIXTURE_SETUP(eif)
{
	if (variant->enetstl) {
		self->e = eiffel_enetstl__open_and_load();
		ASSERT_NE(NULL, self->e) {
			TH_LOG("cannot load eiffel_enetstl: is eNetSTL.ko loaded?");
		}
		self->enq = self->e->progs.eiffel_enqueue;
		self->deq = self->e->progs.eiffel_dequeue;
		self->enq_deq = self->e->progs.eiffel_enq_deq;
		self->nr_items = &self->e->bss->nr_items;
		self->deq_item = &self->e->bss->deq_item;
		self->deq_prio = &self->e->bss->deq_prio;
		self->bm = &self->e->bss->bitmap;
	} else {
		self->b = eiffel_ebpf__open_and_load();
		ASSERT_NE(NULL, self->b);
		self->enq = self->b->progs.eiffel_enqueue;
		self->deq = self->b->progs.eiffel_dequeue;
		self->enq_deq = self->b->progs.eiffel_enq_deq;
		self->nr_items = &self->b->bss->nr_items;
		self->deq_item = &self->b->bss->deq_item;
		self->deq_prio = &self->b->bss->deq_prio;
		self->bm = &self->b->bss->bitmap;
	}
	ASSERT_EQ(0, eiffel_model_init(&self->m));
	prng_init(&self->rng, test_seed(_metadata->name));
	/* Word boundaries and both ends are where an ffs bug shows. */
	self->hot[0] = 0;
	self->hot[1] = 63;
	self->hot[2] = 64;
	self->hot[3] = EIF_PRIOS - 1;
	for (int i = 4; i < NR_HOT; i++)
		self->hot[i] = prng_below(&self->rng, EIF_PRIOS);
}

FIXTURE_TEARDOWN(eif)
{
	eiffel_enetstl__destroy(self->e);
	eiffel_ebpf__destroy(self->b);
	eiffel_model_free(&self->m);
}

static uint32_t run(struct __test_metadata *_metadata,
		    const struct bpf_program *prog, uint32_t prio,
		    uint64_t item)
{
	uint8_t pkt[PKT_LEN];
	uint32_t rv = ~0u;

	nf_frame_eiffel(pkt, prio, item);
	EXPECT_EQ(0, prog_run(prog, pkt, sizeof(pkt), &rv));
	return rv;
}

static uint32_t pick_prio(FIXTURE_DATA(eif) *self)
{
	uint32_t r = prng_below(&self->rng, 100);

	if (r < 2)
		return EIF_PRIOS + prng_below(&self->rng, 1000);  /* bad */
	if (r < 40)
		return self->hot[prng_below(&self->rng, NR_HOT)];
	/* Low priorities more often, so the queue's minimum moves around. */
	return prng_below(&self->rng, prng_below(&self->rng, EIF_PRIOS) + 1);
}

static void check_deq(struct __test_metadata *_metadata,
		      FIXTURE_DATA(eif) *self, uint32_t rv)
{
	uint32_t prio;
	uint64_t item;

	ASSERT_EQ((uint32_t)eiffel_model_dequeue(&self->m, &prio, &item), rv);
	if (rv == EIF_OK) {
		ASSERT_EQ(prio, *self->deq_prio);
		ASSERT_EQ(item, *self->deq_item);
	}
}

/* The program's bitmap, bit for bit, from the model's non-empty FIFOs. */
static void check_bitmap(struct __test_metadata *_metadata,
			 FIXTURE_DATA(eif) *self)
{
	struct eif_bitmap want = {};

	for (uint32_t p = 0; p < EIF_PRIOS; p++) {
		if (!self->m.len[p])
			continue;
		want.word[p / 64] |= 1ull << (p % 64);
		want.top |= 1ull << (p / 64);
	}
	ASSERT_EQ(want.top, self->bm->top);
	for (int w = 0; w < EIF_WORDS; w++) {
		ASSERT_EQ(want.word[w], self->bm->word[w]) {
			TH_LOG("word %d", w);
		}
	}
}

TEST_F(eif, random_ops_then_drain)
{
	uint32_t n[4] = {}, last = 0;

	for (int op = 0; op < NR_OPS; op++) {
		uint32_t rv;

		if (prng_below(&self->rng, 100) < 60) {
			uint32_t prio = pick_prio(self);
			uint64_t item = prng_next(&self->rng);

			rv = run(_metadata, self->enq, prio, item);
			ASSERT_EQ((uint32_t)eiffel_model_enqueue(&self->m,
								 prio, item),
				  rv);
		} else {
			rv = run(_metadata, self->deq, 0, 0);
			check_deq(_metadata, self, rv);
		}
		ASSERT_LT(rv, 4u);
		n[rv]++;
		ASSERT_EQ(self->m.items, *self->nr_items);
		if (op % 64 == 0)
			check_bitmap(_metadata, self);
	}
	check_bitmap(_metadata, self);
	TH_LOG("%d ops: %u ok, %u full, %u empty, %u bad; %llu queued",
	       NR_OPS, n[EIF_OK], n[EIF_FULL], n[EIF_EMPTY], n[EIF_BAD],
	       (unsigned long long)self->m.items);
	/* Every result kind must have been exercised. */
	ASSERT_GT(n[EIF_FULL], 0u);
	ASSERT_GT(n[EIF_BAD], 0u);
	ASSERT_GT(self->m.items, 100u);
	while (self->m.items) {
		uint32_t rv = run(_metadata, self->deq, 0, 0);

		check_deq(_metadata, self, rv);
		ASSERT_GE(*self->deq_prio, last);
		last = *self->deq_prio;
	}
	ASSERT_EQ((uint32_t)EIF_EMPTY, run(_metadata, self->deq, 0, 0));
	ASSERT_EQ(0u, *self->nr_items);
	check_bitmap(_metadata, self);
}

/* The scheduler's steady state: one in, the most urgent one out. */
TEST_F(eif, enqueue_dequeue_pairs)
{
	for (int i = 0; i < 400; i++) {
		uint32_t prio = prng_below(&self->rng, EIF_PRIOS);
		uint64_t item = prng_next(&self->rng);

		ASSERT_EQ((uint32_t)eiffel_model_enqueue(&self->m, prio, item),
			  run(_metadata, self->enq, prio, item));
	}
	for (int i = 0; i < 2000; i++) {
		uint32_t prio = pick_prio(self), rv, want;
		uint64_t item = prng_next(&self->rng);

		rv = run(_metadata, self->enq_deq, prio, item);
		want = eiffel_model_enqueue(&self->m, prio, item);
		if (want == EIF_OK)
			check_deq(_metadata, self, rv);
		else
			ASSERT_EQ(want, rv);
	}
	ASSERT_EQ(self->m.items, *self->nr_items);
	check_bitmap(_metadata, self);
}

/*
 * A summary that disagrees with its words: dequeue must report EIF_BAD and
 * change nothing, in both builds; a summary of 0 means empty.
 */
TEST_F(eif, inconsistent_bitmap)
{
	struct eif_bitmap saved;

	ASSERT_EQ((uint32_t)EIF_OK, run(_metadata, self->enq, 130, 7));
	saved = *self->bm;
	self->bm->top |= 1;		/* word 0 is empty */
	ASSERT_EQ((uint32_t)EIF_BAD, run(_metadata, self->deq, 0, 0));
	ASSERT_EQ(1u, *self->nr_items);
	self->bm->top = 0;
	ASSERT_EQ((uint32_t)EIF_EMPTY, run(_metadata, self->deq, 0, 0));
	*self->bm = saved;
	ASSERT_EQ((uint32_t)EIF_OK, run(_metadata, self->deq, 0, 0));
	ASSERT_EQ(130u, *self->deq_prio);
	ASSERT_EQ(7u, *self->deq_item);
	ASSERT_EQ(0u, self->bm->top);
	ASSERT_EQ(0u, self->bm->word[2]);
}

TEST_HARNESS_MAIN
