// SPDX-License-Identifier: GPL-2.0
/*
 * make demo: an XDP count-min sketch. Every IPv4 UDP/TCP frame's 5-tuple
 * updates CMS_DEMO_ROWS rows of the sketch in one eNetSTL call (the rows'
 * hashes computed side by side in AVX2 lanes), then the frame is dropped.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "cms_demo.h"

#define ETH_P_IP 0x0800

__u32 cms[CMS_DEMO_ROWS * CMS_DEMO_COLS];
__u64 counted;
__u64 skipped;

SEC("xdp")
int cms_demo_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct pkt_5tuple t = {};
	__u16 *ports;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 ||
	    (ip->protocol != IPPROTO_UDP && ip->protocol != IPPROTO_TCP)) {
		__sync_fetch_and_add(&skipped, 1);
		return XDP_PASS;
	}
	ports = (void *)(ip + 1);
	if ((void *)(ports + 2) > end) {
		__sync_fetch_and_add(&skipped, 1);
		return XDP_PASS;
	}
	t.src_ip = ip->saddr;
	t.dst_ip = ip->daddr;
	t.src_port = ports[0];
	t.dst_port = ports[1];
	t.proto = ip->protocol;
	bpf_xxh32_pkt_cnt32(&t, cms, sizeof(cms), CMS_DEMO_COL_SHIFT);
	__sync_fetch_and_add(&counted, 1);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
