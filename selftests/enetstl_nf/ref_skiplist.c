// SPDX-License-Identifier: GPL-2.0
/* Sorted-array skip-list model; see ref_skiplist.h. */
#include <string.h>

#include "ref_skiplist.h"

int model_find(const struct sl_model *m, uint64_t key, uint32_t *pos)
{
	uint32_t lo = 0, hi = m->n;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (m->e[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo;
	return lo < m->n && m->e[lo].key == key;
}

enum sl_result model_insert(struct sl_model *m, uint64_t key, uint64_t val)
{
	uint32_t pos;

	if (model_find(m, key, &pos)) {
		m->e[pos].val = val;
		return SL_UPDATED;
	}
	if (m->n == SL_MAX_KEYS)
		return SL_FULL;
	memmove(&m->e[pos + 1], &m->e[pos], (m->n - pos) * sizeof(m->e[0]));
	m->e[pos] = (struct kv){ key, val };
	m->n++;
	return SL_OK;
}

enum sl_result model_delete(struct sl_model *m, uint64_t key)
{
	uint32_t pos;

	if (!model_find(m, key, &pos))
		return SL_MISSING;
	memmove(&m->e[pos], &m->e[pos + 1], (m->n - pos - 1) * sizeof(m->e[0]));
	m->n--;
	return SL_OK;
}
