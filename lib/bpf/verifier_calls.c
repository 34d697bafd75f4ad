// SPDX-License-Identifier: GPL-2.0
/*
 * Calls: the helper prototype table (shared with the driver), argument
 * checks against it, acquired references (ring-buffer reservations) that
 * must be released on every path, NULL-check propagation, bpf-to-bpf
 * calls (8 frames, 512 bytes combined) and returns.
 */
#include "verifier_int.h"

#define PT(t)	(1U << BPF_CORE_PROG_##t)
#define P_ALL	(PT(SOCKET_FILTER) | PT(KPROBE) | PT(TRACEPOINT) | \
		 PT(RAW_TRACEPOINT))
#define P_TRACE	(PT(KPROBE) | PT(TRACEPOINT) | PT(RAW_TRACEPOINT))
#define NO_MAP	(~0U)

#define A(x)	BPF_CORE_ARG_##x
#define R(x)	BPF_CORE_RET_##x

static const struct bpf_core_helper_proto protos[] = {
	{ 1, "map_lookup_elem", R(MAP_VALUE_OR_NULL),
	  { A(CONST_MAP_PTR), A(PTR_TO_MAP_KEY) }, P_ALL, 0 },
	{ 2, "map_update_elem", R(INTEGER),
	  { A(CONST_MAP_PTR), A(PTR_TO_MAP_KEY), A(PTR_TO_MAP_VALUE),
	    A(ANYTHING) }, P_ALL, 0 },
	{ 3, "map_delete_elem", R(INTEGER),
	  { A(CONST_MAP_PTR), A(PTR_TO_MAP_KEY) }, P_ALL, 0 },
	{ 4, "probe_read", R(INTEGER),
	  { A(PTR_TO_UNINIT_MEM), A(CONST_SIZE_OR_ZERO), A(ANYTHING) },
	  P_TRACE, NO_MAP },
	{ 5, "ktime_get_ns", R(INTEGER), { 0 }, P_ALL, NO_MAP },
	{ 6, "trace_printk", R(INTEGER), { A(PTR_TO_MEM), A(CONST_SIZE) },
	  P_ALL, NO_MAP },
	{ 7, "get_prandom_u32", R(INTEGER), { 0 }, P_ALL, NO_MAP },
	{ 8, "get_smp_processor_id", R(INTEGER), { 0 }, P_ALL, NO_MAP },
	{ 12, "tail_call", R(VOID),
	  { A(PTR_TO_CTX), A(CONST_MAP_PTR), A(ANYTHING) }, P_ALL,
	  BPF_CORE_MAP_PROG_ARRAY },
	{ 14, "get_current_pid_tgid", R(INTEGER), { 0 }, P_TRACE, NO_MAP },
	{ 15, "get_current_uid_gid", R(INTEGER), { 0 }, P_TRACE, NO_MAP },
	{ 16, "get_current_comm", R(INTEGER),
	  { A(PTR_TO_UNINIT_MEM), A(CONST_SIZE) }, P_TRACE, NO_MAP },
	{ 25, "perf_event_output", R(INTEGER),
	  { A(PTR_TO_CTX), A(CONST_MAP_PTR), A(ANYTHING), A(PTR_TO_MEM),
	    A(CONST_SIZE_OR_ZERO) }, P_ALL, BPF_CORE_MAP_PERF_EVENT_ARRAY },
	{ 26, "skb_load_bytes", R(INTEGER),
	  { A(PTR_TO_CTX), A(ANYTHING), A(PTR_TO_UNINIT_MEM), A(CONST_SIZE) },
	  PT(SOCKET_FILTER), NO_MAP },
	{ 27, "get_stackid", R(INTEGER),
	  { A(PTR_TO_CTX), A(CONST_MAP_PTR), A(ANYTHING) }, P_TRACE,
	  BPF_CORE_MAP_STACK_TRACE },
	{ 35, "get_current_task", R(INTEGER), { 0 }, P_ALL, NO_MAP },
	{ 45, "probe_read_str", R(INTEGER),
	  { A(PTR_TO_UNINIT_MEM), A(CONST_SIZE_OR_ZERO), A(ANYTHING) },
	  P_TRACE, NO_MAP },
	{ 112, "probe_read_user", R(INTEGER),
	  { A(PTR_TO_UNINIT_MEM), A(CONST_SIZE_OR_ZERO), A(ANYTHING) },
	  P_TRACE, NO_MAP },
	{ 113, "probe_read_kernel", R(INTEGER),
	  { A(PTR_TO_UNINIT_MEM), A(CONST_SIZE_OR_ZERO), A(ANYTHING) },
	  P_ALL, NO_MAP },
	{ 114, "probe_read_user_str", R(INTEGER),
	  { A(PTR_TO_UNINIT_MEM), A(CONST_SIZE_OR_ZERO), A(ANYTHING) },
	  P_TRACE, NO_MAP },
	{ 115, "probe_read_kernel_str", R(INTEGER),
	  { A(PTR_TO_UNINIT_MEM), A(CONST_SIZE_OR_ZERO), A(ANYTHING) },
	  P_ALL, NO_MAP },
	{ 22, "perf_event_read", R(INTEGER),
	  { A(CONST_MAP_PTR), A(ANYTHING) }, P_TRACE,
	  BPF_CORE_MAP_PERF_EVENT_ARRAY },
	{ 37, "current_task_under_cgroup", R(INTEGER),
	  { A(CONST_MAP_PTR), A(ANYTHING) }, P_TRACE, BPF_CORE_MAP_CGROUP_ARRAY },
	{ 42, "get_numa_node_id", R(INTEGER), { 0 }, P_ALL, NO_MAP },
	{ 55, "perf_event_read_value", R(INTEGER),
	  { A(CONST_MAP_PTR), A(ANYTHING), A(PTR_TO_UNINIT_MEM), A(CONST_SIZE) },
	  P_TRACE, BPF_CORE_MAP_PERF_EVENT_ARRAY },
	{ 67, "get_stack", R(INTEGER),
	  { A(PTR_TO_CTX), A(PTR_TO_UNINIT_MEM), A(CONST_SIZE_OR_ZERO),
	    A(ANYTHING) }, P_TRACE, NO_MAP },
	{ 80, "get_current_cgroup_id", R(INTEGER), { 0 }, P_TRACE, NO_MAP },
	{ 118, "jiffies64", R(INTEGER), { 0 }, P_ALL, NO_MAP },
	{ 120, "get_ns_current_pid_tgid", R(INTEGER),
	  { A(ANYTHING), A(ANYTHING), A(PTR_TO_UNINIT_MEM), A(CONST_SIZE) },
	  P_TRACE, NO_MAP },
	{ 125, "ktime_get_boot_ns", R(INTEGER), { 0 }, P_ALL, NO_MAP },
	{ 130, "ringbuf_output", R(INTEGER),
	  { A(CONST_MAP_PTR), A(PTR_TO_MEM), A(CONST_SIZE_OR_ZERO),
	    A(ANYTHING) }, P_ALL, BPF_CORE_MAP_RINGBUF },
	{ 131, "ringbuf_reserve", R(ALLOC_MEM_OR_NULL),
	  { A(CONST_MAP_PTR), A(CONST_ALLOC_SIZE), A(ANYTHING) }, P_ALL,
	  BPF_CORE_MAP_RINGBUF },
	{ 132, "ringbuf_submit", R(VOID),
	  { A(PTR_TO_ALLOC_MEM), A(ANYTHING) }, P_ALL, NO_MAP },
	{ 133, "ringbuf_discard", R(VOID),
	  { A(PTR_TO_ALLOC_MEM), A(ANYTHING) }, P_ALL, NO_MAP },
	{ 134, "ringbuf_query", R(INTEGER),
	  { A(CONST_MAP_PTR), A(ANYTHING) }, P_ALL, BPF_CORE_MAP_RINGBUF },
	/* takes a seqlock: not from tracing contexts (NMI), as the kernel */
	{ 160, "ktime_get_coarse_ns", R(INTEGER), { 0 }, PT(SOCKET_FILTER),
	  NO_MAP },
	{ 173, "get_func_ip", R(INTEGER), { A(PTR_TO_CTX) }, PT(KPROBE), NO_MAP },
	{ 174, "get_attach_cookie", R(INTEGER), { A(PTR_TO_CTX) }, P_TRACE,
	  NO_MAP },
};

const struct bpf_core_helper_proto *bpf_core_helper_proto(s32 id)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].id == id)
			return &protos[i];
	return NULL;
}

static bool is_data_map(u32 type)
{
	switch (type) {
	case BPF_CORE_MAP_HASH: case BPF_CORE_MAP_ARRAY:
	case BPF_CORE_MAP_PERCPU_HASH: case BPF_CORE_MAP_PERCPU_ARRAY:
	case BPF_CORE_MAP_LRU_HASH: case BPF_CORE_MAP_LRU_PERCPU_HASH:
		return true;
	default:
		return false;
	}
}

typedef void (*reg_visit_fn)(struct vreg *r, u32 arg);

static void visit_all_regs(struct vstate *st, reg_visit_fn fn, u32 arg)
{
	u32 f, i;

	for (f = 0; f <= st->curframe; f++) {
		struct vframe *fr = st->frames[f];

		for (i = 0; i < BPF_CORE_MAX_REG; i++)
			fn(&fr->regs[i], arg);
		for (i = 0; i < V_SLOTS; i++)
			if (fr->stype[i * 8] == STK_SPILL)
				fn(&fr->spill[i], arg);
	}
}

static void drop_ref(struct vstate *st, u32 id)
{
	u32 i;

	for (i = 0; i < st->nrefs; i++) {
		if (st->refs[i].id != id)
			continue;
		st->refs[i] = st->refs[--st->nrefs];
		return;
	}
}

static void mark_null(struct vreg *r, u32 id)
{
	if (reg_is_ptr(r) && r->maybe_null && r->id == id)
		reg_mark_const(r, 0);
}

static void mark_nonnull(struct vreg *r, u32 id)
{
	if (reg_is_ptr(r) && r->maybe_null && r->id == id) {
		r->maybe_null = 0;
		r->id = 0;
	}
}

void mark_ptr_or_null(struct venv *v, struct vstate *st, u32 id, bool null)
{
	u32 f, i, ref = 0;

	(void)v;
	/* A NULL reservation holds no reference. */
	for (f = 0; f <= st->curframe && null && !ref; f++)
		for (i = 0; i < BPF_CORE_MAX_REG; i++)
			if (st->frames[f]->regs[i].id == id &&
			    st->frames[f]->regs[i].ref_obj_id)
				ref = st->frames[f]->regs[i].ref_obj_id;
	visit_all_regs(st, null ? mark_null : mark_nonnull, id);
	if (ref)
		drop_ref(st, ref);
}

static void invalidate_ref(struct vreg *r, u32 ref)
{
	if (reg_is_ptr(r) && r->ref_obj_id == ref)
		reg_mark_unknown(r);
}

struct call_meta {
	u32 map;		/* index in v->maps, or ~0 */
	u64 msize_max;		/* largest size passed in a size argument */
	u64 alloc_size;
	u32 release_ref;
};

static int check_size_arg(struct venv *v, u32 regno, u8 type, u8 prev,
			  struct call_meta *meta)
{
	struct vreg *r = &cur_regs(v)[regno];
	bool zero_ok = type == A(CONST_SIZE_OR_ZERO);
	bool write = prev == A(PTR_TO_UNINIT_MEM);
	int ret;

	if (r->type != SCALAR)
		return verr(v, -EACCES, "R%u type=%s expected=scalar", regno,
			    vreg_type_name(r));
	if (r->smin < 0)
		return verr(v, -EACCES, "R%u min value is negative, either use unsigned or 'var &= const'",
			    regno);
	if (!r->umin) {
		if (!zero_ok)
			return verr(v, -EACCES, "R%u invalid zero-sized read",
				    regno);
		ret = check_mem_region(v, regno - 1, 0, write);
		if (ret)
			return ret;
	}
	if (r->umax >= V_MAX_VAR_SIZ)
		return verr(v, -EACCES, "R%u unbounded memory access, use 'var &= const' or 'if (var < const)'",
			    regno);
	meta->msize_max = r->umax;
	return check_mem_region(v, regno - 1, r->umax, write);
}

static int check_arg(struct venv *v, const struct bpf_core_helper_proto *p,
		     u32 a, struct call_meta *meta)
{
	u32 regno = a + 1;
	struct vreg *r = &cur_regs(v)[regno];
	const struct bpf_core_map_desc *m;
	u8 t = p->args[a];

	if (t == A(NONE))
		return 0;
	if (r->type == NOT_INIT)
		return verr(v, -EACCES, "R%u !read_ok", regno);
	switch (t) {
	case A(ANYTHING):
		if (reg_is_ptr(r) && v->unpriv)
			return verr(v, -EACCES, "R%u leaks addr into helper function",
				    regno);
		return 0;
	case A(SCALAR):
		if (r->type != SCALAR)
			return verr(v, -EACCES, "R%u type=%s expected=scalar",
				    regno, vreg_type_name(r));
		return 0;
	case A(CONST_MAP_PTR):
		if (r->type != CONST_MAP)
			return verr(v, -EACCES, "R%u type=%s expected=map_ptr",
				    regno, vreg_type_name(r));
		meta->map = r->map;
		m = &v->maps[r->map].desc;
		if (p->map_type ? m->type != p->map_type : !is_data_map(m->type))
			return verr(v, -EINVAL, "cannot pass map_type %u into func %s#%d",
				    m->type, p->name, p->id);
		/* Read-only maps stay unchanged (constants may be folded). */
		if ((m->flags & BPF_CORE_MAP_F_RDONLY_PROG) &&
		    (p->id == 2 || p->id == 3))
			return verr(v, -EACCES, "write into map forbidden");
		return 0;
	case A(PTR_TO_CTX):
		if (r->type != PTR_CTX)
			return verr(v, -EACCES, "R%u type=%s expected=ctx", regno,
				    vreg_type_name(r));
		if (r->off || !reg_is_const(r) || r->var.value)
			return verr(v, -EACCES, "dereference of modified ctx ptr R%u off=%d disallowed",
				    regno, r->off);
		return 0;
	case A(PTR_TO_MAP_KEY):
	case A(PTR_TO_MAP_VALUE):
		if (meta->map == ~0U)
			return verr(v, -EACCES, "invalid map_ptr to access map->key");
		if (r->type != PTR_STACK && r->type != PTR_MAP_VALUE)
			return verr(v, -EACCES, "R%u type=%s expected=fp, pkt, pkt_meta, map_key, map_value",
				    regno, vreg_type_name(r));
		m = &v->maps[meta->map].desc;
		return check_mem_region(v, regno, t == A(PTR_TO_MAP_KEY) ?
					m->key_size : m->value_size, false);
	case A(PTR_TO_MEM):
	case A(PTR_TO_UNINIT_MEM):
		if (r->type != PTR_STACK && r->type != PTR_MAP_VALUE &&
		    r->type != PTR_MEM)
			return verr(v, -EACCES, "R%u type=%s expected=fp, pkt, pkt_meta, map_key, map_value, mem",
				    regno, vreg_type_name(r));
		return 0;	/* checked with its size argument */
	case A(CONST_SIZE):
	case A(CONST_SIZE_OR_ZERO):
		return check_size_arg(v, regno, t, p->args[a - 1], meta);
	case A(CONST_ALLOC_SIZE):
		if (r->type != SCALAR || !reg_is_const(r))
			return verr(v, -EACCES, "R%u is not a known constant'", regno);
		meta->alloc_size = r->var.value;
		if (meta->alloc_size >= V_MAX_VAR_SIZ)
			return verr(v, -EACCES, "R%u unbounded memory access",
				    regno);
		return 0;
	case A(PTR_TO_ALLOC_MEM):
		if (r->type != PTR_MEM || r->maybe_null)
			return verr(v, -EACCES, "R%u type=%s expected=ringbuf_mem",
				    regno, vreg_type_name(r));
		if (r->off || !reg_is_const(r) || r->var.value)
			return verr(v, -EACCES, "R%u must have zero offset when passed to release func",
				    regno);
		if (!r->ref_obj_id)
			return verr(v, -EACCES, "R%u must be referenced when passed to release function",
				    regno);
		meta->release_ref = r->ref_obj_id;
		return 0;
	default:
		return verr(v, -EINVAL, "unsupported argument type %u", t);
	}
}

int check_helper_call(struct venv *v, const struct bpf_core_insn *in)
{
	const struct bpf_core_helper_proto *p = bpf_core_helper_proto(in->imm);
	struct call_meta meta = { .map = ~0U };
	struct vstate *st = v->cur;
	struct vreg *regs;
	u32 a;
	int ret;

	if (!p || !(p->prog_types & (1U << v->env->prog_type)))
		return verr(v, -EINVAL, "unknown func %s#%d",
			    p ? p->name : "", in->imm);
	for (a = 0; a < 5; a++) {
		ret = check_arg(v, p, a, &meta);
		if (ret)
			return ret;
	}
	if (in->imm == BPF_CORE_FUNC_TAIL_CALL) {
		if (v->nsubprogs > 1)
			return verr(v, -EINVAL, "tail_calls are not allowed in programs with bpf-to-bpf calls");
		if (st->nrefs)
			return verr(v, -EINVAL, "tail_call would lead to reference leak");
	}
	if (meta.release_ref) {
		u32 i;
		bool found = false;

		for (i = 0; i < st->nrefs; i++)
			found |= st->refs[i].id == meta.release_ref;
		if (!found)
			return verr(v, -EINVAL, "reference has not been acquired before");
		drop_ref(st, meta.release_ref);
		visit_all_regs(st, invalidate_ref, meta.release_ref);
	}
	regs = cur_regs(v);
	for (a = 1; a <= 5; a++)
		memset(&regs[a], 0, sizeof(regs[a]));
	switch (p->ret) {
	case R(VOID):
		memset(&regs[0], 0, sizeof(regs[0]));
		break;
	case R(MAP_VALUE_OR_NULL):
		reg_mark_const(&regs[0], 0);
		regs[0].type = PTR_MAP_VALUE;
		regs[0].maybe_null = 1;
		regs[0].map = meta.map;
		regs[0].id = ++v->id_gen;
		break;
	case R(ALLOC_MEM_OR_NULL):
		if (st->nrefs >= V_MAX_REFS)
			return verr(v, -EINVAL, "too many acquired references");
		reg_mark_const(&regs[0], 0);
		regs[0].type = PTR_MEM;
		regs[0].maybe_null = 1;
		regs[0].mem_size = (u32)meta.alloc_size;
		regs[0].id = ++v->id_gen;
		regs[0].ref_obj_id = regs[0].id;
		st->refs[st->nrefs].id = regs[0].id;
		st->refs[st->nrefs++].insn = v->insn_idx;
		break;
	default:
		reg_mark_unknown(&regs[0]);
		/* Copying helpers return -errno or at most the size given. */
		if (p->id == 45 || p->id == 67 || p->id == 114 || p->id == 115) {
			regs[0].smax = (s64)meta.msize_max;
			regs[0].s32max = (s32)meta.msize_max;
			reg_bounds_sync(&regs[0]);
		}
		break;
	}
	return 0;
}

int check_local_call(struct venv *v, const struct bpf_core_insn *in,
		     u32 *next_insn)
{
	struct vstate *st = v->cur;
	u32 target = v->insn_idx + 1 + in->imm;
	struct vframe *caller = cur_frame(v), *callee;
	u32 i;

	if (st->curframe + 1 >= BPF_CORE_MAX_CALL_DEPTH)
		return verr(v, -E2BIG, "the call stack of %u frames is too deep !",
			    st->curframe + 2);
	callee = vframe_new(v, v->insn_idx, v->insn_subprog[target]);
	if (!callee)
		return -ENOMEM;
	for (i = 1; i <= 5; i++)
		callee->regs[i] = caller->regs[i];
	callee->regs[BPF_CORE_REG_FP].type = PTR_STACK;
	callee->regs[BPF_CORE_REG_FP].frameno = st->curframe + 1;
	reg_mark_const(&callee->regs[BPF_CORE_REG_FP], 0);
	callee->regs[BPF_CORE_REG_FP].type = PTR_STACK;
	callee->regs[BPF_CORE_REG_FP].frameno = st->curframe + 1;
	/* r0..r5 of the caller are scratched by the call. */
	for (i = 0; i <= 5; i++)
		memset(&caller->regs[i], 0, sizeof(caller->regs[i]));
	st->frames[++st->curframe] = callee;
	*next_insn = target;
	return 0;
}

int check_func_exit(struct venv *v, u32 *next_insn, bool *done)
{
	struct vstate *st = v->cur;
	struct vreg *r0 = &cur_regs(v)[0];
	struct vframe *callee;

	if (r0->type == NOT_INIT)
		return verr(v, -EACCES, "R0 !read_ok");
	if (st->curframe) {
		if (r0->type == PTR_STACK)
			return verr(v, -EINVAL, "cannot return stack pointer to the caller");
		callee = st->frames[st->curframe];
		st->frames[st->curframe - 1]->regs[0] = *r0;
		*next_insn = callee->callsite + 1;
		vfree(v, callee, sizeof(*callee));
		st->frames[st->curframe--] = NULL;
		*done = false;
		return 0;
	}
	if (reg_is_ptr(r0) && v->unpriv)
		return verr(v, -EACCES, "R0 leaks addr as return value");
	if (st->nrefs)
		return verr(v, -EINVAL, "Unreleased reference id=%u alloc_insn=%u",
			    st->refs[0].id, st->refs[0].insn);
	*done = true;
	return 0;
}

static u32 frame_cost(const struct vsubprog *sp)
{
	u32 d = sp->stack_depth ? sp->stack_depth : 1;

	return (d + 31) & ~31U;
}

/* Deepest combined stack over the static call graph (no recursion). */
int check_combined_stack(struct venv *v)
{
	u32 sub[BPF_CORE_MAX_CALL_DEPTH + 1], pos[BPF_CORE_MAX_CALL_DEPTH + 1];
	u32 depth = 0, total, i, k, callee;

	sub[0] = 0;
	pos[0] = v->subprogs[0].start;
	total = frame_cost(&v->subprogs[0]);
	v->stats.max_stack_depth = total;
	for (;;) {
		struct vsubprog *sp = &v->subprogs[sub[depth]];
		bool pushed = false;

		for (i = pos[depth]; i < sp->end; i++) {
			const struct bpf_core_insn *in = &v->insns[i];

			if (in->code != (BPF_CORE_JMP | BPF_CORE_CALL) ||
			    in->src_reg != BPF_CORE_CALL_LOCAL)
				continue;
			callee = v->insn_subprog[i + 1 + in->imm];
			for (k = 0; k <= depth; k++)
				if (sub[k] == callee)
					return verr(v, -EINVAL, "recursive call from insn %u", i);
			if (depth + 1 >= BPF_CORE_MAX_CALL_DEPTH)
				return verr(v, -E2BIG, "the call stack of %u frames is too deep !",
					    depth + 2);
			pos[depth] = i + 1;
			sub[++depth] = callee;
			pos[depth] = v->subprogs[callee].start;
			total += frame_cost(&v->subprogs[callee]);
			if (total > v->stats.max_stack_depth)
				v->stats.max_stack_depth = total;
			if (total > BPF_CORE_STACK_SIZE)
				return verr(v, -EACCES, "combined stack size of %u calls is %u. Too large",
					    depth + 1, total);
			pushed = true;
			break;
		}
		if (pushed)
			continue;
		if (!depth)
			return 0;
		total -= frame_cost(sp);
		depth--;
	}
}
