// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the eNetSTL object cores (the code eNetSTL.ko runs behind
 * the kptr kfuncs): chunked storage, memory wrapper nodes and links
 * against a model, list buckets against a FIFO model, the fixed-point
 * log2, and the GEO draw and pool (distribution, refill protocol).  TAP on
 * stdout; exit status 1 on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "obj_core.h"

static int test_no, failed_tests, group_fails;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond) && group_fails++ < 5) {			\
			printf("# FAIL %s:%d: ", __func__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

static void end(const char *desc)
{
	test_no++;
	printf("%s %d - %s\n", group_fails ? "not ok" : "ok", test_no, desc);
	failed_tests += !!group_fails;
	group_fails = 0;
	fflush(stdout);
}

static u64 rng_state = 0x243f6a8885a308d3ull;

static u64 rnd(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The cores' randomness source on the host. */
u32 enetstl_random_u32(void)
{
	return (u32)(rnd() >> 32);
}

static void test_chunks(void)
{
	struct enetstl_chunks c;
	u32 i, used = 0;
	u8 *p;

	CHECK(enetstl_chunks_init(&c, 12, 10) == -EINVAL, "stride 12");
	CHECK(enetstl_chunks_init(&c, 16, 0) == -EINVAL, "nr 0");
	CHECK(!enetstl_chunks_init(&c, 16, 1000), "init");
	CHECK(c.nr_chunks == 4 && c.shift == 8, "%u chunks shift %u",
	      c.nr_chunks, c.shift);
	CHECK(!enetstl_chunks_peek(&c, 999), "lazy");
	p = enetstl_chunks_get(&c, 999);
	CHECK(p && p == enetstl_chunks_peek(&c, 999), "get");
	memset(p, 0xab, 16);	/* the last, short chunk: ASan checks size */
	for (i = 0; i < c.nr_chunks; i++)
		used += c.chunk[i] != NULL;
	CHECK(used == 1, "%u chunks allocated", used);
	CHECK(enetstl_chunks_peek(&c, 0) == NULL, "first chunk still lazy");
	enetstl_chunks_destroy(&c);
	/* Many large slots: more per chunk to stay within the table. */
	CHECK(!enetstl_chunks_init(&c, 2128, 1U << 20), "big");
	CHECK(c.nr_chunks <= ENETSTL_MAX_CHUNKS, "%u chunks", c.nr_chunks);
	CHECK(((u64)c.nr_chunks << c.shift) >= (1U << 20), "covers");
	enetstl_chunks_destroy(&c);
	end("chunked storage: lazy chunks, sizes, chunk table bound");
}

#define M_NODES 200
#define M_LINKS 3

/* Model of the memory wrapper: allocation, links, in-degrees. */
static void test_mem_model(void)
{
	static int alloc[M_NODES], link[M_NODES][M_LINKS];
	static u8 data[M_NODES][40];
	struct enetstl_mem_core m;
	int i, j, step, n_alloc = 0;

	CHECK(enetstl_mem_init(&m, 0, 4, 1) == -EINVAL, "size 0");
	CHECK(enetstl_mem_init(&m, 40, 0, 1) == -EINVAL, "nodes 0");
	CHECK(enetstl_mem_init(&m, 40, 4, ENETSTL_MEM_MAX_LINKS + 1) ==
	      -EINVAL, "links");
	CHECK(!enetstl_mem_init(&m, 40, M_NODES, M_LINKS), "init");
	for (i = 0; i < M_NODES; i++)
		for (j = 0; j < M_LINKS; j++)
			link[i][j] = -1;
	for (step = 0; step < 200000; step++) {
		u64 r = rnd();
		u32 a = r % (M_NODES + 2), b = (r >> 16) % (M_NODES + 2);
		u32 s = (r >> 32) % (M_LINKS + 1);
		int want, got, indeg, self;
		u8 buf[40];

		switch ((r >> 40) % 6) {
		case 0:
			got = enetstl_mem_alloc(&m);
			if (n_alloc == M_NODES) {
				CHECK(got == -ENOSPC, "alloc full: %d", got);
				break;
			}
			CHECK(got >= 0 && got < M_NODES && !alloc[got],
			      "alloc %d", got);
			if (got < 0 || got >= M_NODES)
				break;
			alloc[got] = 1;
			n_alloc++;
			memset(data[got], 0, 40);
			for (j = 0; j < M_LINKS; j++)
				link[got][j] = -1;
			break;
		case 1:
			if (a >= M_NODES || !alloc[a]) {
				want = -EINVAL;
			} else {
				indeg = 0;
				self = 0;
				for (i = 0; i < M_NODES; i++)
					for (j = 0; j < M_LINKS; j++)
						if (alloc[i] && link[i][j] == (int)a) {
							indeg++;
							self += i == (int)a;
						}
				want = indeg > self ? -EBUSY : 0;
			}
			got = enetstl_mem_free(&m, a);
			CHECK(got == want, "free %u: %d want %d", a, got, want);
			if (!got) {
				alloc[a] = 0;
				n_alloc--;
			}
			break;
		case 2:
			want = a < M_NODES && b < M_NODES && alloc[a] &&
			       alloc[b] && s < M_LINKS ? 0 : -EINVAL;
			got = enetstl_mem_connect(&m, a, s, b);
			CHECK(got == want, "connect: %d want %d", got, want);
			if (!got)
				link[a][s] = b;
			break;
		case 3:
			if (a >= M_NODES || !alloc[a] || s >= M_LINKS)
				want = -EINVAL;
			else
				want = link[a][s] < 0 ? -ENOENT : 0;
			got = enetstl_mem_disconnect(&m, a, s);
			CHECK(got == want, "disconnect: %d want %d", got, want);
			if (!got)
				link[a][s] = -1;
			break;
		case 4:
			if (a >= M_NODES || !alloc[a] || s >= M_LINKS)
				want = -EINVAL;
			else
				want = link[a][s] < 0 ? -ENOENT : link[a][s];
			got = enetstl_mem_next(&m, a, s);
			CHECK(got == want, "next: %d want %d", got, want);
			break;
		default:
			j = (r >> 48) % 41;
			i = (r >> 56) % 41;
			want = a < M_NODES && alloc[a] && i + j <= 40 ? 0 :
			       -EINVAL;
			memset(buf, (int)(r & 0xff), sizeof(buf));
			got = enetstl_mem_write(&m, a, i, buf, j);
			CHECK(got == want, "write: %d want %d", got, want);
			if (!got)
				memcpy(data[a] + i, buf, j);
			if (a < M_NODES && alloc[a]) {
				CHECK(!enetstl_mem_read(&m, a, 0, buf, 40) &&
				      !memcmp(buf, data[a], 40), "data %u", a);
				CHECK(enetstl_mem_data(&m, a, 40) &&
				      !enetstl_mem_data(&m, a, 41) &&
				      !enetstl_mem_data(&m, a, 0), "data ptr");
			}
		}
	}
	enetstl_mem_destroy(&m);
	end("memory wrapper: 200k random operations against a model");
}

/*
 * Skip lists built and torn down with the core's own calls, as the
 * skip-list NF does: descend for the predecessors, alloc, write, connect;
 * unlink and free.  Node data: 8 tag bytes, the key, the value.  Every
 * few updates, lookups (stored keys, absent ones, 0 and ~0) through
 * enetstl_mem_find (8- and 16-byte copies) and enetstl_mem_descend are
 * checked against a sorted-array model.
 */
#define F_NODES		600	/* several chunks */
#define F_LEVELS	8
#define F_KOFF		8
#define F_VOFF		16
#define F_NSIZE		24

static u32 f_level(u64 key)
{
	u32 l = 1;

	key *= 0x9e3779b97f4a7c15ull;
	while (l < F_LEVELS && (key >> (63 - l)) & 1)
		l++;
	return l;
}

/* Position of the first model key >= key. */
static u32 f_lower(const u64 *keys, u32 n, u64 key)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int f_find(struct enetstl_mem_core *m, u64 key, u32 levels,
		  u32 key_off, u32 val_off, void *buf, u32 size)
{
	struct enetstl_mem_find_req r = {
		.key = key, .start = 0, .levels = levels,
		.key_off = key_off, .val_off = val_off,
	};

	return enetstl_mem_find(m, &r, sizeof(r), buf, size);
}

static void f_check_lookup(struct enetstl_mem_core *m, const u64 *keys,
			   const u64 *vals, const int *idx, u32 n, u64 key)
{
	u32 pos = f_lower(keys, n, key), path[F_LEVELS], l;
	bool hit = pos < n && keys[pos] == key;
	u64 v = 0x5a5a5a5a5a5a5a5aull, kv[2] = { 1, 2 };
	int got;

	got = f_find(m, key, F_LEVELS, F_KOFF, F_VOFF, &v, sizeof(v));
	if (hit) {
		CHECK(got == idx[pos] && v == vals[pos],
		      "find %llx: %d %llx want %d %llx",
		      (unsigned long long)key, got, (unsigned long long)v,
		      idx[pos], (unsigned long long)vals[pos]);
		got = f_find(m, key, F_LEVELS, F_KOFF, F_KOFF, kv, sizeof(kv));
		CHECK(got == idx[pos] && kv[0] == key && kv[1] == vals[pos],
		      "find 16 bytes %llx", (unsigned long long)key);
		CHECK(f_find(m, key, F_LEVELS, F_KOFF, F_NSIZE, NULL, 0) ==
		      idx[pos], "find, size 0");
	} else {
		CHECK(got == -ENOENT && v == 0x5a5a5a5a5a5a5a5aull,
		      "find absent %llx: %d", (unsigned long long)key, got);
	}
	/* descend: the first node >= key, and the predecessors. */
	path[F_LEVELS - 1] = 0;
	got = enetstl_mem_descend(m, key, path, sizeof(path), F_KOFF);
	CHECK(got == (pos < n ? idx[pos] : -ENOENT), "descend %llx: %d",
	      (unsigned long long)key, got);
	for (l = 0; l < F_LEVELS; l++) {
		u64 pk = 0;

		if (path[l] == 0)
			continue;	/* the head */
		CHECK(!enetstl_mem_read(m, path[l], F_KOFF, &pk, 8) &&
		      pk < key, "path[%u] key %llx", l,
		      (unsigned long long)pk);
	}
	CHECK(enetstl_mem_walk(m, 0, 0, F_KOFF, key) ==
	      (pos ? idx[pos - 1] : 0), "walk level 0");
}

static void test_mem_find(void)
{
	static u64 keys[F_NODES], vals[F_NODES];
	static int idx[F_NODES];
	struct enetstl_mem_core m;
	u32 n = 0, step, path[F_LEVELS], l, i;
	u64 v, kv[2];
	int head, x, nx;

	CHECK(!enetstl_mem_init(&m, F_NSIZE, F_NODES + 1, F_LEVELS), "init");
	head = enetstl_mem_alloc(&m);
	CHECK(head == 0, "head %d", head);
	/* Empty list: nothing to find, whatever the key. */
	v = 7;
	CHECK(f_find(&m, 0, F_LEVELS, F_KOFF, F_VOFF, &v, 8) == -ENOENT &&
	      v == 7, "empty");
	CHECK(f_find(&m, ~0ull, F_LEVELS, F_KOFF, F_VOFF, &v, 8) == -ENOENT,
	      "empty ~0");
	for (step = 0; step < 20000; step++) {
		u64 r = rnd(), key;
		u32 pos;

		/* Small key space: hits, updates and deletes are common. */
		key = (r >> 16) % 2000 * 0x10000000001ull;
		if ((r & 3) && n < F_NODES) {	/* insert or update */
			pos = f_lower(keys, n, key);
			if (pos < n && keys[pos] == key) {
				vals[pos] = rnd();
				CHECK(!enetstl_mem_write(&m, idx[pos], F_VOFF,
							 &vals[pos], 8), "update");
				continue;
			}
			path[F_LEVELS - 1] = 0;
			enetstl_mem_descend(&m, key, path, sizeof(path), F_KOFF);
			x = enetstl_mem_alloc(&m);
			CHECK(x > 0, "alloc %d", x);
			if (x <= 0)
				break;
			v = rnd();
			kv[0] = key;
			kv[1] = v;
			CHECK(!enetstl_mem_write(&m, x, 0, &r, 8) &&
			      !enetstl_mem_write(&m, x, F_KOFF, kv, 16), "write");
			for (l = 0; l < f_level(key); l++) {
				nx = enetstl_mem_next(&m, path[l], l);
				if (nx >= 0)
					CHECK(!enetstl_mem_connect(&m, x, l, nx),
					      "connect");
				CHECK(!enetstl_mem_connect(&m, path[l], l, x),
				      "connect");
			}
			memmove(keys + pos + 1, keys + pos, (n - pos) * 8);
			memmove(vals + pos + 1, vals + pos, (n - pos) * 8);
			memmove(idx + pos + 1, idx + pos,
				(n - pos) * sizeof(int));
			keys[pos] = key;
			vals[pos] = v;
			idx[pos] = x;
			n++;
		} else if (n) {			/* delete a stored key */
			pos = (u32)(r >> 40) % n;
			path[F_LEVELS - 1] = 0;
			x = enetstl_mem_descend(&m, keys[pos], path,
						sizeof(path), F_KOFF);
			CHECK(x == idx[pos], "descend to delete");
			for (l = 0; l < F_LEVELS; l++) {
				if (enetstl_mem_next(&m, path[l], l) != x)
					break;
				nx = enetstl_mem_next(&m, x, l);
				if (nx >= 0)
					enetstl_mem_connect(&m, path[l], l, nx);
				else
					enetstl_mem_disconnect(&m, path[l], l);
			}
			CHECK(!enetstl_mem_free(&m, x), "free %d", x);
			memmove(keys + pos, keys + pos + 1, (n - pos - 1) * 8);
			memmove(vals + pos, vals + pos + 1, (n - pos - 1) * 8);
			memmove(idx + pos, idx + pos + 1,
				(n - pos - 1) * sizeof(int));
			n--;
		}
		if (step % 16)
			continue;
		for (i = 0; i < 8; i++)
			f_check_lookup(&m, keys, vals, idx, n,
				       i < 4 && n ? keys[rnd() % n] :
				       (rnd() >> 16) % 2000 * 0x10000000001ull);
		f_check_lookup(&m, keys, vals, idx, n, 0);
		f_check_lookup(&m, keys, vals, idx, n, ~0ull);
		if (n)
			f_check_lookup(&m, keys, vals, idx, n, keys[n - 1] + 1);
	}
	CHECK(n > 100, "only %u keys", n);
	/* Fewer levels than built: still correct, the walk is longer. */
	if (n) {
		CHECK(f_find(&m, keys[n / 2], 1, F_KOFF, F_VOFF, &v, 8) ==
		      idx[n / 2] && v == vals[n / 2], "one level");
		CHECK(f_find(&m, keys[n / 2], 3, F_KOFF, F_VOFF, &v, 8) ==
		      idx[n / 2] && v == vals[n / 2], "three levels");
	}
	/* Errors: nothing copied. */
	v = 9;
	{
		struct enetstl_mem_find_req r = {
			.key = n ? keys[0] : 0, .levels = F_LEVELS,
			.key_off = F_KOFF, .val_off = F_VOFF,
		};

		CHECK(enetstl_mem_find(&m, &r, sizeof(r) - 1, &v, 8) ==
		      -EINVAL, "short req");
		CHECK(enetstl_mem_find(&m, &r, sizeof(r) + 8, &v, 8) ==
		      -EINVAL, "long req");
	}
	CHECK(f_find(&m, 1, 0, F_KOFF, F_VOFF, &v, 8) == -EINVAL, "0 levels");
	CHECK(f_find(&m, 1, F_LEVELS + 1, F_KOFF, F_VOFF, &v, 8) == -EINVAL,
	      "too many levels");
	CHECK(f_find(&m, 1, 1, F_NSIZE - 7, 0, &v, 8) == -EINVAL, "key off");
	CHECK(f_find(&m, 1, 1, 0xfffffffcu, 0, &v, 8) == -EINVAL,
	      "key off wraps");
	CHECK(f_find(&m, 1, 1, 0, F_NSIZE - 7, &v, 8) == -EINVAL, "val off");
	CHECK(f_find(&m, 1, 1, 0, 0xfffffffcu, &v, 8) == -EINVAL,
	      "val off wraps");
	CHECK(f_find(&m, 1, 1, 0, 0, kv, F_NSIZE + 1) == -EINVAL, "size");
	CHECK(v == 9, "copied on error");
	{
		struct enetstl_mem_find_req r = {
			.key = 1, .start = F_NODES + 1, .levels = 1,
		};

		CHECK(enetstl_mem_find(&m, &r, sizeof(r), &v, 8) == -EINVAL,
		      "start out of range");
	}
	enetstl_mem_destroy(&m);

	/* A cycle of small keys: the hop bound stops the search. */
	CHECK(!enetstl_mem_init(&m, 8, 4, 1), "init");
	for (i = 0; i < 3; i++)
		CHECK(enetstl_mem_alloc(&m) == (int)i, "alloc");
	CHECK(!enetstl_mem_connect(&m, 0, 0, 1) &&
	      !enetstl_mem_connect(&m, 1, 0, 2) &&
	      !enetstl_mem_connect(&m, 2, 0, 1), "cycle");
	CHECK(f_find(&m, 5, 1, 0, 0, &v, 8) == -E2BIG, "hop bound");
	{
		struct enetstl_mem_find_req r = { .start = 3, .levels = 1 };

		/* In range, never allocated; then freed. */
		CHECK(enetstl_mem_find(&m, &r, sizeof(r), &v, 8) == -EINVAL,
		      "start not allocated");
		CHECK(!enetstl_mem_disconnect(&m, 0, 0), "disconnect");
		CHECK(!enetstl_mem_free(&m, 0), "free");
		r.start = 0;
		CHECK(enetstl_mem_find(&m, &r, sizeof(r), &v, 8) == -EINVAL,
		      "start freed");
	}
	CHECK(v == 9, "copied on error");
	/* The chunk-0 shortcut names the same slot as the chunk table. */
	CHECK(enetstl_chunks_peek(&m.nodes, 0) == m.nodes.chunk[0] &&
	      m.nodes.chunk0 == m.nodes.chunk[0], "chunk 0");
	enetstl_mem_destroy(&m);
	end("memory wrapper: skip-list find and descend against a sorted model, errors");
}

/*
 * One list-bucket geometry against per-slot FIFO models: push, pop, len,
 * drain (room for 0..4 elements) and push+drain, with bad slots and sizes
 * mixed in, in phases that fill up and empty out.
 */
static void test_bkt_model(u32 nr_slots, u32 esz, u32 cap, const char *desc)
{
	u8 *q = calloc((size_t)nr_slots * cap, esz);
	u32 *head = calloc(nr_slots, sizeof(u32));
	u32 *len = calloc(nr_slots, sizeof(u32));
	struct enetstl_bkt_core b;
	u32 total = 0;
	int step, want, got;

#define QE(s, i) (q + (((size_t)(s) * cap + (i) % cap) * esz))
	CHECK(q && head && len, "model memory");
	if (!q || !head || !len)
		goto out;
	CHECK(enetstl_bkt_init(&b, 0, esz, 4) == -EINVAL, "slots 0");
	CHECK(enetstl_bkt_init(&b, 4, ENETSTL_BKT_MAX_ELEM_SIZE + 1, 4) ==
	      -EINVAL, "elem size");
	CHECK(!enetstl_bkt_init(&b, nr_slots, esz, cap), "init");
	for (step = 0; step < 300000; step++) {
		u64 r = rnd();
		u32 slot = (u32)(r % (nr_slots + 1));
		u32 size = (r >> 8) % 8 ? esz : esz + 1;
		u32 op = (u32)((r >> 16) % 100), i, n;
		u8 v[8 + 40], out[4 * 40 + 8];
		/* Phases that fill up and drain, to hit both limits. */
		u32 pushes = (step / 5000) % 2 ? 70 : 30;

		memset(v, (int)(r >> 24), sizeof(v));
		memcpy(v + 8, &step, sizeof(step));
		memset(out, 0xee, sizeof(out));
		if (op < pushes) {
			want = slot >= nr_slots || size != esz ? -EINVAL :
			       total >= cap ? -ENOSPC : 0;
			got = enetstl_bkt_push_back(&b, v + 8, size, slot);
			CHECK(got == want, "push: %d want %d", got, want);
			if (!got) {
				memcpy(QE(slot, head[slot] + len[slot]), v + 8,
				       esz);
				len[slot]++;
				total++;
			}
			goto check_len;
		}
		if (op < pushes + 10) {
			/* push to slot, drain slot2 into 1..4 elements */
			u32 slot2 = (u32)((r >> 32) % (nr_slots + 1));
			u32 room = 1 + (u32)((r >> 40) % 4);
			struct enetstl_bkt_xfer *x = (void *)v;

			x->push_slot = slot;
			x->drain_slot = slot2;
			want = slot >= nr_slots || slot2 >= nr_slots ||
			       size != esz ? -EINVAL :
			       total >= cap ? -ENOSPC : 0;
			got = enetstl_bkt_push_drain(&b, v,
						     sizeof(*x) + size, out,
						     room * esz);
			if (want) {
				CHECK(got == want, "push_drain: %d want %d",
				      got, want);
				goto check_len;
			}
			memcpy(QE(slot, head[slot] + len[slot]), v + 8, esz);
			len[slot]++;
			total++;
			n = len[slot2] < room ? len[slot2] : room;
			CHECK(got == (int)n, "push_drain: %d want %u", got, n);
			slot = slot2;
		} else if (op < pushes + 20) {
			u32 room = (u32)((r >> 32) % 5);
			u32 bytes = room * esz + (u32)((r >> 40) % esz);

			want = slot >= nr_slots || bytes < esz ? -EINVAL :
			       (int)(len[slot] < room ? len[slot] : room);
			got = enetstl_bkt_drain(&b, out, bytes, slot);
			CHECK(got == want, "drain: %d want %d", got, want);
			if (want <= 0)
				goto check_len;
			n = (u32)want;
			CHECK(out[n * esz] == 0xee, "drain wrote past %u", n);
		} else {
			want = slot >= nr_slots || size != esz ? -EINVAL :
			       !len[slot] ? -ENOENT : 0;
			got = enetstl_bkt_pop_front(&b, out, size, slot);
			CHECK(got == want, "pop: %d want %d", got, want);
			if (got)
				goto check_len;
			n = 1;
		}
		for (i = 0; i < n; i++) {
			CHECK(!memcmp(out + i * esz, QE(slot, head[slot]),
				      esz), "popped data");
			head[slot]++;
			len[slot]--;
			total--;
		}
check_len:
		want = slot < nr_slots ? (int)len[slot] : -EINVAL;
		CHECK(enetstl_bkt_len(&b, slot) == want, "len");
	}
	/* Queued = taken from the chunks - on the free list. */
	{
		struct enetstl_bkt_elem { void *next; } *f = b.free_list;
		u32 nfree = 0;

		for (; f && nfree <= cap; f = f->next)
			nfree++;
		CHECK(b.next_unused - nfree == total, "queued %u want %u",
		      b.next_unused - nfree, total);
	}
	enetstl_bkt_destroy(&b);
#undef QE
out:
	free(q);
	free(head);
	free(len);
	end(desc);
}

static void test_log2(void)
{
	u64 xs[] = { 1, 2, 3, 5, 100, 65535, 1ULL << 31, (1ULL << 32) - 1,
		     1ULL << 32, (1ULL << 32) + 1 };
	unsigned int i;
	double worst = 0;

	for (i = 0; i < 100000 + (sizeof(xs) / sizeof(xs[0])); i++) {
		u64 x = i < (sizeof(xs) / sizeof(xs[0])) ? xs[i] :
			(rnd() >> (rnd() % 31)) | 1;
		double got = enetstl_log2_q32(x) / 4294967296.0;
		double err = fabs(got - log2((double)x));

		if (err > worst)
			worst = err;
	}
	/* 33 significant bits kept (2^-31), a 32.32 result truncated (2^-32) */
	CHECK(worst < 6e-10, "worst log2 error %g", worst);
	end("fixed-point log2 within 6e-10");
}

/* Chi-square of n draws against geometric(p), 60 bins plus tail. */
static void check_geo(u32 num, u32 den, int n)
{
	struct enetstl_geo_param gp;
	static u32 hist[61];
	double p = (double)num / den, q = 1 - p, sum = 0, mean, chi = 0;
	double e_acc = 0, o_acc = 0, a, limit;
	int i, k, bins = 0;

	CHECK(!enetstl_geo_param_init(&gp, num, den), "init");
	memset(hist, 0, sizeof(hist));
	for (i = 0; i < n; i++) {
		u32 c = enetstl_geo_draw(&gp, enetstl_random_u32());

		CHECK(c >= 1, "count %u", c);
		sum += c;
		hist[c <= 60 ? c - 1 : 60]++;
	}
	mean = sum / n;
	CHECK(fabs(mean - 1 / p) < 5 * sqrt(q) / p / sqrt(n),
	      "p %g mean %g", p, mean);
	for (k = 0; k <= 60; k++) {
		e_acc += k < 60 ? n * p * pow(q, k) : n * pow(q, 60);
		o_acc += hist[k];
		if (e_acc >= 5 || k == 60) {
			chi += (o_acc - e_acc) * (o_acc - e_acc) / e_acc;
			e_acc = o_acc = 0;
			bins++;
		}
	}
	a = 2.0 / (9.0 * (bins - 1));
	limit = (bins - 1) * pow(1 - a + 3.719 * sqrt(a), 3);
	CHECK(chi < limit, "p %g chi-square %g > %g (%d bins)", p, chi, limit,
	      bins);
}

/*
 * Draws against the inverse transform computed in long double (64-bit
 * mantissa): they must agree except where -log2(U) / L lies within 1e-12
 * (relative) of an integer, which the fixed point may round either way.
 */
static void check_geo_exact(u32 num, u32 den, int n)
{
	long double l = -log1pl(-(long double)num / den) / logl(2);
	struct enetstl_geo_param gp;
	int i, bad = 0, near = 0;

	CHECK(!enetstl_geo_param_init(&gp, num, den), "init");
	for (i = 0; i < n; i++) {
		/* the edges, then random U */
		u32 r = i < 33 ? (u32)((1ULL << i) - 1) :
			i < 66 ? (u32)(1ULL << (i - 33)) : (u32)rnd();
		long double x = (32 - log2l((long double)r + 1)) / l;
		u32 want = x >= ENETSTL_GEO_MAX_CNT - 1 ? ENETSTL_GEO_MAX_CNT :
			   1 + (u32)floorl(x);
		u32 got = enetstl_geo_draw(&gp, r);

		if (fabsl(x - roundl(x)) < 1e-12L * (1 + x)) {
			near++;
			continue;
		}
		if (got != want && bad++ < 3)
			CHECK(0, "p %u/%u rnd %#x: %u, inverse transform %u",
			      num, den, r, got, want);
	}
	CHECK(near < n / 100, "p %u/%u: %d of %d near a step", num, den,
	      near, n);
}

/* Mean of n draws for a small p (too few bins for the chi-square). */
static void check_geo_mean(u32 num, u32 den, int n)
{
	double p = (double)num / den, sum = 0, mean;
	struct enetstl_geo_param gp;
	int i;

	CHECK(!enetstl_geo_param_init(&gp, num, den), "init");
	for (i = 0; i < n; i++)
		sum += enetstl_geo_draw(&gp, enetstl_random_u32());
	mean = sum / n;
	CHECK(fabs(mean - 1 / p) < 5 * sqrt(1 - p) / p / sqrt(n),
	      "p %g mean %g", p, mean);
}

static void test_geo_draw(void)
{
	u32 k;
	struct enetstl_geo_param gp;

	CHECK(enetstl_geo_param_init(&gp, 0, 5) == -EINVAL, "num 0");
	CHECK(enetstl_geo_param_init(&gp, 6, 5) == -EINVAL, "num > den");
	CHECK(!enetstl_geo_param_init(&gp, 5, 5) && gp.always, "p 1");
	CHECK(enetstl_geo_draw(&gp, 12345) == 1, "p 1 draw");
	/* rnd = 2^32 - 1 is U = 1: the smallest count, 1. */
	CHECK(!enetstl_geo_param_init(&gp, 1, 3) &&
	      enetstl_geo_draw(&gp, 0xffffffff) == 1, "U = 1");
	/* rnd = 0 is U = 2^-32: the largest, 1 + floor(32 / log2(3/2)). */
	CHECK(enetstl_geo_draw(&gp, 0) == 1 + (u32)(32 / log2(1.5)),
	      "U = 2^-32: %u", enetstl_geo_draw(&gp, 0));
	check_geo(1, 2, 1000000);
	check_geo(1, 16, 1000000);
	check_geo(2, 100, 1000000);
	check_geo(999, 1000, 200000);
	check_geo_mean(1, 1000000, 200000);
	check_geo_mean(3, 1U << 28, 200000);
	/* p = 1/2, U = 2^-k: exactly k failures before the success */
	enetstl_geo_param_init(&gp, 1, 2);
	for (k = 0; k <= 32; k++)
		CHECK(enetstl_geo_draw(&gp, (u32)((1ULL << k) - 1)) == 33 - k,
		      "p 1/2 U 2^-%u: %u", 32 - k,
		      enetstl_geo_draw(&gp, (u32)((1ULL << k) - 1)));
	check_geo_exact(1, 2, 300000);
	check_geo_exact(1, 3, 300000);
	check_geo_exact(1, 8, 300000);
	check_geo_exact(2, 100, 300000);
	check_geo_exact(999, 1000, 300000);
	check_geo_exact(1, 600, 300000);
	check_geo_exact(1, 1000000, 300000);
	check_geo_exact(7, 3000000000U, 300000);
	check_geo_exact(0xfffffffeU, 0xffffffffU, 300000);
	end("GEO draws: edges, exact inverse transform, mean and chi-square for p = 2^-32 .. 0.999");
}

/*
 * The draw table must give enetstl_geo_draw()'s count for every rnd: at
 * both ends and the step of every bucket (where a wrong threshold or
 * bucket index shows), then n random ones.  min_hit is the least share of
 * random draws the table must answer itself (else it is dead weight).
 */
static void check_geo_fast(u32 num, u32 den, int n, double min_hit)
{
	struct enetstl_geo_param gp;
	struct enetstl_geo_fast *fast;
	u32 b, r, d, bad = 0, hit = 0, nb;
	int i;

	CHECK(!enetstl_geo_param_init(&gp, num, den), "init");
	fast = malloc(enetstl_geo_fast_size(&gp));
	CHECK(fast, "alloc");
	if (!fast)
		return;
	enetstl_geo_fast_build(&gp, fast);
	nb = 33U << fast->bits;
	for (b = 0; b < nb; b++) {
		const struct enetstl_geo_step *st = &fast->step[b];
		u32 n2 = b >> fast->bits, j = b & ((1U << fast->bits) - 1);
		u64 lo;

		if (n2 < fast->bits || (n2 == 32 && j))
			continue;
		lo = (1ULL << n2) + ((u64)j << (n2 - fast->bits));
		/* rnd = x - 1 at the bucket's ends and around its step */
		for (d = 0; d < 6; d++) {
			u64 x = d < 2 ? lo - d : d < 4 ? lo + (1ULL << (n2 - fast->bits)) - (d - 2) :
				(u64)st->thr + (d - 4);

			if (x < 1 || x > 1ULL << 32)
				continue;
			r = (u32)(x - 1);
			if (enetstl_geo_draw_fast(&gp, fast, r) !=
			    enetstl_geo_draw(&gp, r) && bad++ < 3)
				CHECK(0, "p %u/%u bucket %u rnd %#x: table %u, draw %u",
				      num, den, b, r,
				      enetstl_geo_draw_fast(&gp, fast, r),
				      enetstl_geo_draw(&gp, r));
		}
	}
	for (i = 0; i < n; i++) {
		u64 x;
		u32 nn;

		r = i < 33 ? (u32)((1ULL << i) - 1) : (u32)rnd();
		x = (u64)r + 1;
		nn = 63 - (u32)__builtin_clzll(x);
		if (nn >= fast->bits &&
		    fast->step[(nn << fast->bits) |
			       ((u32)((x << (63 - nn)) >> (63 - fast->bits)) &
				((1U << fast->bits) - 1))].g)
			hit++;
		if (enetstl_geo_draw_fast(&gp, fast, r) !=
		    enetstl_geo_draw(&gp, r) && bad++ < 3)
			CHECK(0, "p %u/%u rnd %#x: table %u, draw %u", num, den,
			      r, enetstl_geo_draw_fast(&gp, fast, r),
			      enetstl_geo_draw(&gp, r));
	}
	CHECK(!bad, "p %u/%u: %u draws differ", num, den, bad);
	CHECK(hit >= min_hit * n, "p %u/%u: table answers %u of %d", num,
	      den, hit, n);
	free(fast);
}

static void test_geo_fast(void)
{
	struct enetstl_geo_param gp;

	CHECK(!enetstl_geo_param_init(&gp, 1, 1) &&
	      !enetstl_geo_fast_size(&gp), "p 1: no table");
	CHECK(enetstl_geo_draw_fast(&gp, NULL, 7) == 1, "p 1 draw");
	check_geo_fast(1, 2, 300000, 0.99);
	check_geo_fast(1, 3, 300000, 0.99);
	check_geo_fast(1, 8, 300000, 0.99);
	check_geo_fast(1, 16, 300000, 0.99);
	check_geo_fast(2, 100, 300000, 0.9);
	check_geo_fast(999, 1000, 300000, 0.99);
	check_geo_fast(1, 600, 300000, 0);
	check_geo_fast(7, 3000000000U, 100000, 0);
	check_geo_fast(0xfffffffeU, 0xffffffffU, 100000, 0.99);
	end("GEO draw table: the same count as the full draw, p = 2^-32 .. 0.999");
}

static void test_geo_pool(void)
{
	static struct enetstl_geo_cpu pc;
	struct enetstl_geo_param gp;
	bool refill = false;
	u32 i, v, ones = 0;

	memset(&pc, 0, sizeof(pc));
	enetstl_geo_param_init(&gp, 1, 8);
	/* Nothing refilled yet: synchronous draws, refill asked at 512. */
	for (i = 0; i < ENETSTL_GEO_HALF - 1; i++)
		CHECK(enetstl_geo_take(&pc, &gp, &refill) >= 1, "fallback");
	CHECK(!refill, "no refill before the half ends");
	enetstl_geo_take(&pc, &gp, &refill);
	CHECK(refill && pc.idx == ENETSTL_GEO_HALF, "refill at half");
	/* The worker fills both stale halves; values come from the pool. */
	enetstl_geo_refill(&pc, &gp, NULL);
	CHECK(pc.fresh[0] && pc.fresh[1], "fresh");
	for (i = 0; i < ENETSTL_GEO_POOL_SIZE; i++)
		pc.vals[i] = 1000 + i;
	refill = false;
	for (i = 0; i < ENETSTL_GEO_HALF; i++) {
		v = enetstl_geo_take(&pc, &gp, &refill);
		CHECK(v == 1000 + ENETSTL_GEO_HALF + i, "pool value %u", v);
	}
	CHECK(refill && !pc.fresh[1] && pc.fresh[0] && pc.idx == 0,
	      "wrap: half 1 stale");
	v = enetstl_geo_take(&pc, &gp, &refill);
	CHECK(v == 1000, "half 0 from the pool: %u", v);
	/* Back in a stale half before the refill: draws, not reuse. */
	pc.fresh[0] = 0;
	v = enetstl_geo_take(&pc, &gp, &refill);
	CHECK(v != 1001, "stale half reused");
	/* should_do: p = 1/8 over many calls with refills as they come. */
	memset(&pc, 0, sizeof(pc));
	for (i = 0; i < 800000; i++) {
		refill = false;
		ones += enetstl_geo_should_do(&pc, &gp, &refill);
		if (refill)
			enetstl_geo_refill(&pc, &gp, NULL);
	}
	CHECK(fabs(ones - 100000.0) < 5 * sqrt(800000 * 0.125 * 0.875),
	      "should_do %u of 800000", ones);
	end("GEO pool: fallback, refill protocol, should_do rate");
}

int main(void)
{
	const char *seed = getenv("ENETSTL_TEST_SEED");

	if (seed)
		rng_state = strtoull(seed, NULL, 0);
	printf("TAP version 13\n1..11\n# seed 0x%llx\n",
	       (unsigned long long)rng_state);
	test_chunks();
	test_mem_model();
	test_mem_find();
	test_bkt_model(7, 20, 300,
		       "list buckets, 7 slots, 20-byte elements: 300k ops against FIFO models");
	test_bkt_model(5, 16, 40,
		       "list buckets, 5 slots, 16-byte elements: 300k ops against FIFO models");
	test_bkt_model(800, 8, 200,
		       "list buckets, 800 slots (chunked), 8-byte elements: 300k ops against FIFO models");
	test_bkt_model(3, 32, 64,
		       "list buckets, 3 slots, 32-byte elements: 300k ops against FIFO models");
	test_log2();
	test_geo_draw();
	test_geo_fast();
	test_geo_pool();
	return failed_tests ? 1 : 0;
}
