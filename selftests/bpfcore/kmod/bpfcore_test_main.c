// SPDX-License-Identifier: GPL-2.0
/*
 * bpfcore_test.ko: runs user-supplied programs through the lib/bpf core in
 * kernel context (interpreter or JIT) for the guest conformance test.
 *
 * There is no verifier on this path: a program can touch any kernel
 * address. That is why this module is test-only, root-only, and never
 * installed; ebpfdriver.ko is the product that verifies first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "bpf_core.h"
#include "jit.h"
#include "bpfcore_test_uapi.h"

/* The conformance suite's helper 5 returns its first argument. */
static u64 helper_identity(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return r1;
}

static const bpf_core_helper_fn test_helpers[] = {
	[5] = helper_identity,
};

/* Eight frames for bpf-to-bpf calls, off the small kernel stack. */
#define RUN_STACK_SIZE	(8 * BPF_CORE_STACK_SIZE)

static int copy_err(const struct bpfcore_test_run *run, const char *msg)
{
	size_t len;

	if (!run->err_buf || !run->err_size)
		return 0;
	len = min_t(size_t, strlen(msg) + 1, run->err_size);
	if (copy_to_user(u64_to_user_ptr(run->err_buf), msg, len))
		return -EFAULT;
	return 0;
}

static long bpfcore_test_run(struct bpfcore_test_run __user *uarg)
{
	struct bpf_core_load_opts opts = {
		.helpers = test_helpers,
		.nr_helpers = ARRAY_SIZE(test_helpers),
		.flags = BPF_CORE_LOAD_ALLOW_CALLX,
	};
	struct bpfcore_test_run run;
	struct bpf_core_prog *prog = NULL;
	struct bpf_core_insn *insns;
	void *mem = NULL, *stack = NULL;
	char *err;
	int ret;

	if (copy_from_user(&run, uarg, sizeof(run)))
		return -EFAULT;
	if (run.flags || run.reserved || run.engine > BPFCORE_TEST_ENGINE_JIT)
		return -EINVAL;
	if (!run.insn_cnt || run.insn_cnt > BPFCORE_TEST_MAX_INSNS ||
	    run.mem_len > BPFCORE_TEST_MAX_MEM)
		return -E2BIG;

	err = kzalloc(256, GFP_KERNEL);
	insns = memdup_user(u64_to_user_ptr(run.insns),
			    (size_t)run.insn_cnt * sizeof(*insns));
	if (IS_ERR(insns)) {
		kfree(err);
		return PTR_ERR(insns);
	}
	if (!err) {
		ret = -ENOMEM;
		goto out;
	}
	if (run.mem_len) {
		mem = memdup_user(u64_to_user_ptr(run.mem), run.mem_len);
		if (IS_ERR(mem)) {
			ret = PTR_ERR(mem);
			mem = NULL;
			goto out;
		}
	}

	ret = bpf_core_decode(insns, run.insn_cnt, &opts, &prog, err, 256);
	if (ret)
		goto out_msg;
	if (run.engine == BPFCORE_TEST_ENGINE_JIT) {
		ret = bpf_core_jit_compile(prog, NULL);
		if (ret) {
			snprintf(err, 256, "JIT failed: %d", ret);
			goto out_msg;
		}
		run.r0 = prog->jit_entry(mem, run.mem_len);
	} else {
		int status = 0;

		stack = kzalloc(RUN_STACK_SIZE, GFP_KERNEL);
		if (!stack) {
			ret = -ENOMEM;
			goto out;
		}
		run.r0 = bpf_core_interp_run_stack(prog, mem, run.mem_len, stack,
						   RUN_STACK_SIZE, &status);
		if (status) {
			ret = status;
			snprintf(err, 256, "interpreter aborted: %d", status);
			goto out_msg;
		}
	}
	ret = put_user(run.r0, &uarg->r0);
	goto out;

out_msg:
	if (copy_err(&run, err))
		ret = -EFAULT;
out:
	bpf_core_prog_free(prog);
	kfree(stack);
	kfree(mem);
	kfree(insns);
	kfree(err);
	return ret;
}

static long bpfcore_test_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (cmd != BPFCORE_TEST_RUN)
		return -ENOTTY;
	return bpfcore_test_run((struct bpfcore_test_run __user *)arg);
}

static const struct file_operations bpfcore_test_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = bpfcore_test_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice bpfcore_test_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "bpfcore_test",
	.fops = &bpfcore_test_fops,
	.mode = 0600,
};

static int __init bpfcore_test_init(void)
{
	return misc_register(&bpfcore_test_dev);
}

static void __exit bpfcore_test_exit(void)
{
	misc_deregister(&bpfcore_test_dev);
}

module_init(bpfcore_test_init);
module_exit(bpfcore_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test-only: run programs through the lib/bpf core in the kernel");
MODULE_VERSION("0.1");
