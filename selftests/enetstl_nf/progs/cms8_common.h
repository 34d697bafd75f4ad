/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Count-min sketch with 8 rows, shared by cms8_ebpf.bpf.c,
 * cms8_enetstl.bpf.c, the tests and the native baseline: CMS8_ROWS rows of
 * 2^CMS8_COL_SHIFT 32-bit counters in one array-map value, row i indexed by
 * hash(5-tuple, seed i of ENETSTL_CNT_SEEDS), hash XXH32 or fasthash32 of
 * the 13 packed bytes of struct pkt_5tuple.
 */
#ifndef ENETSTL_NF_CMS8_COMMON_H
#define ENETSTL_NF_CMS8_COMMON_H

#define CMS8_ROWS	8
#define CMS8_COL_SHIFT	10
#define CMS8_COLS	(1u << CMS8_COL_SHIFT)

struct cms8_table {
	__u32 cnt[CMS8_ROWS][CMS8_COLS];
};

#endif
