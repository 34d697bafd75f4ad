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

#endif /* __bpf__ */

#endif /* _UAPI_ENETSTL_H */
