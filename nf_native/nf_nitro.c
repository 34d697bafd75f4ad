// SPDX-License-Identifier: GPL-2.0
/* Native NitroSketch; see nf_native.h and nitro_common.h. */
#include "nf_native.h"

static const u32 row_seed[NITRO_ROWS] = {
	0x00ec5853, 0x00ec5859, 0x00ec5861, 0x00ec587f,
	0x00ec58a7, 0x00ec58b3, 0x00ec58c7, 0x00ec58d1,
};

static inline u32 nitro_rand(struct nf_nitro *n)
{
	n->rng ^= n->rng >> 12;
	n->rng ^= n->rng << 25;
	n->rng ^= n->rng >> 27;
	return (u32)((n->rng * 0x2545F4914F6CDD1Dull) >> 32);
}

/* U's octave and the next NF_NITRO_SUB_BITS bits (U = 0 goes with 1). */
static inline u32 nitro_bucket(u32 u)
{
	u32 z = __builtin_clz(u | 1);

	return ((31 - z) << NF_NITRO_SUB_BITS) |
	       (((u | 1) << z) >> (31 - NF_NITRO_SUB_BITS) &
		((1U << NF_NITRO_SUB_BITS) - 1));
}

/* The largest U of u's bucket (init only). */
static u64 nitro_bucket_end(u64 u)
{
	u32 oct = 31 - __builtin_clz((u32)u | 1);
	u64 w = oct > NF_NITRO_SUB_BITS ? 1ull << (oct - NF_NITRO_SUB_BITS) : 1;

	return (u & ~(w - 1)) + w - 1;
}

/* Thresholds above u: thr[] falls, so the first k with u >= thr[k]. */
static u32 nitro_above(const struct nf_nitro *n, u32 u)
{
	u32 k = 0;

	while (u < n->thr[k])
		k++;
	return k;
}

/*
 * G >= 1 with P(G > k) = (1 - p)^k: count the thresholds above U,
 * starting the count where U's bucket starts (a lower bound).
 */
static inline u32 nitro_geo(struct nf_nitro *n)
{
	u32 g = 1, k;

	for (;;) {
		u32 u = nitro_rand(n);

		k = n->start[nitro_bucket(u)];
		/* Without a branch: a bucket spans about one step at most. */
		k += u < n->thr[k];
		while (u < n->thr[k])
			k++;
		g += k;
		if (k < NF_NITRO_THR)
			return g;
		/* Past the table: memoryless, so draw again from here. */
	}
}

void nf_nitro_init(struct nf_nitro *n, u32 p_den, u64 seed)
{
	u64 t = 1ull << 32, u;
	int k;

	n->p_den = p_den;
	n->rng = seed | 1;
	n->updates = 0;
	for (k = 0; k < NF_NITRO_THR; k++) {
		t = t * (p_den - 1) / p_den;
		n->thr[k] = (u32)t;
	}
	n->thr[NF_NITRO_THR] = 0;
	/* A bucket's count is least at its largest U. */
	for (k = 0; k < 32 << NF_NITRO_SUB_BITS; k++)
		n->start[k] = NF_NITRO_THR;
	for (u = 0; u < 1ull << 32; u = nitro_bucket_end(u) + 1) {
		u8 *st = &n->start[nitro_bucket((u32)u)];
		u32 a = nitro_above(n, (u32)nitro_bucket_end(u));

		*st = a < *st ? a : *st;
	}
	n->next_row = nitro_geo(n) - 1;
}

void nf_nitro_update(struct nf_nitro *n, const struct pkt_5tuple *k)
{
	u32 row = n->next_row;

	while (row < NITRO_ROWS) {
		n->t->cnt[row][nf_xxh32_13(k, row_seed[row]) &
			       (CMS8_COLS - 1)] += n->p_den;
		n->updates++;
		row += nitro_geo(n);
	}
	n->next_row = row - NITRO_ROWS;
}
