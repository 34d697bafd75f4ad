// SPDX-License-Identifier: GPL-2.0
/* nf_native.ko ioctl wrappers; see native_dev.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "native_dev.h"

int native_open(void)
{
	int fd = open(NF_NATIVE_DEV, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int native_run(int fd, uint32_t fn, uint32_t op, const void *in,
	       uint32_t count, uint32_t stride, struct nf_native_res *out,
	       uint32_t repeat, uint64_t *ns)
{
	struct nf_native_run run = {
		.in = (uintptr_t)in,
		.out = (uintptr_t)out,
		.fn = fn,
		.op = op,
		.count = count,
		.repeat = repeat,
		.in_stride = stride,
	};

	if (ioctl(fd, NF_NATIVE_RUN, &run))
		return -errno;
	if (ns)
		*ns = run.ns;
	return 0;
}

int native_reset(int fd, uint32_t fn)
{
	return native_run(fd, fn, NF_NATIVE_OP_RESET, NULL, 0, 0, NULL, 1,
			  NULL);
}

int native_read(int fd, uint32_t fn, void *out, uint32_t len)
{
	struct nf_native_run run = {
		.out = (uintptr_t)out,
		.fn = fn,
		.op = NF_NATIVE_OP_READ,
		.out_len = len,
	};

	return ioctl(fd, NF_NATIVE_RUN, &run) ? -errno : 0;
}
