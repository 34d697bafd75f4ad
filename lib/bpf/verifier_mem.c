// SPDX-License-Identifier: GPL-2.0
/*
 * Memory access checks: every load, store, atomic and helper memory
 * argument must stay inside the region its pointer belongs to (context
 * fields per program type, the 512-byte frame with byte-level
 * initialisation, map values, helper-returned memory).
 */
#include "verifier_int.h"

#define SKB_SIZE	192	/* sizeof(struct __sk_buff) in 6.1 */
#define PT_REGS_SIZE	168	/* sizeof(struct pt_regs), x86-64 */
#define TP_MAX_SIZE	2048	/* PERF_MAX_TRACE_SIZE */
#define RAW_TP_MAX_ARGS	12

static bool access_within(s32 off, u32 size, s32 lo, s32 hi)
{
	return off >= lo && off + (s32)size <= hi;
}

/* __sk_buff fields a socket filter may touch, as the kernel allows them. */
static bool skb_access_ok(s32 off, u32 size, bool write)
{
	if (off < 0 || off >= SKB_SIZE || off % size)
		return false;
	/* cb[0..4]: readable and writable at any aligned width */
	if (off >= 48 && off < 68)
		return off + (s32)size <= 68;
	if (write)
		return false;
	if ((off >= 72 && off < 84) ||	/* tc_classid, data, data_end */
	    (off >= 88 && off < 160) ||	/* family..local_port, data_meta,
					 * flow_keys, tstamp
					 */
	    (off >= 160 && off < 164) ||	/* wire_len */
	    (off >= 168 && off < 176) ||	/* sk: socket pointers unsupported */
	    (off >= 180 && off < SKB_SIZE))	/* tstamp_type, pad, hwtstamp */
		return false;
	/* u32 fields: narrow reads allowed */
	return size <= 4;
}

static bool ctx_access_ok(struct venv *v, s32 off, u32 size, bool write)
{
	u32 lim = v->env->ctx_size;

	switch (v->env->prog_type) {
	case BPF_CORE_PROG_SOCKET_FILTER:
		return skb_access_ok(off, size, write);
	case BPF_CORE_PROG_KPROBE:
		return !write && !(off % size) && access_within(off, size, 0, PT_REGS_SIZE);
	case BPF_CORE_PROG_TRACEPOINT:
		if (!lim || lim > TP_MAX_SIZE)
			lim = TP_MAX_SIZE;
		/* the first 8 bytes are the common header, not readable */
		return !write && !(off % size) && access_within(off, size, 8, lim);
	case BPF_CORE_PROG_RAW_TRACEPOINT:
		if (!lim || lim > RAW_TP_MAX_ARGS * 8)
			lim = RAW_TP_MAX_ARGS * 8;
		return !write && !(off % size) && access_within(off, size, 0, lim);
	default:
		return false;
	}
}

static void var_str(char *buf, size_t len, const struct vreg *r)
{
	tnum_str(buf, len, r->var);
}

static int check_ctx_access(struct venv *v, u32 regno, const struct vreg *r,
			    s32 off, u32 size, bool write,
			    const struct vreg *val, struct vreg *out)
{
	char tn[48];

	if (r->off)
		return verr(v, -EACCES, "dereference of modified ctx ptr R%u off=%d disallowed",
			    regno, r->off);
	if (!reg_is_const(r) || r->var.value) {
		var_str(tn, sizeof(tn), r);
		return verr(v, -EACCES, "variable ctx access var_off=%s disallowed",
			    tn);
	}
	if (!ctx_access_ok(v, off, size, write))
		return verr(v, -EACCES, "invalid bpf_context access off=%d size=%u",
			    off, size);
	if (write && val && reg_is_ptr(val) && v->unpriv)
		return verr(v, -EACCES, "R%u leaks addr into ctx", regno);
	if (!write) {
		reg_mark_unknown(out);
		reg_coerce_size(out, size);
	}
	return 0;
}

/* [off + var, off + var + size) inside [0, limit). */
static int check_region(struct venv *v, u32 regno, const struct vreg *r,
			s64 off, u64 size, u64 limit, const char *what,
			const char *limname)
{
	s64 lo;

	if (r->smin < 0 && (r->smin == V_S64_MIN || r->smin + off < 0 ||
			    r->smin + r->off + off < 0))
		return verr(v, -EACCES, "R%u min value is negative, either use unsigned index or do a if (index >=0) check.",
			    regno);
	if (r->umax >= V_MAX_VAR_OFF)
		return verr(v, -EACCES, "R%u unbounded memory access, make sure to bounds check any such access",
			    regno);
	lo = (s64)r->off + off + (r->smin > 0 ? r->smin : 0);
	if (r->smin < 0)
		lo = (s64)r->off + off + r->smin;
	if (lo < 0)
		return verr(v, -EACCES, "invalid access to %s, %s=%llu off=%lld size=%llu",
			    what, limname, (unsigned long long)limit,
			    (long long)lo, (unsigned long long)size);
	if ((u64)((s64)r->off + off) + r->umax + size > limit)
		return verr(v, -EACCES, "invalid access to %s, %s=%llu off=%lld size=%llu",
			    what, limname, (unsigned long long)limit,
			    (long long)((s64)r->off + off + (s64)r->umax),
			    (unsigned long long)size);
	return 0;
}

static void track_depth(struct venv *v, const struct vreg *r, s64 lo)
{
	struct vframe *f = v->cur->frames[r->frameno];
	struct vsubprog *sp = &v->subprogs[f->subprog];

	if (lo < 0 && (u64)-lo > sp->stack_depth)
		sp->stack_depth = (u32)-lo;
}

static bool is_const_zero(const struct vreg *r)
{
	return r && r->type == SCALAR && reg_is_const(r) && !r->var.value;
}

/* A slot that held a spill and is partly overwritten becomes plain data. */
static int unspill(struct venv *v, struct vframe *f, u32 slot)
{
	u32 b;

	if (f->stype[slot * 8] != STK_SPILL)
		return 0;
	if (reg_is_ptr(&f->spill[slot]) && v->unpriv)
		return verr(v, -EACCES, "attempt to corrupt spilled pointer on stack");
	for (b = 0; b < 8; b++)
		f->stype[slot * 8 + b] = STK_MISC;
	memset(&f->spill[slot], 0, sizeof(f->spill[slot]));
	return 0;
}

static int stack_write_fixed(struct venv *v, struct vframe *f, s32 o,
			     u32 size, const struct vreg *val)
{
	u32 idx = (u32)(o + BPF_CORE_STACK_SIZE), slot = idx / 8, b;
	u8 t;
	int ret;

	frame_touch(f, idx);
	if (size == 8 && val) {
		for (b = 0; b < 8; b++)
			f->stype[idx + b] = STK_SPILL;
		f->spill[slot] = *val;
		return 0;
	}
	if (val && reg_is_ptr(val))
		return verr(v, -EACCES, "invalid size of register spill");
	ret = unspill(v, f, slot);
	if (ret)
		return ret;
	t = is_const_zero(val) ? STK_ZERO : STK_MISC;
	for (b = 0; b < size; b++)
		f->stype[idx + b] = t;
	return 0;
}

static int stack_read_fixed(struct venv *v, struct vframe *f, s32 o,
			    u32 size, struct vreg *out)
{
	u32 idx = (u32)(o + BPF_CORE_STACK_SIZE), slot = idx / 8, b;
	bool zero = true;

	if (f->stype[idx] == STK_SPILL) {
		const struct vreg *sp = &f->spill[slot];

		if (size == 8) {
			*out = *sp;
			return 0;
		}
		if (reg_is_ptr(sp))
			return verr(v, -EACCES, "invalid size of register fill");
		if (reg_is_const(sp)) {
			reg_mark_const(out, sp->var.value >> ((idx % 8) * 8));
			reg_coerce_size(out, size);
		} else {
			reg_mark_unknown(out);
			reg_coerce_size(out, size);
		}
		return 0;
	}
	for (b = 0; b < size; b++) {
		u8 t = f->stype[idx + b];

		if (t == STK_INVALID && !v->allow_uninit_stack)
			return verr(v, -EACCES, "invalid read from stack off %d+%u size %u",
				    o, b, size);
		if (t != STK_ZERO)
			zero = false;
	}
	if (zero)
		reg_mark_const(out, 0);
	else
		reg_mark_unknown(out);
	reg_coerce_size(out, size);
	return 0;
}

/* Bytes [lo, hi) of frame f: initialised (read) or overwritten (write). */
static int stack_range(struct venv *v, u32 regno, struct vframe *f, s64 lo,
		       s64 hi, bool write)
{
	s64 o;
	int ret;

	for (o = lo; o < hi; o++) {
		u32 idx = (u32)(o + BPF_CORE_STACK_SIZE);
		u8 t = f->stype[idx];

		if (write) {
			frame_touch(f, idx);
			if (t == STK_SPILL) {
				ret = unspill(v, f, idx / 8);
				if (ret)
					return ret;
			} else if (t == STK_INVALID && v->unpriv) {
				return verr(v, -EACCES, "uninit stack in range of var-offset write prohibited for !root");
			}
			f->stype[idx] = STK_MISC;
			continue;
		}
		if (t == STK_INVALID && !v->allow_uninit_stack)
			return verr(v, -EACCES, "invalid indirect read from stack R%u off %lld+%lld size %lld",
				    regno, (long long)lo, (long long)(o - lo),
				    (long long)(hi - lo));
		if (t == STK_SPILL && v->unpriv &&
		    reg_is_ptr(&f->spill[idx / 8]))
			return verr(v, -EACCES, "R%u leaks addr into helper function",
				    regno);
	}
	return 0;
}

/* Stack bounds of an access through r: [lo, hi) relative to its fp. */
static int stack_bounds(struct venv *v, u32 regno, const struct vreg *r,
			s64 off, u64 size, bool write, s64 *lo, s64 *hi)
{
	char tn[48];

	if (reg_is_const(r)) {
		*lo = (s64)r->off + off + (s64)r->var.value;
		*hi = *lo + (s64)size;
		if (*lo < -BPF_CORE_STACK_SIZE || *hi > 0 || size > BPF_CORE_STACK_SIZE)
			return verr(v, -EACCES, "invalid %s stack R%u off=%lld size=%llu",
				    write ? "write to" : "read from", regno,
				    (long long)*lo, (unsigned long long)size);
		return 0;
	}
	if (r->smin <= -BPF_CORE_STACK_SIZE || r->smax >= BPF_CORE_STACK_SIZE ||
	    size > BPF_CORE_STACK_SIZE) {
		var_str(tn, sizeof(tn), r);
		return verr(v, -EACCES, "R%u unbounded indirect variable offset stack access var_off=%s",
			    regno, tn);
	}
	*lo = (s64)r->off + off + r->smin;
	*hi = (s64)r->off + off + r->smax + (s64)size;
	if (*lo < -BPF_CORE_STACK_SIZE || *hi > 0) {
		var_str(tn, sizeof(tn), r);
		return verr(v, -EACCES, "invalid variable-offset %s stack R%u var_off=%s off=%lld size=%llu",
			    write ? "write to" : "read from", regno, tn,
			    (long long)off, (unsigned long long)size);
	}
	if (v->unpriv)
		return verr(v, -EACCES, "R%u variable stack access prohibited for !root",
			    regno);
	return 0;
}

static int check_stack_access(struct venv *v, u32 regno, const struct vreg *r,
			      s32 off, u32 size, bool write,
			      const struct vreg *val, struct vreg *out)
{
	struct vframe *f = v->cur->frames[r->frameno];
	s64 lo, hi;
	char tn[48];
	int ret;

	ret = stack_bounds(v, regno, r, off, size, write, &lo, &hi);
	if (ret)
		return ret;
	track_depth(v, r, lo);
	if (!reg_is_const(r)) {
		if (write) {
			if (val && reg_is_ptr(val))
				return verr(v, -EACCES, "spilled ptr in range of var-offset stack write");
			return stack_range(v, regno, f, lo, hi, true);
		}
		ret = stack_range(v, regno, f, lo, hi, false);
		if (ret)
			return ret;
		reg_mark_unknown(out);
		reg_coerce_size(out, size);
		return 0;
	}
	/* Fixed offsets are strictly aligned, as in the kernel. */
	if (lo % size) {
		var_str(tn, sizeof(tn), r);
		return verr(v, -EACCES, "misaligned stack access off %s+%d+%d size %u",
			    tn, r->off, off, size);
	}
	if (write) {
		if (val && val->type == PTR_STACK && val->frameno > r->frameno)
			return verr(v, -EACCES, "cannot spill pointers to stack into stack frame of the caller");
		return stack_write_fixed(v, f, (s32)lo, size, val);
	}
	return stack_read_fixed(v, f, (s32)lo, size, out);
}

static int check_map_access(struct venv *v, u32 regno, const struct vreg *r,
			    s32 off, u32 size, bool write,
			    const struct vreg *val, struct vreg *out)
{
	const struct bpf_core_map_desc *m = &v->maps[r->map].desc;
	int ret;

	if (write && (m->flags & BPF_CORE_MAP_F_RDONLY_PROG))
		return verr(v, -EACCES, "write into map forbidden, value_size=%u off=%d size=%u",
			    m->value_size, r->off + off, size);
	if (!write && (m->flags & BPF_CORE_MAP_F_WRONLY_PROG))
		return verr(v, -EACCES, "read from map forbidden, value_size=%u off=%d size=%u",
			    m->value_size, r->off + off, size);
	ret = check_region(v, regno, r, off, size, m->value_size, "map value",
			   "value_size");
	if (ret)
		return ret;
	if (write && val && reg_is_ptr(val) && v->unpriv)
		return verr(v, -EACCES, "R%u leaks addr into map", regno);
	if (!write) {
		u64 c = 0;

		reg_mark_unknown(out);
		reg_coerce_size(out, size);
		/* A frozen read-only map: its bytes are constants. */
		if ((m->flags & BPF_CORE_MAP_F_RDONLY_PROG) && v->env->map_ro_read &&
		    reg_is_const(r) &&
		    !v->env->map_ro_read(v->env->priv, v->maps[r->map].fd,
					 (u32)(r->off + off + (s64)r->var.value),
					 size, &c))
			reg_mark_const(out, c);	/* little-endian, zero-extended */
	}
	return 0;
}

int check_mem_access(struct venv *v, u32 regno, s32 off, u32 size,
		     bool write, const struct vreg *val, struct vreg *out)
{
	struct vreg *r = &cur_regs(v)[regno];
	int ret;

	if (r->maybe_null)
		return verr(v, -EACCES, "R%u invalid mem access '%s'", regno,
			    vreg_type_name(r));
	switch (r->type) {
	case PTR_CTX:
		return check_ctx_access(v, regno, r, off, size, write, val, out);
	case PTR_STACK:
		return check_stack_access(v, regno, r, off, size, write, val, out);
	case PTR_MAP_VALUE:
		return check_map_access(v, regno, r, off, size, write, val, out);
	case PTR_MEM:
		ret = check_region(v, regno, r, off, size, r->mem_size, "memory",
				   "mem_size");
		if (ret)
			return ret;
		if (write && val && reg_is_ptr(val) && v->unpriv)
			return verr(v, -EACCES, "R%u leaks addr into mem", regno);
		if (!write) {
			reg_mark_unknown(out);
			reg_coerce_size(out, size);
		}
		return 0;
	default:
		return verr(v, -EACCES, "R%u invalid mem access '%s'", regno,
			    vreg_type_name(r));
	}
}

int check_mem_region(struct venv *v, u32 regno, u64 size, bool write)
{
	struct vreg *r = &cur_regs(v)[regno];
	const struct bpf_core_map_desc *m;
	s64 lo, hi;
	int ret;

	if (r->maybe_null)
		return verr(v, -EACCES, "R%u type=%s expected=fp, map_value, mem",
			    regno, vreg_type_name(r));
	switch (r->type) {
	case PTR_STACK:
		if (!size)
			return 0;
		ret = stack_bounds(v, regno, r, 0, size, write, &lo, &hi);
		if (ret)
			return ret;
		track_depth(v, r, lo);
		return stack_range(v, regno, v->cur->frames[r->frameno], lo, hi,
				   write);
	case PTR_MAP_VALUE:
		m = &v->maps[r->map].desc;
		if (write && (m->flags & BPF_CORE_MAP_F_RDONLY_PROG))
			return verr(v, -EACCES, "write into map forbidden, value_size=%u off=%d size=%llu",
				    m->value_size, r->off, (unsigned long long)size);
		if (!write && (m->flags & BPF_CORE_MAP_F_WRONLY_PROG))
			return verr(v, -EACCES, "read from map forbidden, value_size=%u off=%d size=%llu",
				    m->value_size, r->off, (unsigned long long)size);
		return check_region(v, regno, r, 0, size, m->value_size,
				    "map value", "value_size");
	case PTR_MEM:
		return check_region(v, regno, r, 0, size, r->mem_size, "memory",
				    "mem_size");
	default:
		return verr(v, -EACCES, "R%u type=%s expected=fp, map_value, mem",
			    regno, vreg_type_name(r));
	}
}
