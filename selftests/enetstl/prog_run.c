// SPDX-License-Identifier: GPL-2.0
/* BPF_PROG_TEST_RUN and force_scalar helpers; see prog_run.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "prog_run.h"

int prog_run_repeat(const struct bpf_program *prog, const void *pkt,
		    size_t len, uint32_t repeat, uint32_t *ns_per_run,
		    uint32_t *retval)
{
	static const unsigned char zero_pkt[PKT_LEN];
	struct bpf_test_run_opts opts = { .sz = sizeof(opts) };
	int err;

	opts.data_in = pkt ? pkt : zero_pkt;
	opts.data_size_in = pkt ? len : sizeof(zero_pkt);
	opts.repeat = repeat;
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
	if (err)
		return -errno;
	if (ns_per_run)
		*ns_per_run = opts.duration;
	if (retval)
		*retval = opts.retval;
	return 0;
}

int prog_run(const struct bpf_program *prog, const void *pkt, size_t len,
	     uint32_t *retval)
{
	return prog_run_repeat(prog, pkt, len, 1, NULL, retval);
}

int force_scalar_get(void)
{
	char c;
	int fd = open(FORCE_SCALAR_PATH, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, &c, 1);
	close(fd);
	if (n != 1)
		return -EIO;
	/* bool parameters read back as Y/N, int ones as digits. */
	return c == 'Y' || c == 'y' || c == '1';
}

int force_scalar_set(int on)
{
	const char *v = on ? "1\n" : "0\n";
	int fd = open(FORCE_SCALAR_PATH, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, v, strlen(v));
	close(fd);
	if (n < 0)
		return -errno;
	return 0;
}
