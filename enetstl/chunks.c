// SPDX-License-Identifier: GPL-2.0
/*
 * Chunked, lazily allocated slot storage: the non-contiguous memory behind
 * the memory wrapper's nodes and the list buckets' elements.
 */
#include "obj_core.h"

static u32 log2_floor(u32 v)
{
	return 31 - (u32)__builtin_clz(v);
}

int enetstl_chunks_init(struct enetstl_chunks *c, u32 stride, u32 nr)
{
	u32 per_chunk, min_per_chunk;

	if (!stride || !nr || stride % 8)
		return -EINVAL;
	/*
	 * A chunk holds a power of two of slots: as many as fit in
	 * ENETSTL_CHUNK_BYTES (at least one), more when needed to stay
	 * within ENETSTL_MAX_CHUNKS chunks.
	 */
	per_chunk = stride >= ENETSTL_CHUNK_BYTES ? 1 :
		    1U << log2_floor(ENETSTL_CHUNK_BYTES / stride);
	min_per_chunk = (u32)(((u64)nr + ENETSTL_MAX_CHUNKS - 1) /
			      ENETSTL_MAX_CHUNKS);
	while (per_chunk < min_per_chunk)
		per_chunk <<= 1;
	c->stride = stride;
	c->shift = log2_floor(per_chunk);
	c->nr = nr;
	c->nr_chunks = (u32)(((u64)nr + per_chunk - 1) >> c->shift);
	c->chunk0 = NULL;
	c->chunk = enetstl_zalloc(sizeof(*c->chunk) * c->nr_chunks);
	return c->chunk ? 0 : -ENOMEM;
}

void enetstl_chunks_destroy(struct enetstl_chunks *c)
{
	u32 i;

	if (!c->chunk)
		return;
	for (i = 0; i < c->nr_chunks; i++)
		enetstl_free(c->chunk[i]);
	enetstl_free(c->chunk);
	c->chunk = NULL;
	c->chunk0 = NULL;
}

void *enetstl_chunks_get(struct enetstl_chunks *c, u32 idx)
{
	u32 ci = idx >> c->shift;
	u32 slots;
	u8 *chunk;

	if (!c->chunk[ci]) {
		/* The last chunk holds only the slots that exist. */
		slots = c->nr - (ci << c->shift);
		if (slots > (1U << c->shift))
			slots = 1U << c->shift;
		chunk = enetstl_zalloc((size_t)slots * c->stride);
		if (!chunk)
			return NULL;
		/* Lockless readers (peek) see a zeroed chunk or none. */
		enetstl_store_release(&c->chunk[ci], chunk);
		if (!ci)
			enetstl_store_release(&c->chunk0, chunk);
	}
	return enetstl_chunks_peek(c, idx);
}
