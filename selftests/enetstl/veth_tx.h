/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Real frames into an XDP program: a veth pair made over rtnetlink, and an
 * AF_PACKET sender on one end.  An XDP program attached to the other end
 * then sees each frame on the driver's own receive path (veth's NAPI), the
 * per-packet path a NIC would drive, unlike BPF_PROG_TEST_RUN.  Used by
 * cms_demo (make demo) and the enetstl_nf veth test and benchmark.
 */
#ifndef ENETSTL_VETH_TX_H
#define ENETSTL_VETH_TX_H

#include <net/if.h>
#include <stddef.h>

struct veth_pair {
	char tx_name[IF_NAMESIZE], rx_name[IF_NAMESIZE];
	int tx_ifindex, rx_ifindex;
};

/*
 * Create the veth pair tx <-> rx (a stale pair of that name is replaced),
 * IPv6 off on both ends so the kernel sends nothing of its own over it,
 * both ends up.  0, or a negative errno with nothing left behind.
 */
int veth_pair_create(struct veth_pair *vp, const char *tx, const char *rx);
/* Delete the pair (both ends go with either); safe on a zeroed pair. */
void veth_pair_destroy(struct veth_pair *vp);

/*
 * Attach the XDP program prog_fd to the rx end in native (driver) mode,
 * replacing the one there, and confirm that the kernel runs it in that
 * mode.  0, or a negative errno.
 */
int veth_xdp_attach(const struct veth_pair *vp, int prog_fd);
void veth_xdp_detach(const struct veth_pair *vp);

/* An AF_PACKET socket that only sends, bound to one interface. */
struct veth_tx {
	int fd;
	int ifindex;
};

/* 0, or a negative errno. */
int veth_tx_open(struct veth_tx *s, int ifindex);
/*
 * Send count frames, len bytes each, stride bytes apart in frames, in
 * order, each exactly once: a full device queue (ENOBUFS) is waited out,
 * not dropped.  0, or a negative errno (frames sent up to the failure).
 */
int veth_tx_send(struct veth_tx *s, const void *frames, size_t len,
		 size_t stride, unsigned int count);
void veth_tx_close(struct veth_tx *s);

#endif
