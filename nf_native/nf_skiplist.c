// SPDX-License-Identifier: GPL-2.0
/*
 * Native skip list: the textbook structure with pointer links, nodes from
 * a fixed pool with a free list (what a kernel implementation would get
 * from a kmem_cache).  Same levels (sl_level) and results as skiplist.bpf.c.
 */
#include "nf_native.h"

void nf_skiplist_init(struct nf_skiplist *s)
{
	u32 i;

	memset(&s->head, 0, sizeof(s->head));
	s->free = NULL;
	for (i = SL_MAX_KEYS; i-- > 0;) {
		s->pool[i].next[0] = s->free;
		s->free = &s->pool[i];
	}
	s->nr_keys = 0;
}

static struct nf_sl_node *sl_find(struct nf_skiplist *s, u64 key,
				  struct nf_sl_node **upd)
{
	struct nf_sl_node *cur = &s->head;
	int l;

	for (l = SL_LEVELS - 1; l >= 0; l--) {
		while (cur->next[l] && cur->next[l]->key < key)
			cur = cur->next[l];
		upd[l] = cur;
	}
	return cur->next[0];
}

int nf_skiplist_lookup(struct nf_skiplist *s, u64 key, u64 *val)
{
	struct nf_sl_node *upd[SL_LEVELS];
	struct nf_sl_node *x = sl_find(s, key, upd);

	if (!x || x->key != key)
		return SL_MISSING;
	*val = x->val;
	return SL_OK;
}

int nf_skiplist_insert(struct nf_skiplist *s, u64 key, u64 val)
{
	struct nf_sl_node *upd[SL_LEVELS];
	struct nf_sl_node *x = sl_find(s, key, upd);
	u32 l, lvl;

	if (x && x->key == key) {
		x->val = val;
		return SL_UPDATED;
	}
	if (!s->free)
		return SL_FULL;
	x = s->free;
	s->free = x->next[0];
	memset(x, 0, sizeof(*x));
	x->key = key;
	x->val = val;
	lvl = sl_level(key);
	for (l = 0; l < lvl; l++) {
		x->next[l] = upd[l]->next[l];
		upd[l]->next[l] = x;
	}
	s->nr_keys++;
	return SL_OK;
}

int nf_skiplist_delete(struct nf_skiplist *s, u64 key)
{
	struct nf_sl_node *upd[SL_LEVELS];
	struct nf_sl_node *x = sl_find(s, key, upd);
	u32 l;

	if (!x || x->key != key)
		return SL_MISSING;
	for (l = 0; l < SL_LEVELS && upd[l]->next[l] == x; l++)
		upd[l]->next[l] = x->next[l];
	x->next[0] = s->free;
	s->free = x;
	s->nr_keys--;
	return SL_OK;
}
