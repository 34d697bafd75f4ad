// SPDX-License-Identifier: GPL-2.0
/*
 * The module's SIMD (AVX2/SSE4.2) and scalar kfunc paths must agree bit for
 * bit: every input runs twice, force_scalar=0 then force_scalar=1, and both
 * results are also checked against the userspace reference.  Skips only
 * when the force_scalar parameter cannot be written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "kfunc_progs.skel.h"
#include "progs/kfunc_progs.h"
#include "prog_run.h"
#include "ref_hash.h"

#define NR_CASES 200

FIXTURE(simd) {
	struct kfunc_progs *skel;
	struct prng rng;
	int saved;
};

static int cpu_has(const char *flag)
{
	char line[4096], pat[32];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int found = 0;

	if (!f)
		return 0;
	snprintf(pat, sizeof(pat), " %s ", flag);
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			line[strcspn(line, "\n")] = ' ';
			found = strstr(line, pat) != NULL;
		}
	fclose(f);
	return found;
}

FIXTURE_SETUP(simd)
{
	int err;

	self->saved = force_scalar_get();
	if (self->saved < 0)
		SKIP(return, "%s not readable (%s): cannot select the path",
		     FORCE_SCALAR_PATH, strerror(-self->saved));
	err = force_scalar_set(self->saved);
	if (err)
		SKIP(return, "%s not writable (%s): cannot select the path",
		     FORCE_SCALAR_PATH, strerror(-err));
	TH_LOG("CPU: avx2 %s, sse4_2 %s", cpu_has("avx2") ? "yes" : "no",
	       cpu_has("sse4_2") ? "yes" : "no");
	self->skel = kfunc_progs__open_and_load();
	ASSERT_NE(NULL, self->skel);
	prng_init(&self->rng, test_seed(_metadata->name));
}

FIXTURE_TEARDOWN(simd)
{
	if (self->saved >= 0)
		force_scalar_set(self->saved);
	kfunc_progs__destroy(self->skel);
}

#define BSS (self->skel->bss)

/* Run prog once with the given path; the packet may be NULL. */
static void run_mode(struct __test_metadata *_metadata,
		     const struct bpf_program *prog, int scalar,
		     const void *pkt, size_t len)
{
	uint32_t rv = 0;

	ASSERT_EQ(0, force_scalar_set(scalar));
	ASSERT_EQ(scalar, force_scalar_get());
	ASSERT_EQ(0, prog_run(prog, pkt, len, &rv));
	ASSERT_EQ((uint32_t)XDP_PASS, rv);
}

TEST_F(simd, crc32_simd_equals_scalar)
{
	for (int i = 0; i < NR_CASES; i++) {
		uint32_t off = i < 64 ? (uint32_t)i % 8 : prng_below(&self->rng, 65);
		uint32_t len = i < 64 ? (uint32_t)i :
			       prng_below(&self->rng, KF_MAX_LEN + 1);
		uint32_t out[2];

		prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
		BSS->off1 = off;
		BSS->len1 = len;
		BSS->seed = (uint32_t)prng_next(&self->rng);
		for (int scalar = 0; scalar < 2; scalar++) {
			run_mode(_metadata, self->skel->progs.crc32_buf,
				 scalar, NULL, 0);
			out[scalar] = BSS->out_u32;
		}
		ASSERT_EQ(out[0], out[1]) {
			TH_LOG("crc32 off %u len %u", off, len);
		}
		ASSERT_EQ(ref_crc32c(BSS->buf1 + off, len, BSS->seed), out[0]);
	}
}

static uint32_t tables[2][KF_TABLE_SZ / 4], ref_tab[KF_TABLE_SZ / 4];

/* Row counts 1..16 cover a partial and a full second AVX2 8-row pass. */
static void cnt_case(struct __test_metadata *_metadata,
		     FIXTURE_DATA(simd) *self, enum ref_cnt_hash algo, int i)
{
	uint32_t shift = prng_below(&self->rng, 8);
	uint32_t rows = 1 + i % 16;
	uint32_t tsz = rows * (4u << shift);
	uint32_t off = prng_below(&self->rng, 65);
	uint32_t len = i % 3 ? prng_below(&self->rng, 80) :
			       prng_below(&self->rng, KF_MAX_LEN + 1);

	prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
	prng_fill(&self->rng, ref_tab, sizeof(ref_tab));
	BSS->off1 = off;
	BSS->len1 = len;
	BSS->table_sz = tsz;
	BSS->column_shift = shift;
	for (int scalar = 0; scalar < 2; scalar++) {
		memcpy(BSS->table, ref_tab, KF_TABLE_SZ);
		run_mode(_metadata, algo == REF_CNT_XXH32 ?
			 self->skel->progs.xxh32_cnt :
			 self->skel->progs.fasthash32_cnt, scalar, NULL, 0);
		memcpy(tables[scalar], BSS->table, KF_TABLE_SZ);
	}
	ref_cnt32(algo, BSS->buf1 + off, len, ref_tab, tsz, shift);
	ASSERT_EQ(0, memcmp(tables[0], tables[1], KF_TABLE_SZ)) {
		TH_LOG("rows %u shift %u off %u len %u", rows, shift, off, len);
	}
	ASSERT_EQ(0, memcmp(ref_tab, tables[0], KF_TABLE_SZ));
}

TEST_F(simd, xxh32_cnt_simd_equals_scalar)
{
	for (int i = 0; i < NR_CASES; i++)
		cnt_case(_metadata, self, REF_CNT_XXH32, i);
}

TEST_F(simd, fasthash32_cnt_simd_equals_scalar)
{
	for (int i = 0; i < NR_CASES; i++)
		cnt_case(_metadata, self, REF_CNT_FASTHASH32, i);
}

TEST_F(simd, pkt_cnt_simd_equals_scalar)
{
	uint8_t pkt[PKT_LEN];

	for (int i = 0; i < NR_CASES; i++) {
		int xxh = i & 1;
		uint32_t rows = 1 + i % 16, shift = 4;

		prng_fill(&self->rng, pkt, sizeof(pkt));
		prng_fill(&self->rng, ref_tab, sizeof(ref_tab));
		BSS->table_sz = rows * (4u << shift);
		BSS->column_shift = shift;
		for (int scalar = 0; scalar < 2; scalar++) {
			memcpy(BSS->table, ref_tab, KF_TABLE_SZ);
			run_mode(_metadata, xxh ?
				 self->skel->progs.xxh32_pkt_cnt :
				 self->skel->progs.fasthash32_pkt_cnt,
				 scalar, pkt, sizeof(pkt));
			memcpy(tables[scalar], BSS->table, KF_TABLE_SZ);
		}
		ref_cnt32(xxh ? REF_CNT_XXH32 : REF_CNT_FASTHASH32,
			  pkt + KF_PKT_OFF, ENETSTL_PKT_5TUPLE_SIZE, ref_tab,
			  BSS->table_sz, shift);
		ASSERT_EQ(0, memcmp(tables[0], tables[1], KF_TABLE_SZ));
		ASSERT_EQ(0, memcmp(ref_tab, tables[0], KF_TABLE_SZ));
	}
}

TEST_F(simd, cmp_eq_simd_equals_scalar)
{
	for (int i = 0; i < NR_CASES; i++) {
		uint32_t o1 = prng_below(&self->rng, 65);
		uint32_t o2 = prng_below(&self->rng, 65);
		uint32_t n = i < 100 ? (uint32_t)i : prng_below(&self->rng, 300);
		int32_t out[2];
		int want;

		prng_fill(&self->rng, BSS->buf1, KF_BUF_SZ);
		memcpy(BSS->buf2 + o2, BSS->buf1 + o1, n);
		/* Two thirds differ in one byte, anywhere in the key. */
		if (n && prng_below(&self->rng, 3))
			BSS->buf2[o2 + prng_below(&self->rng, n)] ^= 0x10;
		BSS->off1 = o1;
		BSS->len1 = n;
		BSS->off2 = o2;
		BSS->len2 = n;
		for (int scalar = 0; scalar < 2; scalar++) {
			run_mode(_metadata, self->skel->progs.cmp_eq,
				 scalar, NULL, 0);
			out[scalar] = BSS->out_s32;
		}
		want = memcmp(BSS->buf1 + o1, BSS->buf2 + o2, n) ? 1 : 0;
		ASSERT_EQ(out[0], out[1]) {
			TH_LOG("cmp_eq len %u", n);
		}
		ASSERT_EQ(want, out[0]);
	}
}

TEST_F(simd, find_u16_simd_equals_scalar)
{
	for (int i = 0; i < NR_CASES; i++) {
		uint32_t off = prng_below(&self->rng, 8);
		uint32_t sz = i % 4 ? 32 : prng_below(&self->rng, 41);
		uint16_t val = prng_below(&self->rng, 4);
		uint32_t mask[2], idx[2];

		for (int k = 0; k < 24; k++) {
			uint16_t v = prng_below(&self->rng, 4);

			memcpy(BSS->buf1 + off + 2 * k, &v, 2);
		}
		BSS->off1 = off;
		BSS->len1 = sz;
		BSS->needle = val;
		for (int scalar = 0; scalar < 2; scalar++) {
			run_mode(_metadata,
				 self->skel->progs.find_mask_u16, scalar,
				 NULL, 0);
			mask[scalar] = BSS->out_u32;
			run_mode(_metadata, self->skel->progs.find_u16,
				 scalar, NULL, 0);
			idx[scalar] = BSS->out_u32;
		}
		ASSERT_EQ(mask[0], mask[1]);
		ASSERT_EQ(idx[0], idx[1]);
		ASSERT_EQ(ref_find_mask_u16(BSS->buf1 + off, sz, val), mask[0]);
		ASSERT_EQ(ref_find_u16(BSS->buf1 + off, sz, val), idx[0]);
	}
}

TEST_HARNESS_MAIN
