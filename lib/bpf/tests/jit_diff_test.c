// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test of the JIT's non-default modes (diff_test.c covers the
 * default one): random programs from progen.h run on the interpreter and
 * on the JIT blinded, without BMI2, and with long branches only, plus the
 * same programs called as a subprogram from a loop (backward branch,
 * local calls, callee-saved registers, per-frame stacks). r0 and the whole
 * buffer (which ends with r0, r2..r9) must agree.
 * usage: jit_diff_test [ITERATIONS [SEED]]
 */
#include "jit_util.h"
#include "progen.h"

#define WRAP 7	/* slots of the loop that calls the body */

_Static_assert(PROGEN_MEM_SIZE <= JU_MEM, "buffer too small for progen");

static u32 wrap_loop(const struct bpf_core_insn *body, u32 n,
		     struct bpf_core_insn *out)
{
	out[0] = progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV, 6, 0, 0, 3);
	out[1] = progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV | BPF_CORE_X, 7, 1, 0, 0);
	out[2] = progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV | BPF_CORE_X, 1, 7, 0, 0);
	out[3] = progen_mk(BPF_CORE_JMP | BPF_CORE_CALL, 0, BPF_CORE_CALL_LOCAL,
			   0, WRAP - 3 - 1);
	out[4] = progen_mk(BPF_CORE_ALU64 | BPF_CORE_SUB, 6, 0, 0, 1);
	out[5] = progen_mk(BPF_CORE_JMP | BPF_CORE_JNE, 6, 0, -4, 0);
	out[6] = progen_mk(BPF_CORE_JMP | BPF_CORE_EXIT, 0, 0, 0, 0);
	memcpy(out + WRAP, body, n * sizeof(*body));
	return n + WRAP;
}

static const struct bpf_core_prog *no_prog(void *map, u32 index)
{
	(void)map;
	(void)index;
	return NULL;
}

static u64 h_any(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return a + b + c + d + e;
}

/* A slot that is often valid: a real opcode with plausible fields. */
static struct bpf_core_insn raw_slot(struct progen_rng *r, u32 k, u32 n)
{
	static const u8 szs[] = { BPF_CORE_B, BPF_CORE_H, BPF_CORE_W, BPF_CORE_DW };
	static const s32 atom[] = {
		0x00, 0x40, 0x50, 0xa0, 0x01, 0x41, 0x51, 0xa1, 0xe1, 0xf1,
	};
	static const s16 movsx[] = { 0, 8, 16, 32 };
	u8 dst = (u8)progen_below(r, 10), src = (u8)progen_below(r, 11);
	s16 off = (s16)((s32)progen_below(r, 2 * n) - (s32)k - 1);
	u8 sz = szs[progen_below(r, 4)], op = (u8)(progen_below(r, 14) << 4);
	u8 cls;

	switch (progen_below(r, 8)) {
	case 0:
	case 1:
		cls = progen_below(r, 2) ? BPF_CORE_ALU64 : BPF_CORE_ALU;
		if (op == BPF_CORE_END)
			return progen_mk(cls | op | (u8)(progen_below(r, 2) << 3),
					 dst, 0, 0, 16 << progen_below(r, 3));
		return progen_mk(cls | op | (u8)(progen_below(r, 2) << 3), dst,
				 src, op == BPF_CORE_MOV ?
				 movsx[progen_below(r, 4)] :
				 (s16)progen_below(r, 2), progen_imm(r));
	case 2:
		return progen_mk(BPF_CORE_LDX | BPF_CORE_MEM | sz, dst,
				 progen_below(r, 2) ? 1 : 10,
				 (s16)-(s16)(8 * (1 + progen_below(r, 8))), 0);
	case 3:
		return progen_mk((progen_below(r, 2) ? BPF_CORE_ST : BPF_CORE_STX) |
				 (progen_below(r, 3) ? BPF_CORE_MEM : BPF_CORE_ATOMIC) |
				 sz, progen_below(r, 2) ? 1 : 10, src,
				 (s16)-(s16)(8 * (1 + progen_below(r, 8))),
				 atom[progen_below(r, ARRAY_SIZE(atom))]);
	case 4:
		return progen_mk(BPF_CORE_LDX | BPF_CORE_MEMSX | sz, dst, 1,
				 (s16)progen_below(r, 8), 0);
	case 5:
		return progen_mk(BPF_CORE_JMP | BPF_CORE_CALL |
				 (u8)(progen_below(r, 4) ? 0 : BPF_CORE_X), dst,
				 (u8)progen_below(r, 2), 0,
				 progen_below(r, 2) ? (s32)progen_below(r, 13) :
				 (s32)off);
	case 6:
		return progen_mk(BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW, dst,
				 0, 0, progen_imm(r));
	default:
		cls = progen_below(r, 2) ? BPF_CORE_JMP : BPF_CORE_JMP32;
		if (op == BPF_CORE_CALL || op == BPF_CORE_EXIT)
			op = BPF_CORE_JA;
		return progen_mk(cls | op | (u8)(progen_below(r, 2) << 3),
				 op == BPF_CORE_JA ? 0 : dst,
				 op == BPF_CORE_JA ? 0 : src, off,
				 op == BPF_CORE_JA && cls == BPF_CORE_JMP32 ?
				 off : progen_imm(r));
	}
}

/*
 * Any program the decoder accepts, the JIT must compile, in every mode:
 * random slots from raw_slot() (many invalid, the decoder drops those),
 * compiled but not run, since they may touch any address.
 */
static void compile_raw(struct progen_rng *rng, u32 iters)
{
	static const bpf_core_helper_fn hs[16] = {
		[1] = h_any, [2] = h_any, [12] = h_any,
	};
	struct bpf_core_load_opts lo = {
		.helpers = hs, .nr_helpers = 16,
		.flags = BPF_CORE_LOAD_ALLOW_CALLX,
	};
	u32 i, decoded = 0, compiled = 0, k;
	int reported = 0;

	for (i = 0; i < iters; i++) {
		struct bpf_core_insn insns[24];
		u32 n = 2 + progen_below(rng, 22);
		struct bpf_core_prog *p;
		char err[256];
		size_t m;
		int ok_all = 1;

		for (k = 0; k < n; k++)
			insns[k] = raw_slot(rng, k, n);
		insns[n - 1] = progen_mk(BPF_CORE_JMP | BPF_CORE_EXIT, 0, 0, 0, 0);
		lo.tail_call_lookup = (i & 1) ? no_prog : NULL;
		if (bpf_core_decode(insns, n, &lo, &p, err, sizeof(err)))
			continue;
		decoded++;
		for (m = 0; m < JU_NMODES; m++) {
			int ret = ju_compile(p, ju_modes[m]);

			if (ret) {
				ok_all = 0;
				if (!reported++)
					printf("# raw program %u: JIT mode %#x: %d\n",
					       i, ju_modes[m], ret);
			}
		}
		compiled += ok_all;
		bpf_core_prog_free(p);
	}
	ok(decoded > 100 && compiled == decoded,
	   "JIT compiles every decodable random raw program in every mode: %u of %u",
	   compiled, decoded);
}

int main(int argc, char **argv)
{
	u32 iters = argc > 1 ? (u32)strtoul(argv[1], NULL, 0) : 1500;
	u64 seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x7a11ca11ULL;
	struct progen_rng rng = { .state = seed };
	u32 i, runs[2] = { 0, 0 }, agreed[2] = { 0, 0 };
	int wrap, reported = 0;

	for (i = 0; i < iters; i++) {
		struct bpf_core_insn body[PROGEN_MAX_SLOTS];
		struct bpf_core_insn prog_insns[PROGEN_MAX_SLOTS + WRAP];
		u8 init[JU_MEM];
		u32 n, k;

		n = progen_generate(&rng, body);
		for (k = 0; k < JU_MEM; k++)
			init[k] = (u8)progen_next(&rng);
		for (wrap = 0; wrap < 2; wrap++) {
			struct bpf_core_prog *p;
			char err[256], why[160];
			u32 cnt = n;
			u64 r0;

			if (wrap)
				cnt = wrap_loop(body, n, prog_insns);
			else
				memcpy(prog_insns, body, n * sizeof(*body));
			runs[wrap]++;
			if (bpf_core_decode(prog_insns, cnt, &progen_opts, &p, err,
					    sizeof(err))) {
				if (!reported++)
					printf("# iteration %u: decode: %s\n",
					       i, err);
				continue;
			}
			if (ju_compare(p, init, PROGEN_MEM_SIZE, &r0, why,
				       sizeof(why)))
				agreed[wrap]++;
			else if (reported++ < 3)
				printf("# iteration %u%s: %s\n", i,
				       wrap ? " (called from a loop)" : "", why);
			bpf_core_prog_free(p);
		}
	}
	ok(agreed[0] == runs[0] && runs[0],
	   "random programs, every JIT mode vs interpreter: %u of %u agree (seed %#llx)",
	   agreed[0], runs[0], (unsigned long long)seed);
	ok(agreed[1] == runs[1] && runs[1],
	   "same bodies as a subprogram called 3 times from a loop: %u of %u agree",
	   agreed[1], runs[1]);
	compile_raw(&rng, iters * 40);
	return tap_done();
}
