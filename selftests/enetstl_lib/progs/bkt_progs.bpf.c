// SPDX-License-Identifier: GPL-2.0
/*
 * List buckets driven in batches: userspace fills cmds[], bkt_run executes
 * them in order on the map's bpf_bkt_list (borrowed with kptr_get) and
 * records each result and popped element.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "enetstl.h"
#include "lib_progs.h"

struct bkt_val {
	struct bpf_bkt_list __enetstl_kptr *l;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bkt_val);
} bkt_map SEC(".maps");

__u32 in_slots, in_elem_size, in_capacity;
/* bkt_create: 1 makes a per-CPU object (bpf_bktlist_new_percpu) */
__u32 in_percpu;
__u32 n_cmds;
struct bkt_cmd cmds[BKT_MAX_OPS];
__s32 res[BKT_MAX_OPS];
__u8 popped[BKT_MAX_OPS][BKT_BUF_SZ];
__s64 out_ret;
/* BKT_DRAIN's buffer: the last drain, up to 4 elements of 16 bytes. */
__u8 drained[64];

static __always_inline struct bkt_val *bkt_slot(void)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&bkt_map, &k);
}

SEC("xdp")
int bkt_create(struct xdp_md *ctx)
{
	struct bkt_val *v = bkt_slot();
	struct bpf_bkt_list *l, *old;

	if (!v)
		return XDP_ABORTED;
	if (in_percpu)
		l = bpf_bktlist_new_percpu(in_slots, in_elem_size, in_capacity);
	else
		l = bpf_bktlist_new(in_slots, in_elem_size, in_capacity);
	if (!l) {
		out_ret = -1;
		return XDP_PASS;
	}
	old = bpf_kptr_xchg(&v->l, l);
	if (old)
		bpf_bktlist_free(old);
	out_ret = 0;
	return XDP_PASS;
}

SEC("xdp")
int bkt_run(struct xdp_md *ctx)
{
	struct bkt_val *v = bkt_slot();
	struct bpf_bkt_list *l;
	__u32 i;

	if (!v)
		return XDP_ABORTED;
	l = bpf_bktlist_kptr_get(&v->l);
	if (!l) {
		out_ret = NO_OBJ;
		return XDP_PASS;
	}
	for (i = 0; i < BKT_MAX_OPS && i < n_cmds; i++) {
		struct bkt_cmd *c = &cmds[i];
		__u32 size = c->size & (BKT_BUF_SZ - 1);

		switch (c->op) {
		case BKT_PUSH:
			res[i] = bpf_bktlist_push_back(l, c->val, size,
						       c->slot);
			break;
		case BKT_POP:
			res[i] = bpf_bktlist_pop_front(l, popped[i], size,
						       c->slot);
			break;
		case BKT_LEN:
			res[i] = bpf_bktlist_len(l, c->slot);
			break;
		case BKT_DRAIN:
			res[i] = bpf_bktlist_drain(l, drained,
						   c->size & (sizeof(drained) - 1),
						   c->slot);
			break;
		default:
			res[i] = -1000;
		}
	}
	bpf_bktlist_free(l);
	out_ret = 0;
	return XDP_PASS;
}

/*
 * The same commands through the in-place kfuncs (bpf_bktlist_kptr_*, no
 * reference): a pop is a drain of one element, reported as pop reports
 * it (0 / -ENOENT / -EINVAL).
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bkt_val);
} empty_map SEC(".maps");

SEC("xdp")
int bkt_run_inplace(struct xdp_md *ctx)
{
	struct bkt_val *v = bkt_slot();
	__u32 i;
	int r;

	if (!v)
		return XDP_ABORTED;
	for (i = 0; i < BKT_MAX_OPS && i < n_cmds; i++) {
		struct bkt_cmd *c = &cmds[i];
		__u32 size = c->size & (BKT_BUF_SZ - 1);

		switch (c->op) {
		case BKT_PUSH:
			res[i] = bpf_bktlist_kptr_push_back(&v->l, c->val,
							    size, c->slot);
			break;
		case BKT_POP:
			r = bpf_bktlist_kptr_drain(&v->l, popped[i], size,
						   c->slot);
			/* a size of 2 elements or more is the caller's bug */
			res[i] = r == 1 ? 0 : r == 0 ? -2 /* -ENOENT */ : r;
			break;
		case BKT_LEN:
			res[i] = bpf_bktlist_kptr_len(&v->l, c->slot);
			break;
		case BKT_DRAIN:
			res[i] = bpf_bktlist_kptr_drain(&v->l, drained,
							c->size & (sizeof(drained) - 1),
							c->slot);
			break;
		default:
			res[i] = -1000;
		}
	}
	out_ret = 0;
	return XDP_PASS;
}

/* The in-place kfuncs on a field that holds no list: res[0..2]. */
SEC("xdp")
int bkt_inplace_empty(struct xdp_md *ctx)
{
	struct bkt_val *v;
	__u64 x = 1;
	__u32 k = 0;

	v = bpf_map_lookup_elem(&empty_map, &k);
	if (!v)
		return XDP_ABORTED;
	res[0] = bpf_bktlist_kptr_push_back(&v->l, &x, sizeof(x), 0);
	res[1] = bpf_bktlist_kptr_drain(&v->l, &x, sizeof(x), 0);
	res[2] = bpf_bktlist_kptr_len(&v->l, 0);
	return XDP_PASS;
}

/* tc and SYSCALL programs reach the list kfuncs too. */
SEC("tc")
int bkt_tc(struct __sk_buff *skb)
{
	struct bpf_bkt_list *l = bpf_bktlist_new(2, 8, 4);
	__u64 x = 42, y = 0;

	if (!l)
		return 2;
	out_ret = bpf_bktlist_push_back(l, &x, 8, 1);
	out_ret += bpf_bktlist_pop_front(l, &y, 8, 1);
	out_ret += y;
	bpf_bktlist_free(l);
	return 0;
}

SEC("syscall")
int bkt_syscall(void *ctx)
{
	struct bpf_bkt_list *l = bpf_bktlist_new(1, 8, 1);
	__u64 x = 7;

	if (!l)
		return 1;
	out_ret = bpf_bktlist_push_back(l, &x, 8, 0);
	out_ret = out_ret * 100 + bpf_bktlist_push_back(l, &x, 8, 0);
	bpf_bktlist_free(l);
	return 0;
}

/*
 * Process context with bottom halves enabled: the per-CPU object's calls
 * turn them off around themselves.  One element per slot through every
 * mutating call: 1 + 10 + 100 + 1000 * 42 + 10000 when all went well.
 */
SEC("syscall")
int bkt_syscall_percpu(void *ctx)
{
	struct bpf_bkt_list *l = bpf_bktlist_new_percpu(3, 8, 2);
	struct {
		struct enetstl_bkt_xfer x;
		__u64 v;
	} req = { { 2, 2 }, 5 };
	__u64 x = 42, y = 0;
	int r;

	if (!l)
		return 1;
	out_ret = bpf_bktlist_push_back(l, &x, 8, 0) == 0;
	out_ret += 10 * (bpf_bktlist_len(l, 0) == 1);
	out_ret += 100 * (bpf_bktlist_push_back(l, &x, 8, 1) == 0);
	/* capacity 2 per CPU: the third is refused */
	r = bpf_bktlist_push_drain(l, &req, sizeof(req), &y, 8);
	out_ret += r == -28 /* -ENOSPC */ ? 0 : 100000;
	r = bpf_bktlist_pop_front(l, &y, 8, 0);
	out_ret += r ? 100000 : 1000 * y;
	r = bpf_bktlist_push_drain(l, &req, sizeof(req), &y, 8);
	out_ret += r == 1 && y == 5 ? 10000 : 100000;
	r = bpf_bktlist_drain(l, &y, 8, 1);
	out_ret += r == 1 && y == 42 ? 0 : 100000;
	bpf_bktlist_free(l);
	return 0;
}

char _license[] SEC("license") = "GPL";
