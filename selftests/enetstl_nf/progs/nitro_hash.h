/* SPDX-License-Identifier: GPL-2.0 */
/* XXH32 of a 13-byte 5-tuple in plain BPF, for the NitroSketch programs. */
#ifndef ENETSTL_NF_NITRO_HASH_H
#define ENETSTL_NF_NITRO_HASH_H

#include "../../enetstl/progs/hash13_bpf.h"

/* The first NITRO_ROWS seeds of ENETSTL_CNT_SEEDS (.rodata). */
const volatile __u32 nitro_seed[8] = {
	0x00ec5853, 0x00ec5859, 0x00ec5861, 0x00ec587f,
	0x00ec58a7, 0x00ec58b3, 0x00ec58c7, 0x00ec58d1,
};

#endif
