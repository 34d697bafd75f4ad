/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-2-Clause */
/*
 * eNetSTL: kfuncs for eBPF network functions (eNetSTL.ko).
 *
 * Source-compatible with coolbpf's eNetSTL kfunc names, argument lists and
 * return conventions.  Include it:
 *  - from BPF programs (clang -target bpf) after "vmlinux.h" and
 *    <bpf/bpf_helpers.h>: the kfuncs are declared as __ksym externs, the
 *    types come from vmlinux.h;
 *  - from userspace or kernel C: only the constants and struct pkt_5tuple
 *    are visible, the types come from <linux/types.h>.
 *
 * The kfuncs are registered for BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_SCHED_CLS
 * (tc) and BPF_PROG_TYPE_SYSCALL programs (all three runnable with
 * BPF_PROG_TEST_RUN).  eNetSTL.ko is x86-64 only and refuses to load
 * without module BTF.
 *
 * Every function with a (ptr, ptr__sz) pair reads or writes at most ptr__sz
 * bytes at ptr, at any alignment.  The SIMD (AVX2/SSE4.2) and scalar paths
 * of the module give bit-identical results; the module uses SIMD when the
 * CPU has it, the module parameter force_scalar (writable in
 * /sys/module/eNetSTL/parameters/) is 0, the FPU is usable in the calling
 * context, and the input is large enough to pay for kernel_fpu_begin()
 * (counter tables of 4 rows or more, cmp_eq keys of 64 bytes or more).
 * bpf_find_* always take a SWAR scalar path: for 32 bytes it is cheaper than
 * an FPU section.
 */
#ifndef _UAPI_ENETSTL_H
#define _UAPI_ENETSTL_H

#if defined(__bpf__) && defined(__VMLINUX_H__)
/* vmlinux.h already provides __u8 .. __u64, __be16, __be32 and size_t. */
#elif defined(__KERNEL__)
#include <linux/types.h>
#else
#include <linux/types.h>
#include <stddef.h>
#endif

/*
 * Packet 5-tuple hashed by the *_pkt_cnt32 kfuncs: exactly the
 * ENETSTL_PKT_5TUPLE_SIZE (13) bytes of this packed struct are hashed, in
 * memory order (addresses and ports in network byte order, as in the packet).
 * It is packed (pragma pack gives the packed layout with gcc
 * and clang, including -target bpf), so sizeof() == 13 and alignment is 1.
 */
#pragma pack(push, 1)
struct pkt_5tuple {
	__be32 src_ip;
	__be32 dst_ip;
	__be16 src_port;
	__be16 dst_port;
	__u8 proto;
};
#pragma pack(pop)

#define ENETSTL_PKT_5TUPLE_SIZE		13

/*
 * Count-min style counter tables (bpf_*_cnt32, bpf_*_pkt_cnt32).
 *
 * table is R rows of cols = 1 << column_shift __u32 counters, row after row:
 *	R = min(table__sz / (4 << column_shift), ENETSTL_CNT_MAX_ROWS)
 * Row i hashes the input with seed i of ENETSTL_CNT_SEEDS and adds 1 (wrapping
 * at 2^32) to table[i * cols + (hash_i & (cols - 1))].
 *  - column_shift > ENETSTL_CNT_MAX_COLUMN_SHIFT, or R == 0 (table smaller
 *    than one row): no-op, nothing is read or written.
 *  - Bytes of the table after the last complete row used (table__sz not a
 *    multiple of the row size, or more than ENETSTL_CNT_MAX_ROWS rows) are
 *    left untouched.
 * Counters are updated with plain (non-atomic) read-modify-write, like a
 * BPF program's own "counter++" (concurrent updates from several CPUs to a
 * shared table can lose increments; use per-CPU tables for exact counts).
 */
#define ENETSTL_CNT_MAX_ROWS		16
#define ENETSTL_CNT_MAX_COLUMN_SHIFT	31

/*
 * Seed of row i, 0 <= i < ENETSTL_CNT_MAX_ROWS: rows 0..7 use coolbpf's
 * seeds, rows 8..15 continue with distinct odd values.
 */
#define ENETSTL_CNT_SEEDS {					\
	0x00ec5853, 0x00ec5859, 0x00ec5861, 0x00ec587f,		\
	0x00ec58a7, 0x00ec58b3, 0x00ec58c7, 0x00ec58d1,		\
	0x00ec58e9, 0x00ec58ef, 0x00ec5903, 0x00ec591f,		\
	0x00ec5939, 0x00ec595b, 0x00ec596b, 0x00ec5981,		\
}

/* bpf_find_u16: number of elements examined and the "not found" index. */
#define ENETSTL_FIND_U16_NR		16
/* bpf_ffs(0) */
#define ENETSTL_FFS_NONE		64
/* bpf_tzcnt_u32(0) */
#define ENETSTL_TZCNT_U32_NONE		32
/* bpf_bitmap2_ffs: bitmap sizes, a summary word and 1 .. 64 leaf words. */
#define ENETSTL_BITMAP2_MIN_BYTES	16
#define ENETSTL_BITMAP2_MAX_BYTES	520

/*
 * ---------------------------------------------------------------------
 * Objects held as referenced kptrs (memory wrapper, list buckets, GEO
 * random pool).
 *
 * Each object type below is allocated by the module and handed to the BPF
 * program as a referenced pointer (KF_ACQUIRE | KF_RET_NULL): the program
 * must either store it in a map value field tagged __enetstl_kptr with
 * bpf_kptr_xchg() or give it back with the type's release kfunc
 * (KF_RELEASE) before it exits; the verifier rejects a program that leaks
 * it or uses it after giving it away.  Map value fields holding them are
 * allowed in BPF_MAP_TYPE_ARRAY, PERCPU_ARRAY, HASH and LRU_HASH maps
 * (6.1's list).  When a map that still holds an object is freed (or the
 * element is deleted / overwritten from userspace), the kernel calls the
 * type's destructor, which drops the map's reference.
 *
 * Objects are reference counted.  Two ways to use one that sits in a map:
 *  - take it out: p = bpf_kptr_xchg(&v->obj, NULL); use p; put it back with
 *    old = bpf_kptr_xchg(&v->obj, p) and release old if non-NULL.  While it
 *    is out, other CPUs see NULL.
 *  - borrow it: p = bpf_*_kptr_get(&v->obj) (KF_KPTR_GET: takes a new
 *    reference if the field is non-NULL, NULL otherwise); use p; release it
 *    with the type's release kfunc.  The object stays in the map; several
 *    CPUs may hold it at once.
 * Only such referenced pointers are accepted by the kfuncs below
 * (KF_TRUSTED_ARGS): a pointer loaded directly from the map value
 * (untrusted in 6.1) is refused by the verifier.
 *
 * The last reference frees the object after an RCU grace period and a
 * workqueue pass.  The module keeps a count of live objects (all three
 * types) in /sys/module/eNetSTL/parameters/live_objects (read-only).
 * eNetSTL.ko cannot be unloaded while a map that can hold these objects
 * or a program that calls these kfuncs exists (the kernel holds a module
 * reference for each).
 *
 * Creation kfuncs allocate with GFP_ATOMIC (they run in XDP/tc context):
 * they return NULL on bad arguments and on allocation failure.  Memory for
 * nodes/elements is allocated in chunks of a power of two of them, as many
 * as fit in ENETSTL_CHUNK_BYTES (at least one; more when needed to keep
 * each object within 4096 chunks), on first use, so big capacities cost
 * little until used; such lazy allocation can fail with -ENOMEM.
 *
 * 6.1 verifier limit: a kfunc call may have only one referenced pointer
 * argument, so a pointer from bpf_mem_node_get() (it carries the
 * container's reference) cannot be the buf of another kfunc call that also
 * takes a referenced object: copy through the stack or a map value.
 *
 * Mutating operations on one object (node alloc/free/connect/disconnect,
 * push/pop) are serialized by a per-object spinlock (safe from several
 * CPUs), except on per-CPU list buckets (bpf_bktlist_new_percpu), where
 * each CPU has its own lists and no lock is taken.  Node data read through bpf_mem_node_get() pointers is not locked,
 * like a map value.
 *
 * Differences from coolbpf's eNetSTL (6.1 cannot do what it relies on, or
 * the 6.1 verifier can check more with this shape):
 *  - coolbpf's pointer-node API (ptr_create_node_container, ptr_alloc_node,
 *    ptr_connect(p1, idx1, p2, idx2), ptr_get_out, ptr_write_data1/2...)
 *    hands out every node as its own acquired pointer; 6.1 cannot return
 *    node memory that outlives a release safely except through the
 *    "rdwr_buf_size" PTR_TO_MEM rule, so here nodes are addressed by index
 *    inside one container (bpf_mem_*) and node data by a PTR_TO_MEM that
 *    the verifier invalidates when the container reference goes away.
 *  - bpf_bktlist_new() takes its geometry (coolbpf's takes none), and
 *    push_back/pop_front take the list pointer instead of an int "fd"
 *    registry handle: the verifier then proves the list is alive, instead
 *    of a run-time lookup.  Argument order (list, val, size, slot) is kept.
 *  - bpf_geo_sampling_ctx_new(int prob_percent), _free, _should_do and
 *    _gen_geo_cnt keep coolbpf's names and arguments (pointer variant);
 *    should_do returns int (0/1) rather than bool; _new_frac and
 *    _kptr_get are additions.
 * ---------------------------------------------------------------------
 */

/* Allocation unit of node/element storage (bytes). */
#define ENETSTL_CHUNK_BYTES		4096

/* Memory wrapper (struct enetstl_mem) limits. */
#define ENETSTL_MEM_MAX_NODES		(1U << 20)
#define ENETSTL_MEM_MAX_NODE_SIZE	2048
#define ENETSTL_MEM_MAX_LINKS		32
/* "No node": what an empty link holds. */
#define ENETSTL_MEM_NONE		0xffffffffU

/*
 * Most links one bpf_mem_node_walk / _descend call follows in all (a bound
 * on the time of one call: links may form cycles).
 */
#define ENETSTL_MEM_WALK_MAX_HOPS	4096

/*
 * Request of bpf_mem_node_find / bpf_mem_kptr_find: look key up in a skip
 * list whose head is node start, descending link slots levels - 1 .. 0;
 * a node's key is the __u64 at key_off of its data, the bytes copied out
 * start at val_off.
 */
struct enetstl_mem_find_req {
	__u64 key;
	__u32 start;
	__u32 levels;
	__u32 key_off;
	__u32 val_off;
};

/* List buckets (struct bpf_bkt_list) limits. */
#define ENETSTL_BKT_MAX_SLOTS		(1U << 16)
#define ENETSTL_BKT_MAX_ELEM_SIZE	1024
#define ENETSTL_BKT_MAX_ELEMS		(1U << 20)

/*
 * Request of bpf_bktlist_push_drain / _kptr_push_drain: this header, then
 * the element to push (elem_size bytes, any alignment).
 */
struct enetstl_bkt_xfer {
	__u32 push_slot;
	__u32 drain_slot;
};

/*
 * GEO random pool: values per CPU (two halves; a half is refilled by a
 * work item once the fast path has left it) and the largest value returned
 * (a draw that would exceed it, probability (1-p)^ENETSTL_GEO_MAX_CNT,
 * is clamped).
 */
#define ENETSTL_GEO_POOL_SIZE		1024
#define ENETSTL_GEO_MAX_CNT		0x7fffffffU


#if defined(__bpf__)

#ifndef __ksym
#error "include <bpf/bpf_helpers.h> before enetstl.h"
#endif

/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of data__sz bytes,
 * starting from the register value init_val, with no final inversion
 * (DPDK rte_hash_crc convention).  Standard CRC-32C is
 * bpf_crc32_hash(p, n, 0xffffffff) ^ 0xffffffff; "123456789" gives
 * 0xe3069283.  Uses the SSE4.2 crc32 instruction when the CPU has it.
 */
extern __u32 bpf_crc32_hash(const void *data, __u32 data__sz,
			    __u32 init_val) __ksym;

/*
 * Count-min update (see "Count-min style counter tables" above) with
 * row i hash = XXH32(input, input__sz, seed_i) (standard XXH32, as in the
 * xxHash specification).  Up to 8 rows are hashed in parallel per AVX2 pass.
 */
extern void bpf_xxh32_cnt32(const void *input, size_t input__sz, void *table,
			    size_t table__sz, __u32 column_shift) __ksym;

/*
 * Same with row i hash = fasthash32(input, input__sz, seed_i): the public
 * fast-hash by Zilong Tan, i.e. fasthash64 with the 32-bit seed
 * zero-extended, folded to 32 bits as (__u32)(h - (h >> 32)).  fasthash64:
 *	mix(h) = h ^= h >> 23, h *= 0x2127599bf4325c37, h ^= h >> 47
 *	h = seed ^ (len * 0x880355f21e6d1965)
 *	for each little-endian 64-bit word v (the last len % 8 bytes, if any,
 *	zero-extended as one more word): h = (h ^ mix(v)) * 0x880355f21e6d1965
 *	return mix(h)
 */
extern void bpf_fasthash32_cnt32(const void *input, size_t input__sz,
				 void *table, size_t table__sz,
				 __u32 column_shift) __ksym;

/* bpf_xxh32_cnt32 / bpf_fasthash32_cnt32 over the 13 bytes of *input. */
extern void bpf_xxh32_pkt_cnt32(const struct pkt_5tuple *input, void *table,
				size_t table__sz, __u32 column_shift) __ksym;
extern void bpf_fasthash32_pkt_cnt32(const struct pkt_5tuple *input,
				     void *table, size_t table__sz,
				     __u32 column_shift) __ksym;

/*
 * Compare the first key1__sz bytes of key1 and key2: 0 when equal, 1 when
 * they differ, -EINVAL (-22) when key2__sz < key1__sz (nothing is read).
 * key1__sz == 0 gives 0.
 */
extern int bpf_cmp_eq(const void *key1, size_t key1__sz, const void *key2,
		      size_t key2__sz) __ksym;

/*
 * arr is an array of ENETSTL_FIND_U16_NR (16) __u16 (arr__sz == 32).  Only
 * the first n = min(arr__sz / 2, 16) elements are examined; nothing past
 * arr__sz (nor past 32 bytes) is read.
 * bpf_find_mask_u16: mask with bits 2i and 2i+1 set iff arr[i] == val, for
 *   i < n (AVX2 vpcmpeqw + vpmovmskb convention); 0 when nothing matches.
 * bpf_find_u16: smallest i < n with arr[i] == val, or 16 when none.
 */
extern __u32 bpf_find_mask_u16(void *arr, size_t arr__sz, __u16 val) __ksym;
extern __u32 bpf_find_u16(void *arr, size_t arr__sz, __u16 val) __ksym;

/* 0-based index of the lowest set bit of val; bpf_ffs(0) == 64. */
extern __u64 bpf_ffs(__u64 val) __ksym;
/* Number of trailing zero bits of val; bpf_tzcnt_u32(0) == 32. */
extern __u32 bpf_tzcnt_u32(__u32 val) __ksym;

/*
 * Lowest set bit of a two-level bitmap, in one call.  bm is n + 1 __u64
 * words (native byte order, any alignment), n = bm__sz / 8 - 1 leaves:
 * bm[0] is the summary, bit w of it set iff leaf bm[1 + w] is non-zero;
 * bit b of leaf w stands for index w * 64 + b.  Only bm[0] and the one
 * leaf it points to are read; nothing is written.
 * Returns w * 64 + b, where w is the lowest set bit of bm[0] and b the
 * lowest set bit of bm[1 + w] (0 .. n * 64 - 1), or
 *  -EINVAL (-22)   bm__sz not a multiple of 8, or outside
 *		    ENETSTL_BITMAP2_MIN_BYTES .. ENETSTL_BITMAP2_MAX_BYTES
 *		    (16 .. 520: 1 .. 64 leaves); nothing is read;
 *  -ENOENT (-2)    bm[0] == 0: the bitmap is empty;
 *  -EUCLEAN (-117) the summary disagrees with the leaves: its lowest set
 *		    bit w >= n, or bm[1 + w] == 0.
 * The caller keeps the summary up to date (set bit w when leaf w becomes
 * non-zero, clear it when leaf w becomes zero).
 */
extern __s64 bpf_bitmap2_ffs(const void *bm, size_t bm__sz) __ksym;

/*
 * Map value field holding one of the objects below:
 *	struct val { struct bpf_bkt_list __enetstl_kptr *list; };
 * 6.1 needs the BTF type tag "kptr_ref" (newer libbpf's __kptr is "kptr",
 * an unreferenced kptr on 6.1, which these types cannot be stored in).
 * clang 14 drops btf_type_tag from map value types: build BPF programs that
 * store these objects with clang 15 or newer.
 */
#define __enetstl_kptr __attribute__((btf_type_tag("kptr_ref")))

/*
 * The object types.  Their layout is the module's business: the verifier
 * and libbpf match them by name only, so the program just needs a struct
 * of that name.  Do not read their fields.
 */
struct enetstl_mem {
	__u64 __opaque;
};

struct bpf_bkt_list {
	__u64 __opaque;
};

struct geo_sampling_ctx {
	__u64 __opaque;
};

/*
 * --- Memory wrapper: a container of fixed-size nodes --------------------
 *
 * A container holds up to max_nodes nodes, each with node_size bytes of
 * data (zeroed when the node is allocated) and nr_links outgoing link slots
 * (each empty, ENETSTL_MEM_NONE, or the index of a node of the same
 * container).  Nodes are addressed by index 0 .. max_nodes - 1; storage is
 * non-contiguous (chunks allocated on first use).
 *
 * bpf_mem_container_new: 1 <= node_size <= ENETSTL_MEM_MAX_NODE_SIZE,
 *   1 <= max_nodes <= ENETSTL_MEM_MAX_NODES, nr_links <=
 *   ENETSTL_MEM_MAX_LINKS; anything else, or no memory: NULL.
 *   KF_ACQUIRE | KF_RET_NULL.
 * bpf_mem_container_release: drop a reference (KF_RELEASE; also the map
 *   destructor).  The last one frees every node.
 * bpf_mem_container_kptr_get: new reference to the container in a map
 *   value field, or NULL if the field is NULL (KF_KPTR_GET).
 */
extern struct enetstl_mem *bpf_mem_container_new(__u32 node_size,
						 __u32 max_nodes,
						 __u32 nr_links) __ksym;
extern void bpf_mem_container_release(struct enetstl_mem *c) __ksym;
extern struct enetstl_mem *
bpf_mem_container_kptr_get(struct enetstl_mem **pp) __ksym;

/*
 * Allocate a node: returns its index (the most recently freed one if any,
 * else the lowest index never used), data zeroed, all links empty.
 * -ENOSPC when max_nodes are allocated, -ENOMEM when its chunk could not
 * be allocated.
 */
extern int bpf_mem_node_alloc(struct enetstl_mem *c) __ksym;

/*
 * Free node idx: 0; its outgoing links are cleared first.  -EINVAL when
 * idx is out of range or not allocated, -EBUSY when another node still
 * links to it (disconnect those first), so no link ever names a free or
 * reused node.  The memory stays with the container (a pointer from
 * bpf_mem_node_get() to a freed node still points at node-sized memory of
 * this container, never at freed memory).
 */
extern int bpf_mem_node_free(struct enetstl_mem *c, __u32 idx) __ksym;

/*
 * Direct access to node idx's data: a pointer to rdwr_buf_size bytes
 * (PTR_TO_MEM; rdwr_buf_size must be a verifier-known constant, the
 * verifier bounds every access to it), or NULL when idx is out of range or
 * not allocated, or rdwr_buf_size is 0 or larger than node_size.  The
 * pointer is tied to the reference c: the verifier rejects any use after
 * c is released or stored back with bpf_kptr_xchg().  KF_RET_NULL.
 */
extern void *bpf_mem_node_get(struct enetstl_mem *c, __u32 idx,
			      __u32 rdwr_buf_size) __ksym;

/*
 * Copy buf__sz bytes between buf and node idx's data at offset off:
 * 0, or -EINVAL (nothing copied) when idx is out of range or not allocated
 * or off + buf__sz > node_size.  buf__sz may be 0.
 */
extern int bpf_mem_node_read(struct enetstl_mem *c, __u32 idx, __u32 off,
			     void *buf, __u32 buf__sz) __ksym;
extern int bpf_mem_node_write(struct enetstl_mem *c, __u32 idx, __u32 off,
			      const void *buf, __u32 buf__sz) __ksym;

/*
 * Link slot `slot` of node from -> node to (replacing what it held):
 * 0, or -EINVAL when from or to is out of range / not allocated, or
 * slot >= nr_links.  A node may link to itself.
 */
extern int bpf_mem_node_connect(struct enetstl_mem *c, __u32 from,
				__u32 slot, __u32 to) __ksym;

/*
 * Empty link slot `slot` of node from: 0, -ENOENT when it was already
 * empty, -EINVAL when from is out of range / not allocated or
 * slot >= nr_links.
 */
extern int bpf_mem_node_disconnect(struct enetstl_mem *c, __u32 from,
				   __u32 slot) __ksym;

/*
 * Index of the node link slot `slot` of node from points to (>= 0),
 * -ENOENT when the slot is empty, -EINVAL as for disconnect.
 */
extern int bpf_mem_node_next(struct enetstl_mem *c, __u32 from,
			     __u32 slot) __ksym;

/*
 * Ordered walks, for sorted linked structures (skip lists, sorted buckets)
 * in one call instead of a bpf_mem_node_next + bpf_mem_node_get pair per
 * hop.  A node's key is the __u64 (native byte order, any alignment) at
 * offset key_off of its data; a walk along link slot l from node cur
 * moves cur on to the node that slot l of cur names while that node's key
 * is < key (unsigned), and stops at an empty slot or a node whose key is
 * >= key.  Links are read without the container's lock, like
 * bpf_mem_node_next (a concurrent writer may make a walk miss a node that
 * is being linked; it never leaves the container's nodes).
 *
 * bpf_mem_node_walk: one walk along slot from node from; returns the node
 *   where it stops (from itself when from's first link already stops it).
 * bpf_mem_node_descend: a skip-list search.  nr = path__sz / 4 levels;
 *   on entry path[nr - 1] is the start node (a head whose links are the
 *   levels' first nodes); for l = nr - 1 down to 0 it walks slot l from
 *   the current node and stores where it stops in path[l] (the last node
 *   at level l with a key < key: what an insert or delete at level l
 *   links after).  Returns the node slot 0 of path[0] names (the first
 *   node with key >= key, if the list is sorted), or -ENOENT when that
 *   slot is empty.
 * Both: -EINVAL when the start node is out of range or not allocated,
 * slot >= nr_links (walk), nr == 0 or nr > nr_links (descend), or
 * key_off + 8 > node_size; -E2BIG when more than ENETSTL_MEM_WALK_MAX_HOPS
 * links would be followed (path partly written).
 */
extern int bpf_mem_node_walk(struct enetstl_mem *c, __u32 from, __u32 slot,
			     __u32 key_off, __u64 key) __ksym;
extern int bpf_mem_node_descend(struct enetstl_mem *c, __u64 key,
				__u32 *path, __u32 path__sz,
				__u32 key_off) __ksym;

/*
 * A skip-list lookup in one call: the search of bpf_mem_node_descend
 * (levels = req->levels, starting at node req->start, keys at
 * req->key_off; the path is not recorded), then, if the node slot 0 of
 * the last node stopped at names has key == req->key, copy buf__sz bytes
 * of its data from offset req->val_off into buf and return its index
 * (>= 0).  Otherwise:
 *	-ENOENT: no node with that key (that slot is empty or its node's key
 *		 differs); buf untouched;
 *	-EINVAL: req__sz != sizeof(struct enetstl_mem_find_req), start out
 *		 of range or not allocated, levels == 0 or > nr_links,
 *		 key_off + 8 > node_size, or val_off + buf__sz > node_size;
 *		 nothing read or copied;
 *	-E2BIG:  more than ENETSTL_MEM_WALK_MAX_HOPS links followed.
 * buf__sz may be 0 (a membership test).  Links and data are read without
 * the container's lock, as bpf_mem_node_walk and bpf_mem_node_get readers
 * do: a copy racing with a writer of the same node may mix old and new
 * bytes, like a map value.
 */
extern int bpf_mem_node_find(struct enetstl_mem *c, const void *req,
			     __u32 req__sz, void *buf, __u32 buf__sz) __ksym;

/*
 * --- List buckets: nr_slots FIFO lists of elem_size-byte elements --------
 *
 * At most capacity elements in all slots together (storage in chunks,
 * allocated on first use, reused after pop).  An object from
 * bpf_bktlist_new is shared: its changes are serialized by a spinlock
 * (irqsave), so any CPU may use it.  One from bpf_bktlist_new_percpu holds
 * one such set of lists per CPU, used without a lock (see there).
 *
 * bpf_bktlist_new: 1 <= nr_slots <= ENETSTL_BKT_MAX_SLOTS,
 *   1 <= elem_size <= ENETSTL_BKT_MAX_ELEM_SIZE,
 *   1 <= capacity <= ENETSTL_BKT_MAX_ELEMS; else, or no memory: NULL.
 *   KF_ACQUIRE | KF_RET_NULL.
 * bpf_bktlist_free: drop a reference (KF_RELEASE; also the map destructor).
 * bpf_bktlist_kptr_get: as bpf_mem_container_kptr_get.
 */
extern struct bpf_bkt_list *bpf_bktlist_new(__u32 nr_slots, __u32 elem_size,
					    __u32 capacity) __ksym;

/*
 * Per-CPU list buckets, for state that one CPU owns (a timing wheel per
 * core, as Carousel runs): same arguments, limits, failure (NULL) and kptr
 * rules as bpf_bktlist_new, but every possible CPU gets its own nr_slots
 * lists and its own pool of capacity elements (so up to capacity times the
 * number of possible CPUs in all; storage is still allocated in chunks on
 * first use, per CPU).  Every kfunc on such an object (push, pop, len,
 * drain, push_drain, and their in-place _kptr_ forms) works on the lists
 * of the CPU the calling program runs on, with the same semantics and
 * errors as on a shared object, and takes no lock: a program on one CPU
 * can neither see nor change another CPU's lists (len on an empty slot of
 * this CPU is 0 whatever other CPUs queued there).  Userspace reaches a
 * given CPU's lists by running a program on that CPU (e.g.
 * bpf_prog_test_run from a thread pinned there).  Elements queued on a
 * CPU stay there until a program on that CPU pops them, and are freed
 * with the object.  Called from process context (a SYSCALL program, a
 * test run), each call runs with bottom halves off, so an XDP or tc
 * program on the same CPU cannot interleave with it.  Memory at creation,
 * per possible CPU: a header, chunk tables and, for up to 682 slots, the
 * slot table (24 bytes a slot); elements (8 bytes + elem_size rounded up
 * to 8 each) and larger slot tables come in 4 KiB chunks as first used.
 */
extern struct bpf_bkt_list *bpf_bktlist_new_percpu(__u32 nr_slots,
						   __u32 elem_size,
						   __u32 capacity) __ksym;
extern void bpf_bktlist_free(struct bpf_bkt_list *bktlist) __ksym;
extern struct bpf_bkt_list *
bpf_bktlist_kptr_get(struct bpf_bkt_list **pp) __ksym;

/*
 * Append a copy of val to slot's list: 0; -EINVAL when slot >= nr_slots or
 * val__sz != elem_size; -ENOSPC when capacity elements are queued (in all
 * slots; on this CPU, for a per-CPU object); -ENOMEM when a new chunk
 * could not be allocated.
 */
extern int bpf_bktlist_push_back(struct bpf_bkt_list *bktlist,
				 const void *val, __u32 val__sz,
				 __u32 slot) __ksym;

/*
 * Remove the oldest element of slot's list and copy it to val: 0;
 * -EINVAL when slot >= nr_slots or val__sz != elem_size (nothing removed);
 * -ENOENT when the list is empty (val untouched).
 */
extern int bpf_bktlist_pop_front(struct bpf_bkt_list *bktlist, void *val,
				 __u32 val__sz, __u32 slot) __ksym;

/* Elements queued in slot (>= 0), or -EINVAL when slot >= nr_slots. */
extern int bpf_bktlist_len(struct bpf_bkt_list *bktlist, __u32 slot) __ksym;

/*
 * Pop up to buf__sz / elem_size elements of slot's list, oldest first,
 * into buf one after the other: the number popped (0 when the list is
 * empty; buf past them is untouched), or -EINVAL when slot >= nr_slots or
 * buf__sz < elem_size (nothing removed).  The slot is empty afterwards
 * when fewer than buf__sz / elem_size were popped.  One call and one lock
 * round trip for a whole timing-wheel slot.
 */
extern int bpf_bktlist_drain(struct bpf_bkt_list *bktlist, void *buf,
			     __u32 buf__sz, __u32 slot) __ksym;

/*
 * A timing wheel's packet in one call: append the element that follows
 * the struct enetstl_bkt_xfer header in req to slot push_slot (as
 * bpf_bktlist_push_back), then drain slot drain_slot into buf (as
 * bpf_bktlist_drain; when both slots are the same, the new element is
 * drained too if it fits).  Returns the number drained (>= 0), or
 *	-EINVAL: req__sz != sizeof(struct enetstl_bkt_xfer) + elem_size,
 *		 push_slot or drain_slot >= nr_slots, or buf__sz < elem_size;
 *	-ENOSPC / -ENOMEM: the push failed;
 * and then nothing was pushed or drained.
 */
extern int bpf_bktlist_push_drain(struct bpf_bkt_list *bktlist,
				  const void *req, __u32 req__sz, void *buf,
				  __u32 buf__sz) __ksym;

/*
 * --- Using an object in place in its map value field -------------------
 *
 * The bpf_*_kptr_* calls below take the address of the map value's
 * __enetstl_kptr field (KF_KPTR_GET: the verifier checks that it is a
 * referenced kptr field of the right type at a constant offset) and work
 * on the object the field holds at the time of the call, with no
 * reference taken or dropped: no bpf_*_kptr_get / release pair and no
 * atomic reference count per packet.  The object cannot be freed during
 * the call (the call holds rcu_read_lock(), and objects are freed only
 * after an RCU grace period), and nothing of it outlives the call: they
 * return only numbers and copies, so there is no pointer that could
 * dangle once another CPU swaps the object out.  Each does exactly what
 * the referenced call of the same name does, plus:
 *	-ENXIO: the field holds no object (nothing read or written).
 * A swap by another CPU may land before or after the call; operations
 * that must see one object across several calls take a reference.
 */
extern int bpf_bktlist_kptr_push_back(struct bpf_bkt_list **pp,
				      const void *val, __u32 val__sz,
				      __u32 slot) __ksym;
extern int bpf_bktlist_kptr_drain(struct bpf_bkt_list **pp, void *buf,
				  __u32 buf__sz, __u32 slot) __ksym;
extern int bpf_bktlist_kptr_len(struct bpf_bkt_list **pp, __u32 slot) __ksym;
extern int bpf_bktlist_kptr_push_drain(struct bpf_bkt_list **pp,
				       const void *req, __u32 req__sz,
				       void *buf, __u32 buf__sz) __ksym;
extern int bpf_mem_kptr_node_read(struct enetstl_mem **pp, __u32 idx,
				  __u32 off, void *buf, __u32 buf__sz) __ksym;
extern int bpf_mem_kptr_descend(struct enetstl_mem **pp, __u64 key,
				__u32 *path, __u32 path__sz,
				__u32 key_off) __ksym;
extern int bpf_mem_kptr_find(struct enetstl_mem **pp, const void *req,
			     __u32 req__sz, void *buf, __u32 buf__sz) __ksym;

/*
 * --- GEO random pool: geometric counts with success probability p ---------
 *
 * A count is a draw of G >= 1 with P(G = k) = p (1 - p)^(k - 1) (trials up
 * to and including the first success; mean 1/p), clamped to
 * ENETSTL_GEO_MAX_CNT.  Each CPU draws from its own pool of
 * ENETSTL_GEO_POOL_SIZE precomputed counts (uniform 32-bit randomness from
 * get_random_u32(), inverse transform G = 1 + floor(log(U) / log(1 - p))
 * in 32.32 fixed point); a half-pool the fast path has used up is refilled
 * by a work item (through a table of the counts built once per pool: the
 * same counts for the same U, a few ns each); if the fast path comes back
 * to a half before its refill,
 * it draws synchronously (same distribution, a few tens of ns).  Never
 * fails, never blocks.  Each CPU's pool state is not locked: a program
 * interrupted on its CPU by another one using the same pool may make both
 * see the same count (never an out-of-bounds access).
 *
 * bpf_geo_sampling_ctx_new: p = prob_percent / 100, 1 <= prob_percent <= 100,
 *   else NULL.  bpf_geo_sampling_ctx_new_frac: p = num / den,
 *   1 <= num <= den, else NULL.  Both KF_ACQUIRE | KF_RET_NULL.
 * bpf_geo_sampling_ctx_free: drop a reference (KF_RELEASE; also the map
 *   destructor).  bpf_geo_sampling_ctx_kptr_get: as above.
 *
 * bpf_geo_sampling_gen_geo_cnt: the next count of this CPU's pool.
 * bpf_geo_sampling_should_do: a Bernoulli(p) decision per call: 1 on the
 *   call that ends this CPU's current countdown (then a new count is
 *   drawn), else 0.  Over n calls on one CPU, the number of 1s is
 *   Binomial(n, p) distributed; p = 1 always gives 1.
 */
extern struct geo_sampling_ctx *bpf_geo_sampling_ctx_new(int prob_percent) __ksym;
extern struct geo_sampling_ctx *
bpf_geo_sampling_ctx_new_frac(__u32 num, __u32 den) __ksym;
extern void bpf_geo_sampling_ctx_free(struct geo_sampling_ctx *ctx) __ksym;
extern struct geo_sampling_ctx *
bpf_geo_sampling_ctx_kptr_get(struct geo_sampling_ctx **pp) __ksym;
extern int bpf_geo_sampling_should_do(struct geo_sampling_ctx *ctx) __ksym;
extern __u32 bpf_geo_sampling_gen_geo_cnt(struct geo_sampling_ctx *ctx) __ksym;

/*
 * bpf_geo_sampling_gen_geo_cnt in place on a map value's kptr field (see
 * "Using an object in place" above): the count (>= 1), or -ENXIO when the
 * field holds no pool.  No reference per call: a packet that needs one
 * count costs one call.
 */
extern int bpf_geo_sampling_kptr_gen_geo_cnt(struct geo_sampling_ctx **pp) __ksym;

#endif /* __bpf__ */

#endif /* _UAPI_ENETSTL_H */
