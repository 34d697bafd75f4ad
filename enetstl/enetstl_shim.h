/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel facilities the eNetSTL algorithm cores use, with a kernel
 * and a userspace side, so the same cores run in eNetSTL.ko and in the host
 * tests and benchmarks.
 */
#ifndef _ENETSTL_SHIM_H
#define _ENETSTL_SHIM_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <asm/fpu/api.h>
#include <asm/simd.h>
#include <linux/math64.h>
#include <linux/random.h>
#include <linux/slab.h>

static inline u16 enetstl_load16(const void *p)
{
	return get_unaligned((const u16 *)p);
}

static inline u32 enetstl_load32(const void *p)
{
	return get_unaligned_le32(p);
}

static inline u64 enetstl_load64(const void *p)
{
	return get_unaligned_le64(p);
}

static inline u64 enetstl_load64_ne(const void *p)
{
	return get_unaligned((const u64 *)p);
}

static inline void enetstl_counter_inc(void *p)
{
	put_unaligned(get_unaligned((u32 *)p) + 1, (u32 *)p);
}

/*
 * Enter a SIMD section, or return false when the FPU cannot be used in this
 * context (e.g. a softirq that interrupted another kernel FPU user): the
 * caller then takes the scalar path, which gives the same results.
 */
static inline bool enetstl_simd_begin(void)
{
	if (in_nmi() || !may_use_simd())
		return false;
	kernel_fpu_begin();
	return true;
}

static inline void enetstl_simd_end(void)
{
	kernel_fpu_end();
}

/*
 * Allocation for the object cores: always atomic (kfuncs run in XDP/tc
 * context), zeroed, quiet on failure (the caller reports -ENOMEM).
 */
static inline void *enetstl_zalloc(size_t size)
{
	return kzalloc(size, GFP_ATOMIC | __GFP_NOWARN);
}

static inline void enetstl_free(void *p)
{
	kfree(p);
}

static inline u64 enetstl_div64(u64 a, u64 b)
{
	return div64_u64(a, b);
}

static inline u32 enetstl_random_u32(void)
{
	return get_random_u32();
}

/* Publish data before the flag/pointer that says it is there (GEO pool). */
#define enetstl_load_acquire(p)		smp_load_acquire(p)
/* Pairs with enetstl_load_acquire(). */
#define enetstl_store_release(p, v)	smp_store_release(p, v)
#define enetstl_read_once(x)		READ_ONCE(x)
#define enetstl_write_once(x, v)	WRITE_ONCE(x, v)

#else /* !__KERNEL__ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
/* As in the kernel: s64 is long long, which the vector builtins expect. */
typedef signed char s8;
typedef int16_t s16;
typedef long long s64;

/* The host build defines __always_inline on the command line (enetstl.mk). */
#ifndef __always_inline
#error "__always_inline must be defined by the build"
#endif

static inline u16 enetstl_load16(const void *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u32 enetstl_load32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline u64 enetstl_load64_ne(const void *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u64 enetstl_load64(const void *p)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(enetstl_load64_ne(p));
#else
	return enetstl_load64_ne(p);
#endif
}

static inline void enetstl_counter_inc(void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	v++;
	memcpy(p, &v, sizeof(v));
}

/* Userspace may always use the FPU; CPU support is the caller's check. */
static inline bool enetstl_simd_begin(void)
{
	return true;
}

static inline void enetstl_simd_end(void)
{
}

static inline void *enetstl_zalloc(size_t size)
{
	return calloc(1, size);
}

static inline void enetstl_free(void *p)
{
	free(p);
}

static inline u64 enetstl_div64(u64 a, u64 b)
{
	return a / b;
}

/* Uniform 32-bit randomness: the host program that links the cores. */
u32 enetstl_random_u32(void);

#define enetstl_load_acquire(p)		__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define enetstl_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define enetstl_read_once(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define enetstl_write_once(x, v)	__atomic_store_n(&(x), v, __ATOMIC_RELAXED)

#endif /* __KERNEL__ */

#endif /* _ENETSTL_SHIM_H */
