// SPDX-License-Identifier: GPL-2.0
/*
 * The native column of the real-CPU table: ns per packet of each native
 * network function on the host CPU, on the same kind of frames as the
 * guest benchmark (8 frames cycled, per-packet path including the parse),
 * median of 7 trials.  One line per NF: "native-host <nf> <ns/packet>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nf_native.h"
#include "nf_frames.h"

#define NPKT		8
#define TRIALS		7
#define SWITCH_FLOWS	6000
#define EIF_PREFILL	1000

static uint8_t cms_pkts[NPKT][PKT_LEN], hit[NPKT][PKT_LEN];
static uint8_t miss[NPKT][PKT_LEN], eif[NPKT][PKT_LEN];
static struct cms8_table cms;
static struct nf_switch sw = { .mask = SWITCH_BUCKETS - 1 };
static struct nf_eiffel q;
static struct cms8_table nit_tab;
static struct nf_nitro nit = { .t = &nit_tab };
static struct nf_carousel cr;
static struct nf_skiplist sl;
static uint8_t crp[NPKT][PKT_LEN], slp[NPKT][PKT_LEN];
static volatile u32 sink;

enum nf { CMS_XXH, CMS_FH, SW_HIT, SW_MISS, EIF, NITRO, CR, SL };

static void run_pkt(enum nf nf, const uint8_t *pkt)
{
	struct pkt_5tuple t;
	const struct eif_req *r;
	u32 port, prio;
	u64 item;

	if (nf == CR) {
		const struct cr_req *c = (const struct cr_req *)(pkt + CR_REQ_OFF);

		if (nf_carousel_enqueue(&cr, c->now, c->flow, c->len) == CR_QUEUED)
			sink = nf_carousel_tick(&cr, cr.start);
		return;
	}
	if (nf == SL) {
		const struct sl_req *r = (const struct sl_req *)(pkt + SL_REQ_OFF);

		sink = nf_skiplist_lookup(&sl, r->key, &item);
		return;
	}
	if (nf == EIF) {
		r = (const struct eif_req *)(pkt + EIF_REQ_OFF);
		if (nf_eiffel_enqueue(&q, r->prio, r->item) == EIF_OK &&
		    nf_eiffel_dequeue(&q, &prio, &item) == EIF_OK)
			sink = prio;
		return;
	}
	if (nf_parse_5tuple(pkt, PKT_LEN, &t))
		return;
	if (nf == NITRO)
		nf_nitro_update(&nit, &t);
	else if (nf == CMS_XXH)
		nf_cms8_xxh32(&cms, &t);
	else if (nf == CMS_FH)
		nf_cms8_fasthash32(&cms, &t);
	else
		sink = nf_switch_fwd(&sw, &t, &port);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double bench(enum nf nf, uint8_t (*pkts)[PKT_LEN], uint32_t reps)
{
	double t[TRIALS];

	for (int k = 0; k < TRIALS; k++) {
		double t0 = now_ns();

		for (uint32_t r = 0; r < reps; r++)
			for (int p = 0; p < NPKT; p++)
				run_pkt(nf, pkts[p]);
		t[k] = (now_ns() - t0) / ((double)reps * NPKT);
	}
	qsort(t, TRIALS, sizeof(t[0]), cmp_dbl);
	return t[TRIALS / 2];
}

int main(int argc, char **argv)
{
	uint32_t reps = argc > 1 ? strtoul(argv[1], NULL, 0) : 200000;
	struct prng rng;

	prng_init(&rng, test_seed("nf_native_bench"));
	nf_hash_init(__builtin_cpu_supports("sse4.2"));
	sw.b = calloc(SWITCH_BUCKETS, sizeof(*sw.b));
	q.b = calloc(EIF_PRIOS, sizeof(*q.b));
	cr.pool = calloc(CR_TOTAL_CAP, sizeof(*cr.pool));
	sl.pool = calloc(SL_MAX_KEYS, sizeof(*sl.pool));
	if (!sw.b || !q.b || !cr.pool || !sl.pool)
		return 1;
	nf_nitro_init(&nit, NITRO_P_DEN, 1);
	nf_carousel_init(&cr);
	nf_skiplist_init(&sl);
	for (int f = 0; f < CR_FLOWS; f++)
		cr.flow[f].ns_per_byte = 1;
	for (int i = 0; i < NPKT; i++) {
		struct cr_req c = { .now = 0, .flow = i, .len = 64 };

		memcpy(crp[i] + CR_REQ_OFF, &c, sizeof(c));
	}
	for (int i = 0; i < 1000; i++) {
		struct sl_req r = { .key = prng_next(&rng) >> 1, .val = i };

		nf_skiplist_insert(&sl, r.key, r.val);
		if (i < NPKT)
			memcpy(slp[i] + SL_REQ_OFF, &r, sizeof(r));
	}
	for (int i = 0; i < NPKT; i++) {
		struct pkt_5tuple t;

		nf_random_flow(&rng, &t);
		nf_frame_5tuple(cms_pkts[i], &t);
		nf_random_flow(&rng, &t);
		nf_frame_5tuple(miss[i], &t);
		nf_frame_eiffel(eif[i], prng_below(&rng, EIF_PRIOS / 2),
				prng_next(&rng));
	}
	for (int i = 0; i < SWITCH_FLOWS; i++) {
		struct pkt_5tuple t;
		uint64_t key[2];

		nf_random_flow(&rng, &t);
		nf_switch_key(&t, key);
		nf_switch_insert(&sw, key, prng_below(&rng, SWITCH_PORTS));
		if (i < NPKT)
			nf_frame_5tuple(hit[i], &t);
	}
	/* Upper half prefilled: each measured packet is the minimum. */
	for (int i = 0; i < EIF_PREFILL; i++)
		nf_eiffel_enqueue(&q, EIF_PRIOS / 2 +
				  prng_below(&rng, EIF_PRIOS / 2),
				  prng_next(&rng));

	printf("# native baseline on the host CPU (userspace build), ns/packet, median of %d\n",
	       TRIALS);
	printf("native-host count-min-x8-xxh32 %.2f\n", bench(CMS_XXH, cms_pkts, reps));
	printf("native-host count-min-x8-fasthash32 %.2f\n", bench(CMS_FH, cms_pkts, reps));
	printf("native-host cuckoo-switch-hit %.2f\n", bench(SW_HIT, hit, reps));
	printf("native-host cuckoo-switch-miss %.2f\n", bench(SW_MISS, miss, reps));
	printf("native-host eiffel-enq-deq %.2f\n", bench(EIF, eif, reps));
	printf("native-host nitrosketch-x8-p8 %.2f\n", bench(NITRO, cms_pkts, reps));
	printf("native-host carousel-enq-tick %.2f\n", bench(CR, crp, reps));
	printf("native-host skiplist-lookup-1000 %.2f\n", bench(SL, slp, reps));
	free(sw.b);
	free(q.b);
	free(cr.pool);
	free(sl.pool);
	return 0;
}
