// SPDX-License-Identifier: GPL-2.0
/*
 * Assembler and disassembler: exact encodings of the suite's syntax, error
 * reporting, and a round trip (disassemble, assemble, same bytes) of every
 * program in the conformance vectors.
 */
#include "tap.h"

static int hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static int asm_one(const char *text, struct bpf_core_insn *out, u32 max)
{
	struct bpf_core_insn *insns;
	char err[200];
	u32 cnt;

	if (bpf_core_asm(text, &insns, &cnt, err, sizeof(err))) {
		printf("# %s: %s\n", text, err);
		return -1;
	}
	if (cnt > max)
		cnt = max;
	memcpy(out, insns, cnt * sizeof(*out));
	bpf_core_free(insns);
	return (int)cnt;
}

/* Encoding of one line as the 8 bytes of its first slot, in hex. */
static void expect_bytes(const char *text, const char *hex)
{
	struct bpf_core_insn in[2];
	char got[17];
	const u8 *b = (const u8 *)in;
	int i;

	if (asm_one(text, in, 2) < 1) {
		ok(0, "asm '%s'", text);
		return;
	}
	for (i = 0; i < 8; i++)
		sprintf(got + 2 * i, "%02x", b[i]);
	ok(!strcmp(got, hex), "asm '%s' = %s (got %s)", text, hex, got);
}

static void expect_error(const char *text, const char *needle)
{
	struct bpf_core_insn *insns;
	char err[200] = "", shown[200];
	u32 cnt, i;
	int ret = bpf_core_asm(text, &insns, &cnt, err, sizeof(err));

	if (!ret)
		bpf_core_free(insns);
	/* Keep the TAP line on one line. */
	for (i = 0; text[i] && i < sizeof(shown) - 1; i++)
		shown[i] = text[i] == '\n' ? '|' : text[i];
	shown[i] = '\0';
	ok(ret == -EINVAL && strstr(err, needle), "asm rejects '%s': %s",
	   shown, err);
}

static void round_trip_vectors(void)
{
	const char *path = getenv("BPF_CONFORMANCE_VECTORS");
	char line[65536], text[65536], buf[128];
	int rows = 0, good = 0;
	FILE *f;

	if (!path)
		path = "../shared/conformance/vectors.tsv";
	f = fopen(path, "r");
	ok(f != NULL, "open %s", path);
	if (!f)
		return;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		struct bpf_core_insn prog[4096], back[4096];
		char *name = line, *hex;
		u32 n = 0, i, len;
		int got, step, tabs = 0;

		for (hex = line; *hex && tabs < 3; hex++)
			if (*hex == '\t') {
				*hex = '\0';
				tabs++;
			}
		for (len = 0; hex[len] && hex[len] != '\t'; len++)
			;
		for (i = 0; i + 1 < len && n < 8 * 4096; i += 2)
			((u8 *)prog)[n++] = (u8)(hexval(hex[i]) << 4 | hexval(hex[i + 1]));
		n /= 8;
		text[0] = '\0';
		for (i = 0; i < n; i += (u32)step) {
			step = bpf_core_disasm_insn(&prog[i], n - i, buf, sizeof(buf));
			if (step < 0)
				step = 1;	/* .insn raw form, still assemblable */
			strcat(text, buf);
			strcat(text, "\n");
		}
		rows++;
		got = asm_one(text, back, 4096);
		if (got == (int)n && !memcmp(prog, back, n * sizeof(*prog)))
			good++;
		else
			printf("# round trip differs: %s\n", name);
	}
	fclose(f);
	ok(rows > 300 && good == rows,
	   "disasm->asm round trip of all %d conformance programs (%d identical)",
	   rows, good);
}

int main(void)
{
	struct bpf_core_insn in[8];
	char buf[128];

	/* One line each, from the suite's mnemonic list. */
	expect_bytes("add32 %r0, 1", "0400000001000000");
	expect_bytes("add %r1, %r2", "0f21000000000000");
	expect_bytes("ldxw %r0, [%r1+4]", "6110040000000000");
	expect_bytes("ldxdw %r0, [%r1]", "7910000000000000");
	expect_bytes("stxdw [%r10-8], %r1", "7b1af8ff00000000");
	expect_bytes("stb [%r1+2], 0x11", "7201020011000000");
	expect_bytes("lddw %r0, 0x123456789", "1800000089674523");
	expect_bytes("ja +2", "0500020000000000");
	expect_bytes("ja32 -1", "06000000ffffffff");
	expect_bytes("gotol +3", "0600000003000000");
	expect_bytes("jeq %r1, 0, +3", "1501030000000000");
	expect_bytes("jsle32 %r1, %r2, -2", "de21feff00000000");
	expect_bytes("call 1", "8500000001000000");
	expect_bytes("callx %r2", "8d02000000000000");
	expect_bytes("call helper %r2", "8d02000000000000");
	expect_bytes("exit", "9500000000000000");
	expect_bytes("lock add [%r10-8], %r1", "db1af8ff00000000");
	expect_bytes("lock fetch add [%r10-8], %r1", "db1af8ff01000000");
	expect_bytes("lock fetch or32 [%r1+4], %r2", "c321040041000000");
	expect_bytes("lock xchg [%r1], %r2", "db210000e1000000");
	expect_bytes("lock cmpxchg32 [%r1], %r2", "c3210000f1000000");
	expect_bytes("be16 %r0", "dc00000010000000");
	expect_bytes("le32 %r0", "d400000020000000");
	expect_bytes("bswap64 %r0", "d700000040000000");
	expect_bytes("swap16 %r3", "d703000010000000");
	expect_bytes("movsx8 %r0, %r1", "bf10080000000000");
	expect_bytes("movsx1632 %r0, %r1", "bc10100000000000");
	expect_bytes("movsx3264 %r0, %r1", "bf10200000000000");
	expect_bytes("ldxsb %r0, [%r1-1]", "9110ffff00000000");
	expect_bytes("ldxsw %r0, [%r1+8]", "8110080000000000");
	expect_bytes("sdiv %r0, -3", "37000100fdffffff");
	expect_bytes("smod32 %r0, %r1", "9c10010000000000");
	expect_bytes("neg32 %r5", "8405000000000000");
	expect_bytes("mov32 %r0, 0xffffffff", "b4000000ffffffff");
	expect_bytes(".insn 0x8f, 1, 2, -1, 7", "8f21ffff07000000");

	/* Labels: backward and forward, local calls, comments. */
	ok(asm_one("start:\n  mov %r0, 0  # zero\n  jne %r0, 1, out ; c\n"
		   "  call local f\n  ja start\nout: exit\nf: exit\n", in, 8) == 6 &&
	   in[1].off == 2 && in[2].imm == 2 && in[3].off == -4,
	   "labels resolve forward and backward");

	expect_error("foo %r0, 1", "unknown mnemonic");
	expect_error("add %r0", "takes 2 operands");
	expect_error("ja nowhere\nexit", "unknown label 'nowhere'");
	expect_error("a:\na:\nexit", "duplicate label");
	expect_error("ldxw %r0, [%r1+4", "unterminated");
	expect_error("mov %r16, 1", "invalid register");
	expect_error("add32 %r0, 0x100000000", "out of range");
	expect_error("lock nand [%r1], %r2", "unknown atomic");
	expect_error("exit\n\nfoo", "line 3:");

	/* Disassembler spellings. */
	bpf_core_disasm_insn(&(struct bpf_core_insn){ .code = 0xdb, .dst_reg = 10,
			     .src_reg = 1, .off = -8, .imm = 1 }, 1, buf, sizeof(buf));
	ok(!strcmp(buf, "lock fetch add [%r10-8], %r1"), "disasm atomic: %s", buf);
	bpf_core_disasm_insn(&(struct bpf_core_insn){ .code = 0x85, .src_reg = 1,
			     .imm = -3 }, 1, buf, sizeof(buf));
	ok(!strcmp(buf, "call local -3"), "disasm local call: %s", buf);
	ok(bpf_core_disasm_insn(&(struct bpf_core_insn){ .code = 0xff }, 1, buf,
				sizeof(buf)) == -EINVAL && !strncmp(buf, ".insn 0xff", 10),
	   "disasm unknown opcode as .insn: %s", buf);

	round_trip_vectors();
	return tap_done();
}
