// SPDX-License-Identifier: GPL-2.0
/* Userspace side of platform.h (libc + mmap). */
#ifndef __KERNEL__

#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "platform.h"

void *bpf_core_zalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

void *bpf_core_zalloc_nosleep(size_t size)
{
	return calloc(1, size ? size : 1);
}

void bpf_core_free(void *p)
{
	free(p);
}

static size_t page_round(size_t size)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	return (size + pg - 1) & ~(pg - 1);
}

void *bpf_core_exec_alloc(size_t size)
{
	void *p;

	if (!size)
		return NULL;
	p = mmap(NULL, page_round(size), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

int bpf_core_exec_seal(void *p, size_t size)
{
	if (mprotect(p, page_round(size), PROT_READ | PROT_EXEC))
		return -errno;
	/* mprotect orders the writes before execution on x86; other ISAs
	 * would need an instruction-cache flush here.
	 */
	__builtin___clear_cache((char *)p, (char *)p + size);
	return 0;
}

void bpf_core_exec_free(void *p, size_t size)
{
	if (p)
		munmap(p, page_round(size));
}

void bpf_core_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bpfcore: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

#endif /* !__KERNEL__ */
