// SPDX-License-Identifier: GPL-2.0
/*
 * Disassembler to the text syntax of the bpf_conformance suite
 * (`add32 %r0, 1`, `ldxw %r0, [%r1+4]`, `lock fetch add [%r10-8], %r1`),
 * which asm.c reads back to the same bytes. Kernel-safe: only snprintf.
 */
#include "bpf_core.h"

static const char * const alu_names[16] = {
	"add", "sub", "mul", "div", "or", "and", "lsh", "rsh",
	"neg", "mod", "xor", "mov", "arsh", NULL, NULL, NULL,
};

static const char * const jmp_names[16] = {
	"ja", "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge",
	NULL, NULL, "jlt", "jle", "jslt", "jsle", NULL, NULL,
};

static const char * const size_names[4] = { "w", "h", "b", "dw" };

/* Immediates: small and negative values in decimal, others in hex. */
static void fmt_imm(char *b, size_t n, s32 imm)
{
	if ((imm < 0 && imm != (s32)0x80000000) || (imm >= 0 && imm <= 10))
		snprintf(b, n, "%d", imm);
	else
		snprintf(b, n, "0x%x", (u32)imm);
}

static void fmt_mem(char *b, size_t n, u8 reg, s16 off)
{
	if (off)
		snprintf(b, n, "[%%r%u%+d]", reg, off);
	else
		snprintf(b, n, "[%%r%u]", reg);
}

static int disasm_alu(const struct bpf_core_insn *in, char *buf, size_t len)
{
	bool is64 = BPF_CORE_CLASS(in->code) == BPF_CORE_ALU64;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	const char *sfx = is64 ? "" : "32";
	u8 op = BPF_CORE_OP(in->code);
	const char *name = alu_names[op >> 4];
	char imm[16];

	if (op == BPF_CORE_END) {
		snprintf(buf, len, "%s%d %%r%u",
			 is64 ? "swap" : (x ? "be" : "le"), in->imm, in->dst_reg);
		return 1;
	}
	if (!name)
		return -EINVAL;
	if (op == BPF_CORE_NEG) {
		snprintf(buf, len, "neg%s %%r%u", sfx, in->dst_reg);
		return 1;
	}
	if (op == BPF_CORE_MOV && in->off) {
		snprintf(buf, len, "movsx%d%s %%r%u, %%r%u", in->off,
			 is64 ? "64" : "32", in->dst_reg, in->src_reg);
		return 1;
	}
	if ((op == BPF_CORE_DIV || op == BPF_CORE_MOD) && in->off == 1)
		name = op == BPF_CORE_DIV ? "sdiv" : "smod";
	if (x) {
		snprintf(buf, len, "%s%s %%r%u, %%r%u", name, sfx, in->dst_reg,
			 in->src_reg);
	} else {
		fmt_imm(imm, sizeof(imm), in->imm);
		snprintf(buf, len, "%s%s %%r%u, %s", name, sfx, in->dst_reg, imm);
	}
	return 1;
}

static int disasm_jmp(const struct bpf_core_insn *in, char *buf, size_t len)
{
	bool is32 = BPF_CORE_CLASS(in->code) == BPF_CORE_JMP32;
	bool x = BPF_CORE_SRC(in->code) == BPF_CORE_X;
	u8 op = BPF_CORE_OP(in->code);
	const char *name = jmp_names[op >> 4];
	char imm[16];

	switch (op) {
	case BPF_CORE_EXIT:
		snprintf(buf, len, "exit");
		return is32 ? -EINVAL : 1;
	case BPF_CORE_CALL:
		if (is32)
			return -EINVAL;
		if (x)
			snprintf(buf, len, "callx %%r%u", in->dst_reg);
		else if (in->src_reg == BPF_CORE_CALL_LOCAL)
			snprintf(buf, len, "call local %+d", in->imm);
		else if (in->src_reg == BPF_CORE_CALL_KFUNC)
			snprintf(buf, len, "call runtime %d", in->imm);
		else
			snprintf(buf, len, "call %d", in->imm);
		return 1;
	case BPF_CORE_JA:
		if (is32)
			snprintf(buf, len, "ja32 %+d", in->imm);
		else
			snprintf(buf, len, "ja %+d", in->off);
		return 1;
	}
	if (!name)
		return -EINVAL;
	if (x) {
		snprintf(buf, len, "%s%s %%r%u, %%r%u, %+d", name,
			 is32 ? "32" : "", in->dst_reg, in->src_reg, in->off);
	} else {
		fmt_imm(imm, sizeof(imm), in->imm);
		snprintf(buf, len, "%s%s %%r%u, %s, %+d", name, is32 ? "32" : "",
			 in->dst_reg, imm, in->off);
	}
	return 1;
}

static int disasm_atomic(const struct bpf_core_insn *in, char *buf,
			 size_t len)
{
	const char *w = BPF_CORE_SIZE(in->code) == BPF_CORE_W ? "32" : "";
	const char *fetch = "", *name;
	char mem[24];

	fmt_mem(mem, sizeof(mem), in->dst_reg, in->off);
	switch (in->imm) {
	case BPF_CORE_XCHG:
		name = "xchg";
		break;
	case BPF_CORE_CMPXCHG:
		name = "cmpxchg";
		break;
	default:
		if (in->imm & ~(0xf0 | BPF_CORE_FETCH))
			return -EINVAL;
		switch (in->imm & 0xf0) {
		case BPF_CORE_ADD:
			name = "add";
			break;
		case BPF_CORE_OR:
			name = "or";
			break;
		case BPF_CORE_AND:
			name = "and";
			break;
		case BPF_CORE_XOR:
			name = "xor";
			break;
		default:
			return -EINVAL;
		}
		if (in->imm & BPF_CORE_FETCH)
			fetch = "fetch ";
	}
	snprintf(buf, len, "lock %s%s%s %s, %%r%u", fetch, name, w, mem,
		 in->src_reg);
	return 1;
}

int bpf_core_disasm_insn(const struct bpf_core_insn *in, u32 avail,
			 char *buf, size_t len)
{
	u8 mode = BPF_CORE_MODE(in->code);
	const char *sz = size_names[BPF_CORE_SIZE(in->code) >> 3];
	char mem[24], imm[16];
	int ret = -EINVAL;

	if (!avail)
		return -EINVAL;
	switch (BPF_CORE_CLASS(in->code)) {
	case BPF_CORE_ALU:
	case BPF_CORE_ALU64:
		ret = disasm_alu(in, buf, len);
		break;
	case BPF_CORE_JMP:
	case BPF_CORE_JMP32:
		ret = disasm_jmp(in, buf, len);
		break;
	case BPF_CORE_LD:
		if (in->code == (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW) &&
		    avail >= 2 && !in->src_reg) {
			snprintf(buf, len, "lddw %%r%u, 0x%llx", in->dst_reg,
				 (unsigned long long)((u64)(u32)in[0].imm |
						      (u64)(u32)in[1].imm << 32));
			ret = 2;
		}
		break;
	case BPF_CORE_LDX:
		if (mode != BPF_CORE_MEM && mode != BPF_CORE_MEMSX)
			break;
		fmt_mem(mem, sizeof(mem), in->src_reg, in->off);
		snprintf(buf, len, "ldx%s%s %%r%u, %s",
			 mode == BPF_CORE_MEMSX ? "s" : "", sz, in->dst_reg, mem);
		ret = 1;
		break;
	case BPF_CORE_ST:
		if (mode != BPF_CORE_MEM)
			break;
		fmt_mem(mem, sizeof(mem), in->dst_reg, in->off);
		fmt_imm(imm, sizeof(imm), in->imm);
		snprintf(buf, len, "st%s %s, %s", sz, mem, imm);
		ret = 1;
		break;
	default: /* STX */
		if (mode == BPF_CORE_ATOMIC) {
			ret = disasm_atomic(in, buf, len);
			break;
		}
		if (mode != BPF_CORE_MEM)
			break;
		fmt_mem(mem, sizeof(mem), in->dst_reg, in->off);
		snprintf(buf, len, "stx%s %s, %%r%u", sz, mem, in->src_reg);
		ret = 1;
		break;
	}
	if (ret < 0)
		snprintf(buf, len, ".insn 0x%02x, %u, %u, %d, %d", in->code,
			 in->dst_reg, in->src_reg, in->off, in->imm);
	return ret;
}
