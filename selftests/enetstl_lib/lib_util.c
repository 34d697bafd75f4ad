// SPDX-License-Identifier: GPL-2.0
/* See lib_util.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib_util.h"

int run_prog(const struct bpf_program *prog, uint32_t *retval)
{
	static const unsigned char frame[64];
	struct bpf_test_run_opts opts = { .sz = sizeof(opts) };

	if (bpf_program__type(prog) != BPF_PROG_TYPE_SYSCALL) {
		opts.data_in = frame;
		opts.data_size_in = sizeof(frame);
	}
	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
		return -errno;
	if (retval)
		*retval = opts.retval;
	return 0;
}

long live_objects(void)
{
	char buf[32];
	ssize_t n;
	int fd;

	fd = open(LIVE_OBJECTS_PATH, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

long live_objects_wait(long want, int timeout_ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	long v = live_objects();
	int waited;

	for (waited = 0; v != want && waited < timeout_ms; waited += 10) {
		nanosleep(&ts, NULL);
		v = live_objects();
	}
	return v;
}

uint64_t lib_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
