// SPDX-License-Identifier: GPL-2.0
/*
 * GEO random pool core: geometric counts by inverse transform in integer
 * fixed point (no FPU in the kernel), and the per-CPU pool that the fast
 * path takes them from while a work item refills used-up halves.
 *
 * With U uniform in (0, 1] and L = -log2(1 - p),
 *	G = 1 + floor(-log2(U) / L)
 * gives P(G > k) = P(U <= (1 - p)^k) = (1 - p)^k: geometric on {1, 2, ...}.
 */
#include "obj_core.h"

u64 enetstl_log2_q32(u64 x)
{
	u32 n = 63 - (u32)__builtin_clzll(x);
	u64 res = (u64)n << 32;
	u64 y;
	int i;

	/* y = x / 2^n in 1.31 fixed point, in [1, 2). */
	y = n >= 31 ? x >> (n - 31) : x << (31 - n);
	/* Squaring doubles the exponent: each step yields one fraction bit. */
	for (i = 31; i >= 0; i--) {
		y = (y * y) >> 31;
		if (y >= (2ULL << 31)) {
			y >>= 1;
			res |= 1ULL << i;
		}
	}
	return res;
}

int enetstl_geo_param_init(struct enetstl_geo_param *gp, u32 num, u32 den)
{
	u64 l;

	if (!num || num > den)
		return -EINVAL;
	gp->always = num == den;
	gp->neglog2_q = 0;
	if (gp->always)
		return 0;
	l = enetstl_log2_q32(den) - enetstl_log2_q32(den - num);
	/* Tiny p can round to 0; the smallest step keeps counts finite. */
	gp->neglog2_q = l ? l : 1;
	return 0;
}

u32 enetstl_geo_draw(const struct enetstl_geo_param *gp, u32 rnd)
{
	u64 neglog_u, q;

	if (gp->always)
		return 1;
	/* U = (rnd + 1) / 2^32 lies in (0, 1]. */
	neglog_u = (32ULL << 32) - enetstl_log2_q32((u64)rnd + 1);
	q = enetstl_div64(neglog_u, gp->neglog2_q);
	return q >= ENETSTL_GEO_MAX_CNT ? ENETSTL_GEO_MAX_CNT : (u32)q + 1;
}

u32 enetstl_geo_take(struct enetstl_geo_cpu *pc,
		     const struct enetstl_geo_param *gp, bool *refill)
{
	u32 i = pc->idx & (ENETSTL_GEO_POOL_SIZE - 1);
	u32 h = i / ENETSTL_GEO_HALF;
	u32 next = (i + 1) & (ENETSTL_GEO_POOL_SIZE - 1);
	u32 v;

	/* A half not refilled yet: draw now rather than reuse a count. */
	if (enetstl_load_acquire(&pc->fresh[h]))
		v = pc->vals[i];
	else
		v = enetstl_geo_draw(gp, enetstl_random_u32());
	pc->idx = next;
	if (next % ENETSTL_GEO_HALF == 0) {
		enetstl_write_once(pc->fresh[h], 0);
		*refill = true;
	}
	return v;
}

bool enetstl_geo_should_do(struct enetstl_geo_cpu *pc,
			   const struct enetstl_geo_param *gp, bool *refill)
{
	if (!pc->countdown)
		pc->countdown = enetstl_geo_take(pc, gp, refill);
	pc->countdown--;
	return pc->countdown == 0;
}

void enetstl_geo_refill(struct enetstl_geo_cpu *pc,
			const struct enetstl_geo_param *gp)
{
	u32 h, i;

	/*
	 * The fast path only reads a half marked fresh and only ever clears
	 * the mark, so a half seen stale here is not read while written.
	 */
	for (h = 0; h < 2; h++) {
		if (enetstl_load_acquire(&pc->fresh[h]))
			continue;
		for (i = h * ENETSTL_GEO_HALF; i < (h + 1) * ENETSTL_GEO_HALF;
		     i++)
			pc->vals[i] = enetstl_geo_draw(gp,
						       enetstl_random_u32());
		enetstl_store_release(&pc->fresh[h], 1);
	}
}
