// SPDX-License-Identifier: GPL-2.0
/*
 * JIT vs interpreter, instruction by instruction: every ALU/ALU64 op with
 * its edge cases (division by zero, INT_MIN / -1, shifts by 0/1/31/32/63/64
 * and more, 32-bit zero extension, movsx, byte swaps), loads and stores of
 * every size and base register, sign-extending loads, atomics (cmpxchg
 * success and failure), JMP and JMP32 conditions, lddw. Each program runs
 * in every JIT mode (see jit_util.h); values are asserted as well.
 */
#include "jit_util.h"

static const char *const regs_dst[] = { "r0", "r3", "r4", "r6", "r2" };
static const char *const regs_src[] = { "r0", "r3", "r4", "r7", "r5" };

/*
 * Sentinels in every register but the operands, then the op, then all
 * registers stored to memory: a clobbered register shows up as a memory
 * difference.
 */
static int one_alu(const char *op, const char *d, const char *s,
		   u64 a, u64 b, bool imm, char *why, size_t whylen)
{
	static const u8 zero[JU_MEM];
	char text[1024], err[256];
	struct bpf_core_prog *p;
	u64 r0;
	int n, i, same;

	n = snprintf(text, sizeof(text),
		     "lddw %%r0, 0x1010101010101010\n"
		     "lddw %%r2, 0x2020202020202020\n"
		     "lddw %%r3, 0x3030303030303030\n"
		     "lddw %%r4, 0x4040404040404040\n"
		     "lddw %%r5, 0x5050505050505050\n"
		     "lddw %%r6, 0x6060606060606060\n"
		     "lddw %%r7, 0x7070707070707070\n"
		     "lddw %%r8, 0x8080808080808080\n"
		     "lddw %%r9, 0x9090909090909090\n"
		     "lddw %%%s, %#llx\n", d, (unsigned long long)a);
	if (imm)
		n += snprintf(text + n, sizeof(text) - n, "%s %%%s, %lld\n",
			      op, d, (long long)(s32)b);
	else
		n += snprintf(text + n, sizeof(text) - n,
			      "lddw %%%s, %#llx\n%s %%%s, %%%s\n", s,
			      (unsigned long long)b, op, d, s);
	for (i = 0; i <= 9; i++)
		if (i != 1)
			n += snprintf(text + n, sizeof(text) - n,
				      "stxdw [%%r1+%d], %%r%d\n", 8 * i, i);
	snprintf(text + n, sizeof(text) - n, "mov %%r0, %%%s\nexit\n", d);
	p = load_asm_opts(text, NULL, err, sizeof(err));
	if (!p) {
		snprintf(why, whylen, "load: %.100s", err);
		return 0;
	}
	same = ju_compare(p, zero, JU_MEM, &r0, why, whylen);
	bpf_core_prog_free(p);
	return same;
}

static void alu_matrix(const char *op, const u64 *as, size_t na,
		       const u64 *bs, size_t nb)
{
	char why[160] = "", first[400] = "";
	size_t ia, ib, id, is;
	int bad = 0, total = 0, imm;

	for (ia = 0; ia < na; ia++)
	for (ib = 0; ib < nb; ib++)
	for (id = 0; id < ARRAY_SIZE(regs_dst); id++)
	for (is = 0; is < ARRAY_SIZE(regs_src); is++)
	for (imm = 0; imm < 2; imm++) {
		const char *d = regs_dst[id], *s = regs_src[is];

		if (imm && is)
			continue;	/* dst == src is kept: div r3, r3 */
		total++;
		if (one_alu(op, d, s, as[ia], bs[ib], imm, why, sizeof(why)))
			continue;
		if (!bad++)
			snprintf(first, sizeof(first),
				 " first: %s %%%s=%#llx, %s%#llx: %s", op, d,
				 (unsigned long long)as[ia], imm ? "imm " : "%",
				 (unsigned long long)bs[ib], why);
	}
	ok(!bad, "%s: %d register/immediate combinations agree%s", op,
	   total - bad, first);
}

static void test_matrices(void)
{
	static const u64 dividends[] = {
		0x8000000000000000ULL, 0x80000000ULL, 1000, (u64)-1000,
		0xffffffff00000007ULL, (u64)-1, 0xfffffffe, 6, 0x123456789abcdefULL,
	};
	static const u64 divisors[] = {
		0, (u64)-1, 7, (u64)-7, 1, 16, 0xffffffffULL,
		0x100000000ULL, 3, 10, 641, 1000003, 0x7fffffff,
		0x80000001ULL,
	};
	static const u64 counts[] = {
		0, 1, 31, 32, 33, 63, 64, (u64)-1, 0x100000001ULL,
	};
	static const u64 vals[] = {
		0x8000000000000001ULL, 0x00000000fedcba98ULL, 1,
	};
	static const u64 others[] = {
		0, 1, (u64)-1, 0x7f, 0x80000000ULL, 0xfedcba9876543210ULL,
		3, 0x12345678,
	};
	static const char *const divops[] = {
		"div", "mod", "sdiv", "smod", "div32", "mod32", "sdiv32",
		"smod32",
	};
	static const char *const shops[] = {
		"lsh", "rsh", "arsh", "lsh32", "rsh32", "arsh32",
	};
	static const char *const ops[] = {
		"add", "sub", "mul", "or", "and", "xor", "mov", "add32",
		"sub32", "mul32", "or32", "and32", "xor32", "mov32",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(divops); i++)
		alu_matrix(divops[i], dividends, ARRAY_SIZE(dividends),
			   divisors, ARRAY_SIZE(divisors));
	for (i = 0; i < ARRAY_SIZE(shops); i++)
		alu_matrix(shops[i], vals, ARRAY_SIZE(vals), counts,
			   ARRAY_SIZE(counts));
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		alu_matrix(ops[i], others, ARRAY_SIZE(others), others,
			   ARRAY_SIZE(others));
}

static void test_div_edges(void)
{
	ju_expect("div64 by zero register is 0",
		  "mov %r0, 77\nmov %r2, 0\ndiv %r0, %r2\nexit", 0);
	ju_expect("div64 by zero immediate is 0",
		  "mov %r0, 77\ndiv %r0, 0\nexit", 0);
	ju_expect("mod64 by zero keeps the dividend",
		  "lddw %r0, 0x123456789\nmov %r2, 0\nmod %r0, %r2\nexit",
		  0x123456789ULL);
	ju_expect("mod32 by zero zero-extends the dividend",
		  "lddw %r0, 0x123456789\nmov %r2, 0\nmod32 %r0, %r2\nexit",
		  0x23456789);
	ju_expect("div32 by a divisor whose low half is 0 is 0",
		  "mov %r0, 10\nlddw %r2, 0x100000000\ndiv32 %r0, %r2\nexit",
		  0);
	ju_expect("sdiv64 INT_MIN / -1 = INT_MIN",
		  "lddw %r0, 0x8000000000000000\nmov %r2, -1\nsdiv %r0, %r2\nexit",
		  0x8000000000000000ULL);
	ju_expect("smod64 INT_MIN % -1 = 0",
		  "lddw %r0, 0x8000000000000000\nmov %r2, -1\nsmod %r0, %r2\nexit",
		  0);
	ju_expect("sdiv32 INT_MIN / -1 = INT_MIN",
		  "mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit", 0x80000000);
	ju_expect("smod32 INT_MIN % -1 = 0",
		  "lddw %r0, 0xffffffff80000000\nmov %r3, -1\nsmod32 %r0, %r3\nexit",
		  0);
	ju_expect("smod64 -7 % 0 = -7", "mov %r0, -7\nsmod %r0, 0\nexit",
		  (u64)-7);
	ju_expect("smod64 sign follows the dividend",
		  "mov %r0, -7\nmov %r4, 3\nsmod %r0, %r4\nexit", (u64)-1);
	ju_expect("sdiv64 truncates toward zero",
		  "mov %r0, -7\nmov %r3, 2\nsdiv %r0, %r3\nexit", (u64)-3);
	ju_expect("div64 by a power of two",
		  "lddw %r0, 0xf000000000000000\ndiv %r0, 16\nexit",
		  0x0f00000000000000ULL);
	ju_expect("div32 by 0x80000000 (imm, unsigned)",
		  "mov32 %r0, -1\ndiv32 %r0, 0x80000000\nexit", 1);
	ju_expect("div64 by imm 0x80000000 means 0xffffffff80000000",
		  "mov %r0, -1\ndiv %r0, 0x80000000\nexit", 1);
	ju_expect("mod32 by a power of two",
		  "lddw %r0, 0x1234567fff\nmod32 %r0, 0x100\nexit", 0xff);
}

/*
 * Division by constants goes through multiply-high: check it against C on
 * many dividends (r1 carries n straight into the program).
 */
static void test_div_by_constant(void)
{
	static const u32 ds[] = {
		3, 5, 6, 7, 9, 10, 11, 12, 13, 25, 60, 100, 641, 1000, 3600,
		65537, 1000003, 0x3b9aca00, 0x7ffffffe, 0x7fffffff, 0x80000001,
		0xfffffffb, 0xffffffff, 0x55555555,
	};
	static const char *const ops[] = { "div", "mod", "div32", "mod32" };
	struct progen_like { u64 s; } rng = { 0x9e3779b97f4a7c15ULL };
	int bad = 0, total = 0;
	size_t i, o;
	char text[128];

	for (i = 0; i < ARRAY_SIZE(ds); i++)
	for (o = 0; o < ARRAY_SIZE(ops); o++) {
		bool w = o < 2, mod = o & 1;
		u64 d = w ? (u64)(s64)(s32)ds[i] : ds[i];
		struct bpf_core_prog *p;
		int k;

		snprintf(text, sizeof(text), "mov %%r0, %%r1\n%s %%r0, %d\nexit",
			 ops[o], (s32)ds[i]);
		p = load_asm(text);
		if (!p || bpf_core_jit_compile(p, NULL)) {
			bad++;
			bpf_core_prog_free(p);
			continue;
		}
		for (k = 0; k < 2000; k++) {
			u64 n, want, got;

			rng.s ^= rng.s << 13;
			rng.s ^= rng.s >> 7;
			rng.s ^= rng.s << 17;
			n = k < 8 ? (u64)-k : k < 16 ? (u64)(k - 8) * d - 1 :
			    rng.s >> (k % 64);
			if (!w)
				n = (u32)n;
			want = mod ? n % d : n / d;
			got = p->jit_entry((void *)(unsigned long)n, 0);
			total++;
			if (got != want && !bad++)
				printf("# %s by %#llx of %#llx: %#llx, want %#llx\n",
				       ops[o], (unsigned long long)d,
				       (unsigned long long)n,
				       (unsigned long long)got,
				       (unsigned long long)want);
		}
		bpf_core_prog_free(p);
	}
	ok(!bad, "unsigned div/mod by %zu constants, 32 and 64 bit: %d of %d right",
	   ARRAY_SIZE(ds), total - bad, total);
}

/* mov + add imm + add reg (folded into lea) over many register choices */
static void test_lea_fusion(void)
{
	static const char *const r[] = { "r0", "r2", "r3", "r4", "r7", "r8" };
	static const s32 imms[] = { 0, 5, -64, 0x7fffffff, -0x7fffffff - 1 };
	static const u8 zero[JU_MEM];
	int bad = 0, total = 0, form;
	size_t d, s, x, k;
	char text[1024], err[256], why[160] = "";

	for (d = 0; d < ARRAY_SIZE(r); d++)
	for (s = 0; s < ARRAY_SIZE(r); s++)
	for (x = 0; x < ARRAY_SIZE(r); x++)
	for (k = 0; k < ARRAY_SIZE(imms); k++)
	for (form = 0; form < 3; form++) {
		struct bpf_core_prog *p;
		u64 r0;
		int n, i;

		if (d == s || (form == 0 && x) || (form == 1 && k))
			continue;
		n = snprintf(text, sizeof(text),
			     "lddw %%r0, 0x1000\nlddw %%r2, 0x2000\n"
			     "lddw %%r3, 0x3000\nlddw %%r4, 0x4000\n"
			     "lddw %%r7, 0x7000\nlddw %%r8, 0x8000000000\n"
			     "mov %%%s, %%%s\n", r[d], r[s]);
		if (form != 1)
			n += snprintf(text + n, sizeof(text) - n,
				      "add %%%s, %d\n", r[d], imms[k]);
		if (form != 0)
			n += snprintf(text + n, sizeof(text) - n,
				      "add %%%s, %%%s\n", r[d], r[x]);
		for (i = 0; i <= 8; i++)
			if (i != 1 && i != 5 && i != 6)
				n += snprintf(text + n, sizeof(text) - n,
					      "stxdw [%%r1+%d], %%r%d\n", 8 * i, i);
		snprintf(text + n, sizeof(text) - n, "exit\n");
		total++;
		p = load_asm_opts(text, NULL, err, sizeof(err));
		if (!p || !ju_compare(p, zero, JU_MEM, &r0, why, sizeof(why)))
			if (!bad++)
				printf("# %s\n# %s\n", p ? why : err, text);
		bpf_core_prog_free(p);
	}
	ok(!bad && total > 100, "mov/add/add address arithmetic: %d of %d agree",
	   total - bad, total);
}

static void test_shift_edges(void)
{
	ju_expect("lsh64 by 63", "mov %r0, 3\nlsh %r0, 63\nexit",
		  0x8000000000000000ULL);
	ju_expect("lsh64 by register 64 is by 0",
		  "mov %r0, 3\nmov %r4, 64\nlsh %r0, %r4\nexit", 3);
	ju_expect("rsh64 by register 63",
		  "mov %r0, -1\nmov %r2, 63\nrsh %r0, %r2\nexit", 1);
	ju_expect("arsh64 by 63", "lddw %r0, 0x8000000000000000\narsh %r0, 63\nexit",
		  (u64)-1);
	ju_expect("lsh32 by 31", "mov %r0, 3\nlsh32 %r0, 31\nexit",
		  0x80000000);
	ju_expect("lsh32 by register 32 only zero-extends",
		  "mov %r0, -1\nmov %r5, 32\nlsh32 %r0, %r5\nexit",
		  0xffffffff);
	ju_expect("rsh32 by immediate 32 only zero-extends",
		  "mov %r0, -1\nrsh32 %r0, 32\nexit", 0xffffffff);
	ju_expect("arsh32 by register 31",
		  "mov32 %r0, 0x80000000\nmov %r3, 31\narsh32 %r0, %r3\nexit",
		  0xffffffff);
	ju_expect("shift r4 (rcx) by r4",
		  "mov %r4, 5\nlsh %r4, %r4\nmov %r0, %r4\nexit", 160);
	ju_expect("shift r4 (rcx) by another register",
		  "mov %r4, 5\nmov %r2, 4\nrsh %r4, %r2\nmov %r0, %r4\nexit",
		  0);
	ju_expect("shift by r4 keeps r4",
		  "mov %r4, 2\nmov %r0, 1\nlsh %r0, %r4\nadd %r0, %r4\nexit",
		  6);
}

static void test_zext_and_moves(void)
{
	ju_expect("add32 wraps and zero-extends",
		  "mov %r0, -1\nadd32 %r0, 1\nexit", 0);
	ju_expect("add32 imm 0 zero-extends",
		  "mov %r0, -1\nadd32 %r0, 0\nexit", 0xffffffff);
	ju_expect("mov32 self zero-extends",
		  "lddw %r0, 0xffffffff00000005\nmov32 %r0, %r0\nexit", 5);
	ju_expect("and32 -1 zero-extends",
		  "mov %r0, -1\nand32 %r0, -1\nexit", 0xffffffff);
	ju_expect("and64 positive mask",
		  "mov %r0, -1\nand %r0, 0x7fff0000\nexit", 0x7fff0000);
	ju_expect("and64 negative mask keeps the top",
		  "mov %r0, -1\nand %r0, -16\nexit", (u64)-16);
	ju_expect("or64 imm sign-extends",
		  "mov %r0, 0\nor %r0, -2\nexit", (u64)-2);
	ju_expect("mov64 imm sign-extends",
		  "mov %r0, -10\nexit", (u64)-10);
	ju_expect("mov32 imm negative stays 32-bit",
		  "mov32 %r0, -10\nexit", 0xfffffff6);
	ju_expect("mul32 truncates",
		  "mov %r0, 0x10000\nmul32 %r0, 0x10001\nexit", 0x10000);
	ju_expect("mul64 by negative imm",
		  "mov %r0, 3\nmul %r0, -5\nexit", (u64)-15);
	ju_expect("neg32 INT_MIN", "mov32 %r0, 0x80000000\nneg32 %r0\nexit",
		  0x80000000);
	ju_expect("neg64", "mov %r0, 5\nneg %r0\nexit", (u64)-5);
	ju_expect("lddw 64-bit", "lddw %r0, 0x1122334455667788\nexit",
		  0x1122334455667788ULL);
	ju_expect("lddw negative 32-bit",
		  "lddw %r0, 0xffffffff80000000\nexit", 0xffffffff80000000ULL);
	ju_expect("movsx8 to 64", "mov %r2, 0x80\nmovsx864 %r0, %r2\nexit",
		  (u64)-128);
	ju_expect("movsx8 from sil-like register r1",
		  "mov %r1, 0x1ff\nmovsx864 %r0, %r1\nexit", (u64)-1);
	ju_expect("movsx16 to 32", "mov %r3, 0x8001\nmovsx1632 %r0, %r3\nexit",
		  0xffff8001);
	ju_expect("movsx32 to 64",
		  "lddw %r6, 0x1ffffffff\nmovsx3264 %r0, %r6\nexit", (u64)-1);
	ju_expect("movsx8 to 32", "mov %r0, 0xfe\nmovsx832 %r0, %r0\nexit",
		  0xfffffffe);
}

static void test_swaps(void)
{
	ju_expect("be16", "lddw %r0, 0x1122334455667788\nbe16 %r0\nexit",
		  0x8877);
	ju_expect("be32", "lddw %r0, 0x1122334455667788\nbe32 %r0\nexit",
		  0x88776655);
	ju_expect("be64", "lddw %r0, 0x1122334455667788\nbe64 %r0\nexit",
		  0x8877665544332211ULL);
	ju_expect("le16", "lddw %r0, 0x1122334455667788\nle16 %r0\nexit",
		  0x7788);
	ju_expect("le32", "lddw %r0, 0x1122334455667788\nle32 %r0\nexit",
		  0x55667788);
	ju_expect("le64", "lddw %r0, 0x1122334455667788\nle64 %r0\nexit",
		  0x1122334455667788ULL);
	ju_expect("bswap16 on r9",
		  "lddw %r9, 0x1122334455667788\nbswap16 %r9\nmov %r0, %r9\nexit",
		  0x8877);
	ju_expect("bswap32 on r5",
		  "lddw %r5, 0x1122334455667788\nbswap32 %r5\nmov %r0, %r5\nexit",
		  0x88776655);
	ju_expect("bswap64 on r7",
		  "lddw %r7, 0x1122334455667788\nbswap64 %r7\nmov %r0, %r7\nexit",
		  0x8877665544332211ULL);
}

static void test_memory(void)
{
	u8 mem[JU_MEM];
	int i;

	for (i = 0; i < JU_MEM; i++)
		mem[i] = (u8)(0x80 + i * 7);
	ju_same("loads of every size from every base register",
		"mov %r6, %r1\nmov %r7, %r1\nmov %r8, %r1\nmov %r9, %r1\n"
		"mov %r3, %r1\nmov %r4, %r1\nmov %r5, %r1\n"
		"ldxb %r0, [%r1+1]\nldxh %r2, [%r3+2]\nldxw %r4, [%r4+4]\n"
		"ldxdw %r5, [%r5+8]\nldxb %r6, [%r6+0]\nldxh %r7, [%r7+0]\n"
		"ldxw %r8, [%r8+200]\nldxdw %r9, [%r9+248]\n"
		"stxdw [%r1+16], %r0\nstxdw [%r1+24], %r2\n"
		"stxdw [%r1+32], %r4\nstxdw [%r1+40], %r5\n"
		"stxdw [%r1+48], %r6\nstxdw [%r1+56], %r7\n"
		"stxdw [%r1+64], %r8\nstxdw [%r1+72], %r9\nexit", mem);
	ju_same("stores of every size from byte-register-sensitive sources",
		"mov %r2, 0x1a2\nmov %r3, %r1\nstxb [%r1+0], %r2\n"
		"stxb [%r3+1], %r1\nstxh [%r1+2], %r2\nstxw [%r1+4], %r2\n"
		"stxdw [%r1+8], %r2\nmov %r7, %r1\nstxb [%r7+0], %r3\n"
		"stb [%r1+20], 0x7f\nsth [%r1+22], -2\nstw [%r1+24], -3\n"
		"stdw [%r1+32], -4\nstdw [%r1+40], 0x7fffffff\n"
		"mov %r0, 0\nexit", mem);
	ju_expect("ldxsb", "stb [%r1+0], 0x80\nldxsb %r0, [%r1+0]\nexit",
		  (u64)-128);
	ju_expect("ldxsh", "sth [%r1+0], 0x8001\nldxsh %r0, [%r1+0]\nexit",
		  0xffffffffffff8001ULL);
	ju_expect("ldxsw", "stw [%r1+0], 0x80000001\nldxsw %r0, [%r1+0]\nexit",
		  0xffffffff80000001ULL);
	ju_expect("ldxsb positive", "stb [%r1+3], 0x7f\nldxsb %r0, [%r1+3]\nexit",
		  0x7f);
	ju_expect("stack: r10 with small and large offsets",
		  "mov %r2, 7\nstxdw [%r10-8], %r2\nstxdw [%r10-512], %r2\n"
		  "stw [%r10-300], 9\nldxdw %r0, [%r10-8]\n"
		  "ldxdw %r3, [%r10-512]\nadd %r0, %r3\nldxw %r3, [%r10-300]\n"
		  "add %r0, %r3\nexit", 23);
	ju_expect("pointer arithmetic on r10",
		  "mov %r2, %r10\nadd %r2, -16\nstdw [%r2+0], 5\n"
		  "ldxdw %r0, [%r10-16]\nexit", 5);
}

static void test_atomics(void)
{
	u8 mem[JU_MEM];
	int i;

	for (i = 0; i < JU_MEM; i++)
		mem[i] = (u8)(i * 13 + 1);
	ju_same("atomic add/or/and/xor, 32 and 64, no fetch",
		"mov %r2, 0x0f0f\nlock add [%r1+0], %r2\nlock or [%r1+8], %r2\n"
		"lock and [%r1+16], %r2\nlock xor [%r1+24], %r2\n"
		"lock add32 [%r1+32], %r2\nlock or32 [%r1+36], %r2\n"
		"lock and32 [%r1+40], %r2\nlock xor32 [%r1+44], %r2\n"
		"mov %r0, 0\nexit", mem);
	ju_same("atomic fetch ops return the old value, 32 and 64",
		"mov %r2, 0x0f0f\nmov %r3, 0x3c3c\nmov %r4, 0x5555\n"
		"mov %r5, 0x1234\nmov %r0, 0x777\n"
		"lock fetch add [%r1+0], %r2\nlock fetch or [%r1+8], %r3\n"
		"lock fetch and [%r1+16], %r4\nlock fetch xor [%r1+24], %r5\n"
		"stxdw [%r1+64], %r2\nstxdw [%r1+72], %r3\n"
		"stxdw [%r1+80], %r4\nstxdw [%r1+88], %r5\n"
		"lock fetch add32 [%r1+32], %r2\nlock fetch or32 [%r1+36], %r3\n"
		"lock fetch and32 [%r1+40], %r4\nlock fetch xor32 [%r1+44], %r5\n"
		"stxdw [%r1+96], %r2\nstxdw [%r1+104], %r3\n"
		"stxdw [%r1+112], %r4\nstxdw [%r1+120], %r5\nexit", mem);
	ju_same("atomic fetch ops with r0 as operand and as base",
		"mov %r0, 0x0ff0\nlock fetch or [%r1+0], %r0\n"
		"stxdw [%r1+64], %r0\nmov %r0, %r1\nmov %r2, 0x70\n"
		"lock fetch xor [%r0+8], %r2\nstxdw [%r1+72], %r2\n"
		"sub %r0, %r1\nstxdw [%r1+80], %r0\nmov %r0, 0x1111\n"
		"lock fetch and32 [%r1+16], %r0\nstxdw [%r1+88], %r0\n"
		"mov %r3, -1\nmov %r0, %r1\nlock fetch and [%r0+24], %r3\n"
		"stxdw [%r1+96], %r3\nsub %r0, %r1\nexit", mem);
	ju_same("xchg 32 and 64",
		"mov %r2, -3\nlock xchg [%r1+0], %r2\nmov %r3, -5\n"
		"lock xchg32 [%r1+8], %r3\nstxdw [%r1+64], %r2\n"
		"stxdw [%r1+72], %r3\nmov %r0, 0\nexit", mem);
	ju_expect("cmpxchg64 success stores and returns old",
		  "lddw %r2, 0x1122334455667788\nstxdw [%r1+0], %r2\n"
		  "mov %r0, %r2\nmov %r3, 9\nlock cmpxchg [%r1+0], %r3\n"
		  "ldxdw %r4, [%r1+0]\njne %r4, 9, fail\nexit\n"
		  "fail:\nmov %r0, 0\nexit", 0x1122334455667788ULL);
	ju_expect("cmpxchg64 failure keeps memory, r0 = old",
		  "mov %r2, 5\nstxdw [%r1+0], %r2\nmov %r0, 6\nmov %r3, 9\n"
		  "lock cmpxchg [%r1+0], %r3\nldxdw %r4, [%r1+0]\n"
		  "jne %r4, 5, fail\nexit\nfail:\nmov %r0, 0\nexit", 5);
	ju_expect("cmpxchg32 success zero-extends r0",
		  "stw [%r1+0], 5\nlddw %r0, 0xdeadbeef00000005\nmov %r3, 9\n"
		  "lock cmpxchg32 [%r1+0], %r3\nldxw %r4, [%r1+0]\n"
		  "jne %r4, 9, fail\nexit\nfail:\nmov %r0, 0\nexit", 5);
	ju_expect("cmpxchg32 failure zero-extends r0",
		  "stw [%r1+0], -5\nlddw %r0, 0xdeadbeef00000006\nmov %r3, 9\n"
		  "lock cmpxchg32 [%r1+0], %r3\nldxw %r4, [%r1+0]\n"
		  "jne32 %r4, -5, fail\nexit\nfail:\nmov %r0, 0\nexit",
		  0xfffffffb);
	ju_expect("fetch add32 zero-extends the source",
		  "stw [%r1+0], -1\nmov %r2, -1\nlock fetch add32 [%r1+0], %r2\n"
		  "mov %r0, %r2\nexit", 0xffffffff);
}

static void test_jumps(void)
{
	static const char *const conds[] = {
		"jeq", "jne", "jgt", "jge", "jlt", "jle", "jsgt", "jsge",
		"jslt", "jsle", "jset",
	};
	static const char *const vals[] = {
		"0", "1", "-1", "0x7fffffff", "0x80000000", "0x100000001",
		"0xffffffff00000000", "0x8000000000000000", "255", "0x180",
	};
	char text[512], name[128];
	size_t c, a, b;
	int w;

	/* All conditions, 64 and 32 bit, register and immediate, on values
	 * whose halves disagree, one TAP line per condition and width.
	 */
	for (c = 0; c < ARRAY_SIZE(conds); c++) {
		for (w = 0; w < 2; w++) {
			char why[160] = "";
			int bad = 0, total = 0, mode;

			for (a = 0; a < ARRAY_SIZE(vals); a++)
			for (b = 0; b < ARRAY_SIZE(vals); b++)
			for (mode = 0; mode < 2; mode++) {
				static const u8 zero[JU_MEM];
				struct bpf_core_prog *p;
				char err[256];
				u64 r0;

				if (mode && strlen(vals[b]) > 10)
					continue;
				snprintf(text, sizeof(text),
					 "lddw %%r3, %s\nlddw %%r4, %s\n"
					 "mov %%r0, 1\n%s%s %%r3, %s%s, yes\n"
					 "mov %%r0, 2\nyes:\nexit\n", vals[a],
					 vals[b], conds[c], w ? "32" : "",
					 mode ? "" : "%", mode ? vals[b] : "r4");
				total++;
				p = load_asm_opts(text, NULL, err, sizeof(err));
				if (!p) {
					bad++;
					continue;
				}
				if (!ju_compare(p, zero, JU_MEM, &r0, why,
						sizeof(why)))
					bad++;
				bpf_core_prog_free(p);
			}
			snprintf(name, sizeof(name), "%s%s: %d cases agree",
				 conds[c], w ? "32" : "", total - bad);
			ok(!bad, "%s%s%s", name, bad ? " " : "", bad ? why : "");
		}
	}
	ju_expect("jeq imm taken",
		  "mov %r0, 1\nmov %r2, 5\njeq %r2, 5, out\nmov %r0, 2\nout:\nexit",
		  1);
	ju_expect("jgt unsigned vs jsgt signed",
		  "mov %r0, 0\nmov %r2, -1\njgt %r2, 1, a\nexit\na:\n"
		  "jsgt %r2, 1, b\nmov %r0, 7\nb:\nexit", 7);
	ju_expect("jset32 looks at the low half only",
		  "mov %r0, 1\nlddw %r2, 0x100000000\njset32 %r2, -1, out\n"
		  "mov %r0, 2\nout:\nexit", 2);
	ju_expect("jeq32 ignores the top half",
		  "mov %r0, 1\nlddw %r2, 0x500000005\njeq32 %r2, 5, out\n"
		  "mov %r0, 2\nout:\nexit", 1);
	ju_expect("jump to the next instruction",
		  "mov %r0, 3\njeq %r0, 3, next\nnext:\nexit", 3);
	ju_expect("ja32 (gotol) forward",
		  "mov %r0, 1\ngotol out\nmov %r0, 2\nout:\nexit", 1);
	ju_expect("backward loop sums 1..100",
		  "mov %r0, 0\nmov %r6, 100\nloop:\nadd %r0, %r6\nsub %r6, 1\n"
		  "jne %r6, 0, loop\nexit", 5050);
	ju_expect("exit in the middle",
		  "mov %r0, 9\nja skip\nexit\nskip:\nmov %r6, 1\nexit", 9);
}

int main(void)
{
	test_div_edges();
	test_div_by_constant();
	test_lea_fusion();
	test_shift_edges();
	test_zext_and_moves();
	test_swaps();
	test_memory();
	test_atomics();
	test_jumps();
	test_matrices();
	return tap_done();
}
