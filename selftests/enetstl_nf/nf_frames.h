/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inputs of the enetstl_nf tests and benchmark: random flows, Zipf-like
 * packet streams, and the frames that carry them (real Ethernet/IPv4/
 * TCP-or-UDP headers, the form progs/nf_parse.h and the native baseline
 * parse), all drawn from the deterministic PRNG of ref_hash.h.
 */
#ifndef ENETSTL_NF_FRAMES_H
#define ENETSTL_NF_FRAMES_H

#include <stdint.h>

#include "../enetstl/ref_hash.h"
#include "../enetstl/prog_run.h"

/* A random flow, TCP or UDP. */
void nf_random_flow(struct prng *rng, struct pkt_5tuple *t);
/* PKT_LEN-byte frame of flow t: Ethernet, IPv4 (checksummed), L4. */
void nf_frame_5tuple(uint8_t *pkt, const struct pkt_5tuple *t);
/* PKT_LEN-byte Eiffel request frame (struct eif_req at EIF_REQ_OFF). */
void nf_frame_eiffel(uint8_t *pkt, uint32_t prio, uint64_t item);
/* The 16-byte forwarding key of flow t (cuckoo_switch_common.h). */
void nf_switch_key(const struct pkt_5tuple *t, uint64_t key[2]);
/*
 * n flow ranks in [0, nflows), rank r drawn with probability proportional
 * to 1 / (r + 1)^s; 0 or -1 (no memory).
 */
int nf_zipf_stream(struct prng *rng, uint32_t nflows, double s,
		   uint32_t *out, uint32_t n);

#endif
