/* SPDX-License-Identifier: GPL-2.0 */
/* Driving nf_native.ko (nf_native/nf_native_uapi.h) from the tests. */
#ifndef ENETSTL_NF_NATIVE_DEV_H
#define ENETSTL_NF_NATIVE_DEV_H

#include <stdint.h>

#include "../../nf_native/nf_native_uapi.h"

/* fd of NF_NATIVE_DEV, or a negative errno (-ENOENT: module not loaded). */
int native_open(void);
/*
 * One NF_NATIVE_RUN; in: count records of stride bytes, out: count
 * results (or NULL).  0 and *ns (when ns is not NULL), or -errno.
 */
int native_run(int fd, uint32_t fn, uint32_t op, const void *in,
	       uint32_t count, uint32_t stride, struct nf_native_res *out,
	       uint32_t repeat, uint64_t *ns);
int native_reset(int fd, uint32_t fn);
int native_read(int fd, uint32_t fn, void *out, uint32_t len);

#endif
