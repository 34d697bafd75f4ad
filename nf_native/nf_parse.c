// SPDX-License-Identifier: GPL-2.0
/* Native 5-tuple parsing: Ethernet, IPv4 without options, TCP or UDP. */
#include "nf_native.h"

#define ETH_HLEN_	14
#define IP_HLEN_	20

int nf_parse_5tuple(const void *frame, u32 len, struct pkt_5tuple *t)
{
	const u8 *p = frame, *ip = p + ETH_HLEN_, *l4 = ip + IP_HLEN_;

	if (len < ETH_HLEN_ + IP_HLEN_ + 8)
		return -1;
	if (p[12] != 0x08 || p[13] != 0x00 || ip[0] != 0x45)
		return -1;
	if (ip[9] != 6 && ip[9] != 17)
		return -1;
	/* Addresses and ports stay in network byte order, as in the packet. */
	memcpy(&t->src_ip, ip + 12, 4);
	memcpy(&t->dst_ip, ip + 16, 4);
	memcpy(&t->src_port, l4, 2);
	memcpy(&t->dst_port, l4 + 2, 2);
	t->proto = ip[9];
	return 0;
}
