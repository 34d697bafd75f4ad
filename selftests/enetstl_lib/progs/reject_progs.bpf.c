// SPDX-License-Identifier: GPL-2.0
/*
 * Programs the verifier must reject (autoload off, "?xdp"): each misuses
 * an eNetSTL object in one way.  ok_control is the same kind of code done
 * right, so a failure to load is the misuse's, not the file's.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "enetstl.h"

struct objs {
	struct enetstl_mem __enetstl_kptr *c;
	struct bpf_bkt_list __enetstl_kptr *l;
	struct geo_sampling_ctx __enetstl_kptr *g;
	__u64 plain;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct objs);
} obj_map SEC(".maps");

__u32 in_len, in_idx;
__u64 sink;

static __always_inline struct objs *slot(void)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&obj_map, &k);
}

SEC("xdp")
int ok_control(struct xdp_md *ctx)
{
	struct objs *v = slot();
	struct enetstl_mem *c, *old;
	__u64 *p;

	if (!v)
		return XDP_PASS;
	c = bpf_mem_container_new(16, 4, 1);
	if (!c)
		return XDP_PASS;
	p = bpf_mem_node_get(c, 0, 16);
	if (p)
		p[1] = 1;
	old = bpf_kptr_xchg(&v->c, c);
	if (old)
		bpf_mem_container_release(old);
	/* The in-place kfuncs on the right fields, with fitting buffers. */
	{
		struct enetstl_mem_find_req f = { .levels = 1, .val_off = 8 };
		__u32 path[2] = {};
		__u64 x = 0;

		sink = bpf_bktlist_kptr_len(&v->l, 0);
		sink += bpf_bktlist_kptr_drain(&v->l, &x, sizeof(x), 0);
		sink += bpf_mem_kptr_descend(&v->c, 5, path, sizeof(path), 0);
		sink += bpf_mem_kptr_find(&v->c, &f, sizeof(f), &x, sizeof(x));
	}
	return XDP_PASS;
}

/* An acquired container is neither released nor stored. */
SEC("?xdp")
int leak_container(struct xdp_md *ctx)
{
	struct enetstl_mem *c = bpf_mem_container_new(16, 4, 1);

	if (c)
		sink = bpf_mem_node_alloc(c);
	return XDP_PASS;
}

/* The same for a list borrowed with kptr_get. */
SEC("?xdp")
int leak_borrowed_list(struct xdp_md *ctx)
{
	struct objs *v = slot();
	struct bpf_bkt_list *l;

	if (!v)
		return XDP_PASS;
	l = bpf_bktlist_kptr_get(&v->l);
	if (l)
		sink = bpf_bktlist_len(l, 0);
	return XDP_PASS;
}

/* Used after release. */
SEC("?xdp")
int use_after_release(struct xdp_md *ctx)
{
	struct enetstl_mem *c = bpf_mem_container_new(16, 4, 1);

	if (!c)
		return XDP_PASS;
	bpf_mem_container_release(c);
	sink = bpf_mem_node_alloc(c);
	return XDP_PASS;
}

/* Released twice. */
SEC("?xdp")
int double_release(struct xdp_md *ctx)
{
	struct geo_sampling_ctx *g = bpf_geo_sampling_ctx_new(10);

	if (!g)
		return XDP_PASS;
	bpf_geo_sampling_ctx_free(g);
	bpf_geo_sampling_ctx_free(g);
	return XDP_PASS;
}

/* Used after handing it to the map. */
SEC("?xdp")
int use_after_store(struct xdp_md *ctx)
{
	struct objs *v = slot();
	struct geo_sampling_ctx *g, *old;

	if (!v)
		return XDP_PASS;
	g = bpf_geo_sampling_ctx_new(10);
	if (!g)
		return XDP_PASS;
	old = bpf_kptr_xchg(&v->g, g);
	if (old)
		bpf_geo_sampling_ctx_free(old);
	sink = bpf_geo_sampling_should_do(g);
	return XDP_PASS;
}

/* One byte past the 16 bytes the node pointer covers. */
SEC("?xdp")
int node_past_end(struct xdp_md *ctx)
{
	struct enetstl_mem *c = bpf_mem_container_new(16, 4, 1);
	__u8 *p;

	if (!c)
		return XDP_PASS;
	p = bpf_mem_node_get(c, 0, 16);
	if (p)
		p[16] = 1;
	bpf_mem_container_release(c);
	return XDP_PASS;
}

/* The node pointer without the NULL check. */
SEC("?xdp")
int node_maybe_null(struct xdp_md *ctx)
{
	struct enetstl_mem *c = bpf_mem_container_new(16, 4, 1);
	__u64 *p;

	if (!c)
		return XDP_PASS;
	p = bpf_mem_node_get(c, 0, 16);
	*p = 1;
	bpf_mem_container_release(c);
	return XDP_PASS;
}

/* The node pointer after its container went back to the map. */
SEC("?xdp")
int node_after_container_stored(struct xdp_md *ctx)
{
	struct objs *v = slot();
	struct enetstl_mem *c, *old;
	__u64 *p;

	if (!v)
		return XDP_PASS;
	c = bpf_kptr_xchg(&v->c, NULL);
	if (!c)
		return XDP_PASS;
	p = bpf_mem_node_get(c, 0, 8);
	old = bpf_kptr_xchg(&v->c, c);
	if (old)
		bpf_mem_container_release(old);
	if (p)
		*p = 1;
	return XDP_PASS;
}

/* The node pointer's size must be a constant. */
SEC("?xdp")
int node_size_not_const(struct xdp_md *ctx)
{
	struct enetstl_mem *c = bpf_mem_container_new(16, 4, 1);
	__u64 *p;

	if (!c)
		return XDP_PASS;
	p = bpf_mem_node_get(c, 0, in_len);
	if (p)
		sink = *p;
	bpf_mem_container_release(c);
	return XDP_PASS;
}

/* A pointer loaded straight from the map is not a reference. */
SEC("?xdp")
int untrusted_from_map(struct xdp_md *ctx)
{
	struct objs *v = slot();
	struct bpf_bkt_list *l;

	if (!v)
		return XDP_PASS;
	l = v->l;
	if (l)
		sink = bpf_bktlist_len(l, 0);
	return XDP_PASS;
}

/* A copy-out size larger than the buffer it goes to. */
SEC("?xdp")
int pop_past_buffer(struct xdp_md *ctx)
{
	struct bpf_bkt_list *l = bpf_bktlist_new(1, 8, 4);
	__u64 x = 0;

	if (!l)
		return XDP_PASS;
	sink = bpf_bktlist_pop_front(l, &x, 16, 0);
	bpf_bktlist_free(l);
	return XDP_PASS;
}

/* Node read with an unbounded length. */
SEC("?xdp")
int read_unbounded(struct xdp_md *ctx)
{
	struct enetstl_mem *c = bpf_mem_container_new(16, 4, 1);
	__u8 buf[16];

	if (!c)
		return XDP_PASS;
	sink = bpf_mem_node_read(c, 0, 0, buf, in_len);
	bpf_mem_container_release(c);
	return XDP_PASS;
}

/* In-place kfunc on a pointer that is not a map value (a stack slot). */
SEC("?xdp")
int inplace_not_map_value(struct xdp_md *ctx)
{
	struct bpf_bkt_list *l = NULL;

	sink = bpf_bktlist_kptr_len(&l, 0);
	return XDP_PASS;
}

/* In-place kfunc on a map value field that is not a kptr. */
SEC("?xdp")
int inplace_not_kptr_field(struct xdp_md *ctx)
{
	struct objs *v = slot();

	if (v)
		sink = bpf_bktlist_kptr_len((struct bpf_bkt_list **)&v->plain,
					    0);
	return XDP_PASS;
}

/* In-place list kfunc on the field holding a container. */
SEC("?xdp")
int inplace_wrong_type(struct xdp_md *ctx)
{
	struct objs *v = slot();

	if (v)
		sink = bpf_bktlist_kptr_len((struct bpf_bkt_list **)&v->c, 0);
	return XDP_PASS;
}

/*
 * Drain into a buffer smaller than the size given: the map value's last
 * field (a stack buffer would not do: the privileged verifier lets a size
 * run into the rest of the frame, which is still the program's own).
 */
SEC("?xdp")
int drain_past_buffer(struct xdp_md *ctx)
{
	struct objs *v = slot();

	if (v)
		sink = bpf_bktlist_kptr_drain(&v->l, &v->plain, 16, 0);
	return XDP_PASS;
}

/* A descend path shorter than the size given. */
SEC("?xdp")
int descend_past_path(struct xdp_md *ctx)
{
	struct objs *v = slot();

	if (v)
		sink = bpf_mem_kptr_descend(&v->c, 5, (__u32 *)&v->plain, 12,
					    0);
	return XDP_PASS;
}

/* find copies buf__sz bytes out: the buffer must hold them. */
SEC("?xdp")
int find_buf_past_stack(struct xdp_md *ctx)
{
	struct enetstl_mem_find_req f = { .levels = 1, .val_off = 8 };
	struct objs *v = slot();
	__u64 val = 0;

	if (v)
		sink = bpf_mem_kptr_find(&v->c, &f, sizeof(f), &val, 520);
	return val ? XDP_PASS : XDP_DROP;
}

/* The request's size must be bounded by what the program passes. */
SEC("?xdp")
int find_req_unbounded(struct xdp_md *ctx)
{
	struct enetstl_mem_find_req f = { .levels = 1, .val_off = 8 };
	struct objs *v = slot();
	__u64 val = 0;

	if (v)
		sink = bpf_mem_kptr_find(&v->c, &f, in_len, &val, sizeof(val));
	return val ? XDP_PASS : XDP_DROP;
}

/* The referenced walk on a pointer loaded from the map (untrusted). */
SEC("?xdp")
int walk_untrusted(struct xdp_md *ctx)
{
	struct objs *v = slot();
	struct enetstl_mem *c;

	if (!v)
		return XDP_PASS;
	c = v->c;
	if (c)
		sink = bpf_mem_node_walk(c, 0, 0, 0, 1);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
