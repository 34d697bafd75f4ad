/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Native hashes, specialised for the key sizes the NFs use (13-byte
 * 5-tuples, 16-byte cuckoo keys) and inlined into the NFs, as a C
 * programmer would write them: XXH32 and fasthash32 (uapi/enetstl.h gives
 * their definitions) and CRC-32C with the SSE4.2 crc32 instruction, which
 * works on general registers and so needs no FPU section in the kernel.
 */
#ifndef NF_NATIVE_HASH_H
#define NF_NATIVE_HASH_H

#include "nf_native_types.h"

/* Set by nf_hash_init(). */
extern bool nf_use_crc32_insn;
extern u32 nf_crc_tab[256];

/* Pick the hardware CRC-32C path when the CPU has SSE4.2. */
void nf_hash_init(bool have_sse42);

#define NF_P1 0x9E3779B1u
#define NF_P2 0x85EBCA77u
#define NF_P3 0xC2B2AE3Du
#define NF_P4 0x27D4EB2Fu
#define NF_P5 0x165667B1u
#define NF_FH_M 0x880355f21e6d1965ull

static inline u32 nf_rotl32(u32 x, int r)
{
	return (x << r) | (x >> (32 - r));
}

/* Little-endian loads; x86-64 only, like eNetSTL itself. */
static inline u32 nf_ld32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

static inline u64 nf_ld64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return v;
}

static inline u32 nf_xxh32_13(const void *p, u32 seed)
{
	const u8 *b = p;
	u32 acc = seed + NF_P5 + 13;

	acc = nf_rotl32(acc + nf_ld32(b) * NF_P3, 17) * NF_P4;
	acc = nf_rotl32(acc + nf_ld32(b + 4) * NF_P3, 17) * NF_P4;
	acc = nf_rotl32(acc + nf_ld32(b + 8) * NF_P3, 17) * NF_P4;
	acc = nf_rotl32(acc + b[12] * NF_P5, 11) * NF_P1;
	acc ^= acc >> 15;
	acc *= NF_P2;
	acc ^= acc >> 13;
	acc *= NF_P3;
	acc ^= acc >> 16;
	return acc;
}

static inline u64 nf_fh_mix(u64 h)
{
	h ^= h >> 23;
	h *= 0x2127599bf4325c37ull;
	h ^= h >> 47;
	return h;
}

static inline u32 nf_fasthash32_13(const void *p, u32 seed)
{
	const u8 *b = p;
	u64 h = (u64)seed ^ (13 * NF_FH_M);

	h ^= nf_fh_mix(nf_ld64(b));
	h *= NF_FH_M;
	h ^= nf_fh_mix((u64)nf_ld32(b + 8) | (u64)b[12] << 32);
	h *= NF_FH_M;
	h = nf_fh_mix(h);
	return (u32)(h - (h >> 32));
}

static inline u64 nf_crc32_u64(u64 crc, u64 v)
{
	asm("crc32q %1, %0" : "+r"(crc) : "rm"(v));
	return crc;
}

static inline u32 nf_crc32c_16(const void *p, u32 crc)
{
	const u8 *b = p;
	int i;

	if (nf_use_crc32_insn)
		return (u32)nf_crc32_u64(nf_crc32_u64(crc, nf_ld64(b)),
					 nf_ld64(b + 8));
	for (i = 0; i < 16; i++)
		crc = nf_crc_tab[(crc ^ b[i]) & 0xff] ^ (crc >> 8);
	return crc;
}

#endif
