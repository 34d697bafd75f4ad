// SPDX-License-Identifier: GPL-2.0
/*
 * One XDP program per eNetSTL kfunc.  Inputs and outputs live in global
 * data (.bss) so userspace sets them through the skeleton; every length and
 * offset is range-checked first so the verifier sees bounded memory
 * arguments.  The test packet only triggers the run, except for the *_pkt
 * programs, which hash bytes of the packet itself.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "enetstl.h"
#include "kfunc_progs.h"

__u8 buf1[KF_BUF_SZ];
__u8 buf2[KF_BUF_SZ];
__u32 table[KF_TABLE_SZ / 4];
__u64 vals[KF_NR_VALS];
__u64 outs[KF_NR_VALS];
__u8 bm_buf[KF_BM_BUF_SZ];

__u32 off1, len1, off2, len2;
__u32 seed;
__u32 table_sz;
__u32 column_shift;
__u16 needle;

__u32 out_u32;
__s32 out_s32;
__s64 out_s64;
__u32 runs;

SEC("xdp")
int crc32_buf(struct xdp_md *ctx)
{
	__u32 off = off1, len = len1;

	if (off > KF_MAX_OFF || len > KF_MAX_LEN)
		return XDP_ABORTED;
	out_u32 = bpf_crc32_hash(buf1 + off, len, seed);
	runs++;
	return XDP_PASS;
}

/* Same over packet bytes: the kfunc must accept a packet pointer. */
SEC("xdp")
int crc32_pkt(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 len = len1;

	if (len > KF_PKT_MAX_LEN)
		return XDP_ABORTED;
	if (data + KF_PKT_OFF + KF_PKT_MAX_LEN > end)
		return XDP_ABORTED;
	out_u32 = bpf_crc32_hash(data + KF_PKT_OFF, len, seed);
	runs++;
	return XDP_PASS;
}

static __always_inline int cnt_args(__u32 *off, __u32 *len, __u32 *tsz)
{
	*off = off1;
	*len = len1;
	*tsz = table_sz;
	return *off <= KF_MAX_OFF && *len <= KF_MAX_LEN &&
	       *tsz <= KF_TABLE_SZ;
}

SEC("xdp")
int xxh32_cnt(struct xdp_md *ctx)
{
	__u32 off, len, tsz;

	if (!cnt_args(&off, &len, &tsz))
		return XDP_ABORTED;
	bpf_xxh32_cnt32(buf1 + off, len, table, tsz, column_shift);
	runs++;
	return XDP_PASS;
}

SEC("xdp")
int fasthash32_cnt(struct xdp_md *ctx)
{
	__u32 off, len, tsz;

	if (!cnt_args(&off, &len, &tsz))
		return XDP_ABORTED;
	bpf_fasthash32_cnt32(buf1 + off, len, table, tsz, column_shift);
	runs++;
	return XDP_PASS;
}

/* *_pkt_cnt32 read the 5-tuple straight from the packet payload. */
SEC("xdp")
int xxh32_pkt_cnt(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct pkt_5tuple *t = data + KF_PKT_OFF;
	__u32 tsz = table_sz;

	if ((void *)(t + 1) > end || tsz > KF_TABLE_SZ)
		return XDP_ABORTED;
	bpf_xxh32_pkt_cnt32(t, table, tsz, column_shift);
	runs++;
	return XDP_PASS;
}

SEC("xdp")
int fasthash32_pkt_cnt(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct pkt_5tuple *t = data + KF_PKT_OFF;
	__u32 tsz = table_sz;

	if ((void *)(t + 1) > end || tsz > KF_TABLE_SZ)
		return XDP_ABORTED;
	bpf_fasthash32_pkt_cnt32(t, table, tsz, column_shift);
	runs++;
	return XDP_PASS;
}

/* The 5-tuple taken from a stack copy instead of the packet. */
SEC("xdp")
int xxh32_pkt_cnt_stack(struct xdp_md *ctx)
{
	struct pkt_5tuple t;
	__u32 tsz = table_sz;

	if (tsz > KF_TABLE_SZ)
		return XDP_ABORTED;
	__builtin_memcpy(&t, buf1, sizeof(t));
	bpf_xxh32_pkt_cnt32(&t, table, tsz, column_shift);
	runs++;
	return XDP_PASS;
}

SEC("xdp")
int cmp_eq(struct xdp_md *ctx)
{
	__u32 o1 = off1, l1 = len1, o2 = off2, l2 = len2;

	if (o1 > KF_MAX_OFF || l1 > KF_MAX_LEN ||
	    o2 > KF_MAX_OFF || l2 > KF_MAX_LEN)
		return XDP_ABORTED;
	out_s32 = bpf_cmp_eq(buf1 + o1, l1, buf2 + o2, l2);
	runs++;
	return XDP_PASS;
}

SEC("xdp")
int find_mask_u16(struct xdp_md *ctx)
{
	__u32 off = off1, len = len1;

	if (off > KF_MAX_OFF || len > KF_MAX_LEN)
		return XDP_ABORTED;
	out_u32 = bpf_find_mask_u16(buf1 + off, len, needle);
	runs++;
	return XDP_PASS;
}

SEC("xdp")
int find_u16(struct xdp_md *ctx)
{
	__u32 off = off1, len = len1;

	if (off > KF_MAX_OFF || len > KF_MAX_LEN)
		return XDP_ABORTED;
	out_u32 = bpf_find_u16(buf1 + off, len, needle);
	runs++;
	return XDP_PASS;
}

SEC("xdp")
int ffs_vals(struct xdp_md *ctx)
{
	int i;

	for (i = 0; i < KF_NR_VALS; i++)
		outs[i] = bpf_ffs(vals[i]);
	runs++;
	return XDP_PASS;
}

SEC("xdp")
int tzcnt_vals(struct xdp_md *ctx)
{
	int i;

	for (i = 0; i < KF_NR_VALS; i++)
		outs[i] = bpf_tzcnt_u32((__u32)vals[i]);
	runs++;
	return XDP_PASS;
}

SEC("xdp")
int bitmap2_ffs(struct xdp_md *ctx)
{
	__u32 off = off1, len = len1;

	if (off > KF_BM_MAX_OFF || len > KF_BM_MAX_LEN)
		return XDP_ABORTED;
	out_s64 = bpf_bitmap2_ffs(bm_buf + off, len);
	runs++;
	return XDP_PASS;
}

/* Benchmark baseline: the cost of BPF_PROG_TEST_RUN itself. */
SEC("xdp")
int xdp_empty(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
