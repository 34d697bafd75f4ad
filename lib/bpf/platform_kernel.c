// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel side of platform.h.
 *
 * Executable memory: 6.1 exports neither module_alloc() nor set_memory_*(),
 * and vmalloc'ed memory is never executable, so they are found once through
 * kallsyms_lookup_name(), whose address a kprobe reveals (the kernel stopped
 * exporting it in 5.7). The module using this file must be GPL.
 */
#ifdef __KERNEL__

#define pr_fmt(fmt) "bpfcore: " fmt

#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "platform.h"

void *bpf_core_zalloc(size_t size)
{
	return kvzalloc(size ? size : 1, GFP_KERNEL);
}

void *bpf_core_zalloc_nosleep(size_t size)
{
	return kzalloc(size ? size : 1, GFP_ATOMIC);
}

void bpf_core_free(void *p)
{
	kvfree(p);
}

struct exec_ops {
	void *(*alloc)(unsigned long size);
	void (*memfree)(void *p);
	int (*set_ro)(unsigned long addr, int numpages);
	int (*set_rw)(unsigned long addr, int numpages);
	int (*set_x)(unsigned long addr, int numpages);
	int (*set_nx)(unsigned long addr, int numpages);
};

static struct exec_ops exec_ops;
static bool exec_ops_ready;
static DEFINE_MUTEX(exec_ops_lock);

static unsigned long lookup_kallsyms_lookup_name(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long addr;

	if (register_kprobe(&kp) < 0)
		return 0;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

static int exec_ops_init(void)
{
	unsigned long (*lookup)(const char *name);
	struct exec_ops ops;
	int ret = 0;

	mutex_lock(&exec_ops_lock);
	if (exec_ops_ready)
		goto out;
	lookup = (void *)lookup_kallsyms_lookup_name();
	if (!lookup) {
		pr_err("kallsyms_lookup_name not found, no executable memory\n");
		ret = -EOPNOTSUPP;
		goto out;
	}
	ops.alloc = (void *)lookup("module_alloc");
	ops.memfree = (void *)lookup("module_memfree");
	ops.set_ro = (void *)lookup("set_memory_ro");
	ops.set_rw = (void *)lookup("set_memory_rw");
	ops.set_x = (void *)lookup("set_memory_x");
	ops.set_nx = (void *)lookup("set_memory_nx");
	if (!ops.alloc || !ops.memfree || !ops.set_ro || !ops.set_rw ||
	    !ops.set_x || !ops.set_nx) {
		pr_err("module_alloc/set_memory_* not found\n");
		ret = -EOPNOTSUPP;
		goto out;
	}
	exec_ops = ops;
	exec_ops_ready = true;
out:
	mutex_unlock(&exec_ops_lock);
	return ret;
}

static int exec_pages(size_t size)
{
	return (int)(PAGE_ALIGN(size) >> PAGE_SHIFT);
}

void *bpf_core_exec_alloc(size_t size)
{
	void *p;

	if (!size || exec_ops_init())
		return NULL;
	/* module_alloc gives RW+NX memory within 2 GiB of the kernel text,
	 * so the image can reach helpers with rel32 calls.
	 */
	p = exec_ops.alloc(PAGE_ALIGN(size));
	if (p)
		memset(p, 0xcc, PAGE_ALIGN(size));
	return p;
}

int bpf_core_exec_seal(void *p, size_t size)
{
	unsigned long addr = (unsigned long)p;
	int ret;

	if (!exec_ops_ready)
		return -EOPNOTSUPP;
	ret = exec_ops.set_ro(addr, exec_pages(size));
	if (ret)
		return ret;
	return exec_ops.set_x(addr, exec_pages(size));
}

void bpf_core_exec_free(void *p, size_t size)
{
	unsigned long addr = (unsigned long)p;

	if (!p || !exec_ops_ready)
		return;
	exec_ops.set_nx(addr, exec_pages(size));
	exec_ops.set_rw(addr, exec_pages(size));
	exec_ops.memfree(p);
}

void bpf_core_log(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_info("%pV\n", &vaf);
	va_end(ap);
}

#endif /* __KERNEL__ */
