/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jit_x86_64_ops.h - x86-64 code for the BPF data instructions: ALU and
 * ALU64 (division without #DE, division by constants through
 * multiply-high, shifts with or without BMI2, byte swaps, movsx), loads,
 * stores and atomics. Control flow, frames and passes: jit_x86_64.c, the
 * only includer: the JIT stays one object file for the module builds
 * (Kbuild.inc lists jit_x86_64.o).
 */
#ifndef BPF_CORE_JIT_X86_64_OPS_H
#define BPF_CORE_JIT_X86_64_OPS_H

#include "jit_x86_64.h"

/* ---- ALU ---- */

static bool is_pow2(u64 v)
{
	return v && !(v & (v - 1));
}

static u32 log2_u64(u64 v)
{
	u32 n = 0;

	while (v >>= 1)
		n++;
	return n;
}

/*
 * div/mod with the divisor in register d (never rax/rdx when it matters,
 * see below). checks: emit the zero (and for signed, -1) tests.
 */
static void emit_divmod_reg(struct jit *j, bool w, bool mod, bool sgn,
			    int dst, int d, bool checks)
{
	u32 jz = 0, jm1 = 0, jdone1 = 0, jdone2 = 0;
	int dv = d, sv_ax = -1, sv_dx = -1, spare[3], ns = 0, i;
	static const int scratch[3] = { TMP2, AUX, TMP };

	if (checks) {
		op_rr(j, wf(w), 0x85, d, d);		/* test d, d */
		jz = jcc8_fwd(j, CC_E);
		if (sgn) {
			op_rr(j, wf(w), 0x83, 7, d);	/* cmp d, -1 */
			emit1(j, 0xff);
			jm1 = jcc8_fwd(j, CC_E);
		}
	}
	if (d == RAX || d == RDX) {
		mov_rr(j, w, TMP, d);
		dv = TMP;
	}
	for (i = 0; i < 3; i++)
		if (scratch[i] != dv)
			spare[ns++] = scratch[i];
	if (dst != RAX) {
		sv_ax = spare[0];
		mov_rr(j, true, sv_ax, RAX);
		mov_rr(j, w, RAX, dst);
	}
	if (dst != RDX) {
		sv_dx = spare[1];
		mov_rr(j, true, sv_dx, RDX);
	}
	if (sgn) {
		emit_rex(j, w, 0, 0, 0, false);
		emit1(j, 0x99);				/* cqo / cdq */
	} else {
		op_rr(j, 0, 0x31, RDX, RDX);
	}
	op_rr(j, wf(w), 0xf7, sgn ? 7 : 6, dv);	/* (i)div dv */
	if (mod && dst != RDX)
		mov_rr(j, w, dst, RDX);
	else if (!mod && dst != RAX)
		mov_rr(j, w, dst, RAX);
	if (sv_ax >= 0)
		mov_rr(j, true, RAX, sv_ax);
	if (sv_dx >= 0)
		mov_rr(j, true, RDX, sv_dx);
	if (!checks)
		return;
	jdone1 = jcc8_fwd(j, -1);
	jmp8_here(j, jz);
	if (!mod)
		op_rr(j, 0, 0x31, dst, dst);		/* x / 0 = 0 */
	else if (!w)
		zext32(j, dst);				/* x % 0 = x */
	if (sgn) {
		jdone2 = jcc8_fwd(j, -1);
		jmp8_here(j, jm1);
		if (mod)
			op_rr(j, 0, 0x31, dst, dst);	/* x % -1 = 0 */
		else
			op_rr(j, wf(w), 0xf7, 3, dst);	/* x / -1 = -x */
		jmp8_here(j, jdone2);
	}
	jmp8_here(j, jdone1);
}

/* floor((hi * 2^64 + lo) / d) for hi < d: restoring long division */
static u64 div128(u64 hi, u64 lo, u64 d)
{
	int i;

	for (i = 0; i < 64; i++) {
		u64 carry = hi >> 63;

		hi = (hi << 1) | (lo >> 63);
		lo <<= 1;
		if (carry || hi >= d) {
			hi -= d;
			lo |= 1;
		}
	}
	return lo;
}

/*
 * Unsigned division of the zero-extended dst by a constant 2 < d < 2^63
 * that is not a power of two, without div: with l = ceil(log2 d) and
 * m = floor(2^64 * (2^l - d) / d) + 1, t = mulhi(n, m) gives
 * q = (t + ((n - t) >> 1)) >> (l - 1) exactly for every 64-bit n
 * (Granlund & Montgomery, "Division by invariant integers using
 * multiplication", 1994). mod is n - q * d (d < 2^31 then, for imul).
 */
static void emit_udiv_magic(struct jit *j, bool w, bool mod, int dst, u64 d)
{
	u32 l = log2_u64(d) + 1;
	u64 m = div128((1ULL << l) - d, 0, d) + 1;

	mov_rr(j, w, TMP, dst);			/* n (zero-extended) */
	if (dst != RAX)
		mov_rr(j, true, TMP2, RAX);
	if (dst != RDX)
		mov_rr(j, true, AUX, RDX);
	load_imm(j, RAX, m, false);
	op_rr(j, F_W, 0xf7, 4, TMP);		/* mul r11: rdx = t */
	mov_rr(j, true, RAX, TMP);
	op_rr(j, F_W, 0x29, RDX, RAX);		/* n - t */
	shift_imm(j, true, 5, RAX, 1);
	op_rr(j, F_W, 0x01, RDX, RAX);		/* + t */
	if (l > 1)
		shift_imm(j, true, 5, RAX, l - 1);
	if (mod) {
		op_rr(j, F_W, 0x69, RAX, RAX);	/* imul rax, rax, d */
		emit4(j, (u32)d);
		op_rr(j, F_W, 0x29, RAX, TMP);	/* n - q * d */
		mov_rr(j, w, dst, TMP);
	} else {
		mov_rr(j, w, dst, RAX);
	}
	if (dst != RAX)
		mov_rr(j, true, RAX, TMP2);
	if (dst != RDX)
		mov_rr(j, true, RDX, AUX);
}

static void emit_divmod_imm(struct jit *j, bool w, bool mod, bool sgn,
			    int dst, s32 imm)
{
	u64 dv = w ? (u64)(s64)imm : (u64)(u32)imm;

	if (imm == 0) {
		if (!mod)
			op_rr(j, 0, 0x31, dst, dst);
		else if (!w)
			zext32(j, dst);
		return;
	}
	if (sgn && imm == -1) {
		if (mod)
			op_rr(j, 0, 0x31, dst, dst);
		else
			op_rr(j, wf(w), 0xf7, 3, dst);
		return;
	}
	if (imm == 1) {
		if (mod)
			op_rr(j, 0, 0x31, dst, dst);
		else if (!w)
			zext32(j, dst);
		return;
	}
	if (!sgn && is_pow2(dv)) {
		if (mod)
			alu_imm(j, false, 4, dst, (s32)(dv - 1));
		else
			shift_imm(j, w, 5, dst, log2_u64(dv));
		if (mod && dv - 1 > 0x7fffffff)
			j->err = -EINVAL;	/* cannot happen: imm32 */
		return;
	}
	if (!sgn && dv < (1ULL << 63) && (!mod || dv <= 0x7fffffff)) {
		emit_udiv_magic(j, w, mod, dst, dv);
		return;
	}
	load_imm(j, TMP, dv, false);
	emit_divmod_reg(j, w, mod, sgn, dst, TMP, false);
}

static void emit_shift_reg(struct jit *j, bool w, int ext, int dst, int s)
{
	u8 pp = ext == 4 ? 1 : ext == 5 ? 3 : 2;	/* 66 / F2 / F3 */

	if (j->bmi2) {
		/* shlx/shrx/sarx dst, dst, s: VEX.LZ.pp.0F38.W F7 */
		emit1(j, 0xc4);
		emit1(j, (u8)((((dst & 8) ? 0 : 0x80) | 0x40 |
			       ((dst & 8) ? 0 : 0x20) | 0x02)));
		emit1(j, (u8)((w ? 0x80 : 0) | ((~s & 15) << 3) | pp));
		emit1(j, 0xf7);
		emit1(j, (u8)(0xc0 | ((dst & 7) << 3) | (dst & 7)));
		return;
	}
	if (s == RCX) {
		op_rr(j, wf(w), 0xd3, ext, dst);
	} else if (dst == RCX) {
		mov_rr(j, true, TMP, RCX);
		mov_rr(j, true, RCX, s);
		op_rr(j, wf(w), 0xd3, ext, TMP);
		mov_rr(j, true, RCX, TMP);
	} else {
		mov_rr(j, true, TMP, RCX);
		mov_rr(j, true, RCX, s);
		op_rr(j, wf(w), 0xd3, ext, dst);
		mov_rr(j, true, RCX, TMP);
	}
}

static void emit_bswap_op(struct jit *j, bool w, int r)
{
	emit_rex(j, w, 0, 0, r, false);
	emit1(j, 0x0f);
	emit1(j, 0xc8 + (r & 7));
}

static void emit_end(struct jit *j, int dst, bool swap, u32 width)
{
	if (!swap) {
		if (width == 16)
			op_rr(j, 0, 0x0fb7, dst, dst);	/* movzx r32, r16 */
		else if (width == 32)
			zext32(j, dst);
		return;
	}
	if (width == 16) {
		emit_bswap_op(j, false, dst);
		shift_imm(j, false, 5, dst, 16);
	} else {
		emit_bswap_op(j, width == 64, dst);
	}
}

static int emit_alu(struct jit *j, const struct bpf_core_insn *in)
{
	bool w = BPF_CORE_CLASS(in->code) == BPF_CORE_ALU64;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	u8 op = BPF_CORE_OP(in->code);
	int dst = bpf2x[in->dst_reg];
	int src = x ? bpf2x[in->src_reg] : -1;
	s32 imm = in->imm;
	u64 wimm = w ? (u64)(s64)imm : (u64)(u32)imm;

	if (op == BPF_CORE_END) {
		if (w)	/* bswap16/32/64 */
			emit_end(j, dst, true, (u32)imm);
		else
			emit_end(j, dst, BPF_CORE_SRC(in->code) ==
				 BPF_CORE_TO_BE, (u32)imm);
		return 0;
	}
	if (op == BPF_CORE_NEG) {
		op_rr(j, wf(w), 0xf7, 3, dst);
		return 0;
	}
	/* blinding turns every K operand (but shift counts) into AUX */
	if (!x && j->blind && op != BPF_CORE_LSH && op != BPF_CORE_RSH &&
	    op != BPF_CORE_ARSH && imm) {
		if (op == BPF_CORE_MOV) {
			blind_imm32(j, dst, imm, w);
			return 0;
		}
		blind_imm32(j, AUX, imm, w);
		x = true;
		src = AUX;
	}

	switch (op) {
	case BPF_CORE_MOV:
		if (!x)
			load_imm(j, dst, wimm, false);
		else if (in->off == 8)
			op_rr(j, wf(w) | F_BRM, 0x0fbe, dst, src);
		else if (in->off == 16)
			op_rr(j, wf(w), 0x0fbf, dst, src);
		else if (in->off == 32)
			op_rr(j, F_W, 0x63, dst, src);	/* movsxd */
		else if (dst != src || !w)
			mov_rr(j, w, dst, src);
		return 0;
	case BPF_CORE_ADD:
	case BPF_CORE_SUB:
	case BPF_CORE_OR:
	case BPF_CORE_XOR:
	case BPF_CORE_AND: {
		int ext = op == BPF_CORE_ADD ? 0 : op == BPF_CORE_SUB ? 5 :
			  op == BPF_CORE_OR ? 1 : op == BPF_CORE_XOR ? 6 : 4;

		if (x) {
			op_rr(j, wf(w), (u32)((ext << 3) | 1), src, dst);
			return 0;
		}
		if (op == BPF_CORE_AND) {
			if (!imm)
				op_rr(j, 0, 0x31, dst, dst);
			else if (imm == -1 && !w)
				zext32(j, dst);
			else if (imm != -1) /* a positive mask clears the top too */
				alu_imm(j, w && imm < 0, 4, dst, imm);
			return 0;
		}
		if (!imm) {
			if (!w)
				zext32(j, dst);
			return 0;
		}
		if ((op == BPF_CORE_ADD || op == BPF_CORE_SUB) &&
		    (imm == 1 || imm == -1)) {
			/* inc / dec */
			op_rr(j, wf(w), 0xff,
			      (op == BPF_CORE_ADD) == (imm == 1) ? 0 : 1, dst);
			return 0;
		}
		alu_imm(j, w, ext, dst, imm);
		return 0;
	}
	case BPF_CORE_MUL:
		if (x) {
			op_rr(j, wf(w), 0x0faf, dst, src);	/* imul */
		} else if (!imm) {
			op_rr(j, 0, 0x31, dst, dst);
		} else if (imm == 1) {
			if (!w)
				zext32(j, dst);
		} else if (imm == -1) {
			op_rr(j, wf(w), 0xf7, 3, dst);
		} else if (imm > 0 && is_pow2((u64)imm)) {
			shift_imm(j, w, 4, dst, log2_u64((u64)imm));
		} else if (is_s8(imm)) {
			op_rr(j, wf(w), 0x6b, dst, dst);
			emit1(j, (u8)imm);
		} else {
			op_rr(j, wf(w), 0x69, dst, dst);
			emit4(j, (u32)imm);
		}
		return 0;
	case BPF_CORE_DIV:
	case BPF_CORE_MOD:
		if (in->off > 1)
			return -EINVAL;
		if (x)
			emit_divmod_reg(j, w, op == BPF_CORE_MOD, in->off == 1,
					dst, src, true);
		else
			emit_divmod_imm(j, w, op == BPF_CORE_MOD, in->off == 1,
					dst, imm);
		return 0;
	case BPF_CORE_LSH:
	case BPF_CORE_RSH:
	case BPF_CORE_ARSH: {
		int ext = op == BPF_CORE_LSH ? 4 : op == BPF_CORE_RSH ? 5 : 7;
		u32 cnt = (u32)imm & (w ? 63 : 31);

		if (x)
			emit_shift_reg(j, w, ext, dst, src);
		else if (cnt)
			shift_imm(j, w, ext, dst, cnt);
		else if (!w)
			zext32(j, dst);
		return 0;
	}
	}
	return -EINVAL;
}

/* ---- memory ---- */

static int emit_ldx(struct jit *j, const struct bpf_core_insn *in)
{
	int dst = bpf2x[in->dst_reg], src = bpf2x[in->src_reg];
	bool sx = BPF_CORE_MODE(in->code) == BPF_CORE_MEMSX;

	switch (BPF_CORE_SIZE(in->code)) {
	case BPF_CORE_B:
		op_rm(j, wf(sx), sx ? 0x0fbe : 0x0fb6, dst, src, in->off);
		break;
	case BPF_CORE_H:
		op_rm(j, wf(sx), sx ? 0x0fbf : 0x0fb7, dst, src, in->off);
		break;
	case BPF_CORE_W:
		op_rm(j, wf(sx), sx ? 0x63 : 0x8b, dst, src, in->off);
		break;
	default:
		if (sx)
			return -EINVAL;
		op_rm(j, F_W, 0x8b, dst, src, in->off);
	}
	return 0;
}

static void emit_store_reg(struct jit *j, u8 size, int base, s16 off, int src)
{
	switch (size) {
	case BPF_CORE_B:
		op_rm(j, F_BREG, 0x88, src, base, off);
		break;
	case BPF_CORE_H:
		op_rm(j, F_66, 0x89, src, base, off);
		break;
	case BPF_CORE_W:
		op_rm(j, 0, 0x89, src, base, off);
		break;
	default:
		op_rm(j, F_W, 0x89, src, base, off);
	}
}

static void emit_st(struct jit *j, const struct bpf_core_insn *in)
{
	int dst = bpf2x[in->dst_reg];
	u8 size = BPF_CORE_SIZE(in->code);

	if (j->blind && in->imm) {
		blind_imm32(j, AUX, in->imm, true);
		emit_store_reg(j, size, dst, in->off, AUX);
		return;
	}
	switch (size) {
	case BPF_CORE_B:
		op_rm(j, 0, 0xc6, 0, dst, in->off);
		emit1(j, (u8)in->imm);
		break;
	case BPF_CORE_H:
		op_rm(j, F_66, 0xc7, 0, dst, in->off);
		emit1(j, (u8)in->imm);
		emit1(j, (u8)(in->imm >> 8));
		break;
	default:
		op_rm(j, wf(size == BPF_CORE_DW), 0xc7, 0, dst, in->off);
		emit4(j, (u32)in->imm);
	}
}

static int emit_atomic(struct jit *j, const struct bpf_core_insn *in)
{
	bool w = BPF_CORE_SIZE(in->code) == BPF_CORE_DW;
	int base = bpf2x[in->dst_reg], src = bpf2x[in->src_reg];
	s16 off = in->off;
	int ext, s2 = src;
	u32 loop;

	if (!w && BPF_CORE_SIZE(in->code) != BPF_CORE_W)
		return -EINVAL;
	switch (in->imm) {
	case BPF_CORE_ADD:
	case BPF_CORE_OR:
	case BPF_CORE_AND:
	case BPF_CORE_XOR:
		ext = in->imm == BPF_CORE_ADD ? 0 : in->imm == BPF_CORE_OR ?
		      1 : in->imm == BPF_CORE_AND ? 4 : 6;
		op_rm(j, wf(w) | F_LOCK, (u32)((ext << 3) | 1), src, base, off);
		return 0;
	case BPF_CORE_ADD | BPF_CORE_FETCH:
		op_rm(j, wf(w) | F_LOCK, 0x0fc1, src, base, off);  /* xadd */
		return 0;
	case BPF_CORE_XCHG:
		op_rm(j, wf(w), 0x87, src, base, off);
		return 0;
	case BPF_CORE_CMPXCHG:
		op_rm(j, wf(w) | F_LOCK, 0x0fb1, src, base, off);
		if (!w)	/* a successful cmpxchg32 leaves rax's top half */
			zext32(j, RAX);
		return 0;
	case BPF_CORE_OR | BPF_CORE_FETCH:
	case BPF_CORE_AND | BPF_CORE_FETCH:
	case BPF_CORE_XOR | BPF_CORE_FETCH:
		break;
	default:
		return -EINVAL;
	}
	/* fetch-or/and/xor: cmpxchg loop, which needs rax */
	ext = (in->imm & ~BPF_CORE_FETCH) == BPF_CORE_OR ? 1 :
	      (in->imm & ~BPF_CORE_FETCH) == BPF_CORE_AND ? 4 : 6;
	if (base == RAX) {
		mov_rr(j, true, TMP2, RAX);
		base = TMP2;
	}
	mov_rr(j, true, AUX, RAX);	/* r0, or the operand when src is r0 */
	if (src == RAX)
		s2 = AUX;
	op_rm(j, wf(w), 0x8b, RAX, base, off);
	loop = j->pos;
	mov_rr(j, w, TMP, RAX);
	op_rr(j, wf(w), (u32)((ext << 3) | 1), s2, TMP);
	op_rm(j, wf(w) | F_LOCK, 0x0fb1, TMP, base, off);
	jcc8_back(j, CC_NE, loop);
	if (src != RAX) {
		mov_rr(j, w, src, RAX);
		mov_rr(j, true, RAX, AUX);
	}
	return 0;
}

#endif /* BPF_CORE_JIT_X86_64_OPS_H */
