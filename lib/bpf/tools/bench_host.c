// SPDX-License-Identifier: GPL-2.0
/*
 * Host benchmark: the same compute-heavy programs (written in assembly
 * here) run by our interpreter, our JIT (when in the tree) and the host
 * kernel's JIT through bpf(2) BPF_PROG_LOAD (socket filter) +
 * BPF_PROG_TEST_RUN with repeat. Every column subtracts its own cost of an
 * empty program; results must agree across engines. Prints ns per run,
 * ratios against the kernel JIT, and JIT code sizes.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../bpf_core.h"
#ifdef BPF_CORE_HAVE_JIT
#include "../jit.h"
#endif

#define BENCH_ROUNDS	25

struct bench {
	const char *name;
	const char *text;
};

static const struct bench benches[] = {
	{ "empty", "mov %r0, 0\nexit" },
	{ "fnv1a_hash",
	  /* FNV-1a over 512 bytes of an LCG stream. */
	  "lddw %r6, 0xcbf29ce484222325\nlddw %r8, 0x100000001b3\n"
	  "mov %r7, 12345\nmov %r9, 0\n"
	  "loop: mul %r7, 1103515245\nadd %r7, 12345\nmov %r2, %r7\nrsh %r2, 16\n"
	  "and %r2, 0xff\nxor %r6, %r2\nmul %r6, %r8\nadd %r9, 1\n"
	  "jlt %r9, 512, loop\n"
	  "mov %r0, %r6\nrsh %r0, 32\nxor %r0, %r6\nexit" },
	{ "inet_csum",
	  /* Fill 256 stack bytes, then a ones'-complement sum of 128 halfwords. */
	  "mov %r9, 0\nlddw %r7, 0x123456789abcdef\n"
	  "fill: mul %r7, 1103515245\nadd %r7, 12345\nmov %r2, %r10\nadd %r2, -256\n"
	  "add %r2, %r9\nstxdw [%r2], %r7\nadd %r9, 8\njlt %r9, 256, fill\n"
	  "mov %r0, 0\nmov %r9, 0\n"
	  "sum: mov %r2, %r10\nadd %r2, -256\nadd %r2, %r9\nldxh %r3, [%r2]\n"
	  "add %r0, %r3\nadd %r9, 2\njlt %r9, 256, sum\n"
	  "mov %r3, %r0\nrsh %r3, 16\nand %r0, 0xffff\nadd %r0, %r3\n"
	  "mov %r3, %r0\nrsh %r3, 16\nand %r0, 0xffff\nadd %r0, %r3\n"
	  "xor %r0, 0xffff\nexit" },
	{ "bubble_sort16",
	  /* 16 u32 from an LCG on the stack, bubble sort, weighted sum. */
	  "mov %r9, 0\nmov %r7, 99\n"
	  "fill: mul32 %r7, 1103515245\nadd32 %r7, 12345\nmov %r2, %r10\n"
	  "add %r2, -64\nadd %r2, %r9\nstxw [%r2], %r7\nadd %r9, 4\n"
	  "jlt %r9, 64, fill\n"
	  "mov %r6, 0\n"
	  "outer: mov %r8, 0\nmov %r5, 60\nsub %r5, %r6\n"
	  "inner: mov %r2, %r10\nadd %r2, -64\nadd %r2, %r8\nldxw %r3, [%r2]\n"
	  "ldxw %r4, [%r2+4]\njle %r3, %r4, noswap\nstxw [%r2], %r4\n"
	  "stxw [%r2+4], %r3\n"
	  "noswap: add %r8, 4\njlt %r8, %r5, inner\nadd %r6, 4\n"
	  "jlt %r6, 60, outer\n"
	  "mov %r0, 0\nmov %r9, 0\n"
	  "sum: mov %r2, %r10\nadd %r2, -64\nadd %r2, %r9\nldxw %r3, [%r2]\n"
	  "mul %r3, %r9\nadd %r0, %r3\nadd %r9, 4\njlt %r9, 64, sum\nexit" },
	{ "arith_loop",
	  /* 1000 rounds of mul/div/mod/shift/xor. */
	  "mov %r6, 1\nmov %r7, 0x1e3779b9\nmov %r9, 0\n"
	  "loop: mul %r6, %r7\nmov %r2, %r6\ndiv %r2, 7\nmod %r6, 1000003\n"
	  "add %r6, %r2\nlsh %r6, 3\nxor %r6, %r9\narsh32 %r6, 1\nadd %r9, 1\n"
	  "jlt %r9, 1000, loop\nmov %r0, %r6\nexit" },
	{ "bpf2bpf_calls",
	  /* 200 bpf-to-bpf calls. */
	  "mov %r6, 0\nmov %r7, 0\n"
	  "loop: mov %r1, %r6\ncall local f\nadd %r7, %r0\nadd %r6, 1\n"
	  "jlt %r6, 200, loop\nmov %r0, %r7\nexit\n"
	  "f: mov %r0, %r1\nmul %r0, %r1\nadd %r0, 3\nexit" },
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static char vlog[1 << 20];

/* Loads without a log (a full log fails with ENOSPC); logs on failure. */
static int kernel_load(const struct bpf_core_insn *insns, u32 cnt, int log)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)insns;
	a.insn_cnt = cnt;
	a.license = (unsigned long)"GPL";
	vlog[0] = '\0';
	if (log) {
		a.log_buf = (unsigned long)vlog;
		a.log_size = sizeof(vlog);
		a.log_level = 1;
	}
	fd = (int)sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0 && !log)
		return kernel_load(insns, cnt, 1);
	return fd;
}

/* Average ns per run over repeat runs, and r0; -1 on error. */
static double kernel_run(int fd, u32 repeat, u64 *r0)
{
	static unsigned char pkt[64];
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = (unsigned long)pkt;
	a.test.data_size_in = sizeof(pkt);
	a.test.repeat = repeat;
	if (sys_bpf(BPF_PROG_TEST_RUN, &a))
		return -1;
	*r0 = a.test.retval;
	return a.test.duration;
}

static u32 kernel_jited_len(int fd)
{
	struct bpf_prog_info info;
	union bpf_attr a;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (unsigned long)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a))
		return 0;
	return info.jited_prog_len;
}

static u64 run_interp(void *p, void *ctx)
{
	return bpf_core_interp_run(p, ctx, 64);
}

#ifdef BPF_CORE_HAVE_JIT
static u64 run_jit(void *p, void *ctx)
{
	return ((struct bpf_core_prog *)p)->jit_entry(ctx, 64);
}
#endif

/*
 * Best of BENCH_ROUNDS rounds of ns per run, rounds sized to ~2 ms: short
 * rounds and the minimum keep a busy machine's preemptions out.
 */
static double time_engine(u64 (*fn)(void *, void *), void *p, u64 *r0)
{
	static unsigned char pkt[64];
	double best = 1e30, t0, dt;
	u32 n = 1, i, round;

	for (;;) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			*r0 = fn(p, pkt);
		dt = now_ns() - t0;
		if (dt > 2e6 || n >= (1u << 26))
			break;
		n *= 2;
	}
	for (round = 0; round < BENCH_ROUNDS; round++) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			*r0 = fn(p, pkt);
		dt = (now_ns() - t0) / n;
		if (dt < best)
			best = dt;
	}
	return best;
}

static double best_kernel(int fd, u64 *r0)
{
	double best = 1e30, d;
	u32 repeat = 1000;
	int round;

	/* Size repeat so one call takes ~2 ms. */
	d = kernel_run(fd, repeat, r0);
	if (d < 0)
		return -1;
	if (d > 0)
		repeat = (u32)(2e6 / d) + 1;
	if (repeat > 10000000)
		repeat = 10000000;
	for (round = 0; round < BENCH_ROUNDS; round++) {
		d = kernel_run(fd, repeat, r0);
		if (d >= 0 && d < best)
			best = d;
	}
	return best;
}

static double net(double v, double empty)
{
	return v < 0 ? -1 : (v - empty > 0 ? v - empty : 0);
}

static void cell(double v)
{
	if (v < 0)
		printf(" %10s", "n/a");
	else
		printf(" %10.1f", v);
}

int main(void)
{
	double e_int = 0, e_jit = 0, e_ker = 0;
	int failed = 0;
	size_t b;

	printf("# lib/bpf host benchmark: ns per run (empty-program cost subtracted), best of %d\n",
	       BENCH_ROUNDS);
	printf("# %-14s %5s %10s %10s %10s %8s %8s %7s %7s\n", "program", "insns",
	       "interp", "our_jit", "kern_jit", "int/kern", "jit/kern", "jit_B",
	       "kern_B");
	for (b = 0; b < ARRAY_SIZE(benches); b++) {
		struct bpf_core_insn *insns;
		struct bpf_core_prog *prog;
		double t_int, t_jit = -1, t_ker = -1;
		u64 r_int, r_jit = 0, r_ker = 0;
		u32 cnt, jit_b = 0, ker_b = 0;
		char err[256];
		int fd;

		if (bpf_core_asm(benches[b].text, &insns, &cnt, err, sizeof(err)) ||
		    bpf_core_decode(insns, cnt, NULL, &prog, err, sizeof(err))) {
			printf("not ok - %s: %s\n", benches[b].name, err);
			return 1;
		}
		t_int = time_engine(run_interp, prog, &r_int);
#ifdef BPF_CORE_HAVE_JIT
		if (!bpf_core_jit_compile(prog, NULL)) {
			t_jit = time_engine(run_jit, prog, &r_jit);
			jit_b = prog->jit_size;
		}
#endif
		fd = kernel_load(insns, cnt, 0);
		if (fd >= 0) {
			t_ker = best_kernel(fd, &r_ker);
			ker_b = kernel_jited_len(fd);
			close(fd);
		} else {
			size_t l = strlen(vlog);

			printf("# kernel load of %s failed: %s\n# ...%s\n", benches[b].name,
			       strerror(errno), l > 300 ? vlog + l - 300 : vlog);
		}
		if (b == 0) {
			e_int = t_int;
			e_jit = t_jit;
			e_ker = t_ker;
		}
		printf("  %-14s %5u", benches[b].name, cnt);
		cell(b ? net(t_int, e_int) : t_int);
		cell(b ? net(t_jit, e_jit) : t_jit);
		cell(b ? net(t_ker, e_ker) : t_ker);
		if (b && t_ker > 0 && net(t_ker, e_ker) > 0) {
			printf(" %8.2f", net(t_int, e_int) / net(t_ker, e_ker));
			if (t_jit >= 0)
				printf(" %8.2f", net(t_jit, e_jit) / net(t_ker, e_ker));
			else
				printf(" %8s", "n/a");
		} else {
			printf(" %8s %8s", "-", "-");
		}
		printf(" %7u %7u\n", jit_b, ker_b);
		/* The kernel's test_run returns the low 32 bits of r0. */
		if ((t_jit >= 0 && r_jit != r_int) ||
		    (t_ker >= 0 && (u32)r_ker != (u32)r_int)) {
			printf("not ok - %s: results differ: interp 0x%llx jit 0x%llx kernel 0x%llx\n",
			       benches[b].name, (unsigned long long)r_int,
			       (unsigned long long)r_jit, (unsigned long long)r_ker);
			failed = 1;
		}
		bpf_core_prog_free(prog);
		bpf_core_free(insns);
	}
	printf("# ratios > 1: slower than the kernel JIT; empty row: raw per-run cost\n");
	return failed;
}
