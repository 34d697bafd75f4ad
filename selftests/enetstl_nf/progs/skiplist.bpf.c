// SPDX-License-Identifier: GPL-2.0
/*
 * Skip-list key-value store on the eNetSTL memory wrapper; semantics, and
 * why pure eBPF cannot express it, in skiplist_common.h.  The container is
 * a referenced kptr in a map, created by skiplist_init; each program takes
 * a reference for its run.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "enetstl.h"
#include "skiplist_common.h"

#define ENOENT	2
#define ENOSPC	28
#define SL_HEAD	0

struct mem_slot {
	struct enetstl_mem __enetstl_kptr *c;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mem_slot);
} store SEC(".maps");

__u64 lookup_val;
__u64 scan_keys[SL_SCAN_MAX];
__u32 nr_scan;
__u64 nr_keys;

static __always_inline struct sl_req *sl_req(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct sl_req *req = data + SL_REQ_OFF;

	return (void *)(req + 1) > end ? NULL : req;
}

static __always_inline struct enetstl_mem *sl_get(void)
{
	struct mem_slot *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&store, &zero);
	return s ? bpf_mem_container_kptr_get(&s->c) : NULL;
}

/* Key of node idx, or ~0 for a node that cannot be read. */
static __always_inline __u64 sl_key(struct enetstl_mem *c, int idx)
{
	struct sl_node *n = bpf_mem_node_get(c, idx, sizeof(*n));

	return n ? n->key : ~0ull;
}

/* The key is the node's first field: what the walks compare. */
#define SL_KEY_OFF	0
_Static_assert(__builtin_offsetof(struct sl_node, key) == SL_KEY_OFF,
	       "sl_node key offset");

/*
 * Search in one kfunc call: upd[l] = the last node at level l whose key is
 * < key.  Returns the node after upd[0] (the candidate), -ENOENT if none,
 * another negative errno when the search failed (ENETSTL_MEM_WALK_MAX_HOPS
 * links followed without getting there: not reached with p = 1/2 levels).
 */
static __always_inline int sl_search(struct enetstl_mem *c, __u64 key,
				     __u32 upd[SL_LEVELS])
{
	upd[SL_LEVELS - 1] = SL_HEAD;
	return bpf_mem_node_descend(c, key, upd, SL_LEVELS * sizeof(__u32),
				    SL_KEY_OFF);
}

static __always_inline int sl_failed(int x)
{
	return x < 0 && x != -ENOENT;
}

SEC("xdp")
int skiplist_init(struct xdp_md *ctx)
{
	struct enetstl_mem *c, *old;
	struct mem_slot *s;
	__u32 zero = 0;
	int head;

	s = bpf_map_lookup_elem(&store, &zero);
	if (!s)
		return XDP_ABORTED;
	/* One more node than keys: the head. */
	c = bpf_mem_container_new(sizeof(struct sl_node), SL_MAX_KEYS + 1,
				  SL_LEVELS);
	if (!c)
		return XDP_ABORTED;
	head = bpf_mem_node_alloc(c);
	if (head != SL_HEAD) {
		bpf_mem_container_release(c);
		return XDP_ABORTED;
	}
	old = bpf_kptr_xchg(&s->c, c);
	if (old)
		bpf_mem_container_release(old);
	nr_keys = 0;
	return XDP_PASS;
}

/*
 * The per-packet path: one call, on the container in place in its map
 * value (bpf_mem_kptr_find: no reference taken), searches and copies the
 * value straight into lookup_val (left alone on a miss).
 */
SEC("xdp")
int skiplist_lookup(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	struct sl_req *req = data + SL_REQ_OFF;
	struct enetstl_mem_find_req f;
	struct mem_slot *s;
	__u32 zero = 0;
	int x;

	if ((void *)(req + 1) > (void *)(long)ctx->data_end)
		return SL_BAD;
	s = bpf_map_lookup_elem(&store, &zero);
	if (!s)
		return SL_BAD;
	f.key = req->key;
	f.start = SL_HEAD;
	f.levels = SL_LEVELS;
	f.key_off = SL_KEY_OFF;
	f.val_off = __builtin_offsetof(struct sl_node, val);
	x = bpf_mem_kptr_find(&s->c, &f, sizeof(f), &lookup_val,
			      sizeof(lookup_val));
	if (x >= 0)
		return SL_OK;
	return x == -ENOENT ? SL_MISSING : SL_BAD;
}

SEC("xdp")
int skiplist_insert(struct xdp_md *ctx)
{
	struct sl_req *req = sl_req(ctx);
	__u32 upd[SL_LEVELS] = {}, lvl, l;
	struct enetstl_mem *c;
	struct sl_node *n;
	int x, nx, ret = SL_OK;

	if (!req)
		return SL_BAD;
	c = sl_get();
	if (!c)
		return SL_BAD;
	x = sl_search(c, req->key, upd);
	if (sl_failed(x)) {
		ret = SL_BAD;
		goto out;
	}
	if (x >= 0) {
		n = bpf_mem_node_get(c, x, sizeof(*n));
		if (n && n->key == req->key) {
			n->val = req->val;
			ret = SL_UPDATED;
			goto out;
		}
	}
	x = bpf_mem_node_alloc(c);
	if (x < 0) {
		ret = x == -ENOSPC ? SL_FULL : SL_BAD;
		goto out;
	}
	n = bpf_mem_node_get(c, x, sizeof(*n));
	if (!n) {
		ret = SL_BAD;
		goto out;
	}
	n->key = req->key;
	n->val = req->val;
	lvl = sl_level(req->key);
	for (l = 0; l < SL_LEVELS && l < lvl; l++) {
		nx = bpf_mem_node_next(c, upd[l], l);
		if (nx >= 0)
			bpf_mem_node_connect(c, x, l, nx);
		bpf_mem_node_connect(c, upd[l], l, x);
	}
	nr_keys++;
out:
	bpf_mem_container_release(c);
	return ret;
}

SEC("xdp")
int skiplist_delete(struct xdp_md *ctx)
{
	struct sl_req *req = sl_req(ctx);
	__u32 upd[SL_LEVELS] = {}, l;
	struct enetstl_mem *c;
	int x, nx, ret = SL_OK;

	if (!req)
		return SL_BAD;
	c = sl_get();
	if (!c)
		return SL_BAD;
	x = sl_search(c, req->key, upd);
	if (sl_failed(x)) {
		ret = SL_BAD;
		goto out;
	}
	if (x < 0 || sl_key(c, x) != req->key) {
		ret = SL_MISSING;
		goto out;
	}
	/* Unlink x wherever a predecessor points to it, then free it. */
	for (l = 0; l < SL_LEVELS; l++) {
		if (bpf_mem_node_next(c, upd[l], l) != x)
			break;
		nx = bpf_mem_node_next(c, x, l);
		if (nx >= 0)
			bpf_mem_node_connect(c, upd[l], l, nx);
		else
			bpf_mem_node_disconnect(c, upd[l], l);
	}
	/* -EBUSY here would mean a link was missed: report it. */
	if (bpf_mem_node_free(c, x))
		ret = SL_BAD;
	else
		nr_keys--;
out:
	bpf_mem_container_release(c);
	return ret;
}

SEC("xdp")
int skiplist_scan(struct xdp_md *ctx)
{
	struct sl_req *req = sl_req(ctx);
	__u32 upd[SL_LEVELS] = {}, n = 0;
	struct enetstl_mem *c;
	int x, i;

	nr_scan = 0;
	if (!req)
		return SL_BAD;
	c = sl_get();
	if (!c)
		return SL_BAD;
	x = sl_search(c, req->key, upd);
	for (i = 0; i < SL_SCAN_MAX && x >= 0; i++) {
		scan_keys[i] = sl_key(c, x);
		n++;
		x = bpf_mem_node_next(c, x, 0);
	}
	bpf_mem_container_release(c);
	nr_scan = n;
	return sl_failed(x) ? SL_BAD : SL_OK;
}

char LICENSE[] SEC("license") = "GPL";
