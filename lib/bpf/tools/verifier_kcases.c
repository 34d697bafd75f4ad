// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the kernel's verifier selftests (extracted at build time by
 * verifier_kextract from the installed linux-source) through our verifier.
 *
 *   verifier_kcases CASES.txt [--tap] [-v] [--min-agree PCT] [--seeds DIR]
 *                   [--allow-uninit-stack] [--unpriv]
 *
 * --unpriv checks the socket-filter cases with unprivileged rules against
 * the kernel's unprivileged verdict (result_unpriv, else result).
 *
 * Prints a per-file breakdown, what was filtered out and why, and ends
 * with "verifier: in scope N, agree A, unsafe accepts U". An unsafe accept
 * is a case the kernel rejects (as root) that we accept; any makes the run
 * fail. --seeds writes every in-scope program as a fuzzer seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bpf_core.h"
#include "verifier.h"

#define MAX_CASE_INSNS	4096
#define KACCEPT		1
#define KREJECT		2
#define KVERBOSE_ACCEPT	3

struct mapkind {
	const char *name;
	struct bpf_core_map_desc desc;
	bool supported;
};

/* The maps test_verifier creates for each fixup kind (test_verifier.c). */
static const struct mapkind kinds[] = {
	{ "hash_8b", { BPF_CORE_MAP_HASH, 8, 8, 1, 0 }, true },
	{ "hash_48b", { BPF_CORE_MAP_HASH, 8, 48, 1, 0 }, true },
	{ "hash_16b", { BPF_CORE_MAP_HASH, 8, 16, 1, 0 }, true },
	{ "array_48b", { BPF_CORE_MAP_ARRAY, 4, 48, 1, 0 }, true },
	{ "prog1", { BPF_CORE_MAP_PROG_ARRAY, 4, 4, 4, 0 }, true },
	{ "prog2", { BPF_CORE_MAP_PROG_ARRAY, 4, 4, 8, 0 }, true },
	{ "stacktrace", { BPF_CORE_MAP_STACK_TRACE, 4, 8, 1, 0 }, true },
	{ "array_ro", { BPF_CORE_MAP_ARRAY, 4, 48, 1, BPF_CORE_MAP_F_RDONLY_PROG }, true },
	{ "array_wo", { BPF_CORE_MAP_ARRAY, 4, 48, 1, BPF_CORE_MAP_F_WRONLY_PROG }, true },
	{ "array_small", { BPF_CORE_MAP_ARRAY, 4, 1, 1, 0 }, true },
	{ "event_output", { BPF_CORE_MAP_PERF_EVENT_ARRAY, 4, 4, 1, 0 }, true },
	{ "ringbuf", { BPF_CORE_MAP_RINGBUF, 0, 0, 4096, 0 }, true },
	{ "sockmap", { 0 }, false },
	{ "sockhash", { 0 }, false },
	{ "xskmap", { 0 }, false },
	{ "map_in_map", { 0 }, false },
	{ "cgroup_storage", { 0 }, false },
	{ "percpu_cgroup_storage", { 0 }, false },
	{ "spin_lock", { 0 }, false },
	{ "sk_storage", { 0 }, false },
	{ "reuseport", { 0 }, false },
	{ "timer", { 0 }, false },
	{ "kptr", { 0 }, false },
};

#define FD_BASE 100


struct kcase {
	char file[64];
	char desc[256];
	char err[512];
	int idx, prog_type, result, result_unpriv, generated, btf;
	unsigned int flags;
	u32 n;
	char scope[96];		/* empty: in scope, else why not */
	struct bpf_core_insn insns[MAX_CASE_INSNS];	/* last: not cleared */
};

/*
 * Kernel rejections reviewed as imprecision of the 6.1 verifier, not
 * safety: we accept these and say so, and they are not counted as unsafe.
 */
static const struct {
	const char *file;
	int idx;
	const char *why;
} reviewed[] = {
	{ "bounds_mix_sign_unsign", 10,
	  "the access is dead code: `if 0 > r1` (unsigned) is never taken; "
	  "6.1 does not decide a branch whose constant is the left operand" },
};

static const char *reviewed_why(const struct kcase *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reviewed); i++)
		if (!strcmp(reviewed[i].file, c->file) && reviewed[i].idx == c->idx)
			return reviewed[i].why;
	return NULL;
}

struct filestat {
	char name[64];
	int total, scope, agree, unsafe, false_rej, errmatch;
};

static struct filestat files[128];
static int nfiles;

struct reason {
	char text[96];
	int n;
};

static struct reason reasons[64];
static int nreasons;

static void add_reason(const char *r)
{
	int i;

	for (i = 0; i < nreasons; i++)
		if (!strcmp(reasons[i].text, r)) {
			reasons[i].n++;
			return;
		}
	if (nreasons < (int)ARRAY_SIZE(reasons)) {
		snprintf(reasons[nreasons].text, sizeof(reasons[0].text), "%s", r);
		reasons[nreasons++].n = 1;
	}
}

static struct filestat *file_stat(const char *name)
{
	int i;

	for (i = 0; i < nfiles; i++)
		if (!strcmp(files[i].name, name))
			return &files[i];
	snprintf(files[nfiles].name, sizeof(files[0].name), "%s", name);
	return &files[nfiles++];
}

static void unescape(char *dst, size_t len, const char *s)
{
	size_t o = 0;

	for (; *s && *s != '\n' && o + 1 < len; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			dst[o++] = *s == 'n' ? '\n' : (*s == 't' ? '\t' : *s);
		} else {
			dst[o++] = *s;
		}
	}
	dst[o] = '\0';
}

static int map_by_fd(void *priv, s32 fd, struct bpf_core_map_desc *d)
{
	(void)priv;
	if (fd < FD_BASE || fd >= FD_BASE + (s32)ARRAY_SIZE(kinds) ||
	    !kinds[fd - FD_BASE].supported)
		return -EBADF;
	*d = kinds[fd - FD_BASE].desc;
	return 0;
}

static void set_scope(struct kcase *c, const char *fmt, int arg)
{
	if (!c->scope[0])
		snprintf(c->scope, sizeof(c->scope), fmt, arg);
}

static void apply_fixup(struct kcase *c, const char *kind, int at)
{
	size_t k;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		if (strcmp(kinds[k].name, kind))
			continue;
		if (!kinds[k].supported) {
			char buf[96];

			snprintf(buf, sizeof(buf), "map kind %s", kind);
			if (!c->scope[0])
				snprintf(c->scope, sizeof(c->scope), "%s", buf);
			return;
		}
		if (at >= 0 && (u32)at < c->n)
			c->insns[at].imm = FD_BASE + (int)k;
		return;
	}
	set_scope(c, "unknown map kind", 0);
}

/* Program types, helpers and features we support; else why not. */
static void check_scope(struct kcase *c)
{
	u32 i;

	if (c->generated)
		set_scope(c, "program generated at run time", 0);
	if (c->btf)
		set_scope(c, "needs BTF or kfuncs", 0);
	if (c->flags & 2)
		set_scope(c, "strict alignment flag", 0);
	if (c->flags & ~3U)
		set_scope(c, "load flag 0x%x (sleepable/state freq)", (int)c->flags);
	switch (c->prog_type) {
	case BPF_CORE_PROG_SOCKET_FILTER: case BPF_CORE_PROG_KPROBE:
	case BPF_CORE_PROG_TRACEPOINT: case BPF_CORE_PROG_RAW_TRACEPOINT:
		break;
	default:
		set_scope(c, "prog type %d", c->prog_type);
	}
	for (i = 0; i < c->n; i++) {
		const struct bpf_core_insn *in = &c->insns[i];
		u8 cls = BPF_CORE_CLASS(in->code);

		if (cls == BPF_CORE_LD && (BPF_CORE_MODE(in->code) == BPF_CORE_ABS ||
					   BPF_CORE_MODE(in->code) == BPF_CORE_IND))
			set_scope(c, "ld_abs/ld_ind", 0);
		if (in->code == (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW)) {
			if (in->src_reg > BPF_CORE_PSEUDO_MAP_VALUE)
				set_scope(c, "lddw pseudo source %d", in->src_reg);
			i++;
			continue;
		}
		/* Encodings newer than 6.1 (ISA v4): the kernel cannot judge them. */
		if ((cls == BPF_CORE_ALU64 && BPF_CORE_OP(in->code) == BPF_CORE_END) ||
		    (cls == BPF_CORE_LDX && BPF_CORE_MODE(in->code) == BPF_CORE_MEMSX) ||
		    ((cls == BPF_CORE_ALU || cls == BPF_CORE_ALU64) && in->off &&
		     (BPF_CORE_OP(in->code) == BPF_CORE_MOV ||
		      BPF_CORE_OP(in->code) == BPF_CORE_DIV ||
		      BPF_CORE_OP(in->code) == BPF_CORE_MOD)) ||
		    (cls == BPF_CORE_JMP32 && BPF_CORE_OP(in->code) == BPF_CORE_JA))
			set_scope(c, "ISA v4 encoding (newer than 6.1)", 0);
		if (in->code == (BPF_CORE_JMP | BPF_CORE_CALL)) {
			if (in->src_reg == BPF_CORE_CALL_KFUNC)
				set_scope(c, "kfunc call", 0);
			else if (in->src_reg == BPF_CORE_CALL_HELPER &&
				 !bpf_core_helper_proto(in->imm))
				set_scope(c, "helper %d", in->imm);
		}
	}
}

static int parse(FILE *f, struct kcase *c)
{
	char line[1024];
	int a, b, d, e, g;
	unsigned int fl;

	memset(c, 0, offsetof(struct kcase, insns));
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "case ", 5)) {
			if (sscanf(line + 5, "%63s %d %d %d %d %u %d %d", c->file,
				   &c->idx, &c->prog_type, &c->result,
				   &c->result_unpriv, &fl, &c->generated,
				   &c->btf) != 8)
				return -1;
			c->flags = fl;
			if (!c->prog_type)
				c->prog_type = BPF_CORE_PROG_SOCKET_FILTER;
		} else if (!strncmp(line, "desc ", 5)) {
			unescape(c->desc, sizeof(c->desc), line + 5);
		} else if (!strncmp(line, "err ", 4)) {
			unescape(c->err, sizeof(c->err), line + 4);
		} else if (!strncmp(line, "insn ", 5)) {
			if (sscanf(line + 5, "%d %d %d %d %d", &a, &b, &d, &e, &g) != 5 ||
			    c->n >= MAX_CASE_INSNS)
				return -1;
			c->insns[c->n].code = (u8)a;
			c->insns[c->n].dst_reg = (u8)b;
			c->insns[c->n].src_reg = (u8)d;
			c->insns[c->n].off = (s16)e;
			c->insns[c->n].imm = (s32)g;
			c->n++;
		} else if (!strncmp(line, "end", 3)) {
			return 1;
		}
	}
	return 0;
}

/* Fixup lines precede the instructions: apply them in a second pass. */
static int parse_case(FILE *f, struct kcase *c)
{
	long pos = ftell(f);
	int ret;
	char line[1024], kind[64];
	int at;

	ret = parse(f, c);
	if (ret <= 0)
		return ret;
	/* Second pass over this record's fixups now that insns are known. */
	if (fseek(f, pos, SEEK_SET))
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "fix ", 4) &&
		    sscanf(line + 4, "%63s %d", kind, &at) == 2)
			apply_fixup(c, kind, at);
		if (!strncmp(line, "end", 3))
			break;
	}
	return 1;
}

/* Does every tab-separated part of want appear in the log? */
static bool err_matches(const char *want, const char *log)
{
	char part[512];
	const char *p = want;

	while (*p) {
		size_t n = strcspn(p, "\t");

		if (n >= sizeof(part))
			n = sizeof(part) - 1;
		memcpy(part, p, n);
		part[n] = '\0';
		if (n && !strstr(log, part))
			return false;
		p += n;
		if (*p)
			p++;
	}
	return true;
}

static char logbuf[1 << 20];

int main(int argc, char **argv)
{
	const char *path = NULL, *seeds = NULL;
	bool tap = false, verbose = false;
	double min_agree = 0;
	u32 vflags = 0;
	int i, total = 0, scope = 0, agree = 0, unsafe = 0, false_rej = 0;
	int errmatch = 0, kernel_rej = 0, n = 0, nreviewed = 0;
	struct kcase *c = malloc(sizeof(*c));
	FILE *f;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--tap"))
			tap = true;
		else if (!strcmp(argv[i], "--unpriv"))
			vflags |= BPF_CORE_VERIFY_UNPRIV;
		else if (!strcmp(argv[i], "--allow-uninit-stack"))
			vflags |= BPF_CORE_VERIFY_ALLOW_UNINIT_STACK;
		else if (!strcmp(argv[i], "-v"))
			verbose = true;
		else if (!strcmp(argv[i], "--min-agree") && i + 1 < argc)
			min_agree = atof(argv[++i]);
		else if (!strcmp(argv[i], "--seeds") && i + 1 < argc)
			seeds = argv[++i];
		else
			path = argv[i];
	}
	if (!path || !c) {
		fprintf(stderr, "usage: %s CASES.txt [--tap] [-v] [--min-agree PCT] [--seeds DIR]\n",
			argv[0]);
		return 2;
	}
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 2;
	}
	if (seeds)
		mkdir(seeds, 0755);
	while (parse_case(f, c) > 0) {
		struct filestat *fs = file_stat(c->file);
		struct bpf_core_verify_env env = {
			.prog_type = (u32)c->prog_type,
			.map_by_fd = map_by_fd,
			.flags = vflags,
		};
		bool kacc, ours, match;
		struct timespec t0, t1;
		double ms;
		int ret;

		total++;
		fs->total++;
		check_scope(c);
		if ((vflags & BPF_CORE_VERIFY_UNPRIV) &&
		    c->prog_type != BPF_CORE_PROG_SOCKET_FILTER)
			set_scope(c, "unprivileged: socket filters only", 0);
		if ((vflags & BPF_CORE_VERIFY_UNPRIV) && c->result_unpriv)
			c->result = c->result_unpriv;
		if (c->scope[0]) {
			add_reason(c->scope);
			continue;
		}
		scope++;
		fs->scope++;
		logbuf[0] = '\0';
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ret = bpf_core_verify(c->insns, c->n, &env, logbuf, sizeof(logbuf),
				      1, NULL);
		if (ret == -ENOSPC)
			ret = bpf_core_verify(c->insns, c->n, &env, NULL, 0, 0, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (verbose && ms > 100)
			printf("# slow: %s[%d] \"%s\" %.0f ms\n", c->file, c->idx,
			       c->desc, ms);
		kacc = c->result != KREJECT;
		ours = ret == 0;
		kernel_rej += !kacc;
		if (seeds) {
			char name[512];
			FILE *o;

			snprintf(name, sizeof(name), "%s/k_%s_%d", seeds, c->file, c->idx);
			o = fopen(name, "wb");
			if (o) {
				u8 t = (u8)c->prog_type;

				fwrite(&t, 1, 1, o);
				fwrite(c->insns, sizeof(c->insns[0]), c->n, o);
				fclose(o);
			}
		}
		if (kacc == ours) {
			agree++;
			fs->agree++;
			match = kacc || !c->err[0] || err_matches(c->err, logbuf);
			errmatch += match && !kacc;
			fs->errmatch += match && !kacc;
			continue;
		}
		if (!kacc && ours && reviewed_why(c)) {
			nreviewed++;
			printf("# reviewed: %s[%d] \"%s\": kernel rejects, we accept: %s\n",
			       c->file, c->idx, c->desc, reviewed_why(c));
			continue;
		} else if (!kacc && ours) {
			unsafe++;
			fs->unsafe++;
		} else {
			false_rej++;
			fs->false_rej++;
		}
		if (verbose || (!kacc && ours)) {
			const char *last = logbuf;
			size_t l = strlen(logbuf);

			while (l > 1 && logbuf[l - 2] != '\n')
				l--;
			/* the line before the stats line holds the error */
			if (ret) {
				char *s = strstr(logbuf, "processed ");

				if (s && s > logbuf) {
					*s = '\0';
					l = strlen(logbuf);
					while (l > 1 && logbuf[l - 2] != '\n')
						l--;
				}
			}
			last = logbuf + (l ? l - 1 : 0);
			printf("# %s %s[%d] \"%s\": kernel %s, we %s (%d)%s%s\n",
			       !kacc && ours ? "UNSAFE ACCEPT" : "false reject",
			       c->file, c->idx, c->desc, kacc ? "accepts" : "rejects",
			       ours ? "accept" : "reject", ret,
			       ours ? "" : ": ", ours ? "" : last);
		}
	}
	fclose(f);
	free(c);
	if (!tap) {
		printf("%-28s %6s %6s %6s %6s %6s %6s\n", "file", "cases", "scope",
		       "agree", "unsafe", "falsrj", "errstr");
		for (i = 0; i < nfiles; i++)
			printf("%-28s %6d %6d %6d %6d %6d %6d\n", files[i].name,
			       files[i].total, files[i].scope, files[i].agree,
			       files[i].unsafe, files[i].false_rej,
			       files[i].errmatch);
		printf("filtered out (%d of %d):\n", total - scope, total);
		for (i = 0; i < nreasons; i++)
			printf("  %4d  %s\n", reasons[i].n, reasons[i].text);
		printf("kernel rejects in scope: %d, same error string: %d; "
		       "reviewed kernel imprecision (we accept, dead code): %d\n",
		       kernel_rej, errmatch, nreviewed);
		printf("verifier: in scope %d, agree %d, unsafe accepts %d\n",
		       scope, agree, unsafe);
		return unsafe ? 1 : 0;
	}
	n = 0;
	printf("1..3\n");
	printf("%s %d - kernel selftests extracted (%d cases, %d in scope)\n",
	       total > 1000 && scope > 300 ? "ok" : "not ok", ++n, total, scope);
	printf("%s %d - unsafe accepts: %d\n", unsafe ? "not ok" : "ok", ++n, unsafe);
	printf("%s %d - agreement %d/%d (%.1f%%, floor %.1f%%)\n",
	       scope && 100.0 * agree / scope >= min_agree ? "ok" : "not ok", ++n,
	       agree, scope, scope ? 100.0 * agree / scope : 0.0, min_agree);
	printf("# verifier: in scope %d, agree %d, unsafe accepts %d\n", scope,
	       agree, unsafe);
	return (unsafe || !scope || 100.0 * agree / scope < min_agree ||
		total <= 1000 || scope <= 300) ? 1 : 0;
}
