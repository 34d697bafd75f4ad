/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf_core.h - the portable BPF core API shared by the decoder, the
 * interpreter, the JIT (jit.h, jit_x86_64.c), the assembler and tools.
 *
 * Stability: fields and functions here are only ever added, never changed.
 */
#ifndef BPF_CORE_API_H
#define BPF_CORE_API_H

#include "platform.h"

/* One instruction; same layout as the kernel's struct bpf_insn. */
struct bpf_core_insn {
	u8 code;
	u8 dst_reg:4;
	u8 src_reg:4;
	s16 off;
	s32 imm;
};

/* Instruction classes (code & 0x07). */
#define BPF_CORE_CLASS(code)	((code) & 0x07)
#define BPF_CORE_LD		0x00
#define BPF_CORE_LDX		0x01
#define BPF_CORE_ST		0x02
#define BPF_CORE_STX		0x03
#define BPF_CORE_ALU		0x04
#define BPF_CORE_JMP		0x05
#define BPF_CORE_JMP32		0x06
#define BPF_CORE_ALU64		0x07

/* Load/store size (code & 0x18). */
#define BPF_CORE_SIZE(code)	((code) & 0x18)
#define BPF_CORE_W		0x00
#define BPF_CORE_H		0x08
#define BPF_CORE_B		0x10
#define BPF_CORE_DW		0x18

/* Load/store mode (code & 0xe0). */
#define BPF_CORE_MODE(code)	((code) & 0xe0)
#define BPF_CORE_IMM		0x00	/* lddw (with BPF_CORE_DW) */
#define BPF_CORE_ABS		0x20	/* legacy packet access */
#define BPF_CORE_IND		0x40	/* legacy packet access */
#define BPF_CORE_MEM		0x60
#define BPF_CORE_MEMSX		0x80	/* sign-extending load (v4) */
#define BPF_CORE_ATOMIC		0xc0

/* ALU/JMP operand source (code & 0x08). */
#define BPF_CORE_SRC(code)	((code) & 0x08)
#define BPF_CORE_K		0x00
#define BPF_CORE_X		0x08
/* Byte-swap direction shares the source bit. */
#define BPF_CORE_TO_LE		0x00
#define BPF_CORE_TO_BE		0x08

/* ALU operations (code & 0xf0). */
#define BPF_CORE_OP(code)	((code) & 0xf0)
#define BPF_CORE_ADD		0x00
#define BPF_CORE_SUB		0x10
#define BPF_CORE_MUL		0x20
#define BPF_CORE_DIV		0x30	/* off 1: signed (sdiv) */
#define BPF_CORE_OR		0x40
#define BPF_CORE_AND		0x50
#define BPF_CORE_LSH		0x60
#define BPF_CORE_RSH		0x70
#define BPF_CORE_NEG		0x80
#define BPF_CORE_MOD		0x90	/* off 1: signed (smod) */
#define BPF_CORE_XOR		0xa0
#define BPF_CORE_MOV		0xb0	/* off 8/16/32: movsx */
#define BPF_CORE_ARSH		0xc0
#define BPF_CORE_END		0xd0	/* ALU: le/be, ALU64|TO_LE: bswap */

/* Jump operations (code & 0xf0). */
#define BPF_CORE_JA		0x00	/* JMP32|JA: gotol, offset in imm */
#define BPF_CORE_JEQ		0x10
#define BPF_CORE_JGT		0x20
#define BPF_CORE_JGE		0x30
#define BPF_CORE_JSET		0x40
#define BPF_CORE_JNE		0x50
#define BPF_CORE_JSGT		0x60
#define BPF_CORE_JSGE		0x70
#define BPF_CORE_CALL		0x80
#define BPF_CORE_EXIT		0x90
#define BPF_CORE_JLT		0xa0
#define BPF_CORE_JLE		0xb0
#define BPF_CORE_JSLT		0xc0
#define BPF_CORE_JSLE		0xd0

/* Atomic operations (imm of STX|ATOMIC). */
#define BPF_CORE_FETCH		0x01
#define BPF_CORE_XCHG		(0xe0 | BPF_CORE_FETCH)
#define BPF_CORE_CMPXCHG	(0xf0 | BPF_CORE_FETCH)

/* src_reg of lddw: how its 64-bit immediate is to be interpreted. */
#define BPF_CORE_PSEUDO_MAP_FD		1
#define BPF_CORE_PSEUDO_MAP_VALUE	2
#define BPF_CORE_PSEUDO_BTF_ID		3
#define BPF_CORE_PSEUDO_FUNC		4
#define BPF_CORE_PSEUDO_MAP_IDX		5
#define BPF_CORE_PSEUDO_MAP_IDX_VALUE	6

/* src_reg of JMP|CALL|K. */
#define BPF_CORE_CALL_HELPER	0
#define BPF_CORE_CALL_LOCAL	1	/* imm: pc-relative subprogram */
#define BPF_CORE_CALL_KFUNC	2	/* rejected by this core */

/* Helper id that performs a tail call when the prog has a resolver. */
#define BPF_CORE_FUNC_TAIL_CALL	12

#define BPF_CORE_MAX_REG	11	/* r0..r10 */
#define BPF_CORE_REG_FP		10	/* read-only frame pointer */
#define BPF_CORE_STACK_SIZE	512	/* bytes per frame */
#define BPF_CORE_MAX_CALL_DEPTH	8	/* frames, as the kernel */
#define BPF_CORE_RUN_STACK_SIZE	(BPF_CORE_STACK_SIZE * BPF_CORE_MAX_CALL_DEPTH)
#define BPF_CORE_MAX_TAIL_CALLS	33	/* as the kernel's MAX_TAIL_CALL_CNT */
#define BPF_CORE_MAX_INSNS	(1U << 20)

/*
 * A helper: r1..r5 in, r0 out. After any call, r1..r5 are undefined
 * (the JIT maps them to caller-saved machine registers); r6..r9 and r10
 * are preserved.
 */
typedef u64 (*bpf_core_helper_fn)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);

struct bpf_core_prog;

/*
 * Tail call: map and index are r2 and r3 of `call 12`. Returns the program
 * to continue in (same r1, same frame-0 stack, r10 reset), or NULL: then
 * the call falls through to the next instruction with r0 unchanged.
 * At most BPF_CORE_MAX_TAIL_CALLS tail calls succeed per run.
 */
typedef const struct bpf_core_prog *(*bpf_core_tail_call_fn)(void *map,
							      u32 index);

/*
 * Resolver of lddw pseudo sources (map fd, map value, BTF id, map index):
 * given src_reg and the two immediates, store the 64-bit value to load in
 * *val and return 0, or return -errno with a message in err.
 */
typedef int (*bpf_core_ld_imm64_fn)(void *priv, u8 src_reg, s32 imm_lo,
				    s32 imm_hi, u64 *val, char *err,
				    size_t errlen);

/* Load options; all fields optional (NULL/0). */
struct bpf_core_load_opts {
	const bpf_core_helper_fn *helpers;	/* indexed by helper id */
	u32 nr_helpers;
	u32 flags;				/* BPF_CORE_LOAD_* */
	bpf_core_tail_call_fn tail_call_lookup;
	bpf_core_ld_imm64_fn resolve_ld_imm64;
	void *priv;				/* for resolve_ld_imm64 */
};

/*
 * Accept `callx %rN` (JMP|CALL|X, register in dst_reg): calls the helper
 * whose id is in the register; an id with no helper sets r0 = 0.
 */
#define BPF_CORE_LOAD_ALLOW_CALLX	0x1

struct bpf_core_subprog {
	u32 start;		/* index of its first instruction */
	u32 len;		/* number of instruction slots */
	u32 stack_depth;	/* bytes of stack used, <= BPF_CORE_STACK_SIZE */
};

/*
 * A decoded, validated program that both engines execute.
 *
 * insns are a private copy. Every lddw is resolved: src_reg is 0 and the
 * 64-bit value sits in insns[i].imm (low) / insns[i + 1].imm (high),
 * except BPF_CORE_PSEUDO_FUNC, which keeps src_reg 4 and has insns[i].imm =
 * the absolute instruction index of the subprogram start (an engine loads
 * its own handle for that function). Local call targets are checked to be
 * subprogram starts; subprogs[0] is the main program, sorted by start.
 */
struct bpf_core_prog {
	struct bpf_core_insn *insns;
	u32 len;				/* instruction slots */
	u32 nr_subprogs;
	struct bpf_core_subprog *subprogs;

	const bpf_core_helper_fn *helpers;
	u32 nr_helpers;
	u32 flags;				/* BPF_CORE_LOAD_* */
	bpf_core_tail_call_fn tail_call_lookup;	/* NULL: no tail calls */

	/* Filled by bpf_core_jit_compile() (jit.h), NULL when not JITed. */
	void *jit_image;
	u32 jit_size;
	u64 (*jit_entry)(void *ctx, u64 r2);
	void *jit_priv;
	/* Called by bpf_core_prog_free() to release the JIT's resources. */
	void (*jit_release)(struct bpf_core_prog *prog);
};

/*
 * Validate and decode a program. Rejects unknown opcodes, bad registers,
 * non-zero reserved fields, writes to r10, jumps out of range or into the
 * second slot of an lddw, truncated lddw, bad call targets, unknown helpers
 * and programs that can fall off their end. On error returns -EINVAL (or
 * -ENOMEM, -E2BIG, or the resolver's error) with a message naming the
 * instruction index in err ("insn 3 (code 0x85): unknown helper 9").
 * Legacy packet access (ld_abs/ld_ind, deprecated by RFC 9669) and kfunc
 * calls are rejected.
 */
int bpf_core_decode(const struct bpf_core_insn *insns, u32 cnt,
		    const struct bpf_core_load_opts *opts,
		    struct bpf_core_prog **out, char *err, size_t errlen);

/* Free a program from bpf_core_decode() (and its JIT image); NULL is ok. */
void bpf_core_prog_free(struct bpf_core_prog *prog);

/*
 * Interpret prog with r1 = ctx, r2 = r2 (r3..r9 = 0, r10 = top of the
 * frame's 512-byte stack). Loads and stores go straight to the addresses.
 * In the kernel, a program with subprograms or tail calls gets its frames
 * from a GFP_ATOMIC allocation per run (r0 = 0 when that fails); callers
 * that care pass their own stack to bpf_core_interp_run_stack().
 */
u64 bpf_core_interp_run(const struct bpf_core_prog *prog, void *ctx, u64 r2);

/*
 * Same, on a caller-provided stack of stack_size bytes (a multiple of
 * BPF_CORE_STACK_SIZE): one frame per BPF_CORE_STACK_SIZE bytes. A local
 * call beyond the available frames aborts the run with r0 = 0 and
 * returns -E2BIG in *status; otherwise *status is 0. status may be NULL.
 */
u64 bpf_core_interp_run_stack(const struct bpf_core_prog *prog, void *ctx,
			      u64 r2, void *stack, size_t stack_size,
			      int *status);

/*
 * Provided by jit_x86_64.c, declared in jit.h (the JIT's own header):
 *
 *   int bpf_core_jit_compile(struct bpf_core_prog *prog,
 *                            const struct bpf_core_jit_opts *opts);
 *   void bpf_core_jit_free(struct bpf_core_prog *prog);
 *
 * bpf_core_jit_compile() sets jit_image, jit_size, jit_entry (and
 * jit_release); the JIT'ed program is run as prog->jit_entry(ctx, r2).
 */
struct bpf_core_jit_opts;

/* Instruction length in slots: 2 for lddw, else 1. */
static inline u32 bpf_core_insn_slots(const struct bpf_core_insn *insn)
{
	return insn->code == (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW) ? 2 : 1;
}

/*
 * Disassemble one instruction (two slots for lddw: pass avail >= 2) into
 * buf in the conformance-suite syntax. Returns the number of slots
 * consumed, or -EINVAL for an encoding it cannot name (then buf holds a
 * `.8byte`-style raw form).
 */
int bpf_core_disasm_insn(const struct bpf_core_insn *insn, u32 avail,
			 char *buf, size_t buflen);

#ifndef __KERNEL__
/*
 * Assemble text in the conformance-suite syntax (asm.c, userspace only).
 * On success *out (free with bpf_core_free()) holds *cnt slots; on error
 * returns -EINVAL with "line N: ..." in err.
 */
int bpf_core_asm(const char *text, struct bpf_core_insn **out, u32 *cnt,
		 char *err, size_t errlen);
#endif

#endif /* BPF_CORE_API_H */
