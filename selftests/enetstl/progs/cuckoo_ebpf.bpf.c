// SPDX-License-Identifier: GPL-2.0
/*
 * Cuckoo hash in plain eBPF: table-driven CRC-32C (the table is built by
 * cuckoo_crc_init, which must run once before any other program), slot by
 * slot signature and key compares.  Same layout and placement as
 * cuckoo_enetstl.bpf.c.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "cuckoo_common.h"

__u32 crc_tab[256];
__u32 crc_ready;

SEC("xdp")
int cuckoo_crc_init(struct xdp_md *ctx)
{
	__u32 n, k, c;

	for (n = 0; n < 256; n++) {
		c = n;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
		crc_tab[n] = c;
	}
	crc_ready = 1;
	return XDP_PASS;
}

static __always_inline __u32 nf_hash_key(const __u64 *key)
{
	__u32 crc = CUCKOO_CRC_INIT;
	int w, i;

	for (w = 0; w < CUCKOO_KEY_SZ / 8; w++) {
		__u64 v = key[w];

		for (i = 0; i < 8; i++) {
			__u32 idx = crc ^ (__u32)v;

			/*
			 * Mask last, as written: clang would otherwise fold
			 * the mask into the final byte's shift and the 6.1
			 * verifier loses the index bound across the xor.
			 */
			asm volatile("" : "+r"(idx));
			crc = crc_tab[idx & 0xff] ^ (crc >> 8);
			v >>= 8;
		}
	}
	return crc;
}

static __always_inline int nf_find_key(struct cuckoo_bucket *b,
				       const __u64 *key, __u16 sig)
{
	int s;

	for (s = 0; s < CUCKOO_SLOTS; s++)
		if (b->sig[s] == sig && b->key[s][0] == key[0] &&
		    b->key[s][1] == key[1])
			return s;
	return -1;
}

static __always_inline int nf_find_empty(struct cuckoo_bucket *b)
{
	int s;

	for (s = 0; s < CUCKOO_SLOTS; s++)
		if (!b->sig[s])
			return s;
	return -1;
}

#include "cuckoo_ops.h"

char LICENSE[] SEC("license") = "GPL";
