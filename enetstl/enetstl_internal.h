/* SPDX-License-Identifier: GPL-2.0 */
/* Module-internal state shared by enetstl_main.c and kfuncs.c. */
#ifndef _ENETSTL_INTERNAL_H
#define _ENETSTL_INTERNAL_H

#include <linux/compiler.h>
#include <linux/types.h>

/* CPU features found at load time. */
extern bool enetstl_cpu_avx2;
extern bool enetstl_cpu_sse42;
/* Module parameter force_scalar: take the scalar paths. */
extern bool enetstl_force_scalar;

static inline bool enetstl_use_avx2(void)
{
	return enetstl_cpu_avx2 && !READ_ONCE(enetstl_force_scalar);
}

static inline bool enetstl_use_sse42(void)
{
	return enetstl_cpu_sse42 && !READ_ONCE(enetstl_force_scalar);
}

int enetstl_kfuncs_register(void);

/*
 * Objects held as kptrs (kptr_objs.c): workqueue and map destructors (which
 * also prove the kernel took the module BTF: -ENOENT when it did not), and
 * the drain at module exit.
 */
int enetstl_objs_init(void);
void enetstl_objs_exit(void);

#endif /* _ENETSTL_INTERNAL_H */
