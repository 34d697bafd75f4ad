/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the BPF programs and the tests of selftests/enetstl_lib. */
#ifndef ENETSTL_LIB_PROGS_H
#define ENETSTL_LIB_PROGS_H

/* Memory wrapper operations (mem_progs.bpf.c mem_op). */
enum mem_op {
	MOP_ALLOC = 1,
	MOP_FREE,
	MOP_READ,
	MOP_WRITE,
	MOP_CONNECT,
	MOP_DISCONNECT,
	MOP_NEXT,
	MOP_GET8,	/* bpf_mem_node_get(.., 8): read 8 bytes, write 8 */
	MOP_GET24,	/* .. 24 */
	MOP_GET64,	/* .. 64 */
	MOP_WALK,	/* bpf_mem_node_walk(idx, slot, key_off = off, key) */
	MOP_DESCEND,	/* bpf_mem_node_descend(key, path, len, key_off = off) */
	MOP_FIND,	/* bpf_mem_node_find(in_req, req_len, out_buf, len) */
};

#define MEM_PATH_SZ	64	/* path[] bytes; descend lengths masked to 63 */
#define MEM_REQ_SZ	32	/* in_req[] bytes; find request sizes masked to 31 */

#define MEM_BUF_SZ	128	/* read/write buffers; sizes are masked to 127 */
#define MEM_WALK_MAX	64

/* "no container in the map" result of the borrowing programs */
#define NO_OBJ		(-1000)

/* List bucket operations (bkt_progs.bpf.c) */
enum bkt_op {
	BKT_PUSH = 1,
	BKT_POP,
	BKT_LEN,
	BKT_DRAIN,	/* drain into drained[], size bytes (masked to 63) */
};

#define BKT_MAX_OPS	256
#define BKT_BUF_SZ	32	/* element buffer; sizes masked to 31 */

struct bkt_cmd {
	unsigned int op;
	unsigned int slot;
	unsigned int size;
	unsigned int pad;
	unsigned char val[BKT_BUF_SZ];
};

#define GEO_BATCH	1024

#endif
