/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verifier_int.h - types shared by the verifier's files (not an API).
 */
#ifndef BPF_CORE_VERIFIER_INT_H
#define BPF_CORE_VERIFIER_INT_H

#include "verifier.h"

#define V_U64_MAX	(~0ULL)
#define V_S64_MAX	((s64)(V_U64_MAX >> 1))
#define V_S64_MIN	(-V_S64_MAX - 1)
#define V_U32_MAX	0xffffffffU
#define V_S32_MAX	0x7fffffff
#define V_S32_MIN	(-V_S32_MAX - 1)

#define V_MAX_VAR_OFF	(1 << 29)	/* as the kernel's BPF_MAX_VAR_OFF */
#define V_MAX_VAR_SIZ	(1 << 29)
#define V_COMPLEXITY	1000000U	/* processed instructions */
#define V_MAX_PENDING	8192		/* branches waiting to be explored */
#define V_MAX_REFS	16
#define V_MAX_MAPS	64
#define V_MAX_STATES_PER_INSN	64
#define V_STATE_MEM_CAP	(64U << 20)	/* checkpoints beyond this are not kept */
#define V_SLOTS		(BPF_CORE_STACK_SIZE / 8)

/* A tristate number: bits set in mask are unknown, the rest are value. */
struct tnum {
	u64 value;
	u64 mask;
};

enum vreg_type {
	NOT_INIT = 0,
	SCALAR,
	PTR_CTX,
	PTR_STACK,
	CONST_MAP,	/* the map itself: only for helper arguments */
	PTR_MAP_VALUE,
	PTR_MEM,	/* helper-returned memory of mem_size bytes */
};

struct vreg {
	u8 type;		/* enum vreg_type */
	u8 maybe_null;		/* pointer still needs its NULL check */
	u8 frameno;		/* PTR_STACK: whose frame */
	u8 pad;
	s32 off;		/* pointers: fixed offset */
	u32 id;			/* NULL-check identity */
	u32 ref_obj_id;		/* acquired reference it belongs to */
	u32 map;		/* CONST_MAP, PTR_MAP_VALUE: index in vmaps */
	u32 mem_size;		/* PTR_MEM */
	/* Scalars: the value. Pointers: the variable part of the offset. */
	struct tnum var;
	s64 smin, smax;
	u64 umin, umax;
	s32 s32min, s32max;
	u32 u32min, u32max;
};

/* Per-byte stack state. */
#define STK_INVALID	0
#define STK_MISC	1
#define STK_ZERO	2
#define STK_SPILL	3	/* all 8 bytes of the slot hold spill[slot] */

struct vframe {
	struct vreg regs[BPF_CORE_MAX_REG];
	u32 callsite;		/* insn of the call that made it, or ~0 */
	u32 subprog;
	u32 used_lo;		/* stype index of the lowest slot ever written */
	u8 stype[BPF_CORE_STACK_SIZE];	/* byte i is at fp - 512 + i */
	struct vreg spill[V_SLOTS];	/* slot s covers bytes 8s..8s+7 */
};

/* Slots below used_lo were never written: copies and compares skip them. */
static inline void frame_touch(struct vframe *f, u32 idx)
{
	idx &= ~7U;
	if (idx < f->used_lo)
		f->used_lo = idx;
}

struct vref {
	u32 id;
	u32 insn;
};

struct vcheckpoint;

struct vstate {
	struct vframe *frames[BPF_CORE_MAX_CALL_DEPTH];
	u32 curframe;
	u32 nrefs;
	struct vref refs[V_MAX_REFS];
	struct vcheckpoint *parent;	/* last checkpoint on this path */
};

struct vcheckpoint {
	struct vcheckpoint *next;	/* same instruction */
	struct vcheckpoint *parent;
	u32 branches;			/* paths still being explored below */
	u32 hits, misses;		/* comparisons that matched or not */
	u32 insn;
	struct vstate st;
};

struct vpending {
	struct vstate *st;
	u32 insn;
	u32 prev_insn;
	u32 log_pos;
};

struct vlog {
	char *buf;
	u32 size;
	u32 len;
	u32 level;
	bool truncated;
};

struct vmap {
	s32 fd;
	struct bpf_core_map_desc desc;
};

struct vsubprog {
	u32 start, end;		/* [start, end) */
	u32 stack_depth;	/* deepest byte touched through any pointer */
	bool has_tail_call;
};

struct venv {
	const struct bpf_core_insn *insns;
	u32 cnt;
	const struct bpf_core_verify_env *env;
	bool unpriv;
	bool allow_uninit_stack;
	struct vlog log;
	struct vstate *cur;
	u32 insn_idx;
	u32 prev_insn;
	u32 processed;
	u32 complexity;		/* budget of processed instructions */
	u32 id_gen;
	u8 *prune_point;
	u8 *aux_ptr;		/* per insn: 1 accessed ctx, 2 other memory */
	u16 *live;		/* registers live before each insn */
	struct vcheckpoint **explored;
	struct vpending *pending;
	u32 npending;
	struct vmap maps[V_MAX_MAPS];
	u32 nmaps;
	struct vsubprog *subprogs;
	u32 nsubprogs;
	u32 *insn_subprog;	/* subprogram index of each insn */
	u64 mem, peak_mem;
	struct bpf_core_verify_stats stats;
};

/* verifier_log.c */
void vlog_init(struct vlog *log, char *buf, u32 size, u32 level);
void vlog(struct venv *v, const char *fmt, ...) BPF_CORE_PRINTF(2, 3);
/* An error message at the current instruction; returns err. */
int verr(struct venv *v, int err, const char *fmt, ...) BPF_CORE_PRINTF(3, 4);
void vlog_insn(struct venv *v, u32 idx);
void vlog_state(struct venv *v, const struct vstate *st);
const char *vreg_type_name(const struct vreg *r);
void tnum_str(char *buf, size_t len, struct tnum t);

/* verifier_scalar.c */
struct tnum tnum_const(u64 v);
struct tnum tnum_unknown(void);
struct tnum tnum_range(u64 min, u64 max);
struct tnum tnum_intersect(struct tnum a, struct tnum b);
struct tnum tnum_cast(struct tnum a, u8 size);
bool tnum_is_const(struct tnum a);
bool tnum_in(struct tnum a, struct tnum b);
void reg_mark_unknown(struct vreg *r);
void reg_mark_const(struct vreg *r, u64 v);
void reg_bounds_sync(struct vreg *r);
bool reg_bounds_empty(const struct vreg *r);
bool reg_is_const(const struct vreg *r);
void reg_coerce_size(struct vreg *r, u32 size);
void reg_sext_size(struct vreg *r, u32 size);
void scalar_alu(struct vreg *dst, const struct vreg *src_in, u8 op,
		s16 off, bool is64);
void scalar_swap(struct vreg *dst, s32 width, bool to_be, bool is64);
/* Refine both operands for the branch outcome `taken`; false: infeasible. */
bool scalar_branch(struct vreg *a, struct vreg *b, u8 op, bool is32,
		   bool taken);
bool scalar_range_within(const struct vreg *old, const struct vreg *cur);

/* verifier_state.c */
void *vzalloc(struct venv *v, size_t size);
void vfree(struct venv *v, void *p, size_t size);
struct vstate *vstate_new(struct venv *v);
struct vstate *vstate_copy(struct venv *v, const struct vstate *src);
int vstate_copy_into(struct venv *v, struct vstate *dst,
		     const struct vstate *src);
void vstate_free(struct venv *v, struct vstate *st);
struct vframe *vframe_new(struct venv *v, u32 callsite, u32 subprog);
void vstate_release_contents(struct venv *v, struct vstate *st);
int compute_liveness(struct venv *v);
/* 1: pruned, 0: go on, <0: error (infinite loop, no memory). */
int state_visited(struct venv *v, u32 insn);
void path_done(struct venv *v, struct vcheckpoint *cp);
void explored_free(struct venv *v);

/* verifier_mem.c */
/* val: the stored value (NULL: an unknown scalar); out: the loaded one. */
int check_mem_access(struct venv *v, u32 regno, s32 off, u32 size,
		     bool write, const struct vreg *val, struct vreg *out);
/* [regno, regno + size) passed to a helper that reads or writes it. */
int check_mem_region(struct venv *v, u32 regno, u64 size, bool write);

/* verifier_calls.c */
int check_helper_call(struct venv *v, const struct bpf_core_insn *in);
int check_local_call(struct venv *v, const struct bpf_core_insn *in,
		     u32 *next_insn);
int check_func_exit(struct venv *v, u32 *next_insn, bool *done);
int check_combined_stack(struct venv *v);
void mark_ptr_or_null(struct venv *v, struct vstate *st, u32 id, bool null);

/* verifier.c */
static inline struct vframe *cur_frame(struct venv *v)
{
	return v->cur->frames[v->cur->curframe];
}

static inline struct vreg *cur_regs(struct venv *v)
{
	return cur_frame(v)->regs;
}

static inline bool reg_is_ptr(const struct vreg *r)
{
	return r->type != NOT_INIT && r->type != SCALAR;
}

int check_reg_init(struct venv *v, u32 regno);

#endif /* BPF_CORE_VERIFIER_INT_H */
