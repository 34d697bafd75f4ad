# lib/bpf: the portable BPF core as a userspace library, its tests, the
# conformance plugin, the fuzzer and the host benchmark.
# Included by the top Makefile, or standalone from the repo top:
#   make -f lib/bpf/lib.mk lib-check
_LIBBPF_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD ?= $(CURDIR)/build
SHARED ?= $(CURDIR)/../shared
CC ?= cc
FUZZ_CC ?= clang

LIBBPF_SRC := lib/bpf
LIBBPF_OUT := $(BUILD)/lib/bpf
LIBBPF_A := $(BUILD)/lib/libbpfcore.a
LIBBPF_SRCS := $(wildcard $(LIBBPF_SRC)/*.c)
LIBBPF_HDRS := $(wildcard $(LIBBPF_SRC)/*.h) $(wildcard $(LIBBPF_SRC)/tests/*.h)
LIBBPF_OBJS := $(patsubst $(LIBBPF_SRC)/%.c,$(LIBBPF_OUT)/obj/%.o,$(LIBBPF_SRCS))
# The JIT drops in as jit_x86_64.c; everything that can use it asks this.
LIBBPF_HAVE_JIT := $(if $(wildcard $(LIBBPF_SRC)/jit_x86_64.c),1)
LIBBPF_ENGINES := interp $(if $(LIBBPF_HAVE_JIT),jit)
LIBBPF_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(LIBBPF_SRC) \
	$(if $(LIBBPF_HAVE_JIT),-DBPF_CORE_HAVE_JIT)
LIBBPF_TEST_SRCS := $(wildcard $(LIBBPF_SRC)/tests/*_test.c)
LIBBPF_TESTS := $(patsubst $(LIBBPF_SRC)/tests/%.c,$(LIBBPF_OUT)/tests/%,$(LIBBPF_TEST_SRCS))
LIBBPF_PLUGIN := $(LIBBPF_OUT)/conformance_plugin
LIBBPF_BENCH := $(LIBBPF_OUT)/bench_host
LIBBPF_FUZZ := $(LIBBPF_OUT)/diff_fuzz
LIBBPF_VECTORS := $(SHARED)/conformance/vectors.tsv
LIBBPF_FUZZ_RUNS ?= 100000

.PHONY: lib-all lib-check lib-tests lib-conformance lib-fuzz-smoke \
	lib-bench conformance-plugin lib-clean

lib-all: $(LIBBPF_A) $(LIBBPF_TESTS) $(LIBBPF_PLUGIN) $(LIBBPF_BENCH)

$(LIBBPF_OUT)/obj/%.o: $(LIBBPF_SRC)/%.c $(LIBBPF_HDRS)
	@mkdir -p $(@D)
	$(CC) $(LIBBPF_CFLAGS) -c $< -o $@

$(LIBBPF_A): $(LIBBPF_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(LIBBPF_OUT)/tests/%: $(LIBBPF_SRC)/tests/%.c $(LIBBPF_A) $(LIBBPF_HDRS)
	@mkdir -p $(@D)
	$(CC) $(LIBBPF_CFLAGS) $< $(LIBBPF_A) -o $@

$(LIBBPF_PLUGIN): $(LIBBPF_SRC)/tools/conformance_plugin.c $(LIBBPF_A) $(LIBBPF_HDRS)
	@mkdir -p $(@D)
	$(CC) $(LIBBPF_CFLAGS) $< $(LIBBPF_A) -o $@

$(LIBBPF_BENCH): $(LIBBPF_SRC)/tools/bench_host.c $(LIBBPF_A) $(LIBBPF_HDRS)
	@mkdir -p $(@D)
	$(CC) $(LIBBPF_CFLAGS) $< $(LIBBPF_A) -o $@

# The fuzzer links an instrumented copy of the library (an archive, so
# only the objects it needs are pulled in).
LIBBPF_FUZZ_FLAGS := $(filter-out -O2,$(LIBBPF_CFLAGS)) -O1 \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
LIBBPF_FUZZ_A := $(LIBBPF_OUT)/libbpfcore-fuzz.a
LIBBPF_FUZZ_OBJS := $(patsubst $(LIBBPF_SRC)/%.c,$(LIBBPF_OUT)/fuzz-obj/%.o,$(LIBBPF_SRCS))

$(LIBBPF_OUT)/fuzz-obj/%.o: $(LIBBPF_SRC)/%.c $(LIBBPF_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(LIBBPF_FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(LIBBPF_FUZZ_A): $(LIBBPF_FUZZ_OBJS)
	rm -f $@
	ar rcs $@ $^

$(LIBBPF_FUZZ): $(LIBBPF_SRC)/fuzz/diff_fuzz.c $(LIBBPF_FUZZ_A) $(LIBBPF_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(LIBBPF_FUZZ_FLAGS) -fsanitize=fuzzer $< $(LIBBPF_FUZZ_A) -o $@

conformance-plugin: $(LIBBPF_PLUGIN)
	@echo $(abspath $(LIBBPF_PLUGIN))

lib-tests: $(LIBBPF_TESTS)
	@fail=0; for t in $(LIBBPF_TESTS); do \
		echo "# $$(basename $$t)"; BPF_CONFORMANCE_VECTORS=$(LIBBPF_VECTORS) $$t || fail=1; \
	done; exit $$fail

lib-conformance: $(LIBBPF_PLUGIN)
	@$(LIBBPF_SRC)/tools/conformance_run.sh $(LIBBPF_PLUGIN) $(LIBBPF_VECTORS) $(LIBBPF_ENGINES)

# Seeds: every conformance program, raw (first byte 1 selects raw decode).
$(LIBBPF_OUT)/fuzz-seeds/.stamp: $(LIBBPF_VECTORS)
	@rm -rf $(@D) && mkdir -p $(@D)
	@perl -ne 'next if $$. == 1; my @c = split /\t/; open(my $$f, ">", "$(@D)/$$c[0]") or die; print $$f "\x01" . pack("H*", $$c[3]);' $<
	@touch $@

lib-fuzz-smoke: $(LIBBPF_FUZZ) $(LIBBPF_OUT)/fuzz-seeds/.stamp
	@mkdir -p $(LIBBPF_OUT)/fuzz-corpus
	@$(LIBBPF_FUZZ) -runs=$(LIBBPF_FUZZ_RUNS) -max_total_time=15 -seed=1 \
		$(LIBBPF_OUT)/fuzz-corpus $(LIBBPF_OUT)/fuzz-seeds \
		> $(LIBBPF_OUT)/fuzz.log 2>&1 \
		&& echo "ok - diff_fuzz smoke: $$(grep -o 'Done [0-9]* runs in [0-9]* second' $(LIBBPF_OUT)/fuzz.log)s" \
		|| { tail -40 $(LIBBPF_OUT)/fuzz.log; echo "not ok - diff_fuzz smoke"; exit 1; }

# Runs every part even when one fails, then fails if any did.
lib-check: $(LIBBPF_TESTS) $(LIBBPF_PLUGIN) $(LIBBPF_FUZZ)
	@fail=0; \
	$(MAKE) -s -f $(LIBBPF_SRC)/lib.mk BUILD=$(BUILD) SHARED=$(SHARED) lib-tests || fail=1; \
	$(MAKE) -s -f $(LIBBPF_SRC)/lib.mk BUILD=$(BUILD) SHARED=$(SHARED) lib-conformance || fail=1; \
	$(MAKE) -s -f $(LIBBPF_SRC)/lib.mk BUILD=$(BUILD) SHARED=$(SHARED) lib-fuzz-smoke || fail=1; \
	if [ $$fail = 0 ]; then echo "# lib-check: all passed"; else echo "# lib-check: FAILED"; fi; \
	exit $$fail

# Needs root for the kernel-JIT column (bpf(2) + BPF_PROG_TEST_RUN).
lib-bench: $(LIBBPF_BENCH)
	@$(LIBBPF_BENCH)

lib-clean:
	rm -rf $(LIBBPF_OUT) $(LIBBPF_A)

CHECK_HOST += lib-check
BENCH_HOST += lib-bench

ifeq ($(firstword $(MAKEFILE_LIST)),lib/bpf/lib.mk)
.DEFAULT_GOAL := lib-all
else
.DEFAULT_GOAL := $(_LIBBPF_SAVED_GOAL)
endif
