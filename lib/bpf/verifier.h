/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verifier.h - the BPF verifier of the portable core: proves a program
 * memory-safe and terminating before ebpfdriver.ko (or a test) runs it.
 *
 * Stability: fields and functions here are only ever added, never changed.
 */
#ifndef BPF_CORE_VERIFIER_H
#define BPF_CORE_VERIFIER_H

#include "bpf_core.h"

/* Program types, numbered as the kernel's enum bpf_prog_type. */
#define BPF_CORE_PROG_SOCKET_FILTER	1
#define BPF_CORE_PROG_KPROBE		2
#define BPF_CORE_PROG_TRACEPOINT	5
#define BPF_CORE_PROG_RAW_TRACEPOINT	17

/* Map types, numbered as the kernel's enum bpf_map_type. */
#define BPF_CORE_MAP_HASH		1
#define BPF_CORE_MAP_ARRAY		2
#define BPF_CORE_MAP_PROG_ARRAY		3
#define BPF_CORE_MAP_PERF_EVENT_ARRAY	4
#define BPF_CORE_MAP_PERCPU_HASH	5
#define BPF_CORE_MAP_PERCPU_ARRAY	6
#define BPF_CORE_MAP_STACK_TRACE	7
#define BPF_CORE_MAP_CGROUP_ARRAY	8
#define BPF_CORE_MAP_LRU_HASH		9
#define BPF_CORE_MAP_LRU_PERCPU_HASH	10
#define BPF_CORE_MAP_RINGBUF		27

/* Map flags the verifier honours (kernel values). */
#define BPF_CORE_MAP_F_RDONLY_PROG	(1U << 7)
#define BPF_CORE_MAP_F_WRONLY_PROG	(1U << 8)

/* What the verifier needs to know of a map; filled by the driver. */
struct bpf_core_map_desc {
	u32 type;		/* BPF_CORE_MAP_* */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 flags;		/* BPF_CORE_MAP_F_* */
};

/*
 * Resolve the map named by an lddw with src_reg BPF_CORE_PSEUDO_MAP_FD or
 * BPF_CORE_PSEUDO_MAP_VALUE (fd in imm). Returns 0 and fills *desc, or
 * -errno (-EBADF for an fd that is not a map).
 */
typedef int (*bpf_core_map_by_fd_fn)(void *priv, s32 fd,
				     struct bpf_core_map_desc *desc);

/* Verification flags. */
/*
 * Unprivileged rules: no pointer may leak into maps, ctx, helpers or r0;
 * no pointer comparisons, bpf-to-bpf calls or loops; branches proven dead
 * are still walked (speculation). Partial: the kernel's Spectre v1
 * pointer-ALU sanitation is not modelled.
 */
#define BPF_CORE_VERIFY_UNPRIV		0x1
/*
 * Privileged only: reading stack bytes never written is allowed (as the
 * kernel allows root); it reads stale data, it cannot fault. Off by
 * default: every byte must be initialised before it is read.
 */
#define BPF_CORE_VERIFY_ALLOW_UNINIT_STACK	0x2

struct bpf_core_verify_env {
	u32 prog_type;		/* BPF_CORE_PROG_* */
	/*
	 * Readable context bytes for tracepoint (the record size given at
	 * load, including the 8-byte common header) and raw tracepoint
	 * (8 * number of arguments); 0 means the kernel's maximum.
	 */
	u32 ctx_size;
	u32 flags;		/* BPF_CORE_VERIFY_* */
	bpf_core_map_by_fd_fn map_by_fd;
	void *priv;
	/*
	 * Optional. For a map that is read-only to programs and frozen (its
	 * contents can no longer change, like libbpf's .rodata): copy size
	 * bytes at off of its value into buf and return 0, else -errno. Loads
	 * at constant offsets then become constants, as in the kernel, so
	 * configuration-dependent dead code is not walked.
	 */
	int (*map_ro_read)(void *priv, s32 fd, u32 off, u32 size, void *buf);
	/* Processed-instruction budget; 0: 1,000,000 as the kernel. */
	u32 max_insns_processed;
	/*
	 * Optional, cnt bytes: set to 1 for every instruction some path
	 * reaches, 0 for dead code. Like the kernel, a loader should turn
	 * dead instructions into `ja -1` (both slots of a dead lddw): they
	 * were never checked (e.g. libbpf's poisoned `call 0xbad2310`).
	 */
	u8 *insn_visited;
};

struct bpf_core_verify_stats {
	u32 insns_processed;	/* like the kernel's "processed N insns" */
	u32 states_stored;	/* checkpoints kept for pruning */
	u32 states_pruned;	/* paths cut by an equivalent checkpoint */
	u32 peak_pending;	/* deepest branch stack */
	u32 max_stack_depth;	/* deepest combined stack of a call chain */
	u64 peak_mem;		/* bytes of verifier state at the peak */
};

/* Log levels, as the kernel's. */
#define BPF_CORE_LOG_LEVEL1	1	/* the error and the path to it */
#define BPF_CORE_LOG_LEVEL2	2	/* every instruction's state */
#define BPF_CORE_LOG_STATS	4	/* summary line */

/*
 * Verify cnt instruction slots. Returns 0 (safe), -EACCES (unsafe),
 * -EINVAL (malformed), -E2BIG (too large or too complex), -ENOMEM, or
 * -ENOSPC when a log was requested and did not fit (log is then
 * truncated but NUL-terminated). log may be NULL when log_level is 0;
 * otherwise it must hold at least 128 bytes. stats may be NULL.
 */
int bpf_core_verify(const struct bpf_core_insn *insns, u32 cnt,
		    const struct bpf_core_verify_env *env, char *log,
		    u32 log_size, u32 log_level,
		    struct bpf_core_verify_stats *stats);

/* Helper prototype table, shared with the driver's helper table. */
#define BPF_CORE_ARG_NONE		0
#define BPF_CORE_ARG_ANYTHING		1	/* any initialised value */
#define BPF_CORE_ARG_CONST_MAP_PTR	2
#define BPF_CORE_ARG_PTR_TO_CTX		3
#define BPF_CORE_ARG_PTR_TO_MAP_KEY	4
#define BPF_CORE_ARG_PTR_TO_MAP_VALUE	5
#define BPF_CORE_ARG_PTR_TO_MEM		6	/* read; size is the next arg */
#define BPF_CORE_ARG_PTR_TO_UNINIT_MEM	7	/* written; size is next */
#define BPF_CORE_ARG_CONST_SIZE		8
#define BPF_CORE_ARG_CONST_SIZE_OR_ZERO	9
#define BPF_CORE_ARG_CONST_ALLOC_SIZE	10	/* known constant */
#define BPF_CORE_ARG_PTR_TO_ALLOC_MEM	11	/* released by the call */
#define BPF_CORE_ARG_SCALAR		12	/* scalar, never a pointer */

#define BPF_CORE_RET_INTEGER		0
#define BPF_CORE_RET_VOID		1
#define BPF_CORE_RET_MAP_VALUE_OR_NULL	2
#define BPF_CORE_RET_ALLOC_MEM_OR_NULL	3	/* acquires a reference */

struct bpf_core_helper_proto {
	s32 id;
	const char *name;
	u8 ret;
	u8 args[5];
	u32 prog_types;		/* bit N set: allowed for prog type N */
	u32 map_type;		/* arg1 must be this map type, 0: any data map */
};

/* The prototype of helper id, or NULL when the verifier does not know it. */
const struct bpf_core_helper_proto *bpf_core_helper_proto(s32 id);

#endif /* BPF_CORE_VERIFIER_H */
