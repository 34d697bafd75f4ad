// SPDX-License-Identifier: GPL-2.0
/*
 * The eNetSTL objects BPF programs hold as referenced kptrs: the memory
 * wrapper (struct enetstl_mem), list buckets (struct bpf_bkt_list) and the
 * GEO random pool (struct geo_sampling_ctx).  This file gives the cores of
 * obj_core.h a reference count, a lock, RCU-deferred freeing and the map
 * destructors; uapi/enetstl.h documents the kfuncs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/topology.h>
#include <linux/workqueue.h>

#include "obj_core.h"
#include "enetstl_internal.h"

/* Objects not yet freed, all types: the leak check of the tests. */
static atomic_t enetstl_live = ATOMIC_INIT(0);

static int live_objects_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&enetstl_live));
}

static const struct kernel_param_ops live_objects_ops = {
	.get = live_objects_get,
};

module_param_cb(live_objects, &live_objects_ops, NULL, 0444);
MODULE_PARM_DESC(live_objects,
		 "eNetSTL objects (containers, list buckets, GEO pools) not yet freed");

/* Frees objects and refills GEO pools; drained at module exit. */
static struct workqueue_struct *enetstl_wq;

/* Common head of every object: the kptr points here (offset 0). */
struct enetstl_obj {
	refcount_t ref;
	struct rcu_head rcu;
	struct work_struct free_work;
	void (*destroy)(struct enetstl_obj *obj);
};

static void enetstl_obj_free_work(struct work_struct *work)
{
	struct enetstl_obj *obj = container_of(work, struct enetstl_obj,
					       free_work);

	obj->destroy(obj);
	atomic_dec(&enetstl_live);
}

/*
 * After a grace period no kptr_get can still be looking at the object;
 * the rest of the teardown may sleep (cancel_work_sync), so it runs from
 * the workqueue.
 */
static void enetstl_obj_free_rcu(struct rcu_head *rcu)
{
	struct enetstl_obj *obj = container_of(rcu, struct enetstl_obj, rcu);

	queue_work(enetstl_wq, &obj->free_work);
}

static void enetstl_obj_init(struct enetstl_obj *obj,
			     void (*destroy)(struct enetstl_obj *obj))
{
	refcount_set(&obj->ref, 1);
	INIT_WORK(&obj->free_work, enetstl_obj_free_work);
	obj->destroy = destroy;
	atomic_inc(&enetstl_live);
}

/*
 * 6.1 calls a kptr destructor for every kptr field of a dying map, empty
 * ones included (bpf_map_free_kptrs), so NULL must be a no-op; BPF callers
 * can never pass NULL (the verifier wants a reference).
 */
static void enetstl_obj_put(struct enetstl_obj *obj)
{
	if (!obj)
		return;
	if (refcount_dec_and_test(&obj->ref))
		call_rcu(&obj->rcu, enetstl_obj_free_rcu);
}

/*
 * New reference to the object in a map value's kptr field.  The map holds
 * one reference; if another CPU swaps it out and drops the last one
 * meanwhile, the count is zero and RCU keeps the memory until we are done.
 */
static struct enetstl_obj *enetstl_obj_get(struct enetstl_obj **pp)
{
	struct enetstl_obj *obj;

	rcu_read_lock();
	obj = READ_ONCE(*pp);
	if (obj && !refcount_inc_not_zero(&obj->ref))
		obj = NULL;
	rcu_read_unlock();
	return obj;
}

/* ---- memory wrapper ---- */

struct enetstl_mem {
	struct enetstl_obj obj;
	spinlock_t lock;	/* serializes changes to core */
	struct enetstl_mem_core core;
};

static void enetstl_mem_obj_destroy(struct enetstl_obj *obj)
{
	struct enetstl_mem *c = container_of(obj, struct enetstl_mem, obj);

	enetstl_mem_destroy(&c->core);
	kfree(c);
}

/* ---- list buckets ---- */

/*
 * Shared (cpu == NULL): one core, lock serializes everything but len.
 * Per-CPU: one core per possible CPU, each used only by its own CPU with
 * bottom halves off (bkt_enter), no lock.
 */
struct bpf_bkt_list {
	struct enetstl_obj obj;
	spinlock_t lock;
	struct enetstl_bkt_core **cpu;
	struct enetstl_bkt_core core;
};

/* The per-CPU cores made so far (a NULL entry was never made). */
static void enetstl_bkt_free_cpus(struct bpf_bkt_list *l)
{
	int cpu;

	if (!l->cpu)
		return;
	for_each_possible_cpu(cpu) {
		if (l->cpu[cpu])
			enetstl_bkt_destroy(l->cpu[cpu]);
		kfree(l->cpu[cpu]);
	}
	kfree(l->cpu);
}

static void enetstl_bkt_obj_destroy(struct enetstl_obj *obj)
{
	struct bpf_bkt_list *l = container_of(obj, struct bpf_bkt_list, obj);

	enetstl_bkt_free_cpus(l);
	enetstl_bkt_destroy(&l->core);
	kfree(l);
}

/*
 * The core a mutating call works on, made exclusive: the shared one under
 * its lock, or this CPU's.  Programs that can call these kfuncs (XDP, tc,
 * SYSCALL) never run in hardirq or NMI context; XDP and tc run in softirq
 * or with bottom halves disabled, so when softirq_count() is non-zero no
 * other program can start on this CPU until we return.  SYSCALL programs
 * and bpf_prog_test_run run in process context with BHs enabled: there a
 * softirq could interrupt us and run an XDP program on the same core, so
 * BHs go off for the call (which also keeps us on this CPU).  Other CPUs
 * only ever touch their own cores.
 */
static __always_inline struct enetstl_bkt_core *
bkt_enter(struct bpf_bkt_list *l, unsigned long *flags)
{
	if (l->cpu) {
		*flags = !softirq_count();
		if (*flags)
			local_bh_disable();
		return l->cpu[smp_processor_id()];
	}
	spin_lock_irqsave(&l->lock, *flags);
	return &l->core;
}

static __always_inline void bkt_exit(struct bpf_bkt_list *l,
				     unsigned long flags)
{
	if (!l->cpu)
		spin_unlock_irqrestore(&l->lock, flags);
	else if (flags)
		local_bh_enable();
}

/* Read-only (len): this CPU's core; programs run with migration off. */
static __always_inline struct enetstl_bkt_core *
bkt_this_core(struct bpf_bkt_list *l)
{
	return l->cpu ? l->cpu[raw_smp_processor_id()] : &l->core;
}

/* ---- GEO random pool ---- */

struct geo_sampling_ctx {
	struct enetstl_obj obj;
	struct enetstl_geo_param gp;
	struct work_struct refill_work;
	struct enetstl_geo_cpu **pools;	/* one per possible CPU */
	/* Draw table, built by the first refill; only the work item uses it. */
	struct enetstl_geo_fast *fast;
};

static void enetstl_geo_refill_work(struct work_struct *work)
{
	struct geo_sampling_ctx *ctx = container_of(work,
						    struct geo_sampling_ctx,
						    refill_work);
	size_t size = enetstl_geo_fast_size(&ctx->gp);
	int cpu;

	/* Without it (no memory) the refill draws the slow way. */
	if (!ctx->fast && size) {
		ctx->fast = kvzalloc(size, GFP_KERNEL | __GFP_NOWARN);
		if (ctx->fast)
			enetstl_geo_fast_build(&ctx->gp, ctx->fast);
	}
	for_each_possible_cpu(cpu) {
		enetstl_geo_refill(ctx->pools[cpu], &ctx->gp, ctx->fast);
		cond_resched();
	}
}

static void enetstl_geo_obj_destroy(struct enetstl_obj *obj)
{
	struct geo_sampling_ctx *ctx = container_of(obj,
						    struct geo_sampling_ctx,
						    obj);
	int cpu;

	cancel_work_sync(&ctx->refill_work);
	for_each_possible_cpu(cpu)
		kfree(ctx->pools[cpu]);
	kfree(ctx->pools);
	kvfree(ctx->fast);
	kfree(ctx);
}

static struct geo_sampling_ctx *enetstl_geo_new(u32 num, u32 den)
{
	struct geo_sampling_ctx *ctx;
	struct enetstl_geo_param gp;
	int cpu;

	if (enetstl_geo_param_init(&gp, num, den))
		return NULL;
	ctx = kzalloc(sizeof(*ctx), GFP_ATOMIC | __GFP_NOWARN);
	if (!ctx)
		return NULL;
	ctx->gp = gp;
	INIT_WORK(&ctx->refill_work, enetstl_geo_refill_work);
	ctx->pools = kcalloc(nr_cpu_ids, sizeof(*ctx->pools),
			     GFP_ATOMIC | __GFP_NOWARN);
	if (!ctx->pools)
		goto err;
	for_each_possible_cpu(cpu) {
		ctx->pools[cpu] = kzalloc_node(sizeof(*ctx->pools[cpu]),
					       GFP_ATOMIC | __GFP_NOWARN,
					       cpu_to_node(cpu));
		if (!ctx->pools[cpu])
			goto err;
	}
	enetstl_obj_init(&ctx->obj, enetstl_geo_obj_destroy);
	/* Until the first refill the fast path draws synchronously. */
	queue_work(enetstl_wq, &ctx->refill_work);
	return ctx;
err:
	if (ctx->pools) {
		for_each_possible_cpu(cpu)
			kfree(ctx->pools[cpu]);
		kfree(ctx->pools);
	}
	kfree(ctx);
	return NULL;
}

static struct enetstl_geo_cpu *enetstl_geo_this_cpu(struct geo_sampling_ctx *ctx)
{
	/* BPF programs run with migration disabled. */
	return ctx->pools[raw_smp_processor_id()];
}

/* kptrs point at the object, the release path at its head: the same. */
static_assert(offsetof(struct enetstl_mem, obj) == 0);
static_assert(offsetof(struct bpf_bkt_list, obj) == 0);
static_assert(offsetof(struct geo_sampling_ctx, obj) == 0);

/* ---- kfuncs ---- */

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "kfuncs are global for BTF and called only from BPF");

noinline __used struct enetstl_mem *
bpf_mem_container_new(u32 node_size, u32 max_nodes, u32 nr_links)
{
	struct enetstl_mem *c;

	c = kzalloc(sizeof(*c), GFP_ATOMIC | __GFP_NOWARN);
	if (!c)
		return NULL;
	if (enetstl_mem_init(&c->core, node_size, max_nodes, nr_links)) {
		kfree(c);
		return NULL;
	}
	spin_lock_init(&c->lock);
	enetstl_obj_init(&c->obj, enetstl_mem_obj_destroy);
	return c;
}

/* Also the map destructor of struct enetstl_mem kptrs. */
noinline __used void bpf_mem_container_release(struct enetstl_mem *c)
{
	enetstl_obj_put((struct enetstl_obj *)c);
}

noinline __used struct enetstl_mem *
bpf_mem_container_kptr_get(struct enetstl_mem **pp)
{
	return (struct enetstl_mem *)enetstl_obj_get((struct enetstl_obj **)pp);
}

noinline __used int bpf_mem_node_alloc(struct enetstl_mem *c)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&c->lock, flags);
	ret = enetstl_mem_alloc(&c->core);
	spin_unlock_irqrestore(&c->lock, flags);
	return ret;
}

noinline __used int bpf_mem_node_free(struct enetstl_mem *c, u32 idx)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&c->lock, flags);
	ret = enetstl_mem_free(&c->core, idx);
	spin_unlock_irqrestore(&c->lock, flags);
	return ret;
}

/*
 * "rdwr_buf_size" is the name 6.1's verifier looks for: it makes the
 * returned pointer PTR_TO_MEM of that (constant) size, tied to c's
 * reference.  Node memory is only freed with the container, so the pointer
 * stays valid as long as the verifier lets the program use it.
 */
noinline __used void *bpf_mem_node_get(struct enetstl_mem *c, u32 idx,
				       u32 rdwr_buf_size)
{
	return enetstl_mem_data(&c->core, idx, rdwr_buf_size);
}

noinline __used int bpf_mem_node_read(struct enetstl_mem *c, u32 idx,
				      u32 off, void *buf, u32 buf__sz)
{
	return enetstl_mem_read(&c->core, idx, off, buf, buf__sz);
}

noinline __used int bpf_mem_node_write(struct enetstl_mem *c, u32 idx,
				       u32 off, const void *buf, u32 buf__sz)
{
	return enetstl_mem_write(&c->core, idx, off, buf, buf__sz);
}

noinline __used int bpf_mem_node_connect(struct enetstl_mem *c, u32 from,
					 u32 slot, u32 to)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&c->lock, flags);
	ret = enetstl_mem_connect(&c->core, from, slot, to);
	spin_unlock_irqrestore(&c->lock, flags);
	return ret;
}

noinline __used int bpf_mem_node_disconnect(struct enetstl_mem *c, u32 from,
					    u32 slot)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&c->lock, flags);
	ret = enetstl_mem_disconnect(&c->core, from, slot);
	spin_unlock_irqrestore(&c->lock, flags);
	return ret;
}

noinline __used int bpf_mem_node_next(struct enetstl_mem *c, u32 from,
				      u32 slot)
{
	return enetstl_mem_next(&c->core, from, slot);
}

noinline __used int bpf_mem_node_walk(struct enetstl_mem *c, u32 from,
				      u32 slot, u32 key_off, u64 key)
{
	return enetstl_mem_walk(&c->core, from, slot, key_off, key);
}

noinline __used int bpf_mem_node_descend(struct enetstl_mem *c, u64 key,
					 u32 *path, u32 path__sz,
					 u32 key_off)
{
	return enetstl_mem_descend(&c->core, key, path, path__sz, key_off);
}

noinline __used int bpf_mem_node_find(struct enetstl_mem *c, const void *req,
				      u32 req__sz, void *buf, u32 buf__sz)
{
	return enetstl_mem_find(&c->core, req, req__sz, buf, buf__sz);
}

/*
 * The object in a kptr field, for the in-place (KF_KPTR_GET, non-acquiring)
 * kfuncs: the caller holds rcu_read_lock() for as long as it uses it.  A
 * zero reference count is fine: the memory goes only after a grace period.
 */
static void *enetstl_obj_peek(void *pp)
{
	return rcu_dereference(*(void __rcu **)pp);
}

noinline __used int bpf_mem_kptr_node_read(struct enetstl_mem **pp, u32 idx,
					   u32 off, void *buf, u32 buf__sz)
{
	struct enetstl_mem *c;
	int ret = -ENXIO;

	rcu_read_lock();
	c = enetstl_obj_peek(pp);
	if (c)
		ret = enetstl_mem_read(&c->core, idx, off, buf, buf__sz);
	rcu_read_unlock();
	return ret;
}

noinline __used int bpf_mem_kptr_descend(struct enetstl_mem **pp, u64 key,
					 u32 *path, u32 path__sz,
					 u32 key_off)
{
	struct enetstl_mem *c;
	int ret = -ENXIO;

	rcu_read_lock();
	c = enetstl_obj_peek(pp);
	if (c)
		ret = enetstl_mem_descend(&c->core, key, path, path__sz,
					  key_off);
	rcu_read_unlock();
	return ret;
}

noinline __used int bpf_mem_kptr_find(struct enetstl_mem **pp,
				      const void *req, u32 req__sz, void *buf,
				      u32 buf__sz)
{
	struct enetstl_mem *c;
	int ret = -ENXIO;

	rcu_read_lock();
	c = enetstl_obj_peek(pp);
	if (c)
		ret = enetstl_mem_find(&c->core, req, req__sz, buf, buf__sz);
	rcu_read_unlock();
	return ret;
}

noinline __used struct bpf_bkt_list *
bpf_bktlist_new(u32 nr_slots, u32 elem_size, u32 capacity)
{
	struct bpf_bkt_list *l;

	l = kzalloc(sizeof(*l), GFP_ATOMIC | __GFP_NOWARN);
	if (!l)
		return NULL;
	if (enetstl_bkt_init(&l->core, nr_slots, elem_size, capacity)) {
		kfree(l);
		return NULL;
	}
	spin_lock_init(&l->lock);
	enetstl_obj_init(&l->obj, enetstl_bkt_obj_destroy);
	return l;
}

noinline __used struct bpf_bkt_list *
bpf_bktlist_new_percpu(u32 nr_slots, u32 elem_size, u32 capacity)
{
	struct enetstl_bkt_core *c;
	struct bpf_bkt_list *l;
	int cpu;

	l = kzalloc(sizeof(*l), GFP_ATOMIC | __GFP_NOWARN);
	if (!l)
		return NULL;
	/*
	 * The shared core stays zeroed and unused (destroying it is a
	 * no-op); the first CPU's init rejects a bad geometry.
	 */
	l->cpu = kcalloc(nr_cpu_ids, sizeof(*l->cpu),
			 GFP_ATOMIC | __GFP_NOWARN);
	if (!l->cpu)
		goto err;
	for_each_possible_cpu(cpu) {
		c = kzalloc_node(sizeof(*c), GFP_ATOMIC | __GFP_NOWARN,
				 cpu_to_node(cpu));
		if (!c)
			goto err;
		if (enetstl_bkt_init(c, nr_slots, elem_size, capacity)) {
			kfree(c);
			goto err;
		}
		l->cpu[cpu] = c;
	}
	spin_lock_init(&l->lock);
	enetstl_obj_init(&l->obj, enetstl_bkt_obj_destroy);
	return l;
err:
	enetstl_bkt_free_cpus(l);
	kfree(l);
	return NULL;
}

/* Also the map destructor of struct bpf_bkt_list kptrs. */
noinline __used void bpf_bktlist_free(struct bpf_bkt_list *bktlist)
{
	enetstl_obj_put((struct enetstl_obj *)bktlist);
}

noinline __used struct bpf_bkt_list *
bpf_bktlist_kptr_get(struct bpf_bkt_list **pp)
{
	return (struct bpf_bkt_list *)enetstl_obj_get((struct enetstl_obj **)pp);
}

noinline __used int bpf_bktlist_push_back(struct bpf_bkt_list *bktlist,
					  const void *val, u32 val__sz,
					  u32 slot)
{
	struct enetstl_bkt_core *core;
	unsigned long flags;
	int ret;

	core = bkt_enter(bktlist, &flags);
	ret = enetstl_bkt_push_back(core, val, val__sz, slot);
	bkt_exit(bktlist, flags);
	return ret;
}

noinline __used int bpf_bktlist_pop_front(struct bpf_bkt_list *bktlist,
					  void *val, u32 val__sz, u32 slot)
{
	struct enetstl_bkt_core *core;
	unsigned long flags;
	int ret;

	core = bkt_enter(bktlist, &flags);
	ret = enetstl_bkt_pop_front(core, val, val__sz, slot);
	bkt_exit(bktlist, flags);
	return ret;
}

noinline __used int bpf_bktlist_len(struct bpf_bkt_list *bktlist, u32 slot)
{
	return enetstl_bkt_len(bkt_this_core(bktlist), slot);
}

noinline __used int bpf_bktlist_drain(struct bpf_bkt_list *bktlist, void *buf,
				      u32 buf__sz, u32 slot)
{
	struct enetstl_bkt_core *core;
	unsigned long flags;
	int ret;

	core = bkt_enter(bktlist, &flags);
	ret = enetstl_bkt_drain(core, buf, buf__sz, slot);
	bkt_exit(bktlist, flags);
	return ret;
}

noinline __used int bpf_bktlist_push_drain(struct bpf_bkt_list *bktlist,
					   const void *req, u32 req__sz,
					   void *buf, u32 buf__sz)
{
	struct enetstl_bkt_core *core;
	unsigned long flags;
	int ret;

	core = bkt_enter(bktlist, &flags);
	ret = enetstl_bkt_push_drain(core, req, req__sz, buf, buf__sz);
	bkt_exit(bktlist, flags);
	return ret;
}

noinline __used int bpf_bktlist_kptr_push_drain(struct bpf_bkt_list **pp,
						const void *req, u32 req__sz,
						void *buf, u32 buf__sz)
{
	struct bpf_bkt_list *l;
	int ret = -ENXIO;

	rcu_read_lock();
	l = enetstl_obj_peek(pp);
	if (l)
		ret = bpf_bktlist_push_drain(l, req, req__sz, buf, buf__sz);
	rcu_read_unlock();
	return ret;
}

noinline __used int bpf_bktlist_kptr_push_back(struct bpf_bkt_list **pp,
					       const void *val, u32 val__sz,
					       u32 slot)
{
	struct bpf_bkt_list *l;
	int ret = -ENXIO;

	rcu_read_lock();
	l = enetstl_obj_peek(pp);
	if (l)
		ret = bpf_bktlist_push_back(l, val, val__sz, slot);
	rcu_read_unlock();
	return ret;
}

noinline __used int bpf_bktlist_kptr_drain(struct bpf_bkt_list **pp,
					   void *buf, u32 buf__sz, u32 slot)
{
	struct bpf_bkt_list *l;
	int ret = -ENXIO;

	rcu_read_lock();
	l = enetstl_obj_peek(pp);
	if (l)
		ret = bpf_bktlist_drain(l, buf, buf__sz, slot);
	rcu_read_unlock();
	return ret;
}

noinline __used int bpf_bktlist_kptr_len(struct bpf_bkt_list **pp, u32 slot)
{
	struct bpf_bkt_list *l;
	int ret = -ENXIO;

	rcu_read_lock();
	l = enetstl_obj_peek(pp);
	if (l)
		ret = enetstl_bkt_len(bkt_this_core(l), slot);
	rcu_read_unlock();
	return ret;
}

noinline __used struct geo_sampling_ctx *
bpf_geo_sampling_ctx_new(int prob_percent)
{
	if (prob_percent < 1 || prob_percent > 100)
		return NULL;
	return enetstl_geo_new(prob_percent, 100);
}

noinline __used struct geo_sampling_ctx *
bpf_geo_sampling_ctx_new_frac(u32 num, u32 den)
{
	return enetstl_geo_new(num, den);
}

/* Also the map destructor of struct geo_sampling_ctx kptrs. */
noinline __used void bpf_geo_sampling_ctx_free(struct geo_sampling_ctx *ctx)
{
	enetstl_obj_put((struct enetstl_obj *)ctx);
}

noinline __used struct geo_sampling_ctx *
bpf_geo_sampling_ctx_kptr_get(struct geo_sampling_ctx **pp)
{
	return (struct geo_sampling_ctx *)
		enetstl_obj_get((struct enetstl_obj **)pp);
}

noinline __used int bpf_geo_sampling_should_do(struct geo_sampling_ctx *ctx)
{
	bool refill = false;
	bool ret;

	ret = enetstl_geo_should_do(enetstl_geo_this_cpu(ctx), &ctx->gp,
				    &refill);
	if (refill)
		queue_work(enetstl_wq, &ctx->refill_work);
	return ret;
}

noinline __used u32 bpf_geo_sampling_gen_geo_cnt(struct geo_sampling_ctx *ctx)
{
	bool refill = false;
	u32 ret;

	ret = enetstl_geo_take(enetstl_geo_this_cpu(ctx), &ctx->gp, &refill);
	if (refill)
		queue_work(enetstl_wq, &ctx->refill_work);
	return ret;
}

noinline __used int
bpf_geo_sampling_kptr_gen_geo_cnt(struct geo_sampling_ctx **pp)
{
	struct geo_sampling_ctx *ctx;
	int ret = -ENXIO;

	rcu_read_lock();
	ctx = enetstl_obj_peek(pp);
	if (ctx)
		ret = bpf_geo_sampling_gen_geo_cnt(ctx);
	rcu_read_unlock();
	return ret;
}

__diag_pop();

/* Each kptr type and its destructor, in pairs. */
BTF_ID_LIST(enetstl_dtor_ids)
BTF_ID(struct, enetstl_mem)
BTF_ID(func, bpf_mem_container_release)
BTF_ID(struct, bpf_bkt_list)
BTF_ID(func, bpf_bktlist_free)
BTF_ID(struct, geo_sampling_ctx)
BTF_ID(func, bpf_geo_sampling_ctx_free)

/*
 * Register the map destructors.  This is also the module BTF check: it
 * fails with -ENOENT when the kernel did not take our BTF.
 */
int enetstl_objs_init(void)
{
	const struct btf_id_dtor_kfunc dtors[] = {
		{ .btf_id = enetstl_dtor_ids[0],
		  .kfunc_btf_id = enetstl_dtor_ids[1] },
		{ .btf_id = enetstl_dtor_ids[2],
		  .kfunc_btf_id = enetstl_dtor_ids[3] },
		{ .btf_id = enetstl_dtor_ids[4],
		  .kfunc_btf_id = enetstl_dtor_ids[5] },
	};
	int err;

	enetstl_wq = alloc_workqueue("enetstl", WQ_UNBOUND, 0);
	if (!enetstl_wq)
		return -ENOMEM;
	err = register_btf_id_dtor_kfuncs(dtors, ARRAY_SIZE(dtors),
					  THIS_MODULE);
	if (err) {
		destroy_workqueue(enetstl_wq);
		return err;
	}
	return 0;
}

/*
 * Module exit: no map or program can reach the objects any more (each holds
 * a module reference), but the last ones may still be on their way out.
 */
void enetstl_objs_exit(void)
{
	rcu_barrier();
	destroy_workqueue(enetstl_wq);
	WARN_ON(atomic_read(&enetstl_live));
}
