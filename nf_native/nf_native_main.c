// SPDX-License-Identifier: GPL-2.0
/*
 * nf_native.ko: the native baseline network functions, run in kernel
 * context on batches from userspace (see nf_native_uapi.h), so the guest
 * tests check them on the same inputs as the BPF programs and the
 * benchmark times them next to BPF_PROG_TEST_RUN.  Test-only: never
 * installed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>

#include "nf_native.h"
#include "nf_native_uapi.h"

static_assert(sizeof(((struct nf_native_switch_stats *)0)->port_tx) ==
	      SWITCH_PORTS * sizeof(u64));

/* All state, one user at a time. */
static DEFINE_MUTEX(nf_lock);
static struct cms8_table *nf_cms[2];
static struct nf_switch nf_sw;
static struct nf_eiffel nf_eif;
static struct nf_nitro nf_nit;
static struct nf_carousel *nf_cr;
static struct nf_skiplist *nf_sl;

/* FNV-1a 64 over what a Carousel tick sent, for the tests to compare. */
static u64 cr_digest(const struct nf_carousel *c)
{
	u64 h = 0xcbf29ce484222325ull;
	const u8 *p = (const u8 *)c->sent;
	size_t i;

	for (i = 0; i < c->nr_sent * sizeof(c->sent[0]); i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static int run_more(u32 fn, u32 op, const u8 *rec, u32 len,
		    struct nf_native_res *res)
{
	const struct sl_req *sr = (const struct sl_req *)rec;
	const struct cr_req *cq;
	struct pkt_5tuple t;
	int ret;

	if (fn == NF_NATIVE_NITRO) {
		if (nf_parse_5tuple(rec, len, &t))
			return NF_XDP_ABORTED;
		nf_nitro_update(&nf_nit, &t);
		return NF_XDP_PASS;
	}
	if (fn == NF_NATIVE_SKIPLIST) {
		if (op == NF_NATIVE_OP_PACKETS) {
			if (len < SL_REQ_OFF + sizeof(*sr))
				return SL_BAD;
			sr = (const struct sl_req *)(rec + SL_REQ_OFF);
		}
		if (op == NF_NATIVE_OP_INSERT)
			return nf_skiplist_insert(nf_sl, sr->key, sr->val);
		if (op == NF_NATIVE_OP_DELETE)
			return nf_skiplist_delete(nf_sl, sr->key);
		return nf_skiplist_lookup(nf_sl, sr->key, &res->item);
	}
	/* Carousel */
	if (len < CR_REQ_OFF + sizeof(*cq))
		return CR_BAD;
	cq = (const struct cr_req *)(rec + CR_REQ_OFF);
	if (op == NF_NATIVE_OP_TICK) {
		ret = nf_carousel_tick(nf_cr, cq->now);
		res->val = nf_cr->nr_sent;
		res->item = cr_digest(nf_cr);
		return ret;
	}
	ret = nf_carousel_enqueue(nf_cr, cq->now, cq->flow, cq->len);
	if (op == NF_NATIVE_OP_ENQUEUE || ret != CR_QUEUED)
		return ret;
	return nf_carousel_tick(nf_cr, nf_cr->start);
}

static int run_one(u32 fn, u32 op, const u8 *rec, u32 len,
		   struct nf_native_res *res)
{
	struct pkt_5tuple t;
	const struct eif_req *er;
	const struct cuckoo_req *cr;

	res->val = 0;
	res->item = 0;
	if (fn >= NF_NATIVE_NITRO)
		return run_more(fn, op, rec, len, res);
	switch (op) {
	case NF_NATIVE_OP_PACKETS:
		if (fn == NF_NATIVE_EIFFEL)
			break;
		if (nf_parse_5tuple(rec, len, &t))
			return NF_XDP_ABORTED;
		if (fn == NF_NATIVE_CMS8_XXH32)
			nf_cms8_xxh32(nf_cms[0], &t);
		else if (fn == NF_NATIVE_CMS8_FASTHASH32)
			nf_cms8_fasthash32(nf_cms[1], &t);
		else
			return nf_switch_fwd(&nf_sw, &t, &res->val);
		return NF_XDP_PASS;
	case NF_NATIVE_OP_INSERT:
		cr = (const struct cuckoo_req *)rec;
		return nf_switch_insert(&nf_sw, cr->key, cr->val);
	case NF_NATIVE_OP_DEQUEUE:
		return nf_eiffel_dequeue(&nf_eif, &res->val, &res->item);
	}
	/* Eiffel enqueue, alone (OP_ENQUEUE) or then dequeue (OP_PACKETS). */
	if (len < EIF_REQ_OFF + sizeof(*er))
		return EIF_BAD;
	er = (const struct eif_req *)(rec + EIF_REQ_OFF);
	res->ret = nf_eiffel_enqueue(&nf_eif, er->prio, er->item);
	if (op == NF_NATIVE_OP_ENQUEUE || res->ret != EIF_OK)
		return res->ret;
	return nf_eiffel_dequeue(&nf_eif, &res->val, &res->item);
}

static bool op_valid(u32 fn, u32 op)
{
	switch (op) {
	case NF_NATIVE_OP_RESET:
	case NF_NATIVE_OP_PACKETS:
		return true;
	case NF_NATIVE_OP_INSERT:
		return fn == NF_NATIVE_SWITCH || fn == NF_NATIVE_SKIPLIST ||
		       fn == NF_NATIVE_CAROUSEL;
	case NF_NATIVE_OP_ENQUEUE:
		return fn == NF_NATIVE_EIFFEL || fn == NF_NATIVE_CAROUSEL;
	case NF_NATIVE_OP_DEQUEUE:
		return fn == NF_NATIVE_EIFFEL;
	case NF_NATIVE_OP_READ:
		return fn <= NF_NATIVE_SWITCH || fn == NF_NATIVE_NITRO;
	case NF_NATIVE_OP_TICK:
		return fn == NF_NATIVE_CAROUSEL;
	case NF_NATIVE_OP_LOOKUP:
	case NF_NATIVE_OP_DELETE:
		return fn == NF_NATIVE_SKIPLIST;
	}
	return false;
}

static void nf_reset(u32 fn, u32 arg)
{
	if (fn == NF_NATIVE_NITRO) {
		memset(nf_nit.t, 0, sizeof(*nf_nit.t));
		nf_nitro_init(&nf_nit, arg ?: NITRO_P_DEN, get_random_u64());
	} else if (fn == NF_NATIVE_CAROUSEL) {
		nf_carousel_init(nf_cr);
	} else if (fn == NF_NATIVE_SKIPLIST) {
		nf_skiplist_init(nf_sl);
	} else if (fn == NF_NATIVE_CMS8_XXH32 ||
		   fn == NF_NATIVE_CMS8_FASTHASH32) {
		memset(nf_cms[fn], 0, sizeof(*nf_cms[fn]));
	} else if (fn == NF_NATIVE_SWITCH) {
		memset(nf_sw.b, 0, (nf_sw.mask + 1) * sizeof(*nf_sw.b));
		memset(nf_sw.port_tx, 0, sizeof(nf_sw.port_tx));
		nf_sw.miss = 0;
	} else {
		memset(nf_eif.b, 0, EIF_PRIOS * sizeof(*nf_eif.b));
		memset(&nf_eif.bm, 0, sizeof(nf_eif.bm));
		nf_eif.nr_items = 0;
	}
}

static long nf_read(const struct nf_native_run *run)
{
	struct nf_native_switch_stats st;
	void __user *out = u64_to_user_ptr(run->out);

	if (run->fn != NF_NATIVE_SWITCH) {
		struct cms8_table *t = run->fn == NF_NATIVE_NITRO ?
				       nf_nit.t : nf_cms[run->fn];

		if (run->out_len != sizeof(struct cms8_table))
			return -EINVAL;
		return copy_to_user(out, t, run->out_len) ? -EFAULT : 0;
	}
	if (run->out_len != sizeof(st))
		return -EINVAL;
	memcpy(st.port_tx, nf_sw.port_tx, sizeof(st.port_tx));
	st.miss = nf_sw.miss;
	return copy_to_user(out, &st, sizeof(st)) ? -EFAULT : 0;
}

/* Carousel flow table: record i sets flow i. */
static long nf_set_flows(const struct nf_native_run *run)
{
	if (run->count > CR_FLOWS || run->in_stride != sizeof(struct cr_flow))
		return -EINVAL;
	return copy_from_user(nf_cr->flow, u64_to_user_ptr(run->in),
			      run->count * sizeof(struct cr_flow)) ?
	       -EFAULT : 0;
}

static long nf_run_batch(struct nf_native_run *run)
{
	size_t in_sz = (size_t)run->count * run->in_stride;
	struct nf_native_res *res;
	u8 *in = NULL;
	u64 t0;
	u32 r, i;
	long ret = 0;

	res = kvcalloc(run->count ?: 1, sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	if (in_sz) {
		in = vmemdup_user(u64_to_user_ptr(run->in), in_sz);
		if (IS_ERR(in)) {
			kvfree(res);
			return PTR_ERR(in);
		}
	}
	/*
	 * One clock read around all passes: a clock read per pass would cost
	 * as much as a small batch under emulation.  cond_resched() is a
	 * flag test unless a reschedule is due, like BPF_PROG_TEST_RUN's.
	 */
	t0 = ktime_get_ns();
	for (r = 0; r < run->repeat; r++) {
		for (i = 0; i < run->count; i++)
			res[i].ret = run_one(run->fn, run->op,
					     in + (size_t)i * run->in_stride,
					     run->in_stride, &res[i]);
		cond_resched();
	}
	run->ns = ktime_get_ns() - t0;
	if (run->out && run->count &&
	    copy_to_user(u64_to_user_ptr(run->out), res,
			 run->count * sizeof(*res)))
		ret = -EFAULT;
	kvfree(in);
	kvfree(res);
	return ret;
}

static long nf_ioctl_run(struct nf_native_run __user *uarg)
{
	struct nf_native_run run;
	u32 min_stride = 0;
	long ret;

	if (copy_from_user(&run, uarg, sizeof(run)))
		return -EFAULT;
	if (run.flags || run.reserved || run.fn >= NF_NATIVE_NR_FN ||
	    run.op >= NF_NATIVE_NR_OP || !op_valid(run.fn, run.op))
		return -EINVAL;
	if (run.op == NF_NATIVE_OP_INSERT && run.fn == NF_NATIVE_SWITCH)
		min_stride = sizeof(struct cuckoo_req);
	else if (run.fn == NF_NATIVE_SKIPLIST &&
		 run.op != NF_NATIVE_OP_RESET && run.op != NF_NATIVE_OP_PACKETS)
		min_stride = sizeof(struct sl_req);
	else if (run.op == NF_NATIVE_OP_PACKETS ||
		 run.op == NF_NATIVE_OP_ENQUEUE || run.op == NF_NATIVE_OP_TICK ||
		 run.op == NF_NATIVE_OP_INSERT)
		min_stride = 1;
	if (run.count > NF_NATIVE_MAX_COUNT ||
	    (run.op == NF_NATIVE_OP_RESET && run.count) ||
	    (min_stride && (run.in_stride < min_stride ||
			    run.in_stride > NF_NATIVE_MAX_STRIDE)) ||
	    (!min_stride && run.in_stride))
		return -EINVAL;
	if (!run.repeat)
		run.repeat = 1;
	if ((u64)run.count * run.repeat > NF_NATIVE_MAX_OPS)
		return -E2BIG;

	mutex_lock(&nf_lock);
	if (run.op == NF_NATIVE_OP_RESET) {
		nf_reset(run.fn, run.out_len);
		ret = 0;
	} else if (run.op == NF_NATIVE_OP_READ) {
		ret = nf_read(&run);
	} else if (run.op == NF_NATIVE_OP_INSERT &&
		   run.fn == NF_NATIVE_CAROUSEL) {
		ret = nf_set_flows(&run);
	} else {
		ret = nf_run_batch(&run);
	}
	mutex_unlock(&nf_lock);
	if (!ret && copy_to_user(&uarg->ns, &run.ns, sizeof(run.ns)))
		ret = -EFAULT;
	return ret;
}

static long nf_native_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (cmd != NF_NATIVE_RUN)
		return -ENOTTY;
	return nf_ioctl_run((struct nf_native_run __user *)arg);
}

static const struct file_operations nf_native_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = nf_native_ioctl,
};

static struct miscdevice nf_native_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "nf_native",
	.fops = &nf_native_fops,
	.mode = 0600,
};

static void nf_free(void)
{
	kvfree(nf_cms[0]);
	kvfree(nf_cms[1]);
	kvfree(nf_sw.b);
	kvfree(nf_eif.b);
	kvfree(nf_nit.t);
	if (nf_cr)
		kvfree(nf_cr->pool);
	kvfree(nf_cr);
	if (nf_sl)
		kvfree(nf_sl->pool);
	kvfree(nf_sl);
}

static int __init nf_native_init(void)
{
	int err;

	nf_hash_init(boot_cpu_has(X86_FEATURE_XMM4_2));
	nf_cms[0] = kvzalloc(sizeof(*nf_cms[0]), GFP_KERNEL);
	nf_cms[1] = kvzalloc(sizeof(*nf_cms[1]), GFP_KERNEL);
	nf_sw.mask = SWITCH_BUCKETS - 1;
	nf_sw.b = kvcalloc(SWITCH_BUCKETS, sizeof(*nf_sw.b), GFP_KERNEL);
	nf_eif.b = kvcalloc(EIF_PRIOS, sizeof(*nf_eif.b), GFP_KERNEL);
	nf_nit.t = kvzalloc(sizeof(*nf_nit.t), GFP_KERNEL);
	nf_cr = kvzalloc(sizeof(*nf_cr), GFP_KERNEL);
	nf_sl = kvzalloc(sizeof(*nf_sl), GFP_KERNEL);
	if (nf_cr)
		nf_cr->pool = kvcalloc(CR_TOTAL_CAP, sizeof(*nf_cr->pool),
				       GFP_KERNEL);
	if (nf_sl)
		nf_sl->pool = kvcalloc(SL_MAX_KEYS, sizeof(*nf_sl->pool),
				       GFP_KERNEL);
	if (!nf_cms[0] || !nf_cms[1] || !nf_sw.b || !nf_eif.b || !nf_nit.t ||
	    !nf_cr || !nf_cr->pool || !nf_sl || !nf_sl->pool) {
		nf_free();
		return -ENOMEM;
	}
	nf_nitro_init(&nf_nit, NITRO_P_DEN, get_random_u64());
	nf_carousel_init(nf_cr);
	nf_skiplist_init(nf_sl);
	err = misc_register(&nf_native_dev);
	if (err) {
		nf_free();
		return err;
	}
	pr_info("loaded (crc32c: %s)\n",
		boot_cpu_has(X86_FEATURE_XMM4_2) ? "sse4.2" : "table");
	return 0;
}

static void __exit nf_native_exit(void)
{
	misc_deregister(&nf_native_dev);
	nf_free();
}

module_init(nf_native_init);
module_exit(nf_native_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Native baseline network functions for the eNetSTL tests (test-only)");
