// SPDX-License-Identifier: GPL-2.0
/* veth pair over rtnetlink and an AF_PACKET sender; see veth_tx.h. */
#define _GNU_SOURCE	/* sendmmsg() */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "veth_tx.h"

#define VETH_TX_BATCH	32	/* frames per sendmmsg() */

struct link_req {
	struct nlmsghdr h;
	struct ifinfomsg ifi;
	char attrs[256];	/* room for two names and the veth nests */
};

static void link_req_init(struct link_req *r, int type, int flags, int ifindex)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = NLMSG_LENGTH(sizeof(r->ifi));
	r->h.nlmsg_type = type;
	r->h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->ifi.ifi_family = AF_UNSPEC;
	r->ifi.ifi_index = ifindex;
}

/* Append an attribute; a nest is closed by attr_end(). */
static struct rtattr *attr_put(struct link_req *r, int type, const void *data,
			       size_t len)
{
	struct rtattr *a = (void *)((char *)r + NLMSG_ALIGN(r->h.nlmsg_len));

	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void attr_end(struct link_req *r, struct rtattr *nest)
{
	nest->rta_len = (char *)r + r->h.nlmsg_len - (char *)nest;
}

/* One request, one acknowledgement: 0 or the kernel's negative errno. */
static int rtnl_talk(struct link_req *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[1024];
	struct nlmsghdr *h = (void *)buf;
	ssize_t n;
	int fd, err;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (sendto(fd, r, r->h.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		err = -errno;
		goto out;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		err = -errno;
	else if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) ||
		 h->nlmsg_type != NLMSG_ERROR)
		err = -EPROTO;
	else
		err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
out:
	close(fd);
	return err;
}

static int veth_add(const char *tx, const char *rx)
{
	struct ifinfomsg peer_ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *info, *data, *peer;
	struct link_req r;

	link_req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	attr_put(&r, IFLA_IFNAME, tx, strlen(tx) + 1);
	info = attr_put(&r, IFLA_LINKINFO, NULL, 0);
	attr_put(&r, IFLA_INFO_KIND, "veth", sizeof("veth"));
	data = attr_put(&r, IFLA_INFO_DATA, NULL, 0);
	/* The peer is described by an ifinfomsg and its own attributes. */
	peer = attr_put(&r, VETH_INFO_PEER, &peer_ifi, sizeof(peer_ifi));
	attr_put(&r, IFLA_IFNAME, rx, strlen(rx) + 1);
	attr_end(&r, peer);
	attr_end(&r, data);
	attr_end(&r, info);
	return rtnl_talk(&r);
}

static int link_del(const char *name)
{
	struct link_req r;

	link_req_init(&r, RTM_DELLINK, 0, 0);
	attr_put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	return rtnl_talk(&r);
}

static int link_up(int ifindex)
{
	struct link_req r;

	link_req_init(&r, RTM_NEWLINK, 0, ifindex);
	r.ifi.ifi_flags = IFF_UP;
	r.ifi.ifi_change = IFF_UP;
	return rtnl_talk(&r);
}

/*
 * Without IPv6 an address-less link stays silent: no router solicitation,
 * no MLD report reaches the program under test.  No IPv6 in the kernel is
 * just as good.
 */
static int ipv6_off(const char *name)
{
	char path[64 + IF_NAMESIZE];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6",
		 name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (write(fd, "1\n", 2) != 2)
		err = -errno;
	close(fd);
	return err;
}

int veth_pair_create(struct veth_pair *vp, const char *tx, const char *rx)
{
	int err;

	memset(vp, 0, sizeof(*vp));
	if (strlen(tx) >= IF_NAMESIZE || strlen(rx) >= IF_NAMESIZE)
		return -ENAMETOOLONG;
	err = veth_add(tx, rx);
	if (err == -EEXIST) {
		/* Left over from a run that was killed. */
		link_del(tx);
		link_del(rx);
		err = veth_add(tx, rx);
	}
	if (err)
		return err;
	strcpy(vp->tx_name, tx);
	strcpy(vp->rx_name, rx);
	vp->tx_ifindex = if_nametoindex(tx);
	vp->rx_ifindex = if_nametoindex(rx);
	if (!vp->tx_ifindex || !vp->rx_ifindex)
		err = -ENODEV;
	err = err ?: ipv6_off(tx);
	err = err ?: ipv6_off(rx);
	err = err ?: link_up(vp->rx_ifindex);
	err = err ?: link_up(vp->tx_ifindex);
	if (err)
		veth_pair_destroy(vp);
	return err;
}

void veth_pair_destroy(struct veth_pair *vp)
{
	if (vp->tx_name[0])
		link_del(vp->tx_name);
	memset(vp, 0, sizeof(*vp));
}

int veth_xdp_attach(const struct veth_pair *vp, int prog_fd)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	int err;

	err = bpf_xdp_attach(vp->rx_ifindex, prog_fd, XDP_FLAGS_DRV_MODE, NULL);
	if (err)
		return err;
	err = bpf_xdp_query(vp->rx_ifindex, 0, &q);
	if (err)
		return err;
	return q.attach_mode == XDP_ATTACHED_DRV ? 0 : -EOPNOTSUPP;
}

void veth_xdp_detach(const struct veth_pair *vp)
{
	bpf_xdp_detach(vp->rx_ifindex, XDP_FLAGS_DRV_MODE, NULL);
}

int veth_tx_open(struct veth_tx *s, int ifindex)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = ifindex,
	};

	/* Protocol 0: the socket receives nothing, it only sends. */
	s->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	s->ifindex = ifindex;
	if (s->fd < 0)
		return -errno;
	if (bind(s->fd, (struct sockaddr *)&sll, sizeof(sll))) {
		int err = -errno;

		close(s->fd);
		s->fd = -1;
		return err;
	}
	return 0;
}

int veth_tx_send(struct veth_tx *s, const void *frames, size_t len,
		 size_t stride, unsigned int count)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = s->ifindex,
		.sll_halen = ETH_ALEN,
	};
	struct mmsghdr msg[VETH_TX_BATCH];
	struct iovec iov[VETH_TX_BATCH];
	unsigned int done = 0;

	while (done < count) {
		unsigned int n = count - done < VETH_TX_BATCH ?
				 count - done : VETH_TX_BATCH;
		int sent;

		memset(msg, 0, n * sizeof(msg[0]));
		for (unsigned int i = 0; i < n; i++) {
			iov[i].iov_base = (char *)frames + (done + i) * stride;
			iov[i].iov_len = len;
			msg[i].msg_hdr.msg_name = &sll;
			msg[i].msg_hdr.msg_namelen = sizeof(sll);
			msg[i].msg_hdr.msg_iov = &iov[i];
			msg[i].msg_hdr.msg_iovlen = 1;
		}
		sent = sendmmsg(s->fd, msg, n, 0);
		if (sent < 0) {
			if (errno == ENOBUFS || errno == EAGAIN) {
				usleep(100);
				continue;
			}
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += sent;
	}
	return 0;
}

void veth_tx_close(struct veth_tx *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
