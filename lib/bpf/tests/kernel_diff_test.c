// SPDX-License-Identifier: GPL-2.0
/*
 * Our interpreter against Linux itself: random programs the verifier
 * accepts (progen.h kernel mode: ALU of every kind, stack loads, stores
 * and atomics, forward jumps, bpf-to-bpf calls) are loaded as socket
 * filters with bpf(2) and run with BPF_PROG_TEST_RUN on the host kernel;
 * the 32-bit result (a fold of all registers) must equal ours (and our
 * JIT's, when it is in the tree). Skips when
 * bpf(2) is not available (not root, seccomp, no CONFIG_BPF_SYSCALL).
 * usage: kernel_diff_test [iterations] [seed]
 */
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tap.h"
#include "progen.h"
#ifdef BPF_CORE_HAVE_JIT
#include "jit.h"
#endif

static char vlog[1 << 16];

static int kernel_load(const struct bpf_core_insn *insns, u32 cnt, bool log)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)insns;
	a.insn_cnt = cnt;
	a.license = (unsigned long)"GPL";
	if (log) {
		a.log_buf = (unsigned long)vlog;
		a.log_size = sizeof(vlog);
		a.log_level = 1;
	}
	return (int)syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
}

static int kernel_run(int fd, u32 *retval)
{
	static unsigned char pkt[64];
	union bpf_attr a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = (unsigned long)pkt;
	a.test.data_size_in = sizeof(pkt);
	a.test.repeat = 1;
	ret = (int)syscall(__NR_bpf, BPF_PROG_TEST_RUN, &a, sizeof(a));
	*retval = a.test.retval;
	return ret;
}

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
	u32 iters = argc > 1 ? (u32)strtoul(argv[1], NULL, 0) : 2000;
	u64 seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0xc0ffee;
	struct progen_rng rng = { .state = seed, .kernel = true };
	static const struct bpf_core_insn probe[] = {
		{ .code = 0xb7 }, { .code = 0x95 },
	};
	u32 i, loaded = 0, agreed = 0, rejected = 0, jit_bad = 0;
	int fd, reported = 0;

	fd = kernel_load(probe, 2, false);
	if (fd < 0) {
		printf("ok 1 - interpreter vs Linux # SKIP bpf(2) unavailable: %s\n",
		       strerror(errno));
		printf("1..1\n");
		return 0;
	}
	close(fd);
	for (i = 0; i < iters; i++) {
		struct bpf_core_insn insns[PROGEN_MAX_SLOTS];
		struct bpf_core_prog *prog;
		char err[256];
		u32 n, kret;
		u64 ours;

		n = progen_generate(&rng, insns);
		if (bpf_core_decode(insns, n, &progen_opts, &prog, err, sizeof(err))) {
			printf("# iteration %u does not decode: %s\n", i, err);
			continue;
		}
		ours = bpf_core_interp_run(prog, NULL, 0);
#ifdef BPF_CORE_HAVE_JIT
		/* Our JIT must agree too (it also runs with r1 = NULL). */
		if (bpf_core_jit_compile(prog, NULL) ||
		    prog->jit_entry(NULL, 0) != ours) {
			if (reported++ < 3)
				printf("# iteration %u: our JIT differs or failed\n", i);
			jit_bad++;
		}
#endif
		bpf_core_prog_free(prog);
		fd = kernel_load(insns, n, false);
		if (fd < 0) {
			if (!rejected++) {
				kernel_load(insns, n, true);
				printf("# iteration %u rejected by Linux: %s\n", i,
				       strlen(vlog) > 400 ? vlog + strlen(vlog) - 400 : vlog);
				dump_prog(insns, n);
			}
			continue;
		}
		loaded++;
		if (kernel_run(fd, &kret)) {
			printf("# iteration %u: test run failed: %s\n", i, strerror(errno));
		} else if (kret == (u32)ours) {
			agreed++;
		} else if (reported++ < 3) {
			printf("# iteration %u differs: ours 0x%x, Linux 0x%x\n", i,
			       (u32)ours, kret);
			dump_prog(insns, n);
		}
		close(fd);
	}
	ok(rejected == 0, "Linux accepts all %u generated programs (%u rejected)",
	   iters, rejected);
	ok(loaded > 0 && agreed == loaded,
	   "interpreter agrees with Linux on %u of %u programs (seed 0x%llx)",
	   agreed, loaded, (unsigned long long)seed);
#ifdef BPF_CORE_HAVE_JIT
	ok(jit_bad == 0, "our JIT agrees with our interpreter on them (%u differ)",
	   jit_bad);
#else
	(void)jit_bad;
#endif
	return tap_done();
}
