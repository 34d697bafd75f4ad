/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cuckoo switch: the cuckoo hash of selftests/enetstl (16-byte keys, 32-bit
 * values) used as a forwarding table, flow 5-tuple -> output port, looked
 * up once per packet.  The including file has already pulled in one build
 * of the cuckoo hash (its nf_hash_key / nf_find_key and the
 * cuckoo_insert / cuckoo_lookup / cuckoo_delete control-plane programs).
 *
 * Key: the 13 packed bytes of struct pkt_5tuple, then 3 zero bytes.
 * Hit with port < SWITCH_PORTS: port_tx[port]++, last_port = port, XDP_TX.
 * Hit with a larger value: XDP_DROP (a table entry that names no port).
 * Miss: fwd_miss++, XDP_PASS (to the slow path, which learns the flow).
 */
#ifndef ENETSTL_NF_CUCKOO_SWITCH_H
#define ENETSTL_NF_CUCKOO_SWITCH_H

#include "nf_parse.h"
#include "cuckoo_switch_common.h"

__u64 port_tx[SWITCH_PORTS];
__u64 fwd_miss;
__u32 last_port;

SEC("xdp")
int switch_fwd(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	__u64 key[2] = {};
	struct cuckoo_bucket *b;
	__u32 h, idx, port;
	__u16 sig;
	int s;

	if (nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	__builtin_memcpy(key, &t, sizeof(t));
	h = nf_hash_key(key);
	sig = cuckoo_sig(h);
	idx = h & bucket_mask;
	b = nf_bucket(idx);
	if (!b)
		return XDP_ABORTED;
	s = nf_find_key(b, key, sig);
	if (s < 0) {
		b = nf_bucket(cuckoo_alt(idx, sig, bucket_mask));
		if (!b)
			return XDP_ABORTED;
		s = nf_find_key(b, key, sig);
		if (s < 0) {
			fwd_miss++;
			return XDP_PASS;
		}
	}
	port = b->val[nf_slot(s)];
	if (port >= SWITCH_PORTS)
		return XDP_DROP;
	port_tx[port]++;
	last_port = port;
	return XDP_TX;
}

#endif
