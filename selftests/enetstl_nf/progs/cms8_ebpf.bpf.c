// SPDX-License-Identifier: GPL-2.0
/*
 * 8-row count-min sketch in plain eBPF: XXH32 / fasthash32 of the 13-byte
 * 5-tuple computed in BPF, one row after the other.  Same table, seeds and
 * hashes as cms8_enetstl.bpf.c, so both build identical tables.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "nf_parse.h"
#include "cms8_common.h"
#include "../../enetstl/progs/hash13_bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cms8_table);
} cms SEC(".maps");

/*
 * The first CMS8_ROWS seeds of ENETSTL_CNT_SEEDS, applied by an unrolled
 * macro: a 32-byte const array would land in .rodata.cst32, a section
 * libbpf cannot map.
 */
#define CMS8_FOR_EACH_ROW(ROW)						\
	ROW(0, 0x00ec5853) ROW(1, 0x00ec5859) ROW(2, 0x00ec5861)	\
	ROW(3, 0x00ec587f) ROW(4, 0x00ec58a7) ROW(5, 0x00ec58b3)	\
	ROW(6, 0x00ec58c7) ROW(7, 0x00ec58d1)

SEC("xdp")
int cms8_xxh32(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	struct key_words k;
	__u32 zero = 0;
	struct cms8_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!tab || nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	key_words(&t, &k);
#define ROW(i, seed) tab->cnt[i][xxh32_13(&k, seed) & (CMS8_COLS - 1)]++;
	CMS8_FOR_EACH_ROW(ROW)
#undef ROW
	return XDP_PASS;
}

SEC("xdp")
int cms8_fasthash32(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	struct key_words k;
	__u32 zero = 0;
	struct cms8_table *tab = bpf_map_lookup_elem(&cms, &zero);

	if (!tab || nf_parse_5tuple(ctx, &t))
		return XDP_ABORTED;
	key_words(&t, &k);
#define ROW(i, seed) tab->cnt[i][fasthash32_13(&k, seed) & (CMS8_COLS - 1)]++;
	CMS8_FOR_EACH_ROW(ROW)
#undef ROW
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
