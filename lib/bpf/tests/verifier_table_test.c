// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier accept/reject tables, written with the lib/ assembler: every
 * rule is tested from both sides (a program just inside it is accepted,
 * one just outside is rejected with the expected message). TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_core.h"
#include "verifier.h"

/* lddw of a map fd / map value, which the assembler has no mnemonic for. */
#define LDMAP(reg, fd) ".insn 0x18, " #reg ", 1, 0, " #fd "\n.insn 0, 0, 0, 0, 0\n"
#define LDMAPVAL(reg, fd, off) ".insn 0x18, " #reg ", 2, 0, " #fd "\n.insn 0, 0, 0, 0, " #off "\n"

/* Key on the stack at fp-8, lookup in map fd, r0 = value or NULL. */
#define LOOKUP(fd) \
	"stdw [%r10-8], 0\n" \
	"mov %r2, %r10\n" \
	"add %r2, -8\n" \
	LDMAP(1, fd) \
	"call 1\n"

#define SF BPF_CORE_PROG_SOCKET_FILTER
#define KP BPF_CORE_PROG_KPROBE
#define TP BPF_CORE_PROG_TRACEPOINT
#define RTP BPF_CORE_PROG_RAW_TRACEPOINT
#define UNPRIV 0x100	/* flag in the table: verify with unprivileged rules */

struct vcase {
	const char *name;
	u32 type;		/* prog type | UNPRIV */
	int expect;		/* 0 or -errno */
	const char *err;	/* substring of the log on rejection */
	const char *text;
};

static const struct vcase cases[] = {
	/* registers */
	{ "return constant", SF, 0, NULL, "mov %r0, 0\nexit\n" },
	{ "uninit r0 at exit", SF, -EACCES, "R0 !read_ok", "exit\n" },
	{ "uninit r2 read", SF, -EACCES, "R2 !read_ok",
	  "mov %r0, %r2\nexit\n" },
	{ "r1..r5 clobbered by call", SF, -EACCES, "R1 !read_ok",
	  "call 7\nmov %r0, %r1\nexit\n" },
	{ "r6 kept across call", SF, 0, NULL,
	  "mov %r6, 1\ncall 7\nmov %r0, %r6\nexit\n" },
	/* stack */
	{ "stack write then read", SF, 0, NULL,
	  "stdw [%r10-8], 1\nldxdw %r0, [%r10-8]\nexit\n" },
	{ "stack read uninit", SF, -EACCES, "invalid read from stack",
	  "ldxdw %r0, [%r10-8]\nexit\n" },
	{ "stack partial init read", SF, -EACCES, "invalid read from stack",
	  "stw [%r10-8], 1\nldxdw %r0, [%r10-8]\nexit\n" },
	{ "stack bytewise init read", SF, 0, NULL,
	  "stw [%r10-8], 1\nstw [%r10-4], 2\nldxdw %r0, [%r10-8]\nexit\n" },
	{ "stack lowest byte", SF, 0, NULL,
	  "stb [%r10-512], 1\nldxb %r0, [%r10-512]\nexit\n" },
	{ "stack below frame", SF, -EACCES, "stack",
	  "mov %r1, %r10\nadd %r1, -520\nstdw [%r1+0], 1\nmov %r0, 0\nexit\n" },
	{ "stack above fp", SF, -EACCES, "stack",
	  "mov %r1, %r10\nstw [%r1+0], 1\nmov %r0, 0\nexit\n" },
	{ "stack misaligned", SF, -EACCES, "misaligned stack access",
	  "stdw [%r10-12], 1\nmov %r0, 0\nexit\n" },
	{ "spill and fill pointer", SF, 0, NULL,
	  "stxdw [%r10-8], %r1\nldxdw %r2, [%r10-8]\nldxw %r0, [%r2+0]\nexit\n" },
	{ "partial fill of pointer", SF, -EACCES, "invalid size of register fill",
	  "stxdw [%r10-8], %r1\nldxw %r2, [%r10-8]\nmov %r0, 0\nexit\n" },
	{ "partial spill of pointer", SF, -EACCES, "invalid size of register spill",
	  "stxw [%r10-8], %r1\nmov %r0, 0\nexit\n" },
	{ "var stack offset in range", SF, 0, NULL,
	  "stdw [%r10-16], 0\nstdw [%r10-8], 0\ncall 7\nand %r0, 8\n"
	  "mov %r1, %r10\nadd %r1, -16\nadd %r1, %r0\nldxdw %r0, [%r1+0]\nexit\n" },
	{ "var stack offset too far", SF, -EACCES, "stack",
	  "stdw [%r10-16], 0\nstdw [%r10-8], 0\ncall 7\nand %r0, 16\n"
	  "mov %r1, %r10\nadd %r1, -16\nadd %r1, %r0\nldxdw %r0, [%r1+0]\nexit\n" },
	{ "var stack read of uninit byte", SF, -EACCES, "stack",
	  "stdw [%r10-16], 0\ncall 7\nand %r0, 8\n"
	  "mov %r1, %r10\nadd %r1, -16\nadd %r1, %r0\nldxdw %r0, [%r1+0]\nexit\n" },
	/* context */
	{ "skb len read", SF, 0, NULL, "ldxw %r0, [%r1+0]\nexit\n" },
	{ "skb narrow read", SF, 0, NULL, "ldxb %r0, [%r1+3]\nexit\n" },
	{ "skb cb write", SF, 0, NULL, "stw [%r1+48], 1\nmov %r0, 0\nexit\n" },
	{ "skb cb end", SF, 0, NULL, "stw [%r1+64], 1\nmov %r0, 0\nexit\n" },
	{ "skb mark write", SF, -EACCES, "invalid bpf_context access off=8 size=4",
	  "stw [%r1+8], 1\nmov %r0, 0\nexit\n" },
	{ "skb data for socket filter", SF, -EACCES, "invalid bpf_context access",
	  "ldxw %r0, [%r1+76]\nexit\n" },
	{ "skb past end", SF, -EACCES, "invalid bpf_context access",
	  "ldxw %r0, [%r1+192]\nexit\n" },
	{ "skb misaligned", SF, -EACCES, "invalid bpf_context access",
	  "ldxw %r0, [%r1+2]\nexit\n" },
	{ "skb dw of u32 field", SF, -EACCES, "invalid bpf_context access",
	  "ldxdw %r0, [%r1+0]\nexit\n" },
	{ "modified ctx", SF, -EACCES, "dereference of modified ctx ptr",
	  "add %r1, 4\nldxw %r0, [%r1+0]\nexit\n" },
	{ "kprobe last reg", KP, 0, NULL, "ldxdw %r0, [%r1+160]\nexit\n" },
	{ "kprobe past pt_regs", KP, -EACCES, "invalid bpf_context access",
	  "ldxdw %r0, [%r1+168]\nexit\n" },
	{ "kprobe ctx write", KP, -EACCES, "invalid bpf_context access",
	  "stdw [%r1+0], 0\nmov %r0, 0\nexit\n" },
	{ "tracepoint field", TP, 0, NULL, "ldxdw %r0, [%r1+8]\nexit\n" },
	{ "tracepoint header", TP, -EACCES, "invalid bpf_context access",
	  "ldxdw %r0, [%r1+0]\nexit\n" },
	{ "tracepoint past record", TP, -EACCES, "invalid bpf_context access",
	  "ldxdw %r0, [%r1+24]\nexit\n" },
	{ "raw tp arg", RTP, 0, NULL, "ldxdw %r0, [%r1+8]\nexit\n" },
	{ "raw tp past args", RTP, -EACCES, "invalid bpf_context access",
	  "ldxdw %r0, [%r1+16]\nexit\n" },
	/* scalars as pointers */
	{ "deref scalar", SF, -EACCES, "R0 invalid mem access 'scalar'",
	  "mov %r0, 0\nldxw %r0, [%r0+0]\nexit\n" },
	{ "deref map ptr", SF, -EACCES, "invalid mem access 'map_ptr'",
	  LDMAP(1, 1) "ldxw %r0, [%r1+0]\nexit\n" },
	/* maps */
	{ "lookup checked", SF, 0, NULL,
	  LOOKUP(1) "jeq %r0, 0, out\nldxdw %r0, [%r0+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "lookup unchecked", SF, -EACCES, "invalid mem access 'map_value_or_null'",
	  LOOKUP(1) "ldxdw %r0, [%r0+0]\nmov %r0, 0\nexit\n" },
	{ "lookup null branch deref", SF, -EACCES, "invalid mem access 'scalar'",
	  LOOKUP(1) "jne %r0, 0, out\nldxdw %r0, [%r0+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "null check via copy", SF, 0, NULL,
	  LOOKUP(1) "mov %r6, %r0\njeq %r0, 0, out\nldxdw %r0, [%r6+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "map value last byte", SF, 0, NULL,
	  LOOKUP(1) "jeq %r0, 0, out\nldxb %r0, [%r0+7]\nout:\nmov %r0, 0\nexit\n" },
	{ "map value past end", SF, -EACCES, "invalid access to map value, value_size=8 off=8 size=4",
	  LOOKUP(1) "jeq %r0, 0, out\nldxw %r0, [%r0+8]\nout:\nmov %r0, 0\nexit\n" },
	{ "map value negative off", SF, -EACCES, "invalid access to map value",
	  LOOKUP(1) "jeq %r0, 0, out\nldxw %r0, [%r0-4]\nout:\nmov %r0, 0\nexit\n" },
	{ "map value bounded index", SF, 0, NULL,
	  LOOKUP(2) "jeq %r0, 0, out\nmov %r6, %r0\ncall 7\njgt %r0, 40, out\n"
	  "add %r6, %r0\nldxdw %r0, [%r6+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "map value index off by one", SF, -EACCES, "invalid access to map value",
	  LOOKUP(2) "jeq %r0, 0, out\nmov %r6, %r0\ncall 7\njgt %r0, 41, out\n"
	  "add %r6, %r0\nldxdw %r0, [%r6+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "map value unbounded index", SF, -EACCES, "unbounded min value",
	  LOOKUP(2) "jeq %r0, 0, out\nmov %r6, %r0\ncall 7\n"
	  "add %r6, %r0\nldxdw %r0, [%r6+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "map value signed index", SF, -EACCES, "min value is negative",
	  LOOKUP(2) "jeq %r0, 0, out\nmov %r6, %r0\ncall 7\njsgt %r0, 40, out\n"
	  "jsgt %r0, -8, ok\nmov %r0, 0\nok:\n"
	  "add %r6, %r0\nldxdw %r0, [%r6+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "map value masked index", SF, 0, NULL,
	  LOOKUP(2) "jeq %r0, 0, out\nmov %r6, %r0\ncall 7\nand %r0, 31\n"
	  "add %r6, %r0\nldxdw %r0, [%r6+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "jmp32 bound", SF, 0, NULL,
	  LOOKUP(2) "jeq %r0, 0, out\nmov %r6, %r0\ncall 7\nmov32 %r0, %r0\n"
	  "jgt32 %r0, 40, out\nadd %r6, %r0\nldxdw %r0, [%r6+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "update with stack value", SF, 0, NULL,
	  "stdw [%r10-8], 0\nstdw [%r10-16], 0\nmov %r2, %r10\nadd %r2, -8\n"
	  "mov %r3, %r10\nadd %r3, -16\nmov %r4, 0\n" LDMAP(1, 1) "call 2\nmov %r0, 0\nexit\n" },
	{ "update with short value", SF, -EACCES, "invalid indirect read from stack",
	  "stdw [%r10-8], 0\nstw [%r10-16], 0\nmov %r2, %r10\nadd %r2, -8\n"
	  "mov %r3, %r10\nadd %r3, -16\nmov %r4, 0\n" LDMAP(1, 1) "call 2\nmov %r0, 0\nexit\n" },
	{ "lookup key uninit", SF, -EACCES, "invalid indirect read from stack",
	  "mov %r2, %r10\nadd %r2, -8\n" LDMAP(1, 1) "call 1\nmov %r0, 0\nexit\n" },
	{ "lookup in ringbuf map", SF, -EINVAL, "cannot pass map_type 27",
	  LOOKUP(3) "mov %r0, 0\nexit\n" },
	{ "bad map fd", SF, -EBADF, "fd 99 is not pointing to valid bpf_map",
	  LDMAP(1, 99) "mov %r0, 0\nexit\n" },
	{ "global data in bounds", SF, 0, NULL,
	  LDMAPVAL(1, 5, 8) "ldxdw %r0, [%r1+0]\nexit\n" },
	{ "global data past end", SF, -EACCES, "invalid access to map value",
	  LDMAPVAL(1, 5, 8) "ldxdw %r0, [%r1+8]\nexit\n" },
	{ "read-only map write", SF, -EACCES, "write into map forbidden",
	  LOOKUP(7) "jeq %r0, 0, out\nstw [%r0+0], 1\nout:\nmov %r0, 0\nexit\n" },
	{ "read-only map read", SF, 0, NULL,
	  LOOKUP(7) "jeq %r0, 0, out\nldxw %r0, [%r0+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "frozen read-only map folds to a constant", SF, 0, NULL,
	  LDMAPVAL(1, 8, 0) "ldxw %r2, [%r1+4]\njeq %r2, 7, ok\nldxw %r0, [%r2+0]\n"
	  "ok:\nmov %r0, 0\nexit\n" },
	{ "writable map does not fold", SF, -EACCES, "invalid mem access 'scalar'",
	  LDMAPVAL(1, 5, 0) "ldxw %r2, [%r1+4]\njeq %r2, 7, ok\nldxw %r0, [%r2+0]\n"
	  "ok:\nmov %r0, 0\nexit\n" },
	{ "update of read-only map", SF, -EACCES, "write into map forbidden",
	  "stdw [%r10-8], 0\nstdw [%r10-16], 0\nmov %r2, %r10\nadd %r2, -8\n"
	  "mov %r3, %r10\nadd %r3, -16\nmov %r4, 0\n" LDMAP(1, 7) "call 2\nmov %r0, 0\nexit\n" },
	/* pointer arithmetic and leaks */
	{ "pointer bitwise", SF, -EACCES, "bitwise operator &= on pointer prohibited",
	  "mov %r2, %r10\nand %r2, 8\nmov %r0, 0\nexit\n" },
	{ "pointer 32-bit arith", SF, -EACCES, "32-bit pointer arithmetic prohibited",
	  "mov %r2, %r10\nadd32 %r2, 8\nmov %r0, 0\nexit\n" },
	{ "or_null arith", SF, -EACCES, "null-check it first",
	  LOOKUP(1) "add %r0, 4\nmov %r0, 0\nexit\n" },
	{ "priv pointer return", SF, 0, NULL, "mov %r0, %r10\nexit\n" },
	{ "unpriv pointer return", SF | UNPRIV, -EACCES, "R0 leaks addr as return value",
	  "mov %r0, %r10\nexit\n" },
	{ "unpriv leak into map", SF | UNPRIV, -EACCES, "leaks addr into map",
	  LOOKUP(1) "jeq %r0, 0, out\nstxdw [%r0+0], %r10\nout:\nmov %r0, 0\nexit\n" },
	{ "unpriv scalar into map", SF | UNPRIV, 0, NULL,
	  LOOKUP(1) "jeq %r0, 0, out\nstdw [%r0+0], 1\nout:\nmov %r0, 0\nexit\n" },
	{ "unpriv pointer compare", SF | UNPRIV, -EACCES, "pointer comparison prohibited",
	  "mov %r0, 0\njgt %r1, 5, out\nout:\nexit\n" },
	{ "unpriv bpf-to-bpf call", SF | UNPRIV, -EINVAL, "function calls",
	  "call local f\nexit\nf:\nmov %r0, 0\nexit\n" },
	{ "unpriv bounded loop", SF | UNPRIV, -EINVAL, "back-edge",
	  "mov %r0, 0\nl:\nadd %r0, 1\njlt %r0, 4, l\nexit\n" },
	{ "priv dead branch not walked", SF, 0, NULL,
	  "mov %r2, 0\njeq %r2, 0, ok\nldxw %r0, [%r2+0]\nok:\nmov %r0, 0\nexit\n" },
	{ "unpriv dead branch walked (speculation)", SF | UNPRIV, -EACCES,
	  "invalid mem access 'scalar'",
	  "mov %r2, 0\njeq %r2, 0, ok\nldxw %r0, [%r2+0]\nok:\nmov %r0, 0\nexit\n" },
	/* helpers */
	{ "probe_read to stack", KP, 0, NULL,
	  "mov %r1, %r10\nadd %r1, -16\nmov %r2, 16\nmov %r3, 0\ncall 4\nldxdw %r0, [%r10-16]\nexit\n" },
	{ "probe_read past frame", KP, -EACCES, "stack",
	  "mov %r1, %r10\nadd %r1, -16\nmov %r2, 17\nmov %r3, 0\ncall 4\nmov %r0, 0\nexit\n" },
	{ "probe_read var size bounded", KP, 0, NULL,
	  "call 7\nand %r0, 15\nmov %r2, %r0\nmov %r1, %r10\nadd %r1, -16\nmov %r3, 0\ncall 4\nmov %r0, 0\nexit\n" },
	{ "probe_read var size unbounded", KP, -EACCES, "unbounded memory access",
	  "call 7\nmov %r2, %r0\njsgt %r2, 0, ok\nmov %r2, 1\nok:\nmov %r1, %r10\nadd %r1, -16\nmov %r3, 0\ncall 4\nmov %r0, 0\nexit\n" },
	{ "probe_read in socket filter", SF, -EINVAL, "unknown func",
	  "mov %r1, %r10\nadd %r1, -8\nmov %r2, 8\nmov %r3, 0\ncall 4\nmov %r0, 0\nexit\n" },
	{ "unknown helper", SF, -EINVAL, "unknown func", "call 200\nmov %r0, 0\nexit\n" },
	{ "trace_printk const string", KP, 0, NULL,
	  "stdw [%r10-8], 0\nmov %r1, %r10\nadd %r1, -8\nmov %r2, 8\ncall 6\nmov %r0, 0\nexit\n" },
	{ "trace_printk zero size", KP, -EACCES, "invalid zero-sized read",
	  "stdw [%r10-8], 0\nmov %r1, %r10\nadd %r1, -8\nmov %r2, 0\ncall 6\nmov %r0, 0\nexit\n" },
	{ "tail call", SF, 0, NULL,
	  LDMAP(2, 4) "mov %r3, 0\ncall 12\nmov %r0, 0\nexit\n" },
	{ "tail call wrong map", SF, -EINVAL, "cannot pass map_type",
	  LDMAP(2, 1) "mov %r3, 0\ncall 12\nmov %r0, 0\nexit\n" },
	/* references */
	{ "ringbuf reserve submit", SF, 0, NULL,
	  LDMAP(1, 3) "mov %r2, 16\nmov %r3, 0\ncall 131\njeq %r0, 0, out\n"
	  "stdw [%r0+8], 1\nmov %r1, %r0\nmov %r2, 0\ncall 132\nout:\nmov %r0, 0\nexit\n" },
	{ "ringbuf leak", SF, -EINVAL, "Unreleased reference",
	  LDMAP(1, 3) "mov %r2, 16\nmov %r3, 0\ncall 131\njeq %r0, 0, out\n"
	  "stdw [%r0+8], 1\nout:\nmov %r0, 0\nexit\n" },
	{ "ringbuf write past size", SF, -EACCES, "invalid access to memory",
	  LDMAP(1, 3) "mov %r2, 16\nmov %r3, 0\ncall 131\njeq %r0, 0, out\n"
	  "stdw [%r0+16], 1\nmov %r1, %r0\nmov %r2, 0\ncall 132\nout:\nmov %r0, 0\nexit\n" },
	{ "ringbuf use after submit", SF, -EACCES, "invalid mem access 'scalar'",
	  LDMAP(1, 3) "mov %r2, 16\nmov %r3, 0\ncall 131\njeq %r0, 0, out\n"
	  "mov %r6, %r0\nmov %r1, %r0\nmov %r2, 0\ncall 132\nstdw [%r6+0], 1\nout:\nmov %r0, 0\nexit\n" },
	{ "ringbuf double submit", SF, -EACCES, "",
	  LDMAP(1, 3) "mov %r2, 16\nmov %r3, 0\ncall 131\njeq %r0, 0, out\n"
	  "mov %r6, %r0\nmov %r1, %r0\nmov %r2, 0\ncall 132\nmov %r1, %r6\nmov %r2, 0\ncall 133\nout:\nmov %r0, 0\nexit\n" },
	{ "ringbuf var size", SF, -EACCES, "is not a known constant",
	  "call 7\nmov %r2, %r0\n" LDMAP(1, 3) "mov %r3, 0\ncall 131\nmov %r0, 0\nexit\n" },
	{ "ringbuf submit offset", SF, -EACCES, "must have zero offset",
	  LDMAP(1, 3) "mov %r2, 16\nmov %r3, 0\ncall 131\njeq %r0, 0, out\n"
	  "add %r0, 8\nmov %r1, %r0\nmov %r2, 0\ncall 132\nout:\nmov %r0, 0\nexit\n" },
	/* loops and termination */
	{ "bounded loop", SF, 0, NULL,
	  "mov %r0, 0\nmov %r1, 0\nloop:\nadd %r0, %r1\nadd %r1, 1\njlt %r1, 100, loop\nexit\n" },
	{ "infinite loop", SF, -EINVAL, "infinite loop detected",
	  "mov %r0, 0\nloop:\nja loop\n" },
	{ "unbounded loop", SF, -E2BIG, "BPF program is too large",
	  "mov %r0, 0\nloop:\nadd %r0, 1\nja loop\n" },
	{ "loop on unknown", SF, -EINVAL, "infinite loop detected",
	  "call 7\nloop:\njne %r0, 0, loop\nexit\n" },
	{ "unreachable insn", SF, -EINVAL, "unreachable insn 2",
	  "mov %r0, 0\nexit\nmov %r0, 1\nexit\n" },
	{ "dead branch not walked", SF, 0, NULL,
	  "mov %r2, 5\njgt %r2, 10, bad\nmov %r0, 0\nexit\nbad:\nldxdw %r0, [%r2+0]\nexit\n" },
	{ "loop with a forward jump inside", SF, 0, NULL,
	  "mov %r0, 0\nl1:\njeq %r0, 2, skip\nadd %r0, 1\nskip:\nadd %r0, 1\n"
	  "jlt %r0, 6, l1\nexit\n" },
	{ "loop entered in its middle", SF, -EINVAL, "back-edge",
	  "mov %r0, 0\nja l2\nl1:\nadd %r0, 1\nl2:\njlt %r0, 4, l1\nexit\n" },
	{ "same insn ctx and stack", SF, -EINVAL, "different pointers",
	  "mov %r6, %r1\nstdw [%r10-8], 0\ncall 7\nmov %r2, %r10\nadd %r2, -8\n"
	  "jeq %r0, 0, l\nmov %r2, %r6\nl:\nldxw %r0, [%r2+0]\nexit\n" },
	{ "same insn, stack on both paths", SF, 0, NULL,
	  "stdw [%r10-8], 0\nstdw [%r10-16], 0\ncall 7\nmov %r2, %r10\nadd %r2, -8\n"
	  "jeq %r0, 0, l\nadd %r2, -8\nl:\nldxw %r0, [%r2+0]\nexit\n" },
	{ "fp minus constant", SF, -EACCES, "subtraction from stack pointer",
	  "mov %r1, %r10\nsub %r1, 8\nstdw [%r1+0], 0\nmov %r0, 0\nexit\n" },
	{ "lddw map fd with high imm", SF, -EINVAL, "unrecognized bpf_ld_imm64",
	  ".insn 0x18, 1, 1, 0, 1\n.insn 0, 0, 0, 0, 5\nmov %r0, 0\nexit\n" },
	{ "callee spills its fp into caller", SF, -EACCES, "stack frame of the caller",
	  "stdw [%r10-8], 0\nmov %r1, %r10\nadd %r1, -8\ncall local f\nmov %r0, 0\nexit\n"
	  "f:\nmov %r2, %r10\nstxdw [%r1+0], %r2\nmov %r0, 0\nexit\n" },
	{ "callee spills a scalar into caller", SF, 0, NULL,
	  "stdw [%r10-8], 0\nmov %r1, %r10\nadd %r1, -8\ncall local f\nldxdw %r0, [%r10-8]\nexit\n"
	  "f:\nmov %r2, 5\nstxdw [%r1+0], %r2\nmov %r0, 0\nexit\n" },
	{ "ktime_get_coarse_ns in kprobe", KP, -EINVAL, "unknown func",
	  "call 160\nmov %r0, 0\nexit\n" },
	{ "ktime_get_coarse_ns in socket filter", SF, 0, NULL,
	  "call 160\nmov %r0, 0\nexit\n" },
	{ "oversized shift is unknown", SF, -EACCES, "invalid access to map value",
	  LOOKUP(1) "jeq %r0, 0, out\nmov %r1, 1\nmov %r2, 32\nlsh32 %r1, %r2\nand %r1, 0xff\n"
	  "add %r0, %r1\nldxb %r0, [%r0+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "in-range shift is exact", SF, 0, NULL,
	  LOOKUP(1) "jeq %r0, 0, out\nmov %r1, 1\nmov %r2, 2\nlsh32 %r1, %r2\n"
	  "add %r0, %r1\nldxb %r0, [%r0+0]\nout:\nmov %r0, 0\nexit\n" },
	{ "x %= x on a constant", SF, 0, NULL,
	  "mov %r1, 7\nmod %r1, %r1\njeq %r1, 0, ok\nldxw %r0, [%r1+0]\nok:\nmov %r0, 0\nexit\n" },
	{ "get_stack result bounds the copy", KP, 0, NULL,
	  "stdw [%r10-8], 0\nmov %r6, %r1\nmov %r2, %r10\nadd %r2, -8\n" LDMAP(1, 2)
	  "call 1\njeq %r0, 0, out\nmov %r7, %r0\nmov %r1, %r6\nmov %r2, %r7\nmov %r3, 24\n"
	  "mov %r4, 0\ncall 67\njslt %r0, 0, out\nadd %r7, %r0\nldxdw %r0, [%r7+0]\n"
	  "out:\nmov %r0, 0\nexit\n" },
	/* division */
	{ "div by zero register", SF, 0, NULL,
	  "mov %r0, 10\nmov %r1, 0\ndiv %r0, %r1\nmod %r0, %r1\nexit\n" },
	/* bpf-to-bpf calls */
	{ "subprog call", SF, 0, NULL,
	  "mov %r1, 3\ncall local f\nexit\nf:\nmov %r0, %r1\nadd %r0, 1\nexit\n" },
	{ "subprog writes caller stack", SF, 0, NULL,
	  "mov %r1, %r10\nadd %r1, -8\ncall local f\nldxdw %r0, [%r10-8]\nexit\n"
	  "f:\nstdw [%r1+0], 7\nmov %r0, 0\nexit\n" },
	{ "subprog returns stack ptr", SF, -EINVAL, "cannot return stack pointer",
	  "call local f\nmov %r0, 0\nexit\nf:\nmov %r0, %r10\nexit\n" },
	{ "subprog uninit r0", SF, -EACCES, "R0 !read_ok",
	  "call local f\nexit\nf:\nexit\n" },
	{ "combined stack too large", SF, -EACCES, "combined stack size",
	  "stdw [%r10-512], 0\ncall local f\nmov %r0, 0\nexit\n"
	  "f:\nstdw [%r10-8], 0\nmov %r0, 0\nexit\n" },
	{ "call depth 8", SF, 0, NULL,
	  "call local f1\nexit\nf1:\ncall local f2\nexit\nf2:\ncall local f3\nexit\n"
	  "f3:\ncall local f4\nexit\nf4:\ncall local f5\nexit\nf5:\ncall local f6\nexit\n"
	  "f6:\ncall local f7\nexit\nf7:\nmov %r0, 0\nexit\n" },
	{ "call depth 9", SF, -E2BIG, "too deep",
	  "call local f1\nexit\nf1:\ncall local f2\nexit\nf2:\ncall local f3\nexit\n"
	  "f3:\ncall local f4\nexit\nf4:\ncall local f5\nexit\nf5:\ncall local f6\nexit\n"
	  "f6:\ncall local f7\nexit\nf7:\ncall local f8\nexit\nf8:\nmov %r0, 0\nexit\n" },
	/* atomics */
	{ "atomic add on stack", SF, 0, NULL,
	  "stdw [%r10-8], 0\nmov %r1, 1\nlock add [%r10-8], %r1\nldxdw %r0, [%r10-8]\nexit\n" },
	{ "atomic on uninit stack", SF, -EACCES, "invalid read from stack",
	  "mov %r1, 1\nlock add [%r10-8], %r1\nmov %r0, 0\nexit\n" },
	{ "atomic on ctx", SF, -EACCES, "BPF_ATOMIC stores into R1 ctx",
	  "mov %r2, 1\nlock add32 [%r1+48], %r2\nmov %r0, 0\nexit\n" },
	/* structure */
	{ "bad opcode", SF, -EINVAL, "", ".insn 0xff, 0, 0, 0, 0\nexit\n" },
	{ "falls off the end", SF, -EINVAL, "", "mov %r0, 0\n" },
};

static int map_by_fd(void *priv, s32 fd, struct bpf_core_map_desc *d)
{
	(void)priv;
	memset(d, 0, sizeof(*d));
	switch (fd) {
	case 1: *d = (struct bpf_core_map_desc){ BPF_CORE_MAP_HASH, 8, 8, 16, 0 }; return 0;
	case 2: *d = (struct bpf_core_map_desc){ BPF_CORE_MAP_ARRAY, 4, 48, 4, 0 }; return 0;
	case 3: *d = (struct bpf_core_map_desc){ BPF_CORE_MAP_RINGBUF, 0, 0, 4096, 0 }; return 0;
	case 4: *d = (struct bpf_core_map_desc){ BPF_CORE_MAP_PROG_ARRAY, 4, 4, 4, 0 }; return 0;
	case 5: *d = (struct bpf_core_map_desc){ BPF_CORE_MAP_ARRAY, 4, 16, 1, 0 }; return 0;
	case 8:
		*d = (struct bpf_core_map_desc){ BPF_CORE_MAP_ARRAY, 4, 8, 1,
						 BPF_CORE_MAP_F_RDONLY_PROG };
		return 0;
	case 7:
		*d = (struct bpf_core_map_desc){ BPF_CORE_MAP_HASH, 8, 8, 1,
						 BPF_CORE_MAP_F_RDONLY_PROG };
		return 0;
	default: return -EBADF;
	}
}

/* fd 8 is frozen: its value is { 0, 7 } as two u32. */
static int ro_read(void *priv, s32 fd, u32 off, u32 size, void *buf)
{
	static const u32 val[2] = { 0, 7 };

	(void)priv;
	if (fd != 8 || off + size > sizeof(val))
		return -EINVAL;
	memcpy(buf, (const u8 *)val + off, size);
	return 0;
}

static char logbuf[1 << 16];

/* With VERIFIER_SEED_DIR set, each program is also a fuzzer seed. */
static void write_seed(const struct vcase *c, int n,
		       const struct bpf_core_insn *insns, u32 cnt)
{
	const char *dir = getenv("VERIFIER_SEED_DIR");
	char path[512];
	u8 type = (u8)(c->type & 0xff);
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/t_%d", dir, n);
	f = fopen(path, "wb");
	if (!f)
		return;
	fwrite(&type, 1, 1, f);
	fwrite(insns, sizeof(*insns), cnt, f);
	fclose(f);
}

static int run_case(const struct vcase *c, int n)
{
	struct bpf_core_verify_env env = {
		.prog_type = c->type & 0xff,
		.flags = (c->type & UNPRIV) ? BPF_CORE_VERIFY_UNPRIV : 0,
		.ctx_size = (c->type & 0xff) == TP ? 24 : ((c->type & 0xff) == RTP ? 16 : 0),
		.map_by_fd = map_by_fd,
		.map_ro_read = ro_read,
	};
	struct bpf_core_insn *insns;
	char err[256];
	u32 cnt;
	int ret;

	if (bpf_core_asm(c->text, &insns, &cnt, err, sizeof(err))) {
		printf("not ok %d - %s # asm: %s\n", n, c->name, err);
		return 1;
	}
	write_seed(c, n, insns, cnt);
	/* A path of a million instructions does not fit a log: level 0. */
	logbuf[0] = '\0';
	ret = bpf_core_verify(insns, cnt, &env, logbuf, sizeof(logbuf),
			      c->expect == -E2BIG ? 0 : 1, NULL);
	bpf_core_free(insns);
	if (ret != c->expect ||
	    (ret && c->expect != -E2BIG && c->err && !strstr(logbuf, c->err))) {
		printf("not ok %d - %s # got %d want %d\n", n, c->name, ret, c->expect);
		printf("# log: %s\n", logbuf);
		return 1;
	}
	printf("ok %d - %s\n", n, c->name);
	return 0;
}

/* Log behaviour: -ENOSPC for a small buffer, -EINVAL for a tiny one. */
static int log_cases(int n)
{
	static const char text[] = "mov %r0, 0\nmov %r1, 1\nmov %r2, 2\n"
		"mov %r3, 3\nmov %r4, 4\nmov %r5, 5\nexit\n";
	struct bpf_core_verify_env env = { .prog_type = SF };
	struct bpf_core_verify_stats st;
	struct bpf_core_insn *insns;
	char err[128], small[128];
	u32 cnt;
	int fail = 0, r1, r2, r3;

	if (bpf_core_asm(text, &insns, &cnt, err, sizeof(err)))
		return printf("not ok %d - log asm\n", n), 1;
	r1 = bpf_core_verify(insns, cnt, &env, small, sizeof(small), 2, NULL);
	r2 = bpf_core_verify(insns, cnt, &env, small, 16, 1, NULL);
	r3 = bpf_core_verify(insns, cnt, &env, NULL, 0, 0, &st);
	bpf_core_free(insns);
	fail |= r1 != -ENOSPC || strlen(small) != sizeof(small) - 1;
	printf("%s %d - log too small gives -ENOSPC (%d)\n", r1 == -ENOSPC ? "ok" : "not ok", n, r1);
	fail |= r2 != -EINVAL;
	printf("%s %d - log under 128 bytes is -EINVAL (%d)\n", r2 == -EINVAL ? "ok" : "not ok", n + 1, r2);
	fail |= r3 != 0 || st.insns_processed != 7;
	printf("%s %d - stats count processed insns (%u)\n",
	       !r3 && st.insns_processed == 7 ? "ok" : "not ok", n + 2, st.insns_processed);
	return fail;
}

int main(void)
{
	int i, fail = 0, n = (int)ARRAY_SIZE(cases);

	printf("1..%d\n", n + 3);
	for (i = 0; i < n; i++)
		fail += run_case(&cases[i], i + 1);
	fail += log_cases(n + 1);
	return fail ? 1 : 0;
}
