/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cuckoo hash shared by cuckoo_enetstl.bpf.c, cuckoo_ebpf.bpf.c and the
 * userspace model in ref_cuckoo.c, so all three place every key in the same
 * slot: buckets of CUCKOO_SLOTS slots in an array map, 16-byte keys, 32-bit
 * values, a 16-bit signature per slot (0 marks an empty slot).
 *
 * h = CRC-32C register of the key from CUCKOO_CRC_INIT (bpf_crc32_hash
 * convention); sig = h >> 16 (0 becomes 1); the first bucket is h & mask,
 * the second is alt(first, sig), and alt(alt(b, sig), sig) == b, so an
 * evicted entry finds its other bucket from its stored signature alone.
 *
 * Insert: existing key -> new value (CUCKOO_UPDATED); else the lowest empty
 * slot of the first, then the second bucket; else up to CUCKOO_MAX_KICKS
 * evictions, the victim at step i being slot (sig of the carried entry + i)
 * % CUCKOO_SLOTS; when no eviction chain ends in an empty slot every move
 * is undone in reverse order and the insert fails (CUCKOO_FULL) with the
 * table unchanged.
 */
#ifndef ENETSTL_CUCKOO_COMMON_H
#define ENETSTL_CUCKOO_COMMON_H

#define CUCKOO_SLOTS		8
#define CUCKOO_KEY_SZ		16
#define CUCKOO_MAX_KICKS	32
#define CUCKOO_CRC_INIT		0xffffffffu
#define CUCKOO_ALT_MULT		0x5bd1e995u
#define CUCKOO_MAX_BUCKETS	65536	/* bucket index must fit below sig */
/* Request frames: Ethernet header, 2 bytes pad, then struct cuckoo_req. */
#define CUCKOO_REQ_OFF		16

struct cuckoo_bucket {
	__u16 sig[CUCKOO_SLOTS];
	__u32 val[CUCKOO_SLOTS];
	__u64 key[CUCKOO_SLOTS][CUCKOO_KEY_SZ / 8];
};

struct cuckoo_req {
	__u64 key[CUCKOO_KEY_SZ / 8];
	__u32 val;
};

/* XDP return values of the cuckoo programs (BPF_PROG_TEST_RUN retval). */
enum cuckoo_result {
	CUCKOO_OK = 0,		/* inserted / found / deleted */
	CUCKOO_UPDATED = 1,	/* insert of a present key: value replaced */
	CUCKOO_FULL = 2,	/* insert failed, table unchanged */
	CUCKOO_MISSING = 3,	/* lookup / delete of an absent key */
	CUCKOO_BAD = 4,		/* short frame or map failure */
};

static inline __u16 cuckoo_sig(__u32 h)
{
	__u16 sig = h >> 16;

	return sig ? sig : 1;
}

static inline __u32 cuckoo_alt(__u32 bucket, __u16 sig, __u32 mask)
{
	return (bucket ^ ((__u32)sig * CUCKOO_ALT_MULT)) & mask;
}

#endif
