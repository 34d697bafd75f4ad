// SPDX-License-Identifier: GPL-2.0
/*
 * fasthash32 (Zilong Tan's fast-hash), scalar.  mix(word) does not depend
 * on the seed, so a counter table update mixes each input word once and
 * then runs only h = (h ^ m) * M per row and word: for the 13-byte
 * 5-tuple that is three 64-bit multiplies a row, independent across rows,
 * which the CPU overlaps.  This path serves tables of fewer than 4 rows
 * and contexts where the FPU is not usable.
 */
#include "enetstl_core.h"
#include "hash_fasthash.h"

u32 enetstl_fasthash32(const void *data, size_t len, u32 seed)
{
	const u8 *p = data;
	u64 h = seed ^ (len * FASTHASH_M);
	size_t n;

	for (n = len / 8; n; n--, p += 8) {
		h ^= fasthash_mix(enetstl_load64(p));
		h *= FASTHASH_M;
	}
	if (len & 7) {
		h ^= fasthash_mix(fasthash_tail(data, len));
		h *= FASTHASH_M;
	}
	return fasthash_fold32(h);
}

/* The row seeds, here so that a constant len folds into them. */
static const u32 fh_seeds[ENETSTL_CNT_MAX_ROWS] = ENETSTL_CNT_SEEDS;

/*
 * Keys of up to 16 bytes: the nw (a constant) mixed words m0, m1, then per
 * row three multiplies.  Inlined with constant rows (4, 8) and len (13) the
 * loop unrolls and seed ^ len * M becomes an immediate, as in the BPF code
 * clang builds for one key size; the rows' multiplies overlap.
 */
static __always_inline void fh_rows_short(u64 lenm, u64 m0, u64 m1,
					  void *table, u32 rows,
					  u32 column_shift, const int nw)
{
	size_t row_bytes = sizeof(u32) << column_shift;
	size_t mask = ((size_t)1 << column_shift) - 1;
	u8 *row = table;
	u32 i;
	u64 h;

#pragma GCC unroll 8
	for (i = 0; i < rows; i++, row += row_bytes) {
		h = fh_seeds[i] ^ lenm;
		if (nw > 0)
			h = (h ^ m0) * FASTHASH_M;
		if (nw > 1)
			h = (h ^ m1) * FASTHASH_M;
		enetstl_counter_inc(row + (fasthash_fold32(h) & mask) *
				    sizeof(u32));
	}
}

static __always_inline void fh_short_words(const u8 *p, size_t len,
					   void *table, u32 rows,
					   u32 column_shift)
{
	u64 lenm = len * FASTHASH_M;

	if (len == ENETSTL_PKT_5TUPLE_SIZE)
		fh_rows_short(lenm, fasthash_mix(fasthash_pkt_w0(p)),
			      fasthash_mix(fasthash_pkt_w1(p)),
			      table, rows, column_shift, 2);
	else if (len > 8)
		fh_rows_short(lenm, fasthash_mix(enetstl_load64(p)),
			      fasthash_mix(len == 16 ? enetstl_load64(p + 8) :
					   fasthash_tail(p, len)),
			      table, rows, column_shift, 2);
	else if (len)
		fh_rows_short(lenm, fasthash_mix(len == 8 ? enetstl_load64(p) :
						 fasthash_tail(p, len)),
			      0, table, rows, column_shift, 1);
	else
		fh_rows_short(0, 0, 0, table, rows, column_shift, 0);
}

/* len <= 16; the usual row counts get their own unrolled copies. */
static __always_inline void fh_cnt_short(const u8 *p, size_t len, void *table,
					 u32 rows, u32 column_shift)
{
	if (rows == 8)
		fh_short_words(p, len, table, 8, column_shift);
	else if (rows == 4)
		fh_short_words(p, len, table, 4, column_shift);
	else
		fh_short_words(p, len, table, rows, column_shift);
}

/*
 * Longer keys: one mix per word, all rows folded per word.  Out of line
 * (global), so that the short paths need not save its registers.
 */
void enetstl_fasthash32_cnt32_long(const u8 *p, size_t len, void *table,
				   u32 rows, u32 column_shift)
{
	u64 h[ENETSTL_CNT_MAX_ROWS], m;
	size_t n;
	u32 i;

	for (i = 0; i < rows; i++)
		h[i] = fh_seeds[i] ^ (len * FASTHASH_M);
	for (n = len / 8; n; n--, p += 8) {
		m = fasthash_mix(enetstl_load64(p));
		for (i = 0; i < rows; i++)
			h[i] = (h[i] ^ m) * FASTHASH_M;
	}
	if (len & 7) {
		m = fasthash_mix(fasthash_tail(p - (len & ~(size_t)7), len));
		for (i = 0; i < rows; i++)
			h[i] = (h[i] ^ m) * FASTHASH_M;
	}
	for (i = 0; i < rows; i++)
		enetstl_cnt_bump(table, column_shift, i,
				 fasthash_fold32(h[i]));
}

void enetstl_fasthash32_cnt32_scalar(const void *data, size_t len,
				     void *table, u32 rows, u32 column_shift)
{
	/* The 5-tuple gets a copy with len folded in. */
	if (len == ENETSTL_PKT_5TUPLE_SIZE)
		fh_cnt_short(data, ENETSTL_PKT_5TUPLE_SIZE, table, rows,
			     column_shift);
	else if (len <= 16)
		fh_cnt_short(data, len, table, rows, column_shift);
	else
		enetstl_fasthash32_cnt32_long(data, len, table, rows,
					      column_shift);
}
