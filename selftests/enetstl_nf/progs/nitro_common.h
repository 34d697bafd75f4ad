/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NitroSketch (Liu et al., SIGCOMM 2019) over an 8-row count-min table,
 * shared by nitro_ebpf.bpf.c, nitro_enetstl.bpf.c and the tests.
 *
 * Each (packet, row) pair is updated with probability p = 1 / p_den, and
 * an update adds p_den, so every counter is an unbiased estimate of the
 * plain count-min counter.  Row i's column is XXH32(5-tuple, seed i) &
 * (cols - 1), seeds as in ENETSTL_CNT_SEEDS, so with p_den == 1 the table
 * is exactly the 8-row count-min table of cms8_common.h.
 *
 * The eBPF build flips one coin per row (bpf_get_prandom_u32); the eNetSTL
 * build draws the distance to the next sampled row from a geometric
 * distribution (the GEO random pool), so a packet costs one draw per
 * update instead of one per row, and skipped packets cost nothing.
 */
#ifndef ENETSTL_NF_NITRO_COMMON_H
#define ENETSTL_NF_NITRO_COMMON_H

#include "cms8_common.h"

#define NITRO_ROWS	CMS8_ROWS
#define NITRO_P_DEN	8	/* default p = 1/8: one update per packet */

#endif
