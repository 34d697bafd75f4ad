// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_conformance plugin: `plugin [MEM-HEX] [--interp|--jit]`, program as
 * hex bytes on stdin; runs it with r1 = memory, r2 = its length and prints
 * r0 in hex. Errors: message and a non-zero exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bpf_core.h"
/* lib.mk defines BPF_CORE_HAVE_JIT when jit_x86_64.c is in the tree. */
#ifdef BPF_CORE_HAVE_JIT
#include "../jit.h"
#define HAVE_JIT 1
#else
#define HAVE_JIT 0
#endif

/* The suite's helper 5 ("unwind" in uBPF's plugin) returns its argument. */
static u64 helper_identity(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r2; (void)r3; (void)r4; (void)r5;
	return r1;
}

static const bpf_core_helper_fn plugin_helpers[] = {
	[5] = helper_identity,
};

/* Parse whitespace-separated hex bytes; returns count or -1. */
static long parse_hex(const char *s, u8 **out)
{
	size_t cap = strlen(s) / 2 + 1, n = 0;
	u8 *buf = malloc(cap);
	char *end;

	if (!buf)
		return -1;
	for (;;) {
		unsigned long v;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (!*s)
			break;
		v = strtoul(s, &end, 16);
		if (end == s || v > 0xff || n >= cap) {
			free(buf);
			return -1;
		}
		buf[n++] = (u8)v;
		s = end;
	}
	*out = buf;
	return (long)n;
}

static char *read_all(FILE *f)
{
	size_t cap = 4096, n = 0, got;
	char *buf = malloc(cap + 1);

	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf)
		buf[n] = '\0';
	return buf;
}

int main(int argc, char **argv)
{
	struct bpf_core_load_opts opts = {
		.helpers = plugin_helpers,
		.nr_helpers = sizeof(plugin_helpers) / sizeof(plugin_helpers[0]),
		.flags = BPF_CORE_LOAD_ALLOW_CALLX,
	};
	struct bpf_core_prog *prog;
	u8 *mem = NULL, *code = NULL;
	long mem_len = 0, code_len;
	int use_jit = 1, i, ret;
	char err[256];
	char *text;
	u64 r0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--interp")) {
			use_jit = 0;
		} else if (!strcmp(argv[i], "--jit")) {
			use_jit = 1;
		} else if (i == 1 && strncmp(argv[i], "--", 2)) {
			mem_len = parse_hex(argv[i], &mem);
			if (mem_len < 0) {
				puts("invalid memory argument");
				return 2;
			}
		} else {
			printf("unknown option %s\n", argv[i]);
			return 2;
		}
	}
	text = read_all(stdin);
	code_len = text ? parse_hex(text, &code) : -1;
	free(text);
	if (code_len < 0 || code_len % 8) {
		puts("invalid program: expected whole 8-byte instructions in hex");
		return 2;
	}
	ret = bpf_core_decode((const struct bpf_core_insn *)code,
			      (u32)(code_len / 8), &opts, &prog, err,
			      sizeof(err));
	if (ret) {
		puts(err);
		return 1;
	}
	if (use_jit) {
#if HAVE_JIT
		ret = bpf_core_jit_compile(prog, NULL);
		if (ret) {
			printf("JIT failed: %d\n", ret);
			return 1;
		}
		r0 = prog->jit_entry(mem_len ? mem : NULL, (u64)mem_len);
#else
		puts("JIT not built (use --interp)");
		return 1;
#endif
	} else {
		r0 = bpf_core_interp_run(prog, mem_len ? mem : NULL, (u64)mem_len);
	}
	printf("%llx\n", (unsigned long long)r0);
	bpf_core_prog_free(prog);
	free(mem);
	free(code);
	return 0;
}
