// SPDX-License-Identifier: GPL-2.0
/*
 * The real-CPU eNetSTL table: each network function's pure-eBPF and eNetSTL
 * BPF objects loaded with elf_load.c and run by lib/bpf's JIT on this CPU,
 * with the eNetSTL kfuncs implemented by the same userspace cores the
 * module's kfuncs call; beside them the native C build of nf_native/ and,
 * as a fairness check of our JIT, the pure-eBPF object on the host kernel's
 * JIT (BPF_PROG_TEST_RUN with repeat, as root).
 *
 * This file is compiled twice (bench_enetstl.mk): with BENCH_KFUNCS_TU it
 * is the kfunc side (eNetSTL's headers; their s64 is long long, lib/bpf's
 * is int64_t, so the two cannot share a translation unit), without it the
 * driver.
 */
#ifdef BENCH_KFUNCS_TU

#include <stdint.h>

#include "enetstl_core.h"
#include "obj_core.h"

/* Same layout as elf_load.h's struct elf_kfunc. */
struct elf_kfunc {
	const char *name;
	uint64_t (*fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
};

#define P(x) ((void *)(unsigned long)(x))
#define KF(name) static u64 k_##name(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
#define UNUSED5 (void)a1; (void)a2; (void)a3; (void)a4; (void)a5

static bool have_avx2, have_sse42;

/* The module's random source is get_random_u32(); any uniform one will do. */
u32 enetstl_random_u32(void)
{
	static u64 s = 0x853c49e6748fea9bull;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (u32)(s >> 16);
}

/* Stateless kfuncs: as enetstl/kfuncs.c, SIMD where the module uses it. */
KF(crc32_hash)
{
	UNUSED5;
	return enetstl_crc32c(P(a1), (u32)a2, (u32)a3, have_sse42);
}

KF(xxh32_cnt32)
{
	UNUSED5;
	enetstl_xxh32_cnt32(P(a1), a2, P(a3), a4, (u32)a5, have_avx2);
	return 0;
}

KF(fasthash32_cnt32)
{
	UNUSED5;
	enetstl_fasthash32_cnt32(P(a1), a2, P(a3), a4, (u32)a5, have_avx2);
	return 0;
}

KF(xxh32_pkt_cnt32)
{
	UNUSED5;
	enetstl_xxh32_cnt32(P(a1), ENETSTL_PKT_5TUPLE_SIZE, P(a2), a3, (u32)a4,
			    have_avx2);
	return 0;
}

KF(fasthash32_pkt_cnt32)
{
	UNUSED5;
	enetstl_fasthash32_cnt32(P(a1), ENETSTL_PKT_5TUPLE_SIZE, P(a2), a3,
				 (u32)a4, have_avx2);
	return 0;
}

KF(cmp_eq)
{
	UNUSED5;
	return (u64)(s64)enetstl_cmp_eq(P(a1), a2, P(a3), a4, have_avx2);
}

/* The module keeps the 32-byte search scalar (cheaper than an FPU section). */
KF(find_mask_u16)
{
	UNUSED5;
	return enetstl_find_mask_u16(P(a1), a2, (u16)a3, false);
}

KF(find_u16)
{
	UNUSED5;
	return enetstl_find_index(enetstl_find_mask_u16(P(a1), a2, (u16)a3,
							false));
}

KF(ffs)
{
	UNUSED5;
	return enetstl_ffs64(a1);
}

KF(tzcnt_u32)
{
	UNUSED5;
	return enetstl_tzcnt32((u32)a1);
}

KF(bitmap2_ffs)
{
	UNUSED5;
	return (u64)enetstl_bitmap2_ffs(P(a1), a2);
}

/*
 * Objects held as kptrs: the module's cores with a reference count (one
 * thread here, so no lock and no RCU).
 */
enum { OBJ_MEM, OBJ_BKT, OBJ_GEO };

struct uobj {
	int refs;
	int kind;
	/*
	 * Per-CPU list buckets: the cores by CPU, as the module's (one CPU
	 * here: &bkt); NULL for a shared list.  No lock is modelled for
	 * either (the module's shared lists take a spinlock).
	 */
	struct enetstl_bkt_core **bkt_cpu;
	union {
		struct enetstl_mem_core mem;
		struct enetstl_bkt_core bkt;
		struct {
			struct enetstl_geo_param gp;
			struct enetstl_geo_cpu cpu;
			struct enetstl_geo_fast *fast;
		} geo;
	};
};

static void uobj_put(struct uobj *o)
{
	if (!o || --o->refs)
		return;
	if (o->kind == OBJ_MEM)
		enetstl_mem_destroy(&o->mem);
	else if (o->kind == OBJ_BKT)
		enetstl_bkt_destroy(&o->bkt);
	else
		free(o->geo.fast);
	free(o->bkt_cpu);
	free(o);
}

static u64 uobj_get(u64 pp)
{
	struct uobj *o = *(struct uobj **)P(pp);

	if (o)
		o->refs++;
	return (u64)(unsigned long)o;
}

/*
 * The module refills a used-up half pool from a work item; this bench has
 * one thread per run and charges the refill to the packet that used the
 * half up (a worker thread on this shared 2-CPU machine was slower: it
 * lags, the fast path then draws synchronously, and both fight over the
 * pool's cache lines).  So the GEO pool's whole CPU cost is in the figure.
 */
static void geo_queue_refill(struct uobj *o)
{
	enetstl_geo_refill(&o->geo.cpu, &o->geo.gp, o->geo.fast);
}

static struct uobj *uobj_new(int kind)
{
	struct uobj *o = calloc(1, sizeof(*o));

	if (o) {
		o->refs = 1;
		o->kind = kind;
	}
	return o;
}

KF(mem_container_new)
{
	struct uobj *o = uobj_new(OBJ_MEM);

	UNUSED5;
	if (o && enetstl_mem_init(&o->mem, (u32)a1, (u32)a2, (u32)a3)) {
		free(o);
		o = NULL;
	}
	return (u64)(unsigned long)o;
}

KF(obj_release)
{
	UNUSED5;
	uobj_put(P(a1));
	return 0;
}

KF(obj_kptr_get)
{
	UNUSED5;
	return uobj_get(a1);
}

#define MEM(x) (&((struct uobj *)P(x))->mem)
KF(mem_node_alloc)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_alloc(MEM(a1));
}

KF(mem_node_free)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_free(MEM(a1), (u32)a2);
}

KF(mem_node_get)
{
	UNUSED5;
	return (u64)(unsigned long)enetstl_mem_data(MEM(a1), (u32)a2, (u32)a3);
}

KF(mem_node_read)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_read(MEM(a1), (u32)a2, (u32)a3, P(a4),
					  (u32)a5);
}

KF(mem_node_write)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_write(MEM(a1), (u32)a2, (u32)a3, P(a4),
					   (u32)a5);
}

KF(mem_node_connect)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_connect(MEM(a1), (u32)a2, (u32)a3,
					     (u32)a4);
}

KF(mem_node_disconnect)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_disconnect(MEM(a1), (u32)a2, (u32)a3);
}

KF(mem_node_next)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_next(MEM(a1), (u32)a2, (u32)a3);
}

/* The core a call works on: the shared one or this CPU's (CPU 0). */
static inline struct enetstl_bkt_core *bkt_core(struct uobj *o)
{
	return o->bkt_cpu ? o->bkt_cpu[0] : &o->bkt;
}

#define BKT(x) bkt_core(P(x))
KF(bktlist_new)
{
	struct uobj *o = uobj_new(OBJ_BKT);

	UNUSED5;
	if (o && enetstl_bkt_init(&o->bkt, (u32)a1, (u32)a2, (u32)a3)) {
		free(o);
		o = NULL;
	}
	return (u64)(unsigned long)o;
}

KF(bktlist_new_percpu)
{
	struct uobj *o = (struct uobj *)P(k_bktlist_new(a1, a2, a3, a4, a5));

	if (o) {
		o->bkt_cpu = malloc(sizeof(*o->bkt_cpu));
		if (!o->bkt_cpu) {
			uobj_put(o);
			return 0;
		}
		o->bkt_cpu[0] = &o->bkt;
	}
	return (u64)(unsigned long)o;
}

KF(bktlist_push_back)
{
	UNUSED5;
	return (u64)(s64)enetstl_bkt_push_back(BKT(a1), P(a2), (u32)a3, (u32)a4);
}

KF(bktlist_pop_front)
{
	UNUSED5;
	return (u64)(s64)enetstl_bkt_pop_front(BKT(a1), P(a2), (u32)a3, (u32)a4);
}

KF(bktlist_len)
{
	UNUSED5;
	return (u64)(s64)enetstl_bkt_len(BKT(a1), (u32)a2);
}

KF(mem_node_walk)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_walk(MEM(a1), (u32)a2, (u32)a3, (u32)a4,
					  a5);
}

KF(mem_node_descend)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_descend(MEM(a1), a2, P(a3), (u32)a4,
					     (u32)a5);
}

KF(mem_node_find)
{
	UNUSED5;
	return (u64)(s64)enetstl_mem_find(MEM(a1), P(a2), (u32)a3, P(a4),
					  (u32)a5);
}

KF(bktlist_drain)
{
	UNUSED5;
	return (u64)(s64)enetstl_bkt_drain(BKT(a1), P(a2), (u32)a3, (u32)a4);
}

/* In place on a kptr field (one thread here: no RCU needed). */
#define FIELD(x) (*(struct uobj **)P(x))
#define ENXIO_RET ((u64)(s64)-ENXIO)

KF(mem_kptr_node_read)
{
	UNUSED5;
	if (!FIELD(a1))
		return ENXIO_RET;
	return (u64)(s64)enetstl_mem_read(&FIELD(a1)->mem, (u32)a2, (u32)a3,
					  P(a4), (u32)a5);
}

KF(mem_kptr_descend)
{
	UNUSED5;
	if (!FIELD(a1))
		return ENXIO_RET;
	return (u64)(s64)enetstl_mem_descend(&FIELD(a1)->mem, a2, P(a3),
					     (u32)a4, (u32)a5);
}

KF(mem_kptr_find)
{
	UNUSED5;
	if (!FIELD(a1))
		return ENXIO_RET;
	return (u64)(s64)enetstl_mem_find(&FIELD(a1)->mem, P(a2), (u32)a3,
					  P(a4), (u32)a5);
}

KF(bktlist_kptr_push_back)
{
	UNUSED5;
	if (!FIELD(a1))
		return ENXIO_RET;
	return (u64)(s64)enetstl_bkt_push_back(bkt_core(FIELD(a1)), P(a2),
					       (u32)a3, (u32)a4);
}

KF(bktlist_kptr_drain)
{
	UNUSED5;
	if (!FIELD(a1))
		return ENXIO_RET;
	return (u64)(s64)enetstl_bkt_drain(bkt_core(FIELD(a1)), P(a2), (u32)a3,
					   (u32)a4);
}

KF(bktlist_push_drain)
{
	UNUSED5;
	return (u64)(s64)enetstl_bkt_push_drain(BKT(a1), P(a2), (u32)a3, P(a4),
						(u32)a5);
}

KF(bktlist_kptr_push_drain)
{
	UNUSED5;
	if (!FIELD(a1))
		return ENXIO_RET;
	return (u64)(s64)enetstl_bkt_push_drain(bkt_core(FIELD(a1)), P(a2),
						(u32)a3, P(a4), (u32)a5);
}

KF(bktlist_kptr_len)
{
	UNUSED5;
	if (!FIELD(a1))
		return ENXIO_RET;
	return (u64)(s64)enetstl_bkt_len(bkt_core(FIELD(a1)), (u32)a2);
}

static u64 geo_new(u32 num, u32 den)
{
	struct uobj *o = uobj_new(OBJ_GEO);

	if (o && enetstl_geo_param_init(&o->geo.gp, num, den)) {
		free(o);
		return 0;
	}
	/*
	 * The module queues the first refill at creation, which builds the
	 * draw table first.
	 */
	if (o) {
		size_t size = enetstl_geo_fast_size(&o->geo.gp);

		o->geo.fast = size ? malloc(size) : NULL;
		if (o->geo.fast)
			enetstl_geo_fast_build(&o->geo.gp, o->geo.fast);
		geo_queue_refill(o);
	}
	return (u64)(unsigned long)o;
}

KF(geo_new)
{
	UNUSED5;
	if ((int)a1 < 1 || (int)a1 > 100)
		return 0;
	return geo_new((u32)a1, 100);
}

KF(geo_new_frac)
{
	UNUSED5;
	return geo_new((u32)a1, (u32)a2);
}

#define GEO(x) (&((struct uobj *)P(x))->geo)
KF(geo_should_do)
{
	bool refill = false;
	bool r;

	UNUSED5;
	r = enetstl_geo_should_do(&GEO(a1)->cpu, &GEO(a1)->gp, &refill);
	if (refill)
		geo_queue_refill(P(a1));
	return r;
}

KF(geo_gen_cnt)
{
	bool refill = false;
	u32 r;

	UNUSED5;
	r = enetstl_geo_take(&GEO(a1)->cpu, &GEO(a1)->gp, &refill);
	if (refill)
		geo_queue_refill(P(a1));
	return r;
}

KF(geo_kptr_gen_cnt)
{
	bool refill = false;
	u32 r;

	UNUSED5;
	if (!FIELD(a1))
		return ENXIO_RET;
	r = enetstl_geo_take(&FIELD(a1)->geo.cpu, &FIELD(a1)->geo.gp, &refill);
	if (refill)
		geo_queue_refill(FIELD(a1));
	return r;
}

const struct elf_kfunc bench_kfuncs[] = {
	{ "bpf_crc32_hash", k_crc32_hash },
	{ "bpf_xxh32_cnt32", k_xxh32_cnt32 },
	{ "bpf_fasthash32_cnt32", k_fasthash32_cnt32 },
	{ "bpf_xxh32_pkt_cnt32", k_xxh32_pkt_cnt32 },
	{ "bpf_fasthash32_pkt_cnt32", k_fasthash32_pkt_cnt32 },
	{ "bpf_cmp_eq", k_cmp_eq },
	{ "bpf_find_mask_u16", k_find_mask_u16 },
	{ "bpf_find_u16", k_find_u16 },
	{ "bpf_ffs", k_ffs },
	{ "bpf_tzcnt_u32", k_tzcnt_u32 },
	{ "bpf_bitmap2_ffs", k_bitmap2_ffs },
	{ "bpf_mem_container_new", k_mem_container_new },
	{ "bpf_mem_container_release", k_obj_release },
	{ "bpf_mem_container_kptr_get", k_obj_kptr_get },
	{ "bpf_mem_node_alloc", k_mem_node_alloc },
	{ "bpf_mem_node_free", k_mem_node_free },
	{ "bpf_mem_node_get", k_mem_node_get },
	{ "bpf_mem_node_read", k_mem_node_read },
	{ "bpf_mem_node_write", k_mem_node_write },
	{ "bpf_mem_node_connect", k_mem_node_connect },
	{ "bpf_mem_node_disconnect", k_mem_node_disconnect },
	{ "bpf_mem_node_next", k_mem_node_next },
	{ "bpf_bktlist_new", k_bktlist_new },
	{ "bpf_bktlist_new_percpu", k_bktlist_new_percpu },
	{ "bpf_bktlist_free", k_obj_release },
	{ "bpf_bktlist_kptr_get", k_obj_kptr_get },
	{ "bpf_bktlist_push_back", k_bktlist_push_back },
	{ "bpf_bktlist_pop_front", k_bktlist_pop_front },
	{ "bpf_bktlist_len", k_bktlist_len },
	{ "bpf_bktlist_drain", k_bktlist_drain },
	{ "bpf_bktlist_kptr_push_back", k_bktlist_kptr_push_back },
	{ "bpf_bktlist_kptr_drain", k_bktlist_kptr_drain },
	{ "bpf_bktlist_kptr_len", k_bktlist_kptr_len },
	{ "bpf_bktlist_push_drain", k_bktlist_push_drain },
	{ "bpf_bktlist_kptr_push_drain", k_bktlist_kptr_push_drain },
	{ "bpf_mem_node_walk", k_mem_node_walk },
	{ "bpf_mem_node_descend", k_mem_node_descend },
	{ "bpf_mem_kptr_node_read", k_mem_kptr_node_read },
	{ "bpf_mem_kptr_descend", k_mem_kptr_descend },
	{ "bpf_mem_node_find", k_mem_node_find },
	{ "bpf_mem_kptr_find", k_mem_kptr_find },
	{ "bpf_geo_sampling_ctx_new", k_geo_new },
	{ "bpf_geo_sampling_ctx_new_frac", k_geo_new_frac },
	{ "bpf_geo_sampling_ctx_free", k_obj_release },
	{ "bpf_geo_sampling_ctx_kptr_get", k_obj_kptr_get },
	{ "bpf_geo_sampling_should_do", k_geo_should_do },
	{ "bpf_geo_sampling_gen_geo_cnt", k_geo_gen_cnt },
	{ "bpf_geo_sampling_kptr_gen_geo_cnt", k_geo_kptr_gen_cnt },
};
const unsigned int bench_nr_kfuncs = sizeof(bench_kfuncs) / sizeof(bench_kfuncs[0]);

void bench_kfuncs_init(void)
{
	have_avx2 = __builtin_cpu_supports("avx2");
	have_sse42 = __builtin_cpu_supports("sse4.2");
	enetstl_crc32c_init();
}

#else /* the driver */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* sched_setaffinity */
#endif
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>

#include "elf_load.h"
#include "nf_frames.h"
#include "progs/cms8_common.h"
#include "progs/cuckoo_switch_common.h"
#include "progs/eiffel_common.h"
#include "progs/carousel_common.h"
#include "progs/nitro_common.h"
#include "progs/skiplist_common.h"
#include "../enetstl/progs/cms_common.h"
#include "../enetstl/progs/cuckoo_common.h"
#ifdef BENCH_HAVE_NATIVE
#include "nf_native.h"
#endif

extern const struct elf_kfunc bench_kfuncs[];
extern const unsigned int bench_nr_kfuncs;
void bench_kfuncs_init(void);

#define NPKT		8	/* frames each measurement cycles through */
#define PASSES		7	/* the jobs of a row interleaved, this many times */
#define ROUNDS		5	/* rounds per pass, for our JIT and native */
#define KROUNDS		3	/* rounds per pass, kernel (8 syscalls each) */
#define ROUND_NS	1e6	/* length of one timed round */
#define CHECK_PKTS	512	/* extra frames of the correctness check */
#define SWITCH_FLOWS	6000	/* 37% of the cuckoo table's slots */
#define EIF_PREFILL	1000
#define XDP_PASS_RV	2
#define XDP_TX_RV	3

static const char *objdir;
static int verbose;

typedef u32 (*native_fn)(const u8 *pkt);

/* A loaded object: on our loader/JIT, or on the host kernel. */
struct eng {
	struct elf_obj *o;
	struct bpf_object *k;
	const char *what;
};

struct row {
	const char *name;
	const char *ebpf, *enetstl;	/* objects under objdir; ebpf may be NULL */
	const char *prog;		/* measured program */
	const char *init_ebpf, *init_enetstl;	/* run once after load */
	int (*setup)(struct eng *e);	/* state before the check */
	void (*frame)(struct prng *r, u8 *pkt, int i);	/* measured (i < NPKT) and check frames */
	u32 want_rv;
	const char *same[6];		/* maps / globals equal in both builds */
	native_fn native;		/* NULL: no native build */
	int (*native_setup)(void);
	/* Extra check when the two builds' states cannot be byte-equal. */
	int (*check)(const struct row *rw, struct eng *e, u32 npkts);
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "bench_enetstl: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(1);
}

/* ------------------------------------------------------------ engines */

static int eng_open(struct eng *e, const char *obj, bool kernel)
{
	static const struct elf_load_opts opts = { .kfuncs = bench_kfuncs };
	struct elf_load_opts o = opts;
	char path[512], err[512];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", objdir, obj);
	memset(e, 0, sizeof(*e));
	e->what = obj;
	if (!kernel) {
		o.nr_kfuncs = bench_nr_kfuncs;
		ret = elf_obj_open(path, &o, &e->o, err, sizeof(err));
		if (ret)
			die("%s%s", "", err);
		return 0;
	}
	e->k = bpf_object__open_file(path, NULL);
	if (!e->k)
		return -errno;
	ret = bpf_object__load(e->k);
	if (ret) {
		bpf_object__close(e->k);
		e->k = NULL;
	}
	return ret;
}

static void eng_close(struct eng *e)
{
	elf_obj_close(e->o);
	bpf_object__close(e->k);
	memset(e, 0, sizeof(*e));
}

static u32 eng_run(struct eng *e, const char *prog, const void *pkt)
{
	static u8 buf[PKT_LEN];

	memcpy(buf, pkt, PKT_LEN);
	if (e->o) {
		const struct elf_prog *p = elf_obj_prog(e->o, prog);
		struct elf_xdp_md ctx = { .data = buf, .data_end = buf + PKT_LEN };

		if (!p)
			die("%s: no program %s", e->what, prog);
		return (u32)elf_prog_run(p, &ctx);
	} else {
		struct bpf_program *p = bpf_object__find_program_by_name(e->k, prog);
		LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = buf,
			    .data_size_in = PKT_LEN, .repeat = 1);

		if (!p || bpf_prog_test_run_opts(bpf_program__fd(p), &t))
			die("%s: kernel run of %s failed", e->what, prog);
		return t.retval;
	}
}

/* Set element key of array map name. */
static int eng_map_set(struct eng *e, const char *name, u32 key,
		       const void *val)
{
	struct bpf_map *km;

	if (e->o) {
		struct elf_map *m = elf_obj_map(e->o, name);

		return m ? elf_map_update(m, &key, val, 0) : -ENOENT;
	}
	km = bpf_object__find_map_by_name(e->k, name);
	return km ? bpf_map_update_elem(bpf_map__fd(km), &key, val, 0) : -ENOENT;
}

/* Bytes of map or global name, copied to buf (at most cap); -1 if absent. */
static long eng_read(struct eng *e, const char *name, void *buf, size_t cap)
{
	static const char *const secs[] = { ".bss", ".data", ".rodata" };
	struct elf_map *m;
	size_t sz, i;
	u8 *addr;

	if (e->o) {
		m = elf_obj_map(e->o, name);
		if (m) {
			for (i = 0; i < m->max_entries; i++) {
				u32 k = (u32)i;

				if ((i + 1) * m->value_size > cap)
					return -1;
				memcpy((u8 *)buf + i * m->value_size,
				       elf_map_lookup(m, &k), m->value_size);
			}
			return (long)(m->max_entries * m->value_size);
		}
		addr = elf_obj_var(e->o, name, &sz);
		if (!addr || sz > cap)
			return -1;
		memcpy(buf, addr, sz);
		return (long)sz;
	}
	{
		struct bpf_map *km = bpf_object__find_map_by_name(e->k, name);
		struct elf_obj *ours;
		char path[512], err[512];
		long ret = -1;

		if (km && !bpf_map__is_internal(km)) {
			u32 vs = bpf_map__value_size(km), n = bpf_map__max_entries(km);

			if ((size_t)vs * n > cap)
				return -1;
			for (i = 0; i < n; i++) {
				u32 k = (u32)i;

				if (bpf_map_lookup_elem(bpf_map__fd(km), &k,
							(u8 *)buf + i * vs))
					return -1;
			}
			return (long)vs * n;
		}
		/* A global: its offset from our loader's view of the object. */
		snprintf(path, sizeof(path), "%s/%s", objdir, e->what);
		if (elf_obj_open(path, &(struct elf_load_opts){ .kfuncs = bench_kfuncs,
				 .nr_kfuncs = bench_nr_kfuncs, .no_jit = true },
				 &ours, err, sizeof(err)))
			return -1;
		addr = elf_obj_var(ours, name, &sz);
		for (i = 0; addr && i < 3; i++) {
			struct elf_map *sm = elf_obj_map(ours, secs[i]);
			size_t ksz;
			const u8 *kmem;

			if (!sm || addr < sm->data || addr >= sm->data + sm->value_size)
				continue;
			bpf_object__for_each_map(km, e->k) {
				const char *mn = bpf_map__name(km);
				size_t l = strlen(mn), sl = strlen(secs[i]);

				if (!bpf_map__is_internal(km) || l < sl ||
				    strcmp(mn + l - sl, secs[i]))
					continue;
				/* The whole section is element 0 of its map. */
				ksz = bpf_map__value_size(km);
				kmem = malloc(ksz);
				if (kmem && (size_t)(addr - sm->data) + sz <= ksz &&
				    sz <= cap && !bpf_map_lookup_elem(bpf_map__fd(km),
								      &(u32){ 0 }, (void *)kmem)) {
					memcpy(buf, kmem + (addr - sm->data), sz);
					ret = (long)sz;
				}
				free((void *)kmem);
			}
		}
		elf_obj_close(ours);
		return ret;
	}
}

/* ------------------------------------------------------------ timing */

static u8 pkts[NPKT][PKT_LEN];
static struct elf_xdp_md ctxs[NPKT];

/* Best of ROUNDS rounds of ns per packet; *bad set on a wrong verdict. */
static double time_ours(const struct elf_prog *p, u32 want, bool *bad)
{
	double best = 1e30, t0, dt;
	u32 n = 16, i, r, k, acc = 0;

	for (i = 0; i < NPKT; i++)
		ctxs[i] = (struct elf_xdp_md){ .data = pkts[i],
					       .data_end = pkts[i] + PKT_LEN };
	for (;;) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			for (k = 0; k < NPKT; k++)
				acc |= (u32)elf_prog_run(p, &ctxs[k]) ^ want;
		dt = now_ns() - t0;
		if (dt > ROUND_NS || n >= (1u << 24))
			break;
		n *= 2;
	}
	for (r = 0; r < ROUNDS; r++) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			for (k = 0; k < NPKT; k++)
				acc |= (u32)elf_prog_run(p, &ctxs[k]) ^ want;
		dt = (now_ns() - t0) / ((double)n * NPKT);
		best = dt < best ? dt : best;
	}
	*bad |= acc != 0;
	return best;
}

#ifdef BENCH_HAVE_NATIVE
static double time_native(native_fn fn, u32 want, bool *bad)
{
	double best = 1e30, t0, dt;
	u32 n = 16, i, r, k, acc = 0;

	for (;;) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			for (k = 0; k < NPKT; k++)
				acc |= fn(pkts[k]) ^ want;
		dt = now_ns() - t0;
		if (dt > ROUND_NS || n >= (1u << 24))
			break;
		n *= 2;
	}
	for (r = 0; r < ROUNDS; r++) {
		t0 = now_ns();
		for (i = 0; i < n; i++)
			for (k = 0; k < NPKT; k++)
				acc |= fn(pkts[k]) ^ want;
		dt = (now_ns() - t0) / ((double)n * NPKT);
		best = dt < best ? dt : best;
	}
	*bad |= acc != 0;
	return best;
}
#endif

/* The kernel's own average over repeat runs per frame; best of KROUNDS. */
static double time_kernel(struct eng *e, const char *prog, u32 want, bool *bad)
{
	struct bpf_program *p = bpf_object__find_program_by_name(e->k, prog);
	double best = 1e30, sum;
	u32 repeat = 1000, r, k;

	if (!p)
		return -1;
	for (r = 0; r <= KROUNDS; r++) {
		sum = 0;
		for (k = 0; k < NPKT; k++) {
			LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = pkts[k],
				    .data_size_in = PKT_LEN, .repeat = repeat);

			if (bpf_prog_test_run_opts(bpf_program__fd(p), &t))
				return -1;
			*bad |= t.retval != want;
			sum += t.duration;
		}
		sum /= NPKT;
		if (!r) {
			/* First round sizes repeat to ~ROUND_NS / NPKT per call. */
			repeat = sum > 0 ? (u32)(ROUND_NS / NPKT / sum) + 1 : 100000;
			continue;
		}
		best = sum < best ? sum : best;
	}
	return best;
}

/* ------------------------------------------------------------ the NFs */

/* selftests/enetstl count-min: the packed 5-tuple right after Ethernet. */
static void frame_cms4(struct prng *r, u8 *pkt, int i)
{
	struct pkt_5tuple t;

	(void)i;
	nf_random_flow(r, &t);
	memset(pkt, 0, PKT_LEN);
	pkt[12] = 0x08;
	memcpy(pkt + CMS_KEY_OFF, &t, sizeof(t));
}

static void frame_flow(struct prng *r, u8 *pkt, int i)
{
	struct pkt_5tuple t;

	(void)i;
	nf_random_flow(r, &t);
	nf_frame_5tuple(pkt, &t);
}

/* Flows learned by the cuckoo switch (the same ones in every engine). */
static struct pkt_5tuple sw_flows[SWITCH_FLOWS];
static u32 sw_port[SWITCH_FLOWS];

static void frame_hit(struct prng *r, u8 *pkt, int i)
{
	nf_frame_5tuple(pkt, &sw_flows[i < NPKT ? (u32)i : prng_below(r, SWITCH_FLOWS)]);
}

static int setup_switch(struct eng *e)
{
	u8 pkt[PKT_LEN] = { [12] = 0x88, [13] = 0xb5 };
	struct cuckoo_req req;
	int i;

	for (i = 0; i < SWITCH_FLOWS; i++) {
		memset(&req, 0, sizeof(req));
		nf_switch_key(&sw_flows[i], (uint64_t *)req.key);
		req.val = sw_port[i];
		memcpy(pkt + CUCKOO_REQ_OFF, &req, sizeof(req));
		if (eng_run(e, "cuckoo_insert", pkt) > CUCKOO_UPDATED)
			return -1;
	}
	return 0;
}

static void frame_eif(struct prng *r, u8 *pkt, int i)
{
	(void)i;
	nf_frame_eiffel(pkt, prng_below(r, EIF_PRIOS / 2), prng_next(r));
}

static u8 eif_fill[EIF_PREFILL][PKT_LEN];

static int setup_eiffel(struct eng *e)
{
	int i;

	for (i = 0; i < EIF_PREFILL; i++)
		if (eng_run(e, "eiffel_enqueue", eif_fill[i]) != EIF_OK)
			return -1;
	return 0;
}

/* Carousel: every flow paced at 1 ns/byte, 64-byte packets, 8 flows. */
static void frame_cr(struct prng *r, u8 *pkt, int i)
{
	struct cr_req req = { .now = 0, .len = 64 };

	req.flow = i < NPKT ? (u32)i : prng_below(r, CR_FLOWS);
	memset(pkt, 0, PKT_LEN);
	pkt[12] = 0x88;
	pkt[13] = 0xb5;
	memcpy(pkt + CR_REQ_OFF, &req, sizeof(req));
}

/* Both builds keep one wheel per CPU: main() keeps every run on CPU 0. */
static int setup_carousel(struct eng *e)
{
	struct cr_flow f = { .ns_per_byte = 1 };
	u32 i;

	for (i = 0; i < CR_FLOWS; i++)
		if (eng_map_set(e, "flows", i, &f))
			return -1;
	return 0;
}

/* NitroSketch: the sampled rows differ between builds (different random
 * sources), so check the invariants instead: every update adds p_den,
 * and about one (packet, row) pair in p_den is updated.
 */
static int check_nitro(const struct row *rw, struct eng *e, u32 npkts)
{
	static struct cms8_table t;
	u64 upd = 0, sum = 0, want = (u64)npkts * NITRO_ROWS / NITRO_P_DEN;
	u32 i, j;

	if (eng_read(e, "cms", &t, sizeof(t)) != sizeof(t) ||
	    eng_read(e, "nr_updates", &upd, sizeof(upd)) != sizeof(upd))
		return -1;
	for (i = 0; i < CMS8_ROWS; i++)
		for (j = 0; j < CMS8_COLS; j++)
			sum += t.cnt[i][j];
	if (sum != upd * NITRO_P_DEN || upd < want * 3 / 4 || upd > want * 5 / 4) {
		printf("# %s: %s: %llu updates (want about %llu), table sum %llu\n",
		       rw->name, e->what, (unsigned long long)upd,
		       (unsigned long long)want, (unsigned long long)sum);
		return -1;
	}
	return 0;
}

/* Skip list: SL_FILL keys stored (as the guest bench), lookups of them. */
#define SL_FILL 1000
static u64 sl_keys[SL_FILL];

static void sl_frame(u8 *pkt, u64 key, u64 val)
{
	struct sl_req req = { .key = key, .val = val };

	memset(pkt, 0, PKT_LEN);
	pkt[12] = 0x88;
	pkt[13] = 0xb5;
	memcpy(pkt + SL_REQ_OFF, &req, sizeof(req));
}

static void frame_sl(struct prng *r, u8 *pkt, int i)
{
	sl_frame(pkt, sl_keys[i < NPKT ? (u32)i : prng_below(r, SL_FILL)], 0);
}

static int setup_skiplist(struct eng *e)
{
	u8 pkt[PKT_LEN];
	int i;

	for (i = 0; i < SL_FILL; i++) {
		sl_frame(pkt, sl_keys[i], i);
		if (eng_run(e, "skiplist_insert", pkt) != SL_OK)
			return -1;
	}
	return 0;
}

#ifdef BENCH_HAVE_NATIVE
static struct cms8_table nat_cms;
static struct nf_switch nat_sw = { .mask = SWITCH_BUCKETS - 1 };
static struct nf_eiffel nat_q;

static u32 nat_cms8_xxh(const u8 *pkt)
{
	struct pkt_5tuple t;

	if (nf_parse_5tuple(pkt, PKT_LEN, &t))
		return NF_XDP_ABORTED;
	nf_cms8_xxh32(&nat_cms, &t);
	return NF_XDP_PASS;
}

static u32 nat_cms8_fh(const u8 *pkt)
{
	struct pkt_5tuple t;

	if (nf_parse_5tuple(pkt, PKT_LEN, &t))
		return NF_XDP_ABORTED;
	nf_cms8_fasthash32(&nat_cms, &t);
	return NF_XDP_PASS;
}

static int nat_cms_setup(void)
{
	memset(&nat_cms, 0, sizeof(nat_cms));
	return 0;
}

static u32 nat_switch(const u8 *pkt)
{
	struct pkt_5tuple t;
	u32 port;

	if (nf_parse_5tuple(pkt, PKT_LEN, &t))
		return NF_XDP_ABORTED;
	return (u32)nf_switch_fwd(&nat_sw, &t, &port);
}

static int nat_switch_setup(void)
{
	u64 key[2];
	int i;

	free(nat_sw.b);
	memset(&nat_sw, 0, sizeof(nat_sw));
	nat_sw.mask = SWITCH_BUCKETS - 1;
	nat_sw.b = calloc(SWITCH_BUCKETS, sizeof(*nat_sw.b));
	if (!nat_sw.b)
		return -1;
	for (i = 0; i < SWITCH_FLOWS; i++) {
		nf_switch_key(&sw_flows[i], (uint64_t *)key);
		if (nf_switch_insert(&nat_sw, key, sw_port[i]) > CUCKOO_UPDATED)
			return -1;
	}
	return 0;
}

static u32 nat_eiffel(const u8 *pkt)
{
	const struct eif_req *r = (const void *)(pkt + EIF_REQ_OFF);
	u32 prio;
	u64 item;
	int err = nf_eiffel_enqueue(&nat_q, r->prio, r->item);

	return (u32)(err ? err : nf_eiffel_dequeue(&nat_q, &prio, &item));
}

static int nat_eiffel_setup(void)
{
	const struct eif_req *r;
	int i;

	free(nat_q.b);
	memset(&nat_q, 0, sizeof(nat_q));
	nat_q.b = calloc(EIF_PRIOS, sizeof(*nat_q.b));
	if (!nat_q.b)
		return -1;
	for (i = 0; i < EIF_PREFILL; i++) {
		r = (const void *)(eif_fill[i] + EIF_REQ_OFF);
		if (nf_eiffel_enqueue(&nat_q, r->prio, r->item) != EIF_OK)
			return -1;
	}
	return 0;
}
static struct nf_carousel nat_cr;

static u32 nat_carousel(const u8 *pkt)
{
	const struct cr_req *r = (const void *)(pkt + CR_REQ_OFF);
	int err = nf_carousel_enqueue(&nat_cr, r->now, r->flow, r->len);

	return (u32)(err != CR_QUEUED ? err : nf_carousel_tick(&nat_cr, nat_cr.start));
}

static int nat_carousel_setup(void)
{
	u32 i;

	free(nat_cr.pool);
	memset(&nat_cr, 0, sizeof(nat_cr));
	nat_cr.pool = calloc(CR_TOTAL_CAP, sizeof(*nat_cr.pool));
	if (!nat_cr.pool)
		return -1;
	nf_carousel_init(&nat_cr);
	for (i = 0; i < CR_FLOWS; i++)
		nat_cr.flow[i].ns_per_byte = 1;
	return 0;
}

static struct nf_nitro nat_nitro;

static u32 nat_nitro_update(const u8 *pkt)
{
	struct pkt_5tuple t;

	if (nf_parse_5tuple(pkt, PKT_LEN, &t))
		return NF_XDP_ABORTED;
	nf_nitro_update(&nat_nitro, &t);
	return NF_XDP_PASS;
}

static int nat_nitro_setup(void)
{
	free(nat_nitro.t);
	memset(&nat_nitro, 0, sizeof(nat_nitro));
	nf_nitro_init(&nat_nitro, NITRO_P_DEN, 0x5eed0004);
	nat_nitro.t = calloc(1, sizeof(*nat_nitro.t));
	return nat_nitro.t ? 0 : -1;
}

static struct nf_skiplist nat_sl;

static u32 nat_sl_lookup(const u8 *pkt)
{
	const struct sl_req *r = (const void *)(pkt + SL_REQ_OFF);
	u64 val;

	return (u32)nf_skiplist_lookup(&nat_sl, r->key, &val);
}

static int nat_sl_setup(void)
{
	int i;

	free(nat_sl.pool);
	memset(&nat_sl, 0, sizeof(nat_sl));
	nat_sl.pool = calloc(SL_MAX_KEYS, sizeof(*nat_sl.pool));
	if (!nat_sl.pool)
		return -1;
	nf_skiplist_init(&nat_sl);
	for (i = 0; i < SL_FILL; i++)
		if (nf_skiplist_insert(&nat_sl, sl_keys[i], i) != SL_OK)
			return -1;
	return 0;
}
#define NAT(fn, setup) .native = fn, .native_setup = setup
#else
#define NAT(fn, setup) .native = NULL
#endif

static const struct row rows[] = {
	{ "count-min x4, xxh32", "enetstl/cms_ebpf.bpf.o",
	  "enetstl/cms_enetstl.bpf.o", "cms_xxh32", NULL, NULL, NULL,
	  frame_cms4, XDP_PASS_RV, { "cms" }, NULL, NULL, NULL },
	{ "count-min x4, fasthash32", "enetstl/cms_ebpf.bpf.o",
	  "enetstl/cms_enetstl.bpf.o", "cms_fasthash32", NULL, NULL, NULL,
	  frame_cms4, XDP_PASS_RV, { "cms" }, NULL, NULL, NULL },
	{ "count-min x8, xxh32", "enetstl_nf/cms8_ebpf.bpf.o",
	  "enetstl_nf/cms8_enetstl.bpf.o", "cms8_xxh32", NULL, NULL, NULL,
	  frame_flow, XDP_PASS_RV, { "cms" }, NAT(nat_cms8_xxh, nat_cms_setup) },
	{ "count-min x8, fasthash32", "enetstl_nf/cms8_ebpf.bpf.o",
	  "enetstl_nf/cms8_enetstl.bpf.o", "cms8_fasthash32", NULL, NULL, NULL,
	  frame_flow, XDP_PASS_RV, { "cms" }, NAT(nat_cms8_fh, nat_cms_setup) },
	{ "cuckoo switch, hit", "enetstl_nf/cuckoo_switch_ebpf.bpf.o",
	  "enetstl_nf/cuckoo_switch_enetstl.bpf.o", "switch_fwd",
	  "cuckoo_crc_init", NULL, setup_switch, frame_hit, XDP_TX_RV,
	  { "buckets", "port_tx", "fwd_miss", "last_port" },
	  NAT(nat_switch, nat_switch_setup) },
	{ "cuckoo switch, miss", "enetstl_nf/cuckoo_switch_ebpf.bpf.o",
	  "enetstl_nf/cuckoo_switch_enetstl.bpf.o", "switch_fwd",
	  "cuckoo_crc_init", NULL, setup_switch, frame_flow, XDP_PASS_RV,
	  { "buckets", "port_tx", "fwd_miss" },
	  NAT(nat_switch, nat_switch_setup) },
	{ "Eiffel enqueue+dequeue", "enetstl_nf/eiffel_ebpf.bpf.o",
	  "enetstl_nf/eiffel_enetstl.bpf.o", "eiffel_enq_deq", NULL, NULL,
	  setup_eiffel, frame_eif, EIF_OK,
	  { "buckets", "bitmap", "nr_items", "deq_prio", "deq_item" },
	  NAT(nat_eiffel, nat_eiffel_setup) },
	{ "Carousel enqueue+tick", "enetstl_nf/carousel_ebpf.bpf.o",
	  "enetstl_nf/carousel_enetstl.bpf.o", "carousel_enq_tick", NULL,
	  "carousel_init", setup_carousel, frame_cr, CR_QUEUED,
	  { "flows", "wheels" },
	  NAT(nat_carousel, nat_carousel_setup) },
	{ "NitroSketch x8, p=1/8", "enetstl_nf/nitro_ebpf.bpf.o",
	  "enetstl_nf/nitro_enetstl.bpf.o", "nitro_update", NULL, "nitro_init",
	  NULL, frame_flow, XDP_PASS_RV, { NULL },
	  NAT(nat_nitro_update, nat_nitro_setup), .check = check_nitro },
	{ "skip-list KV lookup (1000)", NULL, "enetstl_nf/skiplist.bpf.o",
	  "skiplist_lookup", NULL, "skiplist_init", setup_skiplist, frame_sl,
	  SL_OK, { NULL }, NAT(nat_sl_lookup, nat_sl_setup) },
};

/* ------------------------------------------------------------ checks */

static u8 cmp_a[8 << 20], cmp_b[8 << 20];

/* 0 when every name in same[] holds the same bytes in a and b. */
static int same_state(const struct row *rw, struct eng *a, struct eng *b)
{
	int i;

	for (i = 0; i < 6 && rw->same[i]; i++) {
		long la = eng_read(a, rw->same[i], cmp_a, sizeof(cmp_a));
		long lb = eng_read(b, rw->same[i], cmp_b, sizeof(cmp_b));

		if (la < 0 || la != lb || memcmp(cmp_a, cmp_b, (size_t)la)) {
			if (verbose)
				for (long j = 0; j < la && j < lb; j += 8)
					printf("#  %ld: %llx %llx\n", j,
					       *(unsigned long long *)(cmp_a + j),
					       *(unsigned long long *)(cmp_b + j));
			printf("# %s: %s differs between %s (%s) and %s (%s)\n",
			       rw->name, rw->same[i], a->what, a->o ? "ours" : "kernel",
			       b->what, b->o ? "ours" : "kernel");
			return -1;
		}
	}
	return 0;
}

static int prepare(const struct row *rw, struct eng *e, const char *init)
{
	if (init && eng_run(e, init, pkts[0]) != XDP_PASS_RV)
		return -1;
	return rw->setup ? rw->setup(e) : 0;
}

/*
 * Same inputs to every engine: the NPKT measured frames then CHECK_PKTS
 * more; every verdict must agree, then the shared state must be equal.
 */
static int check_row(const struct row *rw, struct eng *eb, struct eng *en,
		     struct eng *ek)
{
	static u8 f[PKT_LEN];
	struct prng r;
	u32 rb, rn, rk, rnat;
	int i;

	prng_init(&r, 0x5eed0001);
	for (i = 0; i < NPKT + CHECK_PKTS; i++) {
		if (i < NPKT)
			memcpy(f, pkts[i], PKT_LEN);
		else
			rw->frame(&r, f, i);
		rn = eng_run(en, rw->prog, f);
		rb = eb->o ? eng_run(eb, rw->prog, f) : rn;
		rk = ek->k ? eng_run(ek, rw->prog, f) : rb;
#ifdef BENCH_HAVE_NATIVE
		rnat = rw->native ? rw->native(f) : rn;
#else
		rnat = rn;
#endif
		if (rb != rn || rk != rb || rnat != rn) {
			printf("# %s: frame %d: verdicts differ: eBPF %u eNetSTL %u kernel %u native %u\n",
			       rw->name, i, rb, rn, rk, rnat);
			return -1;
		}
	}
	if (eb->o && same_state(rw, eb, en))
		return -1;
	if (rw->check && (rw->check(rw, en, NPKT + CHECK_PKTS) ||
			  (eb->o && rw->check(rw, eb, NPKT + CHECK_PKTS)) ||
			  (ek->k && rw->check(rw, ek, NPKT + CHECK_PKTS))))
		return -1;
	if (ek->k && same_state(rw, eb, ek))
		return -1;
#ifdef BENCH_HAVE_NATIVE
	if (rw->native == nat_cms8_xxh || rw->native == nat_cms8_fh) {
		if (eng_read(en, "cms", cmp_a, sizeof(cmp_a)) != sizeof(nat_cms) ||
		    memcmp(cmp_a, &nat_cms, sizeof(nat_cms))) {
			printf("# %s: native table differs from eNetSTL's\n", rw->name);
			return -1;
		}
	}
#endif
	return 0;
}

/* ------------------------------------------------------------ main */

struct result {
	double ebpf, kern, enetstl, native;
};

static double e_ours, e_kern;
static int nr_rows;
static double up_min = 1e9, up_max = -1e9, gap_worst = -1e9;

static void cell(double v, const char *fmt)
{
	if (v < 0)
		printf(" %9s", "n/a");
	else
		printf(fmt, v);
}

static double net(double v, double empty)
{
	return v < 0 ? -1 : (v > empty ? v - empty : 0);
}

/* Minimum of two timings where -1 means "none". */
static double min_of(double a, double b)
{
	if (a < 0)
		return b;
	return b >= 0 && b < a ? b : a;
}

static int run_row(const struct row *rw, bool have_kernel)
{
	struct eng eb = { 0 }, en = { 0 }, ek = { 0 };
	struct result res = { -1, -1, -1, -1 };
	const struct elf_prog *pb, *pn;
	bool bad = false;
	struct prng r;
	int i;

	prng_init(&r, 0x5eed0000);
	for (i = 0; i < NPKT; i++)
		rw->frame(&r, pkts[i], i);
	if (rw->ebpf)
		eng_open(&eb, rw->ebpf, false);
	eng_open(&en, rw->enetstl, false);
	if (rw->ebpf && have_kernel && eng_open(&ek, rw->ebpf, true))
		printf("# %s: the host kernel refused %s\n", rw->name, rw->ebpf);
	if ((eb.o && prepare(rw, &eb, rw->init_ebpf)) ||
	    prepare(rw, &en, rw->init_enetstl) ||
	    (ek.k && prepare(rw, &ek, rw->init_ebpf)))
		die("%s: setup failed%s", rw->name, "");
#ifdef BENCH_HAVE_NATIVE
	if (rw->native && rw->native_setup())
		die("%s: native setup failed%s", rw->name, "");
#endif
	if (check_row(rw, &eb, &en, &ek))
		die("%s: results differ, not timing it%s", rw->name, "");

	/*
	 * Best over PASSES interleaved passes: a burst of load from other
	 * work on the machine then hits one pass of every job, not all the
	 * rounds of one job.
	 */
	pn = elf_obj_prog(en.o, rw->prog);
	pb = eb.o ? elf_obj_prog(eb.o, rw->prog) : NULL;
	for (i = 0; i < PASSES; i++) {
		res.enetstl = min_of(res.enetstl, time_ours(pn, rw->want_rv, &bad));
		if (pb)
			res.ebpf = min_of(res.ebpf, time_ours(pb, rw->want_rv, &bad));
		if (ek.k)
			res.kern = min_of(res.kern, time_kernel(&ek, rw->prog,
								 rw->want_rv, &bad));
#ifdef BENCH_HAVE_NATIVE
		if (rw->native)
			res.native = min_of(res.native,
					    time_native(rw->native, rw->want_rv, &bad));
#endif
	}
	res.enetstl = net(res.enetstl, e_ours);
	res.ebpf = net(res.ebpf, e_ours);
	res.kern = net(res.kern, e_kern);
	if (bad)
		die("%s: a timed run returned a wrong verdict%s", rw->name, "");

	printf("%-26s", rw->name);
	cell(res.ebpf, " %9.1f");
	cell(res.kern, " %9.1f");
	cell(res.enetstl, " %9.1f");
	cell(res.native, " %9.1f");
	if (res.ebpf > 0 && res.enetstl > 0) {
		double up = (res.ebpf / res.enetstl - 1) * 100;

		printf(" %+8.1f%%", up);
		up_min = up < up_min ? up : up_min;
		up_max = up > up_max ? up : up_max;
	} else {
		printf(" %9s", "n/a");
	}
	if (res.native > 0 && res.enetstl >= 0) {
		double gap = (res.enetstl / res.native - 1) * 100;

		printf(" %9.2fx\n", res.enetstl / res.native);
		gap_worst = gap > gap_worst ? gap : gap_worst;
	} else {
		printf(" %10s\n", "n/a");
	}
	nr_rows++;
	eng_close(&eb);
	eng_close(&en);
	eng_close(&ek);
	return 0;
}

/* The empty XDP program, for the per-run cost of each harness. */
static void measure_empty(bool *have_kernel)
{
	struct eng eo, ek;
	bool bad = false;
	int i;

	for (i = 0; i < NPKT; i++)
		memset(pkts[i], 0, PKT_LEN);
	eng_open(&eo, "enetstl_nf/nf_empty.bpf.o", false);
	e_ours = -1;
	for (i = 0; i < PASSES; i++)
		e_ours = min_of(e_ours, time_ours(elf_obj_prog(eo.o, "xdp_pass"),
						  XDP_PASS_RV, &bad));
	eng_close(&eo);
	if (*have_kernel && !eng_open(&ek, "enetstl_nf/nf_empty.bpf.o", true)) {
		e_kern = -1;
		for (i = 0; i < PASSES; i++)
			e_kern = min_of(e_kern, time_kernel(&ek, "xdp_pass",
							    XDP_PASS_RV, &bad));
		eng_close(&ek);
	} else {
		*have_kernel = false;
	}
	if (bad || e_kern < 0)
		*have_kernel = false;
}

int main(int argc, char **argv)
{
	bool have_kernel = geteuid() == 0;
	const char *only;
	cpu_set_t cpu0;
	struct prng r;
	size_t i;

	/*
	 * Every run on one CPU, CPU 0: per-CPU state (Carousel's wheels) is
	 * paced on the CPU a flow arrives on and checked in CPU 0's copy, and
	 * every row, whatever BENCH_ENETSTL_ONLY picks, runs the same way.
	 */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0)) {
		perror("bench_enetstl: sched_setaffinity");
		return 1;
	}
	objdir = argc > 1 ? argv[1] : "build/selftests";
	verbose = getenv("BENCH_ENETSTL_VERBOSE") != NULL;
	/* BENCH_ENETSTL_ONLY=text: only the rows whose name contains it. */
	only = getenv("BENCH_ENETSTL_ONLY");
	libbpf_set_print(NULL);
	bench_kfuncs_init();
#ifdef BENCH_HAVE_NATIVE
	nf_hash_init(__builtin_cpu_supports("sse4.2"));
#endif
	prng_init(&r, 0x5eed0003);
	for (i = 0; i < SWITCH_FLOWS; i++) {
		nf_random_flow(&r, &sw_flows[i]);
		sw_port[i] = prng_below(&r, SWITCH_PORTS);
	}
	for (i = 0; i < EIF_PREFILL; i++)
		nf_frame_eiffel(eif_fill[i], EIF_PRIOS / 2 +
				prng_below(&r, EIF_PRIOS / 2), prng_next(&r));
	for (i = 0; i < SL_FILL; i++)
		sl_keys[i] = prng_next(&r) >> 1;
	measure_empty(&have_kernel);

	printf("# eNetSTL network functions on this CPU: ns/packet over %d frames, best of %d x %d rounds\n",
	       NPKT, PASSES, ROUNDS);
	printf("# minus an empty XDP program run the same way (our JIT %.1f ns", e_ours);
	if (have_kernel)
		printf(", kernel BPF_PROG_TEST_RUN %.1f ns)\n", e_kern);
	else
		printf("; kernel column n/a: needs root)\n");
	printf("%-26s %9s %9s %9s %9s %9s %10s\n", "NF", "eBPF", "eBPF-kern",
	       "eNetSTL", "native", "speed-up", "eN/native");
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		if (!only || strstr(rows[i].name, only))
			run_row(&rows[i], have_kernel);
	printf("# how to read: eBPF and eNetSTL are the same NF's two BPF builds run by lib/bpf's JIT,\n");
	printf("# eBPF-kern is the eBPF build on the host kernel's JIT (fairness check of ours), native is nf_native's C;\n");
	printf("# speed-up = eBPF / eNetSTL - 1 (higher is better), eN/native = eNetSTL / native (1.00x = native speed)\n");
	printf("enetstl: %d NFs, speed-up over pure eBPF min %.1f%% max %.1f%%, gap to native worst ",
	       nr_rows, up_min, up_max);
	if (gap_worst > -1e9)
		printf("%.1f%%\n", gap_worst);
	else
		printf("n/a\n");
	return 0;
}
#endif
