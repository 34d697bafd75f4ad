/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cores of the eNetSTL objects held as kptrs (memory wrapper, list
 * buckets, GEO random pool), shared by eNetSTL.ko and the host tests.
 * They hold no locks and no reference counts: kptr_objs.c wraps them with
 * both.  Semantics, errors and limits: uapi/enetstl.h.
 */
#ifndef _ENETSTL_OBJ_CORE_H
#define _ENETSTL_OBJ_CORE_H

#include "enetstl_shim.h"
#include "enetstl.h"

/*
 * Chunked storage of nr fixed-size slots: slot i lives in chunk
 * i >> shift; chunks are allocated (zeroed) on first use and never given
 * back before the store is destroyed, so a slot's address is stable.
 */
struct enetstl_chunks {
	u8 *chunk0;	/* chunk[0], one load less for the first slots */
	u32 stride;	/* bytes per slot, a multiple of 8 */
	u32 shift;	/* log2(slots per chunk) */
	u32 nr;		/* slots */
	u32 nr_chunks;
	u8 **chunk;
};

/* At most this many chunks per store (bounds the pointer table). */
#define ENETSTL_MAX_CHUNKS	4096

int enetstl_chunks_init(struct enetstl_chunks *c, u32 stride, u32 nr);
void enetstl_chunks_destroy(struct enetstl_chunks *c);
/* Slot idx (< nr), allocating its chunk if needed; NULL when out of memory. */
void *enetstl_chunks_get(struct enetstl_chunks *c, u32 idx);

/* Slot idx if its chunk exists, else NULL (idx must be < nr). */
static inline void *enetstl_chunks_peek(const struct enetstl_chunks *c,
					u32 idx)
{
	u32 ci = idx >> c->shift;
	u8 *chunk = ci ? enetstl_read_once(c->chunk[ci]) :
			 enetstl_read_once(c->chunk0);

	if (!chunk)
		return NULL;
	return chunk + (size_t)(idx & ((1U << c->shift) - 1)) * c->stride;
}

/* ---- memory wrapper ---- */

struct enetstl_mem_core {
	struct enetstl_chunks nodes;
	u32 node_size;
	u32 nr_links;
	u32 max_nodes;
	u32 data_off;		/* node data's offset inside a slot */
	u32 lptr_off;		/* links' offset inside a slot */
	u32 next_unused;	/* [next_unused, max_nodes) never allocated */
	u32 free_head;		/* freed nodes, LIFO, ENETSTL_MEM_NONE ends */
	u32 nr_alloc;
};

int enetstl_mem_init(struct enetstl_mem_core *m, u32 node_size,
		     u32 max_nodes, u32 nr_links);
void enetstl_mem_destroy(struct enetstl_mem_core *m);
int enetstl_mem_alloc(struct enetstl_mem_core *m);
int enetstl_mem_free(struct enetstl_mem_core *m, u32 idx);
void *enetstl_mem_data(const struct enetstl_mem_core *m, u32 idx, u32 size);
int enetstl_mem_read(const struct enetstl_mem_core *m, u32 idx, u32 off,
		     void *buf, u32 size);
int enetstl_mem_write(struct enetstl_mem_core *m, u32 idx, u32 off,
		      const void *buf, u32 size);
int enetstl_mem_connect(struct enetstl_mem_core *m, u32 from, u32 slot,
			u32 to);
int enetstl_mem_disconnect(struct enetstl_mem_core *m, u32 from, u32 slot);
int enetstl_mem_next(const struct enetstl_mem_core *m, u32 from, u32 slot);
int enetstl_mem_walk(const struct enetstl_mem_core *m, u32 from, u32 slot,
		     u32 key_off, u64 key);
int enetstl_mem_descend(const struct enetstl_mem_core *m, u64 key,
			u32 *path, u32 size, u32 key_off);
int enetstl_mem_find(const struct enetstl_mem_core *m, const void *req,
		     u32 req_size, void *buf, u32 size);

/* ---- list buckets ---- */

struct enetstl_bkt_core {
	struct enetstl_chunks elems;	/* next pointer, element */
	struct enetstl_chunks slots;	/* struct enetstl_bkt_slot */
	u32 nr_slots;
	u32 elem_size;
	u32 capacity;
	u32 next_unused;	/* elements ever taken from the chunks */
	void *free_list;	/* popped elements, LIFO, linked by pointer */
	void *slot_flat;	/* all slots, when small; else in slots */
};

int enetstl_bkt_init(struct enetstl_bkt_core *b, u32 nr_slots,
		     u32 elem_size, u32 capacity);
void enetstl_bkt_destroy(struct enetstl_bkt_core *b);
int enetstl_bkt_push_back(struct enetstl_bkt_core *b, const void *val,
			  u32 size, u32 slot);
int enetstl_bkt_pop_front(struct enetstl_bkt_core *b, void *val, u32 size,
			  u32 slot);
int enetstl_bkt_len(const struct enetstl_bkt_core *b, u32 slot);
int enetstl_bkt_drain(struct enetstl_bkt_core *b, void *buf, u32 size,
		      u32 slot);
int enetstl_bkt_push_drain(struct enetstl_bkt_core *b, const void *req,
			   u32 req_size, void *buf, u32 size);

/* ---- GEO random pool ---- */

/* Draw parameters for one probability p = num / den. */
struct enetstl_geo_param {
	u64 recip;	/* 1 / -log2(1 - p): a 63-bit mantissa ... */
	u32 shift;	/* ... and its binary point, for one multiply a draw */
	bool always;	/* p == 1: every count is 1 */
};

#define ENETSTL_GEO_HALF	(ENETSTL_GEO_POOL_SIZE / 2)

/* One CPU's pool. */
struct enetstl_geo_cpu {
	u32 idx;		/* next value to take */
	u32 countdown;		/* should_do: calls left up to the next 1 */
	u32 fresh[2];		/* half h holds values not yet taken */
	u32 vals[ENETSTL_GEO_POOL_SIZE];
};

/*
 * Table for draws in a few instructions, identical to enetstl_geo_draw():
 * with x = rnd + 1, bucket (floor(log2 x), next `bits` bits of x) holds
 * the count g at its top end and, when the bucket spans one step of the
 * count, the rnd below which the count is g + 1 (thr; 0: no step).
 * g == 0 marks a bucket the table cannot answer (several steps, or x <
 * 2^bits): such draws take enetstl_geo_draw().
 */
struct enetstl_geo_step {
	u32 g;
	u32 thr;
};

#define ENETSTL_GEO_FAST_MAX_BITS	7

struct enetstl_geo_fast {
	u32 bits;
	struct enetstl_geo_step step[];	/* 33 << bits buckets */
};

/* Bytes of the table for gp; 0 when none is needed (p == 1). */
size_t enetstl_geo_fast_size(const struct enetstl_geo_param *gp);
/* Fill a table of enetstl_geo_fast_size(gp) bytes (~10^4 draws). */
void enetstl_geo_fast_build(const struct enetstl_geo_param *gp,
			    struct enetstl_geo_fast *fast);

/* log2(x) in 32.32 fixed point, x >= 1, within 6e-10 (2^-30.6). */
u64 enetstl_log2_q32(u64 x);
int enetstl_geo_param_init(struct enetstl_geo_param *gp, u32 num, u32 den);
/* One count from 32 uniform random bits. */
u32 enetstl_geo_draw(const struct enetstl_geo_param *gp, u32 rnd);
/*
 * Take the next count of a CPU's pool.  Returns true in *refill when the
 * pool just left a half, which the caller should get refilled.
 */
u32 enetstl_geo_take(struct enetstl_geo_cpu *pc,
		     const struct enetstl_geo_param *gp, bool *refill);
bool enetstl_geo_should_do(struct enetstl_geo_cpu *pc,
			   const struct enetstl_geo_param *gp, bool *refill);
/* As enetstl_geo_draw(gp, rnd), through fast's table when not NULL. */
u32 enetstl_geo_draw_fast(const struct enetstl_geo_param *gp,
			  const struct enetstl_geo_fast *fast, u32 rnd);
/*
 * Refill the halves the fast path has used up (not the one it is in),
 * through fast's table when not NULL.
 */
void enetstl_geo_refill(struct enetstl_geo_cpu *pc,
			const struct enetstl_geo_param *gp,
			const struct enetstl_geo_fast *fast);

#endif /* _ENETSTL_OBJ_CORE_H */
