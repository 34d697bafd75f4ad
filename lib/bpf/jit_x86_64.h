/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jit_x86_64.h - internals of the x86-64 JIT shared by jit_x86_64.c
 * (passes, frames, branches, calls, the API) and jit_x86_64_ops.h (ALU,
 * memory and atomic instructions): the emitter state and the encoding
 * primitives. Not an API: include jit.h instead.
 */
#ifndef BPF_CORE_JIT_X86_64_H
#define BPF_CORE_JIT_X86_64_H

#include "jit.h"

#ifdef __KERNEL__
#include <asm/nospec-branch.h>	/* retpoline and return thunks */
#endif

enum {
	RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
	R8, R9, R10, R11, R12, R13, R14, R15,
};

#define TMP	R11	/* scratch of one instruction */
#define TMP2	R9	/* second scratch */
#define AUX	R10	/* blinded immediates, third scratch */
#define RUNST	R12	/* run state block of the entry stub */

static const u8 bpf2x[BPF_CORE_MAX_REG] = {
	RAX, RDI, RSI, RDX, RCX, R8, RBX, R13, R14, R15, RBP,
};

/* x86 condition codes */
#define CC_B	0x2
#define CC_AE	0x3
#define CC_E	0x4
#define CC_NE	0x5
#define CC_BE	0x6
#define CC_A	0x7
#define CC_L	0xc
#define CC_GE	0xd
#define CC_LE	0xe
#define CC_G	0xf

/* operand flags of op_rr()/op_rm() */
#define F_W	0x01	/* REX.W: 64-bit operand */
#define F_66	0x02	/* 16-bit operand */
#define F_BREG	0x04	/* ModRM.reg is a byte register */
#define F_BRM	0x08	/* ModRM.rm is a byte register */
#define F_LOCK	0x10

#define JF_TAIL_CALLS	0x1
#define JF_LOCAL_CALLS	0x2

struct jfunc {
	u32 start, end;		/* instruction slots [start, end) */
	u32 depth;		/* bytes subtracted from rsp after push rbp */
	bool fp;		/* has a frame: push rbp; mov rbp, rsp */
	bool pad_push;		/* no frame: one push keeps rsp aligned */
	u8 nsaved;
	u8 saved[4];
	u16 zero_mask;		/* main: BPF registers zeroed at entry */
};

struct jit {
	const struct bpf_core_prog *prog;
	u8 *buf;		/* NULL while sizing */
	u32 cap;
	u32 pos;
	int err;
	u64 base;		/* run-time address of buf[0] */
	bool have_prev;		/* prev_* hold the last pass's offsets */
	bool blind, bmi2, force_long;
	u32 flags;		/* JF_* */
	u64 seed, rnd;
	u32 *addr, *end;	/* this pass: start/end offset of each slot */
	u32 *paddr, *pend;	/* previous pass */
	u32 *fentry, *pfentry;	/* function entry offsets */
	u32 *fepi, *pfepi;	/* function epilogue offsets */
	u32 stub, pstub;	/* entry stub (and its abort path) */
	u32 abort, pabort;
	struct jfunc *funcs;
	u32 nfuncs;
	u8 *target;		/* slot i is a branch target */
	u32 cur;		/* current function */
	u32 nshort, nlong;
};

/* ---- byte emission ---- */

static inline void emit1(struct jit *j, u8 b)
{
	if (j->buf) {
		if (j->pos >= j->cap) {
			j->err = -E2BIG;
			return;
		}
		j->buf[j->pos] = b;
	}
	j->pos++;
}

static inline void emit4(struct jit *j, u32 v)
{
	int i;

	for (i = 0; i < 4; i++)
		emit1(j, (u8)(v >> (8 * i)));
}

static inline void emit8(struct jit *j, u64 v)
{
	emit4(j, (u32)v);
	emit4(j, (u32)(v >> 32));
}

static inline void patch1(struct jit *j, u32 at, u8 v)
{
	if (j->buf && at < j->cap)
		j->buf[at] = v;
}

static inline bool is_s8(s64 v)
{
	return v >= -128 && v <= 127;
}

static inline bool is_s32(s64 v)
{
	return v >= -2147483648LL && v <= 2147483647LL;
}

/* spl, bpl, sil, dil need a REX prefix to be addressed as bytes */
static inline bool byte_needs_rex(int r)
{
	return r >= RSP && r <= RDI;
}

static inline void emit_rex(struct jit *j, bool w, int reg, int index, int rm,
		     bool force)
{
	u8 rex = 0x40 | (w << 3) | ((reg & 8) >> 1) | ((index & 8) >> 2) |
		 ((rm & 8) >> 3);

	if (rex != 0x40 || force)
		emit1(j, rex);
}

static inline void emit_opc(struct jit *j, u32 op)
{
	if (op > 0xffff)
		emit1(j, (u8)(op >> 16));
	if (op > 0xff)
		emit1(j, (u8)(op >> 8));
	emit1(j, (u8)op);
}

static inline bool flags_force_rex(u32 f, int reg, int rm)
{
	return ((f & F_BREG) && byte_needs_rex(reg)) ||
	       ((f & F_BRM) && byte_needs_rex(rm));
}

/* op with ModRM.mod = 3: reg is a register or an opcode extension */
static inline void op_rr(struct jit *j, u32 f, u32 op, int reg, int rm)
{
	if (f & F_66)
		emit1(j, 0x66);
	emit_rex(j, f & F_W, reg, 0, rm, flags_force_rex(f, reg, rm));
	emit_opc(j, op);
	emit1(j, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

static inline void emit_modrm_mem(struct jit *j, int reg, int base, s32 disp)
{
	int b = base & 7;
	int mod = (disp == 0 && b != 5) ? 0 : is_s8(disp) ? 1 : 2;

	emit1(j, (u8)((mod << 6) | ((reg & 7) << 3) | b));
	if (b == 4)
		emit1(j, 0x24);	/* SIB: base only */
	if (mod == 1)
		emit1(j, (u8)disp);
	else if (mod == 2)
		emit4(j, (u32)disp);
}

/* op with a [base + disp] memory operand */
static inline void op_rm(struct jit *j, u32 f, u32 op, int reg, int base, s32 disp)
{
	if (f & F_LOCK)
		emit1(j, 0xf0);
	if (f & F_66)
		emit1(j, 0x66);
	emit_rex(j, f & F_W, reg, 0, base, (f & F_BREG) && byte_needs_rex(reg));
	emit_opc(j, op);
	emit_modrm_mem(j, reg, base, disp);
}

static inline u32 wf(bool w)
{
	return w ? F_W : 0;
}

/* ---- common instruction shapes ---- */

static inline void mov_rr(struct jit *j, bool w, int dst, int src)
{
	op_rr(j, wf(w), 0x89, src, dst);
}

static inline void zext32(struct jit *j, int r)
{
	mov_rr(j, false, r, r);
}

static inline void push_r(struct jit *j, int r)
{
	emit_rex(j, false, 0, 0, r, false);
	emit1(j, 0x50 + (r & 7));
}

static inline void pop_r(struct jit *j, int r)
{
	emit_rex(j, false, 0, 0, r, false);
	emit1(j, 0x58 + (r & 7));
}

/* r = v, shortest encoding; keep_flags forbids xor */
static inline void load_imm(struct jit *j, int r, u64 v, bool keep_flags)
{
	if (!v && !keep_flags) {
		op_rr(j, 0, 0x31, r, r);
	} else if (v <= 0xffffffffULL) {
		emit_rex(j, false, 0, 0, r, false);
		emit1(j, 0xb8 + (r & 7));
		emit4(j, (u32)v);
	} else if (is_s32((s64)v)) {
		op_rr(j, F_W, 0xc7, 0, r);
		emit4(j, (u32)v);
	} else {
		emit_rex(j, true, 0, 0, r, false);
		emit1(j, 0xb8 + (r & 7));
		emit8(j, v);
	}
}

static inline u64 next_rnd(struct jit *j)
{
	/* splitmix64: the mask only has to be unpredictable to the
	 * program's author, not cryptographic.
	 */
	u64 z = (j->rnd += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* r = w ? sext(imm) : zext(imm), with imm never in the image */
static inline void blind_imm32(struct jit *j, int r, s32 imm, bool w)
{
	u32 rnd = (u32)next_rnd(j);

	if (w) {
		op_rr(j, F_W, 0xc7, 0, r);
	} else {
		emit_rex(j, false, 0, 0, r, false);
		emit1(j, 0xb8 + (r & 7));
	}
	emit4(j, (u32)imm ^ rnd);
	op_rr(j, wf(w), 0x81, 6, r);
	emit4(j, rnd);
}

static inline void blind_imm64(struct jit *j, int r, u64 v)
{
	u64 rnd = next_rnd(j);

	emit_rex(j, true, 0, 0, r, false);
	emit1(j, 0xb8 + (r & 7));
	emit8(j, v ^ rnd);
	emit_rex(j, true, 0, 0, AUX, false);
	emit1(j, 0xb8 + (AUX & 7));
	emit8(j, rnd);
	op_rr(j, F_W, 0x31, AUX, r);
}

/* group 1 (add/or/and/sub/xor/cmp = /0 /1 /4 /5 /6 /7) with imm32 */
static inline void alu_imm(struct jit *j, bool w, int ext, int r, s32 imm)
{
	if (is_s8(imm)) {
		op_rr(j, wf(w), 0x83, ext, r);
		emit1(j, (u8)imm);
	} else if (r == RAX) {
		emit_rex(j, w, 0, 0, 0, false);
		emit1(j, (u8)((ext << 3) | 5));
		emit4(j, (u32)imm);
	} else {
		op_rr(j, wf(w), 0x81, ext, r);
		emit4(j, (u32)imm);
	}
}

/* group 2 shifts (shl /4, shr /5, sar /7) by a constant */
static inline void shift_imm(struct jit *j, bool w, int ext, int r, u32 cnt)
{
	if (cnt == 1) {
		op_rr(j, wf(w), 0xd1, ext, r);
	} else {
		op_rr(j, wf(w), 0xc1, ext, r);
		emit1(j, (u8)cnt);
	}
}

/* short forward jump whose target is patched by jmp8_here() */
static inline u32 jcc8_fwd(struct jit *j, int cc)
{
	emit1(j, cc < 0 ? 0xeb : (u8)(0x70 | cc));
	emit1(j, 0);
	return j->pos;
}

static inline void jmp8_here(struct jit *j, u32 after)
{
	patch1(j, after - 1, (u8)(j->pos - after));
}

static inline void jcc8_back(struct jit *j, int cc, u32 target)
{
	emit1(j, (u8)(0x70 | cc));
	emit1(j, (u8)(target - (j->pos + 1)));
}

/*
 * Branch whose displacement, measured in the previous pass from the end
 * of the branch to its target, is rel_prev (meaningless when !valid). The
 * short form is chosen only when that distance fits, so the converged
 * pass, whose rel_prev are exact, never truncates one.
 */
static inline void emit_branch(struct jit *j, int cc, s64 rel_prev, bool valid)
{
	valid = valid && j->have_prev;
	if (valid && !j->force_long && is_s8(rel_prev)) {
		emit1(j, cc < 0 ? 0xeb : (u8)(0x70 | cc));
		emit1(j, (u8)rel_prev);
		j->nshort++;
		return;
	}
	if (cc < 0) {
		emit1(j, 0xe9);
	} else {
		emit1(j, 0x0f);
		emit1(j, (u8)(0x80 | cc));
	}
	emit4(j, valid ? (u32)rel_prev : 0);
	j->nlong++;
}

/* call or jump to an absolute address (helpers, lookup, thunks) */
static inline bool reachable(struct jit *j, u64 target)
{
	s64 lo, hi;

	if (!j->have_prev)
		return false;
	lo = (s64)(target - j->base);
	hi = lo - (s64)j->cap;
	return is_s32(lo) && is_s32(hi);
}

static inline void emit_rel32_to(struct jit *j, u8 op, u64 target)
{
	emit1(j, op);
	emit4(j, (u32)(target - (j->base + j->pos + 4)));
}

/* indirect call/jump through r11, retpoline-safe in the kernel */
static inline void emit_indirect_r11(struct jit *j, bool call)
{
#if defined(__KERNEL__) && defined(CONFIG_RETPOLINE)
	u64 thunk = (u64)(unsigned long)&__x86_indirect_thunk_r11;

	if (j->have_prev)
		emit_rel32_to(j, call ? 0xe8 : 0xe9, thunk);
	else
		emit_rel32_to(j, call ? 0xe8 : 0xe9, j->base);
#else
	op_rr(j, 0, 0xff, call ? 2 : 4, R11);
#endif
#ifdef __KERNEL__
	if (!call)
		emit1(j, 0xcc);	/* straight-line speculation stop */
#endif
}

static inline void emit_call_abs(struct jit *j, u64 target)
{
	if (reachable(j, target)) {
		emit_rel32_to(j, 0xe8, target);
		return;
	}
	emit_rex(j, true, 0, 0, R11, false);
	emit1(j, 0xb8 + (R11 & 7));
	emit8(j, target);
	emit_indirect_r11(j, true);
}

static inline void emit_ret(struct jit *j)
{
#if defined(__KERNEL__) && defined(CONFIG_RETHUNK)
	u64 thunk = (u64)(unsigned long)&__x86_return_thunk;

	emit_rel32_to(j, 0xe9, j->have_prev ? thunk : j->base);
#else
	emit1(j, 0xc3);
#endif
#ifdef __KERNEL__
	emit1(j, 0xcc);
#endif
}

#endif /* BPF_CORE_JIT_X86_64_H */
