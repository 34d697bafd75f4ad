/* SPDX-License-Identifier: GPL-2.0 */
/* XXH32 of a 13-byte 5-tuple in plain BPF, for the NitroSketch programs. */
#ifndef ENETSTL_NF_NITRO_HASH_H
#define ENETSTL_NF_NITRO_HASH_H

#define NX_P1 0x9E3779B1u
#define NX_P2 0x85EBCA77u
#define NX_P3 0xC2B2AE3Du
#define NX_P4 0x27D4EB2Fu
#define NX_P5 0x165667B1u

/* The first NITRO_ROWS seeds of ENETSTL_CNT_SEEDS (.rodata). */
const volatile __u32 nitro_seed[8] = {
	0x00ec5853, 0x00ec5859, 0x00ec5861, 0x00ec587f,
	0x00ec58a7, 0x00ec58b3, 0x00ec58c7, 0x00ec58d1,
};

struct nx_words {
	__u32 w0, w1, w2;
	__u8 b12;
};

static __always_inline __u32 nx_rotl32(__u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

static __always_inline void nx_words(const struct pkt_5tuple *t,
				     struct nx_words *k)
{
	__builtin_memcpy(&k->w0, t, 4);
	__builtin_memcpy(&k->w1, (const __u8 *)t + 4, 4);
	__builtin_memcpy(&k->w2, (const __u8 *)t + 8, 4);
	k->b12 = t->proto;
}

static __always_inline __u32 nx_xxh32(const struct nx_words *k, __u32 seed)
{
	__u32 acc = seed + NX_P5 + 13;

	acc = nx_rotl32(acc + k->w0 * NX_P3, 17) * NX_P4;
	acc = nx_rotl32(acc + k->w1 * NX_P3, 17) * NX_P4;
	acc = nx_rotl32(acc + k->w2 * NX_P3, 17) * NX_P4;
	acc = nx_rotl32(acc + k->b12 * NX_P5, 11) * NX_P1;
	acc ^= acc >> 15;
	acc *= NX_P2;
	acc ^= acc >> 13;
	acc *= NX_P3;
	acc ^= acc >> 16;
	return acc;
}

#endif
