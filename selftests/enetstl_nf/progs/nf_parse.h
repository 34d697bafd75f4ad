/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet parsing shared by the enetstl_nf programs: Ethernet, IPv4 without
 * options, then TCP or UDP (both have the ports first).  Every NF parses
 * the real headers, so the per-packet cost includes what an XDP program on
 * a NIC would pay.
 */
#ifndef ENETSTL_NF_PARSE_H
#define ENETSTL_NF_PARSE_H

#define NF_ETH_P_IP	0x0800

/* 0 and the 5-tuple in *t, or -1 for a frame the NFs do not handle. */
static __always_inline int nf_parse_5tuple(struct xdp_md *ctx,
					   struct pkt_5tuple *t)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct udphdr *l4;

	if ((void *)(eth + 1) > end ||
	    eth->h_proto != bpf_htons(NF_ETH_P_IP))
		return -1;
	ip = (void *)(eth + 1);
	/* Options would move the ports; the generator sends none. */
	if ((void *)(ip + 1) > end || ip->ihl != 5)
		return -1;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return -1;
	l4 = (void *)(ip + 1);
	if ((void *)(l4 + 1) > end)
		return -1;
	t->src_ip = ip->saddr;
	t->dst_ip = ip->daddr;
	t->src_port = l4->source;
	t->dst_port = l4->dest;
	t->proto = ip->protocol;
	return 0;
}

#endif
