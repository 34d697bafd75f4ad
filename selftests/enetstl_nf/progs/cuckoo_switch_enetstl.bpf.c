// SPDX-License-Identifier: GPL-2.0
/*
 * Cuckoo switch on eNetSTL: the eNetSTL cuckoo hash of selftests/enetstl
 * (hardware CRC-32C, 8 signatures compared in one call, bpf_cmp_eq on
 * keys), included as is, plus the per-packet forwarding program.
 */
#include "../../enetstl/progs/cuckoo_enetstl.bpf.c"
#include "cuckoo_switch.h"
