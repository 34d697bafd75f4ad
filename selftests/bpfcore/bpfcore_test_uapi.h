/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ABI of bpfcore_test.ko, a test-only module that runs programs through the
 * lib/bpf core (decoder, interpreter, JIT) inside the kernel, so that the
 * conformance vectors prove the core as built into a module.
 */
#ifndef BPFCORE_TEST_UAPI_H
#define BPFCORE_TEST_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define BPFCORE_TEST_DEV	"/dev/bpfcore_test"

#define BPFCORE_TEST_ENGINE_INTERP	0
#define BPFCORE_TEST_ENGINE_JIT		1

#define BPFCORE_TEST_MAX_INSNS		4096
#define BPFCORE_TEST_MAX_MEM		65536

struct bpfcore_test_run {
	__u64 insns;		/* user pointer to struct bpf_insn[insn_cnt] */
	__u64 mem;		/* user pointer to mem_len bytes, or 0 */
	__u64 err_buf;		/* user pointer: decoder/JIT message on failure */
	__u64 r0;		/* out: the program's return value */
	__u32 insn_cnt;
	__u32 mem_len;
	__u32 err_size;
	__u32 engine;		/* BPFCORE_TEST_ENGINE_* */
	__u32 flags;		/* must be 0 */
	__u32 reserved;		/* must be 0 */
};

#define BPFCORE_TEST_RUN	_IOWR('B', 0x01, struct bpfcore_test_run)

#endif
