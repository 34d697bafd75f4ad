// SPDX-License-Identifier: GPL-2.0
/*
 * eNetSTL.ko: kfuncs for eBPF network functions (SIMD hashing, parallel
 * key compare, bit tricks, and objects held as kptrs: memory wrapper, list
 * buckets, GEO random pool).  Load-time work: CPU feature detection, the
 * force_scalar parameter, the module BTF check, kptr destructor and kfunc
 * registration.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <asm/cpufeature.h>
#include <asm/fpu/xcr.h>
#include <asm/fpu/api.h>

#include "compat.h"
#include "enetstl_core.h"
#include "enetstl_internal.h"

bool enetstl_cpu_avx2;
bool enetstl_cpu_sse42;
bool enetstl_force_scalar;
module_param_named(force_scalar, enetstl_force_scalar, bool, 0644);
MODULE_PARM_DESC(force_scalar,
		 "use the scalar paths even where the CPU has AVX2/SSE4.2 (results are identical)");

static void enetstl_detect_cpu(void)
{
	enetstl_cpu_sse42 = boot_cpu_has(X86_FEATURE_XMM4_2);
	/* AVX2 also needs the OS to manage the YMM state (XSAVE). */
	enetstl_cpu_avx2 = boot_cpu_has(X86_FEATURE_AVX2) &&
			   boot_cpu_has(X86_FEATURE_AVX) &&
			   cpu_has_xfeatures(XFEATURE_MASK_SSE | XFEATURE_MASK_YMM,
					     NULL);
}

static int __init enetstl_init(void)
{
	int err;

	if (!enetstl_module_has_btf_data(THIS_MODULE)) {
		pr_err("module has no BTF (needs CONFIG_DEBUG_INFO_BTF_MODULES and a build with pahole against a vmlinux with BTF); kfuncs cannot be registered, refusing to load\n");
		return -EOPNOTSUPP;
	}
	err = enetstl_objs_init();
	if (err == -ENOENT) {
		pr_err("kernel rejected the module BTF (built against another vmlinux?): %d; refusing to load\n",
		       err);
		return -EOPNOTSUPP;
	}
	if (err) {
		pr_err("registering the kptr destructors failed: %d\n", err);
		return err;
	}

	enetstl_detect_cpu();
	enetstl_crc32c_init();

	err = enetstl_kfuncs_register();
	if (err) {
		enetstl_objs_exit();
		return err;
	}

	pr_info("loaded: crc32c %s, avx2 %s%s\n",
		enetstl_cpu_sse42 ? "sse4.2" : "scalar",
		enetstl_cpu_avx2 ? "yes" : "no",
		enetstl_force_scalar ? " (force_scalar)" : "");
	return 0;
}

static void __exit enetstl_exit(void)
{
	/* The kfunc sets and destructors go away with the module's BTF. */
	enetstl_objs_exit();
}

module_init(enetstl_init);
module_exit(enetstl_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("eNetSTL: kfuncs for eBPF network functions");
MODULE_VERSION("0.1");
