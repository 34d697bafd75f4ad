/* SPDX-License-Identifier: GPL-2.0 */
/*
 * platform.h - the only door from lib/bpf to its host: fixed-width types,
 * memory, executable memory and logging. One kernel side
 * (platform_kernel.c) and one userspace side (platform_user.c).
 */
#ifndef BPF_CORE_PLATFORM_H
#define BPF_CORE_PLATFORM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/compiler.h>
#define BPF_CORE_PRINTF(a, b) __printf(a, b)
#else
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
/* Format checking of log calls happens in the kernel build. */
#define BPF_CORE_PRINTF(a, b)
#endif

/* Zeroed memory for loader-side data; may sleep in the kernel. */
void *bpf_core_zalloc(size_t size);
/* Zeroed memory usable from atomic context (run-time paths). */
void *bpf_core_zalloc_nosleep(size_t size);
/* Frees memory from either allocator above; NULL is fine. */
void bpf_core_free(void *p);

/*
 * Executable memory for JIT images, W^X: bpf_core_exec_alloc() returns
 * writable, non-executable memory; bpf_core_exec_seal() makes it read-only
 * and executable (0 or -errno); bpf_core_exec_free() releases it, sealed or
 * not, with the size given to bpf_core_exec_alloc().
 */
void *bpf_core_exec_alloc(size_t size);
int bpf_core_exec_seal(void *p, size_t size);
void bpf_core_exec_free(void *p, size_t size);

/* Log one line (no trailing newline needed). */
void bpf_core_log(const char *fmt, ...) BPF_CORE_PRINTF(1, 2);

#endif /* BPF_CORE_PLATFORM_H */
