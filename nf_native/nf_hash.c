// SPDX-License-Identifier: GPL-2.0
/* CRC-32C path selection and the table fallback; hashes in nf_hash.h. */
#include "nf_hash.h"

bool nf_use_crc32_insn;
u32 nf_crc_tab[256];

void nf_hash_init(bool have_sse42)
{
	u32 n, k, c;

	nf_use_crc32_insn = have_sse42;
	for (n = 0; n < 256; n++) {
		c = n;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
		nf_crc_tab[n] = c;
	}
}
