// SPDX-License-Identifier: GPL-2.0
/* Userspace Eiffel model; see ref_eiffel.h. */
#include <stdlib.h>
#include <string.h>

#include "ref_eiffel.h"

int eiffel_model_init(struct eiffel_model *m)
{
	m->fifo = calloc(EIF_PRIOS, sizeof(*m->fifo));
	m->len = calloc(EIF_PRIOS, sizeof(*m->len));
	m->items = 0;
	return m->fifo && m->len ? 0 : -1;
}

void eiffel_model_free(struct eiffel_model *m)
{
	free(m->fifo);
	free(m->len);
	m->fifo = NULL;
	m->len = NULL;
}

enum eif_result eiffel_model_enqueue(struct eiffel_model *m, uint32_t prio,
				     uint64_t item)
{
	if (prio >= EIF_PRIOS)
		return EIF_BAD;
	if (m->len[prio] == EIF_CAP)
		return EIF_FULL;
	m->fifo[prio][m->len[prio]++] = item;
	m->items++;
	return EIF_OK;
}

enum eif_result eiffel_model_dequeue(struct eiffel_model *m, uint32_t *prio,
				     uint64_t *item)
{
	for (uint32_t p = 0; p < EIF_PRIOS; p++) {
		if (!m->len[p])
			continue;
		*prio = p;
		*item = m->fifo[p][0];
		memmove(m->fifo[p], m->fifo[p] + 1,
			--m->len[p] * sizeof(m->fifo[p][0]));
		m->items--;
		return EIF_OK;
	}
	return EIF_EMPTY;
}
