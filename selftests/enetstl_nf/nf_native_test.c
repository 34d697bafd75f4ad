// SPDX-License-Identifier: GPL-2.0
/*
 * The native baseline in the kernel (nf_native.ko), fed the same kind of
 * inputs as the BPF programs in batches, checked against the same
 * userspace models: count-min tables, cuckoo switch inserts, verdicts,
 * ports and counters, Eiffel results and dequeue order.  Skips when
 * nf_native.ko is not loaded.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"

#include "native_dev.h"
#include "nf_frames.h"
#include "progs/cms8_common.h"
#include "progs/nitro_common.h"
#include "progs/cuckoo_switch_common.h"
#include "ref_carousel.h"
#include "ref_eiffel.h"
#include "ref_skiplist.h"
#include "../enetstl/ref_cuckoo.h"

#define NR_FLOWS	4000
#define NR_PKTS		20000

FIXTURE(native) {
	int fd;
	struct prng rng;
	struct pkt_5tuple flow[NR_FLOWS];
	uint8_t (*pkts)[PKT_LEN];
	uint32_t *rank;
	struct nf_native_res *res;
};

/*
 * This harness runs the test body even after a SKIP in the setup, so each
 * test checks for the module itself.
 */
#define NEED_MODULE()							\
	do {								\
		if (self->fd < 0)					\
			SKIP(return, "nf_native.ko is not loaded");	\
	} while (0)

FIXTURE_SETUP(native)
{
	self->pkts = NULL;
	self->rank = NULL;
	self->res = NULL;
	self->fd = native_open();
	if (self->fd == -ENOENT)
		return;
	ASSERT_LE(0, self->fd);
	prng_init(&self->rng, test_seed(_metadata->name));
	for (int i = 0; i < NR_FLOWS; i++)
		nf_random_flow(&self->rng, &self->flow[i]);
	self->pkts = calloc(NR_PKTS, PKT_LEN);
	self->rank = calloc(NR_PKTS, sizeof(*self->rank));
	self->res = calloc(NR_PKTS, sizeof(*self->res));
	ASSERT_NE(NULL, self->pkts);
	ASSERT_NE(NULL, self->rank);
	ASSERT_NE(NULL, self->res);
	ASSERT_EQ(0, nf_zipf_stream(&self->rng, NR_FLOWS, 1.1, self->rank,
				    NR_PKTS));
}

FIXTURE_TEARDOWN(native)
{
	if (self->fd >= 0)
		close(self->fd);
	free(self->pkts);
	free(self->rank);
	free(self->res);
}

static void cms8(struct __test_metadata *_metadata,
		 FIXTURE_DATA(native) *self, uint32_t fn,
		 enum ref_cnt_hash algo)
{
	static struct cms8_table model, got;
	uint64_t ns;

	memset(&model, 0, sizeof(model));
	for (int p = 0; p < NR_PKTS; p++) {
		nf_frame_5tuple(self->pkts[p], &self->flow[self->rank[p]]);
		ref_cnt32(algo, &self->flow[self->rank[p]], 13, &model,
			  sizeof(model), CMS8_COL_SHIFT);
	}
	ASSERT_EQ(0, native_reset(self->fd, fn));
	ASSERT_EQ(0, native_run(self->fd, fn, NF_NATIVE_OP_PACKETS,
				self->pkts, NR_PKTS, PKT_LEN, self->res, 1,
				&ns));
	for (int p = 0; p < NR_PKTS; p++)
		ASSERT_EQ(2u, self->res[p].ret);	/* XDP_PASS */
	ASSERT_EQ(0, native_read(self->fd, fn, &got, sizeof(got)));
	ASSERT_EQ(0, memcmp(&model, &got, sizeof(got))) {
		TH_LOG("native count-min table differs from the model");
	}
	TH_LOG("%d packets, %.1f ns/packet (emulated)", NR_PKTS,
	       (double)ns / NR_PKTS);
}

TEST_F(native, cms8_xxh32)
{
	NEED_MODULE();
	cms8(_metadata, self, NF_NATIVE_CMS8_XXH32, REF_CNT_XXH32);
}

TEST_F(native, cms8_fasthash32)
{
	NEED_MODULE();
	cms8(_metadata, self, NF_NATIVE_CMS8_FASTHASH32, REF_CNT_FASTHASH32);
}

TEST_F(native, cuckoo_switch)
{
	static struct cuckoo_req req[NR_FLOWS];
	struct nf_native_switch_stats st, want = {};
	struct cuckoo_model m;

	NEED_MODULE();
	ASSERT_EQ(0, cuckoo_model_init(&m, SWITCH_BUCKETS));
	for (int i = 0; i < NR_FLOWS; i++) {
		nf_switch_key(&self->flow[i], (uint64_t *)req[i].key);
		req[i].val = i % 50 ? prng_below(&self->rng, SWITCH_PORTS) :
				      SWITCH_PORTS;
	}
	ASSERT_EQ(0, native_reset(self->fd, NF_NATIVE_SWITCH));
	ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_SWITCH,
				NF_NATIVE_OP_INSERT, req, NR_FLOWS,
				sizeof(req[0]), self->res, 1, NULL));
	for (int i = 0; i < NR_FLOWS; i++)
		ASSERT_EQ((uint32_t)cuckoo_model_insert(&m,
					(const uint64_t *)req[i].key,
							req[i].val),
			  self->res[i].ret);
	for (int p = 0; p < NR_PKTS; p++) {
		struct pkt_5tuple t = self->flow[self->rank[p]];

		if (prng_below(&self->rng, 100) < 20)
			nf_random_flow(&self->rng, &t);
		nf_frame_5tuple(self->pkts[p], &t);
	}
	ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_SWITCH,
				NF_NATIVE_OP_PACKETS, self->pkts, NR_PKTS,
				PKT_LEN, self->res, 1, NULL));
	for (int p = 0; p < NR_PKTS; p++) {
		struct pkt_5tuple t;
		uint64_t key[2];
		uint32_t val;

		memcpy(&t.src_ip, self->pkts[p] + 26, 4);
		memcpy(&t.dst_ip, self->pkts[p] + 30, 4);
		memcpy(&t.src_port, self->pkts[p] + 34, 2);
		memcpy(&t.dst_port, self->pkts[p] + 36, 2);
		t.proto = self->pkts[p][23];
		nf_switch_key(&t, key);
		if (cuckoo_model_lookup(&m, key, &val) != CUCKOO_OK) {
			ASSERT_EQ(2u, self->res[p].ret);
			want.miss++;
		} else if (val >= SWITCH_PORTS) {
			ASSERT_EQ(1u, self->res[p].ret);
		} else {
			ASSERT_EQ(3u, self->res[p].ret);
			ASSERT_EQ(val, self->res[p].val);
			want.port_tx[val]++;
		}
	}
	ASSERT_EQ(0, native_read(self->fd, NF_NATIVE_SWITCH, &st,
				 sizeof(st)));
	ASSERT_EQ(0, memcmp(&want, &st, sizeof(st)));
	cuckoo_model_free(&m);
}

static void eif_check(struct __test_metadata *_metadata,
		      struct eiffel_model *m, const struct nf_native_res *r)
{
	uint32_t prio;
	uint64_t item;

	ASSERT_EQ((uint32_t)eiffel_model_dequeue(m, &prio, &item), r->ret);
	if (r->ret == EIF_OK) {
		ASSERT_EQ(prio, r->val);
		ASSERT_EQ(item, r->item);
	}
}

TEST_F(native, eiffel)
{
	const int n = 6000;
	struct eiffel_model m;
	uint32_t last = 0;

	NEED_MODULE();
	ASSERT_EQ(0, eiffel_model_init(&m));
	ASSERT_EQ(0, native_reset(self->fd, NF_NATIVE_EIFFEL));
	/* Enqueues (hot priorities fill up, some out of range). */
	for (int i = 0; i < n; i++) {
		uint32_t r = prng_below(&self->rng, 100);
		uint32_t prio = r < 2 ? EIF_PRIOS + r :
				r < 40 ? 64 * (r % 4) + (r & 1) * 63 :
				prng_below(&self->rng, EIF_PRIOS);

		nf_frame_eiffel(self->pkts[i], prio, prng_next(&self->rng));
	}
	ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_EIFFEL,
				NF_NATIVE_OP_ENQUEUE, self->pkts, n, PKT_LEN,
				self->res, 1, NULL));
	for (int i = 0; i < n; i++) {
		struct eif_req q;

		memcpy(&q, self->pkts[i] + EIF_REQ_OFF, sizeof(q));
		ASSERT_EQ((uint32_t)eiffel_model_enqueue(&m, q.prio, q.item),
			  self->res[i].ret);
	}
	/* Enqueue-then-dequeue pairs, then a full drain and one more. */
	ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_EIFFEL,
				NF_NATIVE_OP_PACKETS, self->pkts, 1000,
				PKT_LEN, self->res, 1, NULL));
	for (int i = 0; i < 1000; i++) {
		struct eif_req q;
		uint32_t want;

		memcpy(&q, self->pkts[i] + EIF_REQ_OFF, sizeof(q));
		want = eiffel_model_enqueue(&m, q.prio, q.item);
		if (want == EIF_OK)
			eif_check(_metadata, &m, &self->res[i]);
		else
			ASSERT_EQ(want, self->res[i].ret);
	}
	ASSERT_LT(m.items, (uint64_t)NR_PKTS);
	ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_EIFFEL,
				NF_NATIVE_OP_DEQUEUE, NULL, m.items + 1, 0,
				self->res, 1, NULL));
	for (uint64_t i = 0, total = m.items + 1; i < total; i++) {
		eif_check(_metadata, &m, &self->res[i]);
		if (self->res[i].ret == EIF_OK) {
			ASSERT_GE(self->res[i].val, last);
			last = self->res[i].val;
		}
	}
	ASSERT_EQ(0u, m.items);
	eiffel_model_free(&m);
}

static struct nf_native_run reset_nitro(int fd, uint32_t p_den)
{
	struct nf_native_run run = {
		.fn = NF_NATIVE_NITRO,
		.op = NF_NATIVE_OP_RESET,
		.out_len = p_den,
	};

	ioctl(fd, NF_NATIVE_RUN, &run);
	return run;
}

/* NitroSketch: exact with p = 1, Binomial update counts with p = 1/8. */
TEST_F(native, nitro)
{
	static struct cms8_table model, got;
	const double sd = sqrt(NR_PKTS / 8.0 * 7 / 8);

	NEED_MODULE();
	memset(&model, 0, sizeof(model));
	for (int p = 0; p < NR_PKTS; p++) {
		nf_frame_5tuple(self->pkts[p], &self->flow[self->rank[p]]);
		ref_cnt32(REF_CNT_XXH32, &self->flow[self->rank[p]], 13,
			  &model, sizeof(model), CMS8_COL_SHIFT);
	}
	reset_nitro(self->fd, 1);
	ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_NITRO,
				NF_NATIVE_OP_PACKETS, self->pkts, NR_PKTS,
				PKT_LEN, self->res, 1, NULL));
	ASSERT_EQ(0, native_read(self->fd, NF_NATIVE_NITRO, &got,
				 sizeof(got)));
	ASSERT_EQ(0, memcmp(&model, &got, sizeof(got)));
	reset_nitro(self->fd, NITRO_P_DEN);
	ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_NITRO,
				NF_NATIVE_OP_PACKETS, self->pkts, NR_PKTS,
				PKT_LEN, self->res, 1, NULL));
	ASSERT_EQ(0, native_read(self->fd, NF_NATIVE_NITRO, &got,
				 sizeof(got)));
	for (int r = 0; r < NITRO_ROWS; r++) {
		uint64_t n = 0;

		for (uint32_t c = 0; c < CMS8_COLS; c++) {
			ASSERT_EQ(0u, got.cnt[r][c] % NITRO_P_DEN);
			if (!model.cnt[r][c])
				ASSERT_EQ(0u, got.cnt[r][c]);
			n += got.cnt[r][c] / NITRO_P_DEN;
		}
		ASSERT_LT(fabs((double)n - NR_PKTS / 8.0), 6 * sd);
	}
}

static uint64_t fnv(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static void cr_frame(uint8_t *pkt, uint64_t now, uint32_t flow, uint32_t len)
{
	struct cr_req r = { .now = now, .flow = flow, .len = len };

	memset(pkt, 0, PKT_LEN);
	memcpy(pkt + CR_REQ_OFF, &r, sizeof(r));
}

/* Carousel: the carousel_test stream, one request per ioctl. */
TEST_F(native, carousel)
{
	static struct carousel_model m;
	struct nf_native_res r;
	uint64_t now = 0, queued = 0, sent = 0;
	uint8_t pkt[PKT_LEN];

	NEED_MODULE();
	carousel_model_init(&m);
	for (uint32_t f = 0; f < CR_FLOWS; f++)
		m.flow[f].ns_per_byte = 1 + (f % 8) * 4;
	ASSERT_EQ(0, native_reset(self->fd, NF_NATIVE_CAROUSEL));
	ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_CAROUSEL,
				NF_NATIVE_OP_INSERT, m.flow, CR_FLOWS,
				sizeof(m.flow[0]), NULL, 1, NULL));
	for (int step = 0; step < 4000 + 1; step++) {
		now = step < 4000 ? (uint64_t)step * 400 :
		      now + (uint64_t)CR_SLOTS * CR_GRAN;
		if (step < 4000 && prng_below(&self->rng, 100) < 70) {
			uint32_t flow = prng_below(&self->rng, 32);
			uint32_t len = 64 + prng_below(&self->rng, 1437);

			cr_frame(pkt, now, flow, len);
			ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_CAROUSEL,
						NF_NATIVE_OP_ENQUEUE, pkt, 1,
						PKT_LEN, &r, 1, NULL));
			ASSERT_EQ((uint32_t)carousel_model_enqueue(&m, now,
								   flow, len),
				  r.ret);
			queued += r.ret == CR_QUEUED;
		}
		cr_frame(pkt, now, 0, 0);
		do {
			ASSERT_EQ(0, native_run(self->fd, NF_NATIVE_CAROUSEL,
						NF_NATIVE_OP_TICK, pkt, 1,
						PKT_LEN, &r, 1, NULL));
			ASSERT_EQ((uint32_t)carousel_model_tick(&m, now),
				  r.ret);
			ASSERT_EQ(m.nr_sent, r.val);
			ASSERT_EQ(fnv(m.sent, m.nr_sent * sizeof(m.sent[0])),
				  r.item);
			sent += r.val;
		} while (r.ret != CR_IDLE);
	}
	ASSERT_GT(queued, 1000u);
	ASSERT_EQ(queued, sent);
}

static uint32_t sl_op(struct __test_metadata *_metadata, int fd, uint32_t op,
		      uint64_t key, uint64_t val, uint64_t *out)
{
	struct sl_req q = { .key = key, .val = val };
	struct nf_native_res r = {};

	EXPECT_EQ(0, native_run(fd, NF_NATIVE_SKIPLIST, op, &q, 1, sizeof(q),
				&r, 1, NULL));
	if (out)
		*out = r.item;
	return r.ret;
}

/* Skip list: random operations against the sorted-array model. */
TEST_F(native, skiplist)
{
	static struct sl_model m;
	uint64_t keys[1500];

	NEED_MODULE();
	memset(&m, 0, sizeof(m));
	for (int i = 0; i < 1500; i++)
		keys[i] = prng_next(&self->rng) >> 1;
	ASSERT_EQ(0, native_reset(self->fd, NF_NATIVE_SKIPLIST));
	for (int i = 0; i < 6000; i++) {
		uint64_t key = keys[prng_below(&self->rng, i < 3000 ? 750 : 1500)];
		uint32_t r = prng_below(&self->rng, 100), pos;
		uint64_t val = prng_next(&self->rng), got;

		if (r < 55) {
			ASSERT_EQ((uint32_t)model_insert(&m, key, val),
				  sl_op(_metadata, self->fd,
					NF_NATIVE_OP_INSERT, key, val, NULL));
		} else if (r < 75) {
			ASSERT_EQ((uint32_t)model_delete(&m, key),
				  sl_op(_metadata, self->fd,
					NF_NATIVE_OP_DELETE, key, 0, NULL));
		} else if (model_find(&m, key, &pos)) {
			ASSERT_EQ((uint32_t)SL_OK,
				  sl_op(_metadata, self->fd,
					NF_NATIVE_OP_LOOKUP, key, 0, &got));
			ASSERT_EQ(m.e[pos].val, got);
		} else {
			ASSERT_EQ((uint32_t)SL_MISSING,
				  sl_op(_metadata, self->fd,
					NF_NATIVE_OP_LOOKUP, key, 0, NULL));
		}
	}
}

TEST_F(native, rejects_bad_requests)
{
	uint8_t pkt[PKT_LEN] = {};

	NEED_MODULE();
	/* Unknown function, op not valid for the function, bad stride. */
	ASSERT_EQ(-EINVAL, native_run(self->fd, NF_NATIVE_NR_FN,
				      NF_NATIVE_OP_PACKETS, pkt, 1, PKT_LEN,
				      NULL, 1, NULL));
	ASSERT_EQ(-EINVAL, native_run(self->fd, NF_NATIVE_CMS8_XXH32,
				      NF_NATIVE_OP_INSERT, pkt, 1, PKT_LEN,
				      NULL, 1, NULL));
	ASSERT_EQ(-EINVAL, native_run(self->fd, NF_NATIVE_SWITCH,
				      NF_NATIVE_OP_PACKETS, pkt, 1, 0,
				      NULL, 1, NULL));
	ASSERT_EQ(-E2BIG, native_run(self->fd, NF_NATIVE_SWITCH,
				     NF_NATIVE_OP_PACKETS, pkt, 1, PKT_LEN,
				     NULL, NF_NATIVE_MAX_OPS + 1, NULL));
	ASSERT_EQ(-EINVAL, native_read(self->fd, NF_NATIVE_SWITCH, pkt,
				       sizeof(pkt)));
}

TEST_HARNESS_MAIN
