// SPDX-License-Identifier: GPL-2.0
/*
 * Native cuckoo switch: the cuckoo hash of cuckoo_common.h (same hash,
 * signatures, bucket choice and eviction order as the BPF programs) and
 * the per-packet forwarding step of cuckoo_switch.h.
 */
#include "nf_native.h"

struct nf_item {
	u64 key[2];
	u32 val;
	u16 sig;
};

static int find_key(const struct cuckoo_bucket *b, const u64 key[2], u16 sig)
{
	int s;

	for (s = 0; s < CUCKOO_SLOTS; s++)
		if (b->sig[s] == sig && b->key[s][0] == key[0] &&
		    b->key[s][1] == key[1])
			return s;
	return -1;
}

static int find_empty(const struct cuckoo_bucket *b)
{
	int s;

	for (s = 0; s < CUCKOO_SLOTS; s++)
		if (!b->sig[s])
			return s;
	return -1;
}

static void put(struct cuckoo_bucket *b, int s, const struct nf_item *it)
{
	b->key[s][0] = it->key[0];
	b->key[s][1] = it->key[1];
	b->val[s] = it->val;
	b->sig[s] = it->sig;
}

static void swap_slot(struct cuckoo_bucket *b, int s, struct nf_item *it)
{
	struct nf_item old = {
		.key = { b->key[s][0], b->key[s][1] },
		.val = b->val[s],
		.sig = b->sig[s],
	};

	put(b, s, it);
	*it = old;
}

int nf_switch_insert(struct nf_switch *sw, const u64 key[2], u32 val)
{
	struct nf_item cur = { .key = { key[0], key[1] }, .val = val };
	u32 path[CUCKOO_MAX_KICKS];
	u32 h, i1, i2, idx;
	int s, i;

	h = nf_crc32c_16(key, CUCKOO_CRC_INIT);
	cur.sig = cuckoo_sig(h);
	i1 = h & sw->mask;
	i2 = cuckoo_alt(i1, cur.sig, sw->mask);
	s = find_key(&sw->b[i1], key, cur.sig);
	if (s >= 0) {
		sw->b[i1].val[s] = val;
		return CUCKOO_UPDATED;
	}
	s = find_key(&sw->b[i2], key, cur.sig);
	if (s >= 0) {
		sw->b[i2].val[s] = val;
		return CUCKOO_UPDATED;
	}
	s = find_empty(&sw->b[i1]);
	if (s >= 0) {
		put(&sw->b[i1], s, &cur);
		return CUCKOO_OK;
	}
	s = find_empty(&sw->b[i2]);
	if (s >= 0) {
		put(&sw->b[i2], s, &cur);
		return CUCKOO_OK;
	}
	idx = i1;
	for (i = 0; i < CUCKOO_MAX_KICKS; i++) {
		s = (cur.sig + i) & (CUCKOO_SLOTS - 1);
		swap_slot(&sw->b[idx], s, &cur);
		path[i] = idx << 3 | s;
		idx = cuckoo_alt(idx, cur.sig, sw->mask);
		s = find_empty(&sw->b[idx]);
		if (s >= 0) {
			put(&sw->b[idx], s, &cur);
			return CUCKOO_OK;
		}
	}
	/* No chain ends in an empty slot: undo, newest move first. */
	for (i = CUCKOO_MAX_KICKS - 1; i >= 0; i--)
		swap_slot(&sw->b[path[i] >> 3], path[i] & 7, &cur);
	return CUCKOO_FULL;
}

int nf_switch_lookup(const struct nf_switch *sw, const u64 key[2], u32 *val)
{
	u32 h = nf_crc32c_16(key, CUCKOO_CRC_INIT);
	u16 sig = cuckoo_sig(h);
	u32 idx = h & sw->mask;
	int s = find_key(&sw->b[idx], key, sig);

	if (s < 0) {
		idx = cuckoo_alt(idx, sig, sw->mask);
		s = find_key(&sw->b[idx], key, sig);
		if (s < 0)
			return CUCKOO_MISSING;
	}
	*val = sw->b[idx].val[s];
	return CUCKOO_OK;
}

int nf_switch_fwd(struct nf_switch *sw, const struct pkt_5tuple *t,
		  u32 *port)
{
	u64 key[2] = { 0, 0 };

	memcpy(key, t, sizeof(*t));
	if (nf_switch_lookup(sw, key, port) != CUCKOO_OK) {
		sw->miss++;
		return NF_XDP_PASS;
	}
	if (*port >= SWITCH_PORTS)
		return NF_XDP_DROP;
	sw->port_tx[*port]++;
	return NF_XDP_TX;
}
