/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Eiffel-style bucketed priority queue (an FFS-based integer priority
 * queue, as in Eiffel's packet scheduler), shared by eiffel_ebpf.bpf.c,
 * eiffel_enetstl.bpf.c, the userspace model and the native baseline.
 *
 * EIF_PRIOS priorities (0 is served first), each a FIFO bucket of at most
 * EIF_CAP 64-bit items.  A two-level bitmap says which buckets are
 * non-empty: bit w of top is set iff word[w] != 0, bit b of word[w] iff
 * bucket w * 64 + b holds items.  Dequeue finds the minimum with two
 * find-first-set operations, whatever the number of items.
 *
 * enqueue(prio, item): EIF_BAD when prio >= EIF_PRIOS, EIF_FULL when the
 *	bucket holds EIF_CAP items (nothing changes), else EIF_OK.
 * dequeue(): EIF_EMPTY when no item is queued, else EIF_OK and the oldest
 *	item of the lowest non-empty priority is removed.
 */
#ifndef ENETSTL_NF_EIFFEL_COMMON_H
#define ENETSTL_NF_EIFFEL_COMMON_H

#define EIF_WORDS	64
#define EIF_PRIOS	(EIF_WORDS * 64)
#define EIF_CAP		16	/* a power of two: ring index by mask */
/* Request frames: Ethernet header, 2 bytes pad, then struct eif_req. */
#define EIF_REQ_OFF	16

struct eif_bucket {
	__u32 head;		/* ring index of the oldest item */
	__u32 count;
	__u64 item[EIF_CAP];
};

struct eif_bitmap {
	__u64 top;
	__u64 word[EIF_WORDS];
};

struct eif_req {
	__u32 prio;
	__u32 pad;
	__u64 item;
};

/*
 * nf_bitmap_min() results other than a priority: bpf_bitmap2_ffs's
 * -ENOENT and -EUCLEAN, which the pure-eBPF build returns as well.
 */
#define EIF_MIN_EMPTY	(-2)
#define EIF_MIN_BAD	(-117)

/* Program return values (BPF_PROG_TEST_RUN retval). */
enum eif_result {
	EIF_OK = 0,
	EIF_FULL = 1,
	EIF_EMPTY = 2,
	EIF_BAD = 3,		/* bad priority, short frame, map failure */
};

#endif
