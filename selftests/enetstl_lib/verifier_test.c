// SPDX-License-Identifier: GPL-2.0
/*
 * The 6.1 verifier keeps the guarantees of the eNetSTL objects: each
 * program of reject_progs.bpf.c misuses one (leak, use after release or
 * store, double release, access past a node or a buffer, untrusted
 * pointer, non-constant size; an in-place kfunc on anything but a kptr
 * field of its type) and must fail to load, with the verifier saying why;
 * the correct control program loads.
 */
#include <errno.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"

#include "enetstl.h"
#include "reject_progs.skel.h"
#include "lib_util.h"

static char vlog[1 << 20];

/*
 * Load reject_progs with only ok_control and, when name is set, that
 * program.  0 or the load error; the verifier log of name in vlog.
 */
static int load_with(const char *name)
{
	struct reject_progs *skel = reject_progs__open();
	struct bpf_program *prog;
	int err;

	if (!skel)
		return -ENOENT;
	vlog[0] = '\0';
	if (name) {
		prog = bpf_object__find_program_by_name(skel->obj, name);
		if (!prog) {
			reject_progs__destroy(skel);
			return -ENOENT;
		}
		bpf_program__set_autoload(prog, true);
		bpf_program__set_log_buf(prog, vlog, sizeof(vlog));
		bpf_program__set_log_level(prog, 1);
	}
	err = reject_progs__load(skel);
	reject_progs__destroy(skel);
	return err;
}

TEST(control_loads)
{
	ASSERT_EQ(0, load_with(NULL));
}

static void expect_reject(struct __test_metadata *_metadata,
			  const char *name, const char *why)
{
	int err = load_with(name);

	ASSERT_NE(-ENOENT, err);
	ASSERT_NE(-EPROTO, err);
	ASSERT_NE(0, err) {
		TH_LOG("%s was accepted", name);
	}
	ASSERT_NE(NULL, strstr(vlog, why)) {
		size_t n = strlen(vlog);

		TH_LOG("%s: no \"%s\" in the log tail:\n%s", name, why,
		       vlog + (n > 1500 ? n - 1500 : 0));
	}
}

#define REJECT(name, why)						\
	TEST(name) { expect_reject(_metadata, #name, why); }

REJECT(leak_container, "Unreleased reference")
REJECT(leak_borrowed_list, "Unreleased reference")
/* A released register is a plain scalar to the verifier afterwards. */
REJECT(use_after_release, "STRUCT enetstl_mem must point to scalar")
REJECT(double_release, "STRUCT geo_sampling_ctx must point to scalar")
REJECT(use_after_store, "STRUCT geo_sampling_ctx must point to scalar")
REJECT(node_past_end, "invalid access to memory")
REJECT(node_maybe_null, "invalid mem access 'mem_or_null'")
REJECT(node_after_container_stored, "invalid mem access 'scalar'")
REJECT(node_size_not_const, "is not a const")
REJECT(untrusted_from_map, "STRUCT bpf_bkt_list must point to scalar")
REJECT(pop_past_buffer, "invalid indirect access to stack R2 off=-8 size=16")
REJECT(read_unbounded, "unbounded memory access")
REJECT(inplace_not_map_value, "arg#0 expected pointer to map value")
REJECT(inplace_not_kptr_field, "no referenced kptr at map value offset")
REJECT(inplace_wrong_type, "expected pointer to STRUCT bpf_bkt_list")
REJECT(drain_past_buffer, "invalid access to map value, value_size=32 off=24 size=16")
REJECT(descend_past_path, "invalid access to map value, value_size=32 off=24 size=12")
REJECT(walk_untrusted, "STRUCT enetstl_mem must point to scalar")
REJECT(find_buf_past_stack, "invalid indirect")
REJECT(find_req_unbounded, "unbounded memory access")

TEST_HARNESS_MAIN
