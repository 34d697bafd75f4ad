// SPDX-License-Identifier: GPL-2.0
/*
 * The memory wrapper (struct enetstl_mem kptr) through BPF_PROG_TEST_RUN:
 * node data round trips (copy kfuncs and direct PTR_TO_MEM access), the
 * documented errors and limits, links and their in-degree rule, the kptr
 * lifetime (map holds it, borrow, take out and put back, map destroyed
 * with a live container), and that eNetSTL.ko cannot be unloaded meanwhile.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "enetstl.h"
/* before the skeleton: it uses these types */
#include "progs/lib_progs.h"
#include "mem_progs.skel.h"
#include "lib_util.h"

#define NODE_SIZE	24
#define MAX_NODES	300	/* several 4096-byte chunks of nodes */
#define NR_LINKS	4

FIXTURE(mem) {
	struct mem_progs *skel;
	long live0;
};

#define BSS (self->skel->bss)

/* Run prog once; it must return XDP_PASS (tc: 0). */
#define RUN(prog) do {							\
	uint32_t rv_ = 99;						\
	ASSERT_EQ(0, run_prog(self->skel->progs.prog, &rv_));		\
	ASSERT_EQ((uint32_t)XDP_PASS, rv_);				\
} while (0)

/* One mem_op operation; evaluates to its result. */
#define OP(o, i, i2, sl, of, ln) ({					\
	BSS->in_op = (o);						\
	BSS->in_idx = (i);						\
	BSS->in_idx2 = (i2);						\
	BSS->in_slot = (sl);						\
	BSS->in_off = (of);						\
	BSS->in_len = (ln);						\
	RUN(mem_op);							\
	BSS->out_ret;							\
})

FIXTURE_SETUP(mem)
{
	self->live0 = live_objects();
	ASSERT_LE(0, self->live0) {
		TH_LOG("no %s: is eNetSTL.ko loaded?", LIVE_OBJECTS_PATH);
	}
	self->skel = mem_progs__open();
	ASSERT_NE(NULL, self->skel);
	ASSERT_EQ(0, mem_progs__load(self->skel));
	BSS->in_node_size = NODE_SIZE;
	BSS->in_max_nodes = MAX_NODES;
	BSS->in_nr_links = NR_LINKS;
	RUN(mem_create);
	ASSERT_EQ(0, BSS->out_ret);
	ASSERT_EQ(self->live0 + 1, live_objects());
}

FIXTURE_TEARDOWN(mem)
{
	mem_progs__destroy(self->skel);
	/* Every container goes with its map. */
	EXPECT_EQ(self->live0, live_objects_wait(self->live0, 5000));
}

TEST_F(mem, alloc_write_read)
{
	uint8_t pat[NODE_SIZE];
	int i, idx;

	for (i = 0; i < 3; i++)
		ASSERT_EQ(i, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	idx = 1;
	for (i = 0; i < NODE_SIZE; i++)
		pat[i] = 0xa0 + i;
	memcpy(BSS->in_buf, pat, NODE_SIZE);
	ASSERT_EQ(0, OP(MOP_WRITE, idx, 0, 0, 0, NODE_SIZE));
	memset(BSS->out_buf, 0, sizeof(BSS->out_buf));
	ASSERT_EQ(0, OP(MOP_READ, idx, 0, 0, 0, NODE_SIZE));
	ASSERT_EQ(0, memcmp(pat, BSS->out_buf, NODE_SIZE));
	/* A part at an offset, ending at the last byte. */
	ASSERT_EQ(0, OP(MOP_READ, idx, 0, 0, 20, 4));
	ASSERT_EQ(0, memcmp(pat + 20, BSS->out_buf, 4));
	/* Neighbours were not touched and start zeroed. */
	ASSERT_EQ(0, OP(MOP_READ, 0, 0, 0, 0, NODE_SIZE));
	for (i = 0; i < NODE_SIZE; i++)
		ASSERT_EQ(0, BSS->out_buf[i]);
	ASSERT_EQ(0, OP(MOP_READ, 2, 0, 0, 0, 0));
}

TEST_F(mem, size_and_index_errors)
{
	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	/* Past the node: nothing copied. */
	memset(BSS->out_buf, 0x5a, 8);
	ASSERT_EQ(-EINVAL, OP(MOP_READ, 0, 0, 0, 0, NODE_SIZE + 1));
	ASSERT_EQ(-EINVAL, OP(MOP_READ, 0, 0, 0, 17, 8));
	ASSERT_EQ(-EINVAL, OP(MOP_READ, 0, 0, 0, NODE_SIZE + 1, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_READ, 0, 0, 0, 0xffffffffu, 2));
	ASSERT_EQ(0x5a, BSS->out_buf[0]);
	ASSERT_EQ(-EINVAL, OP(MOP_WRITE, 0, 0, 0, 1, NODE_SIZE));
	/* Unallocated and out-of-range nodes. */
	ASSERT_EQ(-EINVAL, OP(MOP_READ, 1, 0, 0, 0, 4));
	ASSERT_EQ(-EINVAL, OP(MOP_WRITE, MAX_NODES, 0, 0, 0, 4));
	ASSERT_EQ(-EINVAL, OP(MOP_READ, 0xffffffffu, 0, 0, 0, 4));
	ASSERT_EQ(-EINVAL, OP(MOP_FREE, 1, 0, 0, 0, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_FREE, MAX_NODES, 0, 0, 0, 0));
	ASSERT_EQ(0, OP(MOP_FREE, 0, 0, 0, 0, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_FREE, 0, 0, 0, 0, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_READ, 0, 0, 0, 0, 4));
}

TEST_F(mem, direct_access)
{
	int i;

	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	for (i = 0; i < 24; i++)
		BSS->in_buf[i] = i + 1;
	/* 24 == node size: the whole node through the pointer. */
	ASSERT_EQ(0, OP(MOP_GET24, 0, 0, 0, 0, 0));
	for (i = 0; i < 24; i++)
		ASSERT_EQ(0, BSS->out_buf[i]);
	ASSERT_EQ(0, OP(MOP_READ, 0, 0, 0, 0, 24));
	for (i = 0; i < 24; i++)
		ASSERT_EQ(i + 1, BSS->out_buf[i]);
	/* A smaller view sees the same bytes. */
	ASSERT_EQ(0, OP(MOP_GET8, 0, 0, 0, 0, 0));
	for (i = 0; i < 8; i++)
		ASSERT_EQ(i + 1, BSS->out_buf[i]);
	/* Larger than the node, unallocated or out of range: NULL. */
	ASSERT_EQ(-1, OP(MOP_GET64, 0, 0, 0, 0, 0));
	ASSERT_EQ(-1, OP(MOP_GET8, 1, 0, 0, 0, 0));
	ASSERT_EQ(-1, OP(MOP_GET8, MAX_NODES + 5, 0, 0, 0, 0));
}

TEST_F(mem, capacity_and_reuse)
{
	int i;

	for (i = 0; i < MAX_NODES; i++)
		ASSERT_EQ(i, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(-ENOSPC, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	/* Freed nodes come back last-freed first, zeroed. */
	BSS->in_buf[0] = 0x77;
	ASSERT_EQ(0, OP(MOP_WRITE, 250, 0, 0, 0, 1));
	ASSERT_EQ(0, OP(MOP_FREE, 7, 0, 0, 0, 0));
	ASSERT_EQ(0, OP(MOP_FREE, 250, 0, 0, 0, 0));
	ASSERT_EQ(250, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(0, OP(MOP_READ, 250, 0, 0, 0, 1));
	ASSERT_EQ(0, BSS->out_buf[0]);
	ASSERT_EQ(7, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(-ENOSPC, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
}

TEST_F(mem, links)
{
	int i;

	for (i = 0; i < 4; i++)
		ASSERT_EQ(i, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(-ENOENT, OP(MOP_NEXT, 0, 0, 0, 0, 0));
	ASSERT_EQ(0, OP(MOP_CONNECT, 0, 2, 1, 0, 0));	/* 0 -[1]-> 2 */
	ASSERT_EQ(2, OP(MOP_NEXT, 0, 0, 1, 0, 0));
	ASSERT_EQ(-ENOENT, OP(MOP_NEXT, 0, 0, 0, 0, 0));
	/* Bad slot, bad or free nodes. */
	ASSERT_EQ(-EINVAL, OP(MOP_CONNECT, 0, 2, NR_LINKS, 0, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_CONNECT, 0, 9, 0, 0, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_CONNECT, 9, 0, 0, 0, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_NEXT, 0, 0, NR_LINKS, 0, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_DISCONNECT, 0, 0, NR_LINKS, 0, 0));
	/* Linked-to nodes cannot be freed; links from a freed node go. */
	ASSERT_EQ(-EBUSY, OP(MOP_FREE, 2, 0, 0, 0, 0));
	ASSERT_EQ(0, OP(MOP_CONNECT, 2, 3, 0, 0, 0));	/* 2 -[0]-> 3 */
	ASSERT_EQ(0, OP(MOP_CONNECT, 3, 3, 2, 0, 0));	/* self link */
	ASSERT_EQ(-EBUSY, OP(MOP_FREE, 3, 0, 0, 0, 0));
	ASSERT_EQ(0, OP(MOP_DISCONNECT, 0, 0, 1, 0, 0));
	ASSERT_EQ(-ENOENT, OP(MOP_DISCONNECT, 0, 0, 1, 0, 0));
	ASSERT_EQ(0, OP(MOP_FREE, 2, 0, 0, 0, 0));	/* drops 2 -> 3 */
	ASSERT_EQ(0, OP(MOP_FREE, 3, 0, 0, 0, 0));	/* only a self link */
	ASSERT_EQ(-EINVAL, OP(MOP_NEXT, 2, 0, 0, 0, 0));
	/* Freed last-first: 3, then 2, then never used ones. */
	ASSERT_EQ(3, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(2, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(4, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
}

TEST_F(mem, walk_linked_list)
{
	/* A list 0 -> 5 -> 3 -> 1 -> 4 -> 2 through link slot 3. */
	static const int order[] = { 0, 5, 3, 1, 4, 2 };
	unsigned int i;

	for (i = 0; i < 6; i++)
		ASSERT_EQ((int)i, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	for (i = 0; i + 1 < 6; i++)
		ASSERT_EQ(0, OP(MOP_CONNECT, order[i], order[i + 1], 3, 0, 0));
	BSS->in_idx = 0;
	BSS->in_slot = 3;
	RUN(mem_walk);
	ASSERT_EQ(-ENOENT, BSS->out_ret);
	ASSERT_EQ(6, BSS->walk_len);
	for (i = 0; i < 6; i++)
		ASSERT_EQ((uint32_t)order[i], BSS->walk[i]);
	/* Replace 3's successor (1) by 2: 1 loses its in-link. */
	ASSERT_EQ(-EBUSY, OP(MOP_FREE, 1, 0, 0, 0, 0));
	ASSERT_EQ(0, OP(MOP_CONNECT, 3, 2, 3, 0, 0));
	ASSERT_EQ(0, OP(MOP_FREE, 1, 0, 0, 0, 0));
	BSS->in_idx = 0;
	BSS->in_slot = 3;
	RUN(mem_walk);
	ASSERT_EQ(-ENOENT, BSS->out_ret);
	ASSERT_EQ(4, BSS->walk_len);
	ASSERT_EQ(3, BSS->walk[2]);
	ASSERT_EQ(2, BSS->walk[3]);
	/* Walking from a freed node fails at once. */
	BSS->in_idx = 1;
	RUN(mem_walk);
	ASSERT_EQ(-EINVAL, BSS->out_ret);
	ASSERT_EQ(1, BSS->walk_len);
}

/* Write key k (u64 at offset 8) into node idx. */
static int put_key(struct mem_progs *skel, uint32_t idx, uint64_t k)
{
	uint32_t rv = 99;

	memcpy(skel->bss->in_buf, &k, sizeof(k));
	skel->bss->in_op = MOP_WRITE;
	skel->bss->in_idx = idx;
	skel->bss->in_off = 8;
	skel->bss->in_len = 8;
	if (run_prog(skel->progs.mem_op, &rv) || rv != XDP_PASS)
		return -1;
	return (int)skel->bss->out_ret;
}

/* A walk/descend; evaluates to its result. */
#define WALK(prog, o, i, sl, koff, k, ln) ({					BSS->in_op = (o);							BSS->in_idx = (i);							BSS->in_slot = (sl);							BSS->in_off = (koff);							BSS->in_key = (k);							BSS->in_len = (ln);							RUN(prog);								BSS->out_ret;							})

/*
 * A two-level skip list: head 0, keys at offset 8; level 0:
 * 0 -> 1(10) -> 2(20) -> 3(30) -> 4(40), level 1: 0 -> 2(20) -> 4(40).
 */
static void build_skip(struct __test_metadata *_metadata,
		       struct mem_progs *skel)
{
	uint32_t i;

	for (i = 0; i < 5; i++) {
		skel->bss->in_op = MOP_ALLOC;
		ASSERT_EQ(0, run_prog(skel->progs.mem_op, &(uint32_t){ 0 }));
		ASSERT_EQ(i, skel->bss->out_ret);
		if (i)
			ASSERT_EQ(0, put_key(skel, i, i * 10));
	}
	for (i = 0; i < 4; i++) {
		skel->bss->in_op = MOP_CONNECT;
		skel->bss->in_idx = i;
		skel->bss->in_idx2 = i + 1;
		skel->bss->in_slot = 0;
		ASSERT_EQ(0, run_prog(skel->progs.mem_op, &(uint32_t){ 0 }));
		ASSERT_EQ(0, skel->bss->out_ret);
	}
	for (i = 0; i < 4; i += 2) {
		skel->bss->in_op = MOP_CONNECT;
		skel->bss->in_idx = i;
		skel->bss->in_idx2 = i + 2;
		skel->bss->in_slot = 1;
		ASSERT_EQ(0, run_prog(skel->progs.mem_op, &(uint32_t){ 0 }));
		ASSERT_EQ(0, skel->bss->out_ret);
	}
}

TEST_F(mem, ordered_walk)
{
	build_skip(_metadata, self->skel);
	/* Stops before the first key >= the one asked for. */
	ASSERT_EQ(2, WALK(mem_op, MOP_WALK, 0, 0, 8, 25, 0));
	ASSERT_EQ(2, WALK(mem_op, MOP_WALK, 0, 0, 8, 30, 0));
	ASSERT_EQ(3, WALK(mem_op, MOP_WALK, 0, 0, 8, 31, 0));
	ASSERT_EQ(0, WALK(mem_op, MOP_WALK, 0, 0, 8, 10, 0));
	ASSERT_EQ(4, WALK(mem_op, MOP_WALK, 0, 0, 8, ~0ull, 0));
	ASSERT_EQ(2, WALK(mem_op, MOP_WALK, 0, 1, 8, 35, 0));
	ASSERT_EQ(3, WALK(mem_op, MOP_WALK, 3, 0, 8, 40, 0));
	/* Key at another offset: data bytes 0..7 are zero, never < 0. */
	ASSERT_EQ(0, WALK(mem_op, MOP_WALK, 0, 0, 0, 0, 0));
	ASSERT_EQ(4, WALK(mem_op, MOP_WALK, 0, 0, 0, 1, 0));
	/* Errors: bad start, slot, key past the node. */
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_WALK, 5, 0, 8, 1, 0));
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_WALK, MAX_NODES, 0, 8, 1, 0));
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_WALK, 0, NR_LINKS, 8, 1, 0));
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_WALK, 0, 0, NODE_SIZE - 7, 1, 0));
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_WALK, 0, 0, 0xfffffffcu, 1, 0));
	/* A cycle whose keys are all smaller: stopped by the hop bound. */
	ASSERT_EQ(0, OP(MOP_CONNECT, 4, 1, 0, 0, 0));
	ASSERT_EQ(-E2BIG, WALK(mem_op, MOP_WALK, 0, 0, 8, 1000, 0));
}

TEST_F(mem, descend)
{
	unsigned int l;

	build_skip(_metadata, self->skel);
	for (l = 0; l < 2; l++) {
		const char *prog = l ? "in place" : "referenced";
		uint64_t k;

		for (k = 0; k <= 45; k++) {
			/* The first node with a key >= k, and its predecessors. */
			int want = k <= 10 ? 1 : k <= 20 ? 2 : k <= 30 ? 3 :
				   k <= 40 ? 4 : -ENOENT;
			int p0 = want < 0 ? 4 : want - 1;
			int p1 = k <= 20 ? 0 : k <= 40 ? 2 : 4;
			int64_t got;

			memset(BSS->path, 0xff, sizeof(BSS->path));
			BSS->path[1] = 0;
			if (l)
				got = WALK(mem_inplace, MOP_DESCEND, 0, 0, 8, k,
					   8);
			else
				got = WALK(mem_op, MOP_DESCEND, 0, 0, 8, k, 8);
			ASSERT_EQ(want, got) {
				TH_LOG("%s, key %llu", prog,
				       (unsigned long long)k);
			}
			ASSERT_EQ((uint32_t)p0, BSS->path[0]);
			ASSERT_EQ((uint32_t)p1, BSS->path[1]);
			ASSERT_EQ(0xffffffffu, BSS->path[2]);	/* untouched */
		}
	}
	/* One level from node 2; a start that is not a node. */
	BSS->path[0] = 2;
	ASSERT_EQ(3, WALK(mem_op, MOP_DESCEND, 0, 0, 8, 25, 4));
	ASSERT_EQ(2, BSS->path[0]);
	BSS->path[0] = 7;
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_DESCEND, 0, 0, 8, 25, 4));
	/* No levels, more levels than links, key past the node. */
	BSS->path[0] = 0;
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_DESCEND, 0, 0, 8, 25, 3));
	BSS->path[NR_LINKS] = 0;
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_DESCEND, 0, 0, 8, 25,
				4 * (NR_LINKS + 1)));
	BSS->path[1] = 0;
	ASSERT_EQ(-EINVAL, WALK(mem_op, MOP_DESCEND, 0, 0, 20, 25, 8));
}

/*
 * bpf_mem_node_find (prog mem_op) or bpf_mem_kptr_find (mem_inplace) with
 * a request of req_len bytes and a len-byte out_buf; evaluates to the
 * result.
 */
static int64_t find(struct __test_metadata *_metadata, struct mem_progs *skel,
		    bool inplace, uint32_t start, uint32_t levels,
		    uint32_t key_off, uint32_t val_off, uint64_t key,
		    uint32_t req_len, uint32_t len)
{
	struct enetstl_mem_find_req r = {
		.key = key, .start = start, .levels = levels,
		.key_off = key_off, .val_off = val_off,
	};
	uint32_t rv = 99;

	memset(skel->bss->in_req, 0, sizeof(skel->bss->in_req));
	memcpy(skel->bss->in_req, &r, sizeof(r));
	skel->bss->in_req_len = req_len;
	skel->bss->in_op = MOP_FIND;
	skel->bss->in_len = len;
	EXPECT_EQ(0, run_prog(inplace ? skel->progs.mem_inplace :
				skel->progs.mem_op, &rv));
	EXPECT_EQ((uint32_t)XDP_PASS, rv);
	return skel->bss->out_ret;
}

#define FIND(ip, st, lv, ko, vo, k, rl, ln)				\
	find(_metadata, self->skel, ip, st, lv, ko, vo, k, rl, ln)
#define REQ_SZ	((uint32_t)sizeof(struct enetstl_mem_find_req))

TEST_F(mem, find)
{
	static const uint8_t untouched[16] = {
		0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
		0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
	};
	uint64_t v[2];
	uint32_t i;
	int ip;

	ASSERT_EQ(24, REQ_SZ);
	build_skip(_metadata, self->skel);
	/* Values at offset 16: node i holds 0x1000 + i. */
	for (i = 1; i < 5; i++) {
		v[0] = 0x1000 + i;
		memcpy(BSS->in_buf, v, 8);
		ASSERT_EQ(0, OP(MOP_WRITE, i, 0, 0, 16, 8));
	}
	for (ip = 0; ip < 2; ip++) {
		uint64_t k;

		for (k = 0; k <= 45; k++) {
			int want = k % 10 || !k || k > 40 ? -ENOENT : (int)k / 10;

			memset(BSS->out_buf, 0xee, sizeof(BSS->out_buf));
			ASSERT_EQ(want, FIND(ip, 0, 2, 8, 16, k, REQ_SZ, 8)) {
				TH_LOG("%s, key %llu", ip ? "in place" : "referenced",
				       (unsigned long long)k);
			}
			if (want < 0) {
				ASSERT_EQ(0, memcmp(BSS->out_buf, untouched, 8));
				continue;
			}
			memcpy(v, BSS->out_buf, 8);
			ASSERT_EQ(0x1000u + want, v[0]);
			ASSERT_EQ(0xee, BSS->out_buf[8]);	/* only 8 bytes */
			/* Level 0 only: same answer, a longer walk. */
			ASSERT_EQ(want, FIND(ip, 0, 1, 8, 16, k, REQ_SZ, 8));
		}
		/* Key and value together; the whole node; nothing. */
		memset(BSS->out_buf, 0xee, sizeof(BSS->out_buf));
		ASSERT_EQ(3, FIND(ip, 0, 2, 8, 8, 30, REQ_SZ, 16));
		memcpy(v, BSS->out_buf, 16);
		ASSERT_EQ(30, v[0]);
		ASSERT_EQ(0x1003, v[1]);
		ASSERT_EQ(0xee, BSS->out_buf[16]);
		ASSERT_EQ(3, FIND(ip, 0, 2, 8, 0, 30, REQ_SZ, NODE_SIZE));
		ASSERT_EQ(3, FIND(ip, 0, 2, 8, NODE_SIZE, 30, REQ_SZ, 0));
		/* From node 2 over level 0. */
		ASSERT_EQ(4, FIND(ip, 2, 1, 8, 16, 40, REQ_SZ, 8));
		ASSERT_EQ(-ENOENT, FIND(ip, 2, 1, 8, 16, 20, REQ_SZ, 8));

		/* Bad sizes and arguments: -EINVAL, nothing copied. */
		memset(BSS->out_buf, 0xee, sizeof(BSS->out_buf));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, 2, 8, 16, 30, REQ_SZ - 8, 8));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, 2, 8, 16, 30, REQ_SZ + 1, 8));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, 2, 8, 16, 30, 0, 8));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, 2, 8, 17, 30, REQ_SZ, 8));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, 2, 8, 0, 30, REQ_SZ,
					NODE_SIZE + 1));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, 2, 8, 0xfffffff8u, 30, REQ_SZ,
					8));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, 0, 8, 16, 30, REQ_SZ, 8));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, NR_LINKS + 1, 8, 16, 30, REQ_SZ,
					8));
		ASSERT_EQ(-EINVAL, FIND(ip, 0, 2, NODE_SIZE - 7, 16, 30,
					REQ_SZ, 8));
		ASSERT_EQ(-EINVAL, FIND(ip, 5, 1, 8, 16, 30, REQ_SZ, 8));
		ASSERT_EQ(-EINVAL, FIND(ip, MAX_NODES, 1, 8, 16, 30, REQ_SZ,
					8));
		ASSERT_EQ(0, memcmp(BSS->out_buf, untouched, 16));
	}
	/* A cycle whose keys are all smaller: stopped by the hop bound. */
	ASSERT_EQ(0, OP(MOP_CONNECT, 4, 1, 0, 0, 0));
	ASSERT_EQ(-E2BIG, FIND(0, 0, 2, 8, 16, 1000, REQ_SZ, 8));
	ASSERT_EQ(-E2BIG, FIND(1, 0, 2, 8, 16, 1000, REQ_SZ, 8));
	/* No container in the map. */
	RUN(mem_drop);
	ASSERT_EQ(-ENXIO, FIND(1, 0, 2, 8, 16, 30, REQ_SZ, 8));
	ASSERT_EQ(NO_OBJ, FIND(0, 0, 2, 8, 16, 30, REQ_SZ, 8));
}

/* In place: reads like the referenced call; -ENXIO once the map is empty. */
TEST_F(mem, inplace_read_and_empty_field)
{
	uint64_t k = 0x1122334455667788ull;
	uint32_t rv = 99;

	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(0, put_key(self->skel, 0, k));
	memset(BSS->out_buf, 0, sizeof(BSS->out_buf));
	ASSERT_EQ(0, WALK(mem_inplace, MOP_READ, 0, 0, 8, 0, 8));
	ASSERT_EQ(0, memcmp(&k, BSS->out_buf, 8));
	ASSERT_EQ(-EINVAL, WALK(mem_inplace, MOP_READ, 0, 0, 20, 0, 8));
	ASSERT_EQ(-EINVAL, WALK(mem_inplace, MOP_READ, 1, 0, 0, 0, 8));
	/* From a SYSCALL program, which runs outside rcu_read_lock(). */
	memset(BSS->out_buf, 0, sizeof(BSS->out_buf));
	BSS->in_idx = 0;
	BSS->in_off = 8;
	ASSERT_EQ(0, run_prog(self->skel->progs.mem_inplace_syscall, &rv));
	ASSERT_EQ(0, rv);
	ASSERT_EQ(0, BSS->out_ret);
	ASSERT_EQ(0, memcmp(&k, BSS->out_buf, 8));
	RUN(mem_drop);
	ASSERT_EQ(-ENXIO, WALK(mem_inplace, MOP_READ, 0, 0, 8, 0, 8));
	BSS->path[0] = 0;
	ASSERT_EQ(-ENXIO, WALK(mem_inplace, MOP_DESCEND, 0, 0, 8, 5, 4));
	ASSERT_EQ(self->live0, live_objects_wait(self->live0, 5000));
}

TEST_F(mem, xchg_out_and_back)
{
	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	BSS->in_op = MOP_ALLOC;
	RUN(mem_xchg_op);
	ASSERT_EQ(1, BSS->out_ret);
	/* It went back into the map: borrowing still finds it. */
	ASSERT_EQ(2, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(self->live0 + 1, live_objects());
}

TEST_F(mem, replace_and_drop)
{
	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	/* A new container replaces (and releases) the old one. */
	RUN(mem_create);
	ASSERT_EQ(0, BSS->out_ret);
	ASSERT_EQ(self->live0 + 1, live_objects_wait(self->live0 + 1, 5000));
	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	RUN(mem_drop);
	ASSERT_EQ(self->live0, live_objects_wait(self->live0, 5000));
	ASSERT_EQ(NO_OBJ, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
}

/* Overwriting the map element from userspace runs the destructor. */
TEST_F(mem, userspace_overwrite_frees)
{
	uint64_t zero = 0;
	uint32_t key = 0;

	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(0, bpf_map_update_elem(bpf_map__fd(self->skel->maps.mem_map),
					 &key, &zero, BPF_ANY));
	ASSERT_EQ(self->live0, live_objects_wait(self->live0, 5000));
	ASSERT_EQ(NO_OBJ, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
}

TEST_F(mem, bad_create_args)
{
	static const uint32_t bad[][3] = {
		{ 0, 10, 1 },
		{ ENETSTL_MEM_MAX_NODE_SIZE + 1, 10, 1 },
		{ 8, 0, 1 },
		{ 8, ENETSTL_MEM_MAX_NODES + 1, 1 },
		{ 8, 10, ENETSTL_MEM_MAX_LINKS + 1 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		BSS->in_node_size = bad[i][0];
		BSS->in_max_nodes = bad[i][1];
		BSS->in_nr_links = bad[i][2];
		RUN(mem_create);
		ASSERT_EQ(-1, BSS->out_ret);
	}
	/* The limits themselves are fine; 0 links too. */
	BSS->in_node_size = ENETSTL_MEM_MAX_NODE_SIZE;
	BSS->in_max_nodes = ENETSTL_MEM_MAX_NODES;
	BSS->in_nr_links = 0;
	RUN(mem_create);
	ASSERT_EQ(0, BSS->out_ret);
	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(-EINVAL, OP(MOP_CONNECT, 0, 0, 0, 0, 0));
	ASSERT_EQ(self->live0 + 1, live_objects_wait(self->live0 + 1, 5000));
}

TEST_F(mem, tc_and_syscall)
{
	uint32_t rv = 99;

	BSS->in_node_size = 8;
	BSS->in_max_nodes = 2;
	BSS->in_nr_links = 1;
	ASSERT_EQ(0, run_prog(self->skel->progs.mem_create_tc, &rv));
	ASSERT_EQ(0, rv);
	ASSERT_EQ(0, BSS->out_ret);
	ASSERT_EQ(0, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(1, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	ASSERT_EQ(-ENOSPC, OP(MOP_ALLOC, 0, 0, 0, 0, 0));
	BSS->out_ret = 99;
	ASSERT_EQ(0, run_prog(self->skel->progs.mem_syscall, &rv));
	ASSERT_EQ(0, BSS->out_ret);
	ASSERT_EQ(self->live0 + 1, live_objects_wait(self->live0 + 1, 5000));
}

/* While a map can hold our kptrs (and programs call our kfuncs): no rmmod. */
TEST_F(mem, module_pinned)
{
	long r = syscall(SYS_delete_module, "eNetSTL", O_NONBLOCK);

	ASSERT_EQ(-1, r);
	ASSERT_TRUE(errno == EBUSY || errno == EWOULDBLOCK) {
		TH_LOG("delete_module: %s", strerror(errno));
	}
	ASSERT_LE(0, live_objects());
}

TEST_HARNESS_MAIN
