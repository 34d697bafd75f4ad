/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Native baseline: the enetstl_nf network functions as plain C, with the
 * table layouts and algorithms of the BPF programs (the *_common.h headers
 * of selftests/), so that on the same input they produce the same state.
 * No locking: the caller serialises.
 */
#ifndef NF_NATIVE_H
#define NF_NATIVE_H

#include "nf_native_types.h"
#include "nf_hash.h"
#include "enetstl.h"
#include "../selftests/enetstl/progs/cuckoo_common.h"
#include "../selftests/enetstl_nf/progs/cms8_common.h"
#include "../selftests/enetstl_nf/progs/cuckoo_switch_common.h"
#include "../selftests/enetstl_nf/progs/eiffel_common.h"
#include "../selftests/enetstl_nf/progs/nitro_common.h"
#include "../selftests/enetstl_nf/progs/carousel_common.h"
#include "../selftests/enetstl_nf/progs/skiplist_common.h"

/* XDP verdicts, as the BPF programs return them. */
#define NF_XDP_ABORTED	0
#define NF_XDP_DROP	1
#define NF_XDP_PASS	2
#define NF_XDP_TX	3

/* 0 and the 5-tuple, or -1; same rules as progs/nf_parse.h. */
int nf_parse_5tuple(const void *frame, u32 len, struct pkt_5tuple *t);


void nf_cms8_xxh32(struct cms8_table *t, const struct pkt_5tuple *k);
void nf_cms8_fasthash32(struct cms8_table *t, const struct pkt_5tuple *k);

struct nf_switch {
	struct cuckoo_bucket *b;	/* mask + 1 buckets */
	u32 mask;
	u64 port_tx[SWITCH_PORTS];
	u64 miss;
};

/* enum cuckoo_result, same placement as the BPF cuckoo_insert. */
int nf_switch_insert(struct nf_switch *sw, const u64 key[2], u32 val);
int nf_switch_lookup(const struct nf_switch *sw, const u64 key[2],
		     u32 *val);
/* An NF_XDP_* verdict; *port set on NF_XDP_TX. */
int nf_switch_fwd(struct nf_switch *sw, const struct pkt_5tuple *t,
		  u32 *port);

struct nf_eiffel {
	struct eif_bitmap bm;
	struct eif_bucket *b;		/* EIF_PRIOS buckets */
	u64 nr_items;
};

/* enum eif_result */
int nf_eiffel_enqueue(struct nf_eiffel *q, u32 prio, u64 item);
int nf_eiffel_dequeue(struct nf_eiffel *q, u32 *prio, u64 *item);

/*
 * NitroSketch, p = 1 / p_den: geometric gaps between updated (packet, row)
 * pairs drawn by inverse transform from a table of (1 - p)^k thresholds,
 * with xorshift64* randomness.
 */
#define NF_NITRO_THR	64
/* Buckets of U: 32 octaves, each cut in 1 << NF_NITRO_SUB_BITS. */
#define NF_NITRO_SUB_BITS	3

struct nf_nitro {
	struct cms8_table *t;
	u32 p_den;
	u32 next_row;		/* pairs to skip before the next update */
	u64 rng;
	u64 updates;
	/* thr[k] = 2^32 (1 - p)^(k + 1); thr[NF_NITRO_THR] = 0 ends a scan */
	u32 thr[NF_NITRO_THR + 1];
	/* thresholds above every U of bucket b: where its count starts */
	u8 start[32 << NF_NITRO_SUB_BITS];
};

void nf_nitro_init(struct nf_nitro *n, u32 p_den, u64 seed);
void nf_nitro_update(struct nf_nitro *n, const struct pkt_5tuple *k);

/*
 * Carousel with linked per-slot FIFOs over a pool of CR_TOTAL_CAP packets
 * (the shape of the eNetSTL build); semantics in carousel_common.h.
 */
struct nf_cr_node {
	struct cr_pkt pkt;
	u32 next;		/* pool index, or NF_CR_NIL */
};

#define NF_CR_NIL	0xffffffffu

struct nf_carousel {
	struct cr_flow flow[CR_FLOWS];
	u32 head[CR_SLOTS], tail[CR_SLOTS];
	struct nf_cr_node *pool;	/* CR_TOTAL_CAP nodes */
	u32 free;
	u64 start;
	struct cr_pkt sent[CR_TICK_PKTS];
	u32 nr_sent;
};

void nf_carousel_init(struct nf_carousel *c);
int nf_carousel_enqueue(struct nf_carousel *c, u64 now, u32 flow, u32 len);
int nf_carousel_tick(struct nf_carousel *c, u64 now);

/* Skip list with pointer links over a pool of SL_MAX_KEYS nodes. */
struct nf_sl_node {
	u64 key, val;
	struct nf_sl_node *next[SL_LEVELS];
};

struct nf_skiplist {
	struct nf_sl_node head;
	struct nf_sl_node *pool;	/* SL_MAX_KEYS nodes */
	struct nf_sl_node *free;
	u32 nr_keys;
};

void nf_skiplist_init(struct nf_skiplist *s);
/* enum sl_result; *val set by lookup on SL_OK. */
int nf_skiplist_insert(struct nf_skiplist *s, u64 key, u64 val);
int nf_skiplist_lookup(struct nf_skiplist *s, u64 key, u64 *val);
int nf_skiplist_delete(struct nf_skiplist *s, u64 key);

#endif
