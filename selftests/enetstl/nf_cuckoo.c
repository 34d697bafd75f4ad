// SPDX-License-Identifier: GPL-2.0
/* Either cuckoo hash build behind one interface; see nf_cuckoo.h. */
#include <errno.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cuckoo_ebpf.skel.h"
#include "cuckoo_enetstl.skel.h"
#include "nf_cuckoo.h"
#include "prog_run.h"

int cuckoo_nf_open(struct cuckoo_nf *nf, bool use_enetstl, uint32_t nbuckets)
{
	uint32_t rv;
	int err;

	memset(nf, 0, sizeof(*nf));
	if (!nbuckets || (nbuckets & (nbuckets - 1)) ||
	    nbuckets > CUCKOO_MAX_BUCKETS)
		return -EINVAL;
	nf->nbuckets = nbuckets;
	if (use_enetstl) {
		nf->name = "eNetSTL";
		nf->enetstl = cuckoo_enetstl__open();
		if (!nf->enetstl)
			return -errno;
		nf->enetstl->rodata->bucket_mask = nbuckets - 1;
		err = bpf_map__set_max_entries(nf->enetstl->maps.buckets,
					       nbuckets);
		err = err ?: cuckoo_enetstl__load(nf->enetstl);
		if (err)
			goto fail;
		nf->insert = nf->enetstl->progs.cuckoo_insert;
		nf->lookup = nf->enetstl->progs.cuckoo_lookup;
		nf->del = nf->enetstl->progs.cuckoo_delete;
		nf->buckets = nf->enetstl->maps.buckets;
		nf->lookup_val = &nf->enetstl->bss->lookup_val;
		return 0;
	}
	nf->name = "eBPF";
	nf->ebpf = cuckoo_ebpf__open();
	if (!nf->ebpf)
		return -errno;
	nf->ebpf->rodata->bucket_mask = nbuckets - 1;
	err = bpf_map__set_max_entries(nf->ebpf->maps.buckets, nbuckets);
	err = err ?: cuckoo_ebpf__load(nf->ebpf);
	/* The plain build computes its CRC table in BPF once. */
	err = err ?: prog_run(nf->ebpf->progs.cuckoo_crc_init, NULL, 0, &rv);
	if (err)
		goto fail;
	if (!nf->ebpf->bss->crc_ready) {
		err = -EIO;
		goto fail;
	}
	nf->insert = nf->ebpf->progs.cuckoo_insert;
	nf->lookup = nf->ebpf->progs.cuckoo_lookup;
	nf->del = nf->ebpf->progs.cuckoo_delete;
	nf->buckets = nf->ebpf->maps.buckets;
	nf->lookup_val = &nf->ebpf->bss->lookup_val;
	return 0;
fail:
	cuckoo_nf_close(nf);
	return err < 0 ? err : -EINVAL;
}

void cuckoo_nf_close(struct cuckoo_nf *nf)
{
	cuckoo_enetstl__destroy(nf->enetstl);
	cuckoo_ebpf__destroy(nf->ebpf);
	nf->enetstl = NULL;
	nf->ebpf = NULL;
}

void cuckoo_nf_frame(uint8_t *pkt, const uint64_t key[2], uint32_t val)
{
	struct cuckoo_req req = { .key = { key[0], key[1] }, .val = val };

	memset(pkt, 0, PKT_LEN);
	pkt[12] = 0x88;		/* local experimental EtherType 0x88b5 */
	pkt[13] = 0xb5;
	memcpy(pkt + CUCKOO_REQ_OFF, &req, sizeof(req));
}

int cuckoo_nf_run(const struct cuckoo_nf *nf, const struct bpf_program *prog,
		  const uint64_t key[2], uint32_t val)
{
	uint8_t pkt[PKT_LEN];
	uint32_t rv;
	int err;

	(void)nf;
	cuckoo_nf_frame(pkt, key, val);
	err = prog_run(prog, pkt, sizeof(pkt), &rv);
	return err ? err : (int)rv;
}

int cuckoo_nf_read(const struct cuckoo_nf *nf, struct cuckoo_bucket *out)
{
	int fd = bpf_map__fd(nf->buckets);

	for (uint32_t i = 0; i < nf->nbuckets; i++)
		if (bpf_map_lookup_elem(fd, &i, &out[i]))
			return -errno;
	return 0;
}
