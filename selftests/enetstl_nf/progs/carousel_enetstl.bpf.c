// SPDX-License-Identifier: GPL-2.0
/*
 * Carousel on eNetSTL: the wheel's slots are the FIFO lists of one
 * list-bucket object (bpf_bktlist_*), held in a map as a referenced kptr
 * and created once by carousel_init; the CR_TOTAL_CAP packets are shared
 * by all slots.  Semantics: carousel_common.h.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "enetstl.h"
#include "carousel_common.h"

#define ENOSPC	28

struct list_slot {
	struct bpf_bkt_list __enetstl_kptr *list;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct list_slot);
} wheel SEC(".maps");

SEC("xdp")
int carousel_init(struct xdp_md *ctx)
{
	struct bpf_bkt_list *l, *old;
	struct list_slot *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&wheel, &zero);
	if (!s)
		return XDP_ABORTED;
	l = bpf_bktlist_new(CR_SLOTS, sizeof(struct cr_pkt), CR_TOTAL_CAP);
	if (!l)
		return XDP_ABORTED;
	old = bpf_kptr_xchg(&s->list, l);
	if (old)
		bpf_bktlist_free(old);
	return XDP_PASS;
}

typedef struct bpf_bkt_list *cr_handle_t;

static __always_inline cr_handle_t cr_get(void)
{
	struct list_slot *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&wheel, &zero);
	return s ? bpf_bktlist_kptr_get(&s->list) : NULL;
}

static __always_inline void cr_put(cr_handle_t h)
{
	bpf_bktlist_free(h);
}

static __always_inline int cr_push(cr_handle_t h, __u32 slot,
				   const struct cr_pkt *p)
{
	return bpf_bktlist_push_back(h, p, sizeof(*p), slot);
}

static __always_inline int cr_pop(cr_handle_t h, __u32 slot, struct cr_pkt *p)
{
	return bpf_bktlist_pop_front(h, p, sizeof(*p), slot);
}

static __always_inline int cr_empty(cr_handle_t h, __u32 slot)
{
	return bpf_bktlist_len(h, slot) == 0;
}

#include "carousel_ops.h"

char LICENSE[] SEC("license") = "GPL";
