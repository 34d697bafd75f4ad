// SPDX-License-Identifier: GPL-2.0
/*
 * Each eNetSTL kfunc called from an XDP program (kfunc_progs.bpf.c) through
 * BPF_PROG_TEST_RUN and checked against the scalar references in
 * ref_hash.c: edge sizes, unaligned offsets, random inputs from a printed
 * PRNG seed, and the documented corner cases.
 */
#include <errno.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "kfunc_progs.skel.h"
#include "progs/kfunc_progs.h"
#include "prog_run.h"
#include "ref_hash.h"

static const uint32_t edge_sizes[] = { 0, 1, 15, 16, 17, 31, 32, 33, 64 };
#define NR_EDGE ARRAY_SIZE(edge_sizes)
#define NR_RANDOM 300

FIXTURE(kf) {
	struct kfunc_progs *skel;
	struct prng rng;
};

FIXTURE_SETUP(kf)
{
	self->skel = kfunc_progs__open_and_load();
	ASSERT_NE(NULL, self->skel) {
		TH_LOG("cannot load kfunc_progs: is eNetSTL.ko loaded?");
	}
	prng_init(&self->rng, test_seed(_metadata->name));
}

FIXTURE_TEARDOWN(kf)
{
	kfunc_progs__destroy(self->skel);
}

#define BSS (self->skel->bss)

/* Run one program once; it returns XDP_PASS only if its inputs were valid. */
#define RUN(prog) do {							\
	uint32_t rv_ = 0;						\
	ASSERT_EQ(0, prog_run(self->skel->progs.prog, NULL, 0, &rv_));	\
	ASSERT_EQ((uint32_t)XDP_PASS, rv_);					\
} while (0)

/* ---- bpf_crc32_hash ---- */

static void check_crc(struct __test_metadata *_metadata,
		      FIXTURE_DATA(kf) *self, uint32_t off, uint32_t len,
		      uint32_t seed)
{
	uint32_t want = ref_crc32c(BSS->buf1 + off, len, seed);

	BSS->off1 = off;
	BSS->len1 = len;
	BSS->seed = seed;
	RUN(crc32_buf);
	ASSERT_EQ(want, BSS->out_u32) {
		TH_LOG("crc32 off %u len %u init 0x%x", off, len, seed);
	}
}

TEST_F(kf, crc32_known_vector)
{
	memcpy(BSS->buf1, "123456789", 9);
	BSS->off1 = 0;
	BSS->len1 = 9;
	BSS->seed = 0xffffffff;
	RUN(crc32_buf);
	ASSERT_EQ(0xe3069283u, BSS->out_u32 ^ 0xffffffffu);
	/* The same vector at every misalignment. */
	for (uint32_t off = 1; off < 16; off++) {
		memcpy(BSS->buf1 + off, "123456789", 9);
		BSS->off1 = off;
		RUN(crc32_buf);
		ASSERT_EQ(0xe3069283u, BSS->out_u32 ^ 0xffffffffu);
	}
}

TEST_F(kf, crc32_edge_sizes_unaligned)
{
	prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
	for (uint32_t i = 0; i < NR_EDGE; i++)
		for (uint32_t off = 0; off < 8; off++)
			check_crc(_metadata, self, off, edge_sizes[i],
				  (uint32_t)prng_next(&self->rng));
}

TEST_F(kf, crc32_random)
{
	for (int i = 0; i < NR_RANDOM; i++) {
		prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
		check_crc(_metadata, self, prng_below(&self->rng, KF_MAX_OFF + 1),
			  prng_below(&self->rng, KF_MAX_LEN + 1),
			  (uint32_t)prng_next(&self->rng));
	}
}

/* crc(a || b, s) == crc(b, crc(a, s)): the register is carried unchanged. */
TEST_F(kf, crc32_chaining)
{
	prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
	for (uint32_t split = 0; split <= 64; split += 7) {
		uint32_t whole, part;

		BSS->off1 = 0;
		BSS->len1 = 64;
		BSS->seed = 0xffffffff;
		RUN(crc32_buf);
		whole = BSS->out_u32;
		BSS->len1 = split;
		RUN(crc32_buf);
		part = BSS->out_u32;
		BSS->off1 = split;
		BSS->len1 = 64 - split;
		BSS->seed = part;
		RUN(crc32_buf);
		ASSERT_EQ(whole, BSS->out_u32);
	}
}

TEST_F(kf, crc32_packet_memory)
{
	uint8_t pkt[KF_PKT_OFF + KF_PKT_MAX_LEN + 2];
	uint32_t rv;

	for (int i = 0; i < 100; i++) {
		uint32_t len = i < (int)NR_EDGE ? edge_sizes[i] :
			       prng_below(&self->rng, KF_PKT_MAX_LEN + 1);
		uint32_t seed = (uint32_t)prng_next(&self->rng);

		prng_fill(&self->rng, pkt, sizeof(pkt));
		BSS->len1 = len;
		BSS->seed = seed;
		ASSERT_EQ(0, prog_run(self->skel->progs.crc32_pkt, pkt,
				      sizeof(pkt), &rv));
		ASSERT_EQ((uint32_t)XDP_PASS, rv);
		ASSERT_EQ(ref_crc32c(pkt + KF_PKT_OFF, len, seed),
			  BSS->out_u32);
	}
}

/* ---- bpf_xxh32_cnt32 / bpf_fasthash32_cnt32 ---- */

static uint32_t ref_table[KF_TABLE_SZ / 4];

/*
 * One counter update from a table holding random counters; the whole table
 * (including bytes the kfunc must not touch) is compared with the model.
 */
static void check_cnt(struct __test_metadata *_metadata,
		      FIXTURE_DATA(kf) *self, enum ref_cnt_hash algo,
		      uint32_t off, uint32_t len, uint32_t tsz, uint32_t shift)
{
	prng_fill(&self->rng, BSS->table, KF_TABLE_SZ);
	memcpy(ref_table, BSS->table, KF_TABLE_SZ);
	ref_cnt32(algo, BSS->buf1 + off, len, ref_table, tsz, shift);
	BSS->off1 = off;
	BSS->len1 = len;
	BSS->table_sz = tsz;
	BSS->column_shift = shift;
	if (algo == REF_CNT_XXH32)
		RUN(xxh32_cnt);
	else
		RUN(fasthash32_cnt);
	ASSERT_EQ(0, memcmp(ref_table, BSS->table, KF_TABLE_SZ)) {
		TH_LOG("%s off %u len %u table_sz %u shift %u",
		       algo == REF_CNT_XXH32 ? "xxh32" : "fasthash32",
		       off, len, tsz, shift);
	}
}

static void cnt_edge_sizes(struct __test_metadata *_metadata,
			   FIXTURE_DATA(kf) *self, enum ref_cnt_hash algo)
{
	prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
	for (uint32_t i = 0; i < NR_EDGE; i++)
		for (uint32_t off = 0; off < 8; off++)
			/* 4 rows of 2^8 columns, the usual sketch shape. */
			check_cnt(_metadata, self, algo, off, edge_sizes[i],
				  4 * 4 << 8, 8);
}

static void cnt_random(struct __test_metadata *_metadata,
		       FIXTURE_DATA(kf) *self, enum ref_cnt_hash algo)
{
	for (int i = 0; i < NR_RANDOM; i++) {
		uint32_t shift = prng_below(&self->rng, 11);

		prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
		check_cnt(_metadata, self, algo,
			  prng_below(&self->rng, KF_MAX_OFF + 1),
			  prng_below(&self->rng, KF_MAX_LEN + 1),
			  prng_below(&self->rng, KF_TABLE_SZ + 1), shift);
	}
}

/* Row count from table__sz: partial rows and rows past 16 stay untouched. */
static void cnt_rows(struct __test_metadata *_metadata,
		     FIXTURE_DATA(kf) *self, enum ref_cnt_hash algo)
{
	prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
	/* shift 4: 64-byte rows, so the 8 KiB table holds 128 of them. */
	for (uint32_t rows = 1; rows <= 20; rows++) {
		check_cnt(_metadata, self, algo, 3, 13, rows * 64, 4);
		check_cnt(_metadata, self, algo, 3, 13, rows * 64 + 60, 4);
	}
	check_cnt(_metadata, self, algo, 0, 40, KF_TABLE_SZ, 4);
	check_cnt(_metadata, self, algo, 0, 40, KF_TABLE_SZ, 0);
}

/* Shift past 31, a table smaller than a row, or size 0: nothing changes. */
static void cnt_noop(struct __test_metadata *_metadata,
		     FIXTURE_DATA(kf) *self, enum ref_cnt_hash algo)
{
	static const uint32_t cases[][2] = {	/* table__sz, column_shift */
		{ KF_TABLE_SZ, 32 }, { KF_TABLE_SZ, 33 }, { KF_TABLE_SZ, 255 },
		{ KF_TABLE_SZ, 0xffffffff }, { KF_TABLE_SZ, 31 },
		{ KF_TABLE_SZ, 12 }, { 4 * 256 - 4, 8 }, { 0, 0 }, { 3, 0 },
	};

	for (uint32_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint8_t before[KF_TABLE_SZ];

		check_cnt(_metadata, self, algo, 0, 16, cases[i][0],
			  cases[i][1]);
		/* check_cnt compared with the model; make "no-op" explicit. */
		memcpy(before, ref_table, KF_TABLE_SZ);
		ref_cnt32(algo, BSS->buf1, 16, ref_table, cases[i][0],
			  cases[i][1]);
		ASSERT_EQ(0, memcmp(before, ref_table, KF_TABLE_SZ));
	}
}

TEST_F(kf, xxh32_cnt_edge_sizes_unaligned)
{
	cnt_edge_sizes(_metadata, self, REF_CNT_XXH32);
}

TEST_F(kf, xxh32_cnt_random)
{
	cnt_random(_metadata, self, REF_CNT_XXH32);
}

TEST_F(kf, xxh32_cnt_rows_from_table_size)
{
	cnt_rows(_metadata, self, REF_CNT_XXH32);
}

TEST_F(kf, xxh32_cnt_noop_cases)
{
	cnt_noop(_metadata, self, REF_CNT_XXH32);
}

TEST_F(kf, fasthash32_cnt_edge_sizes_unaligned)
{
	cnt_edge_sizes(_metadata, self, REF_CNT_FASTHASH32);
}

TEST_F(kf, fasthash32_cnt_random)
{
	cnt_random(_metadata, self, REF_CNT_FASTHASH32);
}

TEST_F(kf, fasthash32_cnt_rows_from_table_size)
{
	cnt_rows(_metadata, self, REF_CNT_FASTHASH32);
}

TEST_F(kf, fasthash32_cnt_noop_cases)
{
	cnt_noop(_metadata, self, REF_CNT_FASTHASH32);
}

/* Counters add 1 per call and wrap at 2^32. */
TEST_F(kf, cnt32_accumulates_and_wraps)
{
	const uint32_t shift = 6, tsz = 4 * 4 << 6;

	memset(BSS->table, 0, KF_TABLE_SZ);
	memset(ref_table, 0, sizeof(ref_table));
	BSS->off1 = 0;
	BSS->len1 = 13;
	BSS->table_sz = tsz;
	BSS->column_shift = shift;
	for (int i = 0; i < 50; i++) {
		prng_fill(&self->rng, BSS->buf1, 13);
		ref_cnt32(REF_CNT_XXH32, BSS->buf1, 13, ref_table, tsz, shift);
		RUN(xxh32_cnt);
	}
	ASSERT_EQ(0, memcmp(ref_table, BSS->table, KF_TABLE_SZ));
	for (uint32_t row = 0; row < 4; row++) {
		uint32_t sum = 0;

		for (uint32_t c = 0; c < 64; c++)
			sum += BSS->table[row * 64 + c];
		ASSERT_EQ(50u, sum);
	}
	/* Saturate every counter: the next update wraps one per row to 0. */
	memset(BSS->table, 0xff, tsz);
	RUN(xxh32_cnt);
	for (uint32_t row = 0; row < 4; row++) {
		uint32_t zeros = 0;

		for (uint32_t c = 0; c < 64; c++)
			zeros += BSS->table[row * 64 + c] == 0;
		ASSERT_EQ(1u, zeros);
	}
}

static void check_pkt_cnt(struct __test_metadata *_metadata,
			  FIXTURE_DATA(kf) *self, enum ref_cnt_hash algo)
{
	uint8_t pkt[PKT_LEN];
	uint32_t rv;

	for (int i = 0; i < 200; i++) {
		uint32_t shift = prng_below(&self->rng, 11);
		uint32_t tsz = prng_below(&self->rng, KF_TABLE_SZ + 1);

		prng_fill(&self->rng, pkt, sizeof(pkt));
		prng_fill(&self->rng, BSS->table, KF_TABLE_SZ);
		memcpy(ref_table, BSS->table, KF_TABLE_SZ);
		ref_cnt32(algo, pkt + KF_PKT_OFF, ENETSTL_PKT_5TUPLE_SIZE,
			  ref_table, tsz, shift);
		BSS->table_sz = tsz;
		BSS->column_shift = shift;
		ASSERT_EQ(0, prog_run(algo == REF_CNT_XXH32 ?
				      self->skel->progs.xxh32_pkt_cnt :
				      self->skel->progs.fasthash32_pkt_cnt,
				      pkt, sizeof(pkt), &rv));
		ASSERT_EQ((uint32_t)XDP_PASS, rv);
		ASSERT_EQ(0, memcmp(ref_table, BSS->table, KF_TABLE_SZ)) {
			TH_LOG("table_sz %u shift %u", tsz, shift);
		}
	}
}

TEST_F(kf, xxh32_pkt_cnt_from_packet)
{
	ASSERT_EQ(13ul, sizeof(struct pkt_5tuple));
	check_pkt_cnt(_metadata, self, REF_CNT_XXH32);
}

TEST_F(kf, fasthash32_pkt_cnt_from_packet)
{
	check_pkt_cnt(_metadata, self, REF_CNT_FASTHASH32);
}

/* A 5-tuple on the BPF stack hashes like the same 13 bytes anywhere. */
TEST_F(kf, xxh32_pkt_cnt_from_stack)
{
	for (int i = 0; i < 50; i++) {
		prng_fill(&self->rng, BSS->buf1, 16);
		memset(BSS->table, 0, KF_TABLE_SZ);
		memset(ref_table, 0, sizeof(ref_table));
		ref_cnt32(REF_CNT_XXH32, BSS->buf1, 13, ref_table,
			  4 * 4 << 9, 9);
		BSS->table_sz = 4 * 4 << 9;
		BSS->column_shift = 9;
		RUN(xxh32_pkt_cnt_stack);
		ASSERT_EQ(0, memcmp(ref_table, BSS->table, KF_TABLE_SZ));
	}
}

/* ---- bpf_cmp_eq ---- */

static int32_t run_cmp(struct __test_metadata *_metadata,
		       FIXTURE_DATA(kf) *self, uint32_t o1, uint32_t l1,
		       uint32_t o2, uint32_t l2)
{
	BSS->off1 = o1;
	BSS->len1 = l1;
	BSS->off2 = o2;
	BSS->len2 = l2;
	BSS->out_s32 = 0x7777;
	RUN(cmp_eq);
	return BSS->out_s32;
}

TEST_F(kf, cmp_eq_equal_edge_sizes_unaligned)
{
	for (uint32_t i = 0; i < NR_EDGE; i++) {
		for (uint32_t o1 = 0; o1 < 8; o1++) {
			uint32_t o2 = (o1 * 3 + 5) % 8, n = edge_sizes[i];

			prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
			prng_fill(&self->rng, BSS->buf2, KF_BUF_SZ);
			memcpy(BSS->buf2 + o2, BSS->buf1 + o1, n);
			ASSERT_EQ(0, run_cmp(_metadata, self, o1, n, o2, n));
			/* A longer key2 is fine: only key1__sz bytes count. */
			ASSERT_EQ(0, run_cmp(_metadata, self, o1, n, o2, n + 9));
		}
	}
}

/* Flipping any single byte (or bit) within key1__sz is noticed. */
TEST_F(kf, cmp_eq_detects_each_byte)
{
	for (uint32_t n = 1; n <= 64; n += (n < 34 ? 1 : 15)) {
		for (uint32_t pos = 0; pos < n; pos++) {
			prng_fill(&self->rng, BSS->buf1, 128);
			memcpy(BSS->buf2 + 1, BSS->buf1 + 2, n);
			BSS->buf2[1 + pos] ^= 1u << (pos % 8);
			ASSERT_EQ(1, run_cmp(_metadata, self, 2, n, 1, n)) {
				TH_LOG("len %u differing byte %u", n, pos);
			}
		}
	}
}

/* Bytes after key1__sz are ignored even when they differ. */
TEST_F(kf, cmp_eq_ignores_bytes_past_key1_sz)
{
	for (uint32_t n = 0; n <= 64; n++) {
		prng_fill(&self->rng, BSS->buf1, 128);
		memcpy(BSS->buf2, BSS->buf1, n);
		BSS->buf2[n] = BSS->buf1[n] ^ 0x80;
		ASSERT_EQ(0, run_cmp(_metadata, self, 0, n, 0, n + 1));
	}
}

TEST_F(kf, cmp_eq_einval_when_key2_shorter)
{
	memset(BSS->buf1, 0xaa, 128);
	memset(BSS->buf2, 0xaa, 128);
	for (uint32_t n = 1; n <= 64; n++) {
		ASSERT_EQ(-EINVAL, run_cmp(_metadata, self, 0, n, 0, n - 1));
		ASSERT_EQ(-EINVAL, run_cmp(_metadata, self, 0, n, 0, 0));
	}
	ASSERT_EQ(-EINVAL, run_cmp(_metadata, self, 0, KF_MAX_LEN, 0, 1));
}

TEST_F(kf, cmp_eq_zero_length)
{
	BSS->buf1[0] = 1;
	BSS->buf2[0] = 2;
	ASSERT_EQ(0, run_cmp(_metadata, self, 0, 0, 0, 0));
	ASSERT_EQ(0, run_cmp(_metadata, self, 0, 0, 0, 1));
}

TEST_F(kf, cmp_eq_random_vs_memcmp)
{
	for (int i = 0; i < NR_RANDOM; i++) {
		uint32_t o1 = prng_below(&self->rng, KF_MAX_OFF + 1);
		uint32_t o2 = prng_below(&self->rng, KF_MAX_OFF + 1);
		uint32_t n = prng_below(&self->rng, 200);
		int want;

		prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
		memcpy(BSS->buf2 + o2, BSS->buf1 + o1, n);
		/* Half the cases differ in one random byte. */
		if (n && (prng_next(&self->rng) & 1))
			BSS->buf2[o2 + prng_below(&self->rng, n)] ^=
				1 + prng_below(&self->rng, 255);
		want = memcmp(BSS->buf1 + o1, BSS->buf2 + o2, n) ? 1 : 0;
		ASSERT_EQ(want, run_cmp(_metadata, self, o1, n, o2, n));
	}
}

/* ---- bpf_find_mask_u16 / bpf_find_u16 ---- */

static void put_u16(uint8_t *p, uint32_t i, uint16_t v)
{
	memcpy(p + 2 * i, &v, 2);
}

static void check_find(struct __test_metadata *_metadata,
		       FIXTURE_DATA(kf) *self, uint32_t off, uint32_t sz,
		       uint16_t val)
{
	uint32_t want_mask = ref_find_mask_u16(BSS->buf1 + off, sz, val);
	uint32_t want_idx = ref_find_u16(BSS->buf1 + off, sz, val);

	BSS->off1 = off;
	BSS->len1 = sz;
	BSS->needle = val;
	RUN(find_mask_u16);
	ASSERT_EQ(want_mask, BSS->out_u32) {
		TH_LOG("find_mask off %u size %u val 0x%x", off, sz, val);
	}
	RUN(find_u16);
	ASSERT_EQ(want_idx, BSS->out_u32) {
		TH_LOG("find_u16 off %u size %u val 0x%x", off, sz, val);
	}
}

TEST_F(kf, find_u16_no_match)
{
	for (uint32_t off = 0; off < 4; off++) {
		for (uint32_t i = 0; i < 16; i++)
			put_u16(BSS->buf1 + off, i, 0x1000 + i);
		check_find(_metadata, self, off, 32, 0x0fff);
		ASSERT_EQ((uint32_t)ENETSTL_FIND_U16_NR, BSS->out_u32);
		check_find(_metadata, self, off, 32, 0x2000);
	}
}

/* One match at every index: mask is exactly bits 2i, 2i+1; index is i. */
TEST_F(kf, find_u16_single_match_each_index)
{
	for (uint32_t off = 0; off < 3; off++) {
		for (uint32_t pos = 0; pos < 16; pos++) {
			for (uint32_t i = 0; i < 16; i++)
				put_u16(BSS->buf1 + off, i, i == pos ? 0xbeef : i);
			check_find(_metadata, self, off, 32, 0xbeef);
			ASSERT_EQ(pos, BSS->out_u32);
			BSS->off1 = off;
			RUN(find_mask_u16);
			ASSERT_EQ(3u << (2 * pos), BSS->out_u32);
		}
	}
}

TEST_F(kf, find_u16_many_matches)
{
	/* All equal, then random values from a 3-symbol alphabet. */
	for (uint32_t i = 0; i < 16; i++)
		put_u16(BSS->buf1, i, 7);
	check_find(_metadata, self, 0, 32, 7);
	ASSERT_EQ(0u, BSS->out_u32);
	BSS->off1 = 0;
	RUN(find_mask_u16);
	ASSERT_EQ(0xffffffffu, BSS->out_u32);
	for (int n = 0; n < NR_RANDOM; n++) {
		uint32_t off = prng_below(&self->rng, 8);

		for (uint32_t i = 0; i < 16; i++)
			put_u16(BSS->buf1 + off, i, prng_below(&self->rng, 3));
		check_find(_metadata, self, off, 32, prng_below(&self->rng, 3));
	}
}

/* arr__sz below 32 limits the elements examined; above 32 reads 16 only. */
TEST_F(kf, find_u16_array_size_limits)
{
	for (uint32_t sz = 0; sz <= 40; sz++) {
		for (uint32_t i = 0; i < 20; i++)
			put_u16(BSS->buf1, i, 0x55aa);
		check_find(_metadata, self, 0, sz, 0x55aa);
		/* Only a match past the examined elements: none found. */
		for (uint32_t i = 0; i < 20; i++)
			put_u16(BSS->buf1, i, i < sz / 2 && i < 16 ? 1 : 0x55aa);
		check_find(_metadata, self, 0, sz, 0x55aa);
		ASSERT_EQ((uint32_t)ENETSTL_FIND_U16_NR, BSS->out_u32);
	}
}

/* ---- bpf_ffs / bpf_tzcnt_u32 ---- */

static void run_bits(struct __test_metadata *_metadata,
		     FIXTURE_DATA(kf) *self, int ffs)
{
	for (int i = 0; i < KF_NR_VALS; i++)
		BSS->outs[i] = 0xdead;
	if (ffs)
		RUN(ffs_vals);
	else
		RUN(tzcnt_vals);
	for (int i = 0; i < KF_NR_VALS; i++) {
		uint64_t want = ffs ? ref_ffs(BSS->vals[i]) :
				      ref_tzcnt_u32((uint32_t)BSS->vals[i]);

		ASSERT_EQ(want, BSS->outs[i]) {
			TH_LOG("%s(0x%llx)", ffs ? "ffs" : "tzcnt",
			       (unsigned long long)BSS->vals[i]);
		}
	}
}

TEST_F(kf, ffs_zero_and_single_bits)
{
	for (int i = 0; i < KF_NR_VALS; i++)
		BSS->vals[i] = 1ull << i;
	run_bits(_metadata, self, 1);
	for (int i = 0; i < KF_NR_VALS; i++)
		ASSERT_EQ((uint64_t)i, BSS->outs[i]);
	BSS->vals[0] = 0;
	BSS->vals[1] = ~0ull;
	BSS->vals[2] = 1ull << 63 | 1ull << 40;
	run_bits(_metadata, self, 1);
	ASSERT_EQ((uint64_t)ENETSTL_FFS_NONE, BSS->outs[0]);
	ASSERT_EQ((uint64_t)0, BSS->outs[1]);
	ASSERT_EQ((uint64_t)40, BSS->outs[2]);
}

TEST_F(kf, ffs_random)
{
	for (int r = 0; r < 20; r++) {
		for (int i = 0; i < KF_NR_VALS; i++) {
			uint64_t v = prng_next(&self->rng);

			/* Clear a random number of low bits. */
			BSS->vals[i] = v & (~0ull << prng_below(&self->rng, 64));
		}
		run_bits(_metadata, self, 1);
	}
}

TEST_F(kf, tzcnt_zero_and_single_bits)
{
	for (int i = 0; i < KF_NR_VALS; i++)
		BSS->vals[i] = i < 32 ? 1u << i : 0;
	run_bits(_metadata, self, 0);
	for (int i = 0; i < 32; i++)
		ASSERT_EQ((uint64_t)i, BSS->outs[i]);
	ASSERT_EQ((uint64_t)ENETSTL_TZCNT_U32_NONE, BSS->outs[40]);
	/* Only the low 32 bits are an argument: 2^32 is 0 to tzcnt. */
	BSS->vals[0] = 1ull << 32;
	BSS->vals[1] = 0xffffffffu;
	BSS->vals[2] = 0x80000000u;
	run_bits(_metadata, self, 0);
	ASSERT_EQ((uint64_t)32, BSS->outs[0]);
	ASSERT_EQ((uint64_t)0, BSS->outs[1]);
	ASSERT_EQ((uint64_t)31, BSS->outs[2]);
}

TEST_F(kf, tzcnt_random)
{
	for (int r = 0; r < 20; r++) {
		for (int i = 0; i < KF_NR_VALS; i++)
			BSS->vals[i] = (uint32_t)prng_next(&self->rng) &
				       (~0u << prng_below(&self->rng, 32));
		run_bits(_metadata, self, 0);
	}
}

/* ---- bpf_bitmap2_ffs ---- */

/* By the uapi definition: summary word, then a bit-by-bit leaf scan. */
static int64_t ref_bitmap2_ffs(const uint8_t *p, uint32_t sz)
{
	uint64_t top, leaf;
	uint32_t w, b;

	if (sz < 16 || sz > 520 || sz % 8)
		return -EINVAL;
	memcpy(&top, p, 8);
	for (w = 0; w < 64 && !(top >> w & 1); w++)
		;
	if (w == 64)
		return -ENOENT;
	if (w >= sz / 8 - 1)
		return -EUCLEAN;
	memcpy(&leaf, p + 8 + 8 * w, 8);
	for (b = 0; b < 64 && !(leaf >> b & 1); b++)
		;
	return b == 64 ? -EUCLEAN : (int64_t)w * 64 + b;
}

static int64_t run_bitmap2(struct __test_metadata *_metadata,
			   FIXTURE_DATA(kf) *self, uint32_t off, uint32_t len)
{
	BSS->off1 = off;
	BSS->len1 = len;
	BSS->out_s64 = 0x7eadbeef;
	RUN(bitmap2_ffs);
	return BSS->out_s64;
}

static void put_u64(uint8_t *p, uint32_t i, uint64_t v)
{
	memcpy(p + 8 * i, &v, 8);
}

TEST_F(kf, bitmap2_ffs_sizes_and_corners)
{
	static const uint32_t bad[] = { 0, 1, 8, 12, 15, 17, 20, 516, 521,
					528, KF_BM_MAX_LEN };

	for (uint32_t off = 0; off <= KF_BM_MAX_OFF; off++) {
		uint8_t *p = BSS->bm_buf + off;

		/* A valid-looking bitmap under every bad size. */
		memset(BSS->bm_buf, 0, KF_BM_BUF_SZ);
		put_u64(p, 0, 1);
		put_u64(p, 1, 1);
		for (uint32_t i = 0; i < ARRAY_SIZE(bad); i++) {
			ASSERT_EQ(-EINVAL, run_bitmap2(_metadata, self, off,
						       bad[i])) {
				TH_LOG("size %u off %u", bad[i], off);
			}
		}
		ASSERT_EQ(0, run_bitmap2(_metadata, self, off, 16));
		/* Empty, and a summary bit over an empty leaf. */
		put_u64(p, 0, 0);
		ASSERT_EQ(-ENOENT, run_bitmap2(_metadata, self, off, 520));
		put_u64(p, 1, 0);
		put_u64(p, 0, 1ull << 5);
		ASSERT_EQ(-EUCLEAN, run_bitmap2(_metadata, self, off, 520));
		/* The last index, and its leaf cut off by the size. */
		put_u64(p, 0, 1ull << 63);
		put_u64(p, 64, 1ull << 63);
		ASSERT_EQ(4095, run_bitmap2(_metadata, self, off, 520));
		ASSERT_EQ(-EUCLEAN, run_bitmap2(_metadata, self, off, 512));
		/* Only the lowest summary bit counts (word 1 + w is leaf w). */
		put_u64(p, 0, 1ull << 63 | 1ull << 2);
		put_u64(p, 1 + 2, 1ull << 9 | 1ull << 10);
		ASSERT_EQ(2 * 64 + 9, run_bitmap2(_metadata, self, off, 520));
		/* No fallback to the next summary bit past an empty leaf. */
		put_u64(p, 0, 1ull << 1 | 1ull << 2);
		ASSERT_EQ(-EUCLEAN, run_bitmap2(_metadata, self, off, 520));
	}
}

/*
 * Random bitmaps of 1..64 leaves at offsets 0..8: with the summary built
 * from the leaves the result is the lowest set bit of all leaves; with a
 * summary bit flipped it is whatever the definition says.
 */
TEST_F(kf, bitmap2_ffs_random)
{
	for (int r = 0; r < NR_RANDOM * 3; r++) {
		uint32_t n = 1 + prng_below(&self->rng, 64);
		uint32_t off = prng_below(&self->rng, KF_BM_MAX_OFF + 1);
		uint8_t *p = BSS->bm_buf + off;
		int64_t got, lowest = -ENOENT;
		uint64_t top = 0, leaf;

		memset(BSS->bm_buf, 0, KF_BM_BUF_SZ);
		for (uint32_t k = prng_below(&self->rng, 4); k; k--) {
			uint32_t w = prng_below(&self->rng, n);
			uint32_t b = prng_below(&self->rng, 64);

			memcpy(&leaf, p + 8 + 8 * w, 8);
			put_u64(p, 1 + w, leaf | 1ull << b);
			top |= 1ull << w;
			if (lowest < 0 || (int64_t)(w * 64 + b) < lowest)
				lowest = w * 64 + b;
		}
		if (r % 4 == 3)
			top ^= 1ull << prng_below(&self->rng, 64);
		put_u64(p, 0, top);
		got = run_bitmap2(_metadata, self, off, 8 + 8 * n);
		ASSERT_EQ(ref_bitmap2_ffs(p, 8 + 8 * n), got) {
			TH_LOG("n %u off %u top 0x%llx", n, off,
			       (unsigned long long)top);
		}
		if (r % 4 != 3)
			ASSERT_EQ(lowest, got);
	}
}

TEST_HARNESS_MAIN
