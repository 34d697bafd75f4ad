// SPDX-License-Identifier: GPL-2.0
/* Native 8-row count-min sketch; layout in cms8_common.h. */
#include "nf_native.h"

static const u32 row_seed[CMS8_ROWS] = {
	0x00ec5853, 0x00ec5859, 0x00ec5861, 0x00ec587f,
	0x00ec58a7, 0x00ec58b3, 0x00ec58c7, 0x00ec58d1,
};

void nf_cms8_xxh32(struct cms8_table *t, const struct pkt_5tuple *k)
{
	int i;

	for (i = 0; i < CMS8_ROWS; i++)
		t->cnt[i][nf_xxh32_13(k, row_seed[i]) & (CMS8_COLS - 1)]++;
}

void nf_cms8_fasthash32(struct cms8_table *t, const struct pkt_5tuple *k)
{
	int i;

	for (i = 0; i < CMS8_ROWS; i++)
		t->cnt[i][nf_fasthash32_13(k, row_seed[i]) & (CMS8_COLS - 1)]++;
}
