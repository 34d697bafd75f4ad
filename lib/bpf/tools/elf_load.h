/* SPDX-License-Identifier: GPL-2.0 */
/*
 * elf_load.h - load clang-built BPF ELF objects (clang -target bpf -g) onto
 * lib/bpf in userspace: the programs of every executable section, decoded
 * and JITed, their .text subprograms, BTF-defined maps of .maps (array,
 * percpu array, hash, percpu hash, LRU hash without eviction) kept in this
 * process's memory, global data (.bss, .data, .rodata*), helper calls and
 * kfunc extern calls resolved by name against a caller-provided table.
 *
 * How the kernel-only parts are done here:
 *  - lddw of a map (R_BPF_64_64 against a .maps symbol) loads the address of
 *    the struct elf_map; the map helpers (ids 1..3) take that pointer.
 *  - lddw of global data loads the address of the variable in this
 *    process's copy of the section (the map-value pseudo, resolved).
 *  - A kfunc call (call -1 with a relocation against an undefined symbol,
 *    which libbpf would turn into src_reg BPF_PSEUDO_KFUNC_CALL) becomes a
 *    helper call with id ELF_KFUNC_BASE + the kfunc's index in the table:
 *    lib/bpf's decoder rejects kfunc calls and accepts any helper id below
 *    nr_helpers.
 *  - Array map lookups are inlined as the kernel's verifier does (unless
 *    no_inline), so that lookups cost the same here as on the kernel JIT.
 *  - XDP context: the kernel rewrites the u32 loads of struct xdp_md's
 *    data / data_end / data_meta into 64-bit pointer loads; the loader
 *    does the same against struct elf_xdp_md (see there).
 */
#ifndef BPF_ELF_LOAD_H
#define BPF_ELF_LOAD_H

#include "../bpf_core.h"

/* Helper ids at and above this are kfuncs of elf_load_opts.kfuncs. */
#define ELF_KFUNC_BASE		1000
#define ELF_MAX_MAPS		64
#define ELF_NAME_MAX		64

/*
 * What an XDP program's ctx points to here.  Loads of xdp_md fields are
 * rewritten: data (off 0), data_end (4) and data_meta (8) become 64-bit
 * loads of the pointers below; ingress_ifindex (12), rx_queue_index (16)
 * and egress_ifindex (20) become 32-bit loads of the fields below.
 */
struct elf_xdp_md {
	void *data;
	void *data_end;
	void *data_meta;
	u32 ingress_ifindex;
	u32 rx_queue_index;
	u32 egress_ifindex;
	u32 pad;
};

struct elf_kfunc {
	const char *name;
	bpf_core_helper_fn fn;
};

struct elf_load_opts {
	const struct elf_kfunc *kfuncs;		/* resolved by name */
	u32 nr_kfuncs;
	bool no_jit;				/* interpreter only */
	bool no_inline;				/* keep array lookups as calls */
};

struct elf_hash_ent;

struct elf_map {
	char name[ELF_NAME_MAX];
	u32 type;		/* BPF_MAP_TYPE_*; global data is ARRAY */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 stride;		/* value_size rounded up to 8 */
	u8 *data;		/* array: max_entries values; global data */
	/* hash maps: nr_buckets chains over a preallocated entry pool */
	struct elf_hash_ent **buckets;
	u32 nr_buckets;
	u32 count;
	struct elf_hash_ent *free_list;
	u8 *pool;
	u32 ent_size;
};

struct elf_prog {
	char name[ELF_NAME_MAX];
	char sec[ELF_NAME_MAX];
	bool xdp;
	struct bpf_core_prog *prog;
};

struct elf_obj;

/*
 * Open path and prepare every program in it (decode, and JIT unless
 * opts->no_jit).  0, or -errno with a message naming the section,
 * relocation, symbol or instruction in err.
 */
int elf_obj_open(const char *path, const struct elf_load_opts *opts,
		 struct elf_obj **out, char *err, size_t errlen);
void elf_obj_close(struct elf_obj *obj);

/* NULL when absent. */
const struct elf_prog *elf_obj_prog(const struct elf_obj *obj,
				    const char *name);
struct elf_map *elf_obj_map(const struct elf_obj *obj, const char *name);
/* Address and size of global variable name (.bss/.data/.rodata). */
void *elf_obj_var(const struct elf_obj *obj, const char *name, size_t *size);
u32 elf_obj_nr_progs(const struct elf_obj *obj);
const struct elf_prog *elf_obj_prog_at(const struct elf_obj *obj, u32 i);

/* Run a program once: ctx in r1 (an elf_xdp_md for XDP). */
static inline u64 elf_prog_run(const struct elf_prog *p, void *ctx)
{
	if (p->prog->jit_entry)
		return p->prog->jit_entry(ctx, 0);
	return bpf_core_interp_run(p->prog, ctx, 0);
}

/* Map access from userspace, same semantics as the BPF helpers. */
void *elf_map_lookup(struct elf_map *m, const void *key);
/* flags: 0 any, 1 (BPF_NOEXIST), 2 (BPF_EXIST); 0 or -errno. */
int elf_map_update(struct elf_map *m, const void *key, const void *val,
		   u64 flags);
int elf_map_delete(struct elf_map *m, const void *key);

#endif /* BPF_ELF_LOAD_H */
