// SPDX-License-Identifier: GPL-2.0
/*
 * The public BPF conformance vectors (../shared/conformance/vectors.tsv),
 * run through the lib/bpf core built into a kernel module (bpfcore_test.ko),
 * with the interpreter and with the JIT: lib/ must behave the same in the
 * kernel as in userspace.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "bpfcore_test_uapi.h"

struct vector {
	char name[64];
	unsigned char *prog;
	size_t prog_len;
	unsigned char *mem;
	size_t mem_len;
	unsigned long long expected;
	int expect_error;
};

static int hex_decode(const char *s, size_t n, unsigned char **out, size_t *len)
{
	unsigned char *buf;
	size_t i;

	if (n % 2)
		return -1;
	buf = malloc(n / 2 + 1);
	if (!buf)
		return -1;
	for (i = 0; i < n / 2; i++) {
		char b[3] = { s[2 * i], s[2 * i + 1], 0 };
		char *end;

		buf[i] = strtoul(b, &end, 16);
		if (*end) {
			free(buf);
			return -1;
		}
	}
	*out = buf;
	*len = n / 2;
	return 0;
}

/* vectors.tsv: name, cpu_version, groups, program_hex, mem_hex, expected, error */
static int parse_line(char *line, struct vector *v)
{
	char *col[7];
	int i;

	line[strcspn(line, "\n")] = 0;
	for (i = 0; i < 7; i++) {
		col[i] = line;
		line = strchr(line, '\t');
		if (!line) {
			if (i < 5)
				return -1;
			for (i++; i < 7; i++)
				col[i] = "";
			break;
		}
		*line++ = 0;
	}
	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%s", col[0]);
	if (hex_decode(col[3], strlen(col[3]), &v->prog, &v->prog_len) ||
	    hex_decode(col[4], strlen(col[4]), &v->mem, &v->mem_len))
		return -1;
	v->expect_error = !*col[5];
	v->expected = strtoull(col[5], NULL, 16);
	return 0;
}

/* The repository's ../shared, found from this binary's own path. */
static FILE *open_vectors(char *path, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	int up;

	if (n <= 0)
		return NULL;
	exe[n] = 0;
	/* build/selftests/bpfcore/NAME -> the repository top, four levels up */
	for (up = 0; up < 4; up++) {
		slash = strrchr(exe, '/');
		if (!slash)
			return NULL;
		*slash = 0;
	}
	snprintf(path, len, "%s/../shared/conformance/vectors.tsv", exe);
	return fopen(path, "r");
}

static int run_all(struct __test_metadata *_metadata, int fd, __u32 engine,
		   int *total)
{
	char path[PATH_MAX + 64], line[65536];
	int failed = 0;
	FILE *f = open_vectors(path, sizeof(path));

	if (!f) {
		TH_LOG("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	*total = 0;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct bpfcore_test_run run = { .engine = engine };
		char err[256] = "";
		struct vector v;
		int ret;

		if (parse_line(line, &v)) {
			TH_LOG("malformed line in %s", path);
			failed++;
			continue;
		}
		(*total)++;
		run.insns = (uintptr_t)v.prog;
		run.insn_cnt = v.prog_len / 8;
		run.mem = (uintptr_t)v.mem;
		run.mem_len = v.mem_len;
		run.err_buf = (uintptr_t)err;
		run.err_size = sizeof(err);
		ret = ioctl(fd, BPFCORE_TEST_RUN, &run);
		if (v.expect_error) {
			if (ret == 0) {
				TH_LOG("%s: expected an error, got r0=%llx", v.name,
				       (unsigned long long)run.r0);
				failed++;
			}
		} else if (ret) {
			TH_LOG("%s: error %d (%s)", v.name, errno, err);
			failed++;
		} else if (run.r0 != v.expected) {
			TH_LOG("%s: r0=%llx, expected %llx", v.name,
			       (unsigned long long)run.r0, v.expected);
			failed++;
		}
		free(v.prog);
		free(v.mem);
	}
	fclose(f);
	return failed;
}

FIXTURE(core) {
	int fd;
};

FIXTURE_SETUP(core)
{
	self->fd = open(BPFCORE_TEST_DEV, O_RDWR);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s (is bpfcore_test.ko loaded?)",
				      BPFCORE_TEST_DEV, strerror(errno));
}

FIXTURE_TEARDOWN(core)
{
	close(self->fd);
}

TEST_F(core, interp_conformance)
{
	int total, failed = run_all(_metadata, self->fd, BPFCORE_TEST_ENGINE_INTERP, &total);

	EXPECT_EQ(0, failed);
	EXPECT_LT(300, total);
}

TEST_F(core, jit_conformance)
{
	int total, failed = run_all(_metadata, self->fd, BPFCORE_TEST_ENGINE_JIT, &total);

	EXPECT_EQ(0, failed);
	EXPECT_LT(300, total);
}

/* The ioctl validates its argument before running anything. */
TEST_F(core, rejects_bad_requests)
{
	/* mov r0, 0; exit */
	unsigned char prog[16] = { 0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95 };
	struct bpfcore_test_run run = {
		.insns = (uintptr_t)prog, .insn_cnt = 2,
	};

	run.reserved = 1;
	EXPECT_EQ(-1, ioctl(self->fd, BPFCORE_TEST_RUN, &run));
	EXPECT_EQ(EINVAL, errno);
	run.reserved = 0;
	run.engine = 7;
	EXPECT_EQ(-1, ioctl(self->fd, BPFCORE_TEST_RUN, &run));
	EXPECT_EQ(EINVAL, errno);
	run.engine = 0;
	run.insn_cnt = BPFCORE_TEST_MAX_INSNS + 1;
	EXPECT_EQ(-1, ioctl(self->fd, BPFCORE_TEST_RUN, &run));
	EXPECT_EQ(E2BIG, errno);
	run.insn_cnt = 2;
	run.insns = 8;
	EXPECT_EQ(-1, ioctl(self->fd, BPFCORE_TEST_RUN, &run));
	EXPECT_EQ(EFAULT, errno);
	run.insns = (uintptr_t)prog;
	EXPECT_EQ(0, ioctl(self->fd, BPFCORE_TEST_RUN, &run));
	EXPECT_EQ(0, run.r0);
	/* an unknown opcode is refused by the decoder with a message */
	prog[0] = 0xff;
	{
		char err[128] = "";

		run.err_buf = (uintptr_t)err;
		run.err_size = sizeof(err);
		EXPECT_EQ(-1, ioctl(self->fd, BPFCORE_TEST_RUN, &run));
		EXPECT_EQ(EINVAL, errno);
		EXPECT_NE(0, err[0]);
	}
}

TEST_HARNESS_MAIN
