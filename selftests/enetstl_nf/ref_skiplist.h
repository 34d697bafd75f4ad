/* SPDX-License-Identifier: GPL-2.0 */
/* Sorted-array model of the skip-list store (progs/skiplist_common.h). */
#ifndef ENETSTL_NF_REF_SKIPLIST_H
#define ENETSTL_NF_REF_SKIPLIST_H

#include <stdint.h>
#include <linux/types.h>

#include "progs/skiplist_common.h"

struct kv {
	uint64_t key, val;
};

/* Keys sorted ascending. */
struct sl_model {
	struct kv e[SL_MAX_KEYS];
	uint32_t n;
};

/* 1 and the key's index in *pos, or 0 and where it would go. */
int model_find(const struct sl_model *m, uint64_t key, uint32_t *pos);
enum sl_result model_insert(struct sl_model *m, uint64_t key, uint64_t val);
enum sl_result model_delete(struct sl_model *m, uint64_t key);

#endif
