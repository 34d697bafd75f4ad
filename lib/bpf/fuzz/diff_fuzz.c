// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target. Odd first byte: the rest is raw instructions, which
 * the decoder and disassembler must handle without fault (never run: a
 * valid program may still touch any address). Even first byte: the rest
 * drives progen.h to a valid program, run on the interpreter and the JIT
 * (when in the tree); any difference in r0 or memory aborts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bpf_core.h"
#include "../tests/progen.h"
#ifdef BPF_CORE_HAVE_JIT
#include "jit.h"
#endif

static u64 fuzz_helper(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return a ^ b ^ c ^ d ^ e;
}

static const bpf_core_helper_fn fuzz_helpers[] = { [1] = fuzz_helper };

static void raw_decode(const u8 *data, size_t size)
{
	struct bpf_core_load_opts opts = {
		.helpers = fuzz_helpers, .nr_helpers = ARRAY_SIZE(fuzz_helpers),
		.flags = BPF_CORE_LOAD_ALLOW_CALLX,
	};
	struct bpf_core_insn insns[512];
	u32 n = (u32)(size / sizeof(insns[0])), i;
	struct bpf_core_prog *prog;
	char err[128], buf[128];
	int step;

	static char text[512 * 64];
	struct bpf_core_insn *back;
	size_t len = 0;
	u32 got;

	if (n > ARRAY_SIZE(insns))
		n = ARRAY_SIZE(insns);
	memcpy(insns, data, n * sizeof(insns[0]));
	for (i = 0; i < n; i += (u32)(step > 0 ? step : 1)) {
		step = bpf_core_disasm_insn(&insns[i], n - i, buf, sizeof(buf));
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s\n", buf);
	}
	if (bpf_core_decode(insns, n, &opts, &prog, err, sizeof(err)))
		return;
	bpf_core_prog_free(prog);
	/* Whatever the decoder accepts, disassembly must assemble back to
	 * the same bytes.
	 */
	if (bpf_core_asm(text, &back, &got, err, sizeof(err)) || got != n ||
	    memcmp(back, insns, n * sizeof(insns[0]))) {
		fprintf(stderr, "round trip failed (%s):\n%s", err, text);
		abort();
	}
	bpf_core_free(back);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct progen_rng rng = { .data = data + 1, .len = size ? size - 1 : 0 };
	u64 mem0[PROGEN_MEM_SIZE / 8], mem1[PROGEN_MEM_SIZE / 8];
	struct bpf_core_insn insns[PROGEN_MAX_SLOTS];
	struct bpf_core_prog *prog;
	char err[256];
	u64 r_a, r_b;
	u32 n;

	if (size && (data[0] & 1)) {
		raw_decode(data + 1, size - 1);
		return 0;
	}
	n = progen_generate(&rng, insns);
	memset(mem0, 0x5a, sizeof(mem0));
	memcpy(mem1, mem0, sizeof(mem0));
	if (bpf_core_decode(insns, n, &progen_opts, &prog, err, sizeof(err))) {
		fprintf(stderr, "generated program rejected: %s\n", err);
		abort();
	}
	r_a = bpf_core_interp_run(prog, mem0, sizeof(mem0));
#ifdef BPF_CORE_HAVE_JIT
	if (bpf_core_jit_compile(prog, NULL)) {
		fprintf(stderr, "JIT failed on a valid program\n");
		abort();
	}
	r_b = prog->jit_entry(mem1, sizeof(mem1));
#else
	r_b = bpf_core_interp_run(prog, mem1, sizeof(mem1));
#endif
	if (r_a != r_b || memcmp(mem0, mem1, sizeof(mem0))) {
		fprintf(stderr, "engines differ: r0 0x%llx vs 0x%llx\n",
			(unsigned long long)r_a, (unsigned long long)r_b);
		abort();
	}
	bpf_core_prog_free(prog);
	return 0;
}
