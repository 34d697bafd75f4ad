// SPDX-License-Identifier: GPL-2.0
/*
 * What the JIT emits, not only what it computes: exact bytes of small
 * programs (immediates folded, no frame or pushes a program does not
 * need), rel8 branches where they fit and rel32 where they do not, the
 * size gained over the forced-long mode, W^X of the sealed image (from
 * /proc/self/maps), constant blinding, BMI2 use, option validation.
 */
#include <stdint.h>

#include "jit_util.h"

static struct bpf_core_prog *jit_text(const char *text, u32 flags, u64 seed)
{
	struct bpf_core_jit_opts o = { .flags = flags, .blind_seed = seed };
	struct bpf_core_prog *p = load_asm(text);

	if (p && bpf_core_jit_compile(p, &o)) {
		bpf_core_prog_free(p);
		return NULL;
	}
	return p;
}

static bool has_bytes(const struct bpf_core_prog *p, const char *pat,
		      size_t n)
{
	const u8 *img = p->jit_image;
	size_t i;

	for (i = 0; i + n <= p->jit_size; i++)
		if (!memcmp(img + i, pat, n))
			return true;
	return false;
}

static void expect_image(const char *name, const char *text,
			 const char *bytes, size_t n)
{
	struct bpf_core_prog *p = jit_text(text, 0, 0);
	char got[200] = "";
	u32 i;

	if (p)
		for (i = 0; i < p->jit_size && i < 60; i++)
			sprintf(got + 3 * i, "%02x ", ((u8 *)p->jit_image)[i]);
	ok(p && p->jit_size == n && !memcmp(p->jit_image, bytes, n),
	   "%s (got %s)", name, got);
	bpf_core_prog_free(p);
}

static void test_exact_bytes(void)
{
	expect_image("mov r0, 1; exit is mov eax, 1; ret",
		     "mov %r0, 1\nexit", "\xb8\x01\x00\x00\x00\xc3", 6);
	expect_image("no frame, no pushes, imm8 folded",
		     "add %r1, 5\nmov %r0, %r1\nexit",
		     "\x48\x83\xc7\x05\x48\x89\xf8\xc3", 8);
	expect_image("mov + add imm folds into lea",
		     "mov %r0, %r1\nadd %r0, 5\nexit",
		     "\x48\x8d\x47\x05\xc3", 5);
	expect_image("mov + add imm + add reg folds into lea with index",
		     "mov %r2, %r10\nadd %r2, -64\nadd %r2, %r1\n"
		     "ldxdw %r0, [%r2+0]\nexit",
		     "\x55\x48\x89\xe5\x48\x81\xec\x00\x02\x00\x00"
		     "\x48\x8d\x74\x3d\xc0\x48\x8b\x06\xc9\xc3", 21);
	expect_image("lddw of a small value is a 5-byte mov",
		     "lddw %r0, 5\nexit", "\xb8\x05\x00\x00\x00\xc3", 6);
	expect_image("mov64 of a negative imm is sign-extending mov",
		     "mov %r0, -2\nexit",
		     "\x48\xc7\xc0\xfe\xff\xff\xff\xc3", 8);
	expect_image("writing r6 saves rbx only",
		     "mov %r6, %r1\nmov %r0, %r6\nexit",
		     "\x53\x48\x89\xfb\x48\x89\xd8\x5b\xc3", 9);
	expect_image("stack use gives a frame sized to the program",
		     "stdw [%r10-8], 7\nldxdw %r0, [%r10-8]\nexit",
		     "\x55\x48\x89\xe5\x48\x83\xec\x08"
		     "\x48\xc7\x45\xf8\x07\x00\x00\x00"
		     "\x48\x8b\x45\xf8\xc9\xc3", 22);
	expect_image("reading an unwritten r0 zeroes it at entry only",
		     "jeq %r1, 0, out\nmov %r0, 1\nout:\nexit",
		     "\x31\xc0\x48\x85\xff\x74\x05\xb8\x01\x00\x00\x00\xc3",
		     13);
	expect_image("mul by a power of two is a shift, div by one is nothing",
		     "mov %r0, %r1\nmul %r0, 8\ndiv %r0, 1\nexit",
		     "\x48\x89\xf8\x48\xc1\xe0\x03\xc3", 8);
	expect_image("jne r, 0 is test + jnz",
		     "mov %r0, 0\njne %r1, 0, out\nmov %r0, 1\nout:\nexit",
		     "\x31\xc0\x48\x85\xff\x75\x05\xb8\x01\x00\x00\x00\xc3",
		     13);
}

static void test_no_fusion_across_targets(void)
{
	struct bpf_core_prog *p = jit_text("mov %r2, 10\njeq %r1, 0, mid\n"
					   "mov %r2, %r1\nmid:\nadd %r2, 7\n"
					   "mov %r0, %r2\nexit", 0, 0);

	ok(p && p->jit_entry(NULL, 0) == 17 &&
	   p->jit_entry((void *)100, 0) == 107,
	   "no lea fusion over a branch target");
	bpf_core_prog_free(p);
}

static void test_call_depth_checks(void)
{
	struct bpf_core_prog *bounded = jit_text(
		"mov %r1, 4\ncall local f\nexit\nf:\ncall local g\nadd %r0, 1\n"
		"exit\ng:\nmov %r0, %r1\nexit", 0, 0);
	struct bpf_core_prog *rec = jit_text(
		"mov %r1, 4\ncall local f\nexit\nf:\njeq %r1, 0, out\n"
		"sub %r1, 1\ncall local f\nout:\nexit", 0, 0);

	ok(bounded && bounded->jit_entry == bounded->jit_image &&
	   bounded->jit_entry(NULL, 0) == 5 &&
	   bounded->jit_size < 40,
	   "acyclic call graph within the limit: plain calls, no stub (%u bytes)",
	   bounded ? bounded->jit_size : 0);
	ok(rec && rec->jit_entry != rec->jit_image &&
	   has_bytes(rec, "\x41\xff\x44\x24\x04", 5),
	   "recursion: frames counted at run time through the stub");
	bpf_core_prog_free(bounded);
	bpf_core_prog_free(rec);
}

static void test_jump_sizes(void)
{
	const char *fwd = "mov %r0, 1\njeq %r1, 0, out\nmov %r0, 2\nout:\nexit";
	struct bpf_core_prog *s = jit_text(fwd, 0, 0);
	struct bpf_core_prog *l = jit_text(fwd, BPF_CORE_JIT_FORCE_LONG_JUMPS,
					   0);
	struct bpf_core_jit_stats ss = { 0 }, ls = { 0 };
	char text[8192];
	int n, i;
	u64 r;

	if (s)
		bpf_core_jit_get_stats(s, &ss);
	if (l)
		bpf_core_jit_get_stats(l, &ls);
	ok(s && l && ss.short_jumps == 1 && !ss.long_jumps &&
	   ls.long_jumps == 1 && !ls.short_jumps,
	   "short forward jump is rel8, forced-long mode rel32");
	ok(s && l && s->jit_size + 4 == l->jit_size &&
	   has_bytes(s, "\x74\x05", 2) && has_bytes(l, "\x0f\x84", 2),
	   "rel8 jcc (74 05) makes the image 4 bytes smaller (%u vs %u)",
	   s ? s->jit_size : 0, l ? l->jit_size : 0);
	ok(s && l && s->jit_entry(NULL, 0) == 1 && l->jit_entry(NULL, 0) == 1 &&
	   s->jit_entry(&r, 0) == 2 && l->jit_entry(&r, 0) == 2,
	   "both take and skip the branch");
	bpf_core_prog_free(s);
	bpf_core_prog_free(l);

	/* 40 x 10-byte lddw between jump and target: needs rel32 */
	n = snprintf(text, sizeof(text), "mov %%r0, 1\njne %%r1, 0, out\n");
	for (i = 0; i < 40; i++)
		n += snprintf(text + n, sizeof(text) - n,
			      "lddw %%r0, 0x11223344556677%02x\n", i);
	snprintf(text + n, sizeof(text) - n, "out:\nexit\n");
	s = jit_text(text, 0, 0);
	if (s)
		bpf_core_jit_get_stats(s, &ss);
	r = s ? s->jit_entry(NULL, 0) : 0;
	ok(s && ss.long_jumps == 1 && !ss.short_jumps &&
	   r == 0x1122334455667727ULL,
	   "a jump over 400 bytes is rel32 and lands right");
	bpf_core_prog_free(s);

	/*
	 * Jumps that fit only once others shrink: 30 backward/forward
	 * branches over 6-byte moves around the rel8 limit. The sizes must
	 * converge and the results agree with the interpreter in all modes.
	 */
	n = snprintf(text, sizeof(text), "mov %%r0, 0\nmov %%r6, 3\ntop:\n");
	for (i = 0; i < 30; i++)
		n += snprintf(text + n, sizeof(text) - n,
			      "jeq %%r6, %d, l%d\nmov32 %%r2, %d\nmov32 %%r3, %d\n"
			      "mov32 %%r4, %d\nmov32 %%r5, %d\nadd %%r0, %%r2\n"
			      "l%d:\n", 1000 + i, i, i, i, i, i, i);
	snprintf(text + n, sizeof(text) - n,
		 "sub %%r6, 1\njne %%r6, 0, top\nexit\n");
	s = jit_text(text, 0, 0);
	if (s)
		bpf_core_jit_get_stats(s, &ss);
	ok(s && ss.passes >= 3 && ss.short_jumps == 30 && ss.long_jumps == 1,
	   "sizes converge in %u passes: %u short, %u long", ss.passes,
	   ss.short_jumps, ss.long_jumps);
	bpf_core_prog_free(s);
	ju_expect("and the program agrees with the interpreter", text,
		  3 * 435);
}

/* The permissions of the mapping holding addr, from /proc/self/maps. */
static int perms_of(const void *addr, char perms[5])
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi, a = (unsigned long)addr;
	char line[512];
	int found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 &&
		    a >= lo && a < hi) {
			found = 1;
			break;
		}
	fclose(f);
	return found;
}

static void test_wx(void)
{
	struct bpf_core_prog *p = jit_text("mov %r0, 3\nexit", 0, 0);
	char perms[5] = "";

	ok(p && perms_of(p->jit_image, perms) && perms[0] == 'r' &&
	   perms[1] == '-' && perms[2] == 'x',
	   "sealed image is r-x, never writable (%s)", perms);
	bpf_core_prog_free(p);
}

static void test_blinding(void)
{
	const char *text = "mov %r0, 0x5a5a5a5a\nadd %r0, 0x3c3c3c3c\n"
			   "lddw %r2, 0x1122334455667788\nadd %r0, %r2\n"
			   "stw [%r10-4], 0x61626364\nldxw %r3, [%r10-4]\n"
			   "add %r0, %r3\njgt %r0, 0x4b4b4b4b, out\n"
			   "mov %r0, 0\nout:\nexit";
	struct bpf_core_prog *plain = jit_text(text, 0, 0);
	struct bpf_core_prog *b1 = jit_text(text, BPF_CORE_JIT_BLIND, 1);
	struct bpf_core_prog *b2 = jit_text(text, BPF_CORE_JIT_BLIND, 2);
	static const char *const pats[] = {
		"\x5a\x5a\x5a\x5a", "\x3c\x3c\x3c\x3c", "\x88\x77\x66\x55",
		"\x64\x63\x62\x61", "\x4b\x4b\x4b\x4b",
	};
	u64 want = 0x5a5a5a5aULL + 0x3c3c3c3cULL + 0x1122334455667788ULL +
		   0x61626364ULL;
	int in_plain = 0, in_blind = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pats); i++) {
		in_plain += plain && has_bytes(plain, pats[i], 4);
		in_blind += b1 && has_bytes(b1, pats[i], 4);
	}
	ok(in_plain == 5 && in_blind == 0,
	   "blinding hides every immediate (%d of 5 visible unblinded, %d blinded)",
	   in_plain, in_blind);
	ok(b1 && b2 && b1->jit_size == b2->jit_size &&
	   memcmp(b1->jit_image, b2->jit_image, b1->jit_size),
	   "two seeds, two images of one size");
	ok(plain && b1 && b2 && plain->jit_entry(NULL, 0) == want &&
	   b1->jit_entry(NULL, 0) == want && b2->jit_entry(NULL, 0) == want,
	   "blinded and plain images compute the same");
	bpf_core_prog_free(plain);
	bpf_core_prog_free(b1);
	bpf_core_prog_free(b2);
}

static void test_bmi2_and_opts(void)
{
	const char *text = "mov %r0, %r1\nmov %r2, 3\nlsh %r0, %r2\nexit";
	struct bpf_core_prog *d = jit_text(text, 0, 0);
	struct bpf_core_prog *n = jit_text(text, BPF_CORE_JIT_NO_BMI2, 0);
	struct bpf_core_jit_stats ds = { 0 }, ns = { 0 };
	struct bpf_core_jit_opts bad = { .flags = 0x80 };
	struct bpf_core_prog *p = load_asm("mov %r0, 0\nexit");
	bool bmi2 = bpf_core_jit_cpu_has_bmi2();

	if (d)
		bpf_core_jit_get_stats(d, &ds);
	if (n)
		bpf_core_jit_get_stats(n, &ns);
	ok(d && n && ds.used_bmi2 == bmi2 && !ns.used_bmi2 &&
	   has_bytes(n, "\x48\xd3\xe0", 3) &&
	   (!bmi2 || has_bytes(d, "\xc4\xe2\xc9\xf7\xc0", 5)),
	   "shift by register: shlx with BMI2 (cpu has it: %d), shl cl without",
	   bmi2);
	ok(d && n && d->jit_entry((void *)5, 0) == 40 &&
	   n->jit_entry((void *)5, 0) == 40, "both shift right");
	ok(p && bpf_core_jit_compile(p, &bad) == -EINVAL && !p->jit_image,
	   "unknown JIT flags are rejected");
	ok(p && !bpf_core_jit_compile(p, NULL) &&
	   p->jit_entry == p->jit_image && !bpf_core_jit_compile(p, NULL) &&
	   p->jit_entry(NULL, 0) == 0,
	   "no calls: no entry stub; recompiling replaces the image");
	bpf_core_prog_free(d);
	bpf_core_prog_free(n);
	bpf_core_prog_free(p);
}

int main(void)
{
	test_exact_bytes();
	test_no_fusion_across_targets();
	test_call_depth_checks();
	test_jump_sizes();
	test_wx();
	test_blinding();
	test_bmi2_and_opts();
	return tap_done();
}
