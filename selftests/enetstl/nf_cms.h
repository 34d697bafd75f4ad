/* SPDX-License-Identifier: GPL-2.0 */
/* Both count-min sketch builds side by side, for cms_test and the bench. */
#ifndef ENETSTL_NF_CMS_H
#define ENETSTL_NF_CMS_H

#include <stdint.h>
#include <linux/types.h>

#include "enetstl.h"
#include "progs/cms_common.h"

struct cms_enetstl;
struct cms_ebpf;

struct cms_nf {
	struct cms_enetstl *enetstl;
	struct cms_ebpf *ebpf;
};

/* 0 or a negative errno. */
int cms_nf_open(struct cms_nf *nf);
void cms_nf_close(struct cms_nf *nf);
/* Frame carrying t at CMS_KEY_OFF, PKT_LEN bytes. */
void cms_nf_frame(uint8_t *pkt, const struct pkt_5tuple *t);
/* Zero, or copy out, the table of one build's map. */
int cms_nf_clear(const struct bpf_map *map);
int cms_nf_read(const struct bpf_map *map, struct cms_table *out);

#endif
