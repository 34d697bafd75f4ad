// SPDX-License-Identifier: GPL-2.0
/*
 * Cuckoo hash, eNetSTL build and plain eBPF build (one fixture variant
 * each), driven packet by packet through BPF_PROG_TEST_RUN and checked
 * against the userspace model in ref_cuckoo.c: every return code, every
 * looked-up value, and the whole bucket array byte for byte.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "nf_cuckoo.h"
#include "prog_run.h"
#include "ref_cuckoo.h"
#include "ref_hash.h"

#define NR_KEYS 10000

FIXTURE(cuckoo) {
	struct cuckoo_nf nf;
	struct cuckoo_model m;
	struct prng rng;
	struct cuckoo_bucket *got;
	uint64_t (*keys)[2];
	uint32_t *vals;
};

FIXTURE_VARIANT(cuckoo) {
	bool enetstl;
};

FIXTURE_VARIANT_ADD(cuckoo, enetstl) {
	.enetstl = true,
};

FIXTURE_VARIANT_ADD(cuckoo, ebpf) {
	.enetstl = false,
};

FIXTURE_SETUP(cuckoo)
{
	prng_init(&self->rng, test_seed(_metadata->name));
	self->keys = calloc(NR_KEYS, sizeof(*self->keys));
	self->vals = calloc(NR_KEYS, sizeof(*self->vals));
	ASSERT_NE(NULL, self->keys);
	ASSERT_NE(NULL, self->vals);
	for (int i = 0; i < NR_KEYS; i++) {
		prng_fill(&self->rng, self->keys[i], sizeof(self->keys[i]));
		self->vals[i] = (uint32_t)prng_next(&self->rng);
	}
}

FIXTURE_TEARDOWN(cuckoo)
{
	cuckoo_nf_close(&self->nf);
	cuckoo_model_free(&self->m);
	free(self->got);
	free(self->keys);
	free(self->vals);
}

static void open_nf(struct __test_metadata *_metadata,
		    FIXTURE_DATA(cuckoo) *self, bool enetstl, uint32_t nb)
{
	ASSERT_EQ(0, cuckoo_nf_open(&self->nf, enetstl, nb)) {
		TH_LOG("cannot load the cuckoo programs: is eNetSTL.ko loaded?");
	}
	ASSERT_EQ(0, cuckoo_model_init(&self->m, nb));
	self->got = calloc(nb, sizeof(*self->got));
	ASSERT_NE(NULL, self->got);
}

static void check_table(struct __test_metadata *_metadata,
			FIXTURE_DATA(cuckoo) *self)
{
	ASSERT_EQ(0, cuckoo_nf_read(&self->nf, self->got));
	for (uint32_t i = 0; i < self->nf.nbuckets; i++) {
		ASSERT_EQ(0, memcmp(&self->m.b[i], &self->got[i],
				    sizeof(self->got[i]))) {
			TH_LOG("%s: bucket %u differs from the model",
			       self->nf.name, i);
		}
	}
}

static int insert(struct __test_metadata *_metadata,
		  FIXTURE_DATA(cuckoo) *self, const uint64_t key[2],
		  uint32_t val)
{
	int want = cuckoo_model_insert(&self->m, key, val);
	int got = cuckoo_nf_run(&self->nf, self->nf.insert, key, val);

	ASSERT_EQ(want, got) {
		TH_LOG("%s: with %lu entries", self->nf.name, self->m.entries);
	}
	return got;
}

static void lookup(struct __test_metadata *_metadata,
		   FIXTURE_DATA(cuckoo) *self, const uint64_t key[2])
{
	uint32_t want_val = 0;
	int want = cuckoo_model_lookup(&self->m, key, &want_val);

	*self->nf.lookup_val = ~want_val;
	ASSERT_EQ(want, cuckoo_nf_run(&self->nf, self->nf.lookup, key, 0));
	if (want == CUCKOO_OK)
		ASSERT_EQ(want_val, *self->nf.lookup_val);
}

static void del(struct __test_metadata *_metadata,
		FIXTURE_DATA(cuckoo) *self, const uint64_t key[2])
{
	int want = cuckoo_model_delete(&self->m, key);

	ASSERT_EQ(want, cuckoo_nf_run(&self->nf, self->nf.del, key, 0));
}

TEST_F(cuckoo, insert_lookup_delete_10000)
{
	uint64_t absent[2];

	open_nf(_metadata, self, variant->enetstl, 2048);
	for (int i = 0; i < NR_KEYS; i++)
		ASSERT_EQ(CUCKOO_OK, insert(_metadata, self, self->keys[i],
					    self->vals[i]));
	check_table(_metadata, self);
	TH_LOG("%s: %lu keys in %u slots (load %.2f), %lu inserts displaced entries, longest chain %u",
	       self->nf.name, self->m.entries, 2048 * CUCKOO_SLOTS,
	       self->m.entries / (2048.0 * CUCKOO_SLOTS),
	       self->m.kicked_inserts, self->m.longest_chain);
	ASSERT_GT(self->m.kicked_inserts, 0ul);

	for (int i = 0; i < NR_KEYS; i++) {
		uint32_t v = 0;

		ASSERT_EQ(CUCKOO_OK, (int)cuckoo_model_lookup(&self->m,
							      self->keys[i],
							      &v));
		ASSERT_EQ(self->vals[i], v);
		lookup(_metadata, self, self->keys[i]);
	}
	for (int i = 0; i < 2000; i++) {
		prng_fill(&self->rng, absent, sizeof(absent));
		lookup(_metadata, self, absent);
	}

	/* Delete every other key, twice: the second time finds nothing. */
	for (int i = 0; i < NR_KEYS; i += 2) {
		del(_metadata, self, self->keys[i]);
		ASSERT_EQ(CUCKOO_MISSING,
			  cuckoo_nf_run(&self->nf, self->nf.del,
					self->keys[i], 0));
	}
	ASSERT_EQ(NR_KEYS / 2, (int)self->m.entries);
	for (int i = 0; i < NR_KEYS; i++)
		lookup(_metadata, self, self->keys[i]);
	check_table(_metadata, self);

	/* Re-insert the deleted half, overwrite the other half. */
	for (int i = 0; i < NR_KEYS; i++)
		ASSERT_EQ(i & 1 ? CUCKOO_UPDATED : CUCKOO_OK,
			  insert(_metadata, self, self->keys[i], ~self->vals[i]));
	for (int i = 0; i < NR_KEYS; i++) {
		lookup(_metadata, self, self->keys[i]);
		ASSERT_EQ(~self->vals[i], *self->nf.lookup_val);
	}
	check_table(_metadata, self);
}

/* Past the first failed insert: failures leave the table unchanged. */
TEST_F(cuckoo, displacement_to_first_failure)
{
	const uint32_t nb = 256, slots = nb * CUCKOO_SLOTS;
	int i, first_full = -1, fulls = 0;

	open_nf(_metadata, self, variant->enetstl, nb);
	for (i = 0; i < NR_KEYS && fulls < 50; i++) {
		if (insert(_metadata, self, self->keys[i], self->vals[i]) ==
		    CUCKOO_FULL) {
			if (first_full < 0) {
				first_full = i;
				TH_LOG("%s: first insert failure at load %.3f",
				       self->nf.name,
				       (double)self->m.entries / slots);
				check_table(_metadata, self);
			}
			fulls++;
		}
	}
	TH_LOG("%s: after %d inserts (%d failed): load %.3f, %lu displaced, longest chain %u",
	       self->nf.name, i, fulls, (double)self->m.entries / slots,
	       self->m.kicked_inserts, self->m.longest_chain);
	ASSERT_GE(first_full, 0);
	ASSERT_GT(self->m.kicked_inserts, 0ul);
	ASSERT_GT(self->m.longest_chain, 1u);
	/* 8-slot buckets with 2 choices reach well past 90 % load. */
	ASSERT_GT(self->m.entries, (unsigned long)slots * 9 / 10);
	check_table(_metadata, self);
	for (int k = 0; k < i; k++)
		lookup(_metadata, self, self->keys[k]);
}

/* A table with every slot used rejects every new key and keeps its data. */
TEST_F(cuckoo, truly_full_table_rejects_inserts)
{
	const uint32_t nb = 4, slots = nb * CUCKOO_SLOTS;
	struct cuckoo_bucket before[4];
	int i;

	open_nf(_metadata, self, variant->enetstl, nb);
	for (i = 0; i < NR_KEYS && self->m.entries < slots; i++)
		insert(_metadata, self, self->keys[i], self->vals[i]);
	TH_LOG("%s: all %u slots used after %d attempts", self->nf.name,
	       slots, i);
	ASSERT_EQ(slots, (uint32_t)self->m.entries);
	check_table(_metadata, self);
	memcpy(before, self->m.b, sizeof(before));

	for (int k = i; k < i + 300; k++)
		ASSERT_EQ(CUCKOO_FULL,
			  insert(_metadata, self, self->keys[k], 1));
	ASSERT_EQ(0, memcmp(before, self->m.b, sizeof(before)));
	check_table(_metadata, self);

	/* Updates still work; one delete makes room for exactly one key. */
	for (int k = 0; k < i; k++)
		insert(_metadata, self, self->keys[k], k);
	del(_metadata, self, self->keys[0]);
	for (int k = i; self->m.entries < slots; k++)
		insert(_metadata, self, self->keys[k], 2);
	check_table(_metadata, self);
	for (int k = 0; k < i; k++)
		lookup(_metadata, self, self->keys[k]);
}

TEST_HARNESS_MAIN
