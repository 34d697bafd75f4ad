// SPDX-License-Identifier: GPL-2.0
/*
 * Carousel in plain eBPF: each wheel slot is a fixed ring of CR_SLOT_CAP
 * packets in an array map (no dynamic memory: every slot reserves its
 * worst case).  Semantics: carousel_common.h.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "carousel_common.h"

#define ENOENT	2
#define ENOSPC	28

struct cr_slot {
	__u32 head;
	__u32 count;
	struct cr_pkt pkt[CR_SLOT_CAP];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CR_SLOTS);
	__type(key, __u32);
	__type(value, struct cr_slot);
} slots SEC(".maps");

/* The slots are map values: no object to hold. */
typedef int cr_handle_t;

static __always_inline cr_handle_t cr_get(void)
{
	return 1;
}

static __always_inline void cr_put(cr_handle_t h)
{
}

static __always_inline int cr_push(cr_handle_t h, __u32 slot, const struct cr_pkt *p)
{
	struct cr_slot *s = bpf_map_lookup_elem(&slots, &slot);

	if (!s)
		return -ENOENT;
	if (s->count >= CR_SLOT_CAP)
		return -ENOSPC;
	s->pkt[(s->head + s->count) & (CR_SLOT_CAP - 1)] = *p;
	s->count++;
	return 0;
}

static __always_inline int cr_pop(cr_handle_t h, __u32 slot, struct cr_pkt *p)
{
	struct cr_slot *s = bpf_map_lookup_elem(&slots, &slot);

	if (!s || !s->count)
		return -ENOENT;
	*p = s->pkt[s->head & (CR_SLOT_CAP - 1)];
	s->head = (s->head + 1) & (CR_SLOT_CAP - 1);
	s->count--;
	return 0;
}

static __always_inline int cr_empty(cr_handle_t h, __u32 slot)
{
	struct cr_slot *s = bpf_map_lookup_elem(&slots, &slot);

	return !s || !s->count;
}

#include "carousel_ops.h"

char LICENSE[] SEC("license") = "GPL";
