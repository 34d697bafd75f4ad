// SPDX-License-Identifier: GPL-2.0
/*
 * Decoder: one rejection per malformed class, each naming the instruction
 * index, plus what it accepts and the subprograms it finds.
 */
#include "tap.h"

static u64 helper_add(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	(void)c; (void)d; (void)e;
	return a + b;
}

static const bpf_core_helper_fn helpers[] = { [1] = helper_add };

static const struct bpf_core_load_opts opts = {
	.helpers = helpers, .nr_helpers = ARRAY_SIZE(helpers),
};

/* Expect text to fail to decode with a message containing needle. */
static void reject(const char *what, const char *text, const char *needle)
{
	struct bpf_core_prog *p;
	char err[256] = "";

	p = load_asm_opts(text, &opts, err, sizeof(err));
	ok(!p && strstr(err, needle) != NULL, "rejects %s: %s", what, err);
	bpf_core_prog_free(p);
}

static void accept(const char *what, const char *text)
{
	struct bpf_core_prog *p;
	char err[256] = "";

	p = load_asm_opts(text, &opts, err, sizeof(err));
	ok(p != NULL, "accepts %s%s%s", what, p ? "" : ": ", p ? "" : err);
	bpf_core_prog_free(p);
}

static u64 resolve_calls;

static int resolve(void *priv, u8 src, s32 lo, s32 hi, u64 *val, char *err,
		   size_t errlen)
{
	resolve_calls++;
	if (src == BPF_CORE_PSEUDO_MAP_FD && lo == 7) {
		*val = (u64)(unsigned long)priv + (u32)hi;
		return 0;
	}
	snprintf(err, errlen, "no map with fd %d", lo);
	return -EBADF;
}

int main(void)
{
	struct bpf_core_load_opts ropts = opts;
	struct bpf_core_insn raw[4];
	struct bpf_core_prog *p;
	char err[256];
	int ret;

	reject("an unknown opcode", "mov %r0, 0\n.insn 0xff, 0, 0, 0, 0\nexit",
	       "insn 1 (code 0xff): unknown");
	reject("ALU op 0xe0", ".insn 0xe7, 0, 0, 0, 0\nexit", "unknown ALU opcode");
	reject("dst register r11", "mov %r11, 1\nexit", "insn 0 (code 0xb7): invalid dst register r11");
	reject("src register r12", "mov %r0, %r12\nexit", "invalid src register r12");
	reject("a write to r10", "mov %r10, 0\nexit", "r10 is read-only");
	reject("a load into r10", "ldxdw %r10, [%r1]\nexit", "r10 is read-only");
	reject("lddw into r10", "lddw %r10, 1\nexit", "r10 is read-only");
	reject("fetch into r10", "lock fetch add [%r1], %r10\nexit", "r10 is read-only");
	reject("imm set with a register source", ".insn 0x0f, 0, 1, 0, 5\nexit",
	       "imm must be zero");
	reject("src set with an immediate", ".insn 0x07, 0, 1, 0, 5\nexit",
	       "src register must be zero");
	reject("ALU offset", ".insn 0x07, 0, 0, 3, 5\nexit", "offset must be zero");
	reject("sdiv offset 2", ".insn 0x37, 0, 0, 2, 5\nexit", "div/mod offset 2");
	reject("movsx with an immediate", ".insn 0xb7, 0, 0, 8, 5\nexit", "movsx offset");
	reject("movsx32 in ALU", ".insn 0xbc, 0, 1, 32, 0\nexit", "movsx offset 32");
	reject("neg with a register", ".insn 0x8f, 0, 1, 0, 0\nexit", "neg: reserved");
	reject("byte swap width 8", ".insn 0xd4, 0, 0, 0, 8\nexit", "width 8");
	reject("alu64 be", ".insn 0xdf, 0, 0, 0, 16\nexit", "unknown opcode");
	reject("a jump past the end", "ja +1\nexit", "insn 0 (code 0x05): jump target 2 out of range");
	reject("a jump before the start", "jeq %r1, 0, -3\nexit", "out of range");
	reject("gotol past the end", "ja32 +5\nexit", "jump target 6 out of range");
	reject("a jump into lddw", "ja +1\nlddw %r0, 1\nexit", "second slot of lddw");
	reject("truncated lddw", "mov %r0, 0\nexit\n.insn 0x18, 0, 0, 0, 1",
	       "insn 2 (code 0x18): lddw truncated");
	reject("lddw second slot with an opcode", ".insn 0x18, 0, 0, 0, 1\n"
	       ".insn 0x07, 0, 0, 0, 0\nexit", "second slot reserved");
	reject("lddw with an unknown source", ".insn 0x18, 0, 9, 0, 1\n"
	       ".insn 0, 0, 0, 0, 0\nexit", "invalid pseudo source 9");
	reject("lddw map fd without resolver", ".insn 0x18, 1, 1, 0, 3\n"
	       ".insn 0, 0, 0, 0, 0\nexit", "needs a resolver");
	reject("falling off the end", "mov %r0, 0", "falls off the end of the program");
	reject("a subprogram falling off", "call local f\nexit\nf: mov %r0, 1",
	       "falls off the end of a subprogram");
	reject("a jump across subprograms", "call local f\nja f\nexit\nf: exit",
	       "leaves its subprogram");
	reject("a call to the middle of lddw", "call local +2\nexit\nlddw %r0, 1\nexit",
	       "second slot of lddw");
	reject("an unknown helper", "call 2\nexit", "unknown helper 2");
	reject("a negative helper id", "call -1\nexit", "unknown helper -1");
	reject("a kfunc call", "call runtime 1\nexit", "kfunc");
	reject("callx when not enabled", "callx %r1\nexit", "callx not enabled");
	reject("call with an offset", ".insn 0x85, 0, 0, 1, 1\nexit", "call: reserved");
	reject("call in JMP32", ".insn 0x86, 0, 0, 0, 1\nexit", "call in JMP32");
	reject("exit with a register", ".insn 0x95, 1, 0, 0, 0\nexit", "exit: reserved");
	reject("ja with a register", ".insn 0x05, 1, 0, 0, 0\nexit", "ja: reserved");
	reject("JMP op 0xe0", ".insn 0xe5, 0, 0, 0, 0\nexit", "unknown jump opcode");
	reject("ldx with imm", ".insn 0x61, 0, 1, 0, 1\nexit", "load: imm must be zero");
	reject("ldxsdw", ".insn 0x99, 0, 1, 0, 0\nexit", "unknown load opcode");
	reject("store imm with a src register", ".insn 0x62, 1, 2, 0, 1\nexit", "src register must be zero");
	reject("stx with imm", ".insn 0x63, 1, 2, 0, 1\nexit", "store: imm must be zero");
	reject("atomic on a byte", ".insn 0xd3, 1, 2, 0, 0\nexit", "size must be 4 or 8");
	reject("atomic op 0x10", ".insn 0xdb, 1, 2, 0, 16\nexit", "unknown atomic operation 0x10");
	reject("legacy ld_abs", ".insn 0x20, 0, 0, 0, 0\nexit", "legacy packet access");
	reject("a stack access below the frame", "stdw [%r10-520], 1\nexit",
	       "outside the 512-byte frame");
	reject("a stack access above r10", "ldxw %r0, [%r10-2]\nexit", "outside");
	ret = bpf_core_decode(raw, 0, NULL, &p, err, sizeof(err));
	ok(ret == -EINVAL && !p && strstr(err, "empty"), "rejects an empty program: %s", err);

	accept("every RFC 9669 class",
	       "mov %r0, 0\nadd32 %r0, 1\nsdiv %r0, -1\nsmod32 %r0, %r0\n"
	       "movsx832 %r2, %r0\nmovsx3264 %r2, %r0\nbe64 %r0\nswap32 %r0\n"
	       "lddw %r3, 0x1122334455667788\nldxsh %r4, [%r10-2]\n"
	       "stdw [%r10-16], 7\nstxb [%r10-1], %r4\n"
	       "lock fetch xor32 [%r10-8], %r4\nlock cmpxchg [%r10-8], %r3\n"
	       "jset32 %r3, 4, +1\nja32 +0\ncall 1\ncall local f\nexit\nf: exit");
	accept("a conditional jump to the last exit", "jeq %r1, 0, +0\nexit");

	/* Subprograms and the resolved lddw. */
	resolve_calls = 0;
	ropts.resolve_ld_imm64 = resolve;
	ropts.priv = (void *)0x1000;
	p = load_asm_opts("lddw %r1, 0x500000007\n.insn 0x18, 2, 1, 0, 7\n"
			  ".insn 0, 0, 0, 0, 0\n.insn 0x18, 3, 4, 0, 5\n"
			  ".insn 0, 0, 0, 0, 0\ncall local g\nexit\n"
			  "g: stdw [%r10-24], 0\nexit\nh: exit",
			  &ropts, err, sizeof(err));
	ok(p != NULL, "decodes subprograms and pseudo sources%s%s",
	   p ? "" : ": ", p ? "" : err);
	if (p) {
		ok(p->nr_subprogs == 3 && p->subprogs[0].start == 0 &&
		   p->subprogs[1].start == 8 && p->subprogs[1].len == 2 &&
		   p->subprogs[2].start == 10 && p->subprogs[2].len == 1,
		   "subprogram boundaries [0,8) [8,10) [10,11)");
		ok(p->subprogs[1].stack_depth == 24 && p->subprogs[2].stack_depth == 0,
		   "stack depth per subprogram (24, 0)");
		ok(resolve_calls == 1 && p->insns[2].src_reg == 0 &&
		   p->insns[2].imm == 0x1000 && p->insns[3].imm == 0,
		   "map fd resolved through the callback");
		ok(p->insns[4].src_reg == BPF_CORE_PSEUDO_FUNC && p->insns[4].imm == 10,
		   "lddw func keeps its source, imm = absolute target 10");
		ok(p->insns[0].imm == 7 && p->insns[1].imm == 5 &&
		   p->insns[0].src_reg == 0, "plain lddw kept");
		bpf_core_prog_free(p);
	}
	p = load_asm_opts(".insn 0x18, 1, 1, 0, 8\n.insn 0, 0, 0, 0, 0\nexit",
			  &ropts, err, sizeof(err));
	ok(!p && strstr(err, "no map with fd 8"), "resolver error is reported: %s", err);
	p = load_asm_opts("mov %r2, %r10\nexit", &ropts, err, sizeof(err));
	ok(p && p->subprogs[0].stack_depth == BPF_CORE_STACK_SIZE,
	   "escaping r10 gives the full frame");
	bpf_core_prog_free(p);
	return tap_done();
}
