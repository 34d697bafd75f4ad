// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier benchmark on the host's real CPU: the BPF objects embedded in
 * Debian's libbpf-tools binaries, loaded into the host kernel with libbpf
 * (CO-RE relocated against the host's BTF; the kernel's log gives its
 * "processed N insns" and "verification time N usec"), then the same final
 * instructions, map descriptions and program type through our verifier.
 * Needs root (bpf(2)).
 *
 *   verifier_bench [-n REPS] [-l PROG] BINARY...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf_core.h"
#include "verifier.h"

#define EM_BPF_MACHINE	247
#define KLOG_SIZE	(1 << 20)

static int map_by_fd(void *priv, s32 fd, struct bpf_core_map_desc *d)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	(void)priv;
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -EBADF;
	d->type = info.type;
	d->key_size = info.key_size;
	d->value_size = info.value_size;
	d->max_entries = info.max_entries;
	d->flags = info.map_flags & (BPF_CORE_MAP_F_RDONLY_PROG |
				     BPF_CORE_MAP_F_WRONLY_PROG);
	return 0;
}

/* libbpf freezes .rodata after creating it: its contents are final. */
static int map_ro_read(void *priv, s32 fd, u32 off, u32 size, void *buf)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info), key = 0;
	unsigned char *val;
	int ret = -EINVAL;

	(void)priv;
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) ||
	    info.type != BPF_MAP_TYPE_ARRAY || !(info.map_flags & BPF_F_RDONLY_PROG) ||
	    (u64)off + size > info.value_size)
		return -EINVAL;
	val = malloc(info.value_size);
	if (val && !bpf_map_lookup_elem(fd, &key, val)) {
		memcpy(buf, val + off, size);
		ret = 0;
	}
	free(val);
	return ret;
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static long log_num(const char *log, const char *key)
{
	const char *p = log ? strstr(log, key) : NULL;

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static u32 core_type(enum bpf_prog_type t)
{
	switch (t) {
	case BPF_PROG_TYPE_SOCKET_FILTER: return BPF_CORE_PROG_SOCKET_FILTER;
	case BPF_PROG_TYPE_KPROBE: return BPF_CORE_PROG_KPROBE;
	case BPF_PROG_TYPE_TRACEPOINT: return BPF_CORE_PROG_TRACEPOINT;
	case BPF_PROG_TYPE_RAW_TRACEPOINT: return BPF_CORE_PROG_RAW_TRACEPOINT;
	default: return 0;
	}
}

static int silent(enum libbpf_print_level l, const char *f, va_list ap)
{
	(void)l; (void)f; (void)ap;
	return 0;
}

static char ourlog[1 << 20];

/* Totals over programs both sides verified. */
static struct {
	int progs, ours_ok, ours_rej, unsupported, kernel_fail;
	double k_us, o_us;
	long k_insns, o_insns;
	u64 o_peak;
} tot;
static const char *show_log;	/* -l NAME: print our log for that program */

/*
 * Load the object; only_prog >= 0 loads that one program alone (objects
 * whose other programs cannot load on this host, e.g. a missing attach
 * target, are then still measured program by program).
 */
static void bench_object(const char *tool, int idx, const void *obj,
			 size_t size, int reps, int only_prog)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct bpf_object *o;
	struct bpf_program *p;
	char name[64];
	int err, n = 0;

	snprintf(name, sizeof(name), "%s#%d", tool, idx);
	oo.object_name = name;
	o = bpf_object__open_mem(obj, size, &oo);
	if (!o) {
		printf("%-28s open failed\n", name);
		return;
	}
	bpf_object__for_each_program(p, o) {
		char *klog = calloc(1, KLOG_SIZE);

		bpf_program__set_log_buf(p, klog, KLOG_SIZE);
		bpf_program__set_log_level(p, 4);
		if (only_prog >= 0)
			bpf_program__set_autoload(p, n == only_prog);
		n++;
	}
	err = bpf_object__load(o);
	if (err && only_prog < 0 && n > 1) {
		int i;

		bpf_object__for_each_program(p, o)
			free((void *)bpf_program__log_buf(p, &(size_t){ 0 }));
		bpf_object__close(o);
		for (i = 0; i < n; i++)
			bench_object(tool, idx, obj, size, reps, i);
		return;
	}
	bpf_object__for_each_program(p, o) {
		size_t klog_size;
		const char *klog = bpf_program__log_buf(p, &klog_size);
		struct bpf_core_verify_env env = {
			.map_by_fd = map_by_fd, .map_ro_read = map_ro_read,
		};
		struct bpf_core_verify_stats st;
		const struct bpf_insn *ins = bpf_program__insns(p);
		u32 cnt = (u32)bpf_program__insn_cnt(p);
		double best = 1e18, t0;
		int r, ret = 0;
		char *last;

		if (err || bpf_program__fd(p) < 0) {
			if (bpf_program__autoload(p)) {
				printf("%-28s %-26s kernel load failed\n", name,
				       bpf_program__name(p));
				tot.kernel_fail++;
			}
			free((void *)klog);
			continue;
		}
		env.prog_type = core_type(bpf_program__type(p));
		if (!env.prog_type) {
			printf("%-28s %-26s kernel %6ld insns %7ld us | ours: prog type %d unsupported\n",
			       name, bpf_program__name(p),
			       log_num(klog, "processed "),
			       log_num(klog, "verification time "),
			       bpf_program__type(p));
			tot.unsupported++;
			free((void *)klog);
			continue;
		}
		for (r = 0; r < reps; r++) {
			t0 = now_us();
			ret = bpf_core_verify((const struct bpf_core_insn *)ins, cnt,
					      &env, ourlog, sizeof(ourlog),
					      show_log && !strcmp(show_log, bpf_program__name(p)) ?
					      2 : 1, &st);
			t0 = now_us() - t0;
			if (t0 < best)
				best = t0;
		}
		if (show_log && !strcmp(show_log, bpf_program__name(p)))
			printf("%s\n", ourlog);
		last = ret ? strstr(ourlog, "processed ") : NULL;
		if (ret && !last) {
			/* rejected before the walk: the log is the reason */
			last = strrchr(ourlog, '\n');
			if (last && !last[1] && last > ourlog)
				*last = '\0';
			last = ourlog;
		} else if (last) {
			*last = '\0';
			while (last > ourlog && last[-1] == '\n')
				*--last = '\0';
			last = strrchr(ourlog, '\n');
			last = last ? last + 1 : ourlog;
		}
		tot.progs++;
		if (ret) {
			tot.ours_rej++;
		} else {
			tot.ours_ok++;
			tot.k_us += log_num(klog, "verification time ");
			tot.k_insns += log_num(klog, "processed ");
			tot.o_us += best;
			tot.o_insns += st.insns_processed;
			if (st.peak_mem > tot.o_peak)
				tot.o_peak = st.peak_mem;
		}
		printf("%-28s %-26s kernel %6ld insns %7ld us | ours %6u insns %7.0f us %6llu KiB %s%s\n",
		       name, bpf_program__name(p), log_num(klog, "processed "),
		       log_num(klog, "verification time "), st.insns_processed,
		       best, (unsigned long long)st.peak_mem / 1024,
		       ret ? "REJECT: " : "ok", ret ? last : "");
		free((void *)klog);
	}
	bpf_object__close(o);
}

/* Skeletons embed their BPF ELF objects whole: find them by header. */
static void bench_binary(const char *path, int reps)
{
	const char *tool = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	unsigned char *buf;
	long size, i;
	int n = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(size);
	if (!buf || fread(buf, 1, size, f) != (size_t)size) {
		fclose(f);
		free(buf);
		return;
	}
	fclose(f);
	for (i = 1; i + 64 <= size; i++) {
		u64 shoff;
		u16 shentsize, shnum, machine;
		size_t osize;

		if (memcmp(buf + i, "\x7f" "ELF\x02\x01", 6))
			continue;
		memcpy(&machine, buf + i + 18, 2);
		if (machine != EM_BPF_MACHINE)
			continue;
		memcpy(&shoff, buf + i + 40, 8);
		memcpy(&shentsize, buf + i + 58, 2);
		memcpy(&shnum, buf + i + 60, 2);
		osize = shoff + (size_t)shentsize * shnum;
		if (i + (long)osize > size)
			continue;
		bench_object(tool, n++, buf + i, osize, reps, -1);
		i += (long)osize - 1;
	}
	free(buf);
}

int main(int argc, char **argv)
{
	int i = 1, reps = 5;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "-n"))
			reps = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-l"))
			show_log = argv[i + 1];
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-n REPS] [-l PROG] BINARY...\n", argv[0]);
		return 2;
	}
	libbpf_set_print(silent);
	printf("# best of %d runs of ours; kernel figures from its own log (log_level 4)\n",
	       reps);
	for (; i < argc; i++)
		bench_binary(argv[i], reps);
	printf("summary: %d programs of supported types loaded by the kernel: ours accepts %d, rejects %d; "
	       "%d of other types, %d not loadable here\n",
	       tot.progs, tot.ours_ok, tot.ours_rej, tot.unsupported, tot.kernel_fail);
	printf("summary (accepted by both): kernel %ld insns %.0f us, ours %ld insns %.0f us (%.2fx time), peak %llu KiB\n",
	       tot.k_insns, tot.k_us, tot.o_insns, tot.o_us,
	       tot.k_us > 0 ? tot.o_us / tot.k_us : 0.0,
	       (unsigned long long)tot.o_peak / 1024);
	return 0;
}
