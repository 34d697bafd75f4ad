/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ABI of nf_native.ko, a test-only module that runs the native (plain C)
 * network functions in the kernel on batches of inputs from userspace, for
 * the guest correctness tests and the native column of the benchmark.
 *
 * One ioctl, NF_NATIVE_RUN, runs op on function fn:
 *  - in: count records, in_stride bytes apart (frames of up to
 *    NF_NATIVE_MAX_STRIDE bytes, or struct cuckoo_req for OP_INSERT);
 *  - out: count struct nf_native_res (may be 0: results dropped), or for
 *    OP_READ exactly out_len bytes of state;
 *  - the batch runs repeat times (>= 1) back to back; ns is the time of
 *    all of them (ktime), results are those of the last pass.
 * Errors: -EINVAL unknown fn/op/flags, non-zero reserved, count or stride
 * out of range; -E2BIG count * repeat > NF_NATIVE_MAX_OPS; -EFAULT;
 * -EPERM without CAP_SYS_ADMIN.
 */
#ifndef NF_NATIVE_UAPI_H
#define NF_NATIVE_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define NF_NATIVE_DEV		"/dev/nf_native"
#define NF_NATIVE_MAX_COUNT	65536
#define NF_NATIVE_MAX_STRIDE	2048
#define NF_NATIVE_MAX_OPS	(1u << 28)

enum nf_native_fn {
	NF_NATIVE_CMS8_XXH32 = 0,	/* 8-row count-min, XXH32 */
	NF_NATIVE_CMS8_FASTHASH32 = 1,	/* 8-row count-min, fasthash32 */
	NF_NATIVE_SWITCH = 2,		/* cuckoo switch */
	NF_NATIVE_EIFFEL = 3,		/* Eiffel priority queue */
	NF_NATIVE_NITRO = 4,		/* NitroSketch */
	NF_NATIVE_CAROUSEL = 5,		/* Carousel rate limiter */
	NF_NATIVE_SKIPLIST = 6,		/* skip-list key-value store */
	NF_NATIVE_NR_FN,
};

enum nf_native_op {
	/*
	 * Clear the function's state (count must be 0).  NitroSketch: out_len
	 * is 1/p (0: NITRO_P_DEN), the PRNG is reseeded from the kernel.
	 */
	NF_NATIVE_OP_RESET = 0,
	/*
	 * Per-packet path on Ethernet frames: count-min update (ret: XDP
	 * verdict), switch forwarding (ret: XDP verdict, val: port on
	 * XDP_TX), Eiffel enqueue of the struct eif_req at EIF_REQ_OFF then
	 * dequeue (ret: enum eif_result, val/item: what was dequeued),
	 * NitroSketch update (ret: XDP verdict), Carousel enqueue of the
	 * struct cr_req at CR_REQ_OFF then a tick at the wheel's start (ret:
	 * enum cr_result), skip-list lookup of the struct sl_req at
	 * SL_REQ_OFF (ret: enum sl_result, item: value).
	 */
	NF_NATIVE_OP_PACKETS = 1,
	/*
	 * Switch: insert struct cuckoo_req records (ret: cuckoo_result).
	 * Skip list: insert struct sl_req records (ret: enum sl_result).
	 * Carousel: record i, a struct cr_flow, sets flow i (count at most
	 * CR_FLOWS; ret 0).
	 */
	NF_NATIVE_OP_INSERT = 2,
	/*
	 * Eiffel: enqueue only, frames as for OP_PACKETS (ret: result).
	 * Carousel: enqueue only (ret: enum cr_result).
	 */
	NF_NATIVE_OP_ENQUEUE = 3,
	/* Eiffel: count dequeues, in unused (ret, val = prio, item). */
	NF_NATIVE_OP_DEQUEUE = 4,
	/*
	 * Copy the state out: struct cms8_table (count-min, NitroSketch) or
	 * struct nf_native_switch_stats.
	 */
	NF_NATIVE_OP_READ = 5,
	/*
	 * Carousel: one tick per frame (struct cr_req at CR_REQ_OFF, its
	 * now); ret: enum cr_result, val: packets sent, item: FNV-1a 64 of
	 * the sent packets' (ts, flow, len) in order.
	 */
	NF_NATIVE_OP_TICK = 6,
	/* Skip list: struct sl_req records (ret: sl_result, item: value). */
	NF_NATIVE_OP_LOOKUP = 7,
	NF_NATIVE_OP_DELETE = 8,
	NF_NATIVE_NR_OP,
};

struct nf_native_res {
	__u32 ret;
	__u32 val;
	__u64 item;
};

struct nf_native_switch_stats {
	__u64 port_tx[64];	/* SWITCH_PORTS */
	__u64 miss;
};

struct nf_native_run {
	__u64 in;		/* user pointer */
	__u64 out;		/* user pointer */
	__u64 ns;		/* out: time of all repeat passes */
	__u32 fn;		/* enum nf_native_fn */
	__u32 op;		/* enum nf_native_op */
	__u32 count;
	__u32 repeat;
	__u32 in_stride;
	__u32 out_len;		/* OP_READ only */
	__u32 flags;		/* must be 0 */
	__u32 reserved;		/* must be 0 */
};

#define NF_NATIVE_RUN	_IOWR('N', 0x01, struct nf_native_run)

#endif
