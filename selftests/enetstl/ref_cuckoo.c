// SPDX-License-Identifier: GPL-2.0
/* Userspace cuckoo hash model; see ref_cuckoo.h and progs/cuckoo_common.h. */
#include <stdlib.h>
#include <string.h>

#include "ref_cuckoo.h"
#include "ref_hash.h"

int cuckoo_model_init(struct cuckoo_model *m, uint32_t nbuckets)
{
	memset(m, 0, sizeof(*m));
	if (!nbuckets || (nbuckets & (nbuckets - 1)) ||
	    nbuckets > CUCKOO_MAX_BUCKETS)
		return -1;
	m->mask = nbuckets - 1;
	m->b = calloc(nbuckets, sizeof(*m->b));
	return m->b ? 0 : -1;
}

void cuckoo_model_free(struct cuckoo_model *m)
{
	free(m->b);
	m->b = NULL;
}

struct item {
	uint64_t key[2];
	uint32_t val;
	uint16_t sig;
};

static uint32_t key_hash(const uint64_t key[2])
{
	return ref_crc32c(key, CUCKOO_KEY_SZ, CUCKOO_CRC_INIT);
}

static int find_key(const struct cuckoo_bucket *b, const uint64_t key[2],
		    uint16_t sig)
{
	for (int s = 0; s < CUCKOO_SLOTS; s++)
		if (b->sig[s] == sig && b->key[s][0] == key[0] &&
		    b->key[s][1] == key[1])
			return s;
	return -1;
}

static int find_empty(const struct cuckoo_bucket *b)
{
	for (int s = 0; s < CUCKOO_SLOTS; s++)
		if (!b->sig[s])
			return s;
	return -1;
}

static void put(struct cuckoo_bucket *b, int s, const struct item *it)
{
	b->key[s][0] = it->key[0];
	b->key[s][1] = it->key[1];
	b->val[s] = it->val;
	b->sig[s] = it->sig;
}

static void swap(struct cuckoo_bucket *b, int s, struct item *it)
{
	struct item old = {
		.key = { b->key[s][0], b->key[s][1] },
		.val = b->val[s],
		.sig = b->sig[s],
	};

	put(b, s, it);
	*it = old;
}

enum cuckoo_result cuckoo_model_insert(struct cuckoo_model *m,
				       const uint64_t key[2], uint32_t val)
{
	struct item cur = { .key = { key[0], key[1] }, .val = val };
	uint32_t h = key_hash(key), i1, i2, idx, path[CUCKOO_MAX_KICKS];
	int s, i;

	cur.sig = cuckoo_sig(h);
	i1 = h & m->mask;
	i2 = cuckoo_alt(i1, cur.sig, m->mask);
	s = find_key(&m->b[i1], key, cur.sig);
	if (s >= 0) {
		m->b[i1].val[s] = val;
		return CUCKOO_UPDATED;
	}
	s = find_key(&m->b[i2], key, cur.sig);
	if (s >= 0) {
		m->b[i2].val[s] = val;
		return CUCKOO_UPDATED;
	}
	for (idx = i1; ; idx = i2) {
		s = find_empty(&m->b[idx]);
		if (s >= 0) {
			put(&m->b[idx], s, &cur);
			m->entries++;
			return CUCKOO_OK;
		}
		if (idx == i2)
			break;
	}
	idx = i1;
	for (i = 0; i < CUCKOO_MAX_KICKS; i++) {
		s = (cur.sig + i) & (CUCKOO_SLOTS - 1);
		swap(&m->b[idx], s, &cur);
		path[i] = idx << 3 | s;
		idx = cuckoo_alt(idx, cur.sig, m->mask);
		s = find_empty(&m->b[idx]);
		if (s >= 0) {
			put(&m->b[idx], s, &cur);
			m->entries++;
			m->kicked_inserts++;
			if ((unsigned int)i + 1 > m->longest_chain)
				m->longest_chain = i + 1;
			return CUCKOO_OK;
		}
	}
	for (i = CUCKOO_MAX_KICKS - 1; i >= 0; i--)
		swap(&m->b[path[i] >> 3], path[i] & 7, &cur);
	return CUCKOO_FULL;
}

enum cuckoo_result cuckoo_model_lookup(const struct cuckoo_model *m,
				       const uint64_t key[2], uint32_t *val)
{
	uint32_t h = key_hash(key), idx = h & m->mask;
	uint16_t sig = cuckoo_sig(h);
	int s = find_key(&m->b[idx], key, sig);

	if (s < 0) {
		idx = cuckoo_alt(idx, sig, m->mask);
		s = find_key(&m->b[idx], key, sig);
		if (s < 0)
			return CUCKOO_MISSING;
	}
	*val = m->b[idx].val[s];
	return CUCKOO_OK;
}

enum cuckoo_result cuckoo_model_delete(struct cuckoo_model *m,
				       const uint64_t key[2])
{
	uint32_t h = key_hash(key), idx = h & m->mask;
	uint16_t sig = cuckoo_sig(h);
	int s = find_key(&m->b[idx], key, sig);

	if (s < 0) {
		idx = cuckoo_alt(idx, sig, m->mask);
		s = find_key(&m->b[idx], key, sig);
		if (s < 0)
			return CUCKOO_MISSING;
	}
	memset(m->b[idx].key[s], 0, CUCKOO_KEY_SZ);
	m->b[idx].val[s] = 0;
	m->b[idx].sig[s] = 0;
	m->entries--;
	return CUCKOO_OK;
}
