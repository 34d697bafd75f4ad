/* SPDX-License-Identifier: GPL-2.0 */
/* Limits shared by kfunc_progs.bpf.c and the tests that drive it. */
#ifndef ENETSTL_KFUNC_PROGS_H
#define ENETSTL_KFUNC_PROGS_H

#define KF_BUF_SZ	512	/* bytes in each input buffer */
#define KF_MAX_OFF	64	/* largest start offset into a buffer */
#define KF_MAX_LEN	(KF_BUF_SZ - KF_MAX_OFF)
#define KF_TABLE_SZ	8192	/* bytes of the counter table */
#define KF_NR_VALS	64	/* values per ffs/tzcnt run */
#define KF_PKT_OFF	14	/* payload offset in the test packet */
#define KF_PKT_MAX_LEN	64	/* bytes of payload kfuncs may read */
/* bpf_bitmap2_ffs: room for the largest bitmap and a bad size past it. */
#define KF_BM_MAX_OFF	8
#define KF_BM_MAX_LEN	544
#define KF_BM_BUF_SZ	(KF_BM_MAX_OFF + KF_BM_MAX_LEN)

#endif
