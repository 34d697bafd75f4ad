// SPDX-License-Identifier: GPL-2.0
/*
 * Memory wrapper core: a container of fixed-size nodes addressed by index,
 * each with link slots naming other nodes of the same container.  Every
 * node counts the links that point at it, so a node that is still linked
 * to cannot be freed and no link ever names a free or reused node.
 */
#include "obj_core.h"

struct enetstl_mem_meta {
	u32 indeg;	/* links (from any node) that point here */
	u32 allocated;
	u32 next_free;
	u32 pad;
};

static inline struct enetstl_mem_meta *
mem_meta(const struct enetstl_mem_core *m, u32 idx)
{
	if (idx >= m->max_nodes)
		return NULL;
	return enetstl_chunks_peek(&m->nodes, idx);
}

/* The node idx if it exists and is allocated, else NULL. */
static inline struct enetstl_mem_meta *
mem_node(const struct enetstl_mem_core *m, u32 idx)
{
	struct enetstl_mem_meta *meta = mem_meta(m, idx);

	return meta && enetstl_read_once(meta->allocated) ? meta : NULL;
}

static inline u32 *mem_links(struct enetstl_mem_meta *meta)
{
	return (u32 *)(meta + 1);
}

static inline u8 *mem_bytes(const struct enetstl_mem_core *m,
			    struct enetstl_mem_meta *meta)
{
	return (u8 *)meta + m->data_off;
}

int enetstl_mem_init(struct enetstl_mem_core *m, u32 node_size,
		     u32 max_nodes, u32 nr_links)
{
	u32 stride;

	if (!node_size || node_size > ENETSTL_MEM_MAX_NODE_SIZE ||
	    !max_nodes || max_nodes > ENETSTL_MEM_MAX_NODES ||
	    nr_links > ENETSTL_MEM_MAX_LINKS)
		return -EINVAL;
	m->node_size = node_size;
	m->nr_links = nr_links;
	m->max_nodes = max_nodes;
	m->data_off = (sizeof(struct enetstl_mem_meta) +
		       nr_links * sizeof(u32) + 7) & ~7U;
	m->next_unused = 0;
	m->free_head = ENETSTL_MEM_NONE;
	m->nr_alloc = 0;
	stride = (m->data_off + node_size + 7) & ~7U;
	return enetstl_chunks_init(&m->nodes, stride, max_nodes);
}

void enetstl_mem_destroy(struct enetstl_mem_core *m)
{
	enetstl_chunks_destroy(&m->nodes);
}

int enetstl_mem_alloc(struct enetstl_mem_core *m)
{
	struct enetstl_mem_meta *meta;
	u32 idx, i;

	if (m->free_head != ENETSTL_MEM_NONE) {
		idx = m->free_head;
		meta = mem_meta(m, idx);
		m->free_head = meta->next_free;
	} else {
		if (m->next_unused >= m->max_nodes)
			return -ENOSPC;
		idx = m->next_unused;
		meta = enetstl_chunks_get(&m->nodes, idx);
		if (!meta)
			return -ENOMEM;
		m->next_unused++;
	}
	memset(mem_bytes(m, meta), 0, m->node_size);
	for (i = 0; i < m->nr_links; i++)
		enetstl_write_once(mem_links(meta)[i], ENETSTL_MEM_NONE);
	meta->indeg = 0;
	meta->next_free = ENETSTL_MEM_NONE;
	enetstl_write_once(meta->allocated, 1);
	m->nr_alloc++;
	return (int)idx;
}

/* Empty one link slot, keeping the target's in-degree right. */
static void mem_unlink(struct enetstl_mem_core *m, u32 *link)
{
	u32 old = *link;

	if (old == ENETSTL_MEM_NONE)
		return;
	mem_meta(m, old)->indeg--;
	enetstl_write_once(*link, ENETSTL_MEM_NONE);
}

int enetstl_mem_free(struct enetstl_mem_core *m, u32 idx)
{
	struct enetstl_mem_meta *meta = mem_node(m, idx);
	u32 i, self = 0;

	if (!meta)
		return -EINVAL;
	for (i = 0; i < m->nr_links; i++)
		self += mem_links(meta)[i] == idx;
	if (meta->indeg > self)
		return -EBUSY;
	for (i = 0; i < m->nr_links; i++)
		mem_unlink(m, &mem_links(meta)[i]);
	enetstl_write_once(meta->allocated, 0);
	meta->next_free = m->free_head;
	m->free_head = idx;
	m->nr_alloc--;
	return 0;
}

void *enetstl_mem_data(const struct enetstl_mem_core *m, u32 idx, u32 size)
{
	struct enetstl_mem_meta *meta;

	if (!size || size > m->node_size)
		return NULL;
	meta = mem_node(m, idx);
	return meta ? mem_bytes(m, meta) : NULL;
}

/* Node idx's data if [off, off + size) lies inside it, else NULL. */
static u8 *mem_range(const struct enetstl_mem_core *m, u32 idx, u32 off,
		     u32 size)
{
	struct enetstl_mem_meta *meta = mem_node(m, idx);

	if (!meta || off > m->node_size || size > m->node_size - off)
		return NULL;
	return mem_bytes(m, meta) + off;
}

int enetstl_mem_read(const struct enetstl_mem_core *m, u32 idx, u32 off,
		     void *buf, u32 size)
{
	u8 *p = mem_range(m, idx, off, size);

	if (!p)
		return -EINVAL;
	memcpy(buf, p, size);
	return 0;
}

int enetstl_mem_write(struct enetstl_mem_core *m, u32 idx, u32 off,
		      const void *buf, u32 size)
{
	u8 *p = mem_range(m, idx, off, size);

	if (!p)
		return -EINVAL;
	memcpy(p, buf, size);
	return 0;
}

int enetstl_mem_connect(struct enetstl_mem_core *m, u32 from, u32 slot,
			u32 to)
{
	struct enetstl_mem_meta *src = mem_node(m, from);
	struct enetstl_mem_meta *dst = mem_node(m, to);

	if (!src || !dst || slot >= m->nr_links)
		return -EINVAL;
	/* Count the new link first: from may already link to "to". */
	dst->indeg++;
	mem_unlink(m, &mem_links(src)[slot]);
	enetstl_write_once(mem_links(src)[slot], to);
	return 0;
}

int enetstl_mem_disconnect(struct enetstl_mem_core *m, u32 from, u32 slot)
{
	struct enetstl_mem_meta *src = mem_node(m, from);

	if (!src || slot >= m->nr_links)
		return -EINVAL;
	if (mem_links(src)[slot] == ENETSTL_MEM_NONE)
		return -ENOENT;
	mem_unlink(m, &mem_links(src)[slot]);
	return 0;
}

int enetstl_mem_next(const struct enetstl_mem_core *m, u32 from, u32 slot)
{
	struct enetstl_mem_meta *src = mem_node(m, from);
	u32 to;

	if (!src || slot >= m->nr_links)
		return -EINVAL;
	to = enetstl_read_once(mem_links(src)[slot]);
	return to == ENETSTL_MEM_NONE ? -ENOENT : (int)to;
}
