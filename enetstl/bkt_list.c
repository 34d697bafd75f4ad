// SPDX-License-Identifier: GPL-2.0
/*
 * List buckets core: nr_slots FIFO lists threaded through one pool of
 * capacity fixed-size elements (chunked, allocated on first use, recycled
 * through a free list), as a timing wheel needs.
 *
 * Chunks are never freed before the object, so element addresses are
 * stable: the lists and the free list link elements by pointer, and the
 * fast path (push to a slot, pop or drain a slot) does no index to chunk
 * translation.  Slot heads live in one flat array when it is small (a
 * timing wheel's are), else in chunks too.
 */
#include "obj_core.h"

/* Element header; the element's bytes follow at offset 8. */
struct enetstl_bkt_elem {
	struct enetstl_bkt_elem *next;
};

struct enetstl_bkt_slot {
	struct enetstl_bkt_elem *head;
	struct enetstl_bkt_elem *tail;	/* valid when len != 0 */
	u32 len;
	u32 pad;
};

#define BKT_ELEM_OFF	sizeof(struct enetstl_bkt_elem)

/* Slot tables up to this size are one allocation, made at init. */
#define BKT_FLAT_SLOT_BYTES	(4 * ENETSTL_CHUNK_BYTES)

static inline u8 *bkt_data(struct enetstl_bkt_elem *e)
{
	return (u8 *)e + BKT_ELEM_OFF;
}

/*
 * Element copy.  Sizes that are multiples of 8 up to 32 (what timing
 * wheels and queues hold) are copied inline in 8-byte words, as the kernel
 * (no SIMD) does anyway: a wider load over a struct the program has just
 * written field by field would also miss store forwarding.  The callers
 * below are instantiated with constant sizes, so the loop disappears.
 */
static __always_inline void bkt_copy(u8 *dst, const u8 *src, u32 size)
{
	u32 i;

	if (size % 8 || size > 32) {
		memcpy(dst, src, size);
		return;
	}
	for (i = 0; i < size; i += 8)
		memcpy(dst + i, src + i, 8);
}

/* Slot idx (< nr_slots), NULL when its chunk was never allocated. */
static __always_inline struct enetstl_bkt_slot *
bkt_slot_peek(const struct enetstl_bkt_core *b, u32 idx)
{
	struct enetstl_bkt_slot *flat = b->slot_flat;

	if (flat)
		return flat + idx;
	return enetstl_chunks_peek(&b->slots, idx);
}

static __always_inline struct enetstl_bkt_slot *
bkt_slot_get(struct enetstl_bkt_core *b, u32 idx)
{
	struct enetstl_bkt_slot *sl = bkt_slot_peek(b, idx);

	return sl ? sl : enetstl_chunks_get(&b->slots, idx);
}

int enetstl_bkt_init(struct enetstl_bkt_core *b, u32 nr_slots,
		     u32 elem_size, u32 capacity)
{
	size_t flat = (size_t)nr_slots * sizeof(struct enetstl_bkt_slot);
	int err;

	if (!nr_slots || nr_slots > ENETSTL_BKT_MAX_SLOTS ||
	    !elem_size || elem_size > ENETSTL_BKT_MAX_ELEM_SIZE ||
	    !capacity || capacity > ENETSTL_BKT_MAX_ELEMS)
		return -EINVAL;
	b->nr_slots = nr_slots;
	b->elem_size = elem_size;
	b->capacity = capacity;
	b->next_unused = 0;
	b->free_list = NULL;
	b->slot_flat = NULL;
	b->slots.chunk = NULL;
	err = enetstl_chunks_init(&b->elems,
				  (BKT_ELEM_OFF + elem_size + 7) & ~7U,
				  capacity);
	if (err)
		return err;
	if (flat <= BKT_FLAT_SLOT_BYTES) {
		b->slot_flat = enetstl_zalloc(flat);
		err = b->slot_flat ? 0 : -ENOMEM;
	} else {
		err = enetstl_chunks_init(&b->slots,
					  sizeof(struct enetstl_bkt_slot),
					  nr_slots);
	}
	if (err)
		enetstl_chunks_destroy(&b->elems);
	return err;
}

void enetstl_bkt_destroy(struct enetstl_bkt_core *b)
{
	enetstl_free(b->slot_flat);
	b->slot_flat = NULL;
	enetstl_chunks_destroy(&b->slots);
	enetstl_chunks_destroy(&b->elems);
}

/*
 * An element to push: the head of the free list *fl, else the next one
 * never used (its chunk allocated on first use).  NULL when that fails.
 */
static __always_inline struct enetstl_bkt_elem *
bkt_take(struct enetstl_bkt_core *b, struct enetstl_bkt_elem **fl)
{
	struct enetstl_bkt_elem *e = *fl;

	if (e) {
		*fl = e->next;
		return e;
	}
	e = enetstl_chunks_peek(&b->elems, b->next_unused);
	if (!e)
		e = enetstl_chunks_get(&b->elems, b->next_unused);
	if (e)
		b->next_unused++;
	return e;
}

/*
 * Take an element (bkt_take), fill it with val and append it to slot: 0,
 * -ENOSPC or -ENOMEM.  *slp is the slot and *lenp its length before the
 * push; storing the new length (and *fl back) is the caller's.
 */
static __always_inline int bkt_enqueue(struct enetstl_bkt_core *b, u32 slot,
				       const void *val, u32 esz,
				       struct enetstl_bkt_elem **fl,
				       struct enetstl_bkt_slot **slp,
				       struct enetstl_bkt_elem **ep, u32 *lenp)
{
	struct enetstl_bkt_slot *sl;
	struct enetstl_bkt_elem *e;
	u32 len;

	/*
	 * A free element means room (queued = next_unused - free ones <
	 * capacity): no element count to keep, one store-to-load chain
	 * less from call to call.
	 */
	if (!*fl && b->next_unused >= b->capacity)
		return -ENOSPC;
	sl = bkt_slot_get(b, slot);
	if (!sl)
		return -ENOMEM;
	e = bkt_take(b, fl);
	if (!e)
		return -ENOMEM;
	bkt_copy(bkt_data(e), val, esz);
	e->next = NULL;
	len = sl->len;
	if (len)
		sl->tail->next = e;
	else
		sl->head = e;
	sl->tail = e;
	*slp = sl;
	*ep = e;
	*lenp = len;
	return 0;
}

/* Push with slot and size checked by the caller; esz is a constant. */
static __always_inline int bkt_push(struct enetstl_bkt_core *b,
				    const void *val, u32 esz, u32 slot)
{
	struct enetstl_bkt_elem *fl = b->free_list, *e;
	struct enetstl_bkt_slot *sl;
	u32 len;
	int err;

	err = bkt_enqueue(b, slot, val, esz, &fl, &sl, &e, &len);
	if (err)
		return err;
	b->free_list = fl;
	enetstl_write_once(sl->len, len + 1);
	return 0;
}

/*
 * Pop up to size / esz elements of slot (checked by the caller) into buf:
 * one pass over the list, one length update for the batch, and
 * the popped run (already linked in FIFO order) goes to the free list in
 * one splice.
 */
static __always_inline int bkt_drain(struct enetstl_bkt_core *b, void *buf,
				     u32 size, u32 esz, u32 slot)
{
	struct enetstl_bkt_elem *first, *e, *last;
	struct enetstl_bkt_slot *sl;
	u8 *out = buf;
	u32 n;

	sl = bkt_slot_peek(b, slot);
	if (!sl)
		return 0;
	/* head is NULL exactly when the slot is empty */
	first = sl->head;
	if (!first)
		return 0;
	e = first;
	last = first;
	/*
	 * No division for the number that fits: it costs more than a copy.
	 * The list ends in NULL; a slot drained empty gets its length as a
	 * constant, so the next push's read of it waits on no arithmetic.
	 */
	for (n = 0; e && size >= esz; n++, size -= esz) {
		bkt_copy(out, bkt_data(e), esz);
		out += esz;
		last = e;
		e = e->next;
	}
	sl->head = e;
	if (e)
		enetstl_write_once(sl->len, sl->len - n);
	else
		enetstl_write_once(sl->len, 0);
	last->next = b->free_list;
	b->free_list = first;
	return (int)n;
}

/*
 * The entry points dispatch on the element size: the common ones get their
 * own copy of the fast path with the size a constant (8-byte moves, no
 * loop); the rest share one.
 */
int enetstl_bkt_push_back(struct enetstl_bkt_core *b, const void *val,
			  u32 size, u32 slot)
{
	if (slot >= b->nr_slots || size != b->elem_size)
		return -EINVAL;
	switch (size) {
	case 8:
		return bkt_push(b, val, 8, slot);
	case 16:
		return bkt_push(b, val, 16, slot);
	case 24:
		return bkt_push(b, val, 24, slot);
	case 32:
		return bkt_push(b, val, 32, slot);
	default:
		return bkt_push(b, val, size, slot);
	}
}

/* A drain with room for exactly one element (not a fast path). */
int enetstl_bkt_pop_front(struct enetstl_bkt_core *b, void *val, u32 size,
			  u32 slot)
{
	if (slot >= b->nr_slots || size != b->elem_size)
		return -EINVAL;
	return bkt_drain(b, val, size, size, slot) ? 0 : -ENOENT;
}

int enetstl_bkt_len(const struct enetstl_bkt_core *b, u32 slot)
{
	struct enetstl_bkt_slot *sl;

	if (slot >= b->nr_slots)
		return -EINVAL;
	sl = bkt_slot_peek(b, slot);
	return sl ? (int)enetstl_read_once(sl->len) : 0;
}

int enetstl_bkt_drain(struct enetstl_bkt_core *b, void *buf, u32 size,
		      u32 slot)
{
	u32 esz = b->elem_size;

	if (slot >= b->nr_slots || size < esz)
		return -EINVAL;
	switch (esz) {
	case 8:
		return bkt_drain(b, buf, size, 8, slot);
	case 16:
		return bkt_drain(b, buf, size, 16, slot);
	case 24:
		return bkt_drain(b, buf, size, 24, slot);
	case 32:
		return bkt_drain(b, buf, size, 32, slot);
	default:
		return bkt_drain(b, buf, size, esz, slot);
	}
}

/*
 * Push then drain, fused: the free list head and the drained slot's head
 * and length are read once and written once, and what the push just
 * wrote (the element, its NULL next, the slot's new head) is taken from
 * registers rather than read back.  Each of those read-backs would be a
 * store-to-load forward on the chain from one packet to the next.
 */
static __always_inline int bkt_push_drain(struct enetstl_bkt_core *b,
					  const void *elem, u32 push_slot,
					  u32 drain_slot, void *buf, u32 size,
					  u32 esz)
{
	struct enetstl_bkt_elem *fl, *e, *x, *first, *last, *nx;
	struct enetstl_bkt_slot *psl, *dsl;
	u32 plen, len, n;
	u8 *out = buf;
	int err;

	fl = b->free_list;
	err = bkt_enqueue(b, push_slot, elem, esz, &fl, &psl, &e, &plen);
	if (err)
		return err;
	if (push_slot == drain_slot) {
		dsl = psl;
		first = plen ? psl->head : e;
		len = plen + 1;
	} else {
		psl->len = plen + 1;
		dsl = bkt_slot_peek(b, drain_slot);
		first = dsl ? dsl->head : NULL;
		if (!first) {
			b->free_list = fl;
			return 0;
		}
		len = dsl->len;
	}
	/* As bkt_drain; the new element is copied from elem, ends the list. */
	x = first;
	last = first;
	for (n = 0; x && size >= esz; n++, size -= esz) {
		if (x == e) {
			bkt_copy(out, elem, esz);
			nx = NULL;
		} else {
			bkt_copy(out, bkt_data(x), esz);
			nx = x->next;
		}
		out += esz;
		last = x;
		x = nx;
	}
	dsl->head = x;
	enetstl_write_once(dsl->len, x ? len - n : 0);
	last->next = fl;
	b->free_list = first;
	return (int)n;
}

/* One call, no inner ones: both halves are inlined here. */
int enetstl_bkt_push_drain(struct enetstl_bkt_core *b, const void *req,
			   u32 req_size, void *buf, u32 size)
{
	const struct enetstl_bkt_xfer *x = req;
	u32 esz = b->elem_size, ps, ds;
	const void *e = x + 1;

	/*
	 * Two 4-byte loads, as the program stored the header: one 8-byte
	 * load over both would miss store forwarding.
	 */
	ps = enetstl_read_once(x->push_slot);
	ds = enetstl_read_once(x->drain_slot);
	/* Every argument is checked first: a bad drain pushes nothing. */
	if (req_size != sizeof(*x) + esz || ps >= b->nr_slots ||
	    ds >= b->nr_slots || size < esz)
		return -EINVAL;
	switch (esz) {
	case 8:
		return bkt_push_drain(b, e, ps, ds, buf, size, 8);
	case 16:
		return bkt_push_drain(b, e, ps, ds, buf, size, 16);
	case 24:
		return bkt_push_drain(b, e, ps, ds, buf, size, 24);
	case 32:
		return bkt_push_drain(b, e, ps, ds, buf, size, 32);
	default:
		return bkt_push_drain(b, e, ps, ds, buf, size, esz);
	}
}
