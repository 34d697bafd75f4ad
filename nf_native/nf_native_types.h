/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few types and helpers the native network functions need, from the
 * kernel or from libc: the same .c files build into nf_native.ko and into
 * the host benchmark.
 */
#ifndef NF_NATIVE_TYPES_H
#define NF_NATIVE_TYPES_H

#ifdef __KERNEL__
#include <linux/string.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#endif
