/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cuckoo hash programs (insert, lookup, delete), written once over
 * three primitives that the including file defines:
 *	__u32 nf_hash_key(const __u64 *key);
 *	int nf_find_key(struct cuckoo_bucket *b, const __u64 *key, __u16 sig);
 *	int nf_find_empty(struct cuckoo_bucket *b);
 * (slot index, or -1).  cuckoo_enetstl.bpf.c implements them with eNetSTL
 * kfuncs, cuckoo_ebpf.bpf.c in plain BPF.  Algorithm: cuckoo_common.h.
 */
#ifndef ENETSTL_CUCKOO_OPS_H
#define ENETSTL_CUCKOO_OPS_H

#include "cuckoo_common.h"

/* Number of buckets - 1 (a power of two); set before load. */
const volatile __u32 bucket_mask = 2047;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2048);
	__type(key, __u32);
	__type(value, struct cuckoo_bucket);
} buckets SEC(".maps");

/* Value found by the last successful cuckoo_lookup. */
__u32 lookup_val;

struct cuckoo_item {
	__u64 key[CUCKOO_KEY_SZ / 8];
	__u32 val;
	__u16 sig;
};

/*
 * Slot index for a bucket access.  The mask is kept opaque to clang: it
 * would drop it when it can prove s < CUCKOO_SLOTS from a 32-bit compare
 * the 6.1 verifier does not carry over to the 64-bit register.
 */
static __always_inline __u32 nf_slot(int s)
{
	__u32 v = s;

	asm volatile("" : "+r"(v));
	return v & (CUCKOO_SLOTS - 1);
}

static __always_inline struct cuckoo_req *nf_req(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct cuckoo_req *req = data + CUCKOO_REQ_OFF;

	return (void *)(req + 1) > end ? NULL : req;
}

static __always_inline struct cuckoo_bucket *nf_bucket(__u32 idx)
{
	return bpf_map_lookup_elem(&buckets, &idx);
}

static __always_inline void nf_put(struct cuckoo_bucket *b, int s,
				   const struct cuckoo_item *it)
{
	s = nf_slot(s);
	b->key[s][0] = it->key[0];
	b->key[s][1] = it->key[1];
	b->val[s] = it->val;
	b->sig[s] = it->sig;
}

static __always_inline void nf_swap(struct cuckoo_bucket *b, int s,
				    struct cuckoo_item *it)
{
	struct cuckoo_item old;

	s = nf_slot(s);
	old.key[0] = b->key[s][0];
	old.key[1] = b->key[s][1];
	old.val = b->val[s];
	old.sig = b->sig[s];
	nf_put(b, s, it);
	*it = old;
}

SEC("xdp")
int cuckoo_lookup(struct xdp_md *ctx)
{
	struct cuckoo_req *req = nf_req(ctx);
	struct cuckoo_bucket *b;
	__u32 h, idx;
	__u16 sig;
	int s;

	if (!req)
		return CUCKOO_BAD;
	h = nf_hash_key(req->key);
	sig = cuckoo_sig(h);
	idx = h & bucket_mask;
	b = nf_bucket(idx);
	if (!b)
		return CUCKOO_BAD;
	s = nf_find_key(b, req->key, sig);
	if (s < 0) {
		b = nf_bucket(cuckoo_alt(idx, sig, bucket_mask));
		if (!b)
			return CUCKOO_BAD;
		s = nf_find_key(b, req->key, sig);
		if (s < 0)
			return CUCKOO_MISSING;
	}
	lookup_val = b->val[nf_slot(s)];
	return CUCKOO_OK;
}

SEC("xdp")
int cuckoo_delete(struct xdp_md *ctx)
{
	struct cuckoo_req *req = nf_req(ctx);
	struct cuckoo_item empty = {};
	struct cuckoo_bucket *b;
	__u32 h, idx;
	__u16 sig;
	int s;

	if (!req)
		return CUCKOO_BAD;
	h = nf_hash_key(req->key);
	sig = cuckoo_sig(h);
	idx = h & bucket_mask;
	b = nf_bucket(idx);
	if (!b)
		return CUCKOO_BAD;
	s = nf_find_key(b, req->key, sig);
	if (s < 0) {
		b = nf_bucket(cuckoo_alt(idx, sig, bucket_mask));
		if (!b)
			return CUCKOO_BAD;
		s = nf_find_key(b, req->key, sig);
		if (s < 0)
			return CUCKOO_MISSING;
	}
	/* Clear the whole slot so the table compares equal to the model. */
	nf_put(b, s, &empty);
	return CUCKOO_OK;
}

SEC("xdp")
int cuckoo_insert(struct xdp_md *ctx)
{
	struct cuckoo_req *req = nf_req(ctx);
	__u32 path[CUCKOO_MAX_KICKS];
	struct cuckoo_bucket *b1, *b2, *b;
	struct cuckoo_item cur;
	__u32 h, i1, i2, idx;
	int s, i;

	if (!req)
		return CUCKOO_BAD;
	cur.key[0] = req->key[0];
	cur.key[1] = req->key[1];
	cur.val = req->val;
	h = nf_hash_key(cur.key);
	cur.sig = cuckoo_sig(h);
	i1 = h & bucket_mask;
	i2 = cuckoo_alt(i1, cur.sig, bucket_mask);
	b1 = nf_bucket(i1);
	b2 = nf_bucket(i2);
	if (!b1 || !b2)
		return CUCKOO_BAD;

	s = nf_find_key(b1, cur.key, cur.sig);
	if (s >= 0) {
		b1->val[nf_slot(s)] = cur.val;
		return CUCKOO_UPDATED;
	}
	s = nf_find_key(b2, cur.key, cur.sig);
	if (s >= 0) {
		b2->val[nf_slot(s)] = cur.val;
		return CUCKOO_UPDATED;
	}
	s = nf_find_empty(b1);
	if (s >= 0) {
		nf_put(b1, s, &cur);
		return CUCKOO_OK;
	}
	s = nf_find_empty(b2);
	if (s >= 0) {
		nf_put(b2, s, &cur);
		return CUCKOO_OK;
	}

	/* Both full: carry an entry along an eviction chain. */
	idx = i1;
	for (i = 0; i < CUCKOO_MAX_KICKS; i++) {
		b = nf_bucket(idx);
		if (!b)
			return CUCKOO_BAD;
		s = (cur.sig + i) & (CUCKOO_SLOTS - 1);
		nf_swap(b, s, &cur);
		path[i] = idx << 3 | s;
		idx = cuckoo_alt(idx, cur.sig, bucket_mask);
		b = nf_bucket(idx);
		if (!b)
			return CUCKOO_BAD;
		s = nf_find_empty(b);
		if (s >= 0) {
			nf_put(b, s, &cur);
			return CUCKOO_OK;
		}
	}
	/* No chain found: undo every swap, newest first. */
	for (i = CUCKOO_MAX_KICKS - 1; i >= 0; i--) {
		b = nf_bucket(path[i] >> 3);
		if (!b)
			return CUCKOO_BAD;
		nf_swap(b, path[i] & 7, &cur);
	}
	return CUCKOO_FULL;
}

#endif
