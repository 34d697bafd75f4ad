# SPDX-License-Identifier: GPL-2.0
#
# Host (userspace) build of the eNetSTL algorithm cores: the same C files
# eNetSTL.ko is built from, tested against reference implementations and
# benchmarked AVX2 vs scalar on the host CPU.
#
# Included by the top-level Makefile, or standalone from the repository
# root:  make -f enetstl/enetstl.mk enetstl-host-test | enetstl-bench-host

ENETSTL_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(CURDIR)/build
ENETSTL_HOST_OUT := $(BUILD)/enetstl-host

ENETSTL_CORE := cnt_table hash_crc32c hash_xxh32 hash_fasthash cmp \
		hash_xxh32_avx2 hash_fasthash_avx2 cmp_avx2
# Cores of the kptr objects: plain C, host-tested on their own.
ENETSTL_OBJ_CORE := chunks mem_nodes bkt_list geo_pool
ENETSTL_HDRS := $(wildcard $(ENETSTL_DIR)/*.h) $(ENETSTL_DIR)/../uapi/enetstl.h

ENETSTL_HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-I$(ENETSTL_DIR) -I$(ENETSTL_DIR)/../uapi \
	'-D__always_inline=inline __attribute__((__always_inline__))'
ENETSTL_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
# Only *_avx2.c may use AVX2, as in the module; the scalar cores are kept
# scalar (the kernel builds them without SSE) so the bench compares the
# paths the module really has.
enetstl_core_flags = $(if $(filter %_avx2,$(1)),-mavx2,-fno-tree-vectorize)

ENETSTL_TEST_OBJS := $(patsubst %,$(ENETSTL_HOST_OUT)/test/%.o,$(ENETSTL_CORE))
ENETSTL_BENCH_OBJS := $(patsubst %,$(ENETSTL_HOST_OUT)/bench/%.o,$(ENETSTL_CORE))

$(ENETSTL_HOST_OUT)/test/%.o: $(ENETSTL_DIR)/%.c $(ENETSTL_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ENETSTL_HOST_CFLAGS) $(ENETSTL_SAN) $(call enetstl_core_flags,$*) -c $< -o $@

$(ENETSTL_HOST_OUT)/bench/%.o: $(ENETSTL_DIR)/%.c $(ENETSTL_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ENETSTL_HOST_CFLAGS) $(call enetstl_core_flags,$*) -c $< -o $@

$(ENETSTL_HOST_OUT)/test_algos: $(ENETSTL_DIR)/host/test_algos.c $(ENETSTL_TEST_OBJS) $(ENETSTL_HDRS)
	$(CC) $(ENETSTL_HOST_CFLAGS) $(ENETSTL_SAN) $< $(ENETSTL_TEST_OBJS) -o $@

ENETSTL_OBJ_TEST_OBJS := $(patsubst %,$(ENETSTL_HOST_OUT)/test/%.o,$(ENETSTL_OBJ_CORE))

$(ENETSTL_HOST_OUT)/test_objs: $(ENETSTL_DIR)/host/test_objs.c $(ENETSTL_OBJ_TEST_OBJS) $(ENETSTL_HDRS)
	$(CC) $(ENETSTL_HOST_CFLAGS) $(ENETSTL_SAN) $< $(ENETSTL_OBJ_TEST_OBJS) -lm -o $@

$(ENETSTL_HOST_OUT)/bench_algos: $(ENETSTL_DIR)/host/bench_algos.c $(ENETSTL_BENCH_OBJS) $(ENETSTL_HDRS)
	$(CC) $(ENETSTL_HOST_CFLAGS) $< $(ENETSTL_BENCH_OBJS) -o $@

.PHONY: enetstl-host-test enetstl-bench-host
enetstl-host-test: $(ENETSTL_HOST_OUT)/test_algos $(ENETSTL_HOST_OUT)/test_objs
	$(ENETSTL_HOST_OUT)/test_algos
	$(ENETSTL_HOST_OUT)/test_objs

enetstl-bench-host: $(ENETSTL_HOST_OUT)/bench_algos
	$(ENETSTL_HOST_OUT)/bench_algos

CHECK_HOST += enetstl-host-test
BENCH_HOST += enetstl-bench-host
