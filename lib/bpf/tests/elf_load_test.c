// SPDX-License-Identifier: GPL-2.0
/*
 * elf_load (lib/bpf/tools/elf_load.c) on objects clang builds here from the
 * sources below: .text subprograms, array and hash maps through the map
 * helpers, .bss/.data/.rodata, a kfunc extern, the xdp_md rewrite, JIT and
 * interpreter agreeing, and the errors for what it cannot load.
 *
 * elf_load needs libelf and libbpf, which lib.mk does not link: lib.mk's
 * build of this file (no ELF_LOAD_TEST_FULL) only reports a skip; the real
 * test is `make elf-load-test` (lib/bpf/tools/bench_enetstl.mk).
 */
#ifndef ELF_LOAD_TEST_FULL
#include <stdio.h>

int main(void)
{
	printf("1..0 # SKIP needs libelf/libbpf: run `make elf-load-test`\n");
	return 0;
}
#else
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf_load.h"
#include "tap.h"

static const char prog_src[] =
	"#include <linux/bpf.h>\n"
	"#include <bpf/bpf_helpers.h>\n"
	"struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4);\n"
	"	__type(key, __u32); __type(value, __u64); } arr SEC(\".maps\");\n"
	"struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64);\n"
	"	__type(key, __u64); __type(value, __u64); } hmap SEC(\".maps\");\n"
	"__u64 bss_var;\n"
	"__u64 data_var = 7;\n"
	"const volatile __u64 ro_var = 5;\n"
	"extern __u64 test_kfunc(__u64 a, __u64 b) __ksym;\n"
	"static __attribute__((noinline)) __u64 sub(__u64 x)\n"
	"{ return x * 3 + ro_var; }\n"
	"__attribute__((noinline)) int glob_fn(__u32 x) { return x + 1; }\n"
	"SEC(\"xdp\") int prog_main(struct xdp_md *ctx)\n"
	"{\n"
	"	void *data = (void *)(long)ctx->data;\n"
	"	void *end = (void *)(long)ctx->data_end;\n"
	"	__u64 *v, key, val;\n"
	"	__u32 k = 1;\n"
	"	if (data + 16 > end)\n"
	"		return 1;\n"
	"	key = *(__u64 *)data;\n"
	"	val = *(__u64 *)(data + 8);\n"
	"	v = bpf_map_lookup_elem(&arr, &k);\n"
	"	if (!v)\n"
	"		return 2;\n"
	"	*v += val;\n"
	"	bpf_map_update_elem(&hmap, &key, &val, BPF_ANY);\n"
	"	bss_var = sub(val) + glob_fn(ctx->ingress_ifindex);\n"
	"	data_var += test_kfunc(key, val);\n"
	"	return XDP_TX;\n"
	"}\n"
	"SEC(\"xdp\") int prog_del(struct xdp_md *ctx)\n"
	"{\n"
	"	void *data = (void *)(long)ctx->data;\n"
	"	void *end = (void *)(long)ctx->data_end;\n"
	"	__u64 key;\n"
	"	if (data + 8 > end)\n"
	"		return 1;\n"
	"	key = *(__u64 *)data;\n"
	"	return 100 + bpf_map_delete_elem(&hmap, &key);\n"
	"}\n"
	"char LICENSE[] SEC(\"license\") = \"GPL\";\n";

static const char bad_src[] =
	"#include <linux/bpf.h>\n"
	"#include <bpf/bpf_helpers.h>\n"
	"struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); }\n"
	"	rb SEC(\".maps\");\n"
	"SEC(\"xdp\") int p(struct xdp_md *ctx) { return 2; }\n"
	"char LICENSE[] SEC(\"license\") = \"GPL\";\n";

/* A subprogram reading xdp_md: the loader cannot rewrite it, so refuses. */
static const char ctx_src[] =
	"#include <linux/bpf.h>\n"
	"#include <bpf/bpf_helpers.h>\n"
	"static __attribute__((noinline)) int f(struct xdp_md *ctx)\n"
	"{ return ctx->data_end - ctx->data; }\n"
	"SEC(\"xdp\") int p(struct xdp_md *ctx) { return f(ctx); }\n"
	"char LICENSE[] SEC(\"license\") = \"GPL\";\n";

static char dir[] = "/tmp/elf_load_test.XXXXXX";

/* Build src with clang into dir/name.o; its path, or NULL. */
static const char *build(const char *name, const char *src)
{
	static char obj[3][256];
	static int n;
	char c[256], cmd[1024];
	const char *clang = getenv("CLANG") ? getenv("CLANG") : "clang";
	FILE *f;

	snprintf(c, sizeof(c), "%s/%s.bpf.c", dir, name);
	snprintf(obj[n % 3], sizeof(obj[0]), "%s/%s.bpf.o", dir, name);
	f = fopen(c, "w");
	if (!f)
		return NULL;
	fputs(src, f);
	fclose(f);
	/* <linux/bpf.h> wants <asm/types.h> from the host's multiarch dir. */
	snprintf(cmd, sizeof(cmd),
		 "%s -O2 -g -target bpf -I/usr/include/$(%s -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) -c %s -o %s",
		 clang, getenv("CC") ? getenv("CC") : "cc", c, obj[n % 3]);
	if (system(cmd))
		return NULL;
	return obj[n++ % 3];
}

static u64 test_kfunc(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	(void)c; (void)d; (void)e;
	return a * 1000 + b;
}

static u32 count_calls(const struct elf_prog *p, s32 helper)
{
	u32 i, n = 0;

	for (i = 0; i < p->prog->len; i++)
		n += p->prog->insns[i].code == (BPF_CORE_JMP | BPF_CORE_CALL) &&
		     p->prog->insns[i].src_reg == BPF_CORE_CALL_HELPER &&
		     p->prog->insns[i].imm == helper;
	return n;
}

static const struct elf_kfunc kfuncs[] = { { "test_kfunc", test_kfunc } };

static u64 run(const struct elf_prog *p, u64 key, u64 val, u32 ifindex,
	       u32 len)
{
	u64 pkt[2] = { key, val };
	struct elf_xdp_md ctx = {
		.data = pkt, .data_end = (u8 *)pkt + len,
		.ingress_ifindex = ifindex,
	};

	return elf_prog_run(p, &ctx);
}

static void check_engine(const char *obj, bool no_jit, bool no_inline)
{
	struct elf_load_opts o = { .kfuncs = kfuncs, .nr_kfuncs = 1,
				   .no_jit = no_jit, .no_inline = no_inline };
	const char *eng = no_jit ? "interp" : no_inline ? "jit, no inline" : "jit";
	const struct elf_prog *pm, *pd;
	u64 *bss, *data, *ro, *v, key = 42, val = 10, full = 0;
	struct elf_map *arr, *hm;
	struct elf_obj *e;
	char err[512];
	u32 one = 1, i;
	int ret;

	ret = elf_obj_open(obj, &o, &e, err, sizeof(err));
	ok(!ret, "%s: open (%s)", eng, ret ? err : "ok");
	if (ret)
		return;
	pm = elf_obj_prog(e, "prog_main");
	pd = elf_obj_prog(e, "prog_del");
	ok(pm && pd && elf_obj_nr_progs(e) == 2, "%s: two programs found", eng);
	ok(!no_jit == (pm && pm->prog->jit_entry), "%s: JITed as asked", eng);
	/* Inlined: the helper call is gone, 7 more slots per lookup. */
	ok(pm && !no_inline == (count_calls(pm, 1) == 0), "%s: array lookup %s",
	   eng, no_inline ? "stays a helper call" : "inlined");
	bss = elf_obj_var(e, "bss_var", NULL);
	data = elf_obj_var(e, "data_var", NULL);
	ro = elf_obj_var(e, "ro_var", NULL);
	arr = elf_obj_map(e, "arr");
	hm = elf_obj_map(e, "hmap");
	ok(bss && data && ro && arr && hm, "%s: globals and maps found", eng);
	if (!pm || !pd || !bss || !data || !ro || !arr || !hm)
		goto out;
	ok(*data == 7 && *ro == 5 && *bss == 0, "%s: .data/.rodata/.bss initial values", eng);
	ok(arr->max_entries == 4 && arr->value_size == 8 && hm->key_size == 8,
	   "%s: map definitions from BTF", eng);

	ok(run(pm, key, val, 9, 16) == 3, "%s: prog_main returns XDP_TX", eng);
	v = elf_map_lookup(arr, &one);
	ok(v && *v == 10, "%s: array value updated through lookup", eng);
	v = elf_map_lookup(hm, &key);
	ok(v && *v == 10, "%s: hash update from BPF visible", eng);
	/* sub(10) = 35 (.text call, .rodata), glob_fn(ifindex 9) = 10 */
	ok(*bss == 45, "%s: .bss = subprogram + global function + ctx field (%llu)",
	   eng, (unsigned long long)*bss);
	ok(*data == 7 + 42010, "%s: kfunc result into .data (%llu)", eng,
	   (unsigned long long)*data);
	*ro = 6;
	ret = (int)run(pm, key, 20, 1, 16);
	ok(ret == 3 && *bss == 60 + 6 + 2,
	   "%s: .rodata written before the run is seen (%llu)", eng,
	   (unsigned long long)*bss);
	v = elf_map_lookup(arr, &one);
	ok(v && *v == 30, "%s: array accumulates", eng);
	ok(run(pm, key, val, 1, 15) == 1, "%s: short packet: data_end bound holds", eng);

	ok(run(pd, key, 0, 0, 8) == 100 && !elf_map_lookup(hm, &key),
	   "%s: delete from BPF", eng);
	ok(run(pd, key, 0, 0, 8) == (u64)(100 - ENOENT), "%s: delete again: -ENOENT", eng);
	ok(elf_map_update(hm, &key, &val, 0) == 0 &&
	   elf_map_update(hm, &key, &val, 1) == -EEXIST &&
	   elf_map_update(hm, &(u64){ 7 }, &val, 2) == -ENOENT,
	   "%s: update flags NOEXIST/EXIST", eng);
	for (i = 0; i < 100; i++)
		full += elf_map_update(hm, &(u64){ 1000 + i }, &val, 0) == -E2BIG;
	ok(hm->count == 64 && full == 100 - 63, "%s: hash map holds max_entries (%u)",
	   eng, hm->count);
	ok(elf_map_update(arr, &(u32){ 4 }, &val, 0) == -E2BIG &&
	   !elf_map_lookup(arr, &(u32){ 4 }), "%s: array index bound", eng);
out:
	elf_obj_close(e);
}

int main(void)
{
	struct elf_load_opts none = { 0 };
	const char *obj, *bad, *ctxo;
	struct elf_obj *e;
	char err[512];
	int ret;

	if (!mkdtemp(dir)) {
		printf("1..0 # SKIP no temporary directory\n");
		return 0;
	}
	obj = build("progs", prog_src);
	bad = build("bad", bad_src);
	ctxo = build("ctx", ctx_src);
	ok(obj && bad && ctxo, "clang -target bpf builds the test objects");
	if (!obj || !bad || !ctxo)
		return tap_done();
	check_engine(obj, false, false);
	check_engine(obj, true, false);
	check_engine(obj, false, true);

	ret = elf_obj_open(obj, &none, &e, err, sizeof(err));
	ok(ret == -ENOENT && strstr(err, "kfunc test_kfunc"),
	   "missing kfunc is named (%s)", err);
	ret = elf_obj_open(bad, &none, &e, err, sizeof(err));
	ok(ret == -EOPNOTSUPP && strstr(err, "map rb"),
	   "unsupported map type is named (%s)", err);
	ret = elf_obj_open(ctxo, &none, &e, err, sizeof(err));
	ok(ret == -EOPNOTSUPP && strstr(err, "ctx to a subprogram"),
	   "xdp ctx passed to a subprogram is refused (%s)", err);
	ret = elf_obj_open("/nonexistent.o", &none, &e, err, sizeof(err));
	ok(ret == -ENOENT, "missing file: -ENOENT");

	snprintf(err, sizeof(err), "rm -rf %s", dir);
	if (system(err))
		printf("# could not remove %s\n", dir);
	return tap_done();
}
#endif
