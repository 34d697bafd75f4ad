// SPDX-License-Identifier: GPL-2.0
/*
 * Decoder: validates every encoding of a program against RFC 9669 (v1..v4),
 * resolves lddw pseudo sources and finds the subprograms, producing the
 * struct bpf_core_prog both engines run. Anything it does not accept is
 * rejected here, so the engines never see an unknown encoding.
 */
#include "bpf_core.h"

#ifndef __KERNEL__
#include <stdarg.h>
#endif

/* Per-slot marks. */
#define SLOT_LDDW_HI	0x1	/* second half of an lddw */
#define SLOT_SUBPROG	0x2	/* first instruction of a subprogram */

struct decode_ctx {
	const struct bpf_core_insn *insns;
	u32 cnt;
	const struct bpf_core_load_opts *opts;
	u8 *marks;
	char *err;
	size_t errlen;
};

static int reject(struct decode_ctx *dc, u32 idx, const char *fmt, ...)
	BPF_CORE_PRINTF(3, 4);

static int reject(struct decode_ctx *dc, u32 idx, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (dc->err && dc->errlen) {
		n = snprintf(dc->err, dc->errlen, "insn %u (code 0x%02x): ", idx,
			     idx < dc->cnt ? dc->insns[idx].code : 0);
		if (n >= 0 && (size_t)n < dc->errlen) {
			va_start(ap, fmt);
			vsnprintf(dc->err + n, dc->errlen - n, fmt, ap);
			va_end(ap);
		}
	}
	return -EINVAL;
}

static bool is_lddw(u8 code)
{
	return code == (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW);
}

/* Target slot of a relative branch from idx, checked for range. */
static int check_target(struct decode_ctx *dc, u32 idx, s64 rel,
			const char *what)
{
	s64 t = (s64)idx + 1 + rel;

	if (t < 0 || t >= (s64)dc->cnt)
		return reject(dc, idx, "%s target %lld out of range [0, %u)",
			      what, (long long)t, dc->cnt);
	if (dc->marks[t] & SLOT_LDDW_HI)
		return reject(dc, idx, "%s target %lld is the second slot of lddw",
			      what, (long long)t);
	return 0;
}

static int check_regs(struct decode_ctx *dc, u32 idx)
{
	const struct bpf_core_insn *in = &dc->insns[idx];

	if (in->dst_reg >= BPF_CORE_MAX_REG)
		return reject(dc, idx, "invalid dst register r%u", in->dst_reg);
	if (in->src_reg >= BPF_CORE_MAX_REG)
		return reject(dc, idx, "invalid src register r%u", in->src_reg);
	return 0;
}

static int no_fp_write(struct decode_ctx *dc, u32 idx, u8 reg)
{
	if (reg == BPF_CORE_REG_FP)
		return reject(dc, idx, "r10 is read-only");
	return 0;
}

static int decode_alu(struct decode_ctx *dc, u32 idx)
{
	const struct bpf_core_insn *in = &dc->insns[idx];
	bool is64 = BPF_CORE_CLASS(in->code) == BPF_CORE_ALU64;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	u8 op = BPF_CORE_OP(in->code);

	switch (op) {
	case BPF_CORE_NEG:
		if (x || in->src_reg || in->imm || in->off)
			return reject(dc, idx, "neg: reserved fields must be zero");
		break;
	case BPF_CORE_END:
		if (is64 && x)
			return reject(dc, idx, "unknown opcode (alu64 end with BPF_X)");
		if (in->src_reg || in->off)
			return reject(dc, idx, "byte swap: reserved fields must be zero");
		if (in->imm != 16 && in->imm != 32 && in->imm != 64)
			return reject(dc, idx, "byte swap width %d not 16, 32 or 64",
				      in->imm);
		break;
	case BPF_CORE_ADD: case BPF_CORE_SUB: case BPF_CORE_MUL:
	case BPF_CORE_OR: case BPF_CORE_AND: case BPF_CORE_LSH:
	case BPF_CORE_RSH: case BPF_CORE_XOR: case BPF_CORE_ARSH:
	case BPF_CORE_DIV: case BPF_CORE_MOD: case BPF_CORE_MOV:
		if (x && in->imm)
			return reject(dc, idx, "imm must be zero with a register source");
		if (!x && in->src_reg)
			return reject(dc, idx, "src register must be zero with an immediate");
		if (op == BPF_CORE_DIV || op == BPF_CORE_MOD) {
			if (in->off != 0 && in->off != 1)
				return reject(dc, idx, "div/mod offset %d not 0 or 1",
					      in->off);
		} else if (op == BPF_CORE_MOV) {
			if (in->off && (!x || (in->off != 8 && in->off != 16 &&
					       (in->off != 32 || !is64))))
				return reject(dc, idx, "invalid movsx offset %d",
					      in->off);
		} else if (in->off) {
			return reject(dc, idx, "offset must be zero");
		}
		break;
	default:
		return reject(dc, idx, "unknown ALU opcode");
	}
	return no_fp_write(dc, idx, in->dst_reg);
}

static int decode_call(struct decode_ctx *dc, u32 idx)
{
	const struct bpf_core_insn *in = &dc->insns[idx];
	const struct bpf_core_load_opts *o = dc->opts;
	int ret;

	if (BPF_CORE_SRC(in->code) == BPF_CORE_X) {
		if (!(o->flags & BPF_CORE_LOAD_ALLOW_CALLX))
			return reject(dc, idx, "callx not enabled");
		if (in->src_reg || in->off || in->imm)
			return reject(dc, idx, "callx: reserved fields must be zero");
		return 0;
	}
	if (in->dst_reg || in->off)
		return reject(dc, idx, "call: reserved fields must be zero");
	switch (in->src_reg) {
	case BPF_CORE_CALL_HELPER:
		if (in->imm == BPF_CORE_FUNC_TAIL_CALL && o->tail_call_lookup)
			return 0;
		if (in->imm < 0 || (u32)in->imm >= o->nr_helpers ||
		    !o->helpers[in->imm])
			return reject(dc, idx, "unknown helper %d", in->imm);
		return 0;
	case BPF_CORE_CALL_LOCAL:
		ret = check_target(dc, idx, in->imm, "call");
		if (ret)
			return ret;
		dc->marks[idx + 1 + in->imm] |= SLOT_SUBPROG;
		return 0;
	case BPF_CORE_CALL_KFUNC:
		return reject(dc, idx, "kfunc calls are not supported");
	default:
		return reject(dc, idx, "invalid call source %u", in->src_reg);
	}
}

static int decode_jmp(struct decode_ctx *dc, u32 idx)
{
	const struct bpf_core_insn *in = &dc->insns[idx];
	bool is32 = BPF_CORE_CLASS(in->code) == BPF_CORE_JMP32;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	u8 op = BPF_CORE_OP(in->code);

	switch (op) {
	case BPF_CORE_JA:
		if (x || in->src_reg || in->dst_reg)
			return reject(dc, idx, "ja: reserved fields must be zero");
		if (is32) {
			if (in->off)
				return reject(dc, idx, "gotol: offset must be zero");
			return check_target(dc, idx, in->imm, "jump");
		}
		if (in->imm)
			return reject(dc, idx, "ja: imm must be zero");
		return check_target(dc, idx, in->off, "jump");
	case BPF_CORE_CALL:
		if (is32)
			return reject(dc, idx, "unknown opcode (call in JMP32)");
		return decode_call(dc, idx);
	case BPF_CORE_EXIT:
		if (is32 || x)
			return reject(dc, idx, "unknown opcode (exit variant)");
		if (in->src_reg || in->dst_reg || in->off || in->imm)
			return reject(dc, idx, "exit: reserved fields must be zero");
		return 0;
	case BPF_CORE_JEQ: case BPF_CORE_JGT: case BPF_CORE_JGE:
	case BPF_CORE_JSET: case BPF_CORE_JNE: case BPF_CORE_JSGT:
	case BPF_CORE_JSGE: case BPF_CORE_JLT: case BPF_CORE_JLE:
	case BPF_CORE_JSLT: case BPF_CORE_JSLE:
		if (x && in->imm)
			return reject(dc, idx, "imm must be zero with a register source");
		if (!x && in->src_reg)
			return reject(dc, idx, "src register must be zero with an immediate");
		return check_target(dc, idx, in->off, "jump");
	default:
		return reject(dc, idx, "unknown jump opcode");
	}
}

/* Memory size in bytes of a load/store. */
static u32 mem_bytes(u8 code)
{
	static const u8 sz[4] = { 4, 2, 1, 8 };

	return sz[BPF_CORE_SIZE(code) >> 3];
}

/* Stack accesses through r10 must stay inside the frame. */
static int check_fp_access(struct decode_ctx *dc, u32 idx, u8 base, s16 off,
			   u32 size, u32 *depth)
{
	s32 lo = off;

	if (base != BPF_CORE_REG_FP)
		return 0;
	if (lo < -BPF_CORE_STACK_SIZE || lo + (s32)size > 0)
		return reject(dc, idx, "stack access [r10%+d] size %u outside the %d-byte frame",
			      off, size, BPF_CORE_STACK_SIZE);
	if ((u32)-lo > *depth)
		*depth = (u32)-lo;
	return 0;
}

static int decode_mem(struct decode_ctx *dc, u32 idx, u32 *depth)
{
	const struct bpf_core_insn *in = &dc->insns[idx];
	u8 mode = BPF_CORE_MODE(in->code);
	u8 cls = BPF_CORE_CLASS(in->code);
	u32 size = mem_bytes(in->code);
	int ret;

	switch (cls) {
	case BPF_CORE_LDX:
		if (mode != BPF_CORE_MEM &&
		    (mode != BPF_CORE_MEMSX || size == 8))
			return reject(dc, idx, "unknown load opcode");
		if (in->imm)
			return reject(dc, idx, "load: imm must be zero");
		ret = no_fp_write(dc, idx, in->dst_reg);
		if (ret)
			return ret;
		return check_fp_access(dc, idx, in->src_reg, in->off, size, depth);
	case BPF_CORE_ST:
		if (mode != BPF_CORE_MEM)
			return reject(dc, idx, "unknown store opcode");
		if (in->src_reg)
			return reject(dc, idx, "store imm: src register must be zero");
		return check_fp_access(dc, idx, in->dst_reg, in->off, size, depth);
	default: /* STX */
		if (mode == BPF_CORE_MEM) {
			if (in->imm)
				return reject(dc, idx, "store: imm must be zero");
		} else if (mode == BPF_CORE_ATOMIC) {
			if (size != 4 && size != 8)
				return reject(dc, idx, "atomic: size must be 4 or 8");
			switch (in->imm) {
			case BPF_CORE_ADD: case BPF_CORE_OR:
			case BPF_CORE_AND: case BPF_CORE_XOR:
				break;
			case BPF_CORE_ADD | BPF_CORE_FETCH:
			case BPF_CORE_OR | BPF_CORE_FETCH:
			case BPF_CORE_AND | BPF_CORE_FETCH:
			case BPF_CORE_XOR | BPF_CORE_FETCH:
			case BPF_CORE_XCHG:
				ret = no_fp_write(dc, idx, in->src_reg);
				if (ret)
					return ret;
				break;
			case BPF_CORE_CMPXCHG:
				break;
			default:
				return reject(dc, idx, "unknown atomic operation 0x%x",
					      (u32)in->imm);
			}
		} else {
			return reject(dc, idx, "unknown store opcode");
		}
		return check_fp_access(dc, idx, in->dst_reg, in->off, size, depth);
	}
}

static int decode_lddw(struct decode_ctx *dc, u32 idx)
{
	const struct bpf_core_insn *in = &dc->insns[idx];
	const struct bpf_core_insn *hi = in + 1;
	int ret;

	if (idx + 1 >= dc->cnt)
		return reject(dc, idx, "lddw truncated: missing second slot");
	if (hi->code || hi->dst_reg || hi->src_reg || hi->off)
		return reject(dc, idx, "lddw: second slot reserved fields must be zero");
	if (in->off)
		return reject(dc, idx, "lddw: offset must be zero");
	ret = no_fp_write(dc, idx, in->dst_reg);
	if (ret)
		return ret;
	dc->marks[idx + 1] |= SLOT_LDDW_HI;
	return 0;
}

/* Second pass over lddw now that all slot marks are known. */
static int resolve_lddw(struct decode_ctx *dc, struct bpf_core_insn *out,
			u32 idx)
{
	const struct bpf_core_load_opts *o = dc->opts;
	struct bpf_core_insn *in = &out[idx];
	u64 val;
	int ret;

	switch (in->src_reg) {
	case 0:
		return 0;
	case BPF_CORE_PSEUDO_FUNC:
		if (out[idx + 1].imm)
			return reject(dc, idx, "lddw func: high imm must be zero");
		ret = check_target(dc, idx, in->imm, "function");
		if (ret)
			return ret;
		dc->marks[idx + 1 + in->imm] |= SLOT_SUBPROG;
		in->imm = (s32)(idx + 1 + in->imm);
		return 0;
	case BPF_CORE_PSEUDO_MAP_FD: case BPF_CORE_PSEUDO_MAP_VALUE:
	case BPF_CORE_PSEUDO_BTF_ID: case BPF_CORE_PSEUDO_MAP_IDX:
	case BPF_CORE_PSEUDO_MAP_IDX_VALUE:
		if (!o->resolve_ld_imm64)
			return reject(dc, idx, "lddw pseudo source %u needs a resolver",
				      in->src_reg);
		if (dc->err && dc->errlen)
			dc->err[0] = '\0';
		ret = o->resolve_ld_imm64(o->priv, in->src_reg, in->imm,
					  out[idx + 1].imm, &val, dc->err,
					  dc->errlen);
		if (ret) {
			if (dc->err && dc->errlen && !dc->err[0])
				reject(dc, idx, "lddw pseudo source %u: error %d",
				       in->src_reg, ret);
			return ret;
		}
		in->src_reg = 0;
		in->imm = (s32)(u32)val;
		out[idx + 1].imm = (s32)(u32)(val >> 32);
		return 0;
	default:
		return reject(dc, idx, "lddw: invalid pseudo source %u",
			      in->src_reg);
	}
}

/* Does control leave the instruction other than by falling through? */
static bool ends_flow(const struct bpf_core_insn *in)
{
	u8 cls = BPF_CORE_CLASS(in->code);

	if (cls != BPF_CORE_JMP && cls != BPF_CORE_JMP32)
		return false;
	return BPF_CORE_OP(in->code) == BPF_CORE_EXIT ||
	       BPF_CORE_OP(in->code) == BPF_CORE_JA;
}

static bool uses_fp_value(const struct bpf_core_insn *in)
{
	u8 cls = BPF_CORE_CLASS(in->code);

	/* r10 as a value operand lets a pointer into the frame escape. */
	if ((cls == BPF_CORE_ALU || cls == BPF_CORE_ALU64 ||
	     cls == BPF_CORE_JMP || cls == BPF_CORE_JMP32) &&
	    BPF_CORE_SRC(in->code) == BPF_CORE_X &&
	    in->src_reg == BPF_CORE_REG_FP)
		return true;
	if (cls == BPF_CORE_STX && in->src_reg == BPF_CORE_REG_FP)
		return true;
	return false;
}

static int build_subprogs(struct decode_ctx *dc, struct bpf_core_prog *prog,
			  const u32 *depth)
{
	u32 i, n = 0, s;

	dc->marks[0] |= SLOT_SUBPROG;
	for (i = 0; i < dc->cnt; i++)
		if (dc->marks[i] & SLOT_SUBPROG)
			n++;
	prog->subprogs = bpf_core_zalloc(n * sizeof(*prog->subprogs));
	if (!prog->subprogs)
		return -ENOMEM;
	prog->nr_subprogs = n;
	s = 0;
	for (i = 0; i < dc->cnt; i++) {
		if (!(dc->marks[i] & SLOT_SUBPROG))
			continue;
		if (s)
			prog->subprogs[s - 1].len = i - prog->subprogs[s - 1].start;
		prog->subprogs[s++].start = i;
	}
	prog->subprogs[n - 1].len = dc->cnt - prog->subprogs[n - 1].start;
	for (s = 0; s < n; s++) {
		u32 end = prog->subprogs[s].start + prog->subprogs[s].len;
		u32 last = end - 1;

		if (dc->marks[last] & SLOT_LDDW_HI)
			last--;
		if (!ends_flow(&prog->insns[last]))
			return reject(dc, last, "falls off the end of %s",
				      s ? "a subprogram" : "the program");
		for (i = prog->subprogs[s].start; i < end; i++) {
			const struct bpf_core_insn *in = &prog->insns[i];
			u8 cls = BPF_CORE_CLASS(in->code);
			s64 t;

			if (depth[i] > prog->subprogs[s].stack_depth)
				prog->subprogs[s].stack_depth = depth[i];
			if (uses_fp_value(in))
				prog->subprogs[s].stack_depth = BPF_CORE_STACK_SIZE;
			if ((cls != BPF_CORE_JMP && cls != BPF_CORE_JMP32) ||
			    BPF_CORE_OP(in->code) == BPF_CORE_CALL ||
			    BPF_CORE_OP(in->code) == BPF_CORE_EXIT)
				continue;
			t = (s64)i + 1 + (cls == BPF_CORE_JMP32 &&
					  BPF_CORE_OP(in->code) == BPF_CORE_JA ?
					  in->imm : in->off);
			if (t < prog->subprogs[s].start || t >= end)
				return reject(dc, i, "jump to %lld leaves its subprogram [%u, %u)",
					      (long long)t, prog->subprogs[s].start,
					      end);
		}
		/* Keep the frame 8-byte aligned for the JIT. */
		prog->subprogs[s].stack_depth =
			(prog->subprogs[s].stack_depth + 7) & ~7U;
	}
	return 0;
}

int bpf_core_decode(const struct bpf_core_insn *insns, u32 cnt,
		    const struct bpf_core_load_opts *opts,
		    struct bpf_core_prog **out, char *err, size_t errlen)
{
	static const struct bpf_core_load_opts no_opts;
	struct decode_ctx dc = {
		.insns = insns, .cnt = cnt, .err = err, .errlen = errlen,
		.opts = opts ? opts : &no_opts,
	};
	struct bpf_core_prog *prog = NULL;
	u32 *depth = NULL;
	u32 i;
	int ret;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!insns || !cnt) {
		snprintf(err, errlen, "empty program");
		return -EINVAL;
	}
	if (cnt > BPF_CORE_MAX_INSNS) {
		snprintf(err, errlen, "program too long: %u instructions (max %u)",
			 cnt, BPF_CORE_MAX_INSNS);
		return -E2BIG;
	}
	dc.marks = bpf_core_zalloc(cnt);
	depth = bpf_core_zalloc((size_t)cnt * sizeof(*depth));
	prog = bpf_core_zalloc(sizeof(*prog));
	if (!dc.marks || !depth || !prog) {
		ret = -ENOMEM;
		goto fail;
	}
	prog->insns = bpf_core_zalloc((size_t)cnt * sizeof(*insns));
	if (!prog->insns) {
		ret = -ENOMEM;
		goto fail;
	}
	memcpy(prog->insns, insns, (size_t)cnt * sizeof(*insns));
	prog->len = cnt;

	/* Pass 1: lddw second slots, so jump checks can see them. */
	for (i = 0; i < cnt; i++) {
		if (!is_lddw(insns[i].code))
			continue;
		if (dc.marks[i] & SLOT_LDDW_HI)
			continue;
		ret = check_regs(&dc, i);
		if (!ret)
			ret = decode_lddw(&dc, i);
		if (ret)
			goto fail;
	}
	/* Pass 2: every other encoding. */
	for (i = 0; i < cnt; i++) {
		const struct bpf_core_insn *in = &insns[i];

		if (dc.marks[i] & SLOT_LDDW_HI)
			continue;
		ret = check_regs(&dc, i);
		if (ret)
			goto fail;
		switch (BPF_CORE_CLASS(in->code)) {
		case BPF_CORE_LD:
			if (is_lddw(in->code))
				ret = resolve_lddw(&dc, prog->insns, i);
			else if (BPF_CORE_MODE(in->code) == BPF_CORE_ABS ||
				 BPF_CORE_MODE(in->code) == BPF_CORE_IND)
				ret = reject(&dc, i,
					     "legacy packet access (ld_abs/ld_ind) is not supported");
			else
				ret = reject(&dc, i, "unknown opcode");
			break;
		case BPF_CORE_LDX:
		case BPF_CORE_ST:
		case BPF_CORE_STX:
			ret = decode_mem(&dc, i, &depth[i]);
			break;
		case BPF_CORE_ALU:
		case BPF_CORE_ALU64:
			ret = decode_alu(&dc, i);
			break;
		default:
			ret = decode_jmp(&dc, i);
			break;
		}
		if (ret)
			goto fail;
	}
	ret = build_subprogs(&dc, prog, depth);
	if (ret)
		goto fail;
	prog->helpers = dc.opts->helpers;
	prog->nr_helpers = dc.opts->nr_helpers;
	prog->flags = dc.opts->flags;
	prog->tail_call_lookup = dc.opts->tail_call_lookup;
	bpf_core_free(dc.marks);
	bpf_core_free(depth);
	*out = prog;
	return 0;
fail:
	if (ret == -ENOMEM && err && errlen)
		snprintf(err, errlen, "out of memory");
	bpf_core_free(dc.marks);
	bpf_core_free(depth);
	bpf_core_prog_free(prog);
	return ret;
}

void bpf_core_prog_free(struct bpf_core_prog *prog)
{
	if (!prog)
		return;
	if (prog->jit_release)
		prog->jit_release(prog);
	bpf_core_free(prog->subprogs);
	bpf_core_free(prog->insns);
	bpf_core_free(prog);
}
