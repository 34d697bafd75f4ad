// SPDX-License-Identifier: GPL-2.0
/*
 * List buckets core: nr_slots FIFO lists threaded through one pool of
 * capacity fixed-size elements (chunked, allocated on first use, recycled
 * through a free list), as a timing wheel needs.
 */
#include "obj_core.h"

struct enetstl_bkt_slot {
	u32 head;
	u32 tail;
	u32 len;
	u32 pad;
};

/* Element header; the element's bytes follow at offset 8. */
struct enetstl_bkt_elem {
	u32 next;
	u32 pad;
};

#define BKT_ELEM_OFF	sizeof(struct enetstl_bkt_elem)

static inline struct enetstl_bkt_elem *bkt_elem(struct enetstl_bkt_core *b,
						u32 idx)
{
	return enetstl_chunks_peek(&b->elems, idx);
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
	b->free_head = ENETSTL_MEM_NONE;
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

int enetstl_bkt_push_back(struct enetstl_bkt_core *b, const void *val,
			  u32 size, u32 slot)
{
	struct enetstl_bkt_slot *sl;
	struct enetstl_bkt_elem *e;
	u32 idx;

	if (slot >= b->nr_slots || size != b->elem_size)
		return -EINVAL;
	if (b->count >= b->capacity)
		return -ENOSPC;
	sl = enetstl_chunks_get(&b->slots, slot);
	if (!sl)
		return -ENOMEM;
	if (b->free_head != ENETSTL_MEM_NONE) {
		idx = b->free_head;
		e = bkt_elem(b, idx);
		b->free_head = e->next;
	} else {
		/* count < capacity and the free list is empty: unused left */
		idx = b->next_unused;
		e = enetstl_chunks_get(&b->elems, idx);
		if (!e)
			return -ENOMEM;
		b->next_unused++;
	}
	memcpy((u8 *)e + BKT_ELEM_OFF, val, size);
	e->next = ENETSTL_MEM_NONE;
	if (sl->len)
		bkt_elem(b, sl->tail)->next = idx;
	else
		sl->head = idx;
	sl->tail = idx;
	sl->len++;
	b->count++;
	return 0;
}

int enetstl_bkt_pop_front(struct enetstl_bkt_core *b, void *val, u32 size,
			  u32 slot)
{
	struct enetstl_bkt_slot *sl;
	struct enetstl_bkt_elem *e;
	u32 idx;

	if (slot >= b->nr_slots || size != b->elem_size)
		return -EINVAL;
	sl = enetstl_chunks_peek(&b->slots, slot);
	if (!sl || !sl->len)
		return -ENOENT;
	idx = sl->head;
	e = bkt_elem(b, idx);
	memcpy(val, (u8 *)e + BKT_ELEM_OFF, size);
	sl->head = e->next;
	sl->len--;
	b->count--;
	e->next = b->free_head;
	b->free_head = idx;
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
