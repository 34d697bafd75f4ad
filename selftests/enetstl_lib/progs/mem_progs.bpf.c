// SPDX-License-Identifier: GPL-2.0
/*
 * The memory wrapper kfuncs, driven from userspace through .bss: one
 * container lives in mem_map (a kptr); mem_create puts a new one there,
 * mem_op borrows it (kptr_get) for one operation, mem_walk follows links,
 * mem_xchg_op takes it out of the map and puts it back.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "enetstl.h"
#include "lib_progs.h"

struct mem_val {
	struct enetstl_mem __enetstl_kptr *c;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mem_val);
} mem_map SEC(".maps");

__u32 in_node_size, in_max_nodes, in_nr_links;
__u32 in_op, in_idx, in_idx2, in_slot, in_off, in_len;
__u8 in_buf[MEM_BUF_SZ];
__u8 out_buf[MEM_BUF_SZ];
__s64 out_ret;
__u32 walk[MEM_WALK_MAX];
__u32 walk_len;
__u64 in_key;
__u32 path[MEM_PATH_SZ / 4];
__u8 in_req[MEM_REQ_SZ];	/* a struct enetstl_mem_find_req, or not */
__u32 in_req_len;

static __always_inline struct mem_val *mem_slot(void)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&mem_map, &k);
}

/* New container into the map (the old one, if any, is released). */
static __always_inline int create(void)
{
	struct mem_val *v = mem_slot();
	struct enetstl_mem *c, *old;

	if (!v)
		return XDP_ABORTED;
	c = bpf_mem_container_new(in_node_size, in_max_nodes, in_nr_links);
	if (!c) {
		out_ret = -1;
		return XDP_PASS;
	}
	old = bpf_kptr_xchg(&v->c, c);
	if (old)
		bpf_mem_container_release(old);
	out_ret = 0;
	return XDP_PASS;
}

SEC("xdp")
int mem_create(struct xdp_md *ctx)
{
	return create();
}

/* The same from a tc program: the kfuncs are registered for tc too. */
SEC("tc")
int mem_create_tc(struct __sk_buff *skb)
{
	return create() == XDP_PASS ? 0 : 2;
}

/* Drop the map's container. */
SEC("xdp")
int mem_drop(struct xdp_md *ctx)
{
	struct mem_val *v = mem_slot();
	struct enetstl_mem *old;

	if (!v)
		return XDP_ABORTED;
	old = bpf_kptr_xchg(&v->c, NULL);
	if (old)
		bpf_mem_container_release(old);
	return XDP_PASS;
}

static __always_inline __s64 do_op(struct enetstl_mem *c)
{
	__u32 len = in_len & (MEM_BUF_SZ - 1);
	__u8 *p;

	switch (in_op) {
	case MOP_ALLOC:
		return bpf_mem_node_alloc(c);
	case MOP_FREE:
		return bpf_mem_node_free(c, in_idx);
	case MOP_READ:
		return bpf_mem_node_read(c, in_idx, in_off, out_buf, len);
	case MOP_WRITE:
		return bpf_mem_node_write(c, in_idx, in_off, in_buf, len);
	case MOP_CONNECT:
		return bpf_mem_node_connect(c, in_idx, in_slot, in_idx2);
	case MOP_DISCONNECT:
		return bpf_mem_node_disconnect(c, in_idx, in_slot);
	case MOP_NEXT:
		return bpf_mem_node_next(c, in_idx, in_slot);
	case MOP_GET8:
		p = bpf_mem_node_get(c, in_idx, 8);
		if (!p)
			return -1;
		__builtin_memcpy(out_buf, p, 8);
		__builtin_memcpy(p, in_buf, 8);
		return 0;
	case MOP_GET24:
		p = bpf_mem_node_get(c, in_idx, 24);
		if (!p)
			return -1;
		__builtin_memcpy(out_buf, p, 24);
		__builtin_memcpy(p, in_buf, 24);
		return 0;
	case MOP_WALK:
		return bpf_mem_node_walk(c, in_idx, in_slot, in_off, in_key);
	case MOP_DESCEND:
		return bpf_mem_node_descend(c, in_key, path,
					    in_len & (MEM_PATH_SZ - 1), in_off);
	case MOP_FIND:
		return bpf_mem_node_find(c, in_req, in_req_len & (MEM_REQ_SZ - 1),
					 out_buf, len);
	case MOP_GET64:
		p = bpf_mem_node_get(c, in_idx, 64);
		if (!p)
			return -1;
		__builtin_memcpy(out_buf, p, 64);
		__builtin_memcpy(p, in_buf, 64);
		return 0;
	}
	return -2;
}

/* One operation on a borrowed reference. */
SEC("xdp")
int mem_op(struct xdp_md *ctx)
{
	struct mem_val *v = mem_slot();
	struct enetstl_mem *c;

	if (!v)
		return XDP_ABORTED;
	c = bpf_mem_container_kptr_get(&v->c);
	if (!c) {
		out_ret = NO_OBJ;
		return XDP_PASS;
	}
	out_ret = do_op(c);
	bpf_mem_container_release(c);
	return XDP_PASS;
}

/* One operation with the container taken out of the map and put back. */
SEC("xdp")
int mem_xchg_op(struct xdp_md *ctx)
{
	struct mem_val *v = mem_slot();
	struct enetstl_mem *c, *old;

	if (!v)
		return XDP_ABORTED;
	c = bpf_kptr_xchg(&v->c, NULL);
	if (!c) {
		out_ret = NO_OBJ;
		return XDP_PASS;
	}
	out_ret = do_op(c);
	old = bpf_kptr_xchg(&v->c, c);
	if (old)
		bpf_mem_container_release(old);
	return XDP_PASS;
}

/* Follow link slot in_slot from node in_idx, recording the nodes seen. */
SEC("xdp")
int mem_walk(struct xdp_md *ctx)
{
	struct mem_val *v = mem_slot();
	struct enetstl_mem *c;
	__s32 cur = in_idx;
	__u32 i;

	if (!v)
		return XDP_ABORTED;
	c = bpf_mem_container_kptr_get(&v->c);
	if (!c) {
		out_ret = NO_OBJ;
		return XDP_PASS;
	}
	walk_len = 0;
	for (i = 0; i < MEM_WALK_MAX; i++) {
		walk[i] = cur;
		walk_len = i + 1;
		cur = bpf_mem_node_next(c, cur, in_slot);
		if (cur < 0)
			break;
	}
	out_ret = cur;
	bpf_mem_container_release(c);
	return XDP_PASS;
}

/*
 * The in-place kfuncs on the map's field, no reference taken: MOP_READ
 * and MOP_DESCEND as in do_op.
 */
SEC("xdp")
int mem_inplace(struct xdp_md *ctx)
{
	struct mem_val *v = mem_slot();
	__u32 len = in_len & (MEM_BUF_SZ - 1);

	if (!v)
		return XDP_ABORTED;
	if (in_op == MOP_READ)
		out_ret = bpf_mem_kptr_node_read(&v->c, in_idx, in_off,
						 out_buf, len);
	else if (in_op == MOP_DESCEND)
		out_ret = bpf_mem_kptr_descend(&v->c, in_key, path,
					       in_len & (MEM_PATH_SZ - 1),
					       in_off);
	else if (in_op == MOP_FIND)
		out_ret = bpf_mem_kptr_find(&v->c, in_req,
					    in_req_len & (MEM_REQ_SZ - 1),
					    out_buf, len);
	else
		out_ret = -2;
	return XDP_PASS;
}

/* The same from a SYSCALL program (run without RCU: the kfunc holds it). */
SEC("syscall")
int mem_inplace_syscall(void *ctx)
{
	struct mem_val *v = mem_slot();

	if (!v)
		return 1;
	out_ret = bpf_mem_kptr_node_read(&v->c, in_idx, in_off, out_buf, 8);
	return 0;
}

/* Create and release right away, from a SYSCALL program. */
SEC("syscall")
int mem_syscall(void *ctx)
{
	struct enetstl_mem *c;

	c = bpf_mem_container_new(in_node_size, in_max_nodes, in_nr_links);
	if (!c) {
		out_ret = -1;
		return 0;
	}
	out_ret = bpf_mem_node_alloc(c);
	bpf_mem_container_release(c);
	return 0;
}

char _license[] SEC("license") = "GPL";
