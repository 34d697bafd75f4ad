/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Eiffel programs, written once over one primitive that the including
 * file defines (after eiffel_common.h):
 *	long nf_bitmap_min(const struct eif_bitmap *bm);
 * the lowest queued priority, or EIF_MIN_EMPTY when top == 0, or
 * EIF_MIN_BAD when top names an empty word (a bug).  eiffel_enetstl.bpf.c
 * makes it one bpf_bitmap2_ffs call, eiffel_ebpf.bpf.c two branchy binary
 * searches in plain BPF (6.1 has no bit-scan instruction).
 * Semantics: eiffel_common.h.
 */
#ifndef ENETSTL_NF_EIFFEL_OPS_H
#define ENETSTL_NF_EIFFEL_OPS_H

#include "eiffel_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, EIF_PRIOS);
	__type(key, __u32);
	__type(value, struct eif_bucket);
} buckets SEC(".maps");

struct eif_bitmap bitmap;
__u64 nr_items;
/* What the last successful dequeue removed. */
__u32 deq_prio;
__u64 deq_item;

static __always_inline struct eif_req *eif_req(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct eif_req *req = data + EIF_REQ_OFF;

	return (void *)(req + 1) > end ? NULL : req;
}

static __always_inline int eif_enqueue(__u32 prio, __u64 item)
{
	struct eif_bucket *b;
	__u32 w;

	if (prio >= EIF_PRIOS)
		return EIF_BAD;
	b = bpf_map_lookup_elem(&buckets, &prio);
	if (!b)
		return EIF_BAD;
	if (b->count >= EIF_CAP)
		return EIF_FULL;
	b->item[(b->head + b->count) & (EIF_CAP - 1)] = item;
	b->count++;
	w = prio / 64;
	bitmap.word[w & (EIF_WORDS - 1)] |= 1ull << (prio & 63);
	bitmap.top |= 1ull << w;
	nr_items++;
	return EIF_OK;
}

static __always_inline int eif_dequeue(void)
{
	struct eif_bucket *b;
	__u32 w, bit, prio;
	__u64 word;
	long min;

	min = nf_bitmap_min(&bitmap);
	if (min < 0)
		return min == EIF_MIN_EMPTY ? EIF_EMPTY : EIF_BAD;
	prio = (__u32)min;
	w = (prio / 64) & (EIF_WORDS - 1);
	bit = prio & 63;
	b = bpf_map_lookup_elem(&buckets, &prio);
	if (!b || !b->count)
		return EIF_BAD;
	deq_item = b->item[b->head & (EIF_CAP - 1)];
	deq_prio = prio;
	b->head = (b->head + 1) & (EIF_CAP - 1);
	b->count--;
	nr_items--;
	if (!b->count) {
		word = bitmap.word[w] & ~(1ull << bit);
		bitmap.word[w] = word;
		if (!word)
			bitmap.top &= ~(1ull << w);
	}
	return EIF_OK;
}

SEC("xdp")
int eiffel_enqueue(struct xdp_md *ctx)
{
	struct eif_req *req = eif_req(ctx);

	return req ? eif_enqueue(req->prio, req->item) : EIF_BAD;
}

SEC("xdp")
int eiffel_dequeue(struct xdp_md *ctx)
{
	return eif_dequeue();
}

/*
 * One packet in, the most urgent one out: the steady state of a scheduler,
 * and a program that can run repeatedly on one frame for the benchmark.
 */
SEC("xdp")
int eiffel_enq_deq(struct xdp_md *ctx)
{
	struct eif_req *req = eif_req(ctx);
	int err;

	if (!req)
		return EIF_BAD;
	err = eif_enqueue(req->prio, req->item);
	if (err != EIF_OK)
		return err;
	return eif_dequeue();
}

#endif
