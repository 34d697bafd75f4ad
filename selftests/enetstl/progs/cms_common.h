/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Count-min sketch shared by cms_enetstl.bpf.c, cms_ebpf.bpf.c and the
 * userspace tests: CMS_ROWS rows of 2^CMS_COL_SHIFT 32-bit counters in one
 * array-map value, row i indexed by hash_i(5-tuple) with the eNetSTL seed
 * of row i.  Test frames carry the packed 5-tuple right after the Ethernet
 * header.
 */
#ifndef ENETSTL_CMS_COMMON_H
#define ENETSTL_CMS_COMMON_H

#define CMS_ROWS	4
#define CMS_COL_SHIFT	10
#define CMS_COLS	(1u << CMS_COL_SHIFT)
#define CMS_KEY_OFF	14

struct cms_table {
	__u32 cnt[CMS_ROWS][CMS_COLS];
};

#endif
