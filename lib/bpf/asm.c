// SPDX-License-Identifier: GPL-2.0
/*
 * Assembler for the text syntax of the bpf_conformance suite, so tests can
 * be written readably: `add32 %r0, 1`, `ldxw %r0, [%r1+4]`,
 * `lock fetch add [%r10-8], %r1`, `jeq %r1, 0, done`, `call local f`,
 * labels as `name:`. Comments start with `#` or `;`. Userspace only.
 * `.insn CODE, DST, SRC, OFF, IMM` writes any raw slot (used by the
 * disassembler for encodings it cannot name, and by rejection tests).
 */
#ifndef __KERNEL__

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>

#include "bpf_core.h"

#define MAX_OPS 6

struct fixup {
	u32 idx;		/* instruction to patch */
	u32 line;
	bool in_imm;		/* target goes to imm (ja32, call local) */
	char name[64];
};

struct label {
	char name[64];
	u32 idx;
};

struct asm_state {
	struct bpf_core_insn *out;
	u32 n, cap;
	struct fixup *fix;
	u32 nfix, capfix;
	struct label *labels;
	u32 nlabels, caplabels;
	u32 line;
	char *err;
	size_t errlen;
};

static int fail(struct asm_state *st, const char *fmt, ...)
	BPF_CORE_PRINTF(2, 3);

static int fail(struct asm_state *st, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (st->err && st->errlen) {
		n = snprintf(st->err, st->errlen, "line %u: ", st->line);
		if (n >= 0 && (size_t)n < st->errlen) {
			va_start(ap, fmt);
			vsnprintf(st->err + n, st->errlen - n, fmt, ap);
			va_end(ap);
		}
	}
	return -EINVAL;
}

static void *grow(void *p, u32 *cap, u32 need, size_t elem)
{
	u32 ncap = *cap ? *cap : 16;
	void *np;

	if (need <= *cap)
		return p;
	while (ncap < need)
		ncap *= 2;
	np = realloc(p, (size_t)ncap * elem);
	if (np)
		*cap = ncap;
	return np;
}

static struct bpf_core_insn *emit(struct asm_state *st)
{
	struct bpf_core_insn *p = grow(st->out, &st->cap, st->n + 1,
				       sizeof(*st->out));

	if (!p)
		return NULL;
	st->out = p;
	memset(&p[st->n], 0, sizeof(*p));
	return &p[st->n++];
}

static int parse_reg(struct asm_state *st, const char *s, u8 *reg);

static int set_dst(struct asm_state *st, struct bpf_core_insn *in,
		   const char *s)
{
	u8 r;
	int ret = parse_reg(st, s, &r);

	if (!ret)
		in->dst_reg = r;
	return ret;
}

static int set_src(struct asm_state *st, struct bpf_core_insn *in,
		   const char *s)
{
	u8 r;
	int ret = parse_reg(st, s, &r);

	if (!ret)
		in->src_reg = r;
	return ret;
}

static int parse_reg(struct asm_state *st, const char *s, u8 *reg)
{
	char *end;
	long v;

	if (s[0] != '%' || s[1] != 'r' || !isdigit((unsigned char)s[2]))
		return fail(st, "expected a register, got '%s'", s);
	v = strtol(s + 2, &end, 10);
	/* r11..r15 are encodable (for rejection tests), not valid. */
	if (*end || v > 15)
		return fail(st, "invalid register '%s'", s);
	*reg = (u8)v;
	return 0;
}

static bool is_reg(const char *s)
{
	return s[0] == '%';
}

static int parse_num(struct asm_state *st, const char *s, s64 lo, s64 hi,
		     s64 *val)
{
	unsigned long long u;
	bool neg = false;
	const char *p = s;
	char *end;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return fail(st, "expected a number, got '%s'", s);
	errno = 0;
	u = strtoull(p, &end, 0);
	if (*end || errno)
		return fail(st, "invalid number '%s'", s);
	if (neg) {
		if (u > (1ULL << 63))
			return fail(st, "number '%s' out of range", s);
		*val = (s64)(0 - u);
	} else {
		if (hi >= 0 && u > (unsigned long long)hi)
			return fail(st, "number '%s' out of range", s);
		*val = (s64)u;
	}
	if (*val < lo)
		return fail(st, "number '%s' out of range", s);
	return 0;
}

/* imm32 accepts -2^31 .. 2^32-1 (hex constants like 0xffffffff). */
static int parse_imm32(struct asm_state *st, const char *s, s32 *imm)
{
	s64 v;
	int ret = parse_num(st, s, -(1LL << 31), 0xffffffffLL, &v);

	if (!ret)
		*imm = (s32)(u32)v;
	return ret;
}

/* `[%rN]`, `[%rN+off]`, `[%rN-off]` */
static int parse_mem(struct asm_state *st, const char *s, u8 *reg, s16 *off)
{
	char buf[64], *sign;
	size_t n = strlen(s);
	s64 v = 0;
	int ret;

	if (n < 3 || s[0] != '[' || s[n - 1] != ']' || n - 2 >= sizeof(buf))
		return fail(st, "expected a memory operand [%%rN+off], got '%s'", s);
	memcpy(buf, s + 1, n - 2);
	buf[n - 2] = '\0';
	sign = strpbrk(buf, "+-");
	if (sign) {
		ret = parse_num(st, sign, -32768, 32767, &v);
		if (ret)
			return ret;
		*sign = '\0';
	}
	*off = (s16)v;
	return parse_reg(st, buf, reg);
}

static int mem_dst(struct asm_state *st, struct bpf_core_insn *in,
		   const char *s)
{
	u8 r;
	int ret = parse_mem(st, s, &r, &in->off);

	if (!ret)
		in->dst_reg = r;
	return ret;
}

static int mem_src(struct asm_state *st, struct bpf_core_insn *in,
		   const char *s)
{
	u8 r;
	int ret = parse_mem(st, s, &r, &in->off);

	if (!ret)
		in->src_reg = r;
	return ret;
}

/* A jump target: +N / -N, or a label resolved at the end. */
static int parse_target(struct asm_state *st, const char *s, bool in_imm,
			s64 *rel)
{
	struct fixup *f;

	if (s[0] == '+' || s[0] == '-')
		return parse_num(st, s, in_imm ? -(1LL << 31) : -32768,
				 in_imm ? (1LL << 31) - 1 : 32767, rel);
	if (!isalpha((unsigned char)s[0]) && s[0] != '_' && s[0] != '.')
		return fail(st, "expected a jump target, got '%s'", s);
	if (strlen(s) >= sizeof(f->name))
		return fail(st, "label too long");
	f = grow(st->fix, &st->capfix, st->nfix + 1, sizeof(*st->fix));
	if (!f)
		return -ENOMEM;
	st->fix = f;
	f = &st->fix[st->nfix++];
	f->idx = st->n - 1;	/* the instruction being assembled */
	f->line = st->line;
	f->in_imm = in_imm;
	strcpy(f->name, s);
	*rel = 0;
	return 0;
}

static const char * const alu_ops[16] = {
	"add", "sub", "mul", "div", "or", "and", "lsh", "rsh",
	"neg", "mod", "xor", "mov", "arsh", NULL, NULL, NULL,
};

static const char * const jmp_ops[16] = {
	NULL, "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge",
	NULL, NULL, "jlt", "jle", "jslt", "jsle", NULL, NULL,
};

static int nops_check(struct asm_state *st, const char *mn, int nops, int want)
{
	if (nops != want)
		return fail(st, "%s takes %d operand%s, got %d", mn, want,
			    want == 1 ? "" : "s", nops);
	return 0;
}

/* Split "name32"/"name64"/"name" into base length and 32-bit flag. */
static size_t strip_width(const char *mn, bool *is32)
{
	size_t n = strlen(mn);

	*is32 = false;
	if (n > 2 && !strcmp(mn + n - 2, "32")) {
		*is32 = true;
		return n - 2;
	}
	if (n > 2 && !strcmp(mn + n - 2, "64"))
		return n - 2;
	return n;
}

static int size_code(const char *s, u8 *code)
{
	if (!strcmp(s, "b"))
		*code = BPF_CORE_B;
	else if (!strcmp(s, "h"))
		*code = BPF_CORE_H;
	else if (!strcmp(s, "w"))
		*code = BPF_CORE_W;
	else if (!strcmp(s, "dw"))
		*code = BPF_CORE_DW;
	else
		return -1;
	return 0;
}

static int asm_alu(struct asm_state *st, struct bpf_core_insn *in,
		   const char *mn, char **ops, int nops)
{
	bool is32, sx = false;
	size_t base = strip_width(mn, &is32);
	int op, ret;

	/* movsx<bits>[32|64]; plain movsx8/16 is 64-bit (and movsx32 too). */
	if (!strncmp(mn, "movsx", 5)) {
		const char *end = mn + 5;
		int v = 0;

		if (!strncmp(end, "16", 2) || !strncmp(end, "32", 2))
			v = end[0] == '1' ? 16 : 32;
		else if (*end == '8')
			v = 8;
		end += v == 8 ? 1 : 2;
		if (!v || (*end && strcmp(end, "64") && strcmp(end, "32")) ||
		    (v == 32 && !strcmp(end, "32")))
			return fail(st, "unknown mnemonic '%s'", mn);
		is32 = !strcmp(end, "32");
		in->off = (s16)v;
		op = BPF_CORE_MOV;
		goto operands;
	}
	for (op = 0; op < 16; op++) {
		if (alu_ops[op] && strlen(alu_ops[op]) == base &&
		    !strncmp(mn, alu_ops[op], base))
			break;
	}
	if (op == 16) {
		if (base == 4 && (!strncmp(mn, "sdiv", 4) || !strncmp(mn, "smod", 4))) {
			sx = true;
			op = mn[1] == 'd' ? 3 : 9;
		} else {
			return fail(st, "unknown mnemonic '%s'", mn);
		}
	}
	op <<= 4;
	if (sx)
		in->off = 1;
operands:
	in->code = (is32 ? BPF_CORE_ALU : BPF_CORE_ALU64) | op;
	if (op == BPF_CORE_NEG) {
		ret = nops_check(st, mn, nops, 1);
		return ret ? ret : set_dst(st, in, ops[0]);
	}
	ret = nops_check(st, mn, nops, 2);
	if (!ret)
		ret = set_dst(st, in, ops[0]);
	if (ret)
		return ret;
	if (is_reg(ops[1])) {
		in->code |= BPF_CORE_X;
		return set_src(st, in, ops[1]);
	}
	if (in->off && op == BPF_CORE_MOV)
		return fail(st, "%s needs a register source", mn);
	return parse_imm32(st, ops[1], &in->imm);
}

static int asm_swap(struct asm_state *st, struct bpf_core_insn *in,
		    const char *mn, char **ops, int nops)
{
	const char *w;
	int ret;

	if (!strncmp(mn, "le", 2)) {
		in->code = BPF_CORE_ALU | BPF_CORE_END | BPF_CORE_TO_LE;
		w = mn + 2;
	} else if (!strncmp(mn, "be", 2)) {
		in->code = BPF_CORE_ALU | BPF_CORE_END | BPF_CORE_TO_BE;
		w = mn + 2;
	} else {
		in->code = BPF_CORE_ALU64 | BPF_CORE_END | BPF_CORE_TO_LE;
		w = mn + (mn[0] == 'b' ? 5 : 4);
	}
	if (strcmp(w, "16") && strcmp(w, "32") && strcmp(w, "64"))
		return fail(st, "unknown mnemonic '%s'", mn);
	in->imm = atoi(w);
	ret = nops_check(st, mn, nops, 1);
	return ret ? ret : set_dst(st, in, ops[0]);
}

static int asm_jmp(struct asm_state *st, struct bpf_core_insn *in,
		   const char *mn, char **ops, int nops)
{
	bool is32;
	size_t base = strip_width(mn, &is32);
	s64 rel;
	int op, ret;

	for (op = 0; op < 16; op++)
		if (jmp_ops[op] && strlen(jmp_ops[op]) == base &&
		    !strncmp(mn, jmp_ops[op], base))
			break;
	if (op == 16 || (!is32 && base != strlen(mn)))
		return fail(st, "unknown mnemonic '%s'", mn);
	in->code = (is32 ? BPF_CORE_JMP32 : BPF_CORE_JMP) | (op << 4);
	ret = nops_check(st, mn, nops, 3);
	if (!ret)
		ret = set_dst(st, in, ops[0]);
	if (ret)
		return ret;
	if (is_reg(ops[1])) {
		in->code |= BPF_CORE_X;
		ret = set_src(st, in, ops[1]);
	} else {
		ret = parse_imm32(st, ops[1], &in->imm);
	}
	if (!ret)
		ret = parse_target(st, ops[2], false, &rel);
	if (!ret)
		in->off = (s16)rel;
	return ret;
}

static int asm_call(struct asm_state *st, struct bpf_core_insn *in,
		    char **ops, int nops)
{
	s64 rel;
	int ret;

	in->code = BPF_CORE_JMP | BPF_CORE_CALL;
	if (nops == 1 && is_reg(ops[0])) {
		in->code |= BPF_CORE_X;
		return set_dst(st, in, ops[0]);
	}
	if (nops == 1)
		return parse_imm32(st, ops[0], &in->imm);
	if (nops != 2)
		return fail(st, "call takes [helper|local|runtime] TARGET");
	if (!strcmp(ops[0], "helper")) {
		return asm_call(st, in, ops + 1, 1);
	} else if (!strcmp(ops[0], "local")) {
		in->src_reg = BPF_CORE_CALL_LOCAL;
		ret = parse_target(st, ops[1], true, &rel);
		in->imm = (s32)rel;
		return ret;
	} else if (!strcmp(ops[0], "runtime")) {
		in->src_reg = BPF_CORE_CALL_KFUNC;
		return parse_imm32(st, ops[1], &in->imm);
	}
	return fail(st, "unknown call kind '%s'", ops[0]);
}

static int asm_lock(struct asm_state *st, struct bpf_core_insn *in,
		    char **ops, int nops)
{
	static const struct { const char *name; s32 imm; } names[] = {
		{ "add", BPF_CORE_ADD }, { "or", BPF_CORE_OR },
		{ "and", BPF_CORE_AND }, { "xor", BPF_CORE_XOR },
		{ "xchg", BPF_CORE_XCHG }, { "cmpxchg", BPF_CORE_CMPXCHG },
	};
	bool fetch = false, is32;
	size_t base, i;
	int ret;

	if (nops > 0 && !strcmp(ops[0], "fetch")) {
		fetch = true;
		ops++;
		nops--;
	}
	if (nops != 3)
		return fail(st, "lock takes [fetch] OP [mem], %%rS");
	base = strip_width(ops[0], &is32);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i].name) == base &&
		    !strncmp(ops[0], names[i].name, base))
			break;
	if (i == ARRAY_SIZE(names))
		return fail(st, "unknown atomic operation '%s'", ops[0]);
	in->code = BPF_CORE_STX | BPF_CORE_ATOMIC | (is32 ? BPF_CORE_W : BPF_CORE_DW);
	in->imm = names[i].imm | (fetch ? BPF_CORE_FETCH : 0);
	ret = mem_dst(st, in, ops[1]);
	return ret ? ret : set_src(st, in, ops[2]);
}

static int asm_mem(struct asm_state *st, struct bpf_core_insn *in,
		   const char *mn, char **ops, int nops)
{
	u8 sz;
	int ret = nops_check(st, mn, nops, 2);

	if (ret)
		return ret;
	if (!strncmp(mn, "ldxs", 4) && !size_code(mn + 4, &sz) &&
	    sz != BPF_CORE_DW) {
		in->code = BPF_CORE_LDX | BPF_CORE_MEMSX | sz;
	} else if (!strncmp(mn, "ldx", 3) && !size_code(mn + 3, &sz)) {
		in->code = BPF_CORE_LDX | BPF_CORE_MEM | sz;
	} else if (!strncmp(mn, "stx", 3) && !size_code(mn + 3, &sz)) {
		in->code = BPF_CORE_STX | BPF_CORE_MEM | sz;
		ret = mem_dst(st, in, ops[0]);
		return ret ? ret : set_src(st, in, ops[1]);
	} else if (!strncmp(mn, "st", 2) && !size_code(mn + 2, &sz)) {
		in->code = BPF_CORE_ST | BPF_CORE_MEM | sz;
		ret = mem_dst(st, in, ops[0]);
		return ret ? ret : parse_imm32(st, ops[1], &in->imm);
	} else {
		return fail(st, "unknown mnemonic '%s'", mn);
	}
	ret = set_dst(st, in, ops[0]);
	return ret ? ret : mem_src(st, in, ops[1]);
}

static int asm_raw(struct asm_state *st, struct bpf_core_insn *in,
		   char **ops, int nops)
{
	s64 v[5];
	int i, ret;

	if (nops != 5)
		return fail(st, ".insn takes CODE, DST, SRC, OFF, IMM");
	for (i = 0; i < 5; i++) {
		ret = parse_num(st, ops[i], i == 3 ? -32768 : (i == 4 ? -(1LL << 31) : 0),
				i == 0 ? 255 : (i < 3 ? 15 : (i == 3 ? 65535 : 0xffffffffLL)),
				&v[i]);
		if (ret)
			return ret;
	}
	in->code = (u8)v[0];
	in->dst_reg = (u8)v[1];
	in->src_reg = (u8)v[2];
	in->off = (s16)(u16)v[3];
	in->imm = (s32)(u32)v[4];
	return 0;
}

static int asm_insn(struct asm_state *st, const char *mn, char **ops, int nops)
{
	struct bpf_core_insn *in = emit(st);
	s64 v, rel;
	int ret;

	if (!in)
		return -ENOMEM;
	if (!strcmp(mn, "exit")) {
		in->code = BPF_CORE_JMP | BPF_CORE_EXIT;
		return nops_check(st, mn, nops, 0);
	}
	if (!strcmp(mn, "ja") || !strcmp(mn, "ja32") || !strcmp(mn, "gotol")) {
		bool wide = strcmp(mn, "ja") != 0;

		in->code = (wide ? BPF_CORE_JMP32 : BPF_CORE_JMP) | BPF_CORE_JA;
		ret = nops_check(st, mn, nops, 1);
		if (!ret)
			ret = parse_target(st, ops[0], wide, &rel);
		if (wide)
			in->imm = (s32)rel;
		else
			in->off = (s16)rel;
		return ret;
	}
	if (!strcmp(mn, "call"))
		return asm_call(st, in, ops, nops);
	if (!strcmp(mn, "callx")) {
		ret = nops_check(st, mn, nops, 1);
		return ret ? ret : asm_call(st, in, ops, nops);
	}
	if (!strcmp(mn, "lock"))
		return asm_lock(st, in, ops, nops);
	if (!strcmp(mn, ".insn"))
		return asm_raw(st, in, ops, nops);
	if (!strcmp(mn, "lddw")) {
		struct bpf_core_insn *hi;

		in->code = BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW;
		ret = nops_check(st, mn, nops, 2);
		if (!ret)
			ret = set_dst(st, in, ops[0]);
		if (!ret)
			ret = parse_num(st, ops[1], -(1LL << 62) * 2, -1, &v);
		if (ret)
			return ret;
		in->imm = (s32)(u32)(u64)v;
		hi = emit(st);
		if (!hi)
			return -ENOMEM;
		hi->imm = (s32)(u32)((u64)v >> 32);
		return 0;
	}
	if (!strncmp(mn, "le", 2) || !strncmp(mn, "be", 2) ||
	    !strncmp(mn, "swap", 4) || !strncmp(mn, "bswap", 5))
		return asm_swap(st, in, mn, ops, nops);
	if (mn[0] == 'j')
		return asm_jmp(st, in, mn, ops, nops);
	if (!strncmp(mn, "ld", 2) || !strncmp(mn, "st", 2))
		return asm_mem(st, in, mn, ops, nops);
	return asm_alu(st, in, mn, ops, nops);
}

static int add_label(struct asm_state *st, const char *name)
{
	struct label *l;
	u32 i;

	if (!*name || strlen(name) >= sizeof(l->name))
		return fail(st, "invalid label '%s'", name);
	for (i = 0; i < st->nlabels; i++)
		if (!strcmp(st->labels[i].name, name))
			return fail(st, "duplicate label '%s'", name);
	l = grow(st->labels, &st->caplabels, st->nlabels + 1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	st->labels = l;
	strcpy(l[st->nlabels].name, name);
	l[st->nlabels++].idx = st->n;
	return 0;
}

/* Tokenize one line in place: mnemonic and operands split on ',' / blanks. */
static int asm_line(struct asm_state *st, char *s)
{
	char *tok[MAX_OPS + 2];
	int ntok = 0, ret;
	char *c;

	c = strpbrk(s, "#;");
	if (c)
		*c = '\0';
	for (;;) {
		while (*s && (isspace((unsigned char)*s) || *s == ','))
			s++;
		if (!*s)
			break;
		if (ntok == MAX_OPS + 2)
			return fail(st, "too many operands");
		tok[ntok++] = s;
		if (*s == '[') {
			/* A memory operand may contain blanks: [%r1 + 4]. */
			char *r = s, *w = s;

			while (*r && *r != ']') {
				if (!isspace((unsigned char)*r))
					*w++ = *r;
				r++;
			}
			if (*r != ']')
				return fail(st, "unterminated '['");
			*w++ = ']';
			s = r + 1;
			if (w < s)
				*w = '\0';
			if (*s)
				*s++ = '\0';
			continue;
		}
		while (*s && !isspace((unsigned char)*s) && *s != ',')
			s++;
		if (*s)
			*s++ = '\0';
	}
	if (!ntok)
		return 0;
	if (tok[0][strlen(tok[0]) - 1] == ':') {
		tok[0][strlen(tok[0]) - 1] = '\0';
		ret = add_label(st, tok[0]);
		if (ret || ntok == 1)
			return ret;
		return asm_insn(st, tok[1], tok + 2, ntok - 2);
	}
	return asm_insn(st, tok[0], tok + 1, ntok - 1);
}

static int resolve_fixups(struct asm_state *st)
{
	u32 i, j;

	for (i = 0; i < st->nfix; i++) {
		struct fixup *f = &st->fix[i];
		s64 rel;

		st->line = f->line;
		for (j = 0; j < st->nlabels; j++)
			if (!strcmp(st->labels[j].name, f->name))
				break;
		if (j == st->nlabels)
			return fail(st, "unknown label '%s'", f->name);
		rel = (s64)st->labels[j].idx - f->idx - 1;
		if (f->in_imm) {
			st->out[f->idx].imm = (s32)rel;
		} else {
			if (rel < -32768 || rel > 32767)
				return fail(st, "jump to '%s' too far for a 16-bit offset",
					    f->name);
			st->out[f->idx].off = (s16)rel;
		}
	}
	return 0;
}

int bpf_core_asm(const char *text, struct bpf_core_insn **out, u32 *cnt,
		 char *err, size_t errlen)
{
	struct asm_state st = { .err = err, .errlen = errlen };
	char *copy = strdup(text), *line, *next;
	int ret = 0;

	*out = NULL;
	*cnt = 0;
	if (err && errlen)
		err[0] = '\0';
	if (!copy)
		return -ENOMEM;
	for (line = copy; line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		st.line++;
		ret = asm_line(&st, line);
	}
	if (!ret)
		ret = resolve_fixups(&st);
	if (!ret && !st.n)
		ret = fail(&st, "no instructions");
	if (!ret) {
		*out = bpf_core_zalloc((size_t)st.n * sizeof(**out));
		if (*out) {
			memcpy(*out, st.out, (size_t)st.n * sizeof(**out));
			*cnt = st.n;
		} else {
			ret = -ENOMEM;
		}
	}
	if (ret == -ENOMEM && err && errlen)
		snprintf(err, errlen, "out of memory");
	free(st.out);
	free(st.fix);
	free(st.labels);
	free(copy);
	return ret;
}

#endif /* !__KERNEL__ */
