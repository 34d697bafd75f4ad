// SPDX-License-Identifier: GPL-2.0
/*
 * Memory wrapper core: a container of fixed-size nodes addressed by index,
 * each with link slots naming other nodes of the same container.  Every
 * node counts the links that point at it, so a node that is still linked
 * to cannot be freed and no link ever names a free or reused node.
 */
#include "obj_core.h"

/*
 * A node's slot: this header, nr_links link indices, the same links as
 * pointers to the target's header (so ordered walks follow them like a
 * native linked structure, with no index to chunk translation per hop;
 * chunks are never freed before the container, so they stay valid), then
 * the data.
 */
struct enetstl_mem_meta {
	u32 indeg;	/* links (from any node) that point here */
	u32 allocated;
	u32 next_free;
	u32 self;	/* this node's index */
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

static inline struct enetstl_mem_meta **
mem_lptrs(const struct enetstl_mem_core *m, struct enetstl_mem_meta *meta)
{
	return (struct enetstl_mem_meta **)((u8 *)meta + m->lptr_off);
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
	m->lptr_off = (sizeof(struct enetstl_mem_meta) +
		       nr_links * sizeof(u32) + 7) & ~7U;
	m->data_off = m->lptr_off + nr_links * sizeof(void *);
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
	for (i = 0; i < m->nr_links; i++) {
		enetstl_write_once(mem_links(meta)[i], ENETSTL_MEM_NONE);
		enetstl_write_once(mem_lptrs(m, meta)[i], NULL);
	}
	meta->self = idx;
	meta->indeg = 0;
	meta->next_free = ENETSTL_MEM_NONE;
	enetstl_write_once(meta->allocated, 1);
	m->nr_alloc++;
	return (int)idx;
}

/* Empty link slot `slot` of meta, keeping the target's in-degree right. */
static void mem_unlink(struct enetstl_mem_core *m,
		       struct enetstl_mem_meta *meta, u32 slot)
{
	u32 old = mem_links(meta)[slot];

	if (old == ENETSTL_MEM_NONE)
		return;
	mem_meta(m, old)->indeg--;
	enetstl_write_once(mem_lptrs(m, meta)[slot], NULL);
	enetstl_write_once(mem_links(meta)[slot], ENETSTL_MEM_NONE);
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
		mem_unlink(m, meta, i);
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
	mem_unlink(m, src, slot);
	enetstl_write_once(mem_lptrs(m, src)[slot], dst);
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
	mem_unlink(m, src, slot);
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

/*
 * From node meta along link slot `slot`, move on while the next node's key
 * (at key_at in its slot) is < key, following the link pointers.  They
 * only ever name nodes of this container; a lockless reader racing with a
 * writer may follow one to a node just unlinked, still container memory.
 * *hops bounds the total work, which cycles would otherwise make endless.
 * Returns where it stops, or NULL when the bound was hit.
 */
static struct enetstl_mem_meta *
mem_walk_level(struct enetstl_mem_meta *meta, u32 lptr_off, u32 slot,
	       u32 key_at, u64 key, u32 *hops)
{
	struct enetstl_mem_meta *next;
	u32 n = *hops;
	u64 k;

	for (;;) {
		next = enetstl_read_once(((struct enetstl_mem_meta **)
					  ((u8 *)meta + lptr_off))[slot]);
		if (!next)
			break;
		memcpy(&k, (u8 *)next + key_at, sizeof(k));
		if (k >= key)
			break;
		if (++n > ENETSTL_MEM_WALK_MAX_HOPS)
			return NULL;
		meta = next;
	}
	*hops = n;
	return meta;
}

static bool mem_walk_args_ok(const struct enetstl_mem_core *m, u32 key_off)
{
	return key_off <= m->node_size &&
	       m->node_size - key_off >= sizeof(u64);
}

int enetstl_mem_walk(const struct enetstl_mem_core *m, u32 from, u32 slot,
		     u32 key_off, u64 key)
{
	struct enetstl_mem_meta *meta = mem_node(m, from);
	u32 hops = 0;

	if (!meta || slot >= m->nr_links || !mem_walk_args_ok(m, key_off))
		return -EINVAL;
	meta = mem_walk_level(meta, m->lptr_off, slot, m->data_off + key_off,
			      key, &hops);
	return meta ? (int)meta->self : -E2BIG;
}

int enetstl_mem_descend(const struct enetstl_mem_core *m, u64 key,
			u32 *path, u32 size, u32 key_off)
{
	u32 nr = size / sizeof(u32), l, hops = 0, lptr_off, key_at, nxt;
	struct enetstl_mem_meta *meta;

	if (!nr || nr > m->nr_links || !mem_walk_args_ok(m, key_off))
		return -EINVAL;
	meta = mem_node(m, path[nr - 1]);
	if (!meta)
		return -EINVAL;
	/* Locals: the stores to path[] could alias the container's fields. */
	lptr_off = m->lptr_off;
	key_at = m->data_off + key_off;
	for (l = nr; l-- > 0;) {
		meta = mem_walk_level(meta, lptr_off, l, key_at, key, &hops);
		if (!meta)
			return -E2BIG;
		path[l] = meta->self;
	}
	nxt = enetstl_read_once(mem_links(meta)[0]);
	return nxt == ENETSTL_MEM_NONE ? -ENOENT : (int)nxt;
}
