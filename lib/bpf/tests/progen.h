/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random valid program generator shared by diff_test.c and the fuzzer.
 *
 * Programs: r1 = a PROGEN_MEM_SIZE buffer (never written by the program),
 * a prologue that seeds r0, r2..r9, a body of random ALU/ALU64 (all ops,
 * div/mod by values including 0 and -1, shifts by any amount, movsx,
 * byte swaps), lddw, loads/stores/sign-extending loads/atomics into the
 * first PROGEN_DATA bytes or the stack, forward jumps (JMP, JMP32, ja,
 * gotol), helper calls and bpf-to-bpf calls into small subprograms; an
 * epilogue stores r0, r2..r8 into the buffer's tail so comparing memory
 * compares registers too. r9 keeps a copy of r1 to restore it after calls
 * (r1..r5 are undefined after a call). r1, r9 and r10 are never used as
 * values: their addresses differ between engines and runs.
 */
#ifndef BPF_CORE_PROGEN_H
#define BPF_CORE_PROGEN_H

#include "bpf_core.h"

#define PROGEN_DATA	64
#define PROGEN_DUMP	PROGEN_DATA			/* 8 registers */
#define PROGEN_MEM_SIZE	(PROGEN_DATA + 8 * 8)
#define PROGEN_STACK	64
#define PROGEN_MAX_BODY	96
#define PROGEN_NSUB	2
#define PROGEN_SUB_MAX	6
/* prologue, body (a call expands to 6 items), epilogue, subprograms */
#define PROGEN_MAX_ITEMS (9 + PROGEN_STACK / 8 + 6 * (PROGEN_MAX_BODY + PROGEN_NSUB) + 36 + \
			  PROGEN_NSUB * (PROGEN_SUB_MAX + 5))
#define PROGEN_MAX_SLOTS (2 * PROGEN_MAX_ITEMS)

/* Random source: a byte stream (fuzzer) or a xorshift PRNG. */
struct progen_rng {
	const u8 *data;
	size_t len, pos;
	u64 state;
	/* Programs the Linux verifier accepts as a socket filter: memory is
	 * the stack only, no helper calls, no K division by zero or shift
	 * out of range, and the epilogue folds the registers into r0.
	 */
	bool kernel;
};

static inline u64 progen_next(struct progen_rng *r)
{
	u64 v = 0;
	int i;

	if (r->data) {
		for (i = 0; i < 8 && r->pos < r->len; i++)
			v |= (u64)r->data[r->pos++] << (8 * i);
		return v;
	}
	r->state ^= r->state << 13;
	r->state ^= r->state >> 7;
	r->state ^= r->state << 17;
	return r->state;
}

static inline u32 progen_below(struct progen_rng *r, u32 n)
{
	if (r->data) {
		/* One byte per small choice keeps fuzz inputs dense. */
		u32 v = r->pos < r->len ? r->data[r->pos++] : 0;

		if (n > 256 && r->pos < r->len)
			v |= (u32)r->data[r->pos++] << 8;
		return v % n;
	}
	return (u32)(progen_next(r) % n);
}

/* Interesting immediates: edge values more often than uniform ones. */
static inline s32 progen_imm(struct progen_rng *r)
{
	static const s32 edge[] = {
		0, 1, -1, 2, 7, 8, 31, 32, 33, 63, 64, 0x7fffffff,
		(s32)0x80000000, 0xff, 0xffff, -2, 16, 0x12345678,
	};

	if (progen_below(r, 3))
		return edge[progen_below(r, ARRAY_SIZE(edge))];
	return (s32)progen_next(r);
}

/* A register the body may write: r0, r2..r8. */
static inline u8 progen_wreg(struct progen_rng *r)
{
	u8 v = (u8)progen_below(r, 8);

	return v ? v + 1 : 0;
}

/* The helper generated programs call (id 1); ignores r1, a pointer. */
static inline u64 progen_helper(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1;
	return (r2 * 0x9e3779b97f4a7c15ULL) ^ (r3 + r4) ^ (r5 << 7);
}

static const bpf_core_helper_fn progen_helpers[2] = { [1] = progen_helper };

static const struct bpf_core_load_opts progen_opts = {
	.helpers = progen_helpers, .nr_helpers = 2,
};

struct progen_item {
	struct bpf_core_insn insn[2];
	u8 slots;
	bool pending;		/* a forward jump, target chosen by tsel */
	u32 tsel;
	int target;		/* item index for jumps and calls, -1 otherwise */
};

static inline struct bpf_core_insn progen_mk(u8 code, u8 dst, u8 src,
					     s16 off, s32 imm)
{
	struct bpf_core_insn in;

	in.code = code;
	in.dst_reg = dst;
	in.src_reg = src;
	in.off = off;
	in.imm = imm;
	return in;
}

static inline void progen_alu(struct progen_rng *r, struct progen_item *it)
{
	static const u8 ops[] = {
		BPF_CORE_ADD, BPF_CORE_SUB, BPF_CORE_MUL, BPF_CORE_DIV,
		BPF_CORE_OR, BPF_CORE_AND, BPF_CORE_LSH, BPF_CORE_RSH,
		BPF_CORE_NEG, BPF_CORE_MOD, BPF_CORE_XOR, BPF_CORE_MOV,
		BPF_CORE_ARSH, BPF_CORE_END,
	};
	bool is64 = progen_below(r, 2);
	u8 op = ops[progen_below(r, ARRAY_SIZE(ops))];
	u8 cls = is64 ? BPF_CORE_ALU64 : BPF_CORE_ALU;
	bool x = progen_below(r, 2);
	u8 dst = progen_wreg(r);
	s16 off = 0;

	if (op == BPF_CORE_NEG) {
		it->insn[0] = progen_mk(cls | op, dst, 0, 0, 0);
		return;
	}
	if (op == BPF_CORE_END) {
		static const s32 w[] = { 16, 32, 64 };
		u8 dir = progen_below(r, 2) ? BPF_CORE_TO_BE : BPF_CORE_TO_LE;

		if (is64)
			dir = BPF_CORE_TO_LE;	/* bswap */
		it->insn[0] = progen_mk(cls | op | dir, dst, 0, 0,
					w[progen_below(r, 3)]);
		return;
	}
	if ((op == BPF_CORE_DIV || op == BPF_CORE_MOD) && progen_below(r, 2))
		off = 1;
	if (op == BPF_CORE_MOV && x && progen_below(r, 2)) {
		static const s16 sx[] = { 8, 16, 32 };

		off = sx[progen_below(r, is64 ? 3 : 2)];
	}
	if (x)
		it->insn[0] = progen_mk(cls | op | BPF_CORE_X, dst,
					progen_wreg(r), off, 0);
	else
		it->insn[0] = progen_mk(cls | op, dst, 0, off, progen_imm(r));
	if (r->kernel && !x) {
		if ((op == BPF_CORE_DIV || op == BPF_CORE_MOD) && !it->insn[0].imm)
			it->insn[0].imm = 3;
		if (op == BPF_CORE_LSH || op == BPF_CORE_RSH || op == BPF_CORE_ARSH)
			it->insn[0].imm &= is64 ? 63 : 31;
	}
}

static inline void progen_mem(struct progen_rng *r, struct progen_item *it)
{
	static const u8 sizes[] = { BPF_CORE_B, BPF_CORE_H, BPF_CORE_W,
				    BPF_CORE_DW };
	static const u8 bytes[] = { 1, 2, 4, 8 };
	u32 si = progen_below(r, 4), kind = progen_below(r, 5);
	bool stack = r->kernel || progen_below(r, 3) == 0;
	u8 base = stack ? BPF_CORE_REG_FP : 1;
	s16 off;

	if (kind == 4 && si < 2)
		si += 2;		/* atomics are 32 or 64 bit */
	if (stack) {
		/* Aligned slot in the frame's top PROGEN_STACK bytes, which the
		 * prologue zeroes (engines' stacks start with different junk).
		 */
		off = -(s16)(bytes[si] * (1 + progen_below(r, PROGEN_STACK / bytes[si])));
	} else {
		off = (s16)(bytes[si] * progen_below(r, PROGEN_DATA / bytes[si]));
	}
	switch (kind) {
	case 0: /* ldx, sometimes sign-extending */
		it->insn[0] = progen_mk(BPF_CORE_LDX | sizes[si] |
					(si < 3 && progen_below(r, 2) ?
					 BPF_CORE_MEMSX : BPF_CORE_MEM),
					progen_wreg(r), base, off, 0);
		break;
	case 1:
		it->insn[0] = progen_mk(BPF_CORE_ST | BPF_CORE_MEM | sizes[si],
					base, 0, off, progen_imm(r));
		break;
	case 2:
	case 3:
		it->insn[0] = progen_mk(BPF_CORE_STX | BPF_CORE_MEM | sizes[si],
					base, progen_wreg(r), off, 0);
		break;
	default: {
		static const s32 aops[] = {
			BPF_CORE_ADD, BPF_CORE_OR, BPF_CORE_AND, BPF_CORE_XOR,
			BPF_CORE_ADD | BPF_CORE_FETCH,
			BPF_CORE_OR | BPF_CORE_FETCH,
			BPF_CORE_AND | BPF_CORE_FETCH,
			BPF_CORE_XOR | BPF_CORE_FETCH,
			BPF_CORE_XCHG, BPF_CORE_CMPXCHG,
		};

		it->insn[0] = progen_mk(BPF_CORE_STX | BPF_CORE_ATOMIC |
					sizes[si], base, progen_wreg(r), off,
					aops[progen_below(r, ARRAY_SIZE(aops))]);
		break;
	}
	}
}

static inline void progen_jmp(struct progen_rng *r, struct progen_item *it)
{
	static const u8 ops[] = {
		BPF_CORE_JEQ, BPF_CORE_JGT, BPF_CORE_JGE, BPF_CORE_JSET,
		BPF_CORE_JNE, BPF_CORE_JSGT, BPF_CORE_JSGE, BPF_CORE_JLT,
		BPF_CORE_JLE, BPF_CORE_JSLT, BPF_CORE_JSLE,
	};
	u32 kind = progen_below(r, 8);
	u8 cls = progen_below(r, 2) ? BPF_CORE_JMP32 : BPF_CORE_JMP;

	/* Linux rejects code that no path reaches: no ja over code. */
	if (r->kernel && kind < 2)
		kind = 2;
	it->pending = true;
	it->tsel = progen_below(r, 1U << 16);
	if (kind == 0) {
		it->insn[0] = progen_mk(BPF_CORE_JMP | BPF_CORE_JA, 0, 0, 0, 0);
	} else if (kind == 1) {
		it->insn[0] = progen_mk(BPF_CORE_JMP32 | BPF_CORE_JA, 0, 0, 0, 0);
	} else if (progen_below(r, 2)) {
		it->insn[0] = progen_mk(cls | ops[progen_below(r, ARRAY_SIZE(ops))] |
					BPF_CORE_X, progen_wreg(r),
					progen_wreg(r), 0, 0);
	} else {
		it->insn[0] = progen_mk(cls | ops[progen_below(r, ARRAY_SIZE(ops))],
					progen_wreg(r), 0, 0, progen_imm(r));
	}
}

static inline void progen_lddw(struct progen_item *it, u8 dst, u64 v)
{
	it->slots = 2;
	it->insn[0] = progen_mk(BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW, dst,
				0, 0, (s32)(u32)v);
	it->insn[1] = progen_mk(0, 0, 0, 0, (s32)(u32)(v >> 32));
}

static inline struct progen_item *progen_add(struct progen_item *items, int *n)
{
	struct progen_item *it = &items[(*n)++];

	memset(it, 0, sizeof(*it));
	it->slots = 1;
	it->target = -1;
	return it;
}

/*
 * A call in it: helper 1 (sub < 0) or subprogram sub; then r1 back from r9
 * and r2..r5 reseeded, as a call leaves r1..r5 undefined.
 */
static inline void progen_call(struct progen_rng *r, struct progen_item *items,
			       int *n, struct progen_item *it, int sub)
{
	int j;

	if (sub < 0) {
		it->insn[0] = progen_mk(BPF_CORE_JMP | BPF_CORE_CALL, 0, 0, 0, 1);
	} else {
		it->insn[0] = progen_mk(BPF_CORE_JMP | BPF_CORE_CALL, 0,
					BPF_CORE_CALL_LOCAL, 0, 0);
		it->target = -2 - sub;
	}
	progen_add(items, n)->insn[0] =
		progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV | BPF_CORE_X, 1, 9, 0, 0);
	for (j = 2; j <= 5; j++)
		progen_add(items, n)->insn[0] =
			progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV, (u8)j, 0, 0,
				  progen_imm(r));
}

/* Generate into out (PROGEN_MAX_SLOTS); returns the slot count. */
static inline u32 progen_generate(struct progen_rng *r, struct bpf_core_insn *out)
{
	static const u8 dump[8] = { 0, 2, 3, 4, 5, 6, 7, 8 };
	struct progen_item items[PROGEN_MAX_ITEMS], *it;
	u32 body = 1 + progen_below(r, PROGEN_MAX_BODY);
	int n = 0, i, j, epi, pos[PROGEN_MAX_ITEMS];
	int sub_start[PROGEN_NSUB];
	u32 slots = 0;

	for (i = 0; i < 8; i++)
		progen_lddw(progen_add(items, &n), dump[i], progen_next(r));
	it = progen_add(items, &n);
	it->insn[0] = progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV | BPF_CORE_X, 9, 1, 0, 0);
	for (i = 0; i < PROGEN_STACK / 8; i++)
		progen_add(items, &n)->insn[0] =
			progen_mk(BPF_CORE_ST | BPF_CORE_MEM | BPF_CORE_DW,
				  BPF_CORE_REG_FP, 0, (s16)(-8 * (i + 1)), 0);
	/* Linux rejects uncalled subprograms (unreachable code). */
	for (i = 0; i < PROGEN_NSUB && r->kernel; i++)
		progen_call(r, items, &n, progen_add(items, &n), i);
	for (i = 0; i < (int)body; i++) {
		u32 kind = progen_below(r, 11);

		it = progen_add(items, &n);
		if (kind < 5) {
			progen_alu(r, it);
		} else if (kind < 8) {
			progen_mem(r, it);
		} else if (kind < 9) {
			progen_jmp(r, it);
		} else if (kind < 10) {
			if (progen_below(r, 2))
				progen_lddw(it, progen_wreg(r), progen_next(r));
			else	/* zero a register: feeds div/mod by zero */
				it->insn[0] = progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV,
							progen_wreg(r), 0, 0, 0);
		} else if (!r->kernel && progen_below(r, 2)) {
			progen_call(r, items, &n, it, -1);
		} else {
			progen_call(r, items, &n, it, (int)progen_below(r, PROGEN_NSUB));
		}
	}
	epi = n;
	for (i = 0; i < 8 && !r->kernel; i++)
		progen_add(items, &n)->insn[0] =
			progen_mk(BPF_CORE_STX | BPF_CORE_MEM | BPF_CORE_DW, 1,
				  dump[i], (s16)(PROGEN_DUMP + 8 * i), 0);
	/* Kernel mode: r0 = fold of r0, r2..r8 (test runs return 32 bits). */
	for (i = 1; i < 8 && r->kernel; i++) {
		progen_add(items, &n)->insn[0] =
			progen_mk(BPF_CORE_ALU64 | BPF_CORE_XOR | BPF_CORE_X, 0,
				  dump[i], 0, 0);
		progen_add(items, &n)->insn[0] =
			progen_mk(BPF_CORE_ALU64 | BPF_CORE_MUL, 0, 0, 0, 0x01000193);
		progen_add(items, &n)->insn[0] =
			progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV | BPF_CORE_X, 2, 0, 0, 0);
		progen_add(items, &n)->insn[0] =
			progen_mk(BPF_CORE_ALU64 | BPF_CORE_RSH, 2, 0, 0, 29);
		progen_add(items, &n)->insn[0] =
			progen_mk(BPF_CORE_ALU64 | BPF_CORE_XOR | BPF_CORE_X, 0, 2, 0, 0);
	}
	progen_add(items, &n)->insn[0] = progen_mk(BPF_CORE_JMP | BPF_CORE_EXIT,
						   0, 0, 0, 0);
	/* Subprograms: ALU on r0..r8 (r6..r8 are callee-saved: both
	 * engines must restore them for the caller).
	 */
	for (i = 0; i < PROGEN_NSUB; i++) {
		u32 len = 1 + progen_below(r, PROGEN_SUB_MAX);

		sub_start[i] = n;
		/* r0 and r6..r8 are undefined on entry: seed them. */
		for (j = 0; j < 4; j++)
			progen_add(items, &n)->insn[0] =
				progen_mk(BPF_CORE_ALU64 | BPF_CORE_MOV,
					  (u8)(j ? 5 + j : 0), 0, 0, progen_imm(r));
		for (j = 0; j < (int)len; j++)
			progen_alu(r, progen_add(items, &n));
		progen_add(items, &n)->insn[0] =
			progen_mk(BPF_CORE_JMP | BPF_CORE_EXIT, 0, 0, 0, 0);
	}
	for (i = 0; i < n; i++) {
		it = &items[i];
		if (it->pending)
			it->target = i + 1 + (int)(it->tsel % (u32)(epi - i));
		else if (it->target <= -2)
			it->target = sub_start[-2 - it->target];
		pos[i] = (int)slots;
		slots += it->slots;
	}
	slots = 0;
	for (i = 0; i < n; i++) {
		it = &items[i];
		if (it->target >= 0) {
			s32 rel = pos[it->target] - pos[i] - 1;

			if (it->insn[0].code == (BPF_CORE_JMP32 | BPF_CORE_JA) ||
			    it->insn[0].code == (BPF_CORE_JMP | BPF_CORE_CALL))
				it->insn[0].imm = rel;
			else
				it->insn[0].off = (s16)rel;
		}
		out[slots++] = it->insn[0];
		if (it->slots == 2)
			out[slots++] = it->insn[1];
	}
	return slots;
}

#endif /* BPF_CORE_PROGEN_H */
