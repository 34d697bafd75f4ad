// SPDX-License-Identifier: GPL-2.0
/*
 * Carousel on eNetSTL: each CPU's wheel slots are that CPU's FIFO lists of
 * one per-CPU list-bucket object (bpf_bktlist_new_percpu), held in a map
 * as a referenced kptr and created once by carousel_init; a CPU's
 * CR_TOTAL_CAP packets are shared by its slots.  Semantics:
 * carousel_common.h.
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
	l = bpf_bktlist_new_percpu(CR_SLOTS, sizeof(struct cr_pkt),
				   CR_TOTAL_CAP);
	if (!l)
		return XDP_ABORTED;
	old = bpf_kptr_xchg(&s->list, l);
	if (old)
		bpf_bktlist_free(old);
	return XDP_PASS;
}

/*
 * The handle is the map value's kptr field itself: the in-place kfuncs
 * (bpf_bktlist_kptr_*) work on this CPU's lists of the object it holds
 * with no reference taken or dropped per packet: an enqueue is one kfunc
 * call, a tick one, and the benchmark's enqueue + tick one (push and
 * drain together).
 */
typedef struct bpf_bkt_list **cr_handle_t;

static __always_inline cr_handle_t cr_get(void)
{
	struct list_slot *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&wheel, &zero);
	/* Reading the field only to test it for NULL is allowed. */
	return s && s->list ? &s->list : NULL;
}

static __always_inline void cr_put(cr_handle_t h)
{
}

static __always_inline int cr_push(cr_handle_t h, __u32 slot,
				   const struct cr_pkt *p)
{
	return bpf_bktlist_kptr_push_back(h, p, sizeof(*p), slot);
}

static __always_inline int cr_empty(cr_handle_t h, __u32 slot)
{
	return bpf_bktlist_kptr_len(h, slot) == 0;
}

/* Up to out_sz / sizeof(*out) packets of slot into out, oldest first. */
#define CR_HAVE_DRAIN
static __always_inline int cr_drain(cr_handle_t h, __u32 slot,
				    struct cr_pkt *out, __u32 out_sz)
{
	return bpf_bktlist_kptr_drain(h, out, out_sz, slot);
}

/* Push and drain of the due slot in one call: the benchmark's packet. */
#define CR_HAVE_PUSH_DRAIN
static __always_inline int cr_push_drain(cr_handle_t h, __u32 slot,
					 const struct cr_pkt *p, __u32 due,
					 struct cr_pkt *out, __u32 out_sz)
{
	struct {
		struct enetstl_bkt_xfer x;
		struct cr_pkt p;
	} req = { { slot, due }, *p };

	return bpf_bktlist_kptr_push_drain(h, &req, sizeof(req), out, out_sz);
}

#include "carousel_ops.h"

char LICENSE[] SEC("license") = "GPL";
