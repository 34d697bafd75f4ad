// SPDX-License-Identifier: GPL-2.0
/* Native Carousel; see nf_native.h and carousel_common.h. */
#include "nf_native.h"

void nf_carousel_init(struct nf_carousel *c)
{
	u32 i;

	memset(c->flow, 0, sizeof(c->flow));
	for (i = 0; i < CR_SLOTS; i++)
		c->head[i] = c->tail[i] = NF_CR_NIL;
	for (i = 0; i < CR_TOTAL_CAP; i++)
		c->pool[i].next = i + 1 < CR_TOTAL_CAP ? i + 1 : NF_CR_NIL;
	c->free = 0;
	c->start = 0;
	c->nr_sent = 0;
}

int nf_carousel_enqueue(struct nf_carousel *c, u64 now, u32 flow, u32 len)
{
	struct cr_flow *f;
	u32 s, i;
	u64 ts;

	if (flow >= CR_FLOWS)
		return CR_BAD;
	f = &c->flow[flow];
	ts = now > f->next_ts ? now : f->next_ts;
	if (ts < c->start)
		ts = c->start;
	if (ts - c->start >= (u64)CR_SLOTS * CR_GRAN)
		return CR_DROP;
	if (c->free == NF_CR_NIL)
		return CR_FULL;
	i = c->free;
	c->free = c->pool[i].next;
	c->pool[i].pkt.ts = ts;
	c->pool[i].pkt.flow = flow;
	c->pool[i].pkt.len = len;
	c->pool[i].next = NF_CR_NIL;
	s = (ts >> CR_GRAN_SHIFT) & (CR_SLOTS - 1);
	if (c->tail[s] == NF_CR_NIL)
		c->head[s] = i;
	else
		c->pool[c->tail[s]].next = i;
	c->tail[s] = i;
	f->next_ts = ts + (u64)len * f->ns_per_byte;
	return CR_QUEUED;
}

int nf_carousel_tick(struct nf_carousel *c, u64 now)
{
	u32 s = (c->start >> CR_GRAN_SHIFT) & (CR_SLOTS - 1), i;

	c->nr_sent = 0;
	if (c->start > now)
		return CR_IDLE;
	while (c->head[s] != NF_CR_NIL && c->nr_sent < CR_TICK_PKTS) {
		i = c->head[s];
		c->sent[c->nr_sent++] = c->pool[i].pkt;
		c->head[s] = c->pool[i].next;
		c->pool[i].next = c->free;
		c->free = i;
	}
	if (c->head[s] == NF_CR_NIL) {
		c->tail[s] = NF_CR_NIL;
		c->start += CR_GRAN;
	}
	return CR_QUEUED;
}
