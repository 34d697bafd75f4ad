// SPDX-License-Identifier: GPL-2.0
/* Flows, streams and frames for the enetstl_nf tests; see nf_frames.h. */
#include <arpa/inet.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "nf_frames.h"
#include "progs/eiffel_common.h"

void nf_random_flow(struct prng *rng, struct pkt_5tuple *t)
{
	prng_fill(rng, t, sizeof(*t));
	t->proto = prng_next(rng) & 1 ? 6 : 17;
}

static uint16_t ip_csum(const uint8_t *h, int len)
{
	uint32_t sum = 0;

	for (int i = 0; i < len; i += 2)
		sum += (uint32_t)h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void nf_frame_5tuple(uint8_t *pkt, const struct pkt_5tuple *t)
{
	static const uint8_t dmac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	static const uint8_t smac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint8_t *ip = pkt + 14, *l4 = ip + 20;
	uint16_t csum, tot = PKT_LEN - 14;

	memset(pkt, 0, PKT_LEN);
	memcpy(pkt, dmac, 6);
	memcpy(pkt + 6, smac, 6);
	pkt[12] = 0x08;			/* ETH_P_IP */
	ip[0] = 0x45;			/* IPv4, 20-byte header */
	ip[2] = tot >> 8;
	ip[3] = tot & 0xff;
	ip[8] = 64;			/* TTL */
	ip[9] = t->proto;
	memcpy(ip + 12, &t->src_ip, 4);
	memcpy(ip + 16, &t->dst_ip, 4);
	csum = ip_csum(ip, 20);
	ip[10] = csum >> 8;
	ip[11] = csum & 0xff;
	memcpy(l4, &t->src_port, 2);
	memcpy(l4 + 2, &t->dst_port, 2);
	if (t->proto == 6) {
		l4[12] = 5 << 4;	/* data offset: 20 bytes */
		l4[13] = 0x10;		/* ACK */
	} else {
		uint16_t ulen = tot - 20;

		l4[4] = ulen >> 8;
		l4[5] = ulen & 0xff;
	}
}

void nf_frame_eiffel(uint8_t *pkt, uint32_t prio, uint64_t item)
{
	struct eif_req req = { .prio = prio, .item = item };

	memset(pkt, 0, PKT_LEN);
	pkt[12] = 0x88;		/* local experimental EtherType 0x88b5 */
	pkt[13] = 0xb5;
	memcpy(pkt + EIF_REQ_OFF, &req, sizeof(req));
}

void nf_switch_key(const struct pkt_5tuple *t, uint64_t key[2])
{
	key[0] = 0;
	key[1] = 0;
	memcpy(key, t, sizeof(*t));
}

int nf_zipf_stream(struct prng *rng, uint32_t nflows, double s,
		   uint32_t *out, uint32_t n)
{
	double *cdf = malloc(nflows * sizeof(*cdf)), sum = 0;

	if (!cdf)
		return -1;
	for (uint32_t i = 0; i < nflows; i++) {
		sum += 1.0 / pow(i + 1, s);
		cdf[i] = sum;
	}
	for (uint32_t p = 0; p < n; p++) {
		double u = (prng_next(rng) >> 11) * 0x1p-53 * sum;
		uint32_t lo = 0, hi = nflows - 1;

		while (lo < hi) {
			uint32_t mid = (lo + hi) / 2;

			if (cdf[mid] < u)
				lo = mid + 1;
			else
				hi = mid;
		}
		out[p] = lo;
	}
	free(cdf);
	return 0;
}
