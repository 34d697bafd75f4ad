// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's driver: structural checks (through the decoder), map
 * resolution, reachability, then a depth-first walk of every path with
 * abstract register and stack state, pruned at checkpoints, bounded by
 * 1M processed instructions. ALU and branch semantics live here; scalars
 * in verifier_scalar.c, memory in verifier_mem.c, calls in
 * verifier_calls.c, state and pruning in verifier_state.c.
 */
#include "verifier_int.h"

static const char * const alu_names[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=",
	"=", "s>>=", "endian", "?", "?",
};

int check_reg_init(struct venv *v, u32 regno)
{
	if (cur_regs(v)[regno].type == NOT_INIT)
		return verr(v, -EACCES, "R%u !read_ok", regno);
	return 0;
}

static const char *ptr_name(const struct vreg *r)
{
	return vreg_type_name(r);
}

/* ptr (+|-)= off_reg, where ptr is a pointer and off_reg a scalar. */
static int adjust_ptr(struct venv *v, u32 dst, struct vreg *ptr,
		      const struct vreg *off_reg, u8 op)
{
	bool known = reg_is_const(off_reg);
	s64 val = (s64)off_reg->var.value;
	struct vreg tmp;

	if (ptr->maybe_null)
		return verr(v, -EACCES, "R%u pointer arithmetic on %s prohibited, null-check it first",
			    dst, ptr_name(ptr));
	if (op != BPF_CORE_ADD && op != BPF_CORE_SUB) {
		if (op == BPF_CORE_AND || op == BPF_CORE_OR || op == BPF_CORE_XOR)
			return verr(v, -EACCES, "R%u bitwise operator %s on pointer prohibited",
				    dst, alu_names[op >> 4]);
		return verr(v, -EACCES, "R%u pointer arithmetic with %s operator prohibited",
			    dst, alu_names[op >> 4]);
	}
	if (ptr->type == CONST_MAP) {
		if (known && !val && op == BPF_CORE_ADD)
			return 0;
		return verr(v, -EACCES, "R%u pointer arithmetic on %s prohibited",
			    dst, ptr_name(ptr));
	}
	/* As the kernel: JITs may not cope with fp - x, so it is refused. */
	if (op == BPF_CORE_SUB && ptr->type == PTR_STACK)
		return verr(v, -EACCES, "R%u subtraction from stack pointer prohibited",
			    dst);
	if (known && (val >= V_MAX_VAR_OFF || val <= -V_MAX_VAR_OFF))
		return verr(v, -EACCES, "%s pointer offset %lld is not allowed",
			    ptr_name(ptr), (long long)val);
	if (off_reg->smin == V_S64_MIN)
		return verr(v, -EACCES, "math between %s pointer and register with unbounded min value is not allowed",
			    ptr_name(ptr));
	if (known && reg_is_const(ptr)) {
		s64 off = op == BPF_CORE_ADD ? (s64)ptr->off + val :
			  (s64)ptr->off - val;

		if (off >= V_MAX_VAR_OFF || off <= -V_MAX_VAR_OFF)
			return verr(v, -EACCES, "%s pointer offset %lld is not allowed",
				    ptr_name(ptr), (long long)off);
		ptr->off = (s32)off;
		return 0;
	}
	tmp = *ptr;
	tmp.type = SCALAR;
	scalar_alu(&tmp, off_reg, op, 0, true);
	ptr->var = tmp.var;
	ptr->smin = tmp.smin;
	ptr->smax = tmp.smax;
	ptr->umin = tmp.umin;
	ptr->umax = tmp.umax;
	ptr->s32min = tmp.s32min;
	ptr->s32max = tmp.s32max;
	ptr->u32min = tmp.u32min;
	ptr->u32max = tmp.u32max;
	if (ptr->smin <= -V_MAX_VAR_OFF || ptr->smin == V_S64_MIN)
		return verr(v, -EACCES, "value %lld makes %s pointer be out of bounds",
			    (long long)ptr->smin, ptr_name(ptr));
	return 0;
}

static int check_alu_ptr(struct venv *v, const struct bpf_core_insn *in,
			 struct vreg *d, const struct vreg *s, bool is64, u8 op)
{
	struct vreg p;
	int ret;

	if (!is64)
		return verr(v, -EACCES, "R%u 32-bit pointer arithmetic prohibited",
			    in->dst_reg);
	if (reg_is_ptr(d) && reg_is_ptr(s)) {
		if (op != BPF_CORE_SUB)
			return verr(v, -EACCES, "R%u pointer %s pointer prohibited",
				    in->dst_reg, alu_names[op >> 4]);
		if (v->unpriv)
			return verr(v, -EACCES, "R%u pointer -= pointer prohibited",
				    in->dst_reg);
		reg_mark_unknown(d);
		return 0;
	}
	if (reg_is_ptr(s)) {
		if (op == BPF_CORE_SUB)
			return verr(v, -EACCES, "R%u tried to subtract pointer from scalar",
				    in->dst_reg);
		p = *s;
		ret = adjust_ptr(v, in->dst_reg, &p, d, op);
		if (!ret)
			*d = p;
		return ret;
	}
	return adjust_ptr(v, in->dst_reg, d, s, op);
}

static int check_alu(struct venv *v, const struct bpf_core_insn *in)
{
	struct vreg *regs = cur_regs(v), *d = &regs[in->dst_reg], imm;
	bool is64 = BPF_CORE_CLASS(in->code) == BPF_CORE_ALU64;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	u8 op = BPF_CORE_OP(in->code);
	const struct vreg *s;
	int ret;

	if (op == BPF_CORE_END || op == BPF_CORE_NEG) {
		ret = check_reg_init(v, in->dst_reg);
		if (ret)
			return ret;
		if (reg_is_ptr(d)) {
			if (v->unpriv)
				return verr(v, -EACCES, "R%u pointer arithmetic prohibited",
					    in->dst_reg);
			reg_mark_unknown(d);
		}
		if (op == BPF_CORE_END)
			scalar_swap(d, in->imm, x, is64);
		else
			scalar_alu(d, d, op, 0, is64);
		return 0;
	}
	if (x) {
		ret = check_reg_init(v, in->src_reg);
		if (ret)
			return ret;
		s = &regs[in->src_reg];
	} else {
		reg_mark_const(&imm, is64 ? (u64)(s64)in->imm : (u64)(u32)in->imm);
		s = &imm;
	}
	if (op == BPF_CORE_MOV) {
		if (!x) {
			*d = imm;
			return 0;
		}
		if (reg_is_ptr(s) && (!is64 || in->off)) {
			if (v->unpriv)
				return verr(v, -EACCES, "R%u partial copy of pointer",
					    in->src_reg);
			reg_mark_unknown(d);
			if (!is64)
				reg_coerce_size(d, 4);
			return 0;
		}
		if (reg_is_ptr(s) || (is64 && !in->off)) {
			/* A full copy: scalars stay linked for branch refinement. */
			if (s->type == SCALAR && !reg_is_const(s) && !s->id)
				regs[in->src_reg].id = ++v->id_gen;
			*d = regs[in->src_reg];
			return 0;
		}
		scalar_alu(d, s, op, in->off, is64);
		return 0;
	}
	ret = check_reg_init(v, in->dst_reg);
	if (ret)
		return ret;
	if (reg_is_ptr(d) || reg_is_ptr(s))
		return check_alu_ptr(v, in, d, s, is64, op);
	scalar_alu(d, s, op, in->off, is64);
	return 0;
}

static int find_map(struct venv *v, s32 fd, u32 *idx)
{
	u32 i;

	for (i = 0; i < v->nmaps; i++) {
		if (v->maps[i].fd == fd) {
			*idx = i;
			return 0;
		}
	}
	return -ENOENT;
}

static int check_ld_imm64(struct venv *v, const struct bpf_core_insn *in)
{
	struct vreg *d = &cur_regs(v)[in->dst_reg];
	u32 idx;

	switch (in->src_reg) {
	case 0:
		reg_mark_const(d, (u64)(u32)in[0].imm | ((u64)(u32)in[1].imm << 32));
		return 0;
	case BPF_CORE_PSEUDO_MAP_FD:
	case BPF_CORE_PSEUDO_MAP_VALUE:
		if (in->src_reg == BPF_CORE_PSEUDO_MAP_FD && in[1].imm)
			return verr(v, -EINVAL, "unrecognized bpf_ld_imm64 insn");
		if (find_map(v, in->imm, &idx))
			return verr(v, -EBADF, "fd %d is not pointing to valid bpf_map",
				    in->imm);
		reg_mark_const(d, 0);
		d->map = idx;
		if (in->src_reg == BPF_CORE_PSEUDO_MAP_FD) {
			d->type = CONST_MAP;
		} else {
			d->type = PTR_MAP_VALUE;
			d->off = in[1].imm;
		}
		return 0;
	default:
		return verr(v, -EINVAL, "unsupported ld_imm64 source %u", in->src_reg);
	}
}

static int check_atomic(struct venv *v, const struct bpf_core_insn *in)
{
	static const u32 sz[4] = { 4, 2, 1, 8 };
	u32 size = sz[BPF_CORE_SIZE(in->code) >> 3];
	struct vreg *regs = cur_regs(v), loaded;
	int ret;

	ret = check_reg_init(v, in->src_reg);
	if (!ret)
		ret = check_reg_init(v, in->dst_reg);
	if (!ret && in->imm == BPF_CORE_CMPXCHG)
		ret = check_reg_init(v, 0);
	if (ret)
		return ret;
	if (reg_is_ptr(&regs[in->src_reg]) && v->unpriv)
		return verr(v, -EACCES, "R%u leaks addr into mem", in->src_reg);
	if (in->imm == BPF_CORE_CMPXCHG && reg_is_ptr(&regs[0]) && v->unpriv)
		return verr(v, -EACCES, "R0 leaks addr into mem");
	if (regs[in->dst_reg].type == PTR_CTX)
		return verr(v, -EACCES, "BPF_ATOMIC stores into R%u ctx is not allowed",
			    in->dst_reg);
	ret = check_mem_access(v, in->dst_reg, in->off, size, false, NULL,
			       &loaded);
	if (ret)
		return ret;
	/* The slot turns into plain data; the old value (even a spilled
	 * pointer) is what a fetch returns.
	 */
	ret = check_mem_access(v, in->dst_reg, in->off, size, true, NULL, NULL);
	if (ret)
		return ret;
	if (in->imm == BPF_CORE_CMPXCHG)
		regs[0] = loaded;
	else if (in->imm & BPF_CORE_FETCH)
		regs[in->src_reg] = loaded;
	return 0;
}

/*
 * One instruction must not access ctx on one path and other memory on
 * another: context accesses may be rewritten per instruction.
 */
static int check_ptr_kind(struct venv *v, u32 regno)
{
	u8 kind = cur_regs(v)[regno].type == PTR_CTX ? 1 : 2;
	u8 *seen = &v->aux_ptr[v->insn_idx];

	if (*seen && *seen != kind)
		return verr(v, -EINVAL, "same insn cannot be used with different pointers");
	*seen = kind;
	return 0;
}

static int check_mem_insn(struct venv *v, const struct bpf_core_insn *in)
{
	static const u32 sz[4] = { 4, 2, 1, 8 };
	u32 size = sz[BPF_CORE_SIZE(in->code) >> 3];
	struct vreg *regs = cur_regs(v), val;
	int ret;

	switch (BPF_CORE_CLASS(in->code)) {
	case BPF_CORE_LDX:
		ret = check_reg_init(v, in->src_reg);
		if (!ret)
			ret = check_ptr_kind(v, in->src_reg);
		if (ret)
			return ret;
		ret = check_mem_access(v, in->src_reg, in->off, size, false,
				       NULL, &val);
		if (ret)
			return ret;
		if (BPF_CORE_MODE(in->code) == BPF_CORE_MEMSX)
			reg_sext_size(&val, size);
		regs[in->dst_reg] = val;
		return 0;
	case BPF_CORE_ST:
		ret = check_reg_init(v, in->dst_reg);
		if (!ret)
			ret = check_ptr_kind(v, in->dst_reg);
		if (ret)
			return ret;
		reg_mark_const(&val, (u64)(s64)in->imm);
		return check_mem_access(v, in->dst_reg, in->off, size, true,
					&val, NULL);
	default:
		if (BPF_CORE_MODE(in->code) == BPF_CORE_ATOMIC)
			return check_atomic(v, in);
		ret = check_reg_init(v, in->src_reg);
		if (!ret)
			ret = check_reg_init(v, in->dst_reg);
		if (!ret)
			ret = check_ptr_kind(v, in->dst_reg);
		if (ret)
			return ret;
		val = regs[in->src_reg];
		return check_mem_access(v, in->dst_reg, in->off, size, true,
					&val, NULL);
	}
}

static int push_pending(struct venv *v, u32 insn)
{
	struct vpending *p;

	if (v->npending >= V_MAX_PENDING)
		return verr(v, -E2BIG, "The sequence of %u jumps is too complex.",
			    v->npending);
	p = &v->pending[v->npending];
	p->st = vstate_copy(v, v->cur);
	if (!p->st)
		return -ENOMEM;
	p->insn = insn;
	p->prev_insn = v->insn_idx;
	p->log_pos = v->log.len;
	v->npending++;
	if (v->npending > v->stats.peak_pending)
		v->stats.peak_pending = v->npending;
	if (v->cur->parent)
		v->cur->parent->branches++;
	return 0;
}

static bool pop_pending(struct venv *v, u32 *insn)
{
	struct vpending *p;

	if (!v->npending)
		return false;
	p = &v->pending[--v->npending];
	vstate_free(v, v->cur);
	v->cur = p->st;
	p->st = NULL;
	*insn = p->insn;
	v->prev_insn = p->prev_insn;
	if (v->log.level == BPF_CORE_LOG_LEVEL1 && !v->log.truncated &&
	    p->log_pos < v->log.len) {
		v->log.len = p->log_pos;
		v->log.buf[p->log_pos] = '\0';
	}
	return true;
}

/* Every register holding the same linked scalar learns the refinement. */
static void propagate_scalar(struct vstate *st, const struct vreg *r)
{
	u32 f, i;

	if (r->type != SCALAR || !r->id)
		return;
	for (f = 0; f <= st->curframe; f++) {
		struct vframe *fr = st->frames[f];

		for (i = 0; i < BPF_CORE_MAX_REG; i++)
			if (fr->regs[i].type == SCALAR && fr->regs[i].id == r->id)
				fr->regs[i] = *r;
		for (i = 0; i < V_SLOTS; i++)
			if (fr->stype[i * 8] == STK_SPILL &&
			    fr->spill[i].type == SCALAR && fr->spill[i].id == r->id)
				fr->spill[i] = *r;
	}
}

static void apply_branch(struct venv *v, const struct bpf_core_insn *in,
			 const struct vreg *a, const struct vreg *b, bool x)
{
	struct vreg *regs = cur_regs(v);

	if (x && in->src_reg != in->dst_reg) {
		regs[in->src_reg] = *b;
		propagate_scalar(v->cur, b);
	}
	regs[in->dst_reg] = *a;
	propagate_scalar(v->cur, a);
}

/* Like the kernel, only map values are known non-NULL in a compare. */
static bool never_null(const struct vreg *r)
{
	return r->type == PTR_MAP_VALUE && !r->maybe_null;
}

static bool is_zero(const struct vreg *r)
{
	return r->type == SCALAR && reg_is_const(r) && !r->var.value;
}

static int check_ptr_cond(struct venv *v, const struct bpf_core_insn *in,
			  u32 target, u32 *next)
{
	struct vreg *regs = cur_regs(v), *d = &regs[in->dst_reg], imm;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	bool is32 = BPF_CORE_CLASS(in->code) == BPF_CORE_JMP32;
	u8 op = BPF_CORE_OP(in->code);
	const struct vreg *s, *p = NULL, *o = NULL;
	u32 id;
	int ret;

	if (!x)
		reg_mark_const(&imm, (u64)(s64)in->imm);
	s = x ? &regs[in->src_reg] : &imm;
	if (reg_is_ptr(d) && !reg_is_ptr(s)) {
		p = d;
		o = s;
	} else if (reg_is_ptr(s) && !reg_is_ptr(d)) {
		p = s;
		o = d;
	}
	if (!is32 && p && is_zero(o) && (p->maybe_null || never_null(p)) &&
	    (op == BPF_CORE_JEQ || op == BPF_CORE_JNE)) {
		if (never_null(p)) {
			*next = op == BPF_CORE_JNE ? target : v->insn_idx + 1;
			return 0;
		}
		id = p->id;
		/* The pushed state takes the jump; cur falls through. */
		ret = push_pending(v, target);
		if (ret)
			return ret;
		mark_ptr_or_null(v, v->pending[v->npending - 1].st, id,
				 op == BPF_CORE_JEQ);
		mark_ptr_or_null(v, v->cur, id, op != BPF_CORE_JEQ);
		*next = v->insn_idx + 1;
		return 0;
	}
	if (v->unpriv)
		return verr(v, -EACCES, "R%u pointer comparison prohibited",
			    reg_is_ptr(d) ? in->dst_reg : in->src_reg);
	ret = push_pending(v, target);
	if (ret)
		return ret;
	*next = v->insn_idx + 1;
	return 0;
}

static int check_cond_jmp(struct venv *v, const struct bpf_core_insn *in,
			  u32 *next)
{
	struct vreg *regs = cur_regs(v), imm, at, bt, af, bf;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	bool is32 = BPF_CORE_CLASS(in->code) == BPF_CORE_JMP32;
	u8 op = BPF_CORE_OP(in->code);
	u32 target = v->insn_idx + 1 + in->off;
	bool ft, ff;
	int ret;

	ret = check_reg_init(v, in->dst_reg);
	if (!ret && x)
		ret = check_reg_init(v, in->src_reg);
	if (ret)
		return ret;
	if (reg_is_ptr(&regs[in->dst_reg]) ||
	    (x && reg_is_ptr(&regs[in->src_reg])))
		return check_ptr_cond(v, in, target, next);
	if (!x)
		reg_mark_const(&imm, (u64)(s64)in->imm);
	at = af = regs[in->dst_reg];
	bt = bf = x ? regs[in->src_reg] : imm;
	if (x && in->src_reg == in->dst_reg) {
		/* One register on both sides: both views must agree. */
		ft = scalar_branch(&at, &bt, op, is32, true);
		ff = scalar_branch(&af, &bf, op, is32, false);
		if (ft && (at.umin != bt.umin || at.umax != bt.umax))
			at = regs[in->dst_reg];
		if (ff && (af.umin != bf.umin || af.umax != bf.umax))
			af = regs[in->dst_reg];
	} else {
		ft = scalar_branch(&at, &bt, op, is32, true);
		ff = scalar_branch(&af, &bf, op, is32, false);
	}
	/*
	 * Unprivileged: a CPU may still speculate into the branch we proved
	 * dead (Spectre v1), so it is walked too, without refinement.
	 */
	if (v->unpriv && ft != ff) {
		if (!ft) {
			at = regs[in->dst_reg];
			bt = x ? regs[in->src_reg] : imm;
		} else {
			af = regs[in->dst_reg];
			bf = x ? regs[in->src_reg] : imm;
		}
		ft = ff = true;
	}
	if (ft && ff) {
		ret = push_pending(v, target);
		if (ret)
			return ret;
		/* Refine the pushed copy through the current state's slot. */
		{
			struct vstate *saved = v->cur;

			v->cur = v->pending[v->npending - 1].st;
			apply_branch(v, in, &at, &bt, x);
			v->cur = saved;
		}
		apply_branch(v, in, &af, &bf, x);
		*next = v->insn_idx + 1;
	} else if (ft) {
		apply_branch(v, in, &at, &bt, x);
		*next = target;
	} else if (ff) {
		apply_branch(v, in, &af, &bf, x);
		*next = v->insn_idx + 1;
	} else {
		*next = ~0U;	/* no value can get here: the path ends */
	}
	return 0;
}

static int check_jmp(struct venv *v, const struct bpf_core_insn *in,
		     u32 *next, bool *end)
{
	u8 op = BPF_CORE_OP(in->code);
	bool is32 = BPF_CORE_CLASS(in->code) == BPF_CORE_JMP32;

	switch (op) {
	case BPF_CORE_JA:
		*next = v->insn_idx + 1 + (is32 ? in->imm : in->off);
		return 0;
	case BPF_CORE_EXIT:
		return check_func_exit(v, next, end);
	case BPF_CORE_CALL:
		*next = v->insn_idx + 1;
		if (in->src_reg == BPF_CORE_CALL_LOCAL && v->unpriv)
			return verr(v, -EINVAL, "function calls to other bpf functions are allowed for CAP_BPF and CAP_SYS_ADMIN");
		if (in->src_reg == BPF_CORE_CALL_LOCAL)
			return check_local_call(v, in, next);
		if (in->src_reg != BPF_CORE_CALL_HELPER)
			return verr(v, -EINVAL, "unsupported call kind %u", in->src_reg);
		return check_helper_call(v, in);
	default:
		return check_cond_jmp(v, in, next);
	}
}

static int do_insn(struct venv *v, u32 *next, bool *end)
{
	const struct bpf_core_insn *in = &v->insns[v->insn_idx];

	*end = false;
	*next = v->insn_idx + bpf_core_insn_slots(in);
	switch (BPF_CORE_CLASS(in->code)) {
	case BPF_CORE_ALU:
	case BPF_CORE_ALU64:
		return check_alu(v, in);
	case BPF_CORE_LD:
		return check_ld_imm64(v, in);
	case BPF_CORE_LDX:
	case BPF_CORE_ST:
	case BPF_CORE_STX:
		return check_mem_insn(v, in);
	default:
		return check_jmp(v, in, next, end);
	}
}

static int do_check(struct venv *v)
{
	struct vreg *regs;
	u32 insn = 0, next;
	bool end;
	int ret;

	v->cur = vstate_new(v);
	if (!v->cur)
		return -ENOMEM;
	regs = cur_regs(v);
	reg_mark_const(&regs[1], 0);
	regs[1].type = PTR_CTX;
	reg_mark_const(&regs[BPF_CORE_REG_FP], 0);
	regs[BPF_CORE_REG_FP].type = PTR_STACK;

	for (;;) {
		if (++v->processed > v->complexity)
			return verr(v, -E2BIG, "BPF program is too large. Processed %u insn",
				    v->processed - 1);
		v->insn_idx = insn;
		if (v->env->insn_visited)
			v->env->insn_visited[insn] = 1;
		if (v->prune_point[insn]) {
			ret = state_visited(v, insn);
			if (ret < 0)
				return ret;
			if (ret) {
				if (v->log.level & BPF_CORE_LOG_LEVEL2)
					vlog(v, "%u: safe\n", insn);
				path_done(v, v->cur->parent);
				goto next_path;
			}
		}
		if (v->log.level & BPF_CORE_LOG_LEVEL2) {
			vlog(v, "%u:", insn);
			vlog_state(v, v->cur);
		}
		vlog_insn(v, insn);
		ret = do_insn(v, &next, &end);
		if (ret)
			return ret;
		if (!end && next != ~0U) {
			v->prev_insn = insn;
			insn = next;
			continue;
		}
		path_done(v, v->cur->parent);
next_path:
		if (!pop_pending(v, &insn))
			return 0;
		if (v->log.level)
			vlog(v, "from %u to %u:\n", v->prev_insn, insn);
	}
}

static u64 no_helper(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	(void)a; (void)b; (void)c; (void)d; (void)e;
	return 0;
}

static const bpf_core_helper_fn any_helper[256] = {
	[0 ... 255] = no_helper,
};

/* Structural pass: the decoder accepts every lddw source we interpret. */
static int lddw_structural(void *priv, u8 src, s32 lo, s32 hi, u64 *val,
			   char *err, size_t errlen)
{
	(void)priv; (void)lo; (void)hi; (void)err; (void)errlen;
	*val = 0;
	return src == BPF_CORE_PSEUDO_MAP_FD || src == BPF_CORE_PSEUDO_MAP_VALUE ?
	       0 : -EINVAL;
}

static int resolve_maps(struct venv *v)
{
	const struct bpf_core_verify_env *env = v->env;
	u32 i, idx;
	int ret;

	for (i = 0; i + 1 < v->cnt; i++) {
		const struct bpf_core_insn *in = &v->insns[i];
		struct vmap *m;

		if (in->code != (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW))
			continue;
		v->insn_idx = i;
		if (in->src_reg == BPF_CORE_PSEUDO_MAP_FD ||
		    in->src_reg == BPF_CORE_PSEUDO_MAP_VALUE) {
			if (find_map(v, in->imm, &idx)) {
				if (v->nmaps >= V_MAX_MAPS)
					return verr(v, -E2BIG, "too many maps");
				m = &v->maps[v->nmaps];
				ret = env->map_by_fd ?
				      env->map_by_fd(env->priv, in->imm, &m->desc) :
				      -EBADF;
				if (ret)
					return verr(v, ret, "fd %d is not pointing to valid bpf_map",
						    in->imm);
				m->fd = in->imm;
				idx = v->nmaps++;
			}
			m = &v->maps[idx];
			if (in->src_reg == BPF_CORE_PSEUDO_MAP_VALUE) {
				if (m->desc.type != BPF_CORE_MAP_ARRAY ||
				    m->desc.max_entries != 1)
					return verr(v, -EINVAL, "map direct value access needs a one-element array map");
				if ((u32)in[1].imm >= m->desc.value_size)
					return verr(v, -EINVAL, "invalid access to map value pointer, value_size=%u off=%u",
						    m->desc.value_size, (u32)in[1].imm);
			}
		}
		i++;
	}
	return 0;
}

static void mark_prune(struct venv *v, u32 t)
{
	if (t < v->cnt)
		v->prune_point[t] = 1;
}

/* Successors of t; loop_ok: may close a loop (only jumps may, as the kernel). */
static u32 cfg_succ(struct venv *v, u32 t, u32 *succ, bool *loop_ok)
{
	const struct bpf_core_insn *in = &v->insns[t];
	u8 cls = BPF_CORE_CLASS(in->code), op = BPF_CORE_OP(in->code);

	if (cls != BPF_CORE_JMP && cls != BPF_CORE_JMP32) {
		succ[0] = t + bpf_core_insn_slots(in);
		loop_ok[0] = false;
		return 1;
	}
	switch (op) {
	case BPF_CORE_EXIT:
		return 0;
	case BPF_CORE_JA:
		succ[0] = t + 1 + (cls == BPF_CORE_JMP32 ? in->imm : in->off);
		loop_ok[0] = true;
		mark_prune(v, succ[0]);
		return 1;
	case BPF_CORE_CALL:
		succ[0] = t + 1;
		loop_ok[0] = false;
		mark_prune(v, t + 1);
		if (in->src_reg != BPF_CORE_CALL_LOCAL)
			return 1;
		succ[1] = t + 1 + in->imm;
		loop_ok[1] = false;
		return 2;
	default:
		succ[0] = t + 1;
		succ[1] = t + 1 + in->off;
		loop_ok[0] = loop_ok[1] = true;
		mark_prune(v, t + 1);
		mark_prune(v, succ[1]);
		return 2;
	}
}

/*
 * Depth-first walk of the control-flow graph: every instruction must be
 * reachable, and an edge back into the walk's own path must be a jump.
 * Also marks the checkpoints (branch targets, fall-throughs, returns).
 */
static int check_cfg(struct venv *v)
{
	u32 *stack, depth = 0, i, succ[2];
	u8 *state, *next;
	bool loop_ok[2];
	int ret = 0;

	stack = vzalloc(v, (size_t)v->cnt * sizeof(*stack));
	state = vzalloc(v, v->cnt);
	next = vzalloc(v, v->cnt);
	if (!stack || !state || !next) {
		ret = -ENOMEM;
		goto out;
	}
	stack[depth++] = 0;
	state[0] = 1;
	while (depth) {
		u32 t = stack[depth - 1], ns = cfg_succ(v, t, succ, loop_ok), w;

		if (next[t] >= ns) {
			state[t] = 2;
			depth--;
			continue;
		}
		w = succ[next[t]];
		/* Loops are for CAP_BPF only, as in the kernel. */
		if (state[w] == 1 && (!loop_ok[next[t]] || v->unpriv)) {
			v->insn_idx = t;
			ret = verr(v, -EINVAL, "back-edge from insn %u to %u", t, w);
			goto out;
		}
		next[t]++;
		if (!state[w]) {
			state[w] = 1;
			stack[depth++] = w;
		}
	}
	for (i = 0; i < v->cnt; i++) {
		if (!state[i]) {
			v->insn_idx = i;
			ret = verr(v, -EINVAL, "unreachable insn %u", i);
			goto out;
		}
		i += bpf_core_insn_slots(&v->insns[i]) - 1;
	}
out:
	vfree(v, stack, (size_t)v->cnt * sizeof(*stack));
	vfree(v, state, v->cnt);
	vfree(v, next, v->cnt);
	return ret;
}

static int setup(struct venv *v, const struct bpf_core_prog *prog)
{
	u32 i, j;

	v->nsubprogs = prog->nr_subprogs;
	v->subprogs = vzalloc(v, v->nsubprogs * sizeof(*v->subprogs));
	v->insn_subprog = vzalloc(v, (size_t)v->cnt * sizeof(u32));
	v->prune_point = vzalloc(v, v->cnt);
	v->live = vzalloc(v, (size_t)v->cnt * sizeof(u16));
	v->explored = vzalloc(v, (size_t)v->cnt * sizeof(*v->explored));
	v->pending = vzalloc(v, V_MAX_PENDING * sizeof(*v->pending));
	v->aux_ptr = vzalloc(v, v->cnt);
	if (!v->aux_ptr || !v->subprogs || !v->insn_subprog || !v->prune_point || !v->live ||
	    !v->explored || !v->pending)
		return -ENOMEM;
	for (i = 0; i < v->nsubprogs; i++) {
		v->subprogs[i].start = prog->subprogs[i].start;
		v->subprogs[i].end = prog->subprogs[i].start + prog->subprogs[i].len;
		for (j = v->subprogs[i].start; j < v->subprogs[i].end; j++)
			v->insn_subprog[j] = i;
	}
	return 0;
}

static void teardown(struct venv *v)
{
	u32 i;

	explored_free(v);
	if (v->pending)
		for (i = 0; i < v->npending; i++)
			vstate_free(v, v->pending[i].st);
	vstate_free(v, v->cur);
	vfree(v, v->subprogs, v->nsubprogs * sizeof(*v->subprogs));
	vfree(v, v->insn_subprog, (size_t)v->cnt * sizeof(u32));
	vfree(v, v->prune_point, v->cnt);
	vfree(v, v->live, (size_t)v->cnt * sizeof(u16));
	vfree(v, v->explored, (size_t)v->cnt * sizeof(*v->explored));
	vfree(v, v->pending, V_MAX_PENDING * sizeof(*v->pending));
	vfree(v, v->aux_ptr, v->cnt);
}

static bool prog_type_supported(u32 t)
{
	return t == BPF_CORE_PROG_SOCKET_FILTER || t == BPF_CORE_PROG_KPROBE ||
	       t == BPF_CORE_PROG_TRACEPOINT || t == BPF_CORE_PROG_RAW_TRACEPOINT;
}

int bpf_core_verify(const struct bpf_core_insn *insns, u32 cnt,
		    const struct bpf_core_verify_env *env, char *log,
		    u32 log_size, u32 log_level,
		    struct bpf_core_verify_stats *stats)
{
	struct bpf_core_load_opts opts = {
		.helpers = any_helper, .nr_helpers = ARRAY_SIZE(any_helper),
		.resolve_ld_imm64 = lddw_structural,
	};
	struct bpf_core_prog *prog = NULL;
	struct bpf_core_insn *dcopy;
	struct venv *v;
	u32 i;
	int ret;

	if (log_level & ~7U || (log_level && (!log || log_size < 128)))
		return -EINVAL;
	if (!env || !insns || !cnt)
		return -EINVAL;
	if (cnt > BPF_CORE_MAX_INSNS)
		return -E2BIG;
	v = bpf_core_zalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->insns = insns;
	v->cnt = cnt;
	v->env = env;
	v->unpriv = env->flags & BPF_CORE_VERIFY_UNPRIV;
	v->complexity = env->max_insns_processed &&
			env->max_insns_processed < V_COMPLEXITY ?
			env->max_insns_processed : V_COMPLEXITY;
	v->allow_uninit_stack = !v->unpriv &&
				(env->flags & BPF_CORE_VERIFY_ALLOW_UNINIT_STACK);
	vlog_init(&v->log, log, log_level ? log_size : 0, log_level);
	if (env->insn_visited)
		memset(env->insn_visited, 0, cnt);
	if (!prog_type_supported(env->prog_type)) {
		ret = verr(v, -EINVAL, "unsupported program type %u", env->prog_type);
		goto out;
	}
	/*
	 * The decoder checks structure. A call to an unknown helper (libbpf
	 * poisons failed CO-RE relocations as call 0xbad2310) only matters
	 * on a path that reaches it, so the decoder sees helper 0 there.
	 */
	dcopy = bpf_core_zalloc((size_t)cnt * sizeof(*insns));
	if (!dcopy) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(dcopy, insns, (size_t)cnt * sizeof(*insns));
	for (i = 0; i < cnt; i++)
		if (dcopy[i].code == (BPF_CORE_JMP | BPF_CORE_CALL) &&
		    dcopy[i].src_reg == BPF_CORE_CALL_HELPER &&
		    (dcopy[i].imm < 0 || dcopy[i].imm >= (s32)ARRAY_SIZE(any_helper)))
			dcopy[i].imm = 0;
	ret = bpf_core_decode(dcopy, cnt, &opts, &prog, log,
			      log_level ? log_size : 0);
	bpf_core_free(dcopy);
	if (ret) {
		v->log.len = log && log_level ? (u32)strlen(log) : 0;
		vlog(v, "\n");
		goto out;
	}
	ret = setup(v, prog);
	if (!ret)
		ret = resolve_maps(v);
	if (!ret)
		ret = check_cfg(v);
	if (!ret)
		ret = compute_liveness(v);
	if (!ret)
		ret = do_check(v);
	if (!ret)
		ret = check_combined_stack(v);
	if (ret == -ENOMEM)
		verr(v, ret, "out of memory");
	if (v->log.level)
		vlog(v, "processed %u insns (limit %u) max_states_per_insn 0 total_states %u peak_states %u mark_read 0\n",
		     v->processed, v->complexity, v->stats.states_stored,
		     v->stats.states_stored);
	v->stats.insns_processed = v->processed;
	v->stats.peak_mem = v->peak_mem + sizeof(*v);
	teardown(v);
out:
	if (stats)
		*stats = v->stats;
	if (v->log.level && v->log.truncated)
		ret = -ENOSPC;
	bpf_core_prog_free(prog);
	bpf_core_free(v);
	return ret;
}
