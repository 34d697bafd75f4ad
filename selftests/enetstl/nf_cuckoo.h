/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading and driving either cuckoo hash build (eNetSTL or plain eBPF)
 * through one interface, for cuckoo_test and enetstl_bench.
 */
#ifndef ENETSTL_NF_CUCKOO_H
#define ENETSTL_NF_CUCKOO_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>

#include "progs/cuckoo_common.h"

struct cuckoo_enetstl;
struct cuckoo_ebpf;
struct bpf_program;
struct bpf_map;

struct cuckoo_nf {
	const char *name;
	struct cuckoo_enetstl *enetstl;
	struct cuckoo_ebpf *ebpf;
	const struct bpf_program *insert, *lookup, *del;
	struct bpf_map *buckets;
	uint32_t *lookup_val;
	uint32_t nbuckets;
};

/* 0 or a negative errno; nbuckets a power of two <= CUCKOO_MAX_BUCKETS. */
int cuckoo_nf_open(struct cuckoo_nf *nf, bool use_enetstl, uint32_t nbuckets);
void cuckoo_nf_close(struct cuckoo_nf *nf);
/* Request frame for key/val, PKT_LEN bytes. */
void cuckoo_nf_frame(uint8_t *pkt, const uint64_t key[2], uint32_t val);
/* Run one of nf's programs on key/val; the cuckoo_result, or -errno. */
int cuckoo_nf_run(const struct cuckoo_nf *nf, const struct bpf_program *prog,
		  const uint64_t key[2], uint32_t val);
/* Copy all buckets out of the map; 0 or -errno. */
int cuckoo_nf_read(const struct cuckoo_nf *nf, struct cuckoo_bucket *out);

#endif
