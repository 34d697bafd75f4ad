/* SPDX-License-Identifier: GPL-2.0 */
/*
 * eNetSTL algorithm cores, shared by eNetSTL.ko and the host tests.
 *
 * Each public core takes a "simd" flag: true lets it use the CPU's SIMD
 * path (the caller has checked the CPU features), false forces the scalar
 * path.  Both paths give bit-identical results.  The *_avx2 functions are
 * built with -mavx2 and must only run between enetstl_simd_begin() and
 * enetstl_simd_end(); nothing else lives in their files so the compiler
 * cannot put AVX instructions anywhere else.
 */
#ifndef _ENETSTL_CORE_H
#define _ENETSTL_CORE_H

#include "enetstl_shim.h"
#include "enetstl.h"

/* Row seeds of the counter tables (uapi ENETSTL_CNT_SEEDS). */
extern const u32 enetstl_cnt_seeds[ENETSTL_CNT_MAX_ROWS];

/* Lanes of one AVX2 pass over 32-bit hashes. */
#define ENETSTL_AVX2_LANES	8

/*
 * Below these sizes the SIMD paths are not worth a kernel_fpu_begin/end
 * pair (which may save the user FPU state), so the scalar path runs.
 */
#define ENETSTL_CNT_SIMD_MIN_ROWS	4
#define ENETSTL_CMP_SIMD_MIN_BYTES	64

/*
 * Rows of a counter table: min(table_sz / row bytes, ENETSTL_CNT_MAX_ROWS),
 * 0 when column_shift is out of range or not even one row fits.
 */
static inline u32 enetstl_cnt_rows(size_t table_sz, u32 column_shift)
{
	size_t rows;

	if (column_shift > ENETSTL_CNT_MAX_COLUMN_SHIFT)
		return 0;
	/* rows are 4 << column_shift bytes: a shift, not a 64-bit divide */
	rows = table_sz >> (column_shift + 2);
	return rows > ENETSTL_CNT_MAX_ROWS ? ENETSTL_CNT_MAX_ROWS : (u32)rows;
}

/* Add 1 to row "row"'s counter selected by hash (any table alignment). */
static inline void enetstl_cnt_bump(void *table, u32 column_shift, u32 row,
				    u32 hash)
{
	size_t cols = (size_t)1 << column_shift;
	size_t idx = (size_t)row * cols + (hash & (cols - 1));

	enetstl_counter_inc((u8 *)table + idx * sizeof(u32));
}

/* CRC-32C, DPDK convention: no inversion in or out. */
void enetstl_crc32c_init(void);
u32 enetstl_crc32c(const void *data, size_t len, u32 crc, bool sse42);
u32 enetstl_crc32c_scalar(const void *data, size_t len, u32 crc);
u32 enetstl_crc32c_sse42(const void *data, size_t len, u32 crc);

/* XXH32 (xxHash specification) */
u32 enetstl_xxh32(const void *data, size_t len, u32 seed);
void enetstl_xxh32_cnt32(const void *data, size_t len, void *table,
			 size_t table_sz, u32 column_shift, bool simd);
void enetstl_xxh32_cnt32_scalar(const void *data, size_t len, void *table,
				u32 rows, u32 column_shift);
void enetstl_xxh32_cnt32_avx2(const void *data, size_t len, void *table,
			      u32 rows, u32 column_shift);

/* fasthash32 (Zilong Tan's fast-hash, 64-bit state folded to 32 bits) */
u32 enetstl_fasthash32(const void *data, size_t len, u32 seed);
void enetstl_fasthash32_cnt32(const void *data, size_t len, void *table,
			      size_t table_sz, u32 column_shift, bool simd);
void enetstl_fasthash32_cnt32_scalar(const void *data, size_t len,
				     void *table, u32 rows, u32 column_shift);
void enetstl_fasthash32_cnt32_avx2(const void *data, size_t len, void *table,
				   u32 rows, u32 column_shift);
/* Keys over 16 bytes, scalar (the scalar core's own out-of-line part). */
void enetstl_fasthash32_cnt32_long(const u8 *p, size_t len, void *table,
				   u32 rows, u32 column_shift);

/*
 * Key compare (bpf_cmp_eq): 0 when the first a_sz bytes are equal, 1 when
 * not, -EINVAL when b_sz < a_sz.  The _scalar/_avx2 cores compare len bytes.
 */
int enetstl_cmp_eq(const void *a, size_t a_sz, const void *b, size_t b_sz,
		   bool simd);
int enetstl_cmp_eq_scalar(const void *a, const void *b, size_t len);
int enetstl_cmp_eq_avx2(const void *a, const void *b, size_t len);

/* u16 search among the first min(arr_sz / 2, 16) elements. */
u32 enetstl_find_mask_u16(const void *arr, size_t arr_sz, u16 val,
			  bool simd);
u32 enetstl_find_mask_u16_scalar(const void *arr, size_t arr_sz, u16 val);
u32 enetstl_find_mask_u16_avx2(const void *arr, size_t arr_sz, u16 val);

static inline u32 enetstl_tzcnt32(u32 val)
{
	return val ? (u32)__builtin_ctz(val) : ENETSTL_TZCNT_U32_NONE;
}

static inline u64 enetstl_ffs64(u64 val)
{
	return val ? (u64)__builtin_ctzll(val) : ENETSTL_FFS_NONE;
}

/*
 * bpf_bitmap2_ffs: lowest set bit of a two-level bitmap (uapi/enetstl.h).
 * Word 0 is the summary, words 1..n the leaves; native-endian words at
 * any alignment.
 */
static inline s64 enetstl_bitmap2_ffs(const void *bm, size_t sz)
{
	const u8 *p = bm;
	u64 top, leaf;
	u32 w;

	if (sz < ENETSTL_BITMAP2_MIN_BYTES || sz > ENETSTL_BITMAP2_MAX_BYTES ||
	    (sz & 7))
		return -EINVAL;
	top = enetstl_load64_ne(p);
	if (!top)
		return -ENOENT;
	w = (u32)__builtin_ctzll(top);
	/* the summary names a leaf past the end, or an empty one */
	if (w >= sz / 8 - 1)
		return -EUCLEAN;
	leaf = enetstl_load64_ne(p + 8 + 8 * (size_t)w);
	if (!leaf)
		return -EUCLEAN;
	return (s64)w * 64 + __builtin_ctzll(leaf);
}

/* Index of the first match from a find mask (2 bits per element). */
static inline u32 enetstl_find_index(u32 mask)
{
	return mask ? enetstl_tzcnt32(mask) / 2 : ENETSTL_FIND_U16_NR;
}

#endif /* _ENETSTL_CORE_H */
