# coolbpf-kmod: modules, BPF programs, selftests, host tools, guest runs.
#
#   make            build everything (modules against KDIR, BPF objects,
#                   selftests, host libraries and tools)
#   make check      host unit tests, then the guest run of every selftest
#   make demo       boot the guest and count packets with eNetSTL
#   make bench      benchmarks (host real CPU, and emulated-guest ratios)
#   make vm-shell   a shell in the guest with the modules loaded
#   make install    install modules (depmod) and uapi headers on this host
#
# KDIR defaults to a private copy of the guest kernel's headers (Debian's
# linux-headers-$(KVER)) completed with vmlinux and resolve_btfids so that
# module BTF is generated; see scripts/prepare-kernel-tree.sh.

TOP := $(CURDIR)
BUILD := $(TOP)/build
SHARED ?= $(abspath $(TOP)/../shared)
export BUILD SHARED

# The newest kernel that has both an image and headers installed.
KVER ?= $(shell for v in $$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|/boot/vmlinuz-||' | sort -rV); do \
		[ -d /usr/src/linux-headers-$$v ] && { echo $$v; break; }; done)
ifeq ($(origin KDIR),undefined)
KDIR := $(BUILD)/kdir
PREPARE := $(BUILD)/kdir/.prepared-$(KVER)
else
PREPARE :=
endif
VMLINUX_H := $(BUILD)/vmlinux/vmlinux.h
KSELFTEST := $(BUILD)/kselftest

CC ?= gcc
# BPF objects: clang 15 or newer keeps the btf_type_tag ("kptr_ref") on map
# value types, which 6.1 needs for kptrs; Debian 12's default clang is 14.
CLANG ?= $(firstword $(shell command -v clang-15 clang-16 clang 2>/dev/null))
BPFTOOL ?= bpftool
HOST_CFLAGS := -O2 -g -Wall -Wextra -Werror
BPF_CFLAGS := -O2 -g -Wall -Werror -target bpf -D__TARGET_ARCH_x86 \
	-I$(BUILD)/vmlinux -I$(TOP)/uapi

# Fragments add their host test and bench targets to these.
CHECK_HOST :=
BENCH_HOST :=
BENCH_GUEST :=

.PHONY: all prepare modules selftests check check-host bench demo vm-shell \
	install clean
all: modules selftests

-include enetstl/enetstl.mk
-include lib/bpf/lib.mk
-include lib/bpf/verifier.mk
-include nf_native/nf_native.mk
-include lib/bpf/tools/bench_enetstl.mk

prepare: $(PREPARE)
$(BUILD)/kdir/.prepared-%: scripts/prepare-kernel-tree.sh
	@test -n "$(KVER)" || { echo "no kernel with both /boot/vmlinuz-* and headers: run scripts/install-deps.sh" >&2; exit 1; }
	@scripts/prepare-kernel-tree.sh $* $(BUILD)

# kfunc modules are useless without .BTF: fail here, not at BPF load time.
KFUNC_MODULES := enetstl/eNetSTL.ko
modules: $(PREPARE)
	$(MAKE) -C $(KDIR) M=$(TOP) COOLBPF_TEST_MODULES=m modules
	@for ko in $(KFUNC_MODULES); do \
		readelf -S $$ko | grep -q '\.BTF' || { \
			echo "error: $$ko has no .BTF section: KDIR=$(KDIR) lacks vmlinux or resolve_btfids" >&2; \
			exit 1; }; \
	done

# selftests/<comp>/progs/NAME.bpf.c -> build/selftests/<comp>/NAME.bpf.o + NAME.skel.h
# selftests/<comp>/NAME_{test,bench,demo}.c -> build/selftests/<comp>/NAME_{test,bench,demo}
# other selftests/<comp>/*.c are linked into each of that component's binaries.
SELFTEST_COMPS := $(sort $(foreach f,$(wildcard selftests/*/*.c selftests/*/progs/*.bpf.c),\
	$(word 2,$(subst /, ,$(f)))))
SELFTEST_BINS :=

define selftest_rules
$(1)_OUT := $(BUILD)/selftests/$(1)
$(1)_BPF := $$(patsubst selftests/$(1)/progs/%.bpf.c,$$($(1)_OUT)/%.bpf.o,$$(wildcard selftests/$(1)/progs/*.bpf.c))
$(1)_SKEL := $$($(1)_BPF:.bpf.o=.skel.h)
$(1)_MAINS := $$(wildcard selftests/$(1)/*_test.c selftests/$(1)/*_bench.c selftests/$(1)/*_demo.c)
$(1)_LIBSRC := $$(filter-out $$($(1)_MAINS),$$(wildcard selftests/$(1)/*.c))
$(1)_BINS := $$(patsubst selftests/$(1)/%.c,$$($(1)_OUT)/%,$$($(1)_MAINS))
SELFTEST_BINS += $$($(1)_BINS)

$$($(1)_BPF): $$($(1)_OUT)/%.bpf.o: selftests/$(1)/progs/%.bpf.c $(VMLINUX_H) \
		$$(wildcard selftests/*/progs/*.h uapi/*.h)
	@mkdir -p $$(@D)
	$(CLANG) $(BPF_CFLAGS) -Iselftests/$(1)/progs -c $$< -o $$@
$$($(1)_SKEL): %.skel.h: %.bpf.o
	$(BPFTOOL) gen skeleton $$< name $$(notdir $$*) >$$@.tmp && mv $$@.tmp $$@
$$($(1)_BINS): $$($(1)_OUT)/%: selftests/$(1)/%.c $$($(1)_LIBSRC) $$($(1)_SKEL) \
		$(KSELFTEST)/kselftest_harness.h $$(wildcard selftests/$(1)/*.h uapi/*.h)
	@mkdir -p $$(@D)
	$(CC) $(HOST_CFLAGS) -I$$($(1)_OUT) -isystem $(KSELFTEST) \
		-I$(TOP)/uapi -Iselftests/$(1) -o $$@ $$< $$($(1)_LIBSRC) -lbpf -lelf -lz -lm
endef
$(foreach c,$(SELFTEST_COMPS),$(eval $(call selftest_rules,$(c))))

$(VMLINUX_H) $(KSELFTEST)/kselftest_harness.h: $(PREPARE)
selftests: $(SELFTEST_BINS)

# make check: host tests, then every selftest in the guest; one summary line.
check: all
	@scripts/check.sh $(CHECK_HOST)

check-host:
	@scripts/check.sh --host-only $(CHECK_HOST)

bench: all
	@for t in $(BENCH_HOST); do $(MAKE) -s $$t || exit 1; done
	@scripts/bench-guest.sh

demo: all
	@scripts/vm-run -- selftests/enetstl/cms_demo.sh

vm-shell: all
	@scripts/vm-run --shell

install: modules
	$(MAKE) -C $(KDIR) M=$(TOP) COOLBPF_TEST_MODULES= modules modules_install
	depmod -a $(KVER)
	install -d $(DESTDIR)/usr/include/coolbpf
	install -m 0644 uapi/*.h $(DESTDIR)/usr/include/coolbpf/

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null
	rm -rf $(BUILD)/selftests $(BUILD)/vm $(BUILD)/lib $(BUILD)/enetstl-host
