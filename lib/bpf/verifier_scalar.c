// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar tracking: tnums (known/unknown bits) plus signed and unsigned
 * 64- and 32-bit ranges, kept consistent with each other, transformed by
 * every ALU operation and refined on branches. Every function here must
 * over-approximate: a value the program can hold at run time is always
 * inside what the register says.
 */
#include "verifier_int.h"

#define SIGN64	(1ULL << 63)
#define LO32	0xffffffffULL
#define HI32	(~LO32)

static u64 umax_of(u64 a, u64 b) { return a > b ? a : b; }
static u64 umin_of(u64 a, u64 b) { return a < b ? a : b; }
static s64 smax_of(s64 a, s64 b) { return a > b ? a : b; }
static s64 smin_of(s64 a, s64 b) { return a < b ? a : b; }

struct tnum tnum_const(u64 v)
{
	return (struct tnum){ v, 0 };
}

struct tnum tnum_unknown(void)
{
	return (struct tnum){ 0, V_U64_MAX };
}

static int v_fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* The smallest tnum holding every value in [min, max]. */
struct tnum tnum_range(u64 min, u64 max)
{
	int bits = v_fls64(min ^ max);
	u64 delta;

	if (bits > 63)
		return tnum_unknown();
	delta = (1ULL << bits) - 1;
	return (struct tnum){ min & ~delta, delta };
}

static struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 sm = a.mask + b.mask, sv = a.value + b.value;
	u64 carries = (sm + sv) ^ sv;
	u64 mu = carries | a.mask | b.mask;

	return (struct tnum){ sv & ~mu, mu };
}

static struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 dv = a.value - b.value;
	u64 borrows = (dv + a.mask) ^ (dv - b.mask);
	u64 mu = borrows | a.mask | b.mask;

	return (struct tnum){ dv & ~mu, mu };
}

static struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 v = a.value & b.value;

	return (struct tnum){ v, (a.value | a.mask) & (b.value | b.mask) & ~v };
}

static struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value;

	return (struct tnum){ v, (a.mask | b.mask) & ~v };
}

static struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 mu = a.mask | b.mask;

	return (struct tnum){ (a.value ^ b.value) & ~mu, mu };
}

/* Known low zero bits multiply: x * y has tz(x) + tz(y) of them. */
static struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	int tza, tzb, tz;

	if (!a.mask && !b.mask)
		return tnum_const(a.value * b.value);
	if ((!a.mask && !a.value) || (!b.mask && !b.value))
		return tnum_const(0);
	tza = __builtin_ctzll(a.value | a.mask);
	tzb = __builtin_ctzll(b.value | b.mask);
	tz = tza + tzb;
	if (tz >= 64)
		return tnum_const(0);
	return (struct tnum){ 0, V_U64_MAX << tz };
}

struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value, mu = a.mask & b.mask;

	return (struct tnum){ v & ~mu, mu };
}

struct tnum tnum_cast(struct tnum a, u8 size)
{
	u64 m = size >= 8 ? V_U64_MAX : (1ULL << (size * 8)) - 1;

	return (struct tnum){ a.value & m, a.mask & m };
}

static struct tnum tnum_with_subreg(struct tnum a, struct tnum sub)
{
	return (struct tnum){ (a.value & HI32) | (sub.value & LO32),
			      (a.mask & HI32) | (sub.mask & LO32) };
}

bool tnum_is_const(struct tnum a)
{
	return !a.mask;
}

/* Is every value of b also a value of a? */
bool tnum_in(struct tnum a, struct tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	return a.value == (b.value & ~a.mask);
}

static void set_full_ranges(struct vreg *r)
{
	r->smin = V_S64_MIN;
	r->smax = V_S64_MAX;
	r->umin = 0;
	r->umax = V_U64_MAX;
	r->s32min = V_S32_MIN;
	r->s32max = V_S32_MAX;
	r->u32min = 0;
	r->u32max = V_U32_MAX;
}

void reg_mark_unknown(struct vreg *r)
{
	memset(r, 0, sizeof(*r));
	r->type = SCALAR;
	r->var = tnum_unknown();
	set_full_ranges(r);
}

void reg_mark_const(struct vreg *r, u64 v)
{
	memset(r, 0, sizeof(*r));
	r->type = SCALAR;
	r->var = tnum_const(v);
	r->smin = r->smax = (s64)v;
	r->umin = r->umax = v;
	r->s32min = r->s32max = (s32)(u32)v;
	r->u32min = r->u32max = (u32)v;
}

bool reg_is_const(const struct vreg *r)
{
	return tnum_is_const(r->var);
}

static void bounds_from_tnum(struct vreg *r)
{
	struct tnum t = r->var, s = tnum_cast(r->var, 4);
	u32 v32 = (u32)s.value, m32 = (u32)s.mask;

	r->umin = umax_of(r->umin, t.value);
	r->umax = umin_of(r->umax, t.value | t.mask);
	r->smin = smax_of(r->smin, (s64)(t.value | (t.mask & SIGN64)));
	r->smax = smin_of(r->smax, (s64)(t.value | (t.mask & ~SIGN64)));
	if (r->u32min < v32)
		r->u32min = v32;
	if (r->u32max > (v32 | m32))
		r->u32max = v32 | m32;
	if (r->s32min < (s32)(v32 | (m32 & 0x80000000U)))
		r->s32min = (s32)(v32 | (m32 & 0x80000000U));
	if (r->s32max > (s32)(v32 | (m32 & 0x7fffffffU)))
		r->s32max = (s32)(v32 | (m32 & 0x7fffffffU));
}

/* Signed and unsigned ranges say the same thing when no sign is crossed. */
static void deduce_sign64(struct vreg *r)
{
	u64 lo, hi;

	if (r->smin >= 0 || r->smax < 0) {
		lo = umax_of((u64)r->smin, r->umin);
		hi = umin_of((u64)r->smax, r->umax);
		r->smin = (s64)lo;
		r->umin = lo;
		r->smax = (s64)hi;
		r->umax = hi;
	} else if ((s64)r->umax >= 0) {
		r->smin = (s64)r->umin;
		r->umax = umin_of((u64)r->smax, r->umax);
		r->smax = (s64)r->umax;
	} else if ((s64)r->umin < 0) {
		r->umin = umax_of((u64)r->smin, r->umin);
		r->smin = (s64)r->umin;
		r->smax = (s64)r->umax;
	}
}

static void deduce_sign32(struct vreg *r)
{
	u32 lo, hi;

	if (r->s32min >= 0 || r->s32max < 0) {
		lo = (u32)r->s32min > r->u32min ? (u32)r->s32min : r->u32min;
		hi = (u32)r->s32max < r->u32max ? (u32)r->s32max : r->u32max;
		r->s32min = (s32)lo;
		r->u32min = lo;
		r->s32max = (s32)hi;
		r->u32max = hi;
	} else if ((s32)r->u32max >= 0) {
		r->s32min = (s32)r->u32min;
		if ((u32)r->s32max < r->u32max)
			r->u32max = (u32)r->s32max;
		r->s32max = (s32)r->u32max;
	} else if ((s32)r->u32min < 0) {
		if ((u32)r->s32min > r->u32min)
			r->u32min = (u32)r->s32min;
		r->s32min = (s32)r->u32min;
		r->s32max = (s32)r->u32max;
	}
}

static void clamp32(struct vreg *r, u32 ulo, u32 uhi)
{
	if (r->u32min < ulo)
		r->u32min = ulo;
	if (r->u32max > uhi)
		r->u32max = uhi;
}

static void clamp32s(struct vreg *r, s32 lo, s32 hi)
{
	if (r->s32min < lo)
		r->s32min = lo;
	if (r->s32max > hi)
		r->s32max = hi;
}

/* What the 64-bit ranges say about the low 32 bits, and back. */
static void cross_32_64(struct vreg *r)
{
	u64 hi;

	if ((r->umin >> 32) == (r->umax >> 32)) {
		clamp32(r, (u32)r->umin, (u32)r->umax);
		if ((s32)(u32)r->umin <= (s32)(u32)r->umax)
			clamp32s(r, (s32)(u32)r->umin, (s32)(u32)r->umax);
	}
	if ((r->smin >> 32) == (r->smax >> 32)) {
		clamp32(r, (u32)r->smin, (u32)r->smax);
		if ((s32)(u32)r->smin <= (s32)(u32)r->smax)
			clamp32s(r, (s32)(u32)r->smin, (s32)(u32)r->smax);
	}
	if (r->smin >= V_S32_MIN && r->smax <= V_S32_MAX)
		clamp32s(r, (s32)r->smin, (s32)r->smax);
	/* Upper half known: the 64-bit value is hi | low 32 bits. */
	if (!(r->var.mask & HI32)) {
		hi = r->var.value & HI32;
		r->umin = umax_of(r->umin, hi | r->u32min);
		r->umax = umin_of(r->umax, hi | r->u32max);
		r->smin = smax_of(r->smin, (s64)(hi | r->u32min));
		r->smax = smin_of(r->smax, (s64)(hi | r->u32max));
	}
}

static void tnum_from_bounds(struct vreg *r)
{
	struct tnum sub;

	r->var = tnum_intersect(r->var, tnum_range(r->umin, r->umax));
	sub = tnum_intersect(tnum_cast(r->var, 4),
			     tnum_range(r->u32min, r->u32max));
	r->var = tnum_with_subreg(r->var, sub);
}

void reg_bounds_sync(struct vreg *r)
{
	int i;

	for (i = 0; i < 2; i++) {
		bounds_from_tnum(r);
		cross_32_64(r);
		deduce_sign32(r);
		deduce_sign64(r);
		tnum_from_bounds(r);
	}
	bounds_from_tnum(r);
}

bool reg_bounds_empty(const struct vreg *r)
{
	return r->umin > r->umax || r->smin > r->smax ||
	       r->u32min > r->u32max || r->s32min > r->s32max ||
	       (r->var.value & r->var.mask);
}

/* Zero-extend the low size bytes (a narrow load or a 32-bit result). */
void reg_coerce_size(struct vreg *r, u32 size)
{
	u64 m;

	if (size >= 8)
		return;
	m = (1ULL << (size * 8)) - 1;
	r->var = tnum_cast(r->var, size);
	if ((r->umin & ~m) == (r->umax & ~m)) {
		r->umin &= m;
		r->umax &= m;
	} else {
		r->umin = 0;
		r->umax = m;
	}
	r->smin = (s64)r->umin;
	r->smax = (s64)r->umax;
	if (size < 4) {
		r->u32min = (u32)r->umin;
		r->u32max = (u32)r->umax;
		r->s32min = (s32)r->umin;
		r->s32max = (s32)r->umax;
	} else {
		r->u32min = (u32)r->umin;
		r->u32max = (u32)r->umax;
		r->s32min = V_S32_MIN;
		r->s32max = V_S32_MAX;
	}
	reg_bounds_sync(r);
}

/* Sign-extend the low size bytes into all 64 bits. */
void reg_sext_size(struct vreg *r, u32 size)
{
	u32 bits = size * 8;
	u64 half, full;
	struct tnum t;

	if (size >= 8)
		return;
	reg_coerce_size(r, size);
	half = 1ULL << (bits - 1);
	full = 1ULL << bits;
	if (r->umax < half)
		return;	/* sign bit clear: same value */
	t = r->var;
	if (t.mask & half)
		t.mask |= ~(full - 1);
	else
		t.value |= ~(full - 1);
	if (r->umin >= half) {
		s64 lo = (s64)r->umin - (s64)full, hi = (s64)r->umax - (s64)full;

		set_full_ranges(r);
		r->smin = lo;
		r->smax = hi;
	} else {
		set_full_ranges(r);
		r->smin = -(s64)half;
		r->smax = (s64)half - 1;
	}
	r->var = t;
	reg_bounds_sync(r);
}

static bool add_ovf_s(s64 a, s64 b, s64 *res)
{
	return __builtin_add_overflow(a, b, res);
}

static bool sub_ovf_s(s64 a, s64 b, s64 *res)
{
	return __builtin_sub_overflow(a, b, res);
}

static void alu64_add(struct vreg *d, const struct vreg *s)
{
	s64 lo, hi;

	if (add_ovf_s(d->smin, s->smin, &lo) || add_ovf_s(d->smax, s->smax, &hi)) {
		d->smin = V_S64_MIN;
		d->smax = V_S64_MAX;
	} else {
		d->smin = lo;
		d->smax = hi;
	}
	if (d->umax + s->umax < d->umax) {
		d->umin = 0;
		d->umax = V_U64_MAX;
	} else {
		d->umin += s->umin;
		d->umax += s->umax;
	}
	d->var = tnum_add(d->var, s->var);
}

static void alu64_sub(struct vreg *d, const struct vreg *s)
{
	s64 lo, hi;

	if (sub_ovf_s(d->smin, s->smax, &lo) || sub_ovf_s(d->smax, s->smin, &hi)) {
		d->smin = V_S64_MIN;
		d->smax = V_S64_MAX;
	} else {
		d->smin = lo;
		d->smax = hi;
	}
	if (d->umin < s->umax) {
		d->umin = 0;
		d->umax = V_U64_MAX;
	} else {
		d->umin -= s->umax;
		d->umax -= s->umin;
	}
	d->var = tnum_sub(d->var, s->var);
}

static void alu64_mul(struct vreg *d, const struct vreg *s)
{
	u64 hi;
	bool pos = d->smin >= 0 && s->smin >= 0;

	d->var = tnum_mul(d->var, s->var);
	if (__builtin_mul_overflow(d->umax, s->umax, &hi)) {
		d->umin = 0;
		d->umax = V_U64_MAX;
	} else {
		d->umin *= s->umin;
		d->umax = hi;
	}
	if (pos && d->umax <= (u64)V_S64_MAX) {
		d->smin = (s64)d->umin;
		d->smax = (s64)d->umax;
	} else {
		d->smin = V_S64_MIN;
		d->smax = V_S64_MAX;
	}
}

static void signed_from_unsigned_if_pos(struct vreg *d, bool pos)
{
	if (pos && d->umax <= (u64)V_S64_MAX) {
		d->smin = (s64)d->umin;
		d->smax = (s64)d->umax;
	} else {
		d->smin = V_S64_MIN;
		d->smax = V_S64_MAX;
	}
}

static void alu64_bitwise(struct vreg *d, const struct vreg *s, u8 op)
{
	bool pos = d->smin >= 0 && s->smin >= 0;
	u64 umax_and = umin_of(d->umax, s->umax);
	u64 umin_or = umax_of(d->umin, s->umin);

	if (op == BPF_CORE_AND)
		d->var = tnum_and(d->var, s->var);
	else if (op == BPF_CORE_OR)
		d->var = tnum_or(d->var, s->var);
	else
		d->var = tnum_xor(d->var, s->var);
	d->umin = d->var.value;
	d->umax = d->var.value | d->var.mask;
	if (op == BPF_CORE_AND)
		d->umax = umin_of(d->umax, umax_and);
	else if (op == BPF_CORE_OR)
		d->umin = umax_of(d->umin, umin_or);
	signed_from_unsigned_if_pos(d, pos);
}

static void alu64_shift(struct vreg *d, const struct vreg *s, u8 op,
			u32 width)
{
	u64 k = s->var.value;
	bool known = reg_is_const(s);

	/* Oversized counts are masked at run time; like the kernel, trust nothing. */
	if (known && k >= width) {
		reg_mark_unknown(d);
		return;
	}
	if (!known) {
		/* A shift range inside the width still bounds a right shift. */
		if (op == BPF_CORE_RSH && s->umax < width) {
			d->umin >>= s->umax;
			d->umax >>= s->umin;
			d->var = tnum_range(d->umin, d->umax);
			d->smin = V_S64_MIN;
			d->smax = V_S64_MAX;
			return;
		}
		reg_mark_unknown(d);
		return;
	}
	switch (op) {
	case BPF_CORE_LSH:
		d->var = (struct tnum){ d->var.value << k, d->var.mask << k };
		/* x << 32 is the low half, signed, times 2^32 (sign-extension idiom) */
		if (k == 32 && width == 64) {
			d->smin = (s64)((u64)(s64)d->s32min << 32);
			d->smax = (s64)((u64)(s64)d->s32max << 32);
		} else {
			d->smin = V_S64_MIN;
			d->smax = V_S64_MAX;
		}
		if (k && d->umax > (V_U64_MAX >> k)) {
			d->umin = 0;
			d->umax = V_U64_MAX;
		} else {
			d->umin <<= k;
			d->umax <<= k;
		}
		break;
	case BPF_CORE_RSH:
		d->var = (struct tnum){ d->var.value >> k, d->var.mask >> k };
		d->umin >>= k;
		d->umax >>= k;
		d->smin = V_S64_MIN;
		d->smax = V_S64_MAX;
		break;
	default: /* ARSH */
		d->var = (struct tnum){ (u64)((s64)d->var.value >> k),
					(u64)((s64)d->var.mask >> k) };
		d->smin >>= k;
		d->smax >>= k;
		d->umin = 0;
		d->umax = V_U64_MAX;
		break;
	}
}

static void alu64_div_mod(struct vreg *d, const struct vreg *s, u8 op,
			  s16 off)
{
	u64 k = s->var.value, a = d->var.value;

	if (reg_is_const(d) && reg_is_const(s)) {
		/* Exactly as the ISA: x / 0 = 0, x % 0 = x, INT_MIN / -1 wraps. */
		if (op == BPF_CORE_DIV)
			a = !k ? 0 : !off ? a / k :
			    (s64)k == -1 ? -a : (u64)((s64)a / (s64)k);
		else
			a = !k ? a : !off ? a % k :
			    (s64)k == -1 ? 0 : (u64)((s64)a % (s64)k);
		reg_mark_const(d, a);
		return;
	}
	if (off) {	/* signed: only the sign-free facts are kept */
		reg_mark_unknown(d);
		return;
	}
	if (op == BPF_CORE_DIV) {
		if (reg_is_const(s) && !k) {
			reg_mark_const(d, 0);
			return;
		}
		if (s->umin) {
			d->umin /= s->umax;
			d->umax /= s->umin;
		} else {
			d->umin = 0;	/* x / 0 is 0, x / y <= x */
		}
	} else {
		if (reg_is_const(s) && !k)
			return;	/* x % 0 is x */
		if (s->umin && d->umax < s->umin)
			return;	/* always x < y: x % y is x */
		/* x % y < y when y != 0, and x % 0 is x: both <= x */
		if (s->umin && d->umax >= s->umax)
			d->umax = s->umax - 1;
		d->umin = 0;
	}
	d->var = tnum_range(d->umin, d->umax);
	d->smin = V_S64_MIN;
	d->smax = V_S64_MAX;
}

static void alu64_op(struct vreg *d, const struct vreg *s, u8 op, s16 off,
		     u32 width)
{
	struct vreg zero;

	switch (op) {
	case BPF_CORE_ADD:
		alu64_add(d, s);
		break;
	case BPF_CORE_SUB:
		alu64_sub(d, s);
		break;
	case BPF_CORE_NEG:
		reg_mark_const(&zero, 0);
		alu64_sub(&zero, d);
		*d = zero;
		break;
	case BPF_CORE_MUL:
		alu64_mul(d, s);
		break;
	case BPF_CORE_AND: case BPF_CORE_OR: case BPF_CORE_XOR:
		alu64_bitwise(d, s, op);
		break;
	case BPF_CORE_LSH: case BPF_CORE_RSH: case BPF_CORE_ARSH:
		alu64_shift(d, s, op, width);
		break;
	case BPF_CORE_DIV: case BPF_CORE_MOD:
		alu64_div_mod(d, s, op, off);
		break;
	default:
		reg_mark_unknown(d);
		return;
	}
	/* The 32-bit view of the result is re-derived from the 64-bit one. */
	d->s32min = V_S32_MIN;
	d->s32max = V_S32_MAX;
	d->u32min = 0;
	d->u32max = V_U32_MAX;
	d->type = SCALAR;
	reg_bounds_sync(d);
}

/* The 32-bit subregister as a 64-bit number, zero- or sign-extended. */
static void view32(struct vreg *o, const struct vreg *r, bool sext)
{
	struct tnum sub = tnum_cast(r->var, 4);

	*o = *r;
	set_full_ranges(o);
	if (!sext) {
		o->var = sub;
		o->umin = r->u32min;
		o->umax = r->u32max;
	} else {
		if (sub.mask & 0x80000000ULL)
			sub.mask |= HI32;
		else if (sub.value & 0x80000000ULL)
			sub.value |= HI32;
		o->var = sub;
		o->smin = r->s32min;
		o->smax = r->s32max;
	}
	reg_bounds_sync(o);
}

/* Intersect what a 64-bit result says about its low 32 bits into acc. */
static void take_low32(struct vreg *acc, struct vreg *res)
{
	reg_bounds_sync(res);	/* cross_32_64 derives the 32-bit ranges */
	clamp32(acc, res->u32min, res->u32max);
	clamp32s(acc, res->s32min, res->s32max);
	acc->var = tnum_intersect(acc->var, tnum_cast(res->var, 4));
}

static void alu32_op(struct vreg *d, const struct vreg *s, u8 op, s16 off)
{
	struct vreg dz, sz, ds, ss, out;
	bool zext_ok = op != BPF_CORE_ARSH && !(off && (op == BPF_CORE_DIV ||
							 op == BPF_CORE_MOD));
	bool sext_ok = op != BPF_CORE_RSH && op != BPF_CORE_DIV &&
		       op != BPF_CORE_MOD;

	reg_mark_unknown(&out);
	out.var = tnum_cast(out.var, 4);
	view32(&dz, d, false);
	view32(&sz, s, false);
	view32(&ds, d, true);
	view32(&ss, s, true);
	if (zext_ok) {
		alu64_op(&dz, &sz, op, off, 32);
		take_low32(&out, &dz);
	}
	if (sext_ok) {
		alu64_op(&ds, &ss, op, off, 32);
		take_low32(&out, &ds);
	}
	/* The result is zero-extended into the full register. */
	*d = out;
	d->umin = d->u32min;
	d->umax = d->u32max;
	d->smin = d->u32min;
	d->smax = d->u32max;
	reg_bounds_sync(d);
}

void scalar_alu(struct vreg *dst, const struct vreg *src_in, u8 op,
		s16 off, bool is64)
{
	/* dst and src may be the same register (x %= x): work on a copy. */
	struct vreg tmp, src_copy = *src_in;
	const struct vreg *src = &src_copy;

	if (op == BPF_CORE_MOV) {
		tmp = *src;
		tmp.id = 0;
		tmp.ref_obj_id = 0;
		if (is64) {
			if (off)
				reg_sext_size(&tmp, off / 8);
		} else {
			if (off)
				reg_sext_size(&tmp, off / 8);
			reg_coerce_size(&tmp, 4);
		}
		*dst = tmp;
		return;
	}
	if (is64)
		alu64_op(dst, src, op, off, 64);
	else
		alu32_op(dst, src, op, off);
	dst->id = 0;
}

static u64 bswap(u64 v, s32 width)
{
	switch (width) {
	case 16: return __builtin_bswap16((u16)v);
	case 32: return __builtin_bswap32((u32)v);
	default: return __builtin_bswap64(v);
	}
}

/* le/be (ALU) and bswap (ALU64) on a little-endian host. */
void scalar_swap(struct vreg *dst, s32 width, bool to_be, bool is64)
{
	bool swap = is64 || to_be;

	if (reg_is_const(dst)) {
		u64 v = dst->var.value;

		v = swap ? bswap(v, width) : (width == 64 ? v : v & ((1ULL << width) - 1));
		reg_mark_const(dst, v);
		return;
	}
	if (swap)
		reg_mark_unknown(dst);
	reg_coerce_size(dst, width / 8);
	dst->id = 0;	/* no longer the value of its linked copies */
}

/* One side of a comparison, in 64- or 32-bit terms. */
struct rng {
	u64 umin, umax;
	s64 smin, smax;
	struct tnum t;
};

static void to_rng(struct rng *o, const struct vreg *r, bool is32)
{
	if (is32) {
		o->umin = r->u32min;
		o->umax = r->u32max;
		o->smin = r->s32min;
		o->smax = r->s32max;
		o->t = tnum_cast(r->var, 4);
	} else {
		o->umin = r->umin;
		o->umax = r->umax;
		o->smin = r->smin;
		o->smax = r->smax;
		o->t = r->var;
	}
}

static void from_rng(struct vreg *r, const struct rng *o, bool is32)
{
	if (is32) {
		r->u32min = (u32)o->umin;
		r->u32max = (u32)o->umax;
		r->s32min = (s32)o->smin;
		r->s32max = (s32)o->smax;
		r->var = tnum_with_subreg(r->var, o->t);
	} else {
		r->umin = o->umin;
		r->umax = o->umax;
		r->smin = o->smin;
		r->smax = o->smax;
		r->var = o->t;
	}
}

static bool rng_const(const struct rng *r)
{
	return !r->t.mask;
}

/* Make a > b (unsigned, or signed) hold. */
static bool refine_gt(struct rng *a, struct rng *b, bool sgn, bool strict,
		      bool is32)
{
	u64 umaxv = is32 ? V_U32_MAX : V_U64_MAX;
	s64 smaxv = is32 ? V_S32_MAX : V_S64_MAX;
	s64 sminv = is32 ? V_S32_MIN : V_S64_MIN;

	if (!sgn) {
		if (strict && (b->umin == umaxv || a->umax == 0))
			return false;
		a->umin = umax_of(a->umin, b->umin + strict);
		b->umax = umin_of(b->umax, a->umax - strict);
	} else {
		if (strict && (b->smin == smaxv || a->smax == sminv))
			return false;
		a->smin = smax_of(a->smin, b->smin + strict);
		b->smax = smin_of(b->smax, a->smax - strict);
	}
	return true;
}

static bool refine_ne_const(struct rng *a, u64 k)
{
	if (rng_const(a))
		return a->t.value != k;
	if (a->umin == k)
		a->umin++;
	else if (a->umax == k)
		a->umax--;
	if (a->smin == (s64)k)
		a->smin++;
	else if (a->smax == (s64)k)
		a->smax--;
	return true;
}

static bool refine(struct rng *a, struct rng *b, u8 op, bool is32)
{
	struct tnum t;

	switch (op) {
	case BPF_CORE_JEQ:
		a->umin = b->umin = umax_of(a->umin, b->umin);
		a->umax = b->umax = umin_of(a->umax, b->umax);
		a->smin = b->smin = smax_of(a->smin, b->smin);
		a->smax = b->smax = smin_of(a->smax, b->smax);
		if ((a->t.value ^ b->t.value) & ~(a->t.mask | b->t.mask))
			return false;
		t = tnum_intersect(a->t, b->t);
		a->t = b->t = t;
		return true;
	case BPF_CORE_JNE:
		if (rng_const(b))
			return refine_ne_const(a, b->t.value);
		if (rng_const(a))
			return refine_ne_const(b, a->t.value);
		return true;
	case BPF_CORE_JGT: return refine_gt(a, b, false, true, is32);
	case BPF_CORE_JGE: return refine_gt(a, b, false, false, is32);
	case BPF_CORE_JLT: return refine_gt(b, a, false, true, is32);
	case BPF_CORE_JLE: return refine_gt(b, a, false, false, is32);
	case BPF_CORE_JSGT: return refine_gt(a, b, true, true, is32);
	case BPF_CORE_JSGE: return refine_gt(a, b, true, false, is32);
	case BPF_CORE_JSLT: return refine_gt(b, a, true, true, is32);
	case BPF_CORE_JSLE: return refine_gt(b, a, true, false, is32);
	case BPF_CORE_JSET:
		if (!((a->t.value | a->t.mask) & (b->t.value | b->t.mask)))
			return false;
		if (rng_const(b) && !(b->t.value & (b->t.value - 1)) &&
		    b->t.value) {
			a->t.value |= b->t.value;
			a->t.mask &= ~b->t.value;
		}
		return true;
	default: /* !JSET: (a & b) == 0 */
		if (a->t.value & b->t.value)
			return false;
		if (rng_const(b)) {
			a->t.value &= ~b->t.value;
			a->t.mask &= ~b->t.value;
		}
		if (rng_const(a)) {
			b->t.value &= ~a->t.value;
			b->t.mask &= ~a->t.value;
		}
		return true;
	}
}

#define OP_NOT_JSET 0xff

static u8 negate_op(u8 op)
{
	switch (op) {
	case BPF_CORE_JEQ: return BPF_CORE_JNE;
	case BPF_CORE_JNE: return BPF_CORE_JEQ;
	case BPF_CORE_JGT: return BPF_CORE_JLE;
	case BPF_CORE_JLE: return BPF_CORE_JGT;
	case BPF_CORE_JGE: return BPF_CORE_JLT;
	case BPF_CORE_JLT: return BPF_CORE_JGE;
	case BPF_CORE_JSGT: return BPF_CORE_JSLE;
	case BPF_CORE_JSLE: return BPF_CORE_JSGT;
	case BPF_CORE_JSGE: return BPF_CORE_JSLT;
	case BPF_CORE_JSLT: return BPF_CORE_JSGE;
	default: return OP_NOT_JSET;
	}
}

bool scalar_branch(struct vreg *a, struct vreg *b, u8 op, bool is32,
		   bool taken)
{
	struct rng ra, rb;

	if (!taken)
		op = negate_op(op);
	to_rng(&ra, a, is32);
	to_rng(&rb, b, is32);
	if (!refine(&ra, &rb, op, is32))
		return false;
	if (ra.umin > ra.umax || ra.smin > ra.smax ||
	    rb.umin > rb.umax || rb.smin > rb.smax)
		return false;
	from_rng(a, &ra, is32);
	from_rng(b, &rb, is32);
	reg_bounds_sync(a);
	reg_bounds_sync(b);
	return !reg_bounds_empty(a) && !reg_bounds_empty(b);
}

bool scalar_range_within(const struct vreg *old, const struct vreg *cur)
{
	return old->umin <= cur->umin && cur->umax <= old->umax &&
	       old->smin <= cur->smin && cur->smax <= old->smax &&
	       old->u32min <= cur->u32min && cur->u32max <= old->u32max &&
	       old->s32min <= cur->s32min && cur->s32max <= old->s32max &&
	       tnum_in(old->var, cur->var);
}
