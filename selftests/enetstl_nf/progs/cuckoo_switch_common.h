/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cuckoo switch constants shared by the BPF programs (cuckoo_switch.h),
 * the tests and the native baseline.  The forwarding key of a flow is the
 * 13 packed bytes of its struct pkt_5tuple followed by 3 zero bytes, the
 * value its output port.
 */
#ifndef ENETSTL_NF_CUCKOO_SWITCH_COMMON_H
#define ENETSTL_NF_CUCKOO_SWITCH_COMMON_H

#define SWITCH_PORTS	64u
#define SWITCH_BUCKETS	2048	/* the cuckoo programs' default table */

#endif
