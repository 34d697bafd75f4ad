// SPDX-License-Identifier: GPL-2.0
/*
 * jit_x86_64.c - x86-64 JIT for the portable BPF core (see jit.h for the
 * register mapping and frame layout).
 *
 * Sizing: pass 0 emits nothing and assumes the longest form of every
 * branch and call, which gives an upper bound for the image. The image is
 * then allocated, so its address is known, and later passes pick rel8
 * branches from the previous pass's addresses. Code only ever shrinks from
 * one pass to the next, so a branch found short stays short, and the loop
 * stops once two passes agree on every address.
 *
 * Run-time state (only for programs with local or tail calls): an entry
 * stub saves every callee-saved register, keeps an 8-byte block on its
 * stack and points r12 at it: [r12] = tail calls done, [r12 + 4] = local
 * call depth. A local call past BPF_CORE_MAX_CALL_DEPTH frames unwinds to
 * the stub, which returns 0, as the interpreter does.
 */
#include "jit_x86_64.h"
#include "jit_x86_64_ops.h"

#ifdef __KERNEL__
#include <asm/cpufeature.h>
#include <linux/random.h>
#include <linux/stddef.h>
#else
#include <stddef.h>
#include <sys/random.h>
#endif

struct jit_priv {
	size_t alloc_size;
	struct bpf_core_jit_stats stats;
};

/* ---- frames ---- */

/*
 * Kernels with indirect branch tracking fault on an indirect call or jump
 * that lands anywhere but an endbr64: every entry (program, subprogram,
 * stub) is reached that way.
 */
static void emit_endbr(struct jit *j)
{
#if defined(__KERNEL__) && defined(CONFIG_X86_KERNEL_IBT)
	emit1(j, 0xf3);
	emit1(j, 0x0f);
	emit1(j, 0x1e);
	emit1(j, 0xfa);
#else
	(void)j;
#endif
}

static void emit_prologue(struct jit *j, const struct jfunc *f)
{
	int i;

	emit_endbr(j);
	if (f->fp) {
		push_r(j, RBP);
		mov_rr(j, true, RBP, RSP);
		if (f->depth)
			alu_imm(j, true, 5, RSP, (s32)f->depth);
	}
	for (i = 0; i < f->nsaved; i++)
		push_r(j, f->saved[i]);
	if (f->pad_push)
		push_r(j, RAX);
	for (i = 0; i < BPF_CORE_REG_FP; i++)
		if (f->zero_mask & (1U << i))
			load_imm(j, bpf2x[i], 0, false);
}

static void emit_teardown(struct jit *j, const struct jfunc *f)
{
	int i;

	if (f->pad_push)
		pop_r(j, RCX);	/* r4 is dead after exit */
	for (i = f->nsaved - 1; i >= 0; i--)
		pop_r(j, f->saved[i]);
	if (f->fp)
		emit1(j, 0xc9);	/* leave */
}

/* ---- jumps and calls ---- */

static s64 rel_to(u32 target_prev, u32 end_prev)
{
	return (s64)target_prev - (s64)end_prev;
}

static int jmp_cc(u8 op)
{
	switch (op) {
	case BPF_CORE_JEQ:	return CC_E;
	case BPF_CORE_JNE:	return CC_NE;
	case BPF_CORE_JSET:	return CC_NE;
	case BPF_CORE_JGT:	return CC_A;
	case BPF_CORE_JGE:	return CC_AE;
	case BPF_CORE_JLT:	return CC_B;
	case BPF_CORE_JLE:	return CC_BE;
	case BPF_CORE_JSGT:	return CC_G;
	case BPF_CORE_JSGE:	return CC_GE;
	case BPF_CORE_JSLT:	return CC_L;
	case BPF_CORE_JSLE:	return CC_LE;
	}
	return -1;
}

static int emit_cond_jump(struct jit *j, const struct bpf_core_insn *in,
			  u32 i)
{
	bool w = BPF_CORE_CLASS(in->code) == BPF_CORE_JMP;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	u8 op = BPF_CORE_OP(in->code);
	int dst = bpf2x[in->dst_reg], src = x ? bpf2x[in->src_reg] : -1;
	int cc = jmp_cc(op);
	s32 imm = in->imm;
	u32 t = i + 1 + in->off;

	if (cc < 0)
		return -EINVAL;
	if (t == i + 1 || (op == BPF_CORE_JSET && !x && !imm))
		return 0;	/* both ways lead on, or never taken */
	if (!x && imm && j->blind) {
		blind_imm32(j, AUX, imm, w);
		x = true;
		src = AUX;
	}
	if (x) {
		op_rr(j, wf(w), op == BPF_CORE_JSET ? 0x85 : 0x39, src, dst);
	} else if (!imm) {
		/* test r, r sets the flags of cmp r, 0 (CF = OF = 0) */
		op_rr(j, wf(w), 0x85, dst, dst);
	} else if (op == BPF_CORE_JSET) {
		if (imm > 0 && imm <= 0xff) {
			op_rr(j, F_BRM, 0xf6, 0, dst);	/* test r8, imm8 */
			emit1(j, (u8)imm);
		} else if (dst == RAX) {
			emit_rex(j, w, 0, 0, 0, false);
			emit1(j, 0xa9);
			emit4(j, (u32)imm);
		} else {
			op_rr(j, wf(w), 0xf7, 0, dst);
			emit4(j, (u32)imm);
		}
	} else {
		alu_imm(j, w, 7, dst, imm);
	}
	emit_branch(j, cc, rel_to(j->paddr[t], j->pend[i]), true);
	return 0;
}

static u32 func_of_insn(struct jit *j, u32 insn)
{
	u32 f;

	for (f = 0; f < j->nfuncs; f++)
		if (j->funcs[f].start == insn)
			return f;
	return 0;
}

/* inc/dec/cmp on the dword at [r12 + disp] */
static void runst_op(struct jit *j, u32 op, int ext, s32 disp)
{
	op_rm(j, 0, op, ext, RUNST, disp);
}

static void emit_local_call(struct jit *j, const struct bpf_core_insn *in,
			    u32 i)
{
	u32 f = func_of_insn(j, (u32)((s64)i + 1 + in->imm));
	u32 endp = j->pend[i];

	if (!(j->flags & JF_LOCAL_CALLS)) {
		/* depth bounded by the call graph: a plain call */
		emit1(j, 0xe8);
		emit4(j, j->have_prev ? (u32)rel_to(j->pfentry[f], endp) : 0);
		return;
	}
	/* frame limit as the interpreter's: unwind to the stub */
	runst_op(j, 0x83, 7, 4);
	emit1(j, BPF_CORE_MAX_CALL_DEPTH - 1);
	emit1(j, 0x0f);				/* jae abort (rel32) */
	emit1(j, 0x80 | CC_AE);
	emit4(j, j->have_prev ? (u32)rel_to(j->pabort, endp - 15) : 0);
	runst_op(j, 0xff, 0, 4);		/* inc dword [r12 + 4] */
	emit1(j, 0xe8);
	emit4(j, j->have_prev ? (u32)rel_to(j->pfentry[f], endp - 5) : 0);
	runst_op(j, 0xff, 1, 4);		/* dec dword [r12 + 4] */
}

static void emit_tail_call(struct jit *j)
{
	u32 out1, out2, out3;

	runst_op(j, 0x83, 7, 0);	/* cmp dword [r12], MAX */
	emit1(j, BPF_CORE_MAX_TAIL_CALLS);
	out1 = jcc8_fwd(j, CC_AE);
	push_r(j, RDI);			/* r1 goes on, r0 survives a miss */
	push_r(j, RAX);
	mov_rr(j, true, RDI, RSI);
	mov_rr(j, false, RSI, RDX);
	emit_call_abs(j, (u64)(unsigned long)j->prog->tail_call_lookup);
	mov_rr(j, true, TMP, RAX);
	pop_r(j, RAX);
	pop_r(j, RDI);
	op_rr(j, F_W, 0x85, TMP, TMP);
	out2 = jcc8_fwd(j, CC_E);
	op_rm(j, F_W, 0x8b, TMP, TMP,
	      (s32)offsetof(struct bpf_core_prog, jit_image));
	op_rr(j, F_W, 0x85, TMP, TMP);
	out3 = jcc8_fwd(j, CC_E);
	runst_op(j, 0xff, 0, 0);	/* inc dword [r12] */
	emit_teardown(j, &j->funcs[j->cur]);
	emit_indirect_r11(j, false);
	jmp8_here(j, out1);
	jmp8_here(j, out2);
	jmp8_here(j, out3);
}

static void emit_callx(struct jit *j, int r)
{
	const struct bpf_core_prog *p = j->prog;
	u32 null1, null2, done;

	if (!p->nr_helpers || !p->helpers) {
		op_rr(j, 0, 0x31, RAX, RAX);
		return;
	}
	alu_imm(j, true, 7, r, (s32)p->nr_helpers);
	null1 = jcc8_fwd(j, CC_AE);
	load_imm(j, TMP, (u64)(unsigned long)p->helpers, true);
	/* mov r11, [r11 + r * 8] */
	emit_rex(j, true, TMP, r, TMP, false);
	emit1(j, 0x8b);
	emit1(j, (u8)(((TMP & 7) << 3) | 4));
	emit1(j, (u8)(0xc0 | ((r & 7) << 3) | (TMP & 7)));
	op_rr(j, F_W, 0x85, TMP, TMP);
	null2 = jcc8_fwd(j, CC_E);
	emit_indirect_r11(j, true);
	done = jcc8_fwd(j, -1);
	jmp8_here(j, null1);
	jmp8_here(j, null2);
	op_rr(j, 0, 0x31, RAX, RAX);
	jmp8_here(j, done);
}

static int emit_call(struct jit *j, const struct bpf_core_insn *in, u32 i)
{
	const struct bpf_core_prog *p = j->prog;

	if (BPF_CORE_SRC(in->code) == BPF_CORE_X) {
		emit_callx(j, bpf2x[in->dst_reg]);
		return 0;
	}
	if (in->src_reg == BPF_CORE_CALL_LOCAL) {
		emit_local_call(j, in, i);
		return 0;
	}
	if (in->src_reg != BPF_CORE_CALL_HELPER)
		return -EINVAL;
	if (in->imm == BPF_CORE_FUNC_TAIL_CALL && p->tail_call_lookup) {
		emit_tail_call(j);
		return 0;
	}
	if (in->imm < 0 || (u32)in->imm >= p->nr_helpers)
		return -EINVAL;
	if (!p->helpers[in->imm])
		op_rr(j, 0, 0x31, RAX, RAX);
	else
		emit_call_abs(j, (u64)(unsigned long)p->helpers[in->imm]);
	return 0;
}

static bool teardown_empty(const struct jfunc *f)
{
	return !f->fp && !f->nsaved && !f->pad_push;
}

static int emit_jmp_class(struct jit *j, const struct bpf_core_insn *in,
			  u32 i)
{
	u8 op = BPF_CORE_OP(in->code);
	const struct jfunc *f = &j->funcs[j->cur];
	s64 off;

	switch (op) {
	case BPF_CORE_JA:
		off = BPF_CORE_CLASS(in->code) == BPF_CORE_JMP32 ?
		      in->imm : in->off;
		if (off)
			emit_branch(j, -1, rel_to(j->paddr[i + 1 + off],
						  j->pend[i]), true);
		return 0;
	case BPF_CORE_EXIT:
		if (i + 1 == f->end)
			return 0;	/* the epilogue follows */
		if (teardown_empty(f))
			emit_ret(j);
		else
			emit_branch(j, -1, rel_to(j->pfepi[j->cur],
						  j->pend[i]), true);
		return 0;
	case BPF_CORE_CALL:
		if (BPF_CORE_CLASS(in->code) != BPF_CORE_JMP)
			return -EINVAL;
		return emit_call(j, in, i);
	}
	return emit_cond_jump(j, in, i);
}

static int emit_lddw(struct jit *j, const struct bpf_core_insn *in, u32 i)
{
	int dst = bpf2x[in->dst_reg];
	u64 v = (u64)(u32)in[0].imm | ((u64)(u32)in[1].imm << 32);

	if (in->src_reg == BPF_CORE_PSEUDO_FUNC) {
		u32 f = func_of_insn(j, (u32)in->imm);

		/* lea dst, [rip + rel32]: the subprogram's x86 entry */
		emit_rex(j, true, dst, 0, 0, false);
		emit1(j, 0x8d);
		emit1(j, (u8)(((dst & 7) << 3) | 5));
		emit4(j, j->have_prev ?
		      (u32)rel_to(j->pfentry[f], j->pend[i]) : 0);
		return 0;
	}
	if (in->src_reg)
		return -EINVAL;
	if (j->blind && v)
		blind_imm64(j, dst, v);
	else
		load_imm(j, dst, v, false);
	return 0;
}

static int emit_one(struct jit *j, u32 i)
{
	const struct bpf_core_insn *in = &j->prog->insns[i];

	switch (BPF_CORE_CLASS(in->code)) {
	case BPF_CORE_ALU:
	case BPF_CORE_ALU64:
		return emit_alu(j, in);
	case BPF_CORE_LD:
		if (in->code != (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW) ||
		    i + 1 >= j->prog->len)
			return -EINVAL;
		return emit_lddw(j, in, i);
	case BPF_CORE_LDX:
		if (BPF_CORE_MODE(in->code) != BPF_CORE_MEM &&
		    BPF_CORE_MODE(in->code) != BPF_CORE_MEMSX)
			return -EINVAL;
		return emit_ldx(j, in);
	case BPF_CORE_ST:
		if (BPF_CORE_MODE(in->code) != BPF_CORE_MEM)
			return -EINVAL;
		emit_st(j, in);
		return 0;
	case BPF_CORE_STX:
		if (BPF_CORE_MODE(in->code) == BPF_CORE_ATOMIC)
			return emit_atomic(j, in);
		if (BPF_CORE_MODE(in->code) != BPF_CORE_MEM)
			return -EINVAL;
		emit_store_reg(j, BPF_CORE_SIZE(in->code), bpf2x[in->dst_reg],
			       in->off, bpf2x[in->src_reg]);
		return 0;
	default:
		return emit_jmp_class(j, in, i);
	}
}

/* lea dst, [base + index + disp] (index < 0: none) */
static void emit_lea(struct jit *j, int dst, int base, int index, s32 disp)
{
	int mod;

	if (index < 0) {
		op_rm(j, F_W, 0x8d, dst, base, disp);
		return;
	}
	mod = (disp == 0 && (base & 7) != 5) ? 0 : is_s8(disp) ? 1 : 2;
	emit_rex(j, true, dst, index, base, false);
	emit1(j, 0x8d);
	emit1(j, (u8)((mod << 6) | ((dst & 7) << 3) | 4));
	emit1(j, (u8)(((index & 7) << 3) | (base & 7)));
	if (mod == 1)
		emit1(j, (u8)disp);
	else if (mod == 2)
		emit4(j, (u32)disp);
}

static bool is_alu64(const struct bpf_core_insn *in, u8 op, u8 src, u8 dst)
{
	return in->code == (BPF_CORE_ALU64 | op | src) && in->dst_reg == dst &&
	       !in->off;
}

/*
 * Address arithmetic as compilers emit it, `mov rD, rS; add rD, imm;
 * add rD, rX` (each add optional, at least one), becomes one lea when
 * no branch lands in the middle. Returns the slots consumed, 0 if none.
 */
static u32 try_fuse_lea(struct jit *j, u32 i)
{
	const struct bpf_core_insn *in = &j->prog->insns[i];
	u32 end = j->funcs[j->cur].end, n = 1;
	int index = -1;
	s32 disp = 0;
	u8 d = in->dst_reg;

	if (!is_alu64(in, BPF_CORE_MOV, BPF_CORE_X, d) || in->src_reg == d)
		return 0;
	if (i + n < end && !j->target[i + n] && !j->blind &&
	    is_alu64(&in[n], BPF_CORE_ADD, BPF_CORE_K, d)) {
		disp = in[n].imm;
		n++;
	}
	if (i + n < end && !j->target[i + n] &&
	    is_alu64(&in[n], BPF_CORE_ADD, BPF_CORE_X, d) &&
	    in[n].src_reg != d) {
		index = bpf2x[in[n].src_reg];
		n++;
	}
	if (n == 1)
		return 0;
	if (index == RSP || (index < 0 && !disp))
		return 0;
	emit_lea(j, bpf2x[d], bpf2x[in->src_reg], index, disp);
	return n;
}

/*
 * Entry stub of programs with local or tail calls: saves all callee-saved
 * registers (the abort path skips the frames' own restores), zeroes the
 * run state, calls the main function.
 */
static void emit_stub(struct jit *j)
{
	static const int regs[6] = { RBX, RBP, R12, R13, R14, R15 };
	u32 after;
	int i;

	j->stub = j->pos;
	emit_endbr(j);
	for (i = 0; i < 6; i++)
		push_r(j, regs[i]);
	emit1(j, 0x6a);			/* push 0: the run state block */
	emit1(j, 0x00);
	mov_rr(j, true, RUNST, RSP);
	emit1(j, 0xe8);
	emit4(j, (u32)(0 - (j->pos + 4)));
	after = j->pos;
	pop_r(j, TMP);
	for (i = 5; i >= 0; i--)
		pop_r(j, regs[i]);
	emit_ret(j);
	j->abort = j->pos;
	mov_rr(j, true, RSP, RUNST);
	op_rr(j, 0, 0x31, RAX, RAX);
	emit1(j, 0xeb);
	emit1(j, (u8)(after - (j->pos + 1)));
}

static int emit_pass(struct jit *j)
{
	u32 f, i;
	int ret;

	j->pos = 0;
	j->err = 0;
	j->rnd = j->seed;
	j->nshort = 0;
	j->nlong = 0;
	for (f = 0; f < j->nfuncs; f++) {
		const struct jfunc *fn = &j->funcs[f];

		j->cur = f;
		j->fentry[f] = j->pos;
		emit_prologue(j, fn);
		for (i = fn->start; i < fn->end; i++) {
			u32 fused;

			j->addr[i] = j->pos;
			fused = try_fuse_lea(j, i);
			if (fused) {
				/* the folded slots are no branch targets */
				for (; fused > 1; fused--, i++) {
					j->end[i] = j->pos;
					j->addr[i + 1] = j->pos;
				}
				j->end[i] = j->pos;
				continue;
			}
			ret = emit_one(j, i);
			if (ret)
				return ret;
			if (bpf_core_insn_slots(&j->prog->insns[i]) == 2) {
				j->end[i] = j->pos;
				i++;
				j->addr[i] = j->pos;
			}
			j->end[i] = j->pos;
		}
		j->fepi[f] = j->pos;
		emit_teardown(j, fn);
		emit_ret(j);
	}
	if (j->flags)
		emit_stub(j);
	else
		j->stub = j->abort = 0;
	return j->err;
}

/* ---- analysis ---- */

static void insn_regs(const struct bpf_core_insn *in, u16 *written,
		      u16 *used, bool *calls, bool *fp)
{
	u8 cls = BPF_CORE_CLASS(in->code);
	u8 op = BPF_CORE_OP(in->code);

	switch (cls) {
	case BPF_CORE_ALU:
	case BPF_CORE_ALU64:
	case BPF_CORE_LD:
	case BPF_CORE_LDX:
		*written |= 1U << in->dst_reg;
		*used |= 1U << in->dst_reg;
		if (cls == BPF_CORE_LDX || BPF_CORE_SRC(in->code) ==
		    BPF_CORE_X)
			*used |= 1U << in->src_reg;
		break;
	case BPF_CORE_ST:
		*used |= 1U << in->dst_reg;
		break;
	case BPF_CORE_STX:
		*used |= (1U << in->dst_reg) | (1U << in->src_reg);
		if (BPF_CORE_MODE(in->code) == BPF_CORE_ATOMIC &&
		    (in->imm & BPF_CORE_FETCH)) {
			*written |= 1U << in->src_reg;
			if (in->imm == BPF_CORE_CMPXCHG)
				*used |= 1;
		}
		break;
	default:
		if (op == BPF_CORE_CALL) {
			*calls = true;
			if (BPF_CORE_SRC(in->code) == BPF_CORE_X)
				*used |= 1U << in->dst_reg;
		} else if (op == BPF_CORE_EXIT) {
			*used |= 1;
		} else if (op != BPF_CORE_JA) {
			*used |= 1U << in->dst_reg;
			if (BPF_CORE_SRC(in->code) == BPF_CORE_X)
				*used |= 1U << in->src_reg;
		}
	}
	if (*used & (1U << BPF_CORE_REG_FP))
		*fp = true;
}

/* registers an instruction reads and writes, for the entry zeroing */
static void insn_use_def(const struct bpf_core_insn *in, u16 *use, u16 *def)
{
	u8 cls = BPF_CORE_CLASS(in->code), op = BPF_CORE_OP(in->code);
	u16 d = 1U << in->dst_reg, s = 1U << in->src_reg;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;

	*use = 0;
	*def = 0;
	switch (cls) {
	case BPF_CORE_ALU:
	case BPF_CORE_ALU64:
		*use = (op == BPF_CORE_MOV ? 0 : d) |
		       (x && op != BPF_CORE_END ? s : 0);
		*def = d;
		break;
	case BPF_CORE_LD:
		*def = d;
		break;
	case BPF_CORE_LDX:
		*use = s;
		*def = d;
		break;
	case BPF_CORE_ST:
		*use = d;
		break;
	case BPF_CORE_STX:
		*use = d | s;
		if (BPF_CORE_MODE(in->code) != BPF_CORE_ATOMIC)
			break;
		if (in->imm == BPF_CORE_CMPXCHG) {
			*use |= 1;
			*def = 1;
		} else if (in->imm & BPF_CORE_FETCH) {
			*def = s;
		}
		break;
	default:
		/* calls: the callee's reads are its own business, as with
		 * the kernel's verifier; after a call r0..r5 hold something
		 */
		if (op == BPF_CORE_CALL)
			*def = 0x3f;
		else if (op == BPF_CORE_EXIT)
			*use = 1;
		else if (op != BPF_CORE_JA)
			*use = d | (x ? s : 0);
	}
}

/*
 * Registers of the main function that some path reads before writing:
 * the interpreter starts them at 0, so the prologue zeroes exactly those.
 * A forward "definitely written" analysis; loops converge within a few
 * sweeps since sets only shrink.
 */
static u16 uninit_reads(struct jit *j, const struct jfunc *fn)
{
	const struct bpf_core_insn *insns = j->prog->insns;
	u16 *in, use, def, out, need = 0;
	const u16 all = 0x7ff;
	bool changed = true;
	u32 i, sweeps;

	in = bpf_core_zalloc((fn->end - fn->start) * sizeof(*in));
	if (!in)
		return all;
	for (i = 0; i < fn->end - fn->start; i++)
		in[i] = all;
	in[0] = (1U << 1) | (1U << 2) | (1U << BPF_CORE_REG_FP);
	for (sweeps = 0; changed && sweeps < 64; sweeps++) {
		changed = false;
		for (i = fn->start; i < fn->end;
		     i += bpf_core_insn_slots(&insns[i])) {
			const struct bpf_core_insn *ip = &insns[i];
			u8 cls = BPF_CORE_CLASS(ip->code);
			u8 op = BPF_CORE_OP(ip->code);
			u32 next = i + bpf_core_insn_slots(ip);
			s64 t = -1;

			if (in[i - fn->start] == all && i != fn->start)
				continue;	/* not reached (yet) */
			insn_use_def(ip, &use, &def);
			out = in[i - fn->start] | def;
			if (cls == BPF_CORE_JMP || cls == BPF_CORE_JMP32) {
				if (op == BPF_CORE_EXIT)
					continue;
				if (op == BPF_CORE_JA)
					next = fn->end;	/* no fall-through */
				if (op != BPF_CORE_CALL)
					t = (s64)i + 1 + (op == BPF_CORE_JA &&
						cls == BPF_CORE_JMP32 ?
						ip->imm : ip->off);
			}
			if (next < fn->end &&
			    (in[next - fn->start] & out) != in[next - fn->start]) {
				in[next - fn->start] &= out;
				changed = true;
			}
			if (t >= fn->start && t < fn->end &&
			    (in[t - fn->start] & out) != in[t - fn->start]) {
				in[t - fn->start] &= out;
				changed = true;
			}
		}
	}
	if (changed) {
		need = all;
	} else {
		for (i = fn->start; i < fn->end;
		     i += bpf_core_insn_slots(&insns[i])) {
			if (in[i - fn->start] == all && i != fn->start)
				continue;
			insn_use_def(&insns[i], &use, &def);
			need |= use & ~in[i - fn->start];
		}
	}
	bpf_core_free(in);
	return need & ~((1U << 1) | (1U << 2) | (1U << BPF_CORE_REG_FP));
}

static void mark_target(struct jit *j, const struct bpf_core_insn *in, u32 i)
{
	u8 cls = BPF_CORE_CLASS(in->code), op = BPF_CORE_OP(in->code);
	s64 t;

	if ((cls != BPF_CORE_JMP && cls != BPF_CORE_JMP32) ||
	    op == BPF_CORE_CALL || op == BPF_CORE_EXIT)
		return;
	t = (s64)i + 1 + (cls == BPF_CORE_JMP32 && op == BPF_CORE_JA ?
			  in->imm : in->off);
	if (t >= 0 && t < j->prog->len)
		j->target[t] = 1;
}

/*
 * Frames of the deepest chain of local calls from f (at call depth level);
 * 0 for recursion or a chain past the limit (the C recursion stays as
 * shallow as the limit, for kernel stacks).
 */
static u32 depth_from(struct jit *j, u32 f, u32 level, u8 *state, u32 *memo)
{
	const struct bpf_core_insn *insns = j->prog->insns;
	const struct jfunc *fn = &j->funcs[f];
	u32 i, best = 0, d;

	if (state[f] == 2)
		return memo[f];
	if (state[f] == 1 || level > BPF_CORE_MAX_CALL_DEPTH)
		return 0;	/* a cycle, or too deep anyway */
	state[f] = 1;
	for (i = fn->start; i < fn->end; i += bpf_core_insn_slots(&insns[i])) {
		const struct bpf_core_insn *in = &insns[i];

		if (in->code != (BPF_CORE_JMP | BPF_CORE_CALL) ||
		    in->src_reg != BPF_CORE_CALL_LOCAL)
			continue;
		d = depth_from(j, func_of_insn(j, (u32)((s64)i + 1 + in->imm)),
			       level + 1, state, memo);
		if (!d) {
			best = 0;
			break;
		}
		if (d > best)
			best = d;
	}
	if (i < fn->end) {
		state[f] = 1;	/* stays "on path": callers see the cycle */
		return 0;
	}
	state[f] = 2;
	memo[f] = best + 1;
	return memo[f];
}

/* frames of the deepest call chain from the main program, 0: unbounded */
static int call_depth(struct jit *j)
{
	u8 *state = bpf_core_zalloc(j->nfuncs);
	u32 *memo = bpf_core_zalloc(j->nfuncs * sizeof(*memo));
	int ret = -ENOMEM;

	if (state && memo)
		ret = (int)depth_from(j, 0, 1, state, memo);
	bpf_core_free(state);
	bpf_core_free(memo);
	return ret;
}

static int analyze(struct jit *j)
{
	const struct bpf_core_prog *p = j->prog;
	static const u8 csave[4] = { RBX, R13, R14, R15 };
	struct bpf_core_subprog whole = { 0, p->len, BPF_CORE_STACK_SIZE };
	const struct bpf_core_subprog *sp = p->subprogs;
	u32 n = p->nr_subprogs, f, i;
	bool has_local = false;
	int ret;

	if (!n || !sp) {
		sp = &whole;
		n = 1;
	}
	j->funcs = bpf_core_zalloc(n * sizeof(*j->funcs));
	j->target = bpf_core_zalloc(p->len);
	if (!j->funcs || !j->target)
		return -ENOMEM;
	j->nfuncs = n;
	for (f = 0; f < n; f++) {
		struct jfunc *fn = &j->funcs[f];
		u16 written = 0, used = 0;
		bool calls = false, fp = false;
		u32 pushes, k;

		fn->start = sp[f].start;
		fn->end = sp[f].start + sp[f].len;
		if (fn->end > p->len || fn->start >= fn->end ||
		    (f && fn->start < j->funcs[f - 1].end))
			return -EINVAL;
		for (i = fn->start; i < fn->end; i++) {
			const struct bpf_core_insn *in = &p->insns[i];

			insn_regs(in, &written, &used, &calls, &fp);
			mark_target(j, in, i);
			if (BPF_CORE_CLASS(in->code) == BPF_CORE_JMP &&
			    BPF_CORE_OP(in->code) == BPF_CORE_CALL &&
			    BPF_CORE_SRC(in->code) == BPF_CORE_K) {
				if (in->src_reg == BPF_CORE_CALL_LOCAL)
					has_local = true;
				else if (in->imm == BPF_CORE_FUNC_TAIL_CALL &&
					 p->tail_call_lookup)
					j->flags |= JF_TAIL_CALLS;
			}
			i += bpf_core_insn_slots(in) - 1;
		}
		fn->depth = (sp[f].stack_depth + 7) & ~7U;
		if (fn->depth > BPF_CORE_STACK_SIZE)
			return -EINVAL;
		fn->fp = fp || fn->depth;
		for (k = 0; k < 4; k++)
			if (written & (1U << (6 + k)))
				fn->saved[fn->nsaved++] = csave[k];
		if (!f)
			fn->zero_mask = uninit_reads(j, fn);
		/* rsp % 16 == 0 at every call: 8 (return address) + pushes */
		pushes = 8 + 8 * (fn->fp + fn->nsaved) + fn->depth;
		if (calls && pushes % 16) {
			if (fn->fp)
				fn->depth += 8;
			else
				fn->pad_push = true;
		}
	}
	if (!has_local)
		return 0;
	ret = call_depth(j);
	if (ret < 0)
		return ret;
	/*
	 * Count frames at run time only when the call graph does not bound
	 * them (recursion, or a chain deeper than the limit) or tail calls
	 * may stack one program's calls on another's.
	 */
	if (!ret || ret > BPF_CORE_MAX_CALL_DEPTH || (j->flags & JF_TAIL_CALLS))
		j->flags |= JF_LOCAL_CALLS;
	return 0;
}

/* ---- API ---- */

bool bpf_core_jit_cpu_has_bmi2(void)
{
#ifdef __KERNEL__
	return boot_cpu_has(X86_FEATURE_BMI2);
#else
	__builtin_cpu_init();
	return __builtin_cpu_supports("bmi2");
#endif
}

static void jit_release(struct bpf_core_prog *prog)
{
	bpf_core_jit_free(prog);
}

void bpf_core_jit_free(struct bpf_core_prog *prog)
{
	struct jit_priv *priv;

	if (!prog || !prog->jit_image)
		return;
	priv = prog->jit_priv;
	bpf_core_exec_free(prog->jit_image, priv->alloc_size);
	bpf_core_free(priv);
	prog->jit_image = NULL;
	prog->jit_size = 0;
	prog->jit_entry = NULL;
	prog->jit_priv = NULL;
	prog->jit_release = NULL;
}

int bpf_core_jit_get_stats(const struct bpf_core_prog *prog,
			   struct bpf_core_jit_stats *stats)
{
	const struct jit_priv *priv;

	if (!prog || !prog->jit_image || !prog->jit_priv)
		return -ENOENT;
	priv = prog->jit_priv;
	*stats = priv->stats;
	return 0;
}

static u64 default_seed(const struct bpf_core_prog *prog)
{
	u64 seed = 0;
	u32 lo, hi;

#ifdef __KERNEL__
	get_random_bytes(&seed, sizeof(seed));
#else
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = 0;
#endif
	/* the cycle counter covers a failed getrandom() */
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return seed ^ ((u64)hi << 32 | lo) ^ (u64)(unsigned long)prog;
}

static bool same_offsets(const struct jit *j)
{
	u32 n = j->prog->len, f;

	if (memcmp(j->addr, j->paddr, n * sizeof(u32)) ||
	    memcmp(j->end, j->pend, n * sizeof(u32)) ||
	    j->stub != j->pstub || j->abort != j->pabort)
		return false;
	for (f = 0; f < j->nfuncs; f++)
		if (j->fentry[f] != j->pfentry[f] || j->fepi[f] != j->pfepi[f])
			return false;
	return true;
}

static void swap_offsets(struct jit *j)
{
	u32 *t;

	t = j->addr;
	j->addr = j->paddr;
	j->paddr = t;
	t = j->end;
	j->end = j->pend;
	j->pend = t;
	t = j->fentry;
	j->fentry = j->pfentry;
	j->pfentry = t;
	t = j->fepi;
	j->fepi = j->pfepi;
	j->pfepi = t;
	j->pstub = j->stub;
	j->pabort = j->abort;
}

#define JIT_MAX_PASSES		24
#define JIT_LONG_AFTER		16	/* give up on rel8 after this */

int bpf_core_jit_compile(struct bpf_core_prog *prog,
			 const struct bpf_core_jit_opts *opts)
{
	struct jit j = { .prog = prog };
	struct jit_priv *priv = NULL;
	u32 n = prog ? prog->len : 0, pass;
	u8 *image = NULL;
	u32 *arrays;
	int ret;

	if (!prog || !n || !prog->insns)
		return -EINVAL;
	if (opts && ((opts->flags & ~BPF_CORE_JIT_FLAGS_MASK) ||
		     opts->reserved))
		return -EINVAL;
	bpf_core_jit_free(prog);
	j.blind = opts && (opts->flags & BPF_CORE_JIT_BLIND);
	j.force_long = opts && (opts->flags & BPF_CORE_JIT_FORCE_LONG_JUMPS);
	j.bmi2 = !(opts && (opts->flags & BPF_CORE_JIT_NO_BMI2)) &&
		 bpf_core_jit_cpu_has_bmi2();
	j.seed = opts && opts->blind_seed ? opts->blind_seed :
		 default_seed(prog);

	ret = analyze(&j);
	if (ret)
		goto out;
	ret = -ENOMEM;
	arrays = bpf_core_zalloc((4 * (size_t)n + 4 * j.nfuncs) * sizeof(u32));
	if (!arrays)
		goto out;
	j.addr = arrays;
	j.end = arrays + n;
	j.paddr = arrays + 2 * n;
	j.pend = arrays + 3 * n;
	j.fentry = arrays + 4 * n;
	j.fepi = j.fentry + j.nfuncs;
	j.pfentry = j.fepi + j.nfuncs;
	j.pfepi = j.pfentry + j.nfuncs;

	/* pass 0: longest forms everywhere, an upper bound of the size */
	ret = emit_pass(&j);
	if (ret)
		goto out_arrays;
	j.cap = j.pos;
	priv = bpf_core_zalloc(sizeof(*priv));
	image = bpf_core_exec_alloc(j.cap);
	ret = -ENOMEM;
	if (!priv || !image)
		goto out_arrays;
	priv->alloc_size = j.cap;
	j.buf = image;
	j.base = (u64)(unsigned long)image;
	for (pass = 1; pass <= JIT_MAX_PASSES; pass++) {
		swap_offsets(&j);
		j.have_prev = true;
		if (pass > JIT_LONG_AFTER)
			j.force_long = true;
		ret = emit_pass(&j);
		if (ret)
			goto out_arrays;
		if (same_offsets(&j))
			break;
	}
	ret = -ERANGE;
	if (pass > JIT_MAX_PASSES)
		goto out_arrays;
	memset(image + j.pos, 0xcc, j.cap - j.pos);
	ret = bpf_core_exec_seal(image, j.cap);
	if (ret)
		goto out_arrays;
	priv->stats.passes = pass + 1;
	priv->stats.short_jumps = j.nshort;
	priv->stats.long_jumps = j.nlong;
	priv->stats.used_bmi2 = j.bmi2;
	prog->jit_image = image;
	prog->jit_size = j.pos;
	prog->jit_priv = priv;
	prog->jit_entry = (void *)(image + (j.flags ? j.stub : 0));
	prog->jit_release = jit_release;
	image = NULL;
	priv = NULL;
	ret = 0;
out_arrays:
	bpf_core_free(arrays);
out:
	if (image)
		bpf_core_exec_free(image, j.cap);
	bpf_core_free(priv);
	bpf_core_free(j.funcs);
	bpf_core_free(j.target);
	return ret;
}
