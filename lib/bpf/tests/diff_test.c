// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: random valid programs (progen.h) run on the
 * interpreter and on the JIT; r0 and the whole memory buffer (which holds
 * the final r0, r2..r9) must be identical. Without the JIT in the tree it
 * still checks that every generated program decodes and that two
 * interpreter runs agree, and says the JIT comparison was skipped.
 * usage: diff_test [iterations] [seed]
 */
#include "tap.h"
#include "progen.h"
#ifdef BPF_CORE_HAVE_JIT
#include "jit.h"
#endif

static void dump_prog(const struct bpf_core_insn *insns, u32 n)
{
	char buf[128];
	u32 i;
	int step;

	for (i = 0; i < n; i += (u32)(step > 0 ? step : 1)) {
		step = bpf_core_disasm_insn(&insns[i], n - i, buf, sizeof(buf));
		printf("#   %3u: %s\n", i, buf);
	}
}

int main(int argc, char **argv)
{
	u32 iters = argc > 1 ? (u32)strtoul(argv[1], NULL, 0) : 20000;
	u64 seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed1234abcdULL;
	struct progen_rng rng = { .state = seed };
	u32 i, decoded = 0, agreed = 0, jitted = 0;
	int reported = 0;

	for (i = 0; i < iters; i++) {
		struct bpf_core_insn insns[PROGEN_MAX_SLOTS];
		u64 mem0[PROGEN_MEM_SIZE / 8], mem1[PROGEN_MEM_SIZE / 8];
		u64 r_a, r_b, init[PROGEN_MEM_SIZE / 8];
		struct bpf_core_prog *prog;
		char err[256];
		u32 n, k;

		n = progen_generate(&rng, insns);
		for (k = 0; k < PROGEN_MEM_SIZE / 8; k++)
			init[k] = progen_next(&rng);
		if (bpf_core_decode(insns, n, &progen_opts, &prog, err, sizeof(err))) {
			if (!reported++) {
				printf("# iteration %u does not decode: %s\n", i, err);
				dump_prog(insns, n);
			}
			continue;
		}
		decoded++;
		memcpy(mem0, init, sizeof(init));
		r_a = bpf_core_interp_run(prog, mem0, sizeof(mem0));
#ifdef BPF_CORE_HAVE_JIT
		if (bpf_core_jit_compile(prog, NULL)) {
			if (!reported++)
				printf("# iteration %u: JIT compile failed\n", i);
			bpf_core_prog_free(prog);
			continue;
		}
		jitted++;
		memcpy(mem1, init, sizeof(init));
		r_b = prog->jit_entry(mem1, sizeof(mem1));
#else
		memcpy(mem1, init, sizeof(init));
		r_b = bpf_core_interp_run(prog, mem1, sizeof(mem1));
#endif
		if (r_a == r_b && !memcmp(mem0, mem1, sizeof(mem0))) {
			agreed++;
		} else if (reported++ < 3) {
			printf("# iteration %u differs: r0 interp 0x%llx other 0x%llx\n",
			       i, (unsigned long long)r_a, (unsigned long long)r_b);
			for (k = 0; k < PROGEN_MEM_SIZE / 8; k++)
				if (mem0[k] != mem1[k])
					printf("#   mem[%u]: 0x%llx vs 0x%llx%s\n", k * 8,
					       (unsigned long long)mem0[k],
					       (unsigned long long)mem1[k],
					       k * 8 >= PROGEN_DUMP ? " (register dump)" : "");
			dump_prog(insns, n);
		}
		bpf_core_prog_free(prog);
	}
	ok(decoded == iters, "all %u random programs decode (%u did)", iters, decoded);
#ifdef BPF_CORE_HAVE_JIT
	ok(jitted == decoded, "JIT compiles all %u (%u did)", decoded, jitted);
	ok(agreed == decoded && decoded > 0,
	   "interpreter and JIT agree on r0, registers and memory: %u of %u (seed 0x%llx)",
	   agreed, decoded, (unsigned long long)seed);
#else
	(void)jitted;
	ok(agreed == decoded, "interpreter is deterministic on %u programs", decoded);
	printf("ok %d - interpreter vs JIT # SKIP JIT not in the tree\n", ++tap_n);
#endif
	return tap_done();
}
