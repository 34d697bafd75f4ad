/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the jit_*_test.c programs: run one program on the interpreter
 * and on the JIT in several code-generation modes, compare r0 and memory.
 */
#ifndef BPF_CORE_JIT_UTIL_H
#define BPF_CORE_JIT_UTIL_H

#include <string.h>

#include "tap.h"
#include "jit.h"

#define JU_MEM	256

/* Every mode the JIT has: the default, without BMI2, blinded, and all
 * the non-default choices at once.
 */
static const u32 ju_modes[] = {
	0,
	BPF_CORE_JIT_NO_BMI2,
	BPF_CORE_JIT_BLIND,
	BPF_CORE_JIT_BLIND | BPF_CORE_JIT_FORCE_LONG_JUMPS |
		BPF_CORE_JIT_NO_BMI2,
};
#define JU_NMODES (sizeof(ju_modes) / sizeof(ju_modes[0]))

static inline int ju_compile(struct bpf_core_prog *p, u32 flags)
{
	struct bpf_core_jit_opts o = { .flags = flags };

	return bpf_core_jit_compile(p, &o);
}

/*
 * Run prog on both engines, every JIT mode, with r1 = a copy of mem
 * (JU_MEM bytes) and r2 = len. Returns 1 when all agree, 0 otherwise
 * with the first difference in why. *r0 gets the interpreter's result.
 */
static inline int ju_compare(struct bpf_core_prog *p, const u8 *mem, u64 len,
		      u64 *r0, char *why, size_t whylen)
{
	u8 mi[JU_MEM], mj[JU_MEM];
	u64 ri, rj;
	size_t m;
	int ret;

	memcpy(mi, mem, JU_MEM);
	ri = bpf_core_interp_run(p, mi, len);
	*r0 = ri;
	for (m = 0; m < JU_NMODES; m++) {
		ret = ju_compile(p, ju_modes[m]);
		if (ret) {
			snprintf(why, whylen, "mode %#x: compile %d",
				 ju_modes[m], ret);
			return 0;
		}
		memcpy(mj, mem, JU_MEM);
		rj = p->jit_entry(mj, len);
		if (rj != ri) {
			snprintf(why, whylen, "mode %#x: jit r0 %#llx interp %#llx",
				 ju_modes[m], (unsigned long long)rj,
				 (unsigned long long)ri);
			return 0;
		}
		if (memcmp(mi, mj, JU_MEM)) {
			snprintf(why, whylen, "mode %#x: memory differs",
				 ju_modes[m]);
			return 0;
		}
	}
	return 1;
}

/*
 * One TAP line: text assembles, both engines agree in every mode, and
 * r0 == expect (when check is set).
 */
static inline void ju_check_opts(const char *name, const char *text, const u8 *mem,
			  const struct bpf_core_load_opts *lo, int check,
			  u64 expect)
{
	static const u8 zero[JU_MEM];
	char err[256] = "", why[160] = "";
	struct bpf_core_prog *p = load_asm_opts(text, lo, err, sizeof(err));
	u64 r0 = 0;
	int same;

	if (!p) {
		ok(0, "%s: load: %s", name, err);
		return;
	}
	same = ju_compare(p, mem ? mem : zero, JU_MEM, &r0, why, sizeof(why));
	if (same && check && r0 != expect)
		snprintf(why, sizeof(why), "r0 %#llx, want %#llx",
			 (unsigned long long)r0, (unsigned long long)expect);
	ok(same && (!check || r0 == expect), "%s%s%s", name, *why ? ": " : "",
	   why);
	bpf_core_prog_free(p);
}

static inline void ju_expect(const char *name, const char *text, u64 expect)
{
	ju_check_opts(name, text, NULL, NULL, 1, expect);
}

static inline void ju_same(const char *name, const char *text, const u8 *mem)
{
	ju_check_opts(name, text, mem, NULL, 0, 0);
}

#endif /* BPF_CORE_JIT_UTIL_H */
