// SPDX-License-Identifier: GPL-2.0
/*
 * enetstl_nf per packet on a NIC-like path: real frames sent over a veth
 * pair (nfvb-tx -> nfvb-rx, veth_tx.c) to each network function attached
 * in native XDP mode on the receiving end, eBPF build against eNetSTL
 * build, with an empty XDP program measured alongside as the path's own
 * cost.  Two figures per packet: the sender's wall time for the whole
 * stream (AF_PACKET, veth, NAPI, the program, the verdict's fate), and the
 * program's own run time from the kernel's BPF stats.
 *
 * Every trial is checked: the program ran exactly once per frame (BPF
 * stats run count), and the NF's state is what the userspace model gives
 * for those frames (count-min table equal to ref_cnt32's; the switch's per-
 * port and miss counters equal to the cuckoo model's lookups; NitroSketch's
 * counters multiples of 1/p where the flows hash, update count within 6
 * sigma of its binomial mean).  Exits 1 when any check fails.
 *
 *   nf_veth_bench [FRAMES_PER_TRIAL]
 */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../enetstl/progs/cuckoo_common.h"
#include "../enetstl/ref_cuckoo.h"
#include "../enetstl/veth_tx.h"
#include "cms8_ebpf.skel.h"
#include "cms8_enetstl.skel.h"
#include "cuckoo_switch_ebpf.skel.h"
#include "cuckoo_switch_enetstl.skel.h"
#include "nitro_ebpf.skel.h"
#include "nitro_enetstl.skel.h"
#include "nf_empty.skel.h"
#include "nf_frames.h"
#include "progs/cuckoo_switch_common.h"
#include "progs/nitro_common.h"

#define TRIALS		3
#define CHUNK		64	/* frames each job takes in turn */
#define NR_FLOWS	1000
#define UNKNOWN_PCT	10	/* switch frames of flows it has not learned */
#define WAIT_NS		5000000000ull	/* for the last frames to be seen */

static unsigned int npkts = 2000;
static struct veth_pair vp;
static struct veth_tx tx = { .fd = -1 };
static int failed;

/* One program over the veth path, with what to reset and check per trial. */
struct job {
	const struct bpf_program *prog;
	const uint8_t *frames;
	void (*reset)(const struct job *j);
	bool (*check)(const struct job *j);
	void *nf;			/* the NF state reset/check work on */
};

static void die(const char *what, int err)
{
	fprintf(stderr, "nf_veth_bench: %s: %s\n", what,
		strerror(err < 0 ? -err : err));
	veth_pair_destroy(&vp);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void prog_stats(const struct bpf_program *prog, uint64_t *cnt,
		       uint64_t *ns)
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);
	int err = bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len);

	if (err)
		die("bpf_obj_get_info_by_fd", errno);
	*cnt = info.run_cnt;
	*ns = info.run_time_ns;
}

/*
 * Frames [from, from + n) of the stream through j->prog: per-packet wall
 * time from the first send until the program has run on the last frame,
 * and per-packet program run time.
 */
static void send_chunk(const struct job *j, unsigned int from,
		       unsigned int n, double *wall, double *run)
{
	uint64_t c0, r0, c1, r1, t0, t1;
	int err;

	err = veth_xdp_attach(&vp, bpf_program__fd(j->prog));
	if (err)
		die("native XDP attach", err);
	prog_stats(j->prog, &c0, &r0);
	t0 = now_ns();
	err = veth_tx_send(&tx, j->frames + (size_t)from * PKT_LEN, PKT_LEN,
			   PKT_LEN, n);
	if (err)
		die("sending", err);
	/* Usually done on return (NAPI ran in the send); else ksoftirqd. */
	do {
		prog_stats(j->prog, &c1, &r1);
		t1 = now_ns();
	} while (c1 - c0 < n && t1 - t0 < WAIT_NS && !sched_yield());
	*wall = (double)(t1 - t0) / n;
	*run = (double)(r1 - r0) / n;
}

/* Per job: its samples, the empty job's absolute, the others' paired. */
struct samples {
	double *wall, *run;
	unsigned int n;
};

/*
 * One trial of the three jobs: the whole stream through each, in CHUNK
 * frames taken in turn.  Each NF chunk is paired with the empty program's
 * chunk just before it, so the machine's changing load (other guests, the
 * host) falls out of the difference.  Samples are kept when s is not
 * NULL.  False when a check failed.
 */
static bool trial(const struct job *jobs, struct samples *s)
{
	uint64_t c0[3], r0[3], c1, r1;
	bool ok = true;

	for (int k = 0; k < 3; k++) {
		if (jobs[k].reset)
			jobs[k].reset(&jobs[k]);
		prog_stats(jobs[k].prog, &c0[k], &r0[k]);
	}
	for (unsigned int from = 0; from < npkts; from += CHUNK) {
		unsigned int n = npkts - from < CHUNK ? npkts - from : CHUNK;
		double w[3], r[3];

		for (int k = 0; k < 3; k++)
			send_chunk(&jobs[k], from, n, &w[k], &r[k]);
		for (int k = 0; s && k < 3; k++) {
			s[k].wall[s[k].n] = k ? w[k] - w[0] : w[0];
			s[k].run[s[k].n++] = k ? r[k] - r[0] : r[0];
		}
	}
	for (int k = 0; k < 3; k++) {
		const struct job *j = &jobs[k];

		prog_stats(j->prog, &c1, &r1);
		if (c1 - c0[k] != npkts) {
			fprintf(stderr, "nf_veth_bench: %s ran %llu times for %u frames\n",
				bpf_program__name(j->prog),
				(unsigned long long)(c1 - c0[k]), npkts);
			ok = false;
		}
		if (j->check && !j->check(j))
			ok = false;
	}
	return ok;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_dbl);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Ratio of two costs, n/a when either is lost in the noise (<= 0). */
static void print_ratio(double ebpf, double enetstl)
{
	if (ebpf > 0 && enetstl > 0)
		printf("%6.2fx", ebpf / enetstl);
	else
		printf("%7s", "n/a");
}

/* Empty, eBPF, eNetSTL: a warm-up trial, then TRIALS measured ones. */
static void row(const char *name, const struct job *jobs)
{
	unsigned int max = TRIALS * ((npkts + CHUNK - 1) / CHUNK);
	struct samples s[3];
	double w[3], r[3];
	bool ok = trial(jobs, NULL);

	for (int k = 0; k < 3; k++) {
		s[k].wall = calloc(max, sizeof(double));
		s[k].run = calloc(max, sizeof(double));
		s[k].n = 0;
		if (!s[k].wall || !s[k].run)
			die("memory", ENOMEM);
	}
	for (int i = 0; i < TRIALS; i++)
		ok &= trial(jobs, s);
	for (int k = 0; k < 3; k++) {
		w[k] = median(s[k].wall, s[k].n);
		r[k] = median(s[k].run, s[k].n);
		free(s[k].wall);
		free(s[k].run);
	}
	printf("%-24s %7.0f %8.1f %8.1f ", name, w[0], w[1], w[2]);
	print_ratio(w[1], w[2]);
	printf(" | %6.0f %8.1f %8.1f ", r[0], r[1], r[2]);
	print_ratio(r[1], r[2]);
	printf("%s\n", ok ? "" : "  CHECK FAILED");
	if (!ok)
		failed = 1;
}

/* The stream: NR_FLOWS flows, Zipf(1.1) ranks, as the other NF tests. */
static struct pkt_5tuple flow[NR_FLOWS];
static uint32_t *stream;
static uint8_t *cms_frames, *sw_frames;

/* count-min x8: each trial's table must equal the model's. */
static struct cms8_table cms_model, cms_got;

static void table_zero(struct bpf_map *map)
{
	static const struct cms8_table zero;
	uint32_t k = 0;

	if (bpf_map_update_elem(bpf_map__fd(map), &k, &zero, BPF_ANY))
		die("zeroing the table", errno);
}

static void table_read(struct bpf_map *map, struct cms8_table *t)
{
	uint32_t k = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(map), &k, t))
		die("reading the table", errno);
}

/* j->nf: the build's table map. */
static void cms_reset(const struct job *j)
{
	table_zero(j->nf);
}

static bool cms_check(const struct job *j)
{
	table_read(j->nf, &cms_got);
	if (!memcmp(&cms_got, &cms_model, sizeof(cms_got)))
		return true;
	fprintf(stderr, "nf_veth_bench: %s: table differs from the model\n",
		bpf_program__name(j->prog));
	return false;
}

/* Cuckoo switch: per-port and miss counters against the model's lookups. */
struct sw_state {
	__u64 *port_tx, *fwd_miss;
};

static struct cuckoo_model sw_model;
static uint64_t sw_want_tx[SWITCH_PORTS], sw_want_miss;

static void sw_reset(const struct job *j)
{
	struct sw_state *s = j->nf;

	memset(s->port_tx, 0, SWITCH_PORTS * sizeof(*s->port_tx));
	*s->fwd_miss = 0;
}

static bool sw_check(const struct job *j)
{
	struct sw_state *s = j->nf;
	bool ok = *s->fwd_miss == sw_want_miss;

	for (uint32_t p = 0; p < SWITCH_PORTS; p++)
		ok &= s->port_tx[p] == sw_want_tx[p];
	if (!ok)
		fprintf(stderr, "nf_veth_bench: %s: port/miss counters differ from the model\n",
			bpf_program__name(j->prog));
	return ok;
}

/* Learn every flow through the control-plane program (the model took all). */
static void sw_learn(const struct bpf_program *insert)
{
	for (int i = 0; i < NR_FLOWS; i++) {
		struct cuckoo_req req = { .val = i % SWITCH_PORTS };
		uint8_t pkt[PKT_LEN] = { [12] = 0x88, [13] = 0xb5 };
		uint32_t rv;
		int err;

		nf_switch_key(&flow[i], (uint64_t *)req.key);
		memcpy(pkt + CUCKOO_REQ_OFF, &req, sizeof(req));
		err = prog_run(insert, pkt, PKT_LEN, &rv);
		if (err)
			die("cuckoo_insert", err);
		if (rv != CUCKOO_OK)
			die("cuckoo_insert: the model inserted, BPF did not", EINVAL);
	}
}

/* NitroSketch, p = 1/8: sampled, so checked by its invariants. */
struct nitro_state {
	struct bpf_map *cms;
	__u64 *nr_updates;
};

static uint8_t nitro_hit[NITRO_ROWS][CMS8_COLS];

static void nitro_reset(const struct job *j)
{
	struct nitro_state *s = j->nf;

	table_zero(s->cms);
	*s->nr_updates = 0;
}

static bool nitro_check(const struct job *j)
{
	struct nitro_state *s = j->nf;
	double mean = (double)npkts * NITRO_ROWS / NITRO_P_DEN;
	double sd = sqrt(mean * (1 - 1.0 / NITRO_P_DEN));
	uint64_t total = 0;
	bool ok = true;

	table_read(s->cms, &cms_got);
	for (int r = 0; r < NITRO_ROWS; r++)
		for (uint32_t c = 0; c < CMS8_COLS; c++) {
			uint32_t v = cms_got.cnt[r][c];

			ok &= v % NITRO_P_DEN == 0 && (nitro_hit[r][c] || !v);
			total += v / NITRO_P_DEN;
		}
	ok &= total == *s->nr_updates;
	ok &= fabs((double)total - mean) < 6 * sd;
	if (!ok)
		fprintf(stderr, "nf_veth_bench: %s: %llu updates (expected %.0f +- %.0f) or counters off\n",
			bpf_program__name(j->prog), (unsigned long long)total,
			mean, sd);
	return ok;
}

int main(int argc, char **argv)
{
	struct cms8_ebpf *cmsb;
	struct cms8_enetstl *cmse;
	struct cuckoo_switch_ebpf *swb;
	struct cuckoo_switch_enetstl *swe;
	struct nitro_ebpf *nitb;
	struct nitro_enetstl *nite;
	struct nf_empty *empty;
	struct sw_state swbs, swes;
	struct nitro_state nitbs, nites;
	struct prng rng;
	uint32_t rv;
	int err, stats_fd;

	if (argc > 1)
		npkts = strtoul(argv[1], NULL, 0);
	if (npkts < 100)
		npkts = 100;
	prng_init(&rng, test_seed("nf_veth_bench"));
	stream = calloc(npkts, sizeof(*stream));
	cms_frames = calloc(npkts, PKT_LEN);
	sw_frames = calloc(npkts, PKT_LEN);
	if (!stream || !cms_frames || !sw_frames)
		die("memory", ENOMEM);
	for (int i = 0; i < NR_FLOWS; i++)
		nf_random_flow(&rng, &flow[i]);
	if (nf_zipf_stream(&rng, NR_FLOWS, 1.1, stream, npkts))
		die("memory", ENOMEM);

	/* Count-min model; NitroSketch's possible columns; switch model. */
	if (cuckoo_model_init(&sw_model, SWITCH_BUCKETS))
		die("memory", ENOMEM);
	for (int i = 0; i < NR_FLOWS; i++) {
		uint64_t key[2];

		nf_switch_key(&flow[i], key);
		if (cuckoo_model_insert(&sw_model, key, i % SWITCH_PORTS) !=
		    CUCKOO_OK)
			die("cuckoo model insert", ENOSPC);
	}
	for (unsigned int p = 0; p < npkts; p++) {
		const struct pkt_5tuple *t = &flow[stream[p]];
		struct pkt_5tuple u;
		uint64_t key[2];
		uint32_t port;

		nf_frame_5tuple(cms_frames + (size_t)p * PKT_LEN, t);
		ref_cnt32(REF_CNT_XXH32, t, ENETSTL_PKT_5TUPLE_SIZE,
			  &cms_model, sizeof(cms_model), CMS8_COL_SHIFT);
		for (int r = 0; r < NITRO_ROWS; r++)
			nitro_hit[r][ref_xxh32(t, ENETSTL_PKT_5TUPLE_SIZE,
					       ref_cnt_seeds[r]) &
				     (CMS8_COLS - 1)] = 1;
		u = *t;
		if (prng_below(&rng, 100) < UNKNOWN_PCT)
			nf_random_flow(&rng, &u);
		nf_frame_5tuple(sw_frames + (size_t)p * PKT_LEN, &u);
		nf_switch_key(&u, key);
		if (cuckoo_model_lookup(&sw_model, key, &port) == CUCKOO_OK)
			sw_want_tx[port]++;
		else
			sw_want_miss++;
	}

	empty = nf_empty__open_and_load();
	cmsb = cms8_ebpf__open_and_load();
	cmse = cms8_enetstl__open_and_load();
	swb = cuckoo_switch_ebpf__open_and_load();
	swe = cuckoo_switch_enetstl__open_and_load();
	nitb = nitro_ebpf__open_and_load();
	nite = nitro_enetstl__open_and_load();
	if (!empty || !cmsb || !cmse || !swb || !swe || !nitb || !nite)
		die("loading the programs (is eNetSTL.ko loaded?)", errno);
	err = prog_run(swb->progs.cuckoo_crc_init, NULL, 0, &rv);
	err = err ?: prog_run(nite->progs.nitro_init, NULL, 0, &rv);
	if (err)
		die("init programs", err);
	sw_learn(swb->progs.cuckoo_insert);
	sw_learn(swe->progs.cuckoo_insert);
	swbs = (struct sw_state){ swb->bss->port_tx, &swb->bss->fwd_miss };
	swes = (struct sw_state){ swe->bss->port_tx, &swe->bss->fwd_miss };
	nitbs = (struct nitro_state){ nitb->maps.cms, &nitb->bss->nr_updates };
	nites = (struct nitro_state){ nite->maps.cms, &nite->bss->nr_updates };

	/* Run counts and times of every program, for the checks and figures. */
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats_fd < 0)
		die("bpf_enable_stats", stats_fd);
	err = veth_pair_create(&vp, "nfvb-tx", "nfvb-rx");
	if (err)
		die("creating veth nfvb-tx/nfvb-rx", err);
	err = veth_tx_open(&tx, vp.tx_ifindex);
	if (err)
		die("AF_PACKET socket", err);

	printf("enetstl_nf over veth -- emulated (TCG guest): timings are not hardware timings,\n"
	       "only the ratios mean anything\n");
	printf("%s -> %s, native XDP; %d trials of %u frames, the three programs taking\n"
	       "turns every %d frames; medians over those %d-frame pieces, eBPF and eNetSTL\n"
	       "minus the empty XDP program's piece just before; ratio = eBPF / eNetSTL\n\n",
	       vp.tx_name, vp.rx_name, TRIALS, npkts, CHUNK, CHUNK);
	printf("%-24s %-35s | %s\n", "", "  sender wall ns/packet",
	       "  program run ns/packet (BPF stats)");
	printf("%-24s %7s %8s %8s %7s | %6s %8s %8s %7s\n", "network function",
	       "empty", "eBPF", "eNetSTL", "ratio", "empty", "eBPF", "eNetSTL",
	       "ratio");
	{
		struct job jobs[3] = {
			{ .prog = empty->progs.xdp_pass, .frames = cms_frames },
			{ .prog = cmsb->progs.cms8_xxh32, .frames = cms_frames,
			  .reset = cms_reset, .check = cms_check,
			  .nf = cmsb->maps.cms },
			{ .prog = cmse->progs.cms8_xxh32, .frames = cms_frames,
			  .reset = cms_reset, .check = cms_check,
			  .nf = cmse->maps.cms },
		};

		row("count-min x8, xxh32", jobs);
	}
	{
		struct job jobs[3] = {
			{ .prog = empty->progs.xdp_pass, .frames = sw_frames },
			{ .prog = swb->progs.switch_fwd, .frames = sw_frames,
			  .reset = sw_reset, .check = sw_check, .nf = &swbs },
			{ .prog = swe->progs.switch_fwd, .frames = sw_frames,
			  .reset = sw_reset, .check = sw_check, .nf = &swes },
		};

		row("cuckoo switch, 90% hit", jobs);
	}
	{
		struct job jobs[3] = {
			{ .prog = empty->progs.xdp_pass, .frames = cms_frames },
			{ .prog = nitb->progs.nitro_update, .frames = cms_frames,
			  .reset = nitro_reset, .check = nitro_check,
			  .nf = &nitbs },
			{ .prog = nite->progs.nitro_update, .frames = cms_frames,
			  .reset = nitro_reset, .check = nitro_check,
			  .nf = &nites },
		};

		row("NitroSketch x8, p=1/8", jobs);
	}
	printf("\nwall: AF_PACKET send, veth, NAPI, the program and its verdict's fate (switch\n"
	       "hits are XDP_TX, cheaper than the empty program's XDP_PASS); under TCG the path\n"
	       "costs far more than the programs, so the program-run ratios are the steadier\n"
	       "ones; checks: one run per frame, NF state = model of the frames sent\n");
	printf("enetstl_nf over veth (emulated): %s\n",
	       failed ? "CHECKS FAILED" : "all checks passed");

	veth_xdp_detach(&vp);
	veth_tx_close(&tx);
	veth_pair_destroy(&vp);
	close(stats_fd);
	nf_empty__destroy(empty);
	cms8_ebpf__destroy(cmsb);
	cms8_enetstl__destroy(cmse);
	cuckoo_switch_ebpf__destroy(swb);
	cuckoo_switch_enetstl__destroy(swe);
	nitro_ebpf__destroy(nitb);
	nitro_enetstl__destroy(nite);
	cuckoo_model_free(&sw_model);
	free(stream);
	free(cms_frames);
	free(sw_frames);
	return failed;
}
