/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace model of the Eiffel queue (progs/eiffel_common.h), written the
 * slow and obvious way: per-priority FIFOs scanned from priority 0, no
 * bitmaps, so a bitmap or find-first-set bug in the NF cannot hide in it.
 */
#ifndef ENETSTL_NF_REF_EIFFEL_H
#define ENETSTL_NF_REF_EIFFEL_H

#include <stdint.h>
#include <linux/types.h>

#include "progs/eiffel_common.h"

struct eiffel_model {
	uint64_t (*fifo)[EIF_CAP];	/* EIF_PRIOS FIFOs, oldest first */
	uint32_t *len;
	uint64_t items;
};

int eiffel_model_init(struct eiffel_model *m);
void eiffel_model_free(struct eiffel_model *m);
enum eif_result eiffel_model_enqueue(struct eiffel_model *m, uint32_t prio,
				     uint64_t item);
enum eif_result eiffel_model_dequeue(struct eiffel_model *m, uint32_t *prio,
				     uint64_t *item);

#endif
