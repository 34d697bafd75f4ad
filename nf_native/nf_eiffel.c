// SPDX-License-Identifier: GPL-2.0
/*
 * Native Eiffel priority queue; semantics in eiffel_common.h.  The compiler
 * builtin gives find-first-set in one instruction (bsf/tzcnt).
 */
#include "nf_native.h"

int nf_eiffel_enqueue(struct nf_eiffel *q, u32 prio, u64 item)
{
	struct eif_bucket *b;

	if (prio >= EIF_PRIOS)
		return EIF_BAD;
	b = &q->b[prio];
	if (b->count >= EIF_CAP)
		return EIF_FULL;
	b->item[(b->head + b->count) & (EIF_CAP - 1)] = item;
	b->count++;
	q->bm.word[prio / 64] |= 1ull << (prio & 63);
	q->bm.top |= 1ull << (prio / 64);
	q->nr_items++;
	return EIF_OK;
}

int nf_eiffel_dequeue(struct nf_eiffel *q, u32 *prio, u64 *item)
{
	struct eif_bucket *b;
	u32 w, bit;

	if (!q->bm.top)
		return EIF_EMPTY;
	w = __builtin_ctzll(q->bm.top);
	bit = __builtin_ctzll(q->bm.word[w]);
	*prio = w * 64 + bit;
	b = &q->b[*prio];
	*item = b->item[b->head];
	b->head = (b->head + 1) & (EIF_CAP - 1);
	b->count--;
	q->nr_items--;
	if (!b->count) {
		q->bm.word[w] &= ~(1ull << bit);
		if (!q->bm.word[w])
			q->bm.top &= ~(1ull << w);
	}
	return EIF_OK;
}
