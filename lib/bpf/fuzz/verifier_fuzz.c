// SPDX-License-Identifier: GPL-2.0
/*
 * Soundness fuzzer for the verifier (libFuzzer, ASan, UBSan).
 *
 * Input: one byte of program type (bit 7: unprivileged rules), then
 * instructions. Whatever the verifier accepts is decoded and run by the
 * interpreter with every memory region in its own exact-size heap
 * allocation (context, stack when there are no calls, each map
 * value, each ring-buffer reservation), and helpers that touch exactly the
 * bytes their prototypes allow. Any ASan/UBSan report, leak (an unreleased
 * reservation) or crash is a verifier bug. Seeds: the extracted kernel
 * cases and our own tables (see lib/bpf/verifier.mk).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_core.h"
#include "verifier.h"

#define MAX_FUZZ_INSNS	512
#define NKINDS		12
#define FD_BASE		100	/* the kernel-case runner's fds */

struct fmap {
	struct bpf_core_map_desc desc;
	u8 *value;		/* the one element, value_size bytes */
};

static const struct bpf_core_map_desc kinds[NKINDS] = {
	{ BPF_CORE_MAP_HASH, 8, 8, 1, 0 },
	{ BPF_CORE_MAP_HASH, 8, 48, 1, 0 },
	{ BPF_CORE_MAP_HASH, 8, 16, 1, 0 },
	{ BPF_CORE_MAP_ARRAY, 4, 48, 1, 0 },
	{ BPF_CORE_MAP_PROG_ARRAY, 4, 4, 4, 0 },
	{ BPF_CORE_MAP_PROG_ARRAY, 4, 4, 8, 0 },
	{ BPF_CORE_MAP_STACK_TRACE, 4, 8, 1, 0 },
	{ BPF_CORE_MAP_ARRAY, 4, 48, 1, BPF_CORE_MAP_F_RDONLY_PROG },
	{ BPF_CORE_MAP_ARRAY, 4, 48, 1, BPF_CORE_MAP_F_WRONLY_PROG },
	{ BPF_CORE_MAP_ARRAY, 4, 1, 1, 0 },
	{ BPF_CORE_MAP_PERF_EVENT_ARRAY, 4, 4, 1, 0 },
	{ BPF_CORE_MAP_RINGBUF, 0, 0, 4096, 0 },
};

static struct fmap maps[NKINDS];
static u64 rnd;		/* per-run helper results, from the input */

static int fd_kind(s32 fd)
{
	if (fd >= FD_BASE && fd < FD_BASE + NKINDS)
		return fd - FD_BASE;
	if (fd <= 0 || fd > 1000)
		return -1;
	return fd % NKINDS;
}

static int map_by_fd(void *priv, s32 fd, struct bpf_core_map_desc *d)
{
	int k = fd_kind(fd);

	(void)priv;
	if (k < 0)
		return -EBADF;
	*d = kinds[k];
	return 0;
}

/* Kind 7 is read-only to programs; nothing ever writes it: constants. */
static int ro_read(void *priv, s32 fd, u32 off, u32 size, void *buf)
{
	int k = fd_kind(fd);

	(void)priv;
	if (k != 7 || (u64)off + size > kinds[k].value_size)
		return -EINVAL;
	memcpy(buf, maps[k].value + off, size);
	return 0;
}

static int resolve(void *priv, u8 src, s32 lo, s32 hi, u64 *val, char *err,
		   size_t errlen)
{
	int k = fd_kind(lo);

	(void)priv; (void)err; (void)errlen;
	if (k < 0)
		return -EBADF;
	if (src == BPF_CORE_PSEUDO_MAP_FD)
		*val = (u64)(uintptr_t)&maps[k];
	else
		*val = (u64)(uintptr_t)(maps[k].value + (u32)hi);
	return 0;
}

static u64 next_rand(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 7;
	rnd ^= rnd << 17;
	return rnd;
}

/* Touch n bytes the way a helper would: volatile, so it is not elided. */
static void read_bytes(u64 p, u64 n)
{
	const volatile u8 *b = (const volatile u8 *)(uintptr_t)p;
	u64 i;
	u8 acc = 0;

	for (i = 0; i < n; i++)
		acc ^= b[i];
	(void)acc;
}

static void write_bytes(u64 p, u64 n)
{
	if (n)
		memset((void *)(uintptr_t)p, 0x5a, n);
}

static struct fmap *as_map(u64 p)
{
	return (struct fmap *)(uintptr_t)p;
}

static u64 h_lookup(u64 m, u64 key, u64 a3, u64 a4, u64 a5)
{
	(void)a3; (void)a4; (void)a5;
	read_bytes(key, as_map(m)->desc.key_size);
	return next_rand() & 1 ? (u64)(uintptr_t)as_map(m)->value : 0;
}

static u64 h_update(u64 m, u64 key, u64 val, u64 flags, u64 a5)
{
	(void)flags; (void)a5;
	read_bytes(key, as_map(m)->desc.key_size);
	read_bytes(val, as_map(m)->desc.value_size);
	memmove(as_map(m)->value, (void *)(uintptr_t)val, as_map(m)->desc.value_size);
	return 0;
}

static u64 h_delete(u64 m, u64 key, u64 a3, u64 a4, u64 a5)
{
	(void)a3; (void)a4; (void)a5;
	read_bytes(key, as_map(m)->desc.key_size);
	return 0;
}

static u64 h_probe_read(u64 dst, u64 size, u64 src, u64 a4, u64 a5)
{
	(void)src; (void)a4; (void)a5;
	write_bytes(dst, (u32)size);	/* a faulting source zero-fills */
	return 0;
}

/* The *_str copies and get_stack return -errno or at most size. */
static u64 h_copy_sized(u64 dst, u64 size)
{
	s64 r = (s64)(next_rand() % ((u32)size + 15)) - 14;

	write_bytes(dst, (u32)size);
	return (u64)r;
}

static u64 h_read_str(u64 dst, u64 size, u64 src, u64 a4, u64 a5)
{
	(void)src; (void)a4; (void)a5;
	return h_copy_sized(dst, size);
}

static u64 h_get_stack(u64 ctx, u64 buf, u64 size, u64 flags, u64 a5)
{
	(void)ctx; (void)flags; (void)a5;
	return h_copy_sized(buf, size);
}

static u64 h_fill3(u64 a1, u64 a2, u64 buf, u64 size, u64 a5)
{
	(void)a1; (void)a2; (void)a5;
	write_bytes(buf, (u32)size);
	return 0;
}

static u64 h_value(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
	return next_rand();
}

static u64 h_printk(u64 fmt, u64 size, u64 a3, u64 a4, u64 a5)
{
	(void)a3; (void)a4; (void)a5;
	read_bytes(fmt, (u32)size);
	return 0;
}

static u64 h_comm(u64 buf, u64 size, u64 a3, u64 a4, u64 a5)
{
	(void)a3; (void)a4; (void)a5;
	write_bytes(buf, (u32)size);
	return 0;
}

static u64 h_output(u64 ctx, u64 m, u64 flags, u64 data, u64 size)
{
	(void)ctx; (void)m; (void)flags;
	read_bytes(data, (u32)size);
	return 0;
}

static u64 h_load_bytes(u64 ctx, u64 off, u64 to, u64 len, u64 a5)
{
	(void)ctx; (void)off; (void)a5;
	write_bytes(to, (u32)len);
	return 0;
}

static u64 h_rb_output(u64 m, u64 data, u64 size, u64 flags, u64 a5)
{
	(void)m; (void)flags; (void)a5;
	read_bytes(data, (u32)size);
	return 0;
}

static u64 h_rb_reserve(u64 m, u64 size, u64 flags, u64 a4, u64 a5)
{
	(void)m; (void)flags; (void)a4; (void)a5;
	if (next_rand() & 1)
		return 0;
	return (u64)(uintptr_t)malloc(size ? size : 1);
}

static u64 h_rb_release(u64 p, u64 flags, u64 a3, u64 a4, u64 a5)
{
	(void)flags; (void)a3; (void)a4; (void)a5;
	free((void *)(uintptr_t)p);
	return 0;
}

/* Dead code runs into this: the verifier's idea of the paths was wrong. */
static u64 h_dead(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
	fprintf(stderr, "verifier_fuzz: executed an instruction the verifier found dead\n");
	__builtin_trap();
}

#define DEAD_HELPER 255

static bpf_core_helper_fn helpers[256];
static unsigned long n_inputs, n_accepted;

static void report(void)
{
	fprintf(stderr, "verifier_fuzz: %lu inputs, %lu accepted and run clean\n",
		n_inputs, n_accepted);
}

static void init_once(void)
{
	static int done;
	int i;

	if (done)
		return;
	done = 1;
	atexit(report);
	for (i = 0; i < NKINDS; i++) {
		maps[i].desc = kinds[i];
		maps[i].value = malloc(kinds[i].value_size ? kinds[i].value_size : 1);
		memset(maps[i].value, 0, kinds[i].value_size ? kinds[i].value_size : 1);
	}
	helpers[1] = h_lookup;
	helpers[2] = h_update;
	helpers[3] = h_delete;
	helpers[4] = h_probe_read;
	helpers[5] = h_value;
	helpers[6] = h_printk;
	helpers[7] = h_value;
	helpers[8] = h_value;
	helpers[12] = h_value;	/* no program array contents: falls through */
	helpers[14] = h_value;
	helpers[15] = h_value;
	helpers[16] = h_comm;
	helpers[25] = h_output;
	helpers[26] = h_load_bytes;
	helpers[27] = h_value;
	helpers[35] = h_value;
	helpers[112] = h_probe_read;
	helpers[113] = h_probe_read;
	helpers[22] = h_value;
	helpers[37] = h_value;
	helpers[42] = h_value;
	helpers[45] = h_read_str;
	helpers[55] = h_fill3;
	helpers[67] = h_get_stack;
	helpers[80] = h_value;
	helpers[114] = h_read_str;
	helpers[115] = h_read_str;
	helpers[118] = h_value;
	helpers[120] = h_fill3;
	helpers[125] = h_value;
	helpers[160] = h_value;
	helpers[173] = h_value;
	helpers[174] = h_value;
	helpers[130] = h_rb_output;
	helpers[131] = h_rb_reserve;
	helpers[132] = h_rb_release;
	helpers[133] = h_rb_release;
	helpers[134] = h_value;
	helpers[DEAD_HELPER] = h_dead;
	/* Every helper the verifier knows must run here too. */
	for (i = 0; i < 256; i++) {
		if (bpf_core_helper_proto(i) && !helpers[i]) {
			fprintf(stderr, "verifier_fuzz: no model of helper %d\n", i);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u32 types[4] = {
		BPF_CORE_PROG_SOCKET_FILTER, BPF_CORE_PROG_KPROBE,
		BPF_CORE_PROG_TRACEPOINT, BPF_CORE_PROG_RAW_TRACEPOINT,
	};
	/* A smaller budget keeps each input fast; soundness is unaffected. */
	struct bpf_core_verify_env env = {
		.map_by_fd = map_by_fd, .map_ro_read = ro_read,
		.max_insns_processed = 50000,
	};
	struct bpf_core_load_opts opts = {
		.helpers = helpers, .nr_helpers = 256, .resolve_ld_imm64 = resolve,
	};
	struct bpf_core_insn *insns;
	struct bpf_core_prog *prog;
	u32 cnt, ctx_size, stack_size;
	u8 *visited;
	char err[256];
	void *ctx, *stack;
	int status, i, slots;

	if (size < 1 + sizeof(struct bpf_core_insn))
		return 0;
	init_once();
	n_inputs++;
	/* Bit 7 of the type byte selects the unprivileged rules. */
	if (data[0] & 0x80)
		env.flags |= BPF_CORE_VERIFY_UNPRIV;
	switch (data[0] & 0x7f) {
	case 1: case 2: case 5: case 17:
		env.prog_type = data[0] & 0x7f;
		break;
	default:
		env.prog_type = types[data[0] & 3];
	}
	cnt = (u32)((size - 1) / sizeof(struct bpf_core_insn));
	if (cnt > MAX_FUZZ_INSNS)
		cnt = MAX_FUZZ_INSNS;
	insns = malloc(cnt * sizeof(*insns));
	memcpy(insns, data + 1, cnt * sizeof(*insns));
	switch (env.prog_type) {
	case BPF_CORE_PROG_SOCKET_FILTER: ctx_size = 192; break;
	case BPF_CORE_PROG_KPROBE: ctx_size = 168; break;
	case BPF_CORE_PROG_TRACEPOINT: ctx_size = 64; break;
	default: ctx_size = 48; break;
	}
	env.ctx_size = ctx_size;
	visited = malloc(cnt);
	env.insn_visited = visited;
	if (bpf_core_verify(insns, cnt, &env, NULL, 0, 0, NULL)) {
		free(visited);
		free(insns);
		return 0;
	}
	/*
	 * Dead code was never checked. A loader makes it `ja -1`; here it
	 * becomes a call that traps, so reaching it is reported at once.
	 */
	for (i = 0; i < (int)cnt; i += slots) {
		int k;

		u8 op = BPF_CORE_OP(insns[i].code);
		bool ends = (BPF_CORE_CLASS(insns[i].code) == BPF_CORE_JMP ||
			     BPF_CORE_CLASS(insns[i].code) == BPF_CORE_JMP32) &&
			    (op == BPF_CORE_EXIT || op == BPF_CORE_JA);

		slots = (int)bpf_core_insn_slots(&insns[i]);
		if (visited[i])
			continue;
		for (k = 0; k < slots && i + k < (int)cnt; k++) {
			memset(&insns[i + k], 0, sizeof(insns[0]));
			/* keep flow-ending slots flow-ending (a timeout then) */
			insns[i + k].code = BPF_CORE_JMP | (ends ? BPF_CORE_JA : BPF_CORE_CALL);
			insns[i + k].off = ends ? -1 : 0;
			insns[i + k].imm = ends ? 0 : DEAD_HELPER;
		}
	}
	free(visited);
	/* Accepted: it must run without touching a byte it does not own. */
	if (bpf_core_decode(insns, cnt, &opts, &prog, err, sizeof(err))) {
		free(insns);
		__builtin_trap();	/* verifier accepted what the core rejects */
	}
	rnd = 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < (int)size && i < 64; i++)
		rnd = rnd * 31 + data[i];
	ctx = calloc(1, ctx_size);
	/* One frame exactly when there are no calls: ASan then sees any
	 * access outside it.
	 */
	stack_size = prog->nr_subprogs > 1 ? BPF_CORE_RUN_STACK_SIZE :
		     BPF_CORE_STACK_SIZE;
	stack = calloc(1, stack_size);
	bpf_core_interp_run_stack(prog, ctx, 0, stack, stack_size, &status);
	n_accepted++;
	free(stack);
	free(ctx);
	bpf_core_prog_free(prog);
	free(insns);
	return 0;
}
