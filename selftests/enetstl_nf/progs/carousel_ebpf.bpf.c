// SPDX-License-Identifier: GPL-2.0
/*
 * Carousel in plain eBPF: each wheel slot is a fixed ring of CR_SLOT_CAP
 * packets in a per-CPU array map (no dynamic memory: every slot of every
 * CPU reserves its worst case).  Semantics: carousel_common.h.
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
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, CR_SLOTS);
	__type(key, __u32);
	__type(value, struct cr_slot);
} slots SEC(".maps");

/* The slots are this CPU's map values: no object to hold. */
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

static __always_inline int cr_empty(cr_handle_t h, __u32 slot)
{
	struct cr_slot *s = bpf_map_lookup_elem(&slots, &slot);

	return !s || !s->count;
}

/*
 * A tick's pops with one lookup of the slot (a per-CPU array lookup is a
 * helper call): up to CR_TICK_PKTS packets into out, which holds that
 * many (out_sz is the eNetSTL kfunc's argument; every caller passes
 * CR_TICK_PKTS packets' worth).
 */
#define CR_HAVE_DRAIN
static __always_inline int cr_drain(cr_handle_t h, __u32 slot,
				    struct cr_pkt *out, __u32 out_sz)
{
	struct cr_slot *s = bpf_map_lookup_elem(&slots, &slot);
	__u32 n, head, count;

	if (!s)
		return -ENOENT;
	head = s->head;
	count = s->count;
	for (n = 0; n < CR_TICK_PKTS && n < count; n++)
		out[n] = s->pkt[(head + n) & (CR_SLOT_CAP - 1)];
	s->head = (head + n) & (CR_SLOT_CAP - 1);
	s->count = count - n;
	return n;
}

#include "carousel_ops.h"

char LICENSE[] SEC("license") = "GPL";
