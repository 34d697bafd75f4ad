// SPDX-License-Identifier: GPL-2.0
/*
 * make demo: attach the eNetSTL count-min sketch (progs/cms_demo.bpf.c) to
 * the receiving end of a veth pair (cmsd-tx -> cmsd-rx, made and removed
 * here), send it Zipf-distributed UDP flows as real frames over AF_PACKET,
 * then compare the sketch's estimates with the exact counts the sender kept.
 *
 *   cms_demo [PACKETS] [FLOWS]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <math.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "progs/cms_demo.h"
#include "ref_hash.h"
#include "veth_tx.h"
#include "cms_demo.skel.h"

#define FRAME_MAX	64	/* stride of the frame array */

struct flow {
	struct pkt_5tuple t;
	uint64_t sent;
	uint32_t estimate;
};

static uint32_t cms_estimate(const uint32_t *cms, const struct pkt_5tuple *t)
{
	uint32_t est = UINT32_MAX;

	for (int r = 0; r < CMS_DEMO_ROWS; r++) {
		uint32_t h = ref_xxh32(t, sizeof(*t), ref_cnt_seeds[r]);
		uint32_t c = cms[r * CMS_DEMO_COLS + (h & (CMS_DEMO_COLS - 1))];

		if (c < est)
			est = c;
	}
	return est;
}

static size_t build_frame(uint8_t *f, const struct pkt_5tuple *t)
{
	struct ethhdr *eth = (void *)f;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	size_t len = sizeof(*eth) + sizeof(*ip) + sizeof(*udp) + 18;

	memset(f, 0, len);
	memset(eth->h_dest, 0xff, ETH_ALEN);
	eth->h_source[0] = 0x02;
	eth->h_proto = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = t->proto;
	ip->tot_len = htons(len - sizeof(*eth));
	ip->saddr = t->src_ip;
	ip->daddr = t->dst_ip;
	udp->source = t->src_port;
	udp->dest = t->dst_port;
	udp->len = htons(len - sizeof(*eth) - sizeof(*ip));
	return len;
}

static int by_sent_desc(const void *a, const void *b)
{
	const struct flow *x = a, *y = b;

	return (x->sent < y->sent) - (x->sent > y->sent);
}

int main(int argc, char **argv)
{
	unsigned int packets = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
	unsigned int nflows = argc > 2 ? strtoul(argv[2], NULL, 0) : 2000;
	struct veth_tx sock = { .fd = -1 };
	struct cms_demo *skel = NULL;
	struct veth_pair vp = { 0 };
	struct flow *flows = NULL;
	uint8_t *frames = NULL;
	double *cdf = NULL, sum = 0;
	unsigned int i, under = 0, over = 0;
	uint64_t total_over = 0, max_over = 0;
	size_t len = 0;
	struct prng p;
	int err = 1, attached = 0;

	if (!packets || !nflows) {
		fprintf(stderr, "usage: %s [PACKETS] [FLOWS]\n", argv[0]);
		return 2;
	}
	err = veth_pair_create(&vp, "cmsd-tx", "cmsd-rx");
	if (err) {
		fprintf(stderr, "cms_demo: creating veth cmsd-tx/cmsd-rx: %s\n", strerror(-err));
		return 1;
	}
	err = 1;

	skel = cms_demo__open_and_load();
	if (!skel) {
		fprintf(stderr, "cms_demo: loading the BPF program failed (is eNetSTL.ko loaded?)\n");
		goto out;
	}
	err = veth_xdp_attach(&vp, bpf_program__fd(skel->progs.cms_demo_xdp));
	if (err) {
		fprintf(stderr, "cms_demo: attaching XDP to %s: %s\n", vp.rx_name, strerror(-err));
		err = 1;
		goto out;
	}
	attached = 1;

	/* Zipf(1.1) over the flows: a few heavy hitters and a long tail. */
	flows = calloc(nflows, sizeof(*flows));
	cdf = calloc(nflows, sizeof(*cdf));
	if (!flows || !cdf)
		goto out;
	prng_init(&p, 0x5eed);
	for (i = 0; i < nflows; i++) {
		flows[i].t.src_ip = htonl(0xc6120000 | prng_below(&p, 1 << 17)); /* 198.18.0.0/15 */
		flows[i].t.dst_ip = htonl(0xc0000200 | (i & 0xff));
		flows[i].t.src_port = htons(1024 + prng_below(&p, 60000));
		flows[i].t.dst_port = htons(53 + (i % 7));
		flows[i].t.proto = IPPROTO_UDP;
		sum += 1.0 / pow(i + 1, 1.1);
		cdf[i] = sum;
	}

	/* The frames first, then all of them in one go over AF_PACKET. */
	frames = malloc((size_t)packets * FRAME_MAX);
	if (!frames)
		goto out;
	for (i = 0; i < packets; i++) {
		double u = (double)prng_next(&p) / 18446744073709551616.0 * sum;
		unsigned int lo = 0, hi = nflows - 1;

		while (lo < hi) {
			unsigned int mid = (lo + hi) / 2;

			if (cdf[mid] < u)
				lo = mid + 1;
			else
				hi = mid;
		}
		len = build_frame(frames + (size_t)i * FRAME_MAX, &flows[lo].t);
		flows[lo].sent++;
	}
	err = veth_tx_open(&sock, vp.tx_ifindex);
	err = err ?: veth_tx_send(&sock, frames, len, FRAME_MAX, packets);
	if (err) {
		fprintf(stderr, "cms_demo: sending over %s: %s\n", vp.tx_name, strerror(-err));
		err = 1;
		goto out;
	}
	err = 1;
	for (i = 0; i < 200 && skel->bss->counted < packets; i++)
		usleep(10000);

	for (i = 0; i < nflows; i++) {
		uint64_t e;

		flows[i].estimate = cms_estimate(skel->bss->cms, &flows[i].t);
		e = flows[i].estimate;
		if (e < flows[i].sent) {
			under++;
			continue;
		}
		total_over += e - flows[i].sent;
		if (e - flows[i].sent > max_over)
			max_over = e - flows[i].sent;
		/* CMS bound: overestimate <= (e / cols) * N with prob. 1 - e^-rows. */
		if (e - flows[i].sent > M_E / CMS_DEMO_COLS * packets)
			over++;
	}
	qsort(flows, nflows, sizeof(*flows), by_sent_desc);

	printf("eNetSTL count-min sketch on XDP (%s), %d rows x %d columns, one "
	       "bpf_xxh32_pkt_cnt32() call per packet\n", vp.rx_name, CMS_DEMO_ROWS, CMS_DEMO_COLS);
	printf("sent %u frames in %u UDP flows over %s; the XDP program counted %llu\n\n",
	       packets, nflows, vp.tx_name, (unsigned long long)skel->bss->counted);
	printf("%-40s %10s %10s %8s\n", "top flows (src -> dst, udp)", "sent", "estimate", "over");
	for (i = 0; i < 10 && i < nflows; i++) {
		char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN], name[64];

		inet_ntop(AF_INET, &flows[i].t.src_ip, s, sizeof(s));
		inet_ntop(AF_INET, &flows[i].t.dst_ip, d, sizeof(d));
		snprintf(name, sizeof(name), "%s:%u -> %s:%u", s, ntohs(flows[i].t.src_port),
			 d, ntohs(flows[i].t.dst_port));
		printf("%-40s %10llu %10u %8lld\n", name, (unsigned long long)flows[i].sent,
		       flows[i].estimate, (long long)flows[i].estimate - (long long)flows[i].sent);
	}
	printf("\nall %u flows: %u underestimated (must be 0), mean overestimate %.2f, max %llu,\n"
	       "%u beyond the bound e/cols*N = %.1f (expected fraction <= e^-rows = %.3f)\n",
	       nflows, under, (double)total_over / nflows, (unsigned long long)max_over, over,
	       M_E / CMS_DEMO_COLS * packets, exp(-CMS_DEMO_ROWS));
	err = skel->bss->counted != packets || under;
	if (skel->bss->counted != packets)
		printf("cms_demo: the XDP program saw %llu of %u frames\n",
		       (unsigned long long)skel->bss->counted, packets);
out:
	veth_tx_close(&sock);
	if (attached)
		veth_xdp_detach(&vp);
	veth_pair_destroy(&vp);
	free(frames);
	free(flows);
	free(cdf);
	cms_demo__destroy(skel);
	return err;
}
