/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Skip-list key-value store (eNetSTL only), shared by skiplist.bpf.c and
 * the tests: 64-bit keys and values, ordered, up to SL_MAX_KEYS keys.
 *
 * Nodes live in one eNetSTL memory-wrapper container (bpf_mem_*): node 0
 * is the head; a key's node has sl_level(key) levels, each a link slot of
 * the container (slot l = next node at level l).  The level comes from the
 * key's bits, so a run is reproducible: 1 + number of trailing one bits of
 * (key * SL_LEVEL_MULT) >> 32, capped at SL_LEVELS (p = 1/2 per level).
 *
 * Why not in pure eBPF: a skip list is nodes of varying height allocated
 * and freed at run time and linked by pointers.  On 6.1 a BPF program can
 * neither allocate memory (bpf_obj_new and the BPF lists/rbtrees came in
 * 6.2/6.3) nor store a pointer to one map element in another (map values
 * hold only kptrs to kernel objects), so there is nothing to link.  The
 * closest a program can get is to pre-size an array map as a node pool and
 * write its own allocator and index links, with a map lookup and a bounds
 * check for every hop: that is re-implementing the memory wrapper, not the
 * skip list.  eNetSTL's container gives allocation, freeing and links with
 * the verifier's guarantees (a link never names a freed node; node access
 * is bounded by the node size).
 *
 * Operations (request frames, struct sl_req at SL_REQ_OFF):
 *	insert: SL_OK (new key) / SL_UPDATED (value replaced) / SL_FULL
 *	lookup: SL_OK and lookup_val / SL_MISSING
 *	delete: SL_OK / SL_MISSING
 *	scan:   up to SL_SCAN_MAX keys >= req.key in order into scan_keys,
 *		their count in nr_scan
 * SL_BAD for a short frame, a missing container, or a hop limit hit (a
 * search following more than ENETSTL_MEM_WALK_MAX_HOPS links, done by
 * bpf_mem_*descend / bpf_mem_kptr_find in one call: not reached with
 * p = 1/2 levels).  The lookup, the per-packet path, is one
 * bpf_mem_kptr_find call on the container in place in its map value (no
 * reference per packet); the updates take a reference for their several
 * steps.
 */
#ifndef ENETSTL_NF_SKIPLIST_COMMON_H
#define ENETSTL_NF_SKIPLIST_COMMON_H

#define SL_LEVELS	10
#define SL_MAX_KEYS	1024
#define SL_SCAN_MAX	32
#define SL_REQ_OFF	16
#define SL_LEVEL_MULT	0x9E3779B97F4A7C15ull

struct sl_node {
	__u64 key;
	__u64 val;
};

struct sl_req {
	__u64 key;
	__u64 val;
};

enum sl_result {
	SL_OK = 0,
	SL_UPDATED = 1,
	SL_MISSING = 2,
	SL_FULL = 3,
	SL_BAD = 4,
};

static inline __u32 sl_level(__u64 key)
{
	__u32 bits = (__u32)((key * SL_LEVEL_MULT) >> 32), lvl = 1;

	while (lvl < SL_LEVELS && (bits & 1)) {
		lvl++;
		bits >>= 1;
	}
	return lvl;
}

#endif
