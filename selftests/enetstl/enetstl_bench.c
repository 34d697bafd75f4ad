// SPDX-License-Identifier: GPL-2.0
/*
 * eNetSTL vs plain eBPF, side by side in one run: ns per packet for the
 * count-min sketch update and the cuckoo hash lookup, measured with
 * BPF_PROG_TEST_RUN repeat on 64-byte frames, minus an empty XDP program
 * measured the same way.  In the TCG guest the CPU is emulated, so only the
 * ratios mean anything.  Prints figures; never fails on timing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cms_ebpf.skel.h"
#include "cms_enetstl.skel.h"
#include "kfunc_progs.skel.h"
#include "nf_cms.h"
#include "nf_cuckoo.h"
#include "prog_run.h"
#include "ref_hash.h"

#define TRIALS		7
#define CUCKOO_BUCKETS	2048
#define CUCKOO_FILL	8000	/* about half of the 16384 slots */
#define LOOKUP_KEYS	8

static uint32_t repeat = 100000;

static void row(const char *what, double base, double enetstl, double ebpf)
{
	double e = enetstl - base, b = ebpf - base;

	printf("%-30s %8.0f %10.1f %10.1f %9.2fx\n", what, base, e, b,
	       e > 0 ? b / e : 0);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

struct job {
	const struct bpf_program *prog;
	uint8_t (*pkts)[PKT_LEN];
	int npkt;
	uint32_t want_rv;
	uint32_t t[TRIALS];
};

/* One trial: the kernel's average ns per run, repeats spread over pkts. */
static uint32_t trial(const struct job *j, uint32_t reps)
{
	uint64_t sum = 0;

	for (int p = 0; p < j->npkt; p++) {
		uint32_t ns, rv;
		int err = prog_run_repeat(j->prog, j->pkts[p], PKT_LEN,
					  reps / j->npkt, &ns, &rv);

		if (err || rv != j->want_rv) {
			fprintf(stderr, "%s: run failed (%d, retval %u)\n",
				bpf_program__name(j->prog), err, rv);
			exit(1);
		}
		sum += ns;
	}
	return sum / j->npkt;
}

/*
 * Median of TRIALS for each job, the jobs' trials interleaved (A B C A B C
 * ...) after a short warm-up, so drift of the emulated clock and code
 * translation hit all of them alike.
 */
static void measure(struct job *jobs, int n, double *median)
{
	for (int k = 0; k < n; k++)
		trial(&jobs[k], repeat / 10);
	for (int i = 0; i < TRIALS; i++)
		for (int k = 0; k < n; k++)
			jobs[k].t[i] = trial(&jobs[k], repeat);
	for (int k = 0; k < n; k++) {
		qsort(jobs[k].t, TRIALS, sizeof(jobs[k].t[0]), cmp_u32);
		median[k] = jobs[k].t[TRIALS / 2];
	}
}

/* Empty program, eNetSTL build, eBPF build, measured together. */
static void compare(const char *what, const struct bpf_program *empty,
		    const struct bpf_program *a, const struct bpf_program *b,
		    uint8_t (*pkts)[PKT_LEN], uint32_t want_rv)
{
	struct job jobs[3] = {
		{ .prog = empty, .pkts = pkts, .npkt = 1, .want_rv = XDP_PASS },
		{ .prog = a, .pkts = pkts, .npkt = LOOKUP_KEYS, .want_rv = want_rv },
		{ .prog = b, .pkts = pkts, .npkt = LOOKUP_KEYS, .want_rv = want_rv },
	};
	double m[3];

	measure(jobs, 3, m);
	row(what, m[0], m[1], m[2]);
}

/* Same program, force_scalar 0 then 1, trials interleaved. */
static void simd_vs_scalar(const char *what, const struct bpf_program *empty,
			   const struct bpf_program *prog,
			   uint8_t (*pkts)[PKT_LEN], uint32_t want_rv)
{
	struct job e = { .prog = empty, .pkts = pkts, .npkt = 1,
			 .want_rv = XDP_PASS };
	struct job j = { .prog = prog, .pkts = pkts, .npkt = LOOKUP_KEYS,
			 .want_rv = want_rv };
	uint32_t te[TRIALS], ts[TRIALS], tv[TRIALS];

	force_scalar_set(0);
	trial(&j, repeat / 10);
	force_scalar_set(1);
	trial(&j, repeat / 10);
	for (int i = 0; i < TRIALS; i++) {
		te[i] = trial(&e, repeat);
		force_scalar_set(0);
		tv[i] = trial(&j, repeat);
		force_scalar_set(1);
		ts[i] = trial(&j, repeat);
	}
	qsort(te, TRIALS, sizeof(te[0]), cmp_u32);
	qsort(tv, TRIALS, sizeof(tv[0]), cmp_u32);
	qsort(ts, TRIALS, sizeof(ts[0]), cmp_u32);
	/* ratio = scalar / SIMD here. */
	row(what, te[TRIALS / 2], tv[TRIALS / 2], ts[TRIALS / 2]);
}

int main(int argc, char **argv)
{
	uint8_t cms_pkts[LOOKUP_KEYS][PKT_LEN], hit[LOOKUP_KEYS][PKT_LEN];
	uint8_t miss[LOOKUP_KEYS][PKT_LEN];
	struct cuckoo_nf ck[2];
	struct kfunc_progs *kp;
	struct cms_nf cms;
	const struct bpf_program *empty;
	struct prng rng;
	int saved, err;

	if (argc > 1)
		repeat = strtoul(argv[1], NULL, 0);
	if (repeat < LOOKUP_KEYS)
		repeat = LOOKUP_KEYS;
	prng_init(&rng, test_seed("enetstl_bench"));
	kp = kfunc_progs__open_and_load();
	err = kp ? cms_nf_open(&cms) : -errno;
	err = err ?: cuckoo_nf_open(&ck[0], true, CUCKOO_BUCKETS);
	err = err ?: cuckoo_nf_open(&ck[1], false, CUCKOO_BUCKETS);
	if (err) {
		fprintf(stderr, "cannot load the programs (%s): is eNetSTL.ko loaded?\n",
			strerror(-err));
		return 1;
	}

	for (int i = 0; i < LOOKUP_KEYS; i++) {
		struct pkt_5tuple t;

		prng_fill(&rng, &t, sizeof(t));
		cms_nf_frame(cms_pkts[i], &t);
	}
	/* Same keys into both cuckoo tables; hits and misses to look up. */
	for (int i = 0; i < CUCKOO_FILL; i++) {
		uint64_t key[2];
		uint32_t val = (uint32_t)prng_next(&rng);

		prng_fill(&rng, key, sizeof(key));
		for (int n = 0; n < 2; n++)
			if (cuckoo_nf_run(&ck[n], ck[n].insert, key, val) !=
			    CUCKOO_OK) {
				fprintf(stderr, "cuckoo fill failed\n");
				return 1;
			}
		if (i < LOOKUP_KEYS)
			cuckoo_nf_frame(hit[i], key, 0);
	}
	for (int i = 0; i < LOOKUP_KEYS; i++) {
		uint64_t key[2];

		prng_fill(&rng, key, sizeof(key));
		cuckoo_nf_frame(miss[i], key, 0);
	}

	empty = kp->progs.xdp_empty;
	printf("eNetSTL vs pure eBPF -- emulated (TCG guest): ratios only\n");
	printf("ns/packet from BPF_PROG_TEST_RUN, %u repeats, 64-byte frames, median of %d;\n",
	       repeat, TRIALS);
	printf("an empty XDP program measured alongside is subtracted; ratio = eBPF / eNetSTL\n\n");
	printf("%-30s %8s %10s %10s %10s\n", "network function", "empty",
	       "eNetSTL", "eBPF", "ratio");
	compare("count-min update, xxh32 x4", empty,
		cms.enetstl->progs.cms_xxh32, cms.ebpf->progs.cms_xxh32,
		cms_pkts, XDP_PASS);
	compare("count-min update, fasthash x4", empty,
		cms.enetstl->progs.cms_fasthash32,
		cms.ebpf->progs.cms_fasthash32, cms_pkts, XDP_PASS);
	compare("cuckoo lookup, hit (49% load)", empty, ck[0].lookup,
		ck[1].lookup, hit, CUCKOO_OK);
	compare("cuckoo lookup, miss", empty, ck[0].lookup, ck[1].lookup,
		miss, CUCKOO_MISSING);

	/* The module's own SIMD vs scalar paths, when they can be switched. */
	saved = force_scalar_get();
	if (saved >= 0 && !force_scalar_set(0)) {
		printf("\n%-30s %8s %10s %10s %10s\n", "eNetSTL kfunc path",
		       "empty", "SIMD", "scalar", "ratio");
		simd_vs_scalar("count-min update, xxh32 x4", empty,
			       cms.enetstl->progs.cms_xxh32, cms_pkts,
			       XDP_PASS);
		simd_vs_scalar("count-min update, fasthash x4", empty,
			       cms.enetstl->progs.cms_fasthash32, cms_pkts,
			       XDP_PASS);
		simd_vs_scalar("cuckoo lookup, hit", empty, ck[0].lookup, hit,
			       CUCKOO_OK);
		force_scalar_set(saved);
	} else {
		printf("\n(force_scalar not writable: SIMD vs scalar not measured)\n");
	}

	cuckoo_nf_close(&ck[0]);
	cuckoo_nf_close(&ck[1]);
	cms_nf_close(&cms);
	kfunc_progs__destroy(kp);
	return 0;
}
