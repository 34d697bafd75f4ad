# SPDX-License-Identifier: GPL-2.0
#
# Userspace build of the native baseline network functions: the same .c
# files nf_native.ko is built from, tested against the selftests' reference
# models (with ASan/UBSan) and timed on the host's real CPU (the "native"
# column of the real-CPU table).
#
# Included by the top-level Makefile, or standalone from the repository
# root:  make -f nf_native/nf_native.mk nf-native-host-test | nf-native-bench-host

NF_NATIVE_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(CURDIR)/build
NF_NATIVE_OUT := $(BUILD)/nf_native-host

NF_NATIVE_CORE := nf_parse nf_hash nf_cms8 nf_switch nf_eiffel nf_nitro \
	nf_carousel nf_skiplist
NF_NATIVE_CORE_SRC := $(patsubst %,$(NF_NATIVE_DIR)/%.c,$(NF_NATIVE_CORE))
NF_NATIVE_HDRS := $(wildcard $(NF_NATIVE_DIR)/*.h $(NF_NATIVE_DIR)/../uapi/enetstl.h \
	$(NF_NATIVE_DIR)/../selftests/enetstl_nf/progs/*_common.h \
	$(NF_NATIVE_DIR)/../selftests/enetstl/progs/cuckoo_common.h)
# The selftests' models, the references the native code is checked against.
NF_NATIVE_REF_SRC := $(NF_NATIVE_DIR)/../selftests/enetstl/ref_hash.c \
	$(NF_NATIVE_DIR)/../selftests/enetstl/ref_cuckoo.c \
	$(NF_NATIVE_DIR)/../selftests/enetstl_nf/ref_eiffel.c \
	$(NF_NATIVE_DIR)/../selftests/enetstl_nf/ref_carousel.c \
	$(NF_NATIVE_DIR)/../selftests/enetstl_nf/ref_skiplist.c \
	$(NF_NATIVE_DIR)/../selftests/enetstl_nf/nf_frames.c

NF_NATIVE_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-I$(NF_NATIVE_DIR) -I$(NF_NATIVE_DIR)/../uapi \
	-I$(NF_NATIVE_DIR)/../selftests/enetstl_nf
NF_NATIVE_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all

$(NF_NATIVE_OUT)/nf_native_test: $(NF_NATIVE_DIR)/host/nf_native_test.c \
		$(NF_NATIVE_CORE_SRC) $(NF_NATIVE_REF_SRC) $(NF_NATIVE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(NF_NATIVE_CFLAGS) $(NF_NATIVE_SAN) -o $@ $< \
		$(NF_NATIVE_CORE_SRC) $(NF_NATIVE_REF_SRC) -lm

$(NF_NATIVE_OUT)/nf_native_bench: $(NF_NATIVE_DIR)/host/nf_native_bench.c \
		$(NF_NATIVE_CORE_SRC) $(NF_NATIVE_REF_SRC) $(NF_NATIVE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(NF_NATIVE_CFLAGS) -o $@ $< $(NF_NATIVE_CORE_SRC) \
		$(NF_NATIVE_REF_SRC) -lm

.PHONY: nf-native-host-test nf-native-bench-host
nf-native-host-test: $(NF_NATIVE_OUT)/nf_native_test
	$(NF_NATIVE_OUT)/nf_native_test

nf-native-bench-host: $(NF_NATIVE_OUT)/nf_native_bench
	$(NF_NATIVE_OUT)/nf_native_bench

CHECK_HOST += nf-native-host-test
BENCH_HOST += nf-native-bench-host
