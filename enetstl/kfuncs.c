// SPDX-License-Identifier: GPL-2.0
/*
 * The eNetSTL kfuncs: thin wrappers that pick the SIMD or scalar core, and
 * the one kfunc id set of the module (6.1 takes one set per program type
 * and module), which also lists the kptr object kfuncs of kptr_objs.c.
 * Names, arguments and return values follow uapi/enetstl.h (and coolbpf's
 * eNetSTL).  The "__sz" suffixes are part of the ABI: they tell the
 * verifier which argument bounds the memory the previous pointer refers to.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>

#include "enetstl_core.h"
#include "enetstl_internal.h"

/*
 * Global, non-inlined and without prototypes: the kfuncs must appear as BTF
 * FUNCs in the module's BTF, and only BPF programs call them.
 */
__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "kfuncs are global for BTF and called only from BPF");

noinline __used u32 bpf_crc32_hash(const void *data, u32 data__sz,
				   u32 init_val)
{
	return enetstl_crc32c(data, data__sz, init_val, enetstl_use_sse42());
}

noinline __used void bpf_xxh32_cnt32(const void *input, size_t input__sz,
				     void *table, size_t table__sz,
				     u32 column_shift)
{
	enetstl_xxh32_cnt32(input, input__sz, table, table__sz, column_shift,
			    enetstl_use_avx2());
}

noinline __used void bpf_fasthash32_cnt32(const void *input,
					  size_t input__sz, void *table,
					  size_t table__sz, u32 column_shift)
{
	enetstl_fasthash32_cnt32(input, input__sz, table, table__sz,
				 column_shift, enetstl_use_avx2());
}

noinline __used void bpf_xxh32_pkt_cnt32(const struct pkt_5tuple *input,
					 void *table, size_t table__sz,
					 u32 column_shift)
{
	enetstl_xxh32_cnt32(input, ENETSTL_PKT_5TUPLE_SIZE, table, table__sz,
			    column_shift, enetstl_use_avx2());
}

noinline __used void bpf_fasthash32_pkt_cnt32(const struct pkt_5tuple *input,
					      void *table, size_t table__sz,
					      u32 column_shift)
{
	enetstl_fasthash32_cnt32(input, ENETSTL_PKT_5TUPLE_SIZE, table,
				 table__sz, column_shift, enetstl_use_avx2());
}

noinline __used int bpf_cmp_eq(const void *key1, size_t key1__sz,
			       const void *key2, size_t key2__sz)
{
	return enetstl_cmp_eq(key1, key1__sz, key2, key2__sz,
			      enetstl_use_avx2());
}

/*
 * A 32-byte search is cheaper than a kernel FPU section, so the scalar
 * core runs here; the AVX2 core exists for the host benchmark and for
 * callers that batch searches inside one FPU section.
 */
noinline __used u32 bpf_find_mask_u16(void *arr, size_t arr__sz, u16 val)
{
	return enetstl_find_mask_u16(arr, arr__sz, val, false);
}

noinline __used u32 bpf_find_u16(void *arr, size_t arr__sz, u16 val)
{
	return enetstl_find_index(enetstl_find_mask_u16(arr, arr__sz, val,
							false));
}

noinline __used u64 bpf_ffs(u64 val)
{
	return enetstl_ffs64(val);
}

noinline __used u32 bpf_tzcnt_u32(u32 val)
{
	return enetstl_tzcnt32(val);
}

noinline __used s64 bpf_bitmap2_ffs(const void *bm, size_t bm__sz)
{
	return enetstl_bitmap2_ffs(bm, bm__sz);
}

__diag_pop();

BTF_SET8_START(enetstl_kfunc_ids)
BTF_ID_FLAGS(func, bpf_crc32_hash)
BTF_ID_FLAGS(func, bpf_xxh32_cnt32)
BTF_ID_FLAGS(func, bpf_fasthash32_cnt32)
BTF_ID_FLAGS(func, bpf_xxh32_pkt_cnt32)
BTF_ID_FLAGS(func, bpf_fasthash32_pkt_cnt32)
BTF_ID_FLAGS(func, bpf_cmp_eq)
BTF_ID_FLAGS(func, bpf_find_mask_u16)
BTF_ID_FLAGS(func, bpf_find_u16)
BTF_ID_FLAGS(func, bpf_ffs)
BTF_ID_FLAGS(func, bpf_tzcnt_u32)
BTF_ID_FLAGS(func, bpf_bitmap2_ffs)
/* Objects held as kptrs (kptr_objs.c). */
BTF_ID_FLAGS(func, bpf_mem_container_new, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_mem_container_release, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_mem_container_kptr_get,
	     KF_ACQUIRE | KF_KPTR_GET | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_mem_node_alloc, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_free, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_get, KF_TRUSTED_ARGS | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_mem_node_read, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_write, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_connect, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_disconnect, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_next, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_walk, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_descend, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_mem_node_find, KF_TRUSTED_ARGS)
/*
 * In place on a map value's kptr field: KF_KPTR_GET makes the verifier
 * check arg 0 is such a field of the right type; no KF_ACQUIRE, they
 * return numbers only (kptr_objs.c holds RCU across each call).
 */
BTF_ID_FLAGS(func, bpf_mem_kptr_node_read, KF_KPTR_GET)
BTF_ID_FLAGS(func, bpf_mem_kptr_descend, KF_KPTR_GET)
BTF_ID_FLAGS(func, bpf_mem_kptr_find, KF_KPTR_GET)
BTF_ID_FLAGS(func, bpf_bktlist_new, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_bktlist_new_percpu, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_bktlist_free, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_bktlist_kptr_get,
	     KF_ACQUIRE | KF_KPTR_GET | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_bktlist_push_back, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_bktlist_pop_front, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_bktlist_len, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_bktlist_drain, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_bktlist_push_drain, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_bktlist_kptr_push_drain, KF_KPTR_GET)
BTF_ID_FLAGS(func, bpf_bktlist_kptr_push_back, KF_KPTR_GET)
BTF_ID_FLAGS(func, bpf_bktlist_kptr_drain, KF_KPTR_GET)
BTF_ID_FLAGS(func, bpf_bktlist_kptr_len, KF_KPTR_GET)
BTF_ID_FLAGS(func, bpf_geo_sampling_ctx_new, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_geo_sampling_ctx_new_frac, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_geo_sampling_ctx_free, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_geo_sampling_ctx_kptr_get,
	     KF_ACQUIRE | KF_KPTR_GET | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_geo_sampling_should_do, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_geo_sampling_gen_geo_cnt, KF_TRUSTED_ARGS)
BTF_ID_FLAGS(func, bpf_geo_sampling_kptr_gen_geo_cnt, KF_KPTR_GET)
BTF_SET8_END(enetstl_kfunc_ids)

static const struct btf_kfunc_id_set enetstl_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &enetstl_kfunc_ids,
};

/*
 * Program types whose kfunc hook 6.1 has and that bpf_prog_test_run can
 * run: XDP and tc for real use, SYSCALL for plain calls from tests.
 */
static const enum bpf_prog_type enetstl_prog_types[] = {
	BPF_PROG_TYPE_XDP,
	BPF_PROG_TYPE_SCHED_CLS,
	BPF_PROG_TYPE_SYSCALL,
};

int enetstl_kfuncs_register(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(enetstl_prog_types); i++) {
		err = register_btf_kfunc_id_set(enetstl_prog_types[i],
						&enetstl_kfunc_set);
		if (err) {
			pr_err("registering kfuncs for program type %d failed: %d\n",
			       enetstl_prog_types[i], err);
			return err;
		}
	}
	return 0;
}
