# SPDX-License-Identifier: GPL-2.0
#
# The real-CPU eNetSTL table (lib/bpf/tools/bench_enetstl.c): the NF BPF
# objects of selftests/enetstl and selftests/enetstl_nf loaded by
# elf_load.c, JITed by lib/bpf, with the eNetSTL kfuncs built from
# enetstl/'s cores, beside nf_native/'s userspace build and the host
# kernel's JIT.  Also builds and runs elf_load's unit test.
#
# Included by the top Makefile (after `BENCH_HOST :=`), or from the repo top:
#   make -f Makefile -f lib/bpf/tools/bench_enetstl.mk bench-enetstl
#   make -f lib/bpf/tools/bench_enetstl.mk bench-enetstl   (objects built already)

_BENCH_ENETSTL_SAVED_GOAL := $(.DEFAULT_GOAL)
BUILD ?= $(CURDIR)/build
CC ?= cc
BENCH_ENETSTL_OUT := $(BUILD)/bench_enetstl
BENCH_ENETSTL_BIN := $(BENCH_ENETSTL_OUT)/bench_enetstl
BENCH_ENETSTL_TEST := $(BENCH_ENETSTL_OUT)/elf_load_test
BENCH_ENETSTL_LIBA := $(BUILD)/lib/libbpfcore.a
BENCH_ENETSTL_OBJDIR := $(BUILD)/selftests

BENCH_ENETSTL_CORE := cnt_table hash_crc32c hash_xxh32 hash_fasthash cmp \
	hash_xxh32_avx2 hash_fasthash_avx2 cmp_avx2 chunks mem_nodes bkt_list \
	geo_pool
BENCH_ENETSTL_KOBJS := $(patsubst %,$(BENCH_ENETSTL_OUT)/enetstl/%.o,$(BENCH_ENETSTL_CORE))
# nf_native's userspace sources, when that directory has them.
BENCH_ENETSTL_NATIVE_SRC := $(filter-out %/nf_native_main.c %.mod.c,$(wildcard nf_native/nf_*.c))
BENCH_ENETSTL_NATIVE := $(if $(wildcard nf_native/nf_native.h),1)

# Fixed code alignment for every C side of the table (kfunc cores, native):
# with gcc's default, where a hot loop lands moves a row by up to ~25%
# from one link to the next.
BENCH_ENETSTL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-falign-functions=64 -falign-loops=32
# As enetstl.mk: only *_avx2.c may use AVX2, the scalar cores stay scalar.
bench_enetstl_kflags = $(if $(filter %_avx2,$(1)),-mavx2,-fno-tree-vectorize)
BENCH_ENETSTL_KINC := -Ienetstl -Iuapi \
	'-D__always_inline=inline __attribute__((__always_inline__))'
BENCH_ENETSTL_INC := -Ilib/bpf -Ilib/bpf/tools -Iuapi -Iselftests/enetstl_nf \
	-Inf_native -DBPF_CORE_HAVE_JIT \
	$(if $(BENCH_ENETSTL_NATIVE),-DBENCH_HAVE_NATIVE)
BENCH_ENETSTL_REF := selftests/enetstl/ref_hash.c selftests/enetstl_nf/nf_frames.c
BENCH_ENETSTL_DEPS := $(wildcard lib/bpf/tools/elf_load.[ch] lib/bpf/*.h \
	enetstl/*.h uapi/enetstl.h nf_native/*.h selftests/enetstl_nf/*.h \
	selftests/enetstl_nf/progs/*_common.h selftests/enetstl/progs/*_common.h)

$(BENCH_ENETSTL_OUT)/enetstl/%.o: enetstl/%.c $(BENCH_ENETSTL_DEPS)
	@mkdir -p $(@D)
	$(CC) $(BENCH_ENETSTL_CFLAGS) $(BENCH_ENETSTL_KINC) $(call bench_enetstl_kflags,$*) -c $< -o $@

$(BENCH_ENETSTL_OUT)/kfuncs.o: lib/bpf/tools/bench_enetstl.c $(BENCH_ENETSTL_DEPS)
	@mkdir -p $(@D)
	$(CC) $(BENCH_ENETSTL_CFLAGS) $(BENCH_ENETSTL_KINC) -DBENCH_KFUNCS_TU -c $< -o $@

$(BENCH_ENETSTL_BIN): lib/bpf/tools/bench_enetstl.c lib/bpf/tools/elf_load.c \
		$(BENCH_ENETSTL_OUT)/kfuncs.o $(BENCH_ENETSTL_KOBJS) \
		$(BENCH_ENETSTL_NATIVE_SRC) $(BENCH_ENETSTL_REF) $(BENCH_ENETSTL_DEPS) \
		$(BENCH_ENETSTL_LIBA)
	@mkdir -p $(@D)
	$(CC) $(BENCH_ENETSTL_CFLAGS) $(BENCH_ENETSTL_INC) -o $@ \
		lib/bpf/tools/bench_enetstl.c lib/bpf/tools/elf_load.c \
		$(BENCH_ENETSTL_NATIVE_SRC) $(BENCH_ENETSTL_REF) \
		$(BENCH_ENETSTL_OUT)/kfuncs.o $(BENCH_ENETSTL_KOBJS) \
		$(BENCH_ENETSTL_LIBA) -lbpf -lelf -lz -lm

$(BENCH_ENETSTL_TEST): lib/bpf/tests/elf_load_test.c lib/bpf/tools/elf_load.c \
		$(BENCH_ENETSTL_DEPS) $(BENCH_ENETSTL_LIBA)
	@mkdir -p $(@D)
	$(CC) $(BENCH_ENETSTL_CFLAGS) $(BENCH_ENETSTL_INC) -Ilib/bpf/tests \
		-DELF_LOAD_TEST_FULL -o $@ $< \
		lib/bpf/tools/elf_load.c $(BENCH_ENETSTL_LIBA) -lbpf -lelf -lz

# The BPF objects the table loads; the top Makefile's selftest rules build
# them (whatever the include order: these are explicit targets there).
BENCH_ENETSTL_BPF := $(patsubst %,$(BENCH_ENETSTL_OBJDIR)/%.bpf.o,\
	enetstl/cms_ebpf enetstl/cms_enetstl enetstl_nf/nf_empty \
	$(foreach n,cms8 cuckoo_switch eiffel carousel nitro,\
		enetstl_nf/$(n)_ebpf enetstl_nf/$(n)_enetstl) enetstl_nf/skiplist)

# The archive's rule is lib.mk's: the top Makefile includes it, standalone
# use includes it here (and takes the BPF objects as they are).
ifeq ($(firstword $(MAKEFILE_LIST)),lib/bpf/tools/bench_enetstl.mk)
include lib/bpf/lib.mk
BENCH_ENETSTL_BPF := $(wildcard $(BENCH_ENETSTL_BPF))
endif

.PHONY: bench-enetstl elf-load-test

# In the top Makefile the selftests rules know how to build the objects.
bench-enetstl: $(BENCH_ENETSTL_BIN) $(BENCH_ENETSTL_BPF)
	@$(BENCH_ENETSTL_BIN) $(BENCH_ENETSTL_OBJDIR)

elf-load-test: $(BENCH_ENETSTL_TEST)
	@$(BENCH_ENETSTL_TEST)

BENCH_HOST += bench-enetstl
CHECK_HOST += elf-load-test

.DEFAULT_GOAL := $(_BENCH_ENETSTL_SAVED_GOAL)
