/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the eNetSTL object tests: BPF_PROG_TEST_RUN, the module's
 * live_objects counter, loading a program that must be rejected.
 */
#ifndef ENETSTL_LIB_UTIL_H
#define ENETSTL_LIB_UTIL_H

#include <stddef.h>
#include <stdint.h>

struct bpf_program;

#define LIVE_OBJECTS_PATH "/sys/module/eNetSTL/parameters/live_objects"

/*
 * Run prog once (XDP/tc: on a zeroed 64-byte frame; SYSCALL: no context).
 * 0 and the program's return value in *retval, or a negative errno.
 */
int run_prog(const struct bpf_program *prog, uint32_t *retval);

/* eNetSTL objects not yet freed, or a negative errno. */
long live_objects(void);

/*
 * Wait until live_objects() == want (objects are freed after an RCU grace
 * period and a workqueue pass, maps after their own deferred free).
 * Returns the last value read.
 */
long live_objects_wait(long want, int timeout_ms);

/* Simple reproducible PRNG (splitmix64). */
uint64_t lib_rand(uint64_t *state);

#endif
