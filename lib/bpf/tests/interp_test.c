// SPDX-License-Identifier: GPL-2.0
/*
 * Interpreter semantics (RFC 9669 edge cases), bpf-to-bpf frames, helper
 * calls, callx and tail calls.
 */
#include "tap.h"

#define EXPECT(text, want) do {						\
	u64 got_ = run_asm(text, NULL, 0);				\
	ok(got_ == (u64)(want), "%s = 0x%llx (got 0x%llx)", #text,	\
	   (unsigned long long)(u64)(want), (unsigned long long)got_);	\
} while (0)

static u64 h_sum5(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e;
}

static u64 h_neg(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	(void)b; (void)c; (void)d; (void)e;
	return -a;
}

static const bpf_core_helper_fn helpers[] = {
	[1] = h_sum5, [3] = h_neg,
};

static struct bpf_core_prog *tail_table[4];

static const struct bpf_core_prog *tail_lookup(void *map, u32 index)
{
	if (map != (void *)tail_table || index >= ARRAY_SIZE(tail_table))
		return NULL;
	return tail_table[index];
}

static void alu_edges(void)
{
	/* Division by zero: div gives 0, mod leaves dst; 32-bit zero-extends. */
	EXPECT("lddw %r0, 0xffffffff00000005\nmov32 %r1, 0\ndiv32 %r0, %r1\nexit", 0);
	EXPECT("lddw %r0, 0xffffffff00000005\nmov32 %r1, 0\nmod32 %r0, %r1\nexit", 5);
	EXPECT("lddw %r0, 0xffffffff00000005\nmov %r1, 0\nmod %r0, %r1\nexit",
	       0xffffffff00000005ULL);
	EXPECT("mov %r0, 9\ndiv %r0, 0\nexit", 0);
	EXPECT("mov %r0, -7\nsdiv %r0, 0\nexit", 0);
	EXPECT("mov %r0, -7\nsmod %r0, 0\nexit", (u64)-7);
	EXPECT("mov %r0, -7\nsmod32 %r0, 0\nexit", 0xfffffff9);
	/* Signed overflow: INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0. */
	EXPECT("lddw %r0, 0x8000000000000000\nsdiv %r0, -1\nexit", 0x8000000000000000ULL);
	EXPECT("lddw %r0, 0x8000000000000000\nsmod %r0, -1\nexit", 0);
	EXPECT("mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit", 0x80000000);
	EXPECT("mov32 %r0, 0x80000000\nmov32 %r1, -1\nsmod32 %r0, %r1\nexit", 0);
	/* Truncating signed division; remainder takes the dividend's sign. */
	EXPECT("mov %r0, -7\nsdiv %r0, 2\nexit", (u64)-3);
	EXPECT("mov %r0, -7\nsmod %r0, 2\nexit", (u64)-1);
	EXPECT("mov %r0, 7\nsmod %r0, -2\nexit", 1);
	/* ALU64 unsigned div/mod with imm: imm sign-extends to 64 bits first. */
	EXPECT("mov %r0, -1\ndiv %r0, -1\nexit", 1);
	EXPECT("mov %r0, 5\nmod %r0, -1\nexit", 5);
	EXPECT("mov32 %r0, -1\ndiv32 %r0, -1\nexit", 1);
	/* Shift counts are masked to 63 / 31. */
	EXPECT("mov %r0, 1\nmov %r1, 65\nlsh %r0, %r1\nexit", 2);
	EXPECT("mov32 %r0, 1\nmov %r1, 33\nlsh32 %r0, %r1\nexit", 2);
	EXPECT("mov32 %r0, 0x80000000\nmov %r1, 33\narsh32 %r0, %r1\nexit", 0xc0000000);
	EXPECT("mov %r0, -16\narsh %r0, 2\nexit", (u64)-4);
	EXPECT("mov %r0, -16\nrsh %r0, 60\nexit", 0xf);
	/* 32-bit ops zero the upper half; mov32 imm does not sign-extend. */
	EXPECT("lddw %r0, -1\nadd32 %r0, 0\nexit", 0xffffffff);
	EXPECT("mov32 %r0, -1\nexit", 0xffffffff);
	EXPECT("mov %r0, -1\nexit", ~0ULL);
	EXPECT("mov %r0, 5\nneg32 %r0\nexit", 0xfffffffb);
	EXPECT("mov %r0, 5\nneg %r0\nexit", (u64)-5);
	/* movsx */
	EXPECT("mov %r1, 0x180\nmovsx8 %r0, %r1\nexit", (u64)-128);
	EXPECT("mov %r1, 0x180\nmovsx832 %r0, %r1\nexit", 0xffffff80);
	EXPECT("mov %r1, 0x18000\nmovsx1664 %r0, %r1\nexit", (u64)-32768);
	EXPECT("mov32 %r1, 0x80000000\nmovsx3264 %r0, %r1\nexit", 0xffffffff80000000ULL);
	/* Byte swaps */
	EXPECT("lddw %r0, 0x1122334455667788\nbe16 %r0\nexit", 0x8877);
	EXPECT("lddw %r0, 0x1122334455667788\nle16 %r0\nexit", 0x7788);
	EXPECT("lddw %r0, 0x1122334455667788\nle32 %r0\nexit", 0x55667788);
	EXPECT("lddw %r0, 0x1122334455667788\nle64 %r0\nexit", 0x1122334455667788ULL);
	EXPECT("lddw %r0, 0x1122334455667788\nbe32 %r0\nexit", 0x88776655);
	EXPECT("lddw %r0, 0x1122334455667788\nbswap64 %r0\nexit", 0x8877665544332211ULL);
	EXPECT("lddw %r0, 0x1122334455667788\nbswap16 %r0\nexit", 0x8877);
}

static void jump_edges(void)
{
	EXPECT("lddw %r1, 0x100000000\nmov %r0, 1\njeq32 %r1, 0, +1\nmov %r0, 2\nexit", 1);
	EXPECT("lddw %r1, 0x100000000\nmov %r0, 1\njeq %r1, 0, +1\nmov %r0, 2\nexit", 2);
	EXPECT("mov %r1, -1\nmov %r0, 1\njsgt %r1, 0, +1\nmov %r0, 2\nexit", 2);
	EXPECT("mov %r1, -1\nmov %r0, 1\njgt %r1, 0, +1\nmov %r0, 2\nexit", 1);
	EXPECT("mov32 %r1, -1\nmov %r0, 1\njslt32 %r1, 0, +1\nmov %r0, 2\nexit", 1);
	EXPECT("mov32 %r1, -1\nmov %r0, 1\njslt %r1, 0, +1\nmov %r0, 2\nexit", 2);
	EXPECT("mov %r1, 6\nmov %r0, 1\njset %r1, 8, +1\nmov %r0, 2\nexit", 2);
	/* Immediates of JMP sign-extend to 64 bits. */
	EXPECT("mov %r1, -1\nmov %r0, 1\njeq %r1, -1, +1\nmov %r0, 2\nexit", 1);
	EXPECT("mov %r0, 1\nja32 +1\nmov %r0, 2\nexit", 1);
	EXPECT("mov %r0, 0\nloop: add %r0, 1\njlt %r0, 10, loop\nexit", 10);
}

static void memory_edges(void)
{
	u8 mem[16] = { 0xff, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80 };
	u64 r;

	r = run_asm("ldxsb %r0, [%r1]\nexit", mem, sizeof(mem));
	ok(r == ~0ULL, "ldxsb sign-extends 0xff");
	r = run_asm("ldxsh %r0, [%r1+2]\nexit", mem, sizeof(mem));
	ok(r == 0xffffffffffff8000ULL, "ldxsh sign-extends 0x8000");
	r = run_asm("ldxsw %r0, [%r1+4]\nexit", mem, sizeof(mem));
	ok(r == 0xffffffff80000000ULL, "ldxsw sign-extends 0x80000000");
	r = run_asm("ldxh %r0, [%r1+2]\nexit", mem, sizeof(mem));
	ok(r == 0x8000, "ldxh zero-extends");
	r = run_asm("stdw [%r1+8], -2\nldxdw %r0, [%r1+8]\nexit", mem, sizeof(mem));
	ok(r == (u64)-2, "stdw sign-extends its imm");
	r = run_asm("stw [%r10-4], 0x11223344\nldxb %r0, [%r10-4]\nexit", NULL, 0);
	ok(r == 0x44, "stack is little-endian");
	r = run_asm("mov %r2, %r10\nstdw [%r2-16], 9\nldxdw %r0, [%r10-16]\nexit",
		    NULL, 0);
	ok(r == 9, "r10 copies address the stack");
}

static void atomic_edges(void)
{
	EXPECT("stdw [%r10-8], 10\nmov %r1, 5\nlock fetch add [%r10-8], %r1\n"
	       "ldxdw %r0, [%r10-8]\nlsh %r0, 8\nor %r0, %r1\nexit", (15 << 8) | 10);
	EXPECT("stdw [%r10-8], -1\nmov %r1, 1\nlock fetch add32 [%r10-8], %r1\n"
	       "mov %r0, %r1\nexit", 0xffffffff);
	EXPECT("stdw [%r10-8], -1\nmov %r1, 1\nlock add32 [%r10-8], %r1\n"
	       "ldxdw %r0, [%r10-8]\nexit", 0xffffffff00000000ULL);
	EXPECT("stdw [%r10-8], 0xf0\nmov %r1, 0x3c\nlock and [%r10-8], %r1\n"
	       "ldxdw %r0, [%r10-8]\nexit", 0x30);
	EXPECT("stdw [%r10-8], 0xf0\nmov %r1, 0x3c\nlock fetch xor [%r10-8], %r1\n"
	       "ldxdw %r0, [%r10-8]\nadd %r0, %r1\nexit", 0xcc + 0xf0);
	EXPECT("stdw [%r10-8], 7\nmov %r1, 9\nlock xchg [%r10-8], %r1\n"
	       "ldxdw %r0, [%r10-8]\nlsh %r0, 4\nor %r0, %r1\nexit", 0x97);
	/* cmpxchg: r0 always receives the old value; store only on match. */
	EXPECT("stdw [%r10-8], 7\nmov %r0, 7\nmov %r1, 9\nlock cmpxchg [%r10-8], %r1\n"
	       "ldxdw %r2, [%r10-8]\nlsh %r0, 4\nor %r0, %r2\nexit", 0x79);
	EXPECT("stdw [%r10-8], 7\nmov %r0, 6\nmov %r1, 9\nlock cmpxchg [%r10-8], %r1\n"
	       "ldxdw %r2, [%r10-8]\nlsh %r0, 4\nor %r0, %r2\nexit", 0x77);
	EXPECT("stdw [%r10-8], -1\nlddw %r0, 0x1ffffffff\nmov %r1, 2\n"
	       "lock cmpxchg32 [%r10-8], %r1\nexit", 0xffffffff);
}

static void calls_and_frames(void)
{
	struct bpf_core_load_opts opts = {
		.helpers = helpers, .nr_helpers = ARRAY_SIZE(helpers),
		.flags = BPF_CORE_LOAD_ALLOW_CALLX,
	};
	struct bpf_core_prog *p;
	u64 stack[BPF_CORE_RUN_STACK_SIZE / 8];
	char err[256];
	int status;
	u64 r;

	p = load_asm_opts("mov %r1, 1\nmov %r2, 2\nmov %r3, 3\nmov %r4, 4\n"
			  "mov %r5, 5\ncall 1\nexit", &opts, err, sizeof(err));
	ok(p && bpf_core_interp_run(p, NULL, 0) == 1 + 4 + 9 + 16 + 25,
	   "helper gets r1..r5");
	bpf_core_prog_free(p);
	p = load_asm_opts("mov %r6, 3\nmov %r1, 7\ncallx %r6\nmov %r6, 2\n"
			  "callx %r6\nadd %r0, 1\nexit", &opts, err, sizeof(err));
	ok(p && bpf_core_interp_run(p, NULL, 0) == 1,
	   "callx calls by register; an empty slot gives r0 = 0");
	bpf_core_prog_free(p);

	/* Callee clobbers r6..r9 and its own r10-8: the caller's survive. */
	r = run_asm("mov %r6, 6\nmov %r7, 7\nmov %r8, 8\nmov %r9, 9\n"
		    "stdw [%r10-8], 100\nmov %r1, %r10\ncall local f\n"
		    "ldxdw %r2, [%r10-8]\nadd %r0, %r2\nadd %r0, %r6\nadd %r0, %r7\n"
		    "add %r0, %r8\nadd %r0, %r9\nexit\n"
		    "f: mov %r6, 0\nmov %r7, 0\nmov %r8, 0\nmov %r9, 0\n"
		    "stdw [%r10-8], 1\nmov %r0, %r1\nsub %r0, %r10\nexit", NULL, 0);
	ok(r == 512 + 100 + 30, "local call: own frame, r6-r9 restored (got %llu)",
	   (unsigned long long)r);
	/* Recursion: factorial(6) through 7 frames. */
	r = run_asm("mov %r1, 6\ncall local fact\nexit\n"
		    "fact: mov %r0, 1\njeq %r1, 0, done\nmov %r6, %r1\nsub %r1, 1\n"
		    "call local fact\nmul %r0, %r6\ndone: exit", NULL, 0);
	ok(r == 720, "recursive factorial(6) = 720 (got %llu)", (unsigned long long)r);
	p = load_asm("mov %r1, 7\ncall local f\nexit\n"
		     "f: mov %r0, 1\njeq %r1, 0, +2\nsub %r1, 1\ncall local f\nexit");
	ok(p != NULL, "load deep recursion");
	if (p) {
		r = bpf_core_interp_run_stack(p, NULL, 0, stack, sizeof(stack), &status);
		ok(r == 0 && status == -E2BIG, "9 frames exceed the limit of %d: -E2BIG",
		   BPF_CORE_MAX_CALL_DEPTH);
		r = bpf_core_interp_run_stack(p, NULL, 0, stack, 2 * BPF_CORE_STACK_SIZE,
					      &status);
		ok(status == -E2BIG, "a 2-frame stack stops the third frame");
		bpf_core_prog_free(p);
	}
	p = load_asm("mov %r1, 5\ncall local f\nexit\n"
		     "f: mov %r0, 1\njeq %r1, 0, +2\nsub %r1, 1\ncall local f\nexit");
	r = p ? bpf_core_interp_run_stack(p, NULL, 0, stack, sizeof(stack), &status) : 9;
	ok(r == 1 && status == 0, "7 frames fit");
	bpf_core_prog_free(p);
}

static void tail_calls(void)
{
	struct bpf_core_load_opts opts = { .tail_call_lookup = tail_lookup };
	u64 counter = 0, r;
	char err[256], text[512];
	int i;

	/* [0]: counts in *r1 and tail-calls itself until the limit stops it. */
	snprintf(text, sizeof(text),
		 "ldxdw %%r0, [%%r1]\nadd %%r0, 1\nstxdw [%%r1], %%r0\n"
		 "mov %%r6, %%r1\nlddw %%r2, %llu\nmov %%r3, 0\ncall 12\n"
		 "ldxdw %%r0, [%%r6]\nadd %%r0, 1000\nexit",
		 (unsigned long long)(unsigned long)tail_table);
	tail_table[0] = load_asm_opts(text, &opts, err, sizeof(err));
	/* [1]: tail-calls [2]; [2] returns 42 + its r1. */
	snprintf(text, sizeof(text),
		 "stdw [%%r10-8], 5\nlddw %%r2, %llu\nmov %%r3, 2\ncall 12\n"
		 "mov %%r0, 99\nexit",
		 (unsigned long long)(unsigned long)tail_table);
	tail_table[1] = load_asm_opts(text, &opts, err, sizeof(err));
	tail_table[2] = load_asm_opts("mov %r0, 42\nadd %r0, %r1\nexit", &opts,
				      err, sizeof(err));
	ok(tail_table[0] && tail_table[1] && tail_table[2], "load tail-call programs");
	for (i = 0; i < 3; i++)
		if (!tail_table[i])
			return;
	r = bpf_core_interp_run(tail_table[0], &counter, 0);
	ok(counter == 1 + BPF_CORE_MAX_TAIL_CALLS && r == counter + 1000,
	   "tail calls stop after %d: ran %llu times, r0 %llu",
	   BPF_CORE_MAX_TAIL_CALLS, (unsigned long long)counter,
	   (unsigned long long)r);
	r = bpf_core_interp_run(tail_table[1], (void *)8, 0);
	ok(r == 50, "tail call jumps and does not return (r0 %llu)",
	   (unsigned long long)r);
	snprintf(text, sizeof(text),
		 "mov %%r0, 7\nlddw %%r2, %llu\nmov %%r3, 3\ncall 12\nexit",
		 (unsigned long long)(unsigned long)tail_table);
	tail_table[3] = NULL;
	{
		struct bpf_core_prog *p = load_asm_opts(text, &opts, err, sizeof(err));

		ok(p && bpf_core_interp_run(p, NULL, 0) == 7,
		   "a missing tail-call target falls through");
		bpf_core_prog_free(p);
	}
	for (i = 0; i < 3; i++)
		bpf_core_prog_free(tail_table[i]);
}

int main(void)
{
	alu_edges();
	jump_edges();
	memory_edges();
	atomic_edges();
	calls_and_frames();
	tail_calls();
	return tap_done();
}
