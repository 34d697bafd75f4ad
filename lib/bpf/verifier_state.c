// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier states: allocation with a memory account, copies, register
 * liveness, and pruning. A checkpoint is kept at every branch target; a
 * path that reaches a checkpoint whose exploration is complete and whose
 * state includes the current one is cut (everything it can do was already
 * proven safe). Reaching an unfinished ancestor with an included state
 * means the path can repeat forever: rejected as an infinite loop.
 */
#include "verifier_int.h"

void *vzalloc(struct venv *v, size_t size)
{
	void *p = bpf_core_zalloc(size);

	if (p) {
		v->mem += size;
		if (v->mem > v->peak_mem)
			v->peak_mem = v->mem;
	}
	return p;
}

void vfree(struct venv *v, void *p, size_t size)
{
	if (!p)
		return;
	v->mem -= size;
	bpf_core_free(p);
}

static void reg_init_not(struct vreg *r)
{
	memset(r, 0, sizeof(*r));
}

struct vframe *vframe_new(struct venv *v, u32 callsite, u32 subprog)
{
	struct vframe *f = vzalloc(v, sizeof(*f));
	u32 i;

	if (!f)
		return NULL;
	for (i = 0; i < BPF_CORE_MAX_REG; i++)
		reg_init_not(&f->regs[i]);
	f->callsite = callsite;
	f->subprog = subprog;
	f->used_lo = BPF_CORE_STACK_SIZE;
	return f;
}

struct vstate *vstate_new(struct venv *v)
{
	struct vstate *st = vzalloc(v, sizeof(*st));

	if (!st)
		return NULL;
	st->frames[0] = vframe_new(v, ~0U, 0);
	if (!st->frames[0]) {
		vfree(v, st, sizeof(*st));
		return NULL;
	}
	return st;
}

void vstate_release_contents(struct venv *v, struct vstate *st)
{
	u32 i;

	for (i = 0; i < BPF_CORE_MAX_CALL_DEPTH; i++) {
		vfree(v, st->frames[i], sizeof(struct vframe));
		st->frames[i] = NULL;
	}
}

void vstate_free(struct venv *v, struct vstate *st)
{
	if (!st)
		return;
	vstate_release_contents(v, st);
	vfree(v, st, sizeof(*st));
}

/* Only the written part of the stack is copied; below it stays invalid. */
static void copy_frame(struct vframe *d, const struct vframe *s)
{
	u32 lo = s->used_lo;

	memcpy(d, s, offsetof(struct vframe, stype));
	memset(d->stype, 0, lo);
	memcpy(d->stype + lo, s->stype + lo, BPF_CORE_STACK_SIZE - lo);
	memcpy(&d->spill[lo / 8], &s->spill[lo / 8],
	       (V_SLOTS - lo / 8) * sizeof(s->spill[0]));
}

int vstate_copy_into(struct venv *v, struct vstate *dst,
		     const struct vstate *src)
{
	u32 i;

	for (i = 0; i < BPF_CORE_MAX_CALL_DEPTH; i++) {
		if (i > src->curframe) {
			vfree(v, dst->frames[i], sizeof(struct vframe));
			dst->frames[i] = NULL;
			continue;
		}
		if (!dst->frames[i]) {
			dst->frames[i] = vzalloc(v, sizeof(struct vframe));
			if (!dst->frames[i])
				return -ENOMEM;
		}
		copy_frame(dst->frames[i], src->frames[i]);
	}
	dst->curframe = src->curframe;
	dst->nrefs = src->nrefs;
	memcpy(dst->refs, src->refs, sizeof(dst->refs));
	dst->parent = src->parent;
	return 0;
}

struct vstate *vstate_copy(struct venv *v, const struct vstate *src)
{
	struct vstate *st = vzalloc(v, sizeof(*st));

	if (!st)
		return NULL;
	if (vstate_copy_into(v, st, src)) {
		vstate_free(v, st);
		return NULL;
	}
	return st;
}

/* Registers an instruction reads and writes, for liveness. */
static void insn_use_def(struct venv *v, u32 i, u16 *use, u16 *def)
{
	const struct bpf_core_insn *in = &v->insns[i];
	u8 cls = BPF_CORE_CLASS(in->code), op = BPF_CORE_OP(in->code);
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	const struct bpf_core_helper_proto *p;
	u32 a;

	*use = 0;
	*def = 0;
	switch (cls) {
	case BPF_CORE_ALU: case BPF_CORE_ALU64:
		if (op != BPF_CORE_MOV)
			*use |= 1U << in->dst_reg;
		if (x && op != BPF_CORE_END && op != BPF_CORE_NEG)
			*use |= 1U << in->src_reg;
		*def |= 1U << in->dst_reg;
		break;
	case BPF_CORE_LD:
		*def |= 1U << in->dst_reg;
		break;
	case BPF_CORE_LDX:
		*use |= 1U << in->src_reg;
		*def |= 1U << in->dst_reg;
		break;
	case BPF_CORE_ST:
		*use |= 1U << in->dst_reg;
		break;
	case BPF_CORE_STX:
		*use |= (1U << in->dst_reg) | (1U << in->src_reg);
		if (BPF_CORE_MODE(in->code) == BPF_CORE_ATOMIC) {
			if (in->imm == BPF_CORE_CMPXCHG) {
				*use |= 1U;
				*def |= 1U;
			} else if (in->imm & BPF_CORE_FETCH) {
				*def |= 1U << in->src_reg;
			}
		}
		break;
	default: /* JMP, JMP32 */
		if (op == BPF_CORE_EXIT) {
			*use = 1;
		} else if (op == BPF_CORE_CALL) {
			if (in->src_reg == BPF_CORE_CALL_HELPER) {
				p = bpf_core_helper_proto(in->imm);
				for (a = 0; a < 5; a++)
					if (!p || p->args[a])
						*use |= 1U << (a + 1);
			} else {
				*use = 0x3e;
			}
			*def = 0x3f;
		} else if (op != BPF_CORE_JA) {
			*use |= 1U << in->dst_reg;
			if (x)
				*use |= 1U << in->src_reg;
		}
		break;
	}
}

static u32 jump_target(const struct bpf_core_insn *in, u32 i)
{
	if (BPF_CORE_CLASS(in->code) == BPF_CORE_JMP32 &&
	    BPF_CORE_OP(in->code) == BPF_CORE_JA)
		return i + 1 + in->imm;
	return i + 1 + in->off;
}

/* Backward dataflow to a fixpoint: live[i] = registers read before written. */
int compute_liveness(struct venv *v)
{
	bool changed = true;
	u32 rounds = 0;
	s64 i;

	while (changed) {
		changed = false;
		if (++rounds > 1000)
			break;	/* keep what we have: more live is only safer */
		for (i = (s64)v->cnt - 1; i >= 0; i--) {
			const struct bpf_core_insn *in = &v->insns[i];
			u8 cls = BPF_CORE_CLASS(in->code), op = BPF_CORE_OP(in->code);
			u16 use, def, out = 0, live;

			if (i > 0 && v->insns[i - 1].code ==
			    (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW))
				continue;	/* second lddw slot */
			insn_use_def(v, (u32)i, &use, &def);
			if (cls == BPF_CORE_JMP || cls == BPF_CORE_JMP32) {
				if (op == BPF_CORE_EXIT) {
					out = 0;
				} else if (op == BPF_CORE_CALL) {
					out = i + 1 < v->cnt ? v->live[i + 1] : 0;
				} else {
					u32 t = jump_target(in, (u32)i);

					out = t < v->cnt ? v->live[t] : 0;
					if (op != BPF_CORE_JA && i + 1 < v->cnt)
						out |= v->live[i + 1];
				}
			} else {
				u32 n = (u32)i + bpf_core_insn_slots(in);

				out = n < v->cnt ? v->live[n] : 0;
			}
			live = use | (out & ~def);
			if (cls == BPF_CORE_JMP && op == BPF_CORE_CALL &&
			    in->src_reg == BPF_CORE_CALL_LOCAL)
				live |= out & 0x3c0;	/* callee saves r6..r9 */
			if (live != v->live[i]) {
				v->live[i] |= live;
				changed = true;
			}
		}
	}
	return 0;
}

struct idmap {
	u32 n;
	u32 old[48];
	u32 cur[48];	/* full: compare as unequal (prune less) */
};

static bool check_ids(struct idmap *m, u32 old, u32 cur)
{
	u32 i;

	if (!old || !cur)
		return old == cur;
	for (i = 0; i < m->n; i++)
		if (m->old[i] == old)
			return m->cur[i] == cur;
	if (m->n >= ARRAY_SIZE(m->old))
		return false;
	m->old[m->n] = old;
	m->cur[m->n++] = cur;
	return true;
}

static bool regsafe(const struct vreg *o, const struct vreg *c,
		    struct idmap *ids, struct idmap *refs)
{
	if (o->type == NOT_INIT)
		return true;
	if (o->type != c->type)
		return false;
	if (o->type == SCALAR) {
		/* Linked in old: a branch refined both, so cur must link too. */
		if (o->id && !check_ids(ids, o->id, c->id))
			return false;
		return scalar_range_within(o, c);
	}
	if (o->maybe_null != c->maybe_null || o->off != c->off ||
	    o->frameno != c->frameno || o->map != c->map ||
	    o->mem_size != c->mem_size)
		return false;
	if (!scalar_range_within(o, c))
		return false;
	if (o->maybe_null && !check_ids(ids, o->id, c->id))
		return false;
	return check_ids(refs, o->ref_obj_id, c->ref_obj_id);
}

static bool is_zero_spill(const struct vreg *r)
{
	return r->type == SCALAR && reg_is_const(r) && !r->var.value;
}

static bool stacksafe(const struct vframe *o, const struct vframe *c,
		      struct idmap *ids, struct idmap *refs)
{
	u32 s, b;

	for (s = o->used_lo / 8; s < V_SLOTS; s++) {
		const u8 *ob = &o->stype[s * 8], *cb = &c->stype[s * 8];
		u64 o8, c8;

		/* Fast paths: an unused slot, or identical plain data. */
		memcpy(&o8, ob, 8);
		memcpy(&c8, cb, 8);
		if (!o8 || (o8 == c8 && ob[0] != STK_SPILL))
			continue;
		if (ob[0] == STK_SPILL) {
			if (cb[0] != STK_SPILL ||
			    !regsafe(&o->spill[s], &c->spill[s], ids, refs))
				return false;
			continue;
		}
		for (b = 0; b < 8; b++) {
			switch (ob[b]) {
			case STK_INVALID:
				break;
			case STK_MISC:
				if (cb[b] == STK_MISC || cb[b] == STK_ZERO)
					break;
				if (cb[b] == STK_SPILL && c->spill[s].type == SCALAR)
					break;
				return false;
			default: /* ZERO */
				if (cb[b] == STK_ZERO)
					break;
				if (cb[b] == STK_SPILL && is_zero_spill(&c->spill[s]))
					break;
				return false;
			}
		}
	}
	return true;
}

static bool states_equal(struct venv *v, const struct vstate *o,
			 const struct vstate *c, u32 insn)
{
	struct idmap ids, refs;
	u32 f, r, i;

	if (o->curframe != c->curframe || o->nrefs != c->nrefs)
		return false;
	ids.n = 0;
	refs.n = 0;
	for (i = 0; i < o->nrefs; i++)
		if (!check_ids(&refs, o->refs[i].id, c->refs[i].id))
			return false;
	for (f = 0; f <= o->curframe; f++) {
		const struct vframe *of = o->frames[f], *cf = c->frames[f];
		u16 live = f == o->curframe ? v->live[insn] : 0x3c0;

		if (of->callsite != cf->callsite)
			return false;
		for (r = 0; r < BPF_CORE_REG_FP; r++) {
			if (!(live & (1U << r)))
				continue;
			if (!regsafe(&of->regs[r], &cf->regs[r], &ids, &refs))
				return false;
		}
		if (!stacksafe(of, cf, &ids, &refs))
			return false;
	}
	return true;
}

static bool is_ancestor(const struct vstate *cur, const struct vcheckpoint *cp)
{
	const struct vcheckpoint *p;

	for (p = cur->parent; p; p = p->parent)
		if (p == cp)
			return true;
	return false;
}

static size_t checkpoint_bytes(const struct vstate *st)
{
	return sizeof(struct vcheckpoint) +
	       (st->curframe + 1) * sizeof(struct vframe);
}

int state_visited(struct venv *v, u32 insn)
{
	struct vstate *cur = v->cur;
	struct vcheckpoint *cp;

	struct vcheckpoint **link = &v->explored[insn];
	u32 n = 0;

	while ((cp = *link)) {
		if (states_equal(v, &cp->st, cur, insn)) {
			cp->hits++;
			if (!cp->branches) {
				v->stats.states_pruned++;
				return 1;
			}
			/*
			 * Back at an unfinished ancestor with exactly the same
			 * registers: the loop made no progress and never ends.
			 * Anything less than equal may still be counting down.
			 */
			if (cp->st.curframe == cur->curframe &&
			    !memcmp(cp->st.frames[cur->curframe]->regs,
				    cur->frames[cur->curframe]->regs,
				    sizeof(cur->frames[0]->regs)) &&
			    is_ancestor(cur, cp))
				return verr(v, -EINVAL, "infinite loop detected at insn %u",
					    insn);
		} else {
			cp->misses++;
		}
		/* A finished checkpoint that rarely matches only costs time. */
		if (!cp->branches && cp->misses > cp->hits * 3 + 3) {
			*link = cp->next;
			vstate_release_contents(v, &cp->st);
			vfree(v, cp, sizeof(*cp));
			continue;
		}
		n++;
		link = &cp->next;
	}
	/* Bounded lists keep a long loop linear; pruning is only less likely. */
	if (n >= V_MAX_STATES_PER_INSN ||
	    v->mem + checkpoint_bytes(cur) > V_STATE_MEM_CAP)
		return 0;
	cp = vzalloc(v, sizeof(*cp));
	if (!cp)
		return -ENOMEM;
	if (vstate_copy_into(v, &cp->st, cur)) {
		vstate_release_contents(v, &cp->st);
		vfree(v, cp, sizeof(*cp));
		return -ENOMEM;
	}
	cp->insn = insn;
	cp->branches = 1;
	cp->parent = cur->parent;
	cp->st.parent = NULL;
	cur->parent = cp;
	cp->next = v->explored[insn];
	v->explored[insn] = cp;
	v->stats.states_stored++;
	return 0;
}

void path_done(struct venv *v, struct vcheckpoint *cp)
{
	(void)v;
	while (cp) {
		if (--cp->branches)
			break;
		cp = cp->parent;
	}
}

void explored_free(struct venv *v)
{
	struct vcheckpoint *cp, *next;
	u32 i;

	if (!v->explored)
		return;
	for (i = 0; i < v->cnt; i++) {
		for (cp = v->explored[i]; cp; cp = next) {
			next = cp->next;
			vstate_release_contents(v, &cp->st);
			vfree(v, cp, sizeof(*cp));
		}
	}
}
