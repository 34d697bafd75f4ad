// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the native baseline as userspace code: the same streams as
 * the guest tests, checked against the selftests' reference models, on
 * both CRC-32C paths (crc32 instruction and table).  TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nf_native.h"
#include "nf_frames.h"
#include "ref_carousel.h"
#include "ref_eiffel.h"
#include "ref_skiplist.h"
#include "../../selftests/enetstl/ref_cuckoo.h"

#define NR_FLOWS	4000
#define NR_PKTS		50000

static int tests, failed;

static void report(int ok, const char *name)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++tests, name);
	failed += !ok;
}

static struct pkt_5tuple flow[NR_FLOWS];
static uint32_t rank_[NR_PKTS];

static int test_cms8(int fasthash)
{
	static struct cms8_table model, got;
	uint8_t pkt[PKT_LEN];
	struct pkt_5tuple t;

	memset(&model, 0, sizeof(model));
	memset(&got, 0, sizeof(got));
	for (int p = 0; p < NR_PKTS; p++) {
		nf_frame_5tuple(pkt, &flow[rank_[p]]);
		if (nf_parse_5tuple(pkt, sizeof(pkt), &t) ||
		    memcmp(&t, &flow[rank_[p]], sizeof(t)))
			return 0;
		if (fasthash)
			nf_cms8_fasthash32(&got, &t);
		else
			nf_cms8_xxh32(&got, &t);
		ref_cnt32(fasthash ? REF_CNT_FASTHASH32 : REF_CNT_XXH32,
			  &flow[rank_[p]], 13, &model, sizeof(model),
			  CMS8_COL_SHIFT);
	}
	return !memcmp(&model, &got, sizeof(got));
}

static int test_switch(struct prng *rng)
{
	struct nf_switch sw = { .mask = SWITCH_BUCKETS - 1 };
	struct cuckoo_model m;
	int ok = 1;

	sw.b = calloc(SWITCH_BUCKETS, sizeof(*sw.b));
	if (!sw.b || cuckoo_model_init(&m, SWITCH_BUCKETS))
		return 0;
	/* Enough flows to need evictions and to hit CUCKOO_FULL. */
	for (int i = 0; i < 17000 && ok; i++) {
		uint64_t key[2];
		uint32_t val = prng_below(rng, SWITCH_PORTS + 4);

		prng_fill(rng, key, sizeof(key));
		ok = nf_switch_insert(&sw, key, val) ==
		     (int)cuckoo_model_insert(&m, key, val);
	}
	ok = ok && !memcmp(sw.b, m.b, SWITCH_BUCKETS * sizeof(*sw.b));
	for (int p = 0; p < NR_PKTS && ok; p++) {
		struct pkt_5tuple t;
		uint64_t key[2];
		uint32_t port, val;
		int v;

		nf_random_flow(rng, &t);
		nf_switch_key(&t, key);
		if (p % 2) {	/* half of them known, with a port */
			cuckoo_model_insert(&m, key, p % SWITCH_PORTS);
			nf_switch_insert(&sw, key, p % SWITCH_PORTS);
		}
		v = nf_switch_fwd(&sw, &t, &port);
		if (cuckoo_model_lookup(&m, key, &val) != CUCKOO_OK)
			ok = v == NF_XDP_PASS;
		else if (val >= SWITCH_PORTS)
			ok = v == NF_XDP_DROP;
		else
			ok = v == NF_XDP_TX && port == val;
	}
	free(sw.b);
	cuckoo_model_free(&m);
	return ok;
}

static int test_eiffel(struct prng *rng)
{
	struct nf_eiffel q = { 0 };
	struct eiffel_model m;
	int ok = 1;

	q.b = calloc(EIF_PRIOS, sizeof(*q.b));
	if (!q.b || eiffel_model_init(&m))
		return 0;
	for (int i = 0; i < 200000 && ok; i++) {
		uint32_t prio, mp;
		uint64_t item, mi;

		if (prng_below(rng, 100) < 55) {
			prio = prng_below(rng, 100) < 30 ?
			       64 * prng_below(rng, 3) :
			       prng_below(rng, EIF_PRIOS + 40);
			item = prng_next(rng);
			ok = nf_eiffel_enqueue(&q, prio, item) ==
			     (int)eiffel_model_enqueue(&m, prio, item);
		} else {
			int r = nf_eiffel_dequeue(&q, &prio, &item);

			ok = r == (int)eiffel_model_dequeue(&m, &mp, &mi) &&
			     (r != EIF_OK || (prio == mp && item == mi));
		}
		ok = ok && q.nr_items == m.items;
	}
	free(q.b);
	eiffel_model_free(&m);
	return ok;
}

/* NitroSketch with p = 1 is the 8-row count-min sketch. */
static int test_nitro_exact(void)
{
	static struct cms8_table model, got;
	struct nf_nitro n = { .t = &got };

	memset(&model, 0, sizeof(model));
	memset(&got, 0, sizeof(got));
	nf_nitro_init(&n, 1, 42);
	for (int p = 0; p < NR_PKTS; p++) {
		nf_nitro_update(&n, &flow[rank_[p]]);
		ref_cnt32(REF_CNT_XXH32, &flow[rank_[p]], 13, &model,
			  sizeof(model), CMS8_COL_SHIFT);
	}
	return !memcmp(&model, &got, sizeof(got)) &&
	       n.updates == (uint64_t)NR_PKTS * NITRO_ROWS;
}

/* With p = 1/8: the mean gap between updates is 8 (within 1%). */
static int test_nitro_rate(void)
{
	static struct cms8_table got;
	struct nf_nitro n = { .t = &got };

	nf_nitro_init(&n, NITRO_P_DEN, 7);
	for (int p = 0; p < 800000; p++)
		nf_nitro_update(&n, &flow[p % NR_FLOWS]);
	return n.updates > 792000 && n.updates < 808000;
}

static int test_carousel(struct prng *rng)
{
	static struct carousel_model m;
	static struct nf_carousel c;
	int ok = 1;

	c.pool = calloc(CR_TOTAL_CAP, sizeof(*c.pool));
	if (!c.pool)
		return 0;
	nf_carousel_init(&c);
	carousel_model_init(&m);
	for (uint32_t f = 0; f < CR_FLOWS; f++)
		c.flow[f].ns_per_byte = m.flow[f].ns_per_byte = 1 + f % 29;
	for (int step = 0; step < 100000 && ok; step++) {
		uint64_t now = (uint64_t)step * 300;
		int r;

		if (prng_below(rng, 100) < 70) {
			uint32_t f = prng_below(rng, 40), len = 64 + prng_below(rng, 1437);

			ok = nf_carousel_enqueue(&c, now, f, len) ==
			     (int)carousel_model_enqueue(&m, now, f, len);
		}
		do {
			r = nf_carousel_tick(&c, now);
			ok = ok && r == (int)carousel_model_tick(&m, now) &&
			     c.nr_sent == m.nr_sent &&
			     !memcmp(c.sent, m.sent, m.nr_sent * sizeof(m.sent[0]));
		} while (ok && r != CR_IDLE);
	}
	free(c.pool);
	return ok;
}

static int test_skiplist(struct prng *rng)
{
	static struct sl_model m;
	static struct nf_skiplist s;
	int ok = 1;

	s.pool = calloc(SL_MAX_KEYS, sizeof(*s.pool));
	if (!s.pool)
		return 0;
	nf_skiplist_init(&s);
	memset(&m, 0, sizeof(m));
	for (int i = 0; i < 200000 && ok; i++) {
		uint64_t key = prng_below(rng, 1500), val = prng_next(rng), got;
		uint32_t r = prng_below(rng, 100), pos;

		if (r < 55) {
			ok = nf_skiplist_insert(&s, key, val) ==
			     (int)model_insert(&m, key, val);
		} else if (r < 75) {
			ok = nf_skiplist_delete(&s, key) ==
			     (int)model_delete(&m, key);
		} else if (model_find(&m, key, &pos)) {
			ok = nf_skiplist_lookup(&s, key, &got) == SL_OK &&
			     got == m.e[pos].val;
		} else {
			ok = nf_skiplist_lookup(&s, key, &got) == SL_MISSING;
		}
		ok = ok && s.nr_keys == m.n;
	}
	free(s.pool);
	return ok;
}

int main(void)
{
	struct prng rng;
	uint8_t buf[16];
	int crc_ok = 1;

	prng_init(&rng, test_seed("nf_native_test"));
	for (int i = 0; i < NR_FLOWS; i++)
		nf_random_flow(&rng, &flow[i]);
	if (nf_zipf_stream(&rng, NR_FLOWS, 1.1, rank_, NR_PKTS))
		return 1;
	printf("TAP version 13\n1..11\n");
	for (int hw = 0; hw < 2; hw++) {
		nf_hash_init(hw && __builtin_cpu_supports("sse4.2"));
		for (int i = 0; i < 1000; i++) {
			prng_fill(&rng, buf, sizeof(buf));
			crc_ok &= nf_crc32c_16(buf, 0xffffffffu) ==
				  ref_crc32c(buf, 16, 0xffffffffu);
		}
		report(crc_ok, hw ? "crc32c, crc32 instruction" :
				    "crc32c, table");
		report(test_switch(&rng), hw ? "cuckoo switch, crc32 instruction" :
					       "cuckoo switch, table crc");
	}
	report(test_cms8(0), "count-min x8 xxh32 equals the model");
	report(test_cms8(1), "count-min x8 fasthash32 equals the model");
	report(test_eiffel(&rng), "eiffel equals the model");
	report(test_nitro_exact(), "nitrosketch p=1 equals count-min x8");
	report(test_nitro_rate(), "nitrosketch p=1/8 update rate");
	report(test_carousel(&rng), "carousel equals the model");
	report(test_skiplist(&rng), "skip list equals the model");
	printf("# %d passed, %d failed\n", tests - failed, failed);
	return failed ? 1 : 0;
}
