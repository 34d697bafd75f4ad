/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Driving BPF programs from the eNetSTL tests and benchmark with
 * BPF_PROG_TEST_RUN, and the module's force_scalar switch.
 */
#ifndef ENETSTL_PROG_RUN_H
#define ENETSTL_PROG_RUN_H

#include <stddef.h>
#include <stdint.h>

#define PKT_LEN 64	/* a minimum-size Ethernet frame */

struct bpf_program;

/*
 * Run prog once on the len-byte packet pkt (a zeroed PKT_LEN frame when pkt
 * is NULL).  Returns 0 and the program's return value in *retval, or a
 * negative errno from the kernel.
 */
int prog_run(const struct bpf_program *prog, const void *pkt, size_t len,
	     uint32_t *retval);
/* Run repeat times in the kernel; *ns_per_run is the kernel's average. */
int prog_run_repeat(const struct bpf_program *prog, const void *pkt,
		    size_t len, uint32_t repeat, uint32_t *ns_per_run,
		    uint32_t *retval);

#define FORCE_SCALAR_PATH "/sys/module/eNetSTL/parameters/force_scalar"

/* Current force_scalar value (0 or 1), or a negative errno. */
int force_scalar_get(void);
/* Set force_scalar; 0 or a negative errno (-EACCES/-ENOENT: not writable). */
int force_scalar_set(int on);

#endif
