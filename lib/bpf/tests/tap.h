/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP output and assembler shortcuts for lib/bpf tests. */
#ifndef BPF_CORE_TAP_H
#define BPF_CORE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "bpf_core.h"

static int tap_n, tap_failed;

static void __attribute__((format(printf, 2, 3))) ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

/* Assemble and decode; prints a diagnostic and returns NULL on error. */
static __attribute__((unused)) struct bpf_core_prog *load_asm_opts(const char *text,
					   const struct bpf_core_load_opts *opts,
					   char *err, size_t errlen)
{
	struct bpf_core_insn *insns;
	struct bpf_core_prog *prog;
	u32 cnt;
	int ret;

	ret = bpf_core_asm(text, &insns, &cnt, err, errlen);
	if (ret) {
		printf("# asm: %s\n", err);
		return NULL;
	}
	ret = bpf_core_decode(insns, cnt, opts, &prog, err, errlen);
	bpf_core_free(insns);
	return ret ? NULL : prog;
}

static __attribute__((unused)) struct bpf_core_prog *load_asm(const char *text)
{
	char err[256];
	struct bpf_core_prog *p = load_asm_opts(text, NULL, err, sizeof(err));

	if (!p)
		printf("# load: %s\n", err);
	return p;
}

/* Run text on the interpreter with r1 = mem, r2 = len; ~0 on load error. */
static __attribute__((unused)) u64 run_asm(const char *text, void *mem, u64 len)
{
	struct bpf_core_prog *p = load_asm(text);
	u64 r0;

	if (!p)
		return ~0ULL - 1;
	r0 = bpf_core_interp_run(p, mem, len);
	bpf_core_prog_free(p);
	return r0;
}

#endif /* BPF_CORE_TAP_H */
