// SPDX-License-Identifier: GPL-2.0
/* Both count-min sketch builds side by side; see nf_cms.h. */
#include <errno.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cms_ebpf.skel.h"
#include "cms_enetstl.skel.h"
#include "nf_cms.h"
#include "prog_run.h"

int cms_nf_open(struct cms_nf *nf)
{
	memset(nf, 0, sizeof(*nf));
	nf->enetstl = cms_enetstl__open_and_load();
	if (!nf->enetstl)
		return -errno;
	nf->ebpf = cms_ebpf__open_and_load();
	if (!nf->ebpf) {
		int err = -errno;

		cms_nf_close(nf);
		return err;
	}
	return 0;
}

void cms_nf_close(struct cms_nf *nf)
{
	cms_enetstl__destroy(nf->enetstl);
	cms_ebpf__destroy(nf->ebpf);
	nf->enetstl = NULL;
	nf->ebpf = NULL;
}

void cms_nf_frame(uint8_t *pkt, const struct pkt_5tuple *t)
{
	memset(pkt, 0, PKT_LEN);
	pkt[12] = 0x08;		/* IPv4 EtherType; only the tuple is read */
	memcpy(pkt + CMS_KEY_OFF, t, sizeof(*t));
}

int cms_nf_clear(const struct bpf_map *map)
{
	static const struct cms_table zero;
	uint32_t k = 0;

	return bpf_map_update_elem(bpf_map__fd(map), &k, &zero, BPF_ANY) ?
	       -errno : 0;
}

int cms_nf_read(const struct bpf_map *map, struct cms_table *out)
{
	uint32_t k = 0;

	return bpf_map_lookup_elem(bpf_map__fd(map), &k, out) ? -errno : 0;
}
