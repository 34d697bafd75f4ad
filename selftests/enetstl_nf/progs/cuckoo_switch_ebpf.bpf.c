// SPDX-License-Identifier: GPL-2.0
/*
 * Cuckoo switch in plain eBPF: the plain-eBPF cuckoo hash of
 * selftests/enetstl (table CRC-32C, slot-by-slot compares), included as is,
 * plus the per-packet forwarding program.
 */
#include "../../enetstl/progs/cuckoo_ebpf.bpf.c"
#include "cuckoo_switch.h"
