/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Carousel programs, written once over slot primitives that the
 * including file defines, on a handle h of type cr_handle_t:
 *	cr_handle_t cr_get(void);	0 / NULL on failure
 *	void cr_put(cr_handle_t h);
 *	int cr_push(h, __u32 slot, const struct cr_pkt *p);  -ENOSPC: full
 *	int cr_empty(h, __u32 slot);			      1 when empty
 * and either, when the including file defines CR_HAVE_DRAIN,
 *	int cr_drain(h, __u32 slot, struct cr_pkt *out, __u32 out_sz);
 *		pops up to out_sz / sizeof(*out) (at most CR_TICK_PKTS)
 *		packets of slot into out in one go: the number popped, < 0 on
 *		error
 * or else
 *	int cr_pop(h, __u32 slot, struct cr_pkt *p);	      -ENOENT: empty
 * and, when it defines CR_HAVE_PUSH_DRAIN,
 *	int cr_push_drain(h, __u32 slot, const struct cr_pkt *p,
 *			  __u32 due, struct cr_pkt *out, __u32 out_sz);
 *		cr_push(h, slot, p), then cr_drain(h, due, out, out_sz) when
 *		the push worked, in one go: the number drained or the push's
 *		error
 * (the eNetSTL build's handle is the map value field that holds its list
 * object, which its in-place kfuncs work on).  The programs keep this
 * CPU's wheel state in the per-CPU map wheels.  Semantics:
 * carousel_common.h.
 */
#ifndef ENETSTL_NF_CAROUSEL_OPS_H
#define ENETSTL_NF_CAROUSEL_OPS_H

#include "carousel_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CR_FLOWS);
	__type(key, __u32);
	__type(value, struct cr_flow);
} flows SEC(".maps");

/* This CPU's wheel (start, last tick's output). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cr_wheel);
} wheels SEC(".maps");

static __always_inline struct cr_wheel *cr_wheel(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&wheels, &zero);
}

static __always_inline struct cr_req *cr_req(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct cr_req *req = data + CR_REQ_OFF;

	return (void *)(req + 1) > end ? NULL : req;
}

/* Enqueue to wheel w with the handle h held by the caller. */
static __always_inline int cr_enqueue(cr_handle_t h, struct cr_wheel *w,
				      __u64 now, __u32 id, __u32 len)
{
	__u64 start = w->start;
	struct cr_flow *f;
	struct cr_pkt p;
	__u64 ts;
	int err;

	f = bpf_map_lookup_elem(&flows, &id);
	if (!f)
		return CR_BAD;
	ts = now > f->next_ts ? now : f->next_ts;
	if (ts < start)
		ts = start;
	if (ts - start >= (__u64)CR_SLOTS * CR_GRAN)
		return CR_DROP;
	p.ts = ts;
	p.flow = id;
	p.len = len;
	err = cr_push(h, (ts >> CR_GRAN_SHIFT) & (CR_SLOTS - 1), &p);
	if (err)
		return err == -ENOSPC ? CR_FULL : CR_BAD;
	f->next_ts = ts + (__u64)len * f->ns_per_byte;
	return CR_QUEUED;
}

#ifdef CR_HAVE_PUSH_DRAIN
/*
 * cr_enqueue then cr_tick(h, w, w->start), as carousel_enq_tick does them,
 * with the push and the due slot's drain in one cr_push_drain.
 */
static __always_inline int cr_enqueue_tick(cr_handle_t h, struct cr_wheel *w,
					   __u64 now, __u32 id, __u32 len)
{
	__u64 start = w->start;
	__u32 due = (start >> CR_GRAN_SHIFT) & (CR_SLOTS - 1);
	/*
	 * Written as two 64-bit words: the kfunc copies the packet in 8-byte
	 * words, and a load that spans two narrower stores cannot be served
	 * by store forwarding (a stall of the order of the whole copy).
	 */
	union {
		struct cr_pkt p;
		__u64 w[2];
	} u;
	struct cr_flow *f;
	__u64 ts;
	int n;

	f = bpf_map_lookup_elem(&flows, &id);
	if (!f)
		return CR_BAD;
	ts = now > f->next_ts ? now : f->next_ts;
	if (ts < start)
		ts = start;
	if (ts - start >= (__u64)CR_SLOTS * CR_GRAN)
		return CR_DROP;
	u.w[0] = ts;
	/* flow, then len: the little-endian layout of struct cr_pkt */
	u.w[1] = id | (__u64)len << 32;
	n = cr_push_drain(h, (ts >> CR_GRAN_SHIFT) & (CR_SLOTS - 1), &u.p, due,
			  w->sent, sizeof(w->sent));
	if (n < 0)
		return n == -ENOSPC ? CR_FULL : CR_BAD;
	f->next_ts = ts + (__u64)len * f->ns_per_byte;
	/* The tick at w->start: never idle; fewer than asked: empty. */
	w->nr_sent = n;
	if (n < CR_TICK_PKTS || cr_empty(h, due))
		w->start = start + CR_GRAN;
	return CR_QUEUED;
}
#endif

/* One tick of wheel w with the handle h held by the caller. */
static __always_inline int cr_tick(cr_handle_t h, struct cr_wheel *w,
				   __u64 now)
{
#ifndef CR_HAVE_DRAIN
	struct cr_pkt p;
#endif
	__u32 n = 0, slot;
	int j;

	w->nr_sent = 0;
	if (w->start > now)
		return CR_IDLE;
	slot = (w->start >> CR_GRAN_SHIFT) & (CR_SLOTS - 1);
#ifdef CR_HAVE_DRAIN
	j = cr_drain(h, slot, w->sent, sizeof(w->sent));
	if (j > 0)
		n = j;
	/* Fewer than asked for: the slot is empty, no need to ask. */
	if ((j >= 0 && j < CR_TICK_PKTS) || cr_empty(h, slot))
		w->start += CR_GRAN;
#else
	for (j = 0; j < CR_TICK_PKTS; j++) {
		if (cr_pop(h, slot, &p))
			break;
		w->sent[j] = p;
		n++;
	}
	if (cr_empty(h, slot))
		w->start += CR_GRAN;
#endif
	w->nr_sent = n;
	return CR_QUEUED;
}

SEC("xdp")
int carousel_enqueue(struct xdp_md *ctx)
{
	struct cr_req *req = cr_req(ctx);
	struct cr_wheel *w = cr_wheel();
	cr_handle_t h;
	int ret;

	if (!req || !w)
		return CR_BAD;
	h = cr_get();
	if (!h)
		return CR_BAD;
	ret = cr_enqueue(h, w, req->now, req->flow, req->len);
	cr_put(h);
	return ret;
}

SEC("xdp")
int carousel_tick(struct xdp_md *ctx)
{
	struct cr_req *req = cr_req(ctx);
	struct cr_wheel *w = cr_wheel();
	cr_handle_t h;
	int ret;

	if (!req || !w)
		return CR_BAD;
	h = cr_get();
	if (!h)
		return CR_BAD;
	ret = cr_tick(h, w, req->now);
	cr_put(h);
	return ret;
}

/*
 * The benchmark's steady state: a packet in, and the wheel's timer firing
 * at the start of the slot it went to (time never stands still, so the
 * same frame can be sent again and again).  Returns CR_QUEUED when the
 * packet was queued and that tick ran.
 */
SEC("xdp")
int carousel_enq_tick(struct xdp_md *ctx)
{
	struct cr_req *req = cr_req(ctx);
	struct cr_wheel *w = cr_wheel();
	cr_handle_t h;
	int ret;

	if (!req || !w)
		return CR_BAD;
	h = cr_get();
	if (!h)
		return CR_BAD;
#ifdef CR_HAVE_PUSH_DRAIN
	ret = cr_enqueue_tick(h, w, req->now, req->flow, req->len);
#else
	ret = cr_enqueue(h, w, req->now, req->flow, req->len);
	if (ret == CR_QUEUED)
		ret = cr_tick(h, w, w->start);
#endif
	cr_put(h);
	return ret;
}

#endif
