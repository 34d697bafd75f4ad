// SPDX-License-Identifier: GPL-2.0
/*
 * Skip-list key-value store on the eNetSTL memory wrapper (no pure eBPF
 * build: skiplist_common.h says why).  Random inserts, updates, lookups
 * and deletes, one request per BPF_PROG_TEST_RUN, each result checked
 * against a sorted-array model; then full ordered scans must list exactly
 * the model's keys; filling past SL_MAX_KEYS must give SL_FULL and leave
 * the store intact; deleting everything must free every node.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "skiplist.skel.h"
#include "nf_frames.h"
#include "ref_skiplist.h"

#define NR_OPS		3000
#define KEY_SPACE	1500	/* > SL_MAX_KEYS distinct keys possible */

FIXTURE(sl) {
	struct skiplist *skel;
	struct sl_model m;
	struct prng rng;
	uint64_t keys[KEY_SPACE];
};

FIXTURE_SETUP(sl)
{
	uint32_t rv;

	self->skel = skiplist__open();
	ASSERT_NE(NULL, self->skel);
	ASSERT_EQ(0, skiplist__load(self->skel)) {
		TH_LOG("cannot load skiplist: is eNetSTL.ko loaded?");
	}
	ASSERT_EQ(0, prog_run(self->skel->progs.skiplist_init, NULL, 0, &rv));
	ASSERT_EQ(2u, rv);
	memset(&self->m, 0, sizeof(self->m));
	prng_init(&self->rng, test_seed(_metadata->name));
	for (int i = 0; i < KEY_SPACE; i++)
		self->keys[i] = prng_next(&self->rng) >> 1;
}

FIXTURE_TEARDOWN(sl)
{
	skiplist__destroy(self->skel);
}

static uint32_t op(struct __test_metadata *_metadata,
		   const struct bpf_program *prog, uint64_t key, uint64_t val)
{
	struct sl_req r = { .key = key, .val = val };
	uint8_t pkt[PKT_LEN] = { [12] = 0x88, [13] = 0xb5 };
	uint32_t rv = ~0u;

	memcpy(pkt + SL_REQ_OFF, &r, sizeof(r));
	EXPECT_EQ(0, prog_run(prog, pkt, sizeof(pkt), &rv));
	return rv;
}

/* Ordered scans from key 0 must list exactly the model's keys. */
static void check_scan(struct __test_metadata *_metadata,
		       FIXTURE_DATA(sl) *self)
{
	uint64_t from = 0;
	uint32_t seen = 0;

	for (;;) {
		uint32_t n;

		ASSERT_EQ((uint32_t)SL_OK,
			  op(_metadata, self->skel->progs.skiplist_scan, from,
			     0));
		n = self->skel->bss->nr_scan;
		for (uint32_t i = 0; i < n; i++) {
			ASSERT_LT(seen, self->m.n);
			ASSERT_EQ(self->m.e[seen].key,
				  self->skel->bss->scan_keys[i]);
			seen++;
		}
		if (n < SL_SCAN_MAX)
			break;
		from = self->skel->bss->scan_keys[n - 1] + 1;
	}
	ASSERT_EQ(self->m.n, seen);
	ASSERT_EQ((uint64_t)self->m.n, self->skel->bss->nr_keys);
}

TEST_F(sl, random_ops_match_model)
{
	const struct skiplist *s = self->skel;
	uint32_t cnt[5] = {};

	for (int i = 0; i < NR_OPS; i++) {
		uint64_t key = self->keys[prng_below(&self->rng, KEY_SPACE / 2)];
		uint32_t r = prng_below(&self->rng, 100), rv, pos;

		if (r < 55) {
			uint64_t val = prng_next(&self->rng);

			rv = op(_metadata, s->progs.skiplist_insert, key, val);
			ASSERT_EQ((uint32_t)model_insert(&self->m, key, val),
				  rv);
		} else if (r < 75) {
			rv = op(_metadata, s->progs.skiplist_delete, key, 0);
			ASSERT_EQ((uint32_t)model_delete(&self->m, key), rv);
		} else {
			rv = op(_metadata, s->progs.skiplist_lookup, key, 0);
			if (model_find(&self->m, key, &pos)) {
				ASSERT_EQ((uint32_t)SL_OK, rv);
				ASSERT_EQ(self->m.e[pos].val,
					  s->bss->lookup_val);
			} else {
				ASSERT_EQ((uint32_t)SL_MISSING, rv);
			}
		}
		ASSERT_LT(rv, 4u);
		cnt[rv]++;
	}
	TH_LOG("%d ops: %u ok, %u updated, %u missing; %u keys stored",
	       NR_OPS, cnt[SL_OK], cnt[SL_UPDATED], cnt[SL_MISSING],
	       self->m.n);
	ASSERT_GT(cnt[SL_UPDATED], 0u);
	ASSERT_GT(cnt[SL_MISSING], 0u);
	check_scan(_metadata, self);
}

TEST_F(sl, full_then_empty)
{
	const struct skiplist *s = self->skel;

	for (int i = 0; i < KEY_SPACE; i++)
		ASSERT_EQ((uint32_t)model_insert(&self->m, self->keys[i], i),
			  op(_metadata, s->progs.skiplist_insert,
			     self->keys[i], i));
	ASSERT_EQ((uint32_t)SL_MAX_KEYS, self->m.n);
	check_scan(_metadata, self);
	/* Delete in random order; every node must come free (no -EBUSY). */
	for (int i = KEY_SPACE - 1; i > 0; i--) {
		int j = prng_below(&self->rng, i + 1);
		uint64_t k = self->keys[i];

		self->keys[i] = self->keys[j];
		self->keys[j] = k;
	}
	for (int i = 0; i < KEY_SPACE; i++)
		ASSERT_EQ((uint32_t)model_delete(&self->m, self->keys[i]),
			  op(_metadata, s->progs.skiplist_delete,
			     self->keys[i], 0));
	ASSERT_EQ(0u, self->m.n);
	check_scan(_metadata, self);
	/* Freed nodes are reusable. */
	ASSERT_EQ((uint32_t)SL_OK, op(_metadata, s->progs.skiplist_insert, 42,
				      7));
	ASSERT_EQ((uint32_t)SL_OK, op(_metadata, s->progs.skiplist_lookup, 42,
				      0));
	ASSERT_EQ(7u, s->bss->lookup_val);
}

TEST_HARNESS_MAIN
