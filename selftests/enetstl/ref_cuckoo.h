/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace model of the cuckoo hash in progs/cuckoo_common.h: same
 * hashing, slot choice and eviction order, so after any sequence of
 * operations its bucket array must equal the BPF map byte for byte.
 */
#ifndef ENETSTL_REF_CUCKOO_H
#define ENETSTL_REF_CUCKOO_H

#include <stdint.h>
#include <linux/types.h>

#include "progs/cuckoo_common.h"

struct cuckoo_model {
	uint32_t mask;
	struct cuckoo_bucket *b;
	unsigned long entries;
	unsigned long kicked_inserts;	/* inserts that needed evictions */
	unsigned int longest_chain;	/* evictions of the longest of them */
};

int cuckoo_model_init(struct cuckoo_model *m, uint32_t nbuckets);
void cuckoo_model_free(struct cuckoo_model *m);
enum cuckoo_result cuckoo_model_insert(struct cuckoo_model *m,
				       const uint64_t key[2], uint32_t val);
enum cuckoo_result cuckoo_model_lookup(const struct cuckoo_model *m,
				       const uint64_t key[2], uint32_t *val);
enum cuckoo_result cuckoo_model_delete(struct cuckoo_model *m,
				       const uint64_t key[2]);

#endif
