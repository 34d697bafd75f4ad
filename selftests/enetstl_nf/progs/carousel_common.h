/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Carousel (Saeed et al., SIGCOMM 2017): a timing-wheel rate limiter,
 * shared by carousel_ebpf.bpf.c, carousel_enetstl.bpf.c and the tests.
 *
 * Each flow has a rate (ns per byte) and the departure time of its next
 * packet.  Enqueue at time now (from the request, so tests are exact):
 *	ts = max(now, flow.next_ts, wheel start); beyond the horizon
 *	(ts >= start + CR_SLOTS * CR_GRAN) -> CR_DROP; else the packet goes
 *	to the FIFO of slot (ts / CR_GRAN) % CR_SLOTS (CR_FULL if there is no
 *	room) and flow.next_ts = ts + len * ns_per_byte.
 * Tick at time now (the wheel's timer; called until it returns CR_IDLE):
 *	when the wheel start > now, CR_IDLE; else send the current slot's
 *	packets in FIFO order, at most CR_TICK_PKTS (the rest waits for the
 *	next tick), move the start on by CR_GRAN when the slot is empty, and
 *	return CR_QUEUED.  One slot per run keeps each run short and the
 *	programs' loops simple enough for the 6.1 verifier.
 *
 * As in Carousel, each CPU runs its own wheel (struct cr_wheel and the
 * slots, per CPU), with no lock: a flow's packets must all reach one CPU
 * (RSS does that), since its pacing state is in the shared flows map.
 * The eBPF build keeps a fixed ring of CR_SLOT_CAP packets per slot in a
 * per-CPU array map: memory for the worst case in every slot of every CPU
 * (CR_SLOTS * CR_SLOT_CAP packets per CPU).  The eNetSTL build keeps the
 * slots in one per-CPU list-bucket object (bpf_bktlist_new_percpu), whose
 * CR_TOTAL_CAP packets per CPU are shared among that CPU's slots and
 * allocated in chunks as they are first needed.
 */
#ifndef ENETSTL_NF_CAROUSEL_COMMON_H
#define ENETSTL_NF_CAROUSEL_COMMON_H

#define CR_SLOTS	256
#define CR_GRAN_SHIFT	10
#define CR_GRAN		(1u << CR_GRAN_SHIFT)	/* ns per slot */
#define CR_FLOWS	256
#define CR_SLOT_CAP	64	/* eBPF build, per slot (a power of two) */
#define CR_TOTAL_CAP	16384	/* eNetSTL build, all slots */
#define CR_TICK_PKTS	64	/* a power of two */
#define CR_REQ_OFF	16

struct cr_pkt {
	__u64 ts;		/* departure time */
	__u32 flow;
	__u32 len;
};

struct cr_flow {
	__u64 next_ts;
	__u32 ns_per_byte;
	__u32 pad;
};

/* One CPU's wheel: the start of its current slot, the last tick's output. */
struct cr_wheel {
	__u64 start;
	__u32 nr_sent;		/* packets the last tick sent, in order */
	__u32 pad;
	struct cr_pkt sent[CR_TICK_PKTS];
};

struct cr_req {
	__u64 now;
	__u32 flow;
	__u32 len;
};

enum cr_result {
	CR_QUEUED = 0,
	CR_DROP = 1,		/* beyond the horizon */
	CR_FULL = 2,
	CR_BAD = 3,		/* bad flow, short frame, map failure */
	CR_IDLE = 4,		/* tick: no slot due yet */
};

#endif
