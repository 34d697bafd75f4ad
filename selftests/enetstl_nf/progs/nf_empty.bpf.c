// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's zero: BPF_PROG_TEST_RUN's own per-run cost, subtracted
 * from every BPF figure so that the BPF and native columns both measure
 * only the network function (parse included).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
