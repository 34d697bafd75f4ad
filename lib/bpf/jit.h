/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jit.h - x86-64 JIT for struct bpf_core_prog (jit_x86_64.c, with the ALU,
 * memory and atomic instructions in jit_x86_64_ops.h).
 *
 * Machine code layout and calling convention:
 *   BPF r0..r10 live in rax, rdi, rsi, rdx, rcx, r8, rbx, r13, r14, r15,
 *   rbp, so r1..r5 are already the SysV argument registers of a helper and
 *   r6..r9 are callee-saved. r9..r11 are JIT scratch, r12 points at the
 *   run's tail-call counter. Every BPF function (main program and each
 *   subprogram) is a real x86 function with its own frame: r10 == rbp,
 *   the BPF stack is [rbp - stack_depth, rbp).
 *   prog->jit_image is also the tail-call entry of the program: a tail
 *   call tears its own frame down and jumps there. As with the kernel's
 *   JIT, the target starts with only r1 (ctx) and r10 defined; the
 *   interpreter keeps r0, r2..r9 as they were, which no verified program
 *   can observe. A target that is not JITed makes the tail call miss.
 *   Local calls deeper than BPF_CORE_MAX_CALL_DEPTH frames end the run
 *   with r0 = 0, as in the interpreter.
 */
#ifndef BPF_CORE_JIT_H
#define BPF_CORE_JIT_H

#include "bpf_core.h"

/* Constant blinding: no user-chosen 32/64-bit immediate appears in the
 * image; each is loaded as (imm ^ rnd) then xored with rnd.
 */
#define BPF_CORE_JIT_BLIND		0x1
/* Never emit rel8 jumps (tests compare the image size with the default). */
#define BPF_CORE_JIT_FORCE_LONG_JUMPS	0x2
/* Do not use BMI2 shlx/shrx/sarx even when the CPU has them. */
#define BPF_CORE_JIT_NO_BMI2		0x4
#define BPF_CORE_JIT_FLAGS_MASK		0x7

struct bpf_core_jit_opts {
	u32 flags;		/* BPF_CORE_JIT_* */
	u32 reserved;		/* must be 0 */
	u64 blind_seed;		/* 0: random per compile */
};

/* Statistics of the last compile of a program, for tests and benches. */
struct bpf_core_jit_stats {
	u32 passes;		/* emission passes until the size converged */
	u32 short_jumps;	/* rel8 branches in the final image */
	u32 long_jumps;		/* rel32 branches in the final image */
	u32 used_bmi2;		/* shifts by register went through shlx & co */
};

/*
 * Compile prog to x86-64. opts may be NULL (defaults). Sets
 * prog->jit_image, jit_size, jit_entry, jit_priv and jit_release; the image
 * is sealed read-only + executable before this returns 0. Returns -EINVAL
 * for an instruction it cannot translate, -ENOMEM, or the seal's -errno.
 * Compiling an already compiled prog replaces its image.
 */
int bpf_core_jit_compile(struct bpf_core_prog *prog,
			 const struct bpf_core_jit_opts *opts);

/* Release the image (also done by bpf_core_prog_free()). */
void bpf_core_jit_free(struct bpf_core_prog *prog);

/* Stats of prog's current image; -ENOENT when not JITed. */
int bpf_core_jit_get_stats(const struct bpf_core_prog *prog,
			   struct bpf_core_jit_stats *stats);

/* True when the CPU has BMI2 (the JIT then uses shlx/shrx/sarx). */
bool bpf_core_jit_cpu_has_bmi2(void);

#endif /* BPF_CORE_JIT_H */
