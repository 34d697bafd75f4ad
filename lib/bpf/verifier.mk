# lib/bpf verifier: kernel selftest extraction and report, the tables and
# the soundness fuzzer. Included by the top Makefile after lib.mk, or
# standalone from the repo top:
#   make -f lib/bpf/lib.mk -f lib/bpf/verifier.mk verifier-check
#   make -s -f lib/bpf/lib.mk -f lib/bpf/verifier.mk verifier-report
_VERIFIER_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD ?= $(CURDIR)/build
CC ?= cc
FUZZ_CC ?= clang
LIBBPF_SRC ?= lib/bpf
LIBBPF_OUT ?= $(BUILD)/lib/bpf
LIBBPF_A ?= $(BUILD)/lib/libbpfcore.a

# The installed linux-source tree the kernel's verifier tests come from.
VERIFIER_KSRC ?= $(BUILD)/linux-source-6.1
VERIFIER_KSEL := $(VERIFIER_KSRC)/tools/testing/selftests/bpf
VERIFIER_OUT := $(LIBBPF_OUT)/verifier
VERIFIER_KGEN := $(VERIFIER_OUT)/kgen
VERIFIER_KCASES := $(VERIFIER_OUT)/kcases.txt
VERIFIER_KRUN := $(VERIFIER_OUT)/verifier_kcases
VERIFIER_TABLE := $(LIBBPF_OUT)/tests/verifier_table_test
VERIFIER_FUZZ := $(VERIFIER_OUT)/verifier_fuzz
VERIFIER_SEEDS := $(VERIFIER_OUT)/fuzz-seeds
VERIFIER_FUZZ_RUNS ?= 50000
# Agreement with the kernel (strict stack mode) must not fall below this.
VERIFIER_MIN_AGREE ?= 97
VERIFIER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(LIBBPF_SRC)

.PHONY: verifier-check verifier-report verifier-kcases verifier-fuzz \
	verifier-fuzz-smoke verifier-bench verifier-clean

# One array per fragment file, built from the installed tree's file list;
# the instruction-sequence macros come from test_verifier.c itself.
$(VERIFIER_KGEN)/verifier_kcases_list.h: $(wildcard $(VERIFIER_KSEL)/verifier/*.c)
	@test -d $(VERIFIER_KSEL)/verifier || { echo "no kernel verifier selftests at $(VERIFIER_KSEL)" >&2; exit 1; }
	@mkdir -p $(@D)
	@sed -n '/^#define BPF_SK_LOOKUP/,/^static struct bpf_test tests/p' \
		$(VERIFIER_KSEL)/test_verifier.c | sed '$$d' > $(VERIFIER_KGEN)/verifier_kmacros.h
	@{ for f in $(sort $(wildcard $(VERIFIER_KSEL)/verifier/*.c)); do \
		n=$$(basename $$f .c); \
		echo "static const struct bpf_test kt_$$n[] = {"; \
		echo "#include \"verifier/$$n.c\""; \
		echo "};"; \
	done; \
	echo "static const struct kfile kfiles[] = {"; \
	for f in $(sort $(wildcard $(VERIFIER_KSEL)/verifier/*.c)); do \
		n=$$(basename $$f .c); \
		echo "	{ \"$$n\", kt_$$n, sizeof(kt_$$n) / sizeof(kt_$$n[0]) },"; \
	done; \
	echo "};"; } > $@

# The fragments are the kernel's code: built with its headers, warnings off.
$(VERIFIER_OUT)/verifier_kextract: $(LIBBPF_SRC)/tools/verifier_kextract.c \
		$(VERIFIER_KGEN)/verifier_kcases_list.h
	@mkdir -p $(@D)
	$(CC) -O0 -w -I$(VERIFIER_KGEN) -I$(VERIFIER_KSEL) \
		-I$(VERIFIER_KSRC)/tools/include -I$(VERIFIER_KSRC)/tools/include/uapi \
		$< -o $@

$(VERIFIER_KCASES): $(VERIFIER_OUT)/verifier_kextract
	$< $@

$(VERIFIER_KRUN): $(LIBBPF_SRC)/tools/verifier_kcases.c $(LIBBPF_A) \
		$(LIBBPF_SRC)/verifier.h $(LIBBPF_SRC)/bpf_core.h
	@mkdir -p $(@D)
	$(CC) $(VERIFIER_CFLAGS) $< $(LIBBPF_A) -o $@

verifier-kcases: $(VERIFIER_KCASES) $(VERIFIER_KRUN)

# Per-file breakdown; the last line is the summary.
verifier-report: $(VERIFIER_KCASES) $(VERIFIER_KRUN)
	@$(VERIFIER_KRUN) $(VERIFIER_KCASES)

# Seeds: every in-scope kernel case and every program of our tables.
$(VERIFIER_SEEDS)/.done: $(VERIFIER_KCASES) $(VERIFIER_KRUN) $(VERIFIER_TABLE)
	@rm -rf $(VERIFIER_SEEDS) && mkdir -p $(VERIFIER_SEEDS)
	@$(VERIFIER_KRUN) --seeds $(VERIFIER_SEEDS) $(VERIFIER_KCASES) > /dev/null
	@VERIFIER_SEED_DIR=$(VERIFIER_SEEDS) $(VERIFIER_TABLE) > /dev/null
	@touch $@

# The fuzzer compiles the library itself, instrumented.
$(VERIFIER_FUZZ): $(LIBBPF_SRC)/fuzz/verifier_fuzz.c $(wildcard $(LIBBPF_SRC)/*.c) \
		$(wildcard $(LIBBPF_SRC)/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -I$(LIBBPF_SRC) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		$< $(wildcard $(LIBBPF_SRC)/*.c) -o $@

verifier-fuzz: $(VERIFIER_FUZZ) $(VERIFIER_SEEDS)/.done

verifier-fuzz-smoke: $(VERIFIER_FUZZ) $(VERIFIER_SEEDS)/.done
	@mkdir -p $(VERIFIER_OUT)/fuzz-corpus
	@$(VERIFIER_FUZZ) -runs=$(VERIFIER_FUZZ_RUNS) -seed=1 -max_len=4097 -timeout=20 \
		-artifact_prefix=$(VERIFIER_OUT)/ \
		$(VERIFIER_OUT)/fuzz-corpus $(VERIFIER_SEEDS) \
		> $(VERIFIER_OUT)/fuzz.log 2>&1 \
		&& echo "ok - verifier_fuzz smoke ($(VERIFIER_FUZZ_RUNS) runs, accepted programs run under ASan/UBSan)" \
		|| { tail -40 $(VERIFIER_OUT)/fuzz.log; echo "not ok - verifier_fuzz smoke"; exit 1; }

# Tables, kernel cases (no unsafe accept; agreement floor), fuzz smoke.
verifier-check: $(VERIFIER_TABLE) $(VERIFIER_KCASES) $(VERIFIER_KRUN) \
		$(VERIFIER_FUZZ) $(VERIFIER_SEEDS)/.done
	@fail=0; \
	echo "# verifier_table_test"; $(VERIFIER_TABLE) || fail=1; \
	echo "# verifier kernel selftests"; \
	$(VERIFIER_KRUN) --tap --min-agree $(VERIFIER_MIN_AGREE) $(VERIFIER_KCASES) || fail=1; \
	$(MAKE) -s -f $(LIBBPF_SRC)/lib.mk -f $(LIBBPF_SRC)/verifier.mk BUILD=$(BUILD) \
		verifier-fuzz-smoke || fail=1; \
	exit $$fail

# Host benchmark (root): libbpf-tools' BPF objects, our verifier against
# the host kernel's on the same CO-RE-relocated instructions.
VERIFIER_BENCH := $(VERIFIER_OUT)/verifier_bench
VERIFIER_BENCH_BINS ?= $(shell dpkg -L libbpf-tools 2>/dev/null | grep '^/usr/sbin/')

$(VERIFIER_BENCH): $(LIBBPF_SRC)/tools/verifier_bench.c $(LIBBPF_A) \
		$(LIBBPF_SRC)/verifier.h $(LIBBPF_SRC)/bpf_core.h
	@mkdir -p $(@D)
	$(CC) $(VERIFIER_CFLAGS) $< $(LIBBPF_A) -lbpf -lelf -lz -o $@

verifier-bench: $(VERIFIER_BENCH)
	@$(VERIFIER_BENCH) -n 5 $(VERIFIER_BENCH_BINS)

verifier-clean:
	rm -rf $(VERIFIER_OUT)

CHECK_HOST += verifier-check
BENCH_HOST += verifier-bench

ifeq ($(firstword $(MAKEFILE_LIST)),lib/bpf/verifier.mk)
.DEFAULT_GOAL := verifier-check
else
.DEFAULT_GOAL := $(_VERIFIER_SAVED_GOAL)
endif
