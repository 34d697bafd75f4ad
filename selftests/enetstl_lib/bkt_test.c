// SPDX-License-Identifier: GPL-2.0
/*
 * List buckets (struct bpf_bkt_list kptr) against a userspace model: random
 * push/pop/len streams (with bad slots and sizes mixed in) executed in BPF
 * batches, FIFO order per slot, capacity and empty errors, the kptr freed
 * with its map, and the kfuncs from tc and SYSCALL programs.  Every test
 * runs on a shared object (bpf_bktlist_new) and on a per-CPU one
 * (bpf_bktlist_new_percpu), with the test thread pinned to one CPU; one
 * more test moves between two CPUs to see the per-CPU lists apart and the
 * shared ones alike.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "enetstl.h"
/* before the skeleton: it uses these types */
#include "progs/lib_progs.h"
#include "bkt_progs.skel.h"
#include "lib_util.h"

#define SLOTS	5
#define ESZ	16
#define CAP	40

/* The model: one FIFO per slot. */
struct model {
	uint8_t q[SLOTS][CAP][ESZ];
	int head[SLOTS], len[SLOTS];
	int total;
};

static int model_push(struct model *m, const uint8_t *v, unsigned int size,
		      unsigned int slot)
{
	if (slot >= SLOTS || size != ESZ)
		return -EINVAL;
	if (m->total >= CAP)
		return -ENOSPC;
	memcpy(m->q[slot][(m->head[slot] + m->len[slot]) % CAP], v, ESZ);
	m->len[slot]++;
	m->total++;
	return 0;
}

static int model_pop(struct model *m, uint8_t *v, unsigned int size,
		     unsigned int slot)
{
	if (slot >= SLOTS || size != ESZ)
		return -EINVAL;
	if (!m->len[slot])
		return -ENOENT;
	memcpy(v, m->q[slot][m->head[slot]], ESZ);
	m->head[slot] = (m->head[slot] + 1) % CAP;
	m->len[slot]--;
	m->total--;
	return 0;
}

FIXTURE(bkt) {
	struct bkt_progs *skel;
	long live0;
	uint64_t rng;
};

FIXTURE_VARIANT(bkt) {
	bool percpu;
};

FIXTURE_VARIANT_ADD(bkt, shared) {
	.percpu = false,
};

FIXTURE_VARIANT_ADD(bkt, percpu) {
	.percpu = true,
};

/* Run this thread (and so its bpf_prog_test_run calls) on cpu only. */
static int pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

#define BSS (self->skel->bss)

#define RUN(prog) do {							\
	uint32_t rv_ = 99;						\
	ASSERT_EQ(0, run_prog(self->skel->progs.prog, &rv_));		\
	ASSERT_EQ((uint32_t)XDP_PASS, rv_);				\
} while (0)

FIXTURE_SETUP(bkt)
{
	self->live0 = live_objects();
	ASSERT_LE(0, self->live0) {
		TH_LOG("no %s: is eNetSTL.ko loaded?", LIVE_OBJECTS_PATH);
	}
	/* A per-CPU object's lists are those of the CPU a run lands on. */
	ASSERT_EQ(0, pin_cpu(0));
	self->skel = bkt_progs__open();
	ASSERT_NE(NULL, self->skel);
	ASSERT_EQ(0, bkt_progs__load(self->skel));
	BSS->in_percpu = variant->percpu;
	BSS->in_slots = SLOTS;
	BSS->in_elem_size = ESZ;
	BSS->in_capacity = CAP;
	RUN(bkt_create);
	ASSERT_EQ(0, BSS->out_ret);
	ASSERT_EQ(self->live0 + 1, live_objects());
	self->rng = 0x1234;
}

FIXTURE_TEARDOWN(bkt)
{
	bkt_progs__destroy(self->skel);
	EXPECT_EQ(self->live0, live_objects_wait(self->live0, 5000));
	pin_cpu(0);
}

static void set_cmd(struct bkt_cmd *c, unsigned int op, unsigned int slot,
		    unsigned int size, uint32_t tag)
{
	memset(c, 0, sizeof(*c));
	c->op = op;
	c->slot = slot;
	c->size = size;
	memcpy(c->val, &tag, sizeof(tag));
	memset(c->val + 4, tag & 0xff, ESZ - 4);
}

TEST_F(bkt, fifo_per_slot)
{
	unsigned int i;

	/* slot 2: a, b, c; slot 4: d; then pop all, one too many. */
	set_cmd(&BSS->cmds[0], BKT_PUSH, 2, ESZ, 0xa);
	set_cmd(&BSS->cmds[1], BKT_PUSH, 2, ESZ, 0xb);
	set_cmd(&BSS->cmds[2], BKT_PUSH, 4, ESZ, 0xd);
	set_cmd(&BSS->cmds[3], BKT_PUSH, 2, ESZ, 0xc);
	set_cmd(&BSS->cmds[4], BKT_LEN, 2, 0, 0);
	set_cmd(&BSS->cmds[5], BKT_LEN, 0, 0, 0);
	set_cmd(&BSS->cmds[6], BKT_POP, 2, ESZ, 0);
	set_cmd(&BSS->cmds[7], BKT_POP, 4, ESZ, 0);
	set_cmd(&BSS->cmds[8], BKT_POP, 2, ESZ, 0);
	set_cmd(&BSS->cmds[9], BKT_POP, 2, ESZ, 0);
	set_cmd(&BSS->cmds[10], BKT_POP, 2, ESZ, 0);
	set_cmd(&BSS->cmds[11], BKT_POP, 4, ESZ, 0);
	BSS->n_cmds = 12;
	memset(BSS->popped, 0xee, sizeof(BSS->popped));
	RUN(bkt_run);
	ASSERT_EQ(0, BSS->out_ret);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, BSS->res[i]);
	ASSERT_EQ(3, BSS->res[4]);
	ASSERT_EQ(0, BSS->res[5]);
	for (i = 6; i < 10; i++)
		ASSERT_EQ(0, BSS->res[i]);
	ASSERT_EQ(0xa, BSS->popped[6][0]);
	ASSERT_EQ(0xd, BSS->popped[7][0]);
	ASSERT_EQ(0xb, BSS->popped[8][0]);
	ASSERT_EQ(0xc, BSS->popped[9][0]);
	ASSERT_EQ(0xc, BSS->popped[9][ESZ - 1]);
	ASSERT_EQ(-ENOENT, BSS->res[10]);
	ASSERT_EQ(-ENOENT, BSS->res[11]);
	/* An empty pop leaves the buffer alone. */
	ASSERT_EQ(0xee, BSS->popped[10][0]);
}

TEST_F(bkt, errors_and_capacity)
{
	unsigned int i, n = 0;

	set_cmd(&BSS->cmds[n++], BKT_PUSH, SLOTS, ESZ, 1);	/* bad slot */
	set_cmd(&BSS->cmds[n++], BKT_PUSH, 0, ESZ - 1, 1);	/* bad size */
	set_cmd(&BSS->cmds[n++], BKT_PUSH, 0, ESZ + 1, 1);
	set_cmd(&BSS->cmds[n++], BKT_POP, 0xffffffff, ESZ, 0);
	set_cmd(&BSS->cmds[n++], BKT_LEN, SLOTS, 0, 0);
	for (i = 0; i < CAP; i++)
		set_cmd(&BSS->cmds[n++], BKT_PUSH, i % SLOTS, ESZ, i);
	set_cmd(&BSS->cmds[n++], BKT_PUSH, 1, ESZ, 99);	/* full */
	set_cmd(&BSS->cmds[n++], BKT_POP, 3, ESZ - 2, 0);	/* bad size */
	set_cmd(&BSS->cmds[n++], BKT_POP, 3, ESZ, 0);
	set_cmd(&BSS->cmds[n++], BKT_PUSH, 1, ESZ, 100);	/* room again */
	set_cmd(&BSS->cmds[n++], BKT_LEN, 1, 0, 0);
	BSS->n_cmds = n;
	RUN(bkt_run);
	for (i = 0; i < 5; i++)
		ASSERT_EQ(-EINVAL, BSS->res[i]);
	for (i = 5; i < 5 + CAP; i++)
		ASSERT_EQ(0, BSS->res[i]);
	ASSERT_EQ(-ENOSPC, BSS->res[5 + CAP]);
	ASSERT_EQ(-EINVAL, BSS->res[6 + CAP]);
	ASSERT_EQ(0, BSS->res[7 + CAP]);
	ASSERT_EQ(3, BSS->popped[7 + CAP][0]);	/* first pushed to slot 3 */
	ASSERT_EQ(0, BSS->res[8 + CAP]);
	ASSERT_EQ(CAP / SLOTS + 1, BSS->res[9 + CAP]);
}

/* Random streams against the model, across many batches. */
TEST_F(bkt, random_vs_model)
{
	static struct model m;
	uint8_t want[BKT_MAX_OPS][ESZ];
	unsigned int batch, i;
	int want_res[BKT_MAX_OPS];

	memset(&m, 0, sizeof(m));
	for (batch = 0; batch < 20; batch++) {
		for (i = 0; i < BKT_MAX_OPS; i++) {
			uint64_t r = lib_rand(&self->rng);
			unsigned int slot = r % (SLOTS + 1);	/* 1/6 bad */
			unsigned int size = (r >> 8) % 16 ? ESZ : ESZ / 2;
			unsigned int op = (r >> 16) % 10 < (batch % 2 ? 6 : 4) ?
					  BKT_PUSH : ((r >> 16) % 10 == 9 ?
						      BKT_LEN : BKT_POP);
			struct bkt_cmd *c = &BSS->cmds[i];

			set_cmd(c, op, slot, size, (uint32_t)(r >> 32));
			if (op == BKT_PUSH)
				want_res[i] = model_push(&m, c->val, size, slot);
			else if (op == BKT_POP)
				want_res[i] = model_pop(&m, want[i], size,
							slot);
			else
				want_res[i] = slot < SLOTS ? m.len[slot] :
							     -EINVAL;
		}
		BSS->n_cmds = BKT_MAX_OPS;
		RUN(bkt_run);
		for (i = 0; i < BKT_MAX_OPS; i++) {
			ASSERT_EQ(want_res[i], BSS->res[i]) {
				TH_LOG("batch %u op %u (%u slot %u)", batch, i,
				       BSS->cmds[i].op, BSS->cmds[i].slot);
			}
			if (BSS->cmds[i].op == BKT_POP && !want_res[i])
				ASSERT_EQ(0, memcmp(want[i], BSS->popped[i],
						    ESZ));
		}
	}
}

/* One BKT_DRAIN through prog; evaluates to its result. */
#define DRAIN(prog, slot, size) ({					\
	set_cmd(&BSS->cmds[0], BKT_DRAIN, (slot), (size), 0);		\
	BSS->n_cmds = 1;						\
	memset(BSS->drained, 0xee, sizeof(BSS->drained));		\
	RUN(prog);							\
	BSS->res[0];							\
})

/* Drain: oldest first, as many as fit, the rest stays queued. */
TEST_F(bkt, drain_slot)
{
	unsigned int n = 0, i;

	for (i = 0; i < 7; i++)
		set_cmd(&BSS->cmds[n++], BKT_PUSH, 3, ESZ, 0x10 + i);
	set_cmd(&BSS->cmds[n++], BKT_PUSH, 1, ESZ, 0x30);
	BSS->n_cmds = n;
	RUN(bkt_run);
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, BSS->res[i]);

	ASSERT_EQ(1, DRAIN(bkt_run, 3, 2 * ESZ - 1));	/* 1 fits */
	ASSERT_EQ(0x10, BSS->drained[0]);
	ASSERT_EQ(0x10, BSS->drained[ESZ - 1]);
	ASSERT_EQ(0xee, BSS->drained[ESZ]);		/* nothing past it */
	ASSERT_EQ(3, DRAIN(bkt_run, 3, 3 * ESZ + 8));	/* 3 fit */
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0x11 + i, BSS->drained[i * ESZ]);
		ASSERT_EQ(0x11 + i, BSS->drained[i * ESZ + ESZ - 1]);
	}
	ASSERT_EQ(0xee, BSS->drained[3 * ESZ]);
	ASSERT_EQ(-EINVAL, DRAIN(bkt_run, 3, ESZ - 1));	/* too small */
	ASSERT_EQ(-EINVAL, DRAIN(bkt_run, SLOTS, ESZ));	/* bad slot */
	ASSERT_EQ(-EINVAL, DRAIN(bkt_run, 0xffffffffu, ESZ));
	/* What is left is still queued, and slot 1 was not touched. */
	set_cmd(&BSS->cmds[0], BKT_LEN, 3, 0, 0);
	set_cmd(&BSS->cmds[1], BKT_LEN, 1, 0, 0);
	BSS->n_cmds = 2;
	RUN(bkt_run);
	ASSERT_EQ(3, BSS->res[0]);
	ASSERT_EQ(1, BSS->res[1]);
	/* In place: the same list, the rest in one go, then empty. */
	ASSERT_EQ(3, DRAIN(bkt_run_inplace, 3, 4 * ESZ - 1));
	ASSERT_EQ(0x14, BSS->drained[0]);
	ASSERT_EQ(0x16, BSS->drained[2 * ESZ]);
	ASSERT_EQ(0xee, BSS->drained[3 * ESZ]);
	ASSERT_EQ(0, DRAIN(bkt_run_inplace, 3, 4 * ESZ - 1));
	ASSERT_EQ(0xee, BSS->drained[0]);		/* empty: untouched */
	ASSERT_EQ(-EINVAL, DRAIN(bkt_run_inplace, 3, ESZ - 1));
	ASSERT_EQ(1, DRAIN(bkt_run_inplace, 1, ESZ));
	ASSERT_EQ(0x30, BSS->drained[0]);
	/* The drained elements went back to the pool: CAP fit again. */
	for (i = 0; i < CAP; i++)
		set_cmd(&BSS->cmds[i], BKT_PUSH, i % SLOTS, ESZ, i);
	set_cmd(&BSS->cmds[CAP], BKT_PUSH, 0, ESZ, 0);
	BSS->n_cmds = CAP + 1;
	RUN(bkt_run_inplace);
	for (i = 0; i < CAP; i++)
		ASSERT_EQ(0, BSS->res[i]);
	ASSERT_EQ(-ENOSPC, BSS->res[CAP]);
}

/* The random streams again, through the in-place kfuncs. */
TEST_F(bkt, inplace_random_vs_model)
{
	static struct model m;
	uint8_t want[BKT_MAX_OPS][ESZ];
	unsigned int batch, i;
	int want_res[BKT_MAX_OPS];

	memset(&m, 0, sizeof(m));
	for (batch = 0; batch < 20; batch++) {
		for (i = 0; i < BKT_MAX_OPS; i++) {
			uint64_t r = lib_rand(&self->rng);
			unsigned int slot = r % (SLOTS + 1);	/* 1/6 bad */
			unsigned int size = (r >> 8) % 16 ? ESZ : ESZ / 2;
			unsigned int op = (r >> 16) % 10 < (batch % 2 ? 6 : 4) ?
					  BKT_PUSH : ((r >> 16) % 10 == 9 ?
						      BKT_LEN : BKT_POP);
			struct bkt_cmd *c = &BSS->cmds[i];

			set_cmd(c, op, slot, size, (uint32_t)(r >> 32));
			if (op == BKT_PUSH)
				want_res[i] = model_push(&m, c->val, size, slot);
			else if (op == BKT_POP)
				want_res[i] = model_pop(&m, want[i], size,
							slot);
			else
				want_res[i] = slot < SLOTS ? m.len[slot] :
							     -EINVAL;
		}
		BSS->n_cmds = BKT_MAX_OPS;
		RUN(bkt_run_inplace);
		for (i = 0; i < BKT_MAX_OPS; i++) {
			ASSERT_EQ(want_res[i], BSS->res[i]) {
				TH_LOG("batch %u op %u (%u slot %u)", batch, i,
				       BSS->cmds[i].op, BSS->cmds[i].slot);
			}
			if (BSS->cmds[i].op == BKT_POP && !want_res[i])
				ASSERT_EQ(0, memcmp(want[i], BSS->popped[i],
						    ESZ));
		}
	}
}

/* A field without a list: -ENXIO, nothing else happens. */
TEST_F(bkt, inplace_empty_field)
{
	RUN(bkt_inplace_empty);
	ASSERT_EQ(-ENXIO, BSS->res[0]);
	ASSERT_EQ(-ENXIO, BSS->res[1]);
	ASSERT_EQ(-ENXIO, BSS->res[2]);
	ASSERT_EQ(self->live0 + 1, live_objects());
}

TEST_F(bkt, bad_create_args)
{
	static const uint32_t bad[][3] = {
		{ 0, 8, 8 },
		{ ENETSTL_BKT_MAX_SLOTS + 1, 8, 8 },
		{ 4, 0, 8 },
		{ 4, ENETSTL_BKT_MAX_ELEM_SIZE + 1, 8 },
		{ 4, 8, 0 },
		{ 4, 8, ENETSTL_BKT_MAX_ELEMS + 1 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		BSS->in_slots = bad[i][0];
		BSS->in_elem_size = bad[i][1];
		BSS->in_capacity = bad[i][2];
		RUN(bkt_create);
		ASSERT_EQ(-1, BSS->out_ret);
	}
	BSS->in_slots = ENETSTL_BKT_MAX_SLOTS;
	BSS->in_elem_size = ENETSTL_BKT_MAX_ELEM_SIZE;
	BSS->in_capacity = ENETSTL_BKT_MAX_ELEMS;
	RUN(bkt_create);
	ASSERT_EQ(0, BSS->out_ret);
	/* The old list went when the new one replaced it. */
	ASSERT_EQ(self->live0 + 1, live_objects_wait(self->live0 + 1, 5000));
}

TEST_F(bkt, tc_and_syscall)
{
	uint32_t rv = 99;

	ASSERT_EQ(0, run_prog(self->skel->progs.bkt_tc, &rv));
	ASSERT_EQ(0, rv);
	ASSERT_EQ(42, BSS->out_ret);
	ASSERT_EQ(0, run_prog(self->skel->progs.bkt_syscall, &rv));
	ASSERT_EQ(0, rv);
	ASSERT_EQ(-ENOSPC, BSS->out_ret);	/* 0 * 100 - ENOSPC */
	/* Per-CPU from process context (BHs on): see the program. */
	ASSERT_EQ(0, run_prog(self->skel->progs.bkt_syscall_percpu, &rv));
	ASSERT_EQ(0, rv);
	ASSERT_EQ(52111, BSS->out_ret);
	ASSERT_EQ(self->live0 + 1, live_objects_wait(self->live0 + 1, 5000));
}

/*
 * Push on CPU 0, look from CPU 1: a per-CPU object shows CPU 1 its own
 * (empty) lists, a shared one the same lists; then each CPU drains what
 * it should see, through the referenced and the in-place calls.
 */
TEST_F(bkt, two_cpus)
{
	int per = variant->percpu;
	unsigned int i;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2 || pin_cpu(1))
		SKIP(return, "needs CPUs 0 and 1");
	ASSERT_EQ(0, pin_cpu(0));
	for (i = 0; i < 3; i++)
		set_cmd(&BSS->cmds[i], BKT_PUSH, 2, ESZ, 0xa0 + i);
	set_cmd(&BSS->cmds[3], BKT_LEN, 2, 0, 0);
	BSS->n_cmds = 4;
	RUN(bkt_run);
	ASSERT_EQ(0, BSS->res[0]);
	ASSERT_EQ(3, BSS->res[3]);

	ASSERT_EQ(0, pin_cpu(1));
	set_cmd(&BSS->cmds[0], BKT_LEN, 2, 0, 0);
	set_cmd(&BSS->cmds[1], BKT_PUSH, 2, ESZ, 0xb0);
	set_cmd(&BSS->cmds[2], BKT_PUSH, 2, ESZ, 0xb1);
	set_cmd(&BSS->cmds[3], BKT_LEN, 2, 0, 0);
	BSS->n_cmds = 4;
	RUN(bkt_run_inplace);
	ASSERT_EQ(per ? 0 : 3, BSS->res[0]);
	ASSERT_EQ(0, BSS->res[1]);
	ASSERT_EQ(0, BSS->res[2]);
	ASSERT_EQ(per ? 2 : 5, BSS->res[3]);
	/* The oldest first: CPU 1's own, or CPU 0's on the shared lists. */
	ASSERT_EQ(per ? 2 : 3, DRAIN(bkt_run, 2, 3 * ESZ));
	ASSERT_EQ(per ? 0xb0 : 0xa0, BSS->drained[0]);
	ASSERT_EQ(per ? 0xb1 : 0xa1, BSS->drained[ESZ]);
	ASSERT_EQ(per ? 0xee : 0xa2, BSS->drained[2 * ESZ]);
	/* Shared: CPU 1's two come next; per-CPU: CPU 1 has nothing left. */
	ASSERT_EQ(per ? 0 : 2, DRAIN(bkt_run_inplace, 2, 3 * ESZ));
	ASSERT_EQ(per ? 0xee : 0xb0, BSS->drained[0]);
	ASSERT_EQ(per ? 0xee : 0xb1, BSS->drained[ESZ]);

	/* Back on CPU 0: its three are still there only if per-CPU. */
	ASSERT_EQ(0, pin_cpu(0));
	set_cmd(&BSS->cmds[0], BKT_LEN, 2, 0, 0);
	BSS->n_cmds = 1;
	RUN(bkt_run);
	ASSERT_EQ(per ? 3 : 0, BSS->res[0]);
	ASSERT_EQ(per ? 3 : 0, DRAIN(bkt_run_inplace, 2, 3 * ESZ));
	ASSERT_EQ(per ? 0xa0 : 0xee, BSS->drained[0]);
	ASSERT_EQ(per ? 0xa1 : 0xee, BSS->drained[ESZ]);
	ASSERT_EQ(per ? 0xa2 : 0xee, BSS->drained[2 * ESZ]);
	ASSERT_EQ(0, DRAIN(bkt_run, 2, 3 * ESZ));
	/*
	 * Capacity is per CPU on a per-CPU object: CPU 0 takes CAP now that
	 * its lists are empty, whatever CPU 1 did.
	 */
	for (i = 0; i < CAP; i++)
		set_cmd(&BSS->cmds[i], BKT_PUSH, i % SLOTS, ESZ, i);
	BSS->n_cmds = CAP;
	RUN(bkt_run);
	for (i = 0; i < CAP; i++)
		ASSERT_EQ(0, BSS->res[i]);
	ASSERT_EQ(0, pin_cpu(1));
	set_cmd(&BSS->cmds[0], BKT_PUSH, 0, ESZ, 1);
	BSS->n_cmds = 1;
	RUN(bkt_run);
	ASSERT_EQ(per ? 0 : -ENOSPC, BSS->res[0]);
}

TEST_HARNESS_MAIN
