// SPDX-License-Identifier: GPL-2.0
/*
 * Cuckoo hash on eNetSTL kfuncs: CRC-32C hashing (bpf_crc32_hash), all 8
 * signatures of a bucket compared at once (bpf_find_mask_u16), candidate
 * slots walked with bpf_tzcnt_u32, keys compared with bpf_cmp_eq, and the
 * first empty slot found with bpf_find_u16.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "cuckoo_common.h"

static __always_inline __u32 nf_hash_key(const __u64 *key)
{
	return bpf_crc32_hash(key, CUCKOO_KEY_SZ, CUCKOO_CRC_INIT);
}

static __always_inline int nf_find_key(struct cuckoo_bucket *b,
				       const __u64 *key, __u16 sig)
{
	__u32 m = bpf_find_mask_u16(b->sig, sizeof(b->sig), sig);
	int n;

	/* Each matching signature sets two mask bits; visit lowest first. */
	for (n = 0; n < CUCKOO_SLOTS && m; n++) {
		__u32 s = (bpf_tzcnt_u32(m) >> 1) & (CUCKOO_SLOTS - 1);

		if (bpf_cmp_eq(key, CUCKOO_KEY_SZ, b->key[s],
			       CUCKOO_KEY_SZ) == 0)
			return s;
		m &= ~(3u << (2 * s));
	}
	return -1;
}

static __always_inline int nf_find_empty(struct cuckoo_bucket *b)
{
	__u32 s = bpf_find_u16(b->sig, sizeof(b->sig), 0);

	return s < CUCKOO_SLOTS ? (int)s : -1;
}

#include "cuckoo_ops.h"

char LICENSE[] SEC("license") = "GPL";
