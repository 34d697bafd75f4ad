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
 * Whether the kernel accepted that BTF: with CONFIG_MODULE_ALLOW_BTF_MISMATCH
 * a module whose BTF does not match vmlinux loads without BTF, and
 * register_btf_kfunc_id_set() then only warns and returns 0.  6.0 .. 6.1
 * have no exported way to ask, but register_btf_id_dtor_kfuncs() fails with
 * -ENOENT exactly then, so enetstl_objs_init(), which registers the kptr
 * destructors, is the check (see enetstl_main.c).
 */

#endif /* _ENETSTL_COMPAT_H */
