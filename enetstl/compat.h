/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel-version differences for eNetSTL.ko, in one place. */
#ifndef _ENETSTL_COMPAT_H
#define _ENETSTL_COMPAT_H

#include <linux/module.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

/* BTF_SET8 kfunc sets with flags (btf_kfunc_id_set.set) came in 6.0. */
#ifndef BTF_SET8_START
#error "eNetSTL.ko needs Linux 6.0 or later (BTF_SET8 kfunc id sets)"
#endif

#ifndef CONFIG_BPF_SYSCALL
#error "eNetSTL.ko needs CONFIG_BPF_SYSCALL"
#endif

/* Did the build embed a .BTF section into this module? */
static inline bool enetstl_module_has_btf_data(const struct module *mod)
{
#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
	return mod->btf_data_size != 0;
#else
	return false;
#endif
}

/*
 * Did the kernel accept that BTF?  With CONFIG_MODULE_ALLOW_BTF_MISMATCH a
 * module whose BTF does not match vmlinux loads without BTF, and
 * register_btf_kfunc_id_set() then only warns and returns 0.  The dtor
 * registration, with no destructors, fails with -ENOENT exactly when the
 * module has no BTF, so it serves as the probe (6.0 .. 6.1 have no other
 * exported way to ask).
 */
static inline int enetstl_module_btf_probe(struct module *mod)
{
	return register_btf_id_dtor_kfuncs(NULL, 0, mod);
}

#endif /* _ENETSTL_COMPAT_H */
