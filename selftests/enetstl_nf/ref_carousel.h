/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace model of Carousel (progs/carousel_common.h): the same wheel,
 * with the eBPF build's per-slot capacity CR_SLOT_CAP.
 */
#ifndef ENETSTL_NF_REF_CAROUSEL_H
#define ENETSTL_NF_REF_CAROUSEL_H

#include <stdint.h>
#include <linux/types.h>

#include "progs/carousel_common.h"

struct carousel_model {
	struct cr_flow flow[CR_FLOWS];
	struct cr_pkt slot[CR_SLOTS][CR_SLOT_CAP];	/* FIFO, oldest first */
	uint32_t len[CR_SLOTS];
	uint64_t start;
	struct cr_pkt sent[CR_TICK_PKTS];
	uint32_t nr_sent;
};

void carousel_model_init(struct carousel_model *m);
enum cr_result carousel_model_enqueue(struct carousel_model *m, uint64_t now,
				      uint32_t flow, uint32_t len);
enum cr_result carousel_model_tick(struct carousel_model *m, uint64_t now);

#endif
