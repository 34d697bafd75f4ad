// SPDX-License-Identifier: GPL-2.0
/*
 * Memory wrapper core: a container of fixed-size nodes addressed by index,
 * each with link slots naming other nodes of the same container.  Every
 * node counts the links that point at it, so a node that is still linked
 * to cannot be freed and no link ever names a free or reused node.
 */
#include "obj_core.h"

/*
 * A node's slot: this header, the data, then nr_links links.  A link is a
 * pointer to the target's slot, so a walk needs no index to chunk
 * translation per hop.  An empty link points at mem_end, a read-only
 * stand-in slot whose bytes are all ones: its key, at any key offset, is
 * the largest, so an ordered walk stops there on its key compare alone,
 * with no separate "no link" test per hop (one branch less in the hot
 * loop, which made the walk faster and much less sensitive to code
 * alignment on the AMD EPYC hosts here).  The key is not at offset 0 of
 * what a link points to: a walk whose key loads hit the links' own target
 * addresses ran about a third slower there.
 *
 * Readers (walk, descend, find, next) run without the container's lock.
 * A link holds mem_end or an allocated node of this container: alloc sets
 * every link to mem_end before it publishes the node (release store of
 * allocated; connect's release store of a link to it), free sets them
 * back to mem_end, and only connect stores a node, under the lock.  A
 * reader reaches nodes only by index through mem_node() (acquire load of
 * allocated) or through links, so it never sees the NULL links of slots
 * never allocated.  Chunks are freed only with the container.  So a
 * lockless reader that follows any link it can see, even one just cleared
 * or to a node freed since, stays inside the container's nodes (or stops
 * at mem_end): at worst it reads a stale key or misses a node being
 * linked, as documented in enetstl.h.
 */
struct enetstl_mem_meta {
	u32 indeg;	/* links (from any node) that point here */
	u32 allocated;
	u32 next_free;
	u32 self;	/* this node's index: fixed by its slot */
};

#define MEM_END_SIZE	(sizeof(struct enetstl_mem_meta) + \
			 ENETSTL_MEM_MAX_NODE_SIZE)
static const u8 mem_end[MEM_END_SIZE] = { [0 ... MEM_END_SIZE - 1] = 0xff };
/* Never written through: nothing links from it or counts links to it. */
#define MEM_END		((u8 *)mem_end)

static inline struct enetstl_mem_meta *mem_meta(u8 *slot)
{
	return (struct enetstl_mem_meta *)slot;
}

static inline u8 **mem_links(const struct enetstl_mem_core *m, u8 *slot)
{
	return (u8 **)(slot + m->lptr_off);
}

/* Slot idx if its chunk exists, else NULL. */
static inline u8 *mem_slot(const struct enetstl_mem_core *m, u32 idx)
{
	if (idx >= m->max_nodes)
		return NULL;
	return enetstl_chunks_peek(&m->nodes, idx);
}

/* The node idx if it exists and is allocated, else NULL. */
static inline u8 *mem_node(const struct enetstl_mem_core *m, u32 idx)
{
	u8 *slot = mem_slot(m, idx);

	return slot && enetstl_load_acquire(&mem_meta(slot)->allocated) ?
	       slot : NULL;
}

int enetstl_mem_init(struct enetstl_mem_core *m, u32 node_size,
		     u32 max_nodes, u32 nr_links)
{
	if (!node_size || node_size > ENETSTL_MEM_MAX_NODE_SIZE ||
	    !max_nodes || max_nodes > ENETSTL_MEM_MAX_NODES ||
	    nr_links > ENETSTL_MEM_MAX_LINKS)
		return -EINVAL;
	m->node_size = node_size;
	m->nr_links = nr_links;
	m->max_nodes = max_nodes;
	m->data_off = sizeof(struct enetstl_mem_meta);
	m->lptr_off = m->data_off + ((node_size + 7) & ~7U);
	m->next_unused = 0;
	m->free_head = ENETSTL_MEM_NONE;
	m->nr_alloc = 0;
	return enetstl_chunks_init(&m->nodes,
				   m->lptr_off + nr_links * sizeof(u8 *),
				   max_nodes);
}

void enetstl_mem_destroy(struct enetstl_mem_core *m)
{
	enetstl_chunks_destroy(&m->nodes);
}

int enetstl_mem_alloc(struct enetstl_mem_core *m)
{
	struct enetstl_mem_meta *meta;
	u32 idx, i;
	u8 *slot;

	if (m->free_head != ENETSTL_MEM_NONE) {
		idx = m->free_head;
		slot = mem_slot(m, idx);
		m->free_head = mem_meta(slot)->next_free;
	} else {
		if (m->next_unused >= m->max_nodes)
			return -ENOSPC;
		idx = m->next_unused;
		slot = enetstl_chunks_get(&m->nodes, idx);
		if (!slot)
			return -ENOMEM;
		m->next_unused++;
	}
	meta = mem_meta(slot);
	memset(slot + m->data_off, 0, m->node_size);
	for (i = 0; i < m->nr_links; i++)
		enetstl_write_once(mem_links(m, slot)[i], MEM_END);
	meta->self = idx;
	meta->indeg = 0;
	meta->next_free = ENETSTL_MEM_NONE;
	/* Pairs with mem_node(): a reader sees the links initialized. */
	enetstl_store_release(&meta->allocated, 1);
	m->nr_alloc++;
	return (int)idx;
}

/* Empty link `l` of slot, keeping the target's in-degree right. */
static void mem_unlink(struct enetstl_mem_core *m, u8 *slot, u32 l)
{
	u8 *old = mem_links(m, slot)[l];

	if (old == MEM_END)
		return;
	mem_meta(old)->indeg--;
	enetstl_write_once(mem_links(m, slot)[l], MEM_END);
}

int enetstl_mem_free(struct enetstl_mem_core *m, u32 idx)
{
	u8 *slot = mem_node(m, idx);
	struct enetstl_mem_meta *meta;
	u32 i, self = 0;

	if (!slot)
		return -EINVAL;
	meta = mem_meta(slot);
	for (i = 0; i < m->nr_links; i++)
		self += mem_links(m, slot)[i] == slot;
	if (meta->indeg > self)
		return -EBUSY;
	for (i = 0; i < m->nr_links; i++)
		mem_unlink(m, slot, i);
	enetstl_write_once(meta->allocated, 0);
	meta->next_free = m->free_head;
	m->free_head = idx;
	m->nr_alloc--;
	return 0;
}

void *enetstl_mem_data(const struct enetstl_mem_core *m, u32 idx, u32 size)
{
	u8 *slot;

	if (!size || size > m->node_size)
		return NULL;
	slot = mem_node(m, idx);
	return slot ? slot + m->data_off : NULL;
}

/* Node idx's data if [off, off + size) lies inside it, else NULL. */
static u8 *mem_range(const struct enetstl_mem_core *m, u32 idx, u32 off,
		     u32 size)
{
	u8 *slot = mem_node(m, idx);

	if (!slot || off > m->node_size || size > m->node_size - off)
		return NULL;
	return slot + m->data_off + off;
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

int enetstl_mem_connect(struct enetstl_mem_core *m, u32 from, u32 l, u32 to)
{
	u8 *src = mem_node(m, from);
	u8 *dst = mem_node(m, to);

	if (!src || !dst || l >= m->nr_links)
		return -EINVAL;
	/* Count the new link first: from may already link to "to". */
	mem_meta(dst)->indeg++;
	mem_unlink(m, src, l);
	/* A reader that sees the link sees the target's data written so far. */
	enetstl_store_release(&mem_links(m, src)[l], dst);
	return 0;
}

int enetstl_mem_disconnect(struct enetstl_mem_core *m, u32 from, u32 l)
{
	u8 *src = mem_node(m, from);

	if (!src || l >= m->nr_links)
		return -EINVAL;
	if (mem_links(m, src)[l] == MEM_END)
		return -ENOENT;
	mem_unlink(m, src, l);
	return 0;
}

int enetstl_mem_next(const struct enetstl_mem_core *m, u32 from, u32 l)
{
	u8 *src = mem_node(m, from);
	u8 *to;

	if (!src || l >= m->nr_links)
		return -EINVAL;
	to = enetstl_read_once(mem_links(m, src)[l]);
	return to != MEM_END ? (int)mem_meta(to)->self : -ENOENT;
}

/*
 * From slot along link `l` (at lptr_off + 8 l), move on while the next
 * node's key (at key_at in its slot) is < key; an empty link (mem_end)
 * stops it.  Links only ever name slots of this container or mem_end (see
 * the top of this file).  *hops bounds the total work, which cycles would
 * otherwise make endless.  Returns where it stops, or NULL when the bound
 * was hit.
 */
static __always_inline u8 *mem_walk_level(u8 *slot, u32 lptr_off, u32 l,
					  u32 key_at, u64 key, u32 *hops)
{
	u32 n = *hops;
	u8 *next;

	for (;;) {
		next = enetstl_read_once(((u8 **)(slot + lptr_off))[l]);
		if (enetstl_load64_ne(next + key_at) >= key)
			break;
		if (++n > ENETSTL_MEM_WALK_MAX_HOPS)
			return NULL;
		slot = next;
	}
	*hops = n;
	return slot;
}

static bool mem_walk_args_ok(const struct enetstl_mem_core *m, u32 key_off)
{
	return key_off <= m->node_size &&
	       m->node_size - key_off >= sizeof(u64);
}

int enetstl_mem_walk(const struct enetstl_mem_core *m, u32 from, u32 l,
		     u32 key_off, u64 key)
{
	u8 *slot = mem_node(m, from);
	u32 hops = 0;

	if (!slot || l >= m->nr_links || !mem_walk_args_ok(m, key_off))
		return -EINVAL;
	slot = mem_walk_level(slot, m->lptr_off, l, m->data_off + key_off,
			      key, &hops);
	return slot ? (int)mem_meta(slot)->self : -E2BIG;
}

int enetstl_mem_descend(const struct enetstl_mem_core *m, u64 key,
			u32 *path, u32 size, u32 key_off)
{
	u32 nr = size / sizeof(u32), l, hops = 0, lptr_off, key_at;
	u8 *slot, *next;

	if (!nr || nr > m->nr_links || !mem_walk_args_ok(m, key_off))
		return -EINVAL;
	slot = mem_node(m, path[nr - 1]);
	if (!slot)
		return -EINVAL;
	/* Locals: the stores to path[] could alias the container's fields. */
	lptr_off = m->lptr_off;
	key_at = m->data_off + key_off;
	for (l = nr; l-- > 0;) {
		slot = mem_walk_level(slot, lptr_off, l, key_at, key, &hops);
		if (!slot)
			return -E2BIG;
		path[l] = mem_meta(slot)->self;
	}
	next = enetstl_read_once(((u8 **)(slot + lptr_off))[0]);
	return next != MEM_END ? (int)mem_meta(next)->self : -ENOENT;
}

/*
 * A whole skip-list lookup: the search of enetstl_mem_descend from
 * req->start (no path recorded), then a copy of size bytes at val_off out
 * of the node found if its key is the key.
 */
int enetstl_mem_find(const struct enetstl_mem_core *m, const void *req,
		     u32 req_size, void *buf, u32 size)
{
	u32 start, levels, key_off, val_off, key_at, l, hops = 0;
	u8 *slot, *next, *val;
	u64 key;

	if (req_size != sizeof(struct enetstl_mem_find_req))
		return -EINVAL;
	/*
	 * Field by field: one wide load across fields the program stored
	 * separately would stall on store forwarding.
	 */
#define FIND_FIELD(dst, f)						\
	memcpy(&(dst), (const u8 *)req +				\
	       offsetof(struct enetstl_mem_find_req, f), sizeof(dst))
	FIND_FIELD(key, key);
	FIND_FIELD(start, start);
	FIND_FIELD(levels, levels);
	FIND_FIELD(key_off, key_off);
	FIND_FIELD(val_off, val_off);
#undef FIND_FIELD
	if (!levels || levels > m->nr_links || !mem_walk_args_ok(m, key_off) ||
	    val_off > m->node_size || size > m->node_size - val_off)
		return -EINVAL;
	slot = mem_node(m, start);
	if (!slot)
		return -EINVAL;
	key_at = m->data_off + key_off;
	for (l = levels; l-- > 0;) {
		slot = mem_walk_level(slot, m->lptr_off, l, key_at, key, &hops);
		if (!slot)
			return -E2BIG;
	}
	next = enetstl_read_once(mem_links(m, slot)[0]);
	if (next == MEM_END || enetstl_load64_ne(next + key_at) != key)
		return -ENOENT;
	val = next + m->data_off + val_off;
	/* An 8-byte value, the common case, without a memcpy call. */
	if (size == sizeof(u64))
		memcpy(buf, &(u64){ enetstl_load64_ne(val) }, sizeof(u64));
	else if (size)
		memcpy(buf, val, size);
	return (int)mem_meta(next)->self;
}
