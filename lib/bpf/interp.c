// SPDX-License-Identifier: GPL-2.0
/*
 * Interpreter: runs a decoded program instruction by instruction with the
 * semantics of RFC 9669. The decoder has rejected every encoding this file
 * does not handle, so the default branches here are unreachable.
 */
#include "bpf_core.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define HOST_BE 1
#else
#define HOST_BE 0
#endif

/* Bytes per BPF_CORE_SIZE() >> 3: W, H, B, DW. */
static const u8 mem_size[4] = { 4, 2, 1, 8 };

struct frame {
	const struct bpf_core_prog *prog;	/* caller's program */
	u32 ret_pc;				/* caller's next instruction */
	u64 saved[4];				/* caller's r6..r9 */
	u64 fp;					/* caller's r10 */
};

/* Unaligned-safe accesses: memcpy of a constant size compiles to one move. */
static inline u64 load(u64 addr, u32 size)
{
	const void *p = (const void *)(unsigned long)addr;
	u8 b; u16 h; u32 w; u64 d;

	switch (size) {
	case 1:
		memcpy(&b, p, 1);
		return b;
	case 2:
		memcpy(&h, p, 2);
		return h;
	case 4:
		memcpy(&w, p, 4);
		return w;
	default:
		memcpy(&d, p, 8);
		return d;
	}
}

static inline void store(u64 addr, u32 size, u64 v)
{
	void *p = (void *)(unsigned long)addr;
	u8 b = v; u16 h = v; u32 w = v;

	switch (size) {
	case 1:
		memcpy(p, &b, 1);
		break;
	case 2:
		memcpy(p, &h, 2);
		break;
	case 4:
		memcpy(p, &w, 4);
		break;
	default:
		memcpy(p, &v, 8);
		break;
	}
}

static inline u64 sext_load(u64 v, u32 size)
{
	switch (size) {
	case 1:
		return (u64)(s64)(s8)v;
	case 2:
		return (u64)(s64)(s16)v;
	default:
		return (u64)(s64)(s32)v;
	}
}

static u64 atomic_op(u64 addr, u32 size, s32 op, u64 *src, u64 *r0)
{
	u64 old = 0;

	if (size == 4) {
		u32 *p = (u32 *)(unsigned long)addr;
		u32 v = (u32)*src, exp = (u32)*r0;

		switch (op & ~BPF_CORE_FETCH) {
		case BPF_CORE_ADD:
			old = __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
			break;
		case BPF_CORE_OR:
			old = __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
			break;
		case BPF_CORE_AND:
			old = __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
			break;
		case BPF_CORE_XOR:
			old = __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
			break;
		case BPF_CORE_XCHG & ~BPF_CORE_FETCH:
			old = __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
			break;
		default: /* cmpxchg: exp receives the old value either way */
			__atomic_compare_exchange_n(p, &exp, v, false,
						    __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST);
			*r0 = exp;
			return 0;
		}
	} else {
		u64 *p = (u64 *)(unsigned long)addr;
		u64 v = *src, exp = *r0;

		switch (op & ~BPF_CORE_FETCH) {
		case BPF_CORE_ADD:
			old = __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
			break;
		case BPF_CORE_OR:
			old = __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
			break;
		case BPF_CORE_AND:
			old = __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
			break;
		case BPF_CORE_XOR:
			old = __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
			break;
		case BPF_CORE_XCHG & ~BPF_CORE_FETCH:
			old = __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
			break;
		default:
			__atomic_compare_exchange_n(p, &exp, v, false,
						    __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST);
			*r0 = exp;
			return 0;
		}
	}
	if (op & BPF_CORE_FETCH)
		*src = old;
	return 0;
}

static inline u64 swap_bytes(u64 v, s32 width)
{
	switch (width) {
	case 16:
		return __builtin_bswap16((u16)v);
	case 32:
		return __builtin_bswap32((u32)v);
	default:
		return __builtin_bswap64(v);
	}
}

static inline u64 trunc_width(u64 v, s32 width)
{
	switch (width) {
	case 16:
		return (u16)v;
	case 32:
		return (u32)v;
	default:
		return v;
	}
}

static u64 alu64(u8 op, s16 off, u64 dst, u64 src)
{
	switch (op) {
	case BPF_CORE_ADD: return dst + src;
	case BPF_CORE_SUB: return dst - src;
	case BPF_CORE_MUL: return dst * src;
	case BPF_CORE_OR: return dst | src;
	case BPF_CORE_AND: return dst & src;
	case BPF_CORE_XOR: return dst ^ src;
	case BPF_CORE_LSH: return dst << (src & 63);
	case BPF_CORE_RSH: return dst >> (src & 63);
	case BPF_CORE_ARSH: return (u64)((s64)dst >> (src & 63));
	case BPF_CORE_NEG: return -dst;
	case BPF_CORE_DIV:
		if (!src)
			return 0;
		if (!off)
			return dst / src;
		/* sdiv: x / -1 is negation, which also covers INT64_MIN. */
		if ((s64)src == -1)
			return -dst;
		return (u64)((s64)dst / (s64)src);
	case BPF_CORE_MOD:
		if (!src)
			return dst;
		if (!off)
			return dst % src;
		if ((s64)src == -1)
			return 0;
		return (u64)((s64)dst % (s64)src);
	case BPF_CORE_MOV:
		switch (off) {
		case 8: return (u64)(s64)(s8)src;
		case 16: return (u64)(s64)(s16)src;
		case 32: return (u64)(s64)(s32)src;
		default: return src;
		}
	default:
		return dst;
	}
}

static u32 alu32(u8 op, s16 off, u32 dst, u32 src)
{
	switch (op) {
	case BPF_CORE_ADD: return dst + src;
	case BPF_CORE_SUB: return dst - src;
	case BPF_CORE_MUL: return dst * src;
	case BPF_CORE_OR: return dst | src;
	case BPF_CORE_AND: return dst & src;
	case BPF_CORE_XOR: return dst ^ src;
	case BPF_CORE_LSH: return dst << (src & 31);
	case BPF_CORE_RSH: return dst >> (src & 31);
	case BPF_CORE_ARSH: return (u32)((s32)dst >> (src & 31));
	case BPF_CORE_NEG: return -dst;
	case BPF_CORE_DIV:
		if (!src)
			return 0;
		if (!off)
			return dst / src;
		if ((s32)src == -1)
			return -dst;
		return (u32)((s32)dst / (s32)src);
	case BPF_CORE_MOD:
		if (!src)
			return dst;
		if (!off)
			return dst % src;
		if ((s32)src == -1)
			return 0;
		return (u32)((s32)dst % (s32)src);
	case BPF_CORE_MOV:
		switch (off) {
		case 8: return (u32)(s32)(s8)src;
		case 16: return (u32)(s32)(s16)src;
		default: return src;
		}
	default:
		return dst;
	}
}

static bool jmp_taken(u8 op, u64 a, u64 b, bool is32)
{
	s64 sa, sb;

	if (is32) {
		a = (u32)a;
		b = (u32)b;
		sa = (s32)a;
		sb = (s32)b;
	} else {
		sa = (s64)a;
		sb = (s64)b;
	}
	switch (op) {
	case BPF_CORE_JEQ: return a == b;
	case BPF_CORE_JNE: return a != b;
	case BPF_CORE_JGT: return a > b;
	case BPF_CORE_JGE: return a >= b;
	case BPF_CORE_JLT: return a < b;
	case BPF_CORE_JLE: return a <= b;
	case BPF_CORE_JSET: return (a & b) != 0;
	case BPF_CORE_JSGT: return sa > sb;
	case BPF_CORE_JSGE: return sa >= sb;
	case BPF_CORE_JSLT: return sa < sb;
	case BPF_CORE_JSLE: return sa <= sb;
	default: return false;
	}
}

static u64 call_helper(const struct bpf_core_prog *prog, s64 id, const u64 *r)
{
	bpf_core_helper_fn fn;

	if (id < 0 || (u64)id >= prog->nr_helpers)
		return 0;
	fn = prog->helpers[id];
	return fn ? fn(r[1], r[2], r[3], r[4], r[5]) : 0;
}

/* Operands of the current instruction in the main loop. */
#define SRC	(r[in->src_reg])
#define IMM64	((u64)(s64)in->imm)

u64 bpf_core_interp_run_stack(const struct bpf_core_prog *prog, void *ctx,
			      u64 r2, void *stack, size_t stack_size,
			      int *status)
{
	struct frame frames[BPF_CORE_MAX_CALL_DEPTH];
	u32 max_depth = stack_size / BPF_CORE_STACK_SIZE;
	const struct bpf_core_insn *insns = prog->insns;
	u32 depth = 0, tail_calls = 0, pc = 0;
	u64 r[BPF_CORE_MAX_REG] = { 0 };

	if (max_depth > BPF_CORE_MAX_CALL_DEPTH)
		max_depth = BPF_CORE_MAX_CALL_DEPTH;
	if (status)
		*status = 0;
	if (!max_depth) {
		if (status)
			*status = -E2BIG;
		return 0;
	}
	r[1] = (u64)(unsigned long)ctx;
	r[2] = r2;
	r[BPF_CORE_REG_FP] = (u64)(unsigned long)stack + BPF_CORE_STACK_SIZE *
			     (stack_size / BPF_CORE_STACK_SIZE);

	for (;;) {
		const struct bpf_core_insn *in = &insns[pc++];
		u8 cls = BPF_CORE_CLASS(in->code);
		u8 op = BPF_CORE_OP(in->code);
		bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
		u64 *dst = &r[in->dst_reg];
		u64 src;

		/* Fast paths for the hottest opcodes: one dispatch on the whole
		 * opcode. Everything else takes the generic decode below.
		 */
		switch (in->code) {
		case BPF_CORE_ALU64 | BPF_CORE_ADD | BPF_CORE_X:
			*dst += SRC;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_ADD | BPF_CORE_K:
			*dst += IMM64;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_SUB | BPF_CORE_X:
			*dst -= SRC;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_MUL | BPF_CORE_X:
			*dst *= SRC;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_MUL | BPF_CORE_K:
			*dst *= IMM64;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_AND | BPF_CORE_K:
			*dst &= IMM64;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_AND | BPF_CORE_X:
			*dst &= SRC;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_OR | BPF_CORE_X:
			*dst |= SRC;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_XOR | BPF_CORE_X:
			*dst ^= SRC;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_XOR | BPF_CORE_K:
			*dst ^= IMM64;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_LSH | BPF_CORE_K:
			*dst <<= in->imm & 63;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_RSH | BPF_CORE_K:
			*dst >>= in->imm & 63;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_MOV | BPF_CORE_K:
			*dst = IMM64;
			continue;
		case BPF_CORE_ALU64 | BPF_CORE_MOV | BPF_CORE_X:
			if (in->off)
				break;	/* movsx */
			*dst = SRC;
			continue;
		case BPF_CORE_ALU | BPF_CORE_ADD | BPF_CORE_X:
			*dst = (u32)(*dst + SRC);
			continue;
		case BPF_CORE_ALU | BPF_CORE_ADD | BPF_CORE_K:
			*dst = (u32)(*dst + (u32)in->imm);
			continue;
		case BPF_CORE_ALU | BPF_CORE_MOV | BPF_CORE_K:
			*dst = (u32)in->imm;
			continue;
		case BPF_CORE_LDX | BPF_CORE_MEM | BPF_CORE_B:
			*dst = load(SRC + (s64)in->off, 1);
			continue;
		case BPF_CORE_LDX | BPF_CORE_MEM | BPF_CORE_H:
			*dst = load(SRC + (s64)in->off, 2);
			continue;
		case BPF_CORE_LDX | BPF_CORE_MEM | BPF_CORE_W:
			*dst = load(SRC + (s64)in->off, 4);
			continue;
		case BPF_CORE_LDX | BPF_CORE_MEM | BPF_CORE_DW:
			*dst = load(SRC + (s64)in->off, 8);
			continue;
		case BPF_CORE_STX | BPF_CORE_MEM | BPF_CORE_W:
			store(*dst + (s64)in->off, 4, SRC);
			continue;
		case BPF_CORE_STX | BPF_CORE_MEM | BPF_CORE_DW:
			store(*dst + (s64)in->off, 8, SRC);
			continue;
		case BPF_CORE_JMP | BPF_CORE_JA:
			pc += in->off;
			continue;
		case BPF_CORE_JMP | BPF_CORE_JEQ | BPF_CORE_K:
			if (*dst == IMM64)
				pc += in->off;
			continue;
		case BPF_CORE_JMP | BPF_CORE_JNE | BPF_CORE_K:
			if (*dst != IMM64)
				pc += in->off;
			continue;
		case BPF_CORE_JMP | BPF_CORE_JLT | BPF_CORE_K:
			if (*dst < IMM64)
				pc += in->off;
			continue;
		case BPF_CORE_JMP | BPF_CORE_JLT | BPF_CORE_X:
			if (*dst < SRC)
				pc += in->off;
			continue;
		case BPF_CORE_JMP | BPF_CORE_JLE | BPF_CORE_X:
			if (*dst <= SRC)
				pc += in->off;
			continue;
		case BPF_CORE_JMP | BPF_CORE_JGT | BPF_CORE_K:
			if (*dst > IMM64)
				pc += in->off;
			continue;
		default:
			break;
		}

		switch (cls) {
		case BPF_CORE_ALU64:
			if (op == BPF_CORE_END) {
				*dst = swap_bytes(*dst, in->imm);
				break;
			}
			src = x ? r[in->src_reg] : (u64)(s64)in->imm;
			*dst = alu64(op, in->off, *dst, src);
			break;
		case BPF_CORE_ALU:
			if (op == BPF_CORE_END) {
				if (x != HOST_BE)
					*dst = swap_bytes(*dst, in->imm);
				else
					*dst = trunc_width(*dst, in->imm);
				break;
			}
			src = x ? r[in->src_reg] : (u64)(u32)in->imm;
			*dst = alu32(op, in->off, (u32)*dst, (u32)src);
			break;
		case BPF_CORE_LD: /* lddw, the only LD the decoder accepts */
			*dst = (u64)(u32)in->imm | ((u64)(u32)in[1].imm << 32);
			pc++;
			break;
		case BPF_CORE_LDX: {
			u32 size = mem_size[BPF_CORE_SIZE(in->code) >> 3];

			src = load(r[in->src_reg] + (s64)in->off, size);
			*dst = BPF_CORE_MODE(in->code) == BPF_CORE_MEMSX ?
			       sext_load(src, size) : src;
			break;
		}
		case BPF_CORE_ST:
			store(*dst + (s64)in->off,
			      mem_size[BPF_CORE_SIZE(in->code) >> 3],
			      (u64)(s64)in->imm);
			break;
		case BPF_CORE_STX: {
			u32 size = mem_size[BPF_CORE_SIZE(in->code) >> 3];

			if (BPF_CORE_MODE(in->code) == BPF_CORE_ATOMIC)
				atomic_op(*dst + (s64)in->off, size, in->imm,
					  &r[in->src_reg], &r[0]);
			else
				store(*dst + (s64)in->off, size, r[in->src_reg]);
			break;
		}
		case BPF_CORE_JMP32:
		case BPF_CORE_JMP:
			if (op == BPF_CORE_JA) {
				pc += cls == BPF_CORE_JMP32 ? in->imm : in->off;
				break;
			}
			if (op == BPF_CORE_EXIT) {
				struct frame *f;

				if (!depth)
					return r[0];
				f = &frames[--depth];
				prog = f->prog;
				insns = prog->insns;
				pc = f->ret_pc;
				memcpy(&r[6], f->saved, sizeof(f->saved));
				r[BPF_CORE_REG_FP] = f->fp;
				break;
			}
			if (op == BPF_CORE_CALL) {
				const struct bpf_core_prog *next;
				struct frame *f;

				if (x) {
					r[0] = call_helper(prog, (s64)*dst, r);
					break;
				}
				if (in->src_reg == BPF_CORE_CALL_HELPER) {
					if (in->imm != BPF_CORE_FUNC_TAIL_CALL ||
					    !prog->tail_call_lookup) {
						r[0] = prog->helpers[in->imm](r[1], r[2],
									  r[3], r[4],
									  r[5]);
						break;
					}
					if (tail_calls >= BPF_CORE_MAX_TAIL_CALLS)
						break;
					next = prog->tail_call_lookup((void *)(unsigned long)r[2],
								      (u32)r[3]);
					if (!next)
						break;
					tail_calls++;
					/* The target replaces the current function,
					 * in its frame, with its stack pointer reset.
					 */
					prog = next;
					insns = prog->insns;
					pc = 0;
					r[BPF_CORE_REG_FP] = (u64)(unsigned long)stack +
						BPF_CORE_STACK_SIZE *
						(stack_size / BPF_CORE_STACK_SIZE - depth);
					break;
				}
				/* bpf-to-bpf call: a real frame with its own stack. */
				if (depth + 1 >= max_depth) {
					if (status)
						*status = -E2BIG;
					return 0;
				}
				f = &frames[depth++];
				f->prog = prog;
				f->ret_pc = pc;
				memcpy(f->saved, &r[6], sizeof(f->saved));
				f->fp = r[BPF_CORE_REG_FP];
				r[BPF_CORE_REG_FP] -= BPF_CORE_STACK_SIZE;
				pc += in->imm;
				break;
			}
			src = x ? r[in->src_reg] : (u64)(s64)in->imm;
			if (jmp_taken(op, *dst, src, cls == BPF_CORE_JMP32))
				pc += in->off;
			break;
		}
	}
}

u64 bpf_core_interp_run(const struct bpf_core_prog *prog, void *ctx, u64 r2)
{
#ifdef __KERNEL__
	/* Kernel stacks are small: one frame on it when that is enough. */
	u8 small[BPF_CORE_STACK_SIZE] __aligned(8);
	void *big;
	u64 ret;

	if (prog->nr_subprogs == 1 && !prog->tail_call_lookup)
		return bpf_core_interp_run_stack(prog, ctx, r2, small,
						 sizeof(small), NULL);
	big = bpf_core_zalloc_nosleep(BPF_CORE_RUN_STACK_SIZE);
	if (!big)
		return 0;
	ret = bpf_core_interp_run_stack(prog, ctx, r2, big,
					BPF_CORE_RUN_STACK_SIZE, NULL);
	bpf_core_free(big);
	return ret;
#else
	u64 stack[BPF_CORE_RUN_STACK_SIZE / sizeof(u64)];

	return bpf_core_interp_run_stack(prog, ctx, r2, stack, sizeof(stack),
					 NULL);
#endif
}
