// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_nf in the guest: ns per packet of each network function as plain
 * eBPF, on eNetSTL, and as native C in the kernel (nf_native.ko), side by
 * side in one run.  BPF figures come from BPF_PROG_TEST_RUN repeat minus an
 * empty XDP program measured alongside (the test-run loop's own cost);
 * native figures from the module's timing loop over the same frames.
 * TCG emulates the CPU: the absolute numbers are not hardware timings, only
 * the ratios mean something.  Prints figures; fails only when a program
 * returns a wrong verdict.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* sched_setaffinity */
#endif
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "progs/eiffel_common.h"
#include "progs/carousel_common.h"
#include "progs/skiplist_common.h"
#include "../enetstl/progs/cuckoo_common.h"
#include "cms8_ebpf.skel.h"
#include "cms8_enetstl.skel.h"
#include "cuckoo_switch_ebpf.skel.h"
#include "cuckoo_switch_enetstl.skel.h"
#include "eiffel_ebpf.skel.h"
#include "eiffel_enetstl.skel.h"
#include "nitro_ebpf.skel.h"
#include "nitro_enetstl.skel.h"
#include "carousel_ebpf.skel.h"
#include "carousel_enetstl.skel.h"
#include "skiplist.skel.h"
#include "native_dev.h"
#include "nf_empty.skel.h"
#include "nf_frames.h"
#include "progs/cuckoo_switch_common.h"

#define TRIALS		5
#define NPKT		8	/* frames each job cycles through */
#define SWITCH_FLOWS	6000	/* 37% of the cuckoo table's slots */
#define EIF_PREFILL	1000
#define SL_KEYS		1000	/* skip-list keys stored */

static uint32_t repeat = 50000;
static int native_fd = -1;

struct job {
	const struct bpf_program *prog;	/* BPF job, or */
	uint32_t fn, op;		/* native job when prog is NULL */
	uint8_t (*pkts)[PKT_LEN];
	uint32_t want_rv;
	double t[TRIALS];
};

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "nf_bench: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* One trial: average ns per packet over reps runs spread over NPKT frames. */
static double trial(const struct job *j, uint32_t reps)
{
	uint32_t per = reps / NPKT ? reps / NPKT : 1;
	double sum = 0;

	if (!j->prog) {
		uint64_t ns;
		int err = native_run(native_fd, j->fn, j->op, j->pkts, NPKT,
				     PKT_LEN, NULL, per, &ns);

		if (err)
			die("native run", err);
		return (double)ns / ((double)NPKT * per);
	}
	for (int p = 0; p < NPKT; p++) {
		uint32_t ns, rv;
		int err = prog_run_repeat(j->prog, j->pkts[p], PKT_LEN, per,
					  &ns, &rv);

		if (err)
			die(bpf_program__name(j->prog), err);
		if (rv != j->want_rv) {
			fprintf(stderr, "nf_bench: %s returned %u, want %u\n",
				bpf_program__name(j->prog), rv, j->want_rv);
			exit(1);
		}
		sum += ns;
	}
	return sum / NPKT;
}

/* Medians of TRIALS, the jobs' trials interleaved after a warm-up. */
static void measure(struct job *jobs, int n, double *median)
{
	for (int k = 0; k < n; k++)
		trial(&jobs[k], repeat / 10);
	for (int i = 0; i < TRIALS; i++)
		for (int k = 0; k < n; k++)
			jobs[k].t[i] = trial(&jobs[k], repeat);
	for (int k = 0; k < n; k++) {
		qsort(jobs[k].t, TRIALS, sizeof(double), cmp_dbl);
		median[k] = jobs[k].t[TRIALS / 2];
	}
}

static const struct bpf_program *empty_prog;
static uint8_t empty_pkts[NPKT][PKT_LEN];
static int nr_rows;
static double up_min = 1e9, up_max = -1e9, gap_worst = -1e9;

/*
 * One table row: empty program, eBPF build (NULL: none, skip list), eNetSTL
 * build and native, measured together.
 */
static void row(const char *name, const struct bpf_program *ebpf,
		const struct bpf_program *enetstl, uint32_t fn, uint32_t op,
		uint8_t (*pkts)[PKT_LEN], uint32_t want_rv)
{
	struct job jobs[4] = {
		{ .prog = empty_prog, .pkts = empty_pkts, .want_rv = 2 },
		{ .prog = enetstl, .pkts = pkts, .want_rv = want_rv },
		{ .fn = fn, .op = op, .pkts = pkts },
		{ .prog = ebpf, .pkts = pkts, .want_rv = want_rv },
	};
	double m[4], b = 0, e, up = 0;
	bool native = native_fd >= 0;

	/* Jobs present: empty, eNetSTL, then native and eBPF when there. */
	if (!native)
		jobs[2] = jobs[3];
	measure(jobs, 2 + native + !!ebpf, m);
	e = m[1] - m[0];
	if (ebpf) {
		b = m[native ? 3 : 2] - m[0];
		up = (b / e - 1) * 100;
		up_min = up < up_min ? up : up_min;
		up_max = up > up_max ? up : up_max;
		printf("%-26s %6.0f %9.1f %9.1f ", name, m[0], b, e);
	} else {
		printf("%-26s %6.0f %9s %9.1f ", name, m[0], "n/a", e);
	}
	if (native) {
		double gap = (e / m[2] - 1) * 100;

		gap_worst = gap > gap_worst ? gap : gap_worst;
		printf("%9.1f ", m[2]);
		if (ebpf)
			printf("%+9.1f%% ", up);
		else
			printf("%10s ", "n/a");
		printf("%9.2fx\n", e / m[2]);
	} else {
		printf("%9s ", "n/a");
		if (ebpf)
			printf("%+9.1f%% ", up);
		else
			printf("%10s ", "n/a");
		printf("%10s\n", "n/a");
	}
	nr_rows++;
}

static void bpf_req(const struct bpf_program *prog, void *pkt)
{
	uint32_t rv;
	int err = prog_run(prog, pkt, PKT_LEN, &rv);

	if (err)
		die(bpf_program__name(prog), err);
}

int main(int argc, char **argv)
{
	static uint8_t cms_pkts[NPKT][PKT_LEN], hit[NPKT][PKT_LEN];
	static uint8_t miss[NPKT][PKT_LEN], eif[NPKT][PKT_LEN];
	static struct cuckoo_req req[SWITCH_FLOWS];
	static uint8_t fill[EIF_PREFILL][PKT_LEN];
	struct cuckoo_switch_enetstl *swe;
	struct cuckoo_switch_ebpf *swb;
	struct cms8_enetstl *cmse;
	struct cms8_ebpf *cmsb;
	struct eiffel_enetstl *eife;
	struct eiffel_ebpf *eifb;
	struct nitro_enetstl *nite;
	struct nitro_ebpf *nitb;
	struct carousel_enetstl *cre;
	struct carousel_ebpf *crb;
	struct skiplist *sl;
	static uint8_t crp[NPKT][PKT_LEN], slp[NPKT][PKT_LEN];
	static struct sl_req slkeys[SL_KEYS];
	static struct cr_flow crf[CR_FLOWS];
	struct nf_empty *empty;
	struct prng rng;
	uint32_t rv;
	int err;

	/*
	 * Carousel keeps one wheel per CPU and paces a flow on the CPU it
	 * arrives on (as RSS would steer it): every run on one CPU.
	 */
	{
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(0, &one);
		if (sched_setaffinity(0, sizeof(one), &one))
			die("sched_setaffinity", -errno);
	}
	if (argc > 1)
		repeat = strtoul(argv[1], NULL, 0);
	if (repeat < 10 * NPKT)
		repeat = 10 * NPKT;
	prng_init(&rng, test_seed("nf_bench"));
	empty = nf_empty__open_and_load();
	cmse = cms8_enetstl__open_and_load();
	cmsb = cms8_ebpf__open_and_load();
	swe = cuckoo_switch_enetstl__open_and_load();
	swb = cuckoo_switch_ebpf__open_and_load();
	eife = eiffel_enetstl__open_and_load();
	eifb = eiffel_ebpf__open_and_load();
	nitb = nitro_ebpf__open_and_load();
	crb = carousel_ebpf__open_and_load();
	nite = nitro_enetstl__open();
	cre = carousel_enetstl__open();
	sl = skiplist__open();
	if (!empty || !cmse || !cmsb || !swe || !swb || !eife || !eifb ||
	    !nitb || !crb || !nite || !cre || !sl)
		die("loading the programs (is eNetSTL.ko loaded?)", errno);
	err = nitro_enetstl__load(nite);
	err = err ?: carousel_enetstl__load(cre);
	err = err ?: skiplist__load(sl);
	if (err)
		die("loading the kptr programs", err);
	err = prog_run(nite->progs.nitro_init, NULL, 0, &rv);
	err = err ?: prog_run(cre->progs.carousel_init, NULL, 0, &rv);
	err = err ?: prog_run(sl->progs.skiplist_init, NULL, 0, &rv);
	if (err)
		die("init programs", err);
	err = prog_run(swb->progs.cuckoo_crc_init, NULL, 0, &rv);
	if (err)
		die("cuckoo_crc_init", err);
	native_fd = native_open();
	empty_prog = empty->progs.xdp_pass;

	for (int i = 0; i < NPKT; i++) {
		struct pkt_5tuple t;

		nf_random_flow(&rng, &t);
		nf_frame_5tuple(cms_pkts[i], &t);
		nf_frame_5tuple(empty_pkts[i], &t);
		nf_random_flow(&rng, &t);
		nf_frame_5tuple(miss[i], &t);
		nf_frame_eiffel(eif[i], prng_below(&rng, EIF_PRIOS / 2),
				prng_next(&rng));
	}
	/* The same flows learned by all three switches. */
	for (int i = 0; i < SWITCH_FLOWS; i++) {
		struct pkt_5tuple t;
		uint8_t pkt[PKT_LEN] = { [12] = 0x88, [13] = 0xb5 };

		nf_random_flow(&rng, &t);
		nf_switch_key(&t, (uint64_t *)req[i].key);
		req[i].val = prng_below(&rng, SWITCH_PORTS);
		memcpy(pkt + CUCKOO_REQ_OFF, &req[i], sizeof(req[i]));
		bpf_req(swe->progs.cuckoo_insert, pkt);
		bpf_req(swb->progs.cuckoo_insert, pkt);
		if (i < NPKT)
			nf_frame_5tuple(hit[i], &t);
	}
	/*
	 * Queues prefilled alike, in the upper half of the priorities: each
	 * measured packet (lower half) is then the minimum it dequeues again,
	 * a steady state, while the bitmaps stay populated.
	 */
	for (int i = 0; i < EIF_PREFILL; i++) {
		nf_frame_eiffel(fill[i], EIF_PRIOS / 2 +
				prng_below(&rng, EIF_PRIOS / 2),
				prng_next(&rng));
		bpf_req(eife->progs.eiffel_enqueue, fill[i]);
		bpf_req(eifb->progs.eiffel_enqueue, fill[i]);
	}
	/*
	 * Carousel: 1 ns/byte flows, 64-byte packets, so each packet lands
	 * in the slot the wheel's timer serves next (carousel_enq_tick).
	 */
	for (uint32_t f = 0; f < CR_FLOWS; f++) {
		crf[f].ns_per_byte = 1;
		err = bpf_map_update_elem(bpf_map__fd(cre->maps.flows), &f,
					  &crf[f], BPF_ANY);
		err = err ?: bpf_map_update_elem(bpf_map__fd(crb->maps.flows),
						 &f, &crf[f], BPF_ANY);
		if (err)
			die("carousel flows", -errno);
	}
	for (int i = 0; i < NPKT; i++) {
		struct cr_req r = { .now = 0, .flow = i, .len = 64 };

		memset(crp[i], 0, PKT_LEN);
		memcpy(crp[i] + CR_REQ_OFF, &r, sizeof(r));
	}
	/* Skip list: SL_KEYS keys stored, lookups of stored keys. */
	for (int i = 0; i < SL_KEYS; i++) {
		uint8_t pkt[PKT_LEN] = { [12] = 0x88, [13] = 0xb5 };

		slkeys[i].key = prng_next(&rng) >> 1;
		slkeys[i].val = i;
		memcpy(pkt + SL_REQ_OFF, &slkeys[i], sizeof(slkeys[i]));
		bpf_req(sl->progs.skiplist_insert, pkt);
		if (i < NPKT)
			memcpy(slp[i], pkt, PKT_LEN);
	}
	if (native_fd >= 0) {
		err = native_reset(native_fd, NF_NATIVE_NITRO);
		err = err ?: native_reset(native_fd, NF_NATIVE_CAROUSEL);
		err = err ?: native_run(native_fd, NF_NATIVE_CAROUSEL,
					NF_NATIVE_OP_INSERT, crf, CR_FLOWS,
					sizeof(crf[0]), NULL, 1, NULL);
		err = err ?: native_reset(native_fd, NF_NATIVE_SKIPLIST);
		err = err ?: native_run(native_fd, NF_NATIVE_SKIPLIST,
					NF_NATIVE_OP_INSERT, slkeys, SL_KEYS,
					sizeof(slkeys[0]), NULL, 1, NULL);
		err = err ?: native_reset(native_fd, NF_NATIVE_SWITCH);
		err = err ?: native_run(native_fd, NF_NATIVE_SWITCH,
					NF_NATIVE_OP_INSERT, req, SWITCH_FLOWS,
					sizeof(req[0]), NULL, 1, NULL);
		err = err ?: native_reset(native_fd, NF_NATIVE_EIFFEL);
		err = err ?: native_run(native_fd, NF_NATIVE_EIFFEL,
					NF_NATIVE_OP_ENQUEUE, fill, EIF_PREFILL,
					PKT_LEN, NULL, 1, NULL);
		if (err)
			die("native setup", err);
	}

	printf("enetstl_nf -- emulated (TCG guest): read the ratios, not the ns\n");
	printf("ns/packet, %u runs per trial over %d frames, median of %d; BPF columns minus\n",
	       repeat, NPKT, TRIALS);
	printf("an empty XDP program; native = nf_native.ko's own loop%s\n\n",
	       native_fd >= 0 ? "" : " (not loaded: n/a)");
	printf("%-26s %6s %9s %9s %9s %10s %10s\n", "network function", "empty", "eBPF",
	       "eNetSTL", "native", "speed-up", "eN/native");
	row("count-min x8, xxh32", cmsb->progs.cms8_xxh32,
	    cmse->progs.cms8_xxh32, NF_NATIVE_CMS8_XXH32,
	    NF_NATIVE_OP_PACKETS, cms_pkts, 2);
	row("count-min x8, fasthash32", cmsb->progs.cms8_fasthash32,
	    cmse->progs.cms8_fasthash32, NF_NATIVE_CMS8_FASTHASH32,
	    NF_NATIVE_OP_PACKETS, cms_pkts, 2);
	row("cuckoo switch, hit", swb->progs.switch_fwd,
	    swe->progs.switch_fwd, NF_NATIVE_SWITCH, NF_NATIVE_OP_PACKETS,
	    hit, 3);
	row("cuckoo switch, miss", swb->progs.switch_fwd,
	    swe->progs.switch_fwd, NF_NATIVE_SWITCH, NF_NATIVE_OP_PACKETS,
	    miss, 2);
	row("Eiffel enqueue+dequeue", eifb->progs.eiffel_enq_deq,
	    eife->progs.eiffel_enq_deq, NF_NATIVE_EIFFEL,
	    NF_NATIVE_OP_PACKETS, eif, EIF_OK);
	row("NitroSketch x8, p=1/8", nitb->progs.nitro_update,
	    nite->progs.nitro_update, NF_NATIVE_NITRO, NF_NATIVE_OP_PACKETS,
	    cms_pkts, 2);
	row("Carousel enqueue+tick", crb->progs.carousel_enq_tick,
	    cre->progs.carousel_enq_tick, NF_NATIVE_CAROUSEL,
	    NF_NATIVE_OP_PACKETS, crp, CR_QUEUED);
	row("skip-list KV lookup (1000)", NULL, sl->progs.skiplist_lookup,
	    NF_NATIVE_SKIPLIST, NF_NATIVE_OP_PACKETS, slp, SL_OK);
	printf("\nspeed-up = eBPF / eNetSTL - 1; eN/native = eNetSTL / native;\n");
	printf("skip list: eNetSTL only (pure eBPF on 6.1 cannot allocate or link nodes)\n");
	printf("enetstl_nf (emulated): %d NFs, speed-up over pure eBPF min %.1f%% max %.1f%%",
	       nr_rows, up_min, up_max);
	if (native_fd >= 0)
		printf(", gap to native worst %.1f%%\n", gap_worst);
	else
		printf(", native not measured\n");

	if (native_fd >= 0)
		close(native_fd);
	nf_empty__destroy(empty);
	cms8_enetstl__destroy(cmse);
	cms8_ebpf__destroy(cmsb);
	cuckoo_switch_enetstl__destroy(swe);
	cuckoo_switch_ebpf__destroy(swb);
	eiffel_enetstl__destroy(eife);
	eiffel_ebpf__destroy(eifb);
	nitro_enetstl__destroy(nite);
	nitro_ebpf__destroy(nitb);
	carousel_enetstl__destroy(cre);
	carousel_ebpf__destroy(crb);
	skiplist__destroy(sl);
	return 0;
}
