// SPDX-License-Identifier: GPL-2.0
/*
 * List buckets core: nr_slots FIFO lists threaded through one pool of
 * capacity fixed-size elements (chunked, allocated on first use, recycled
 * through a free list), as a timing wheel needs.
 *
 * Chunks are never freed before the object, so element addresses are
 * stable: the lists and the free list link elements by pointer, and the
 * fast path (push to a slot, pop or drain a slot) does no index to chunk
 * translation except for the slot itself.
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

static inline u8 *bkt_data(struct enetstl_bkt_elem *e)
{
	return (u8 *)e + BKT_ELEM_OFF;
}

/*
 * Slot/element idx with its chunk allocated if needed: the peek is the
 * fast path, inline; allocation happens once per chunk.
 */
static inline void *bkt_get(struct enetstl_chunks *c, u32 idx)
{
	void *p = enetstl_chunks_peek(c, idx);

	return p ? p : enetstl_chunks_get(c, idx);
}

/*
 * Element copy.  Sizes that are multiples of 8 up to 32 (what timing
 * wheels and queues hold) are copied inline in 8-byte words, as the kernel
 * (no SIMD) does anyway: a wider load over a struct the program has just
 * written field by field would also miss store forwarding.
 */
static inline void bkt_copy(u8 *dst, const u8 *src, u32 size)
{
	u32 i;

	if (size % 8 || size > 32) {
		memcpy(dst, src, size);
		return;
	}
	for (i = 0; i < size; i += 8)
		memcpy(dst + i, src + i, 8);
}

int enetstl_bkt_init(struct enetstl_bkt_core *b, u32 nr_slots,
		     u32 elem_size, u32 capacity)
{
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
	b->count = 0;
	err = enetstl_chunks_init(&b->elems,
				  (BKT_ELEM_OFF + elem_size + 7) & ~7U,
				  capacity);
	if (err)
		return err;
	err = enetstl_chunks_init(&b->slots, sizeof(struct enetstl_bkt_slot),
				  nr_slots);
	if (err)
		enetstl_chunks_destroy(&b->elems);
	return err;
}

void enetstl_bkt_destroy(struct enetstl_bkt_core *b)
{
	enetstl_chunks_destroy(&b->slots);
	enetstl_chunks_destroy(&b->elems);
}

static inline int bkt_push_back(struct enetstl_bkt_core *b, const void *val,
				u32 size, u32 slot)
{
	struct enetstl_bkt_slot *sl;
	struct enetstl_bkt_elem *e;

	if (slot >= b->nr_slots || size != b->elem_size)
		return -EINVAL;
	if (b->count >= b->capacity)
		return -ENOSPC;
	sl = bkt_get(&b->slots, slot);
	if (!sl)
		return -ENOMEM;
	e = b->free_list;
	if (e) {
		b->free_list = e->next;
	} else {
		/* count < capacity and the free list is empty: unused left */
		e = bkt_get(&b->elems, b->next_unused);
		if (!e)
			return -ENOMEM;
		b->next_unused++;
	}
	bkt_copy(bkt_data(e), val, size);
	e->next = NULL;
	if (sl->len)
		sl->tail->next = e;
	else
		sl->head = e;
	sl->tail = e;
	enetstl_write_once(sl->len, sl->len + 1);
	b->count++;
	return 0;
}

int enetstl_bkt_pop_front(struct enetstl_bkt_core *b, void *val, u32 size,
			  u32 slot)
{
	struct enetstl_bkt_slot *sl;
	struct enetstl_bkt_elem *e;

	if (slot >= b->nr_slots || size != b->elem_size)
		return -EINVAL;
	sl = enetstl_chunks_peek(&b->slots, slot);
	if (!sl || !sl->len)
		return -ENOENT;
	e = sl->head;
	bkt_copy(val, bkt_data(e), size);
	sl->head = e->next;
	enetstl_write_once(sl->len, sl->len - 1);
	b->count--;
	e->next = b->free_list;
	b->free_list = e;
	return 0;
}

int enetstl_bkt_len(const struct enetstl_bkt_core *b, u32 slot)
{
	struct enetstl_bkt_slot *sl;

	if (slot >= b->nr_slots)
		return -EINVAL;
	sl = enetstl_chunks_peek(&b->slots, slot);
	return sl ? (int)enetstl_read_once(sl->len) : 0;
}

/*
 * Pop up to size / elem_size elements of slot, oldest first, into buf:
 * one pass over the list under the caller's lock instead of one call and
 * one lock round trip per element.  The popped run is already linked in
 * FIFO order, so it goes to the free list in one splice.
 */
static inline int bkt_drain(struct enetstl_bkt_core *b, void *buf, u32 size,
			    u32 slot)
{
	struct enetstl_bkt_elem *first, *e, *last = NULL;
	u32 esz = b->elem_size, len, n;
	struct enetstl_bkt_slot *sl;
	u8 *out = buf;

	if (slot >= b->nr_slots || size < esz)
		return -EINVAL;
	sl = enetstl_chunks_peek(&b->slots, slot);
	if (!sl || !sl->len)
		return 0;
	len = sl->len;
	first = sl->head;
	e = first;
	/* No division for the number that fits: it costs more than a copy. */
	for (n = 0; n < len && size >= esz; n++, size -= esz) {
		bkt_copy(out, bkt_data(e), esz);
		out += esz;
		last = e;
		e = e->next;
	}
	sl->head = e;
	enetstl_write_once(sl->len, len - n);
	b->count -= n;
	last->next = b->free_list;
	b->free_list = first;
	return (int)n;
}

int enetstl_bkt_push_back(struct enetstl_bkt_core *b, const void *val,
			  u32 size, u32 slot)
{
	return bkt_push_back(b, val, size, slot);
}

int enetstl_bkt_drain(struct enetstl_bkt_core *b, void *buf, u32 size,
		      u32 slot)
{
	return bkt_drain(b, buf, size, slot);
}

/* One call, no inner ones: both halves are inlined here. */
int enetstl_bkt_push_drain(struct enetstl_bkt_core *b, const void *req,
			   u32 req_size, void *buf, u32 size)
{
	const struct enetstl_bkt_xfer *x = req;
	int err;

	/* Every argument is checked first: a bad drain pushes nothing. */
	if (req_size != sizeof(*x) + b->elem_size ||
	    x->drain_slot >= b->nr_slots || size < b->elem_size)
		return -EINVAL;
	err = bkt_push_back(b, x + 1, b->elem_size, x->push_slot);
	if (err)
		return err;
	return bkt_drain(b, buf, size, x->drain_slot);
}
