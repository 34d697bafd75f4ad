// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time extractor of the kernel's verifier selftests.
 *
 * tools/testing/selftests/bpf/verifier/ (an installed linux-source tree,
 * never copied into ours) holds C initializer fragments of struct
 * bpf_test. This file gives them a struct with the same member names and
 * the kernel's own instruction macros (tools/include/linux/filter.h), and
 * the generated header verifier_kcases_list.h includes every fragment
 * into its own array. Running the result dumps each case as text for
 * verifier_kcases (the runner) to read. Userspace build tool only.
 */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdbool.h>
#include <limits.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <linux/if_ether.h>
#include <linux/btf.h>
#include <linux/filter.h>

#include "test_btf.h"

/* Values and types the fragments refer to (see test_verifier.c). */
#define MAX_INSNS		BPF_MAXINSNS
#define MAX_EXPECTED_INSNS	32
#define MAX_FIXUPS		8
#define MAX_TEST_RUNS		8
#define POINTER_VALUE		0xcafe4all
#define TEST_DATA_LEN		64
#define MAX_FUNC_INFOS		8
#define MAX_BTF_STRINGS		256
#define MAX_BTF_TYPES		256
#define INSN_OFF_MASK		((__s16)0xFFFF)
#define INSN_IMM_MASK		((__s32)0xFFFFFFFF)
#define SKIP_INSNS()		BPF_RAW_INSN(0xde, 0xa, 0xd, 0xbeef, 0xdeadbeef)
#define F_NEEDS_EFFICIENT_UNALIGNED_ACCESS	(1 << 0)
#define F_LOAD_WITH_STRICT_ALIGNMENT		(1 << 1)
#define MAX_ENTRIES		11

#ifndef offsetofend
#define offsetofend(T, m)	(offsetof(T, m) + sizeof(((T *)0)->m))
#endif

struct test_val {
	unsigned int index;
	int foo[MAX_ENTRIES];
};

struct other_val {
	long long foo;
	long long bar;
};

struct kfunc_btf_id_pair {
	const char *kfunc;
	int insn_idx;
};

struct bpf_test;
typedef void (*fill_fn)(struct bpf_test *self);

struct bpf_test {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	struct bpf_insn expected_insns[MAX_EXPECTED_INSNS];
	struct bpf_insn unexpected_insns[MAX_EXPECTED_INSNS];
	int fixup_map_hash_8b[MAX_FIXUPS];
	int fixup_map_hash_48b[MAX_FIXUPS];
	int fixup_map_hash_16b[MAX_FIXUPS];
	int fixup_map_array_48b[MAX_FIXUPS];
	int fixup_map_sockmap[MAX_FIXUPS];
	int fixup_map_sockhash[MAX_FIXUPS];
	int fixup_map_xskmap[MAX_FIXUPS];
	int fixup_map_stacktrace[MAX_FIXUPS];
	int fixup_prog1[MAX_FIXUPS];
	int fixup_prog2[MAX_FIXUPS];
	int fixup_map_in_map[MAX_FIXUPS];
	int fixup_cgroup_storage[MAX_FIXUPS];
	int fixup_percpu_cgroup_storage[MAX_FIXUPS];
	int fixup_map_spin_lock[MAX_FIXUPS];
	int fixup_map_array_ro[MAX_FIXUPS];
	int fixup_map_array_wo[MAX_FIXUPS];
	int fixup_map_array_small[MAX_FIXUPS];
	int fixup_sk_storage_map[MAX_FIXUPS];
	int fixup_map_event_output[MAX_FIXUPS];
	int fixup_map_reuseport_array[MAX_FIXUPS];
	int fixup_map_ringbuf[MAX_FIXUPS];
	int fixup_map_timer[MAX_FIXUPS];
	int fixup_map_kptr[MAX_FIXUPS];
	struct kfunc_btf_id_pair fixup_kfunc_btf_id[MAX_FIXUPS];
	const char *errstr;
	const char *errstr_unpriv;
	uint32_t insn_processed;
	int prog_len;
	enum { UNDEF, ACCEPT, REJECT, VERBOSE_ACCEPT } result, result_unpriv;
	enum bpf_prog_type prog_type;
	uint8_t flags;
	fill_fn fill_helper;
	int runs;
	union {
		struct {
			uint32_t retval, retval_unpriv;
			union {
				__u8 data[TEST_DATA_LEN];
				__u64 data64[TEST_DATA_LEN / 8];
			};
		};
		struct {
			uint32_t retval, retval_unpriv;
			union {
				__u8 data[TEST_DATA_LEN];
				__u64 data64[TEST_DATA_LEN / 8];
			};
		} retvals[MAX_TEST_RUNS];
	};
	enum bpf_attach_type expected_attach_type;
	const char *kfunc;
	struct bpf_func_info func_info[MAX_FUNC_INFOS];
	int func_info_cnt;
	char btf_strings[MAX_BTF_STRINGS];
	__u32 btf_types[MAX_BTF_TYPES];
};

/*
 * Programs test_verifier generates at run time (fill_helper): they have no
 * instructions here, and the runner leaves them out of scope.
 */
static void generated_at_runtime(struct bpf_test *self)
{
	(void)self;
}

#define bpf_fill_big_prog_with_loop_1	generated_at_runtime
#define bpf_fill_jump_around_ld_abs	generated_at_runtime
#define bpf_fill_ld_abs_vlan_push_pop	generated_at_runtime
#define bpf_fill_rand_ld_dw		generated_at_runtime
#define bpf_fill_scale			generated_at_runtime
#define bpf_fill_torturous_jumps	generated_at_runtime

struct kfile {
	const char *name;
	const struct bpf_test *tests;
	size_t n;
};

/* Instruction-sequence macros, taken from test_verifier.c at build time. */
#include "verifier_kmacros.h"
#include "verifier_kcases_list.h"

static void put_str(FILE *f, const char *tag, const char *s)
{
	fprintf(f, "%s ", tag);
	for (; s && *s; s++) {
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
	fputc('\n', f);
}

static int prog_len(const struct bpf_test *t)
{
	int len;

	if (t->prog_len)
		return t->prog_len;
	for (len = MAX_INSNS - 1; len > 0; --len)
		if (t->insns[len].code != 0 || t->insns[len].imm != 0)
			break;
	return len + 1;
}

static void put_fixups(FILE *f, const char *kind, const int *idx)
{
	int i;

	for (i = 0; i < MAX_FIXUPS && idx[i]; i++)
		fprintf(f, "fix %s %d\n", kind, idx[i]);
}

static void dump(FILE *f, const char *file, int n, const struct bpf_test *t)
{
	int i, len = prog_len(t);

	fprintf(f, "case %s %d %d %d %d %u %d %d\n", file, n, (int)t->prog_type,
		(int)t->result, (int)t->result_unpriv, t->flags,
		t->fill_helper != NULL,
		t->kfunc || t->fixup_kfunc_btf_id[0].kfunc || t->func_info_cnt ||
		t->btf_types[0]);
	put_str(f, "desc", t->descr);
	put_str(f, "err", t->errstr);
	put_fixups(f, "hash_8b", t->fixup_map_hash_8b);
	put_fixups(f, "hash_48b", t->fixup_map_hash_48b);
	put_fixups(f, "hash_16b", t->fixup_map_hash_16b);
	put_fixups(f, "array_48b", t->fixup_map_array_48b);
	put_fixups(f, "sockmap", t->fixup_map_sockmap);
	put_fixups(f, "sockhash", t->fixup_map_sockhash);
	put_fixups(f, "xskmap", t->fixup_map_xskmap);
	put_fixups(f, "stacktrace", t->fixup_map_stacktrace);
	put_fixups(f, "prog1", t->fixup_prog1);
	put_fixups(f, "prog2", t->fixup_prog2);
	put_fixups(f, "map_in_map", t->fixup_map_in_map);
	put_fixups(f, "cgroup_storage", t->fixup_cgroup_storage);
	put_fixups(f, "percpu_cgroup_storage", t->fixup_percpu_cgroup_storage);
	put_fixups(f, "spin_lock", t->fixup_map_spin_lock);
	put_fixups(f, "array_ro", t->fixup_map_array_ro);
	put_fixups(f, "array_wo", t->fixup_map_array_wo);
	put_fixups(f, "array_small", t->fixup_map_array_small);
	put_fixups(f, "sk_storage", t->fixup_sk_storage_map);
	put_fixups(f, "event_output", t->fixup_map_event_output);
	put_fixups(f, "reuseport", t->fixup_map_reuseport_array);
	put_fixups(f, "ringbuf", t->fixup_map_ringbuf);
	put_fixups(f, "timer", t->fixup_map_timer);
	put_fixups(f, "kptr", t->fixup_map_kptr);
	for (i = 0; i < len; i++)
		fprintf(f, "insn %u %u %u %d %d\n", t->insns[i].code,
			t->insns[i].dst_reg, t->insns[i].src_reg, t->insns[i].off,
			t->insns[i].imm);
	fputs("end\n", f);
}

int main(int argc, char **argv)
{
	FILE *f = stdout;
	size_t i, j, total = 0;

	if (argc > 1) {
		f = fopen(argv[1], "w");
		if (!f) {
			perror(argv[1]);
			return 1;
		}
	}
	for (i = 0; i < sizeof(kfiles) / sizeof(kfiles[0]); i++) {
		for (j = 0; j < kfiles[i].n; j++)
			dump(f, kfiles[i].name, (int)j, &kfiles[i].tests[j]);
		total += kfiles[i].n;
	}
	if (f != stdout && fclose(f))
		return 1;
	fprintf(stderr, "verifier_kextract: %zu cases from %zu files\n", total,
		sizeof(kfiles) / sizeof(kfiles[0]));
	return 0;
}
