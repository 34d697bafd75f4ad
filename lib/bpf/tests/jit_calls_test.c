// SPDX-License-Identifier: GPL-2.0
/*
 * JIT calls: helpers with five arguments through the table, registers and
 * stack preserved across helpers, callx, bpf-to-bpf calls with real frames
 * (8 deep, and the frame limit past that), recursion, tail calls (the 33
 * limit, a chain of programs, a miss, a tail call from a subprogram), and
 * a subprogram's address taken with lddw and called back from C.
 * Everything but the last also runs on the interpreter and must agree.
 */
#include "jit_util.h"

static u64 h_weigh(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e;
}

/* Uses every caller-saved register the compiler likes, and the stack. */
static u64 h_churn(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	volatile u64 buf[32];
	u64 s = 0;
	int i;

	for (i = 0; i < 32; i++)
		buf[i] = a * i + b - c + (d ^ e);
	for (i = 0; i < 32; i++)
		s += buf[i] * (u64)(i + 1);
	return s;
}

static u64 h_callback(u64 fn, u64 arg, u64 c, u64 d, u64 e)
{
	u64 (*f)(u64, u64) = (u64 (*)(u64, u64))(unsigned long)fn;

	(void)c; (void)d; (void)e;
	return f(arg, 3) + 1;
}

static const bpf_core_helper_fn helpers[8] = {
	[1] = h_weigh, [2] = h_churn, [3] = h_callback,
};

struct tmap {
	const struct bpf_core_prog *progs[4];
};

static const struct bpf_core_prog *lookup(void *map, u32 index)
{
	struct tmap *m = map;

	return index < 4 ? m->progs[index] : NULL;
}

static struct tmap tmap;

static const struct bpf_core_load_opts lopts = {
	.helpers = helpers, .nr_helpers = 8,
	.flags = BPF_CORE_LOAD_ALLOW_CALLX,
	.tail_call_lookup = lookup,
};

static void expect(const char *name, const char *text, u64 want)
{
	ju_check_opts(name, text, NULL, &lopts, 1, want);
}

static void test_helpers(void)
{
	char text[512];

	expect("helper with 5 distinct arguments",
	       "mov %r1, 1\nmov %r2, 0x100\nmov %r3, 0x10000\n"
	       "mov %r4, 0x1000000\nlddw %r5, 0x100000000\ncall helper 1\nexit",
	       1 + 2 * 0x100 + 3 * 0x10000 + 4 * 0x1000000 +
	       5 * 0x100000000ULL);
	expect("r6..r9 and the stack survive a helper",
	       "mov %r6, 6\nmov %r7, 7\nmov %r8, 8\nmov %r9, 9\n"
	       "stdw [%r10-8], 10\nstdw [%r10-512], 11\n"
	       "mov %r1, 3\nmov %r2, 4\nmov %r3, 5\nmov %r4, 6\nmov %r5, 7\n"
	       "call helper 2\nmov %r0, %r6\nadd %r0, %r7\nadd %r0, %r8\n"
	       "add %r0, %r9\nldxdw %r1, [%r10-8]\nadd %r0, %r1\n"
	       "ldxdw %r1, [%r10-512]\nadd %r0, %r1\nexit", 51);
	expect("helper result is r0 (64-bit)",
	       "lddw %r1, 0x123456789a\nmov %r2, 0\nmov %r3, 0\nmov %r4, 0\n"
	       "mov %r5, 0\ncall helper 1\nexit", 0x123456789aULL);
	snprintf(text, sizeof(text),
		 "mov %%r1, 2\nmov %%r2, 3\nmov %%r3, 0\nmov %%r4, 0\n"
		 "mov %%r5, 0\nmov %%r6, 1\ncallx %%r6\nmov %%r7, %%r0\n"
		 "mov %%r6, 7\ncallx %%r6\nadd %%r7, %%r0\nmov %%r6, 1000\n"
		 "callx %%r6\nadd %%r0, %%r7\nexit");
	expect("callx: valid id, empty slot and out-of-range id", text, 8);
}

/* main -> f1 -> ... -> f(frames - 1), each with its own stack slot. */
static void chain(int frames, char *text, size_t len)
{
	int n = 0, k;

	n += snprintf(text + n, len - n,
		      "mov %%r6, 1\nstdw [%%r10-8], 100\ncall local f1\n"
		      "ldxdw %%r2, [%%r10-8]\nadd %%r0, %%r2\nadd %%r0, %%r6\n"
		      "exit\n");
	for (k = 1; k < frames - 1; k++)
		n += snprintf(text + n, len - n,
			      "f%d:\nstdw [%%r10-8], %d\nmov %%r6, %d\n"
			      "call local f%d\nldxdw %%r2, [%%r10-8]\n"
			      "add %%r0, %%r2\nadd %%r0, %%r6\nexit\n",
			      k, k, 10 * k, k + 1);
	snprintf(text + n, len - n, "f%d:\nmov %%r0, 1000\nexit\n",
		 frames - 1);
}

static void test_local_calls(void)
{
	char text[4096];

	chain(8, text, sizeof(text));
	/* 1000 + sum(k + 10k, k = 1..6) + 100 + 1 */
	expect("nested calls 8 frames deep, per-frame stacks, r6 kept",
	       text, 1000 + 11 * 21 + 101);
	chain(9, text, sizeof(text));
	expect("a 9th frame aborts the run with r0 = 0", text, 0);
	chain(2, text, sizeof(text));
	expect("one local call", text, 1101);
	expect("recursion: sum(6) in 8 frames",
	       "mov %r1, 6\ncall local sum\nexit\n"
	       "sum:\njeq %r1, 0, base\nmov %r6, %r1\nsub %r1, 1\n"
	       "call local sum\nadd %r0, %r6\nexit\nbase:\nmov %r0, 0\nexit",
	       21);
	expect("recursion past the frame limit returns 0",
	       "mov %r1, 7\ncall local sum\nadd %r0, 5\nexit\n"
	       "sum:\njeq %r1, 0, base\nmov %r6, %r1\nsub %r1, 1\n"
	       "call local sum\nadd %r0, %r6\nexit\nbase:\nmov %r0, 0\nexit",
	       0);
	expect("arguments r1..r5 reach the callee, helper inside",
	       "mov %r1, 1\nmov %r2, 2\nmov %r3, 3\nmov %r4, 4\nmov %r5, 5\n"
	       "call local f\nadd %r0, 1\nexit\n"
	       "f:\ncall helper 1\nexit", 56);
}

static struct bpf_core_prog *load(const char *text)
{
	char err[256];
	struct bpf_core_prog *p = load_asm_opts(text, &lopts, err,
						sizeof(err));

	if (!p)
		printf("# load: %s\n", err);
	return p;
}

/* Load text with MAP replaced by &tmap. */
static struct bpf_core_prog *load_map(const char *fmt)
{
	char text[2048];

	snprintf(text, sizeof(text), fmt,
		 (unsigned long long)(unsigned long)&tmap);
	return load(text);
}

static void run_tail(const char *name, struct bpf_core_prog *entry,
		     u64 want_r0, u64 want_mem0)
{
	u64 mi[JU_MEM / 8] = { 0 }, mj[JU_MEM / 8] = { 0 };
	u64 ri, rj = 0;
	size_t m;
	int good;

	ri = bpf_core_interp_run(entry, mi, JU_MEM);
	good = ri == want_r0 && mi[0] == want_mem0;
	for (m = 0; m < JU_NMODES && good; m++) {
		int k, ret = 0;

		for (k = 0; k < 4; k++)
			if (tmap.progs[k])
				ret |= ju_compile((struct bpf_core_prog *)
						  tmap.progs[k], ju_modes[m]);
		ret |= ju_compile(entry, ju_modes[m]);
		memset(mj, 0, sizeof(mj));
		rj = ret ? ~0ULL : entry->jit_entry(mj, JU_MEM);
		good = !ret && rj == ri && !memcmp(mi, mj, sizeof(mi));
		if (!good)
			printf("# mode %#x: jit r0 %#llx [0] %llu\n", ju_modes[m],
			       (unsigned long long)rj,
			       (unsigned long long)mj[0]);
	}
	ok(good, "%s (interp r0 %#llx, runs %llu)", name,
	   (unsigned long long)ri, (unsigned long long)mi[0]);
}

static void test_tail_calls(void)
{
	struct bpf_core_prog *self, *a, *b, *c, *miss, *sub;

	/* Counts its runs in ctx[0], then tail-calls itself. */
	self = load_map("mov %%r6, %%r1\nldxdw %%r0, [%%r1+0]\nadd %%r0, 1\n"
			"stxdw [%%r1+0], %%r0\nmov %%r0, 0x77\n"
			"lddw %%r2, %#llx\nmov %%r3, 0\ncall helper 12\n"
			"ldxdw %%r1, [%%r6+0]\nadd %%r0, %%r1\nexit");
	memset(&tmap, 0, sizeof(tmap));
	tmap.progs[0] = self;
	if (self)
		run_tail("tail calls stop after 33: 34 runs, r0 kept on the miss",
			 self, 0x77 + 34, 34);
	else
		ok(0, "tail call program loads");

	/*
	 * a -> b -> c, each with its own use of stack and r6..r9. As in the
	 * kernel, a tail call target starts with only r1 and r10 defined
	 * (the interpreter keeps the others, the JIT does not), so c reads
	 * none of them.
	 */
	c = load("stdw [%r10-8], 40\nldxdw %r0, [%r10-8]\n"
		 "ldxdw %r2, [%r1+0]\nadd %r2, 100\nstxdw [%r1+0], %r2\nexit");
	b = load_map("mov %%r6, 2\nmov %%r9, 5\nstdw [%%r10-16], 9\n"
		     "ldxdw %%r2, [%%r1+0]\nadd %%r2, 10\nstxdw [%%r1+0], %%r2\n"
		     "lddw %%r2, %#llx\nmov %%r3, 2\ncall helper 12\n"
		     "mov %%r0, 999\nexit");
	a = load_map("mov %%r7, 3\nstdw [%%r1+0], 1\n"
		     "lddw %%r2, %#llx\nmov %%r3, 1\ncall helper 12\n"
		     "mov %%r0, 998\nexit");
	miss = load_map("mov %%r0, 5\nlddw %%r2, %#llx\nmov %%r3, 3\n"
			"call helper 12\nadd %%r0, 1\nexit");
	sub = load_map("mov %%r6, 1\ncall local f\nadd %%r0, %%r6\nexit\n"
		       "f:\nmov %%r6, 50\nlddw %%r2, %#llx\nmov %%r3, 2\n"
		       "call helper 12\nmov %%r0, 997\nexit");
	memset(&tmap, 0, sizeof(tmap));
	tmap.progs[1] = b;
	tmap.progs[2] = c;
	if (a && b && c && miss && sub) {
		run_tail("tail call chain a -> b -> c", a, 40, 111);
		run_tail("tail call miss falls through with r0 kept", miss,
			 6, 0);
		run_tail("tail call from a subprogram returns to its caller",
			 sub, 40 + 1, 100);
	} else {
		ok(0, "tail call programs load");
	}
	bpf_core_prog_free(self);
	bpf_core_prog_free(a);
	bpf_core_prog_free(b);
	bpf_core_prog_free(c);
	bpf_core_prog_free(miss);
	bpf_core_prog_free(sub);
}

static void test_callback(void)
{
	/* lddw r1, <subprog f> (src 4, pc-relative), r2 = 10, call helper 3
	 * which calls f(10, 3) from C; f returns r1 * r2 + 1.
	 */
	struct bpf_core_prog *p = load(
		".insn 0x18, 1, 4, 0, 5\n.insn 0, 0, 0, 0, 0\n"
		"mov %r2, 10\ncall helper 3\nadd %r0, 100\nexit\n"
		"f:\nmov %r0, %r1\nmul %r0, %r2\nadd %r0, 1\nexit");
	u64 r0 = 0;
	int ret = -1;

	if (p) {
		ret = bpf_core_jit_compile(p, NULL);
		if (!ret)
			r0 = p->jit_entry(NULL, 0);
	}
	ok(p && !ret && r0 == 10 * 3 + 1 + 1 + 100,
	   "lddw of a subprogram gives a C-callable entry (r0 %llu)",
	   (unsigned long long)r0);
	bpf_core_prog_free(p);
}

int main(void)
{
	test_helpers();
	test_local_calls();
	test_tail_calls();
	test_callback();
	return tap_done();
}
