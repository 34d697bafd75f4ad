// SPDX-License-Identifier: GPL-2.0
/* Userspace Carousel model; see ref_carousel.h. */
#include <string.h>

#include "ref_carousel.h"

void carousel_model_init(struct carousel_model *m)
{
	memset(m, 0, sizeof(*m));
}

enum cr_result carousel_model_enqueue(struct carousel_model *m, uint64_t now,
				      uint32_t flow, uint32_t len)
{
	uint64_t ts;
	uint32_t s;

	if (flow >= CR_FLOWS)
		return CR_BAD;
	ts = now > m->flow[flow].next_ts ? now : m->flow[flow].next_ts;
	if (ts < m->start)
		ts = m->start;
	if (ts - m->start >= (uint64_t)CR_SLOTS * CR_GRAN)
		return CR_DROP;
	s = (ts / CR_GRAN) % CR_SLOTS;
	if (m->len[s] == CR_SLOT_CAP)
		return CR_FULL;
	m->slot[s][m->len[s]++] = (struct cr_pkt){ .ts = ts, .flow = flow,
						   .len = len };
	m->flow[flow].next_ts = ts + (uint64_t)len * m->flow[flow].ns_per_byte;
	return CR_QUEUED;
}

enum cr_result carousel_model_tick(struct carousel_model *m, uint64_t now)
{
	uint32_t s = (m->start / CR_GRAN) % CR_SLOTS;

	m->nr_sent = 0;
	if (m->start > now)
		return CR_IDLE;
	while (m->len[s] && m->nr_sent < CR_TICK_PKTS) {
		m->sent[m->nr_sent++] = m->slot[s][0];
		memmove(m->slot[s], m->slot[s] + 1,
			--m->len[s] * sizeof(m->slot[s][0]));
	}
	if (!m->len[s])
		m->start += CR_GRAN;
	return CR_QUEUED;
}
