// SPDX-License-Identifier: GPL-2.0
/*
 * elf_load.c - userspace loader of clang BPF ELF objects onto lib/bpf (see
 * elf_load.h for what it supports and how kernel-only parts are emulated).
 * ELF through libelf, map definitions through libbpf's BTF parser.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <linux/bpf.h>

#include "elf_load.h"
#ifdef BPF_CORE_HAVE_JIT
#include "../jit.h"
#endif

#ifndef EM_BPF
#define EM_BPF 247
#endif
#define R_BPF_64_64	1
#define R_BPF_64_32	10

enum sec_kind { SEC_OTHER, SEC_PROG, SEC_TEXT, SEC_MAPS, SEC_DATA };

struct sec {
	const char *name;
	enum sec_kind kind;
	struct bpf_core_insn *insns;	/* SEC_PROG / SEC_TEXT */
	u32 nr_insns;
	int rel;			/* index of its SHT_REL section, or 0 */
	struct elf_map *data;		/* SEC_DATA */
};

struct elf_obj {
	struct elf_map *maps[ELF_MAX_MAPS];
	u32 nr_maps;
	struct elf_prog *progs;
	u32 nr_progs;
	bpf_core_helper_fn *helpers;
	u32 nr_helpers;
	/* global variables: name, address, size */
	struct elf_var {
		char name[ELF_NAME_MAX];
		void *addr;
		size_t size;
	} *vars;
	u32 nr_vars;
};

/* Loading state, freed once the programs are built. */
struct ld {
	Elf *elf;
	const char *path;
	struct sec *secs;
	size_t nr_secs;
	Elf_Data *symtab;
	size_t sym_strtab;
	size_t nr_syms;
	int text;			/* section index of .text, or 0 */
	struct btf *btf;
	const struct elf_load_opts *opts;
	struct elf_obj *obj;
	char *err;
	size_t errlen;
};

static int fail(struct ld *ld, int ret, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(ld->err, ld->errlen, "%s: ", ld->path);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < ld->errlen)
		vsnprintf(ld->err + n, ld->errlen - n, fmt, ap);
	va_end(ap);
	return ret;
}

/* ------------------------------------------------------------------ maps */

struct elf_hash_ent {
	struct elf_hash_ent *next;
	u64 hash;
	u8 kv[];		/* key (padded to 8), then value */
};

static u64 key_hash(const void *key, u32 len)
{
	const u8 *p = key;
	u64 h = 0x9e3779b97f4a7c15ull ^ len, v;
	u32 i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&v, p + i, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	if (i < len) {
		v = 0;
		memcpy(&v, p + i, len - i);
		h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
	}
	h ^= h >> 29;
	return h;
}

static bool map_is_hash(const struct elf_map *m)
{
	return m->type == BPF_MAP_TYPE_HASH ||
	       m->type == BPF_MAP_TYPE_PERCPU_HASH ||
	       m->type == BPF_MAP_TYPE_LRU_HASH ||
	       m->type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static u32 key_stride(const struct elf_map *m)
{
	return (m->key_size + 7) & ~7u;
}

static int map_alloc(struct elf_map *m)
{
	u32 i;

	m->stride = (m->value_size + 7) & ~7u;
	if (!map_is_hash(m)) {
		m->data = calloc(m->max_entries ? m->max_entries : 1, m->stride);
		return m->data ? 0 : -ENOMEM;
	}
	m->nr_buckets = 1;
	while (m->nr_buckets < m->max_entries)
		m->nr_buckets <<= 1;
	m->ent_size = sizeof(struct elf_hash_ent) + key_stride(m) + m->stride;
	m->buckets = calloc(m->nr_buckets, sizeof(*m->buckets));
	m->pool = calloc(m->max_entries, m->ent_size);
	if (!m->buckets || !m->pool)
		return -ENOMEM;
	/* Preallocated like the kernel's default hash maps: no malloc per
	 * update, and value addresses stay valid after delete.
	 */
	for (i = m->max_entries; i-- > 0;) {
		struct elf_hash_ent *e = (void *)(m->pool + (size_t)i * m->ent_size);

		e->next = m->free_list;
		m->free_list = e;
	}
	return 0;
}

static void map_free(struct elf_map *m)
{
	if (!m)
		return;
	free(m->data);
	free(m->buckets);
	free(m->pool);
	free(m);
}

static struct elf_hash_ent **hash_find(struct elf_map *m, const void *key,
				       u64 h)
{
	struct elf_hash_ent **pp = &m->buckets[h & (m->nr_buckets - 1)];

	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->hash == h && !memcmp((*pp)->kv, key, m->key_size))
			return pp;
	return pp;
}

void *elf_map_lookup(struct elf_map *m, const void *key)
{
	struct elf_hash_ent **pp;
	u32 idx;

	if (!map_is_hash(m)) {
		memcpy(&idx, key, sizeof(idx));
		return idx < m->max_entries ? m->data + (size_t)idx * m->stride :
					      NULL;
	}
	pp = hash_find(m, key, key_hash(key, m->key_size));
	return *pp ? (*pp)->kv + key_stride(m) : NULL;
}

int elf_map_update(struct elf_map *m, const void *key, const void *val,
		   u64 flags)
{
	struct elf_hash_ent **pp, *e;
	u32 idx;
	u64 h;

	if (flags > BPF_EXIST)
		return -EINVAL;
	if (!map_is_hash(m)) {
		memcpy(&idx, key, sizeof(idx));
		if (idx >= m->max_entries)
			return -E2BIG;
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		memcpy(m->data + (size_t)idx * m->stride, val, m->value_size);
		return 0;
	}
	h = key_hash(key, m->key_size);
	pp = hash_find(m, key, h);
	if (*pp) {
		if (flags == BPF_NOEXIST)
			return -EEXIST;
		memcpy((*pp)->kv + key_stride(m), val, m->value_size);
		return 0;
	}
	if (flags == BPF_EXIST)
		return -ENOENT;
	/* LRU maps would evict here; this loader has no LRU order. */
	e = m->free_list;
	if (!e)
		return -E2BIG;
	m->free_list = e->next;
	e->hash = h;
	memcpy(e->kv, key, m->key_size);
	memcpy(e->kv + key_stride(m), val, m->value_size);
	e->next = NULL;
	*pp = e;
	m->count++;
	return 0;
}

int elf_map_delete(struct elf_map *m, const void *key)
{
	struct elf_hash_ent **pp, *e;

	if (!map_is_hash(m))
		return -EINVAL;
	pp = hash_find(m, key, key_hash(key, m->key_size));
	e = *pp;
	if (!e)
		return -ENOENT;
	*pp = e->next;
	e->next = m->free_list;
	m->free_list = e;
	m->count--;
	return 0;
}

/* ------------------------------------------------------------- helpers */

static u64 h_map_lookup(u64 map, u64 key, u64 a3, u64 a4, u64 a5)
{
	(void)a3; (void)a4; (void)a5;
	return (u64)(unsigned long)elf_map_lookup((void *)(unsigned long)map,
						  (void *)(unsigned long)key);
}

static u64 h_map_update(u64 map, u64 key, u64 val, u64 flags, u64 a5)
{
	(void)a5;
	return (u64)(s64)elf_map_update((void *)(unsigned long)map,
					(void *)(unsigned long)key,
					(void *)(unsigned long)val, flags);
}

static u64 h_map_delete(u64 map, u64 key, u64 a3, u64 a4, u64 a5)
{
	(void)a3; (void)a4; (void)a5;
	return (u64)(s64)elf_map_delete((void *)(unsigned long)map,
					(void *)(unsigned long)key);
}

static u64 h_ktime_get_ns(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct timespec ts;

	(void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* xorshift64*: a fast uniform source, like the kernel's per-CPU prandom. */
static u64 prandom_state = 0x2545f4914f6cdd1dull;

static u64 h_get_prandom_u32(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	u64 x = prandom_state;

	(void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	prandom_state = x;
	return (u32)((x * 0x2545f4914f6cdd1dull) >> 32);
}

static u64 h_get_smp_processor_id(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
	return 0;
}

/* bpf_kptr_xchg(field, new): the old pointer. */
static u64 h_kptr_xchg(u64 field, u64 ptr, u64 a3, u64 a4, u64 a5)
{
	(void)a3; (void)a4; (void)a5;
	return __atomic_exchange_n((u64 *)(unsigned long)field, ptr,
				   __ATOMIC_SEQ_CST);
}

static const struct {
	u32 id;
	bpf_core_helper_fn fn;
} std_helpers[] = {
	{ BPF_FUNC_map_lookup_elem, h_map_lookup },
	{ BPF_FUNC_map_update_elem, h_map_update },
	{ BPF_FUNC_map_delete_elem, h_map_delete },
	{ BPF_FUNC_ktime_get_ns, h_ktime_get_ns },
	{ BPF_FUNC_get_prandom_u32, h_get_prandom_u32 },
	{ BPF_FUNC_get_smp_processor_id, h_get_smp_processor_id },
	{ BPF_FUNC_kptr_xchg, h_kptr_xchg },
};

/* ---------------------------------------------------------- BTF maps */

static const struct btf_type *skip_mods(const struct btf *btf, u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_typedef(t) || btf_is_const(t) ||
		     btf_is_volatile(t) || btf_is_restrict(t) ||
		     btf_is_type_tag(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

/* One BTF map definition (struct of __uint/__type members) -> *m. */
static int parse_map_def(struct ld *ld, const char *name, u32 def_id,
			 struct elf_map *m)
{
	const struct btf_type *def = skip_mods(ld->btf, &def_id), *mt;
	const struct btf_member *mem;
	u32 i, tid;
	s64 sz;

	if (!def || !btf_is_struct(def))
		return fail(ld, -EINVAL, "map %s: definition is not a struct",
			    name);
	mem = btf_members(def);
	for (i = 0; i < btf_vlen(def); i++, mem++) {
		const char *mname = btf__name_by_offset(ld->btf, mem->name_off);

		tid = mem->type;
		mt = skip_mods(ld->btf, &tid);
		if (!mt || !btf_is_ptr(mt))
			return fail(ld, -EINVAL, "map %s: field %s is not __uint/__type",
				    name, mname);
		tid = mt->type;
		mt = skip_mods(ld->btf, &tid);
		if (!strcmp(mname, "key") || !strcmp(mname, "value")) {
			sz = btf__resolve_size(ld->btf, tid);
			if (sz <= 0)
				return fail(ld, -EINVAL, "map %s: bad %s type", name,
					    mname);
			if (mname[0] == 'k')
				m->key_size = (u32)sz;
			else
				m->value_size = (u32)sz;
			continue;
		}
		if (!mt || !btf_is_array(mt))
			return fail(ld, -EINVAL, "map %s: field %s unsupported",
				    name, mname);
		if (!strcmp(mname, "type"))
			m->type = btf_array(mt)->nelems;
		else if (!strcmp(mname, "max_entries"))
			m->max_entries = btf_array(mt)->nelems;
		else if (!strcmp(mname, "key_size"))
			m->key_size = btf_array(mt)->nelems;
		else if (!strcmp(mname, "value_size"))
			m->value_size = btf_array(mt)->nelems;
		else if (strcmp(mname, "map_flags"))
			return fail(ld, -EINVAL, "map %s: field %s unsupported",
				    name, mname);
	}
	switch (m->type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		if (m->key_size != 4)
			return fail(ld, -EINVAL, "map %s: array key must be 4 bytes",
				    name);
		break;
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		break;
	default:
		return fail(ld, -EOPNOTSUPP, "map %s: map type %u unsupported",
			    name, m->type);
	}
	if (!m->key_size || !m->value_size || !m->max_entries)
		return fail(ld, -EINVAL, "map %s: zero key/value size or max_entries",
			    name);
	return 0;
}

static int add_map(struct ld *ld, struct elf_map *m)
{
	if (ld->obj->nr_maps >= ELF_MAX_MAPS) {
		map_free(m);
		return fail(ld, -E2BIG, "more than %d maps", ELF_MAX_MAPS);
	}
	ld->obj->maps[ld->obj->nr_maps++] = m;
	return 0;
}

static int load_btf_maps(struct ld *ld)
{
	u32 i, j, n;
	int err;

	ld->btf = btf__parse_elf(ld->path, NULL);
	if (!ld->btf)
		return fail(ld, -EINVAL, "section .maps needs .BTF (build with -g)");
	n = btf__type_cnt(ld->btf);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(ld->btf, i);
		const struct btf_var_secinfo *vs;

		if (!btf_is_datasec(t) ||
		    strcmp(btf__name_by_offset(ld->btf, t->name_off), ".maps"))
			continue;
		vs = btf_var_secinfos(t);
		for (j = 0; j < btf_vlen(t); j++, vs++) {
			const struct btf_type *v = btf__type_by_id(ld->btf, vs->type);
			const char *name = btf__name_by_offset(ld->btf, v->name_off);
			struct elf_map *m = calloc(1, sizeof(*m));

			if (!m)
				return -ENOMEM;
			snprintf(m->name, sizeof(m->name), "%s", name);
			err = parse_map_def(ld, name, v->type, m);
			if (!err)
				err = map_alloc(m);
			if (err) {
				map_free(m);
				return err;
			}
			err = add_map(ld, m);
			if (err)
				return err;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ sections */

static bool is_data_name(const char *n)
{
	return !strncmp(n, ".data", 5) || !strncmp(n, ".bss", 4) ||
	       !strncmp(n, ".rodata", 7);
}

static int load_sections(struct ld *ld)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	int err;

	if (elf_getshdrstrndx(ld->elf, &shstrndx) ||
	    elf_getshdrnum(ld->elf, &ld->nr_secs))
		return fail(ld, -EINVAL, "bad ELF section headers");
	ld->secs = calloc(ld->nr_secs, sizeof(*ld->secs));
	if (!ld->secs)
		return -ENOMEM;
	while ((scn = elf_nextscn(ld->elf, scn))) {
		size_t idx = elf_ndxscn(scn);
		struct sec *s = &ld->secs[idx];
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			return fail(ld, -EINVAL, "section %zu: bad header", idx);
		s->name = elf_strptr(ld->elf, shstrndx, sh.sh_name);
		if (!s->name)
			return fail(ld, -EINVAL, "section %zu: no name", idx);
		d = elf_getdata(scn, NULL);
		if (sh.sh_type == SHT_SYMTAB) {
			ld->symtab = d;
			ld->sym_strtab = sh.sh_link;
			ld->nr_syms = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		} else if (sh.sh_type == SHT_REL) {
			if (sh.sh_info < ld->nr_secs)
				ld->secs[sh.sh_info].rel = (int)idx;
		} else if (sh.sh_type == SHT_PROGBITS &&
			   (sh.sh_flags & SHF_EXECINSTR)) {
			if (sh.sh_size % sizeof(struct bpf_core_insn))
				return fail(ld, -EINVAL, "section %s: size not a multiple of 8",
					    s->name);
			s->kind = strcmp(s->name, ".text") ? SEC_PROG : SEC_TEXT;
			if (s->kind == SEC_TEXT)
				ld->text = (int)idx;
			s->nr_insns = sh.sh_size / sizeof(struct bpf_core_insn);
			s->insns = d ? d->d_buf : NULL;
		} else if (!strcmp(s->name, ".maps")) {
			s->kind = SEC_MAPS;
		} else if ((sh.sh_flags & SHF_ALLOC) && is_data_name(s->name) &&
			   (sh.sh_type == SHT_PROGBITS || sh.sh_type == SHT_NOBITS)) {
			struct elf_map *m = calloc(1, sizeof(*m));

			if (!m)
				return -ENOMEM;
			snprintf(m->name, sizeof(m->name), "%s", s->name);
			m->type = BPF_MAP_TYPE_ARRAY;
			m->key_size = 4;
			m->value_size = sh.sh_size ? (u32)sh.sh_size : 1;
			m->max_entries = 1;
			err = map_alloc(m);
			if (err) {
				map_free(m);
				return err;
			}
			if (sh.sh_type == SHT_PROGBITS && d && d->d_buf)
				memcpy(m->data, d->d_buf, sh.sh_size);
			s->kind = SEC_DATA;
			s->data = m;
			err = add_map(ld, m);
			if (err)
				return err;
		}
	}
	if (!ld->symtab)
		return fail(ld, -EINVAL, "no symbol table");
	return 0;
}

static int get_sym(struct ld *ld, u32 i, GElf_Sym *sym, const char **name)
{
	if (i >= ld->nr_syms || !gelf_getsym(ld->symtab, (int)i, sym))
		return fail(ld, -EINVAL, "bad symbol index %u", i);
	*name = elf_strptr(ld->elf, ld->sym_strtab, sym->st_name);
	if (!*name)
		*name = "";
	return 0;
}

/* Global variables, for elf_obj_var(). */
static int collect_vars(struct ld *ld)
{
	struct elf_obj *o = ld->obj;
	const char *name;
	GElf_Sym sym;
	size_t i;
	int err;

	o->vars = calloc(ld->nr_syms ? ld->nr_syms : 1, sizeof(*o->vars));
	if (!o->vars)
		return -ENOMEM;
	for (i = 1; i < ld->nr_syms; i++) {
		struct sec *s;

		err = get_sym(ld, (u32)i, &sym, &name);
		if (err)
			return err;
		if (GELF_ST_TYPE(sym.st_info) != STT_OBJECT ||
		    sym.st_shndx >= ld->nr_secs)
			continue;
		s = &ld->secs[sym.st_shndx];
		if (s->kind != SEC_DATA ||
		    sym.st_value + sym.st_size > s->data->value_size)
			continue;
		snprintf(o->vars[o->nr_vars].name, ELF_NAME_MAX, "%s", name);
		o->vars[o->nr_vars].addr = s->data->data + sym.st_value;
		o->vars[o->nr_vars].size = sym.st_size;
		o->nr_vars++;
	}
	return 0;
}

/* ------------------------------------------------------------ programs */

struct build {
	struct bpf_core_insn *insns;
	u32 len;		/* the function's own instructions */
	u32 total;		/* plus .text when appended */
	bool with_text;
	struct elf_map **mapref;	/* per slot: the map an lddw loads */
};

static void set_imm64(struct bpf_core_insn *in, u64 v)
{
	in[0].src_reg = 0;
	in[0].imm = (s32)(u32)v;
	in[1].imm = (s32)(u32)(v >> 32);
}

/*
 * Apply the relocations of section sidx to the copy of its instructions
 * [from, from + cnt) placed at b->insns[at].
 */
static int relocate(struct ld *ld, struct build *b, int sidx, u32 from,
		    u32 cnt, u32 at, const char *prog)
{
	struct sec *s = &ld->secs[sidx];
	Elf_Scn *rscn;
	Elf_Data *rd;
	GElf_Shdr rsh;
	size_t i, nrel;

	if (!s->rel)
		return 0;
	rscn = elf_getscn(ld->elf, s->rel);
	if (!rscn || !gelf_getshdr(rscn, &rsh) || !(rd = elf_getdata(rscn, NULL)))
		return fail(ld, -EINVAL, "relocations of %s unreadable", s->name);
	nrel = rsh.sh_entsize ? rsh.sh_size / rsh.sh_entsize : 0;
	for (i = 0; i < nrel; i++) {
		struct bpf_core_insn *in;
		const char *name;
		GElf_Sym sym;
		GElf_Rel rel;
		u32 idx, type, pos;
		int err;

		if (!gelf_getrel(rd, (int)i, &rel))
			return fail(ld, -EINVAL, "%s: bad relocation %zu", s->name, i);
		if (rel.r_offset % 8)
			return fail(ld, -EINVAL, "%s: misaligned relocation at 0x%llx",
				    s->name, (unsigned long long)rel.r_offset);
		idx = (u32)(rel.r_offset / 8);
		if (idx < from || idx >= from + cnt)
			continue;
		pos = at + idx - from;
		in = &b->insns[pos];
		type = (u32)GELF_R_TYPE(rel.r_info);
		err = get_sym(ld, (u32)GELF_R_SYM(rel.r_info), &sym, &name);
		if (err)
			return err;

		if (type == R_BPF_64_32 && in->code == (BPF_CORE_JMP | BPF_CORE_CALL)) {
			u32 k, target;

			if (sym.st_shndx == SHN_UNDEF) {
				for (k = 0; k < ld->opts->nr_kfuncs; k++)
					if (!strcmp(ld->opts->kfuncs[k].name, name))
						break;
				if (k == ld->opts->nr_kfuncs)
					return fail(ld, -ENOENT, "prog %s: kfunc %s not provided",
						    prog, name);
				/* Kfunc -> private helper id (elf_load.h). */
				in->src_reg = BPF_CORE_CALL_HELPER;
				in->imm = ELF_KFUNC_BASE + (s32)k;
				continue;
			}
			target = (u32)(sym.st_value / 8) + in->imm + 1;
			if ((int)sym.st_shndx == ld->text && b->with_text) {
				in->src_reg = BPF_CORE_CALL_LOCAL;
				in->imm = (s32)(b->len + target) - (s32)(pos + 1);
			} else if ((int)sym.st_shndx == sidx && target >= from &&
				   target < from + cnt) {
				in->src_reg = BPF_CORE_CALL_LOCAL;
				in->imm = (s32)(at + target - from) - (s32)(pos + 1);
			} else {
				return fail(ld, -EINVAL, "prog %s: call to %s in section %u not supported",
					    prog, name, (unsigned)sym.st_shndx);
			}
			continue;
		}
		if (type != R_BPF_64_64 ||
		    in->code != (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW))
			return fail(ld, -EINVAL, "prog %s: relocation type %u against %s at insn %u unsupported",
				    prog, type, name, idx);
		if (sym.st_shndx == SHN_UNDEF)
			return fail(ld, -EOPNOTSUPP, "prog %s: extern variable %s (ksym/kconfig) unsupported",
				    prog, name);
		if (sym.st_shndx >= ld->nr_secs)
			return fail(ld, -EINVAL, "prog %s: symbol %s in bad section",
				    prog, name);
		switch (ld->secs[sym.st_shndx].kind) {
		case SEC_MAPS: {
			struct elf_map *m = elf_obj_map(ld->obj, name);

			if (!m)
				return fail(ld, -ENOENT, "prog %s: map %s has no BTF definition",
					    prog, name);
			set_imm64(in, (u64)(unsigned long)m);
			b->mapref[pos] = m;
			break;
		}
		case SEC_DATA: {
			struct elf_map *m = ld->secs[sym.st_shndx].data;
			u64 off = sym.st_value + (u32)in->imm;

			if (off >= m->value_size)
				return fail(ld, -EINVAL, "prog %s: %s+%llu beyond %s",
					    prog, name, (unsigned long long)off, m->name);
			set_imm64(in, (u64)(unsigned long)(m->data + off));
			break;
		}
		default:
			return fail(ld, -EOPNOTSUPP, "prog %s: lddw of %s in section %s unsupported (callbacks?)",
				    prog, name, ld->secs[sym.st_shndx].name);
		}
	}
	return 0;
}

/*
 * XDP ctx rewrite.  Forward "must hold ctx" analysis over the main
 * function (registers and 8-byte stack slots, met by AND at joins), plus a
 * "may" analysis (OR) to refuse loads whose base is ctx on some paths only.
 */
struct ctx_state {
	u16 must, may;		/* registers */
	u64 smust, smay;	/* stack slots r10-8 .. r10-512 */
	bool seen;
};

static int slot_of(s16 off)
{
	return off < 0 && off >= -512 && !(off % 8) ? (-off / 8) - 1 : -1;
}

static int ctx_rewrite(struct ld *ld, struct build *b, const char *prog)
{
	u32 n = b->len, pc;
	struct ctx_state *st = calloc(n + 1, sizeof(*st));
	u32 *work = calloc(n + 1, sizeof(*work)), nw = 0;
	bool *inq = calloc(n + 1, sizeof(*inq));
	u8 *rw = calloc(n + 1, 1);
	int ret = 0;

	if (!st || !work || !inq || !rw) {
		ret = -ENOMEM;
		goto out;
	}
	st[0] = (struct ctx_state){ .must = 1u << 1, .may = 1u << 1, .seen = true };
	work[nw++] = 0;
	inq[0] = true;
	while (nw) {
		struct bpf_core_insn *in;
		struct ctx_state s;
		u32 succ[2], nsucc = 0, k;
		u8 cls, op;

		pc = work[--nw];
		inq[pc] = false;
		in = &b->insns[pc];
		s = st[pc];
		cls = BPF_CORE_CLASS(in->code);
		op = BPF_CORE_OP(in->code);
		succ[nsucc++] = pc + bpf_core_insn_slots(in);
		switch (cls) {
		case BPF_CORE_ALU64:
		case BPF_CORE_ALU:
			s.must &= ~(1u << in->dst_reg);
			s.may &= ~(1u << in->dst_reg);
			if (cls == BPF_CORE_ALU64 && op == BPF_CORE_MOV &&
			    BPF_CORE_SRC(in->code) == BPF_CORE_X && !in->off) {
				s.must |= ((s.must >> in->src_reg) & 1) << in->dst_reg;
				s.may |= ((s.may >> in->src_reg) & 1) << in->dst_reg;
			}
			break;
		case BPF_CORE_LDX: {
			bool must = (s.must >> in->src_reg) & 1;
			bool may = (s.may >> in->src_reg) & 1;
			int sl = slot_of(in->off);

			if (may && !must) {
				ret = fail(ld, -EINVAL, "prog %s: insn %u loads through ctx on some paths only",
					   prog, pc);
				goto out;
			}
			if (must) {
				if (BPF_CORE_SIZE(in->code) != BPF_CORE_W ||
				    BPF_CORE_MODE(in->code) != BPF_CORE_MEM ||
				    in->off < 0 || in->off > 20 || in->off % 4) {
					ret = fail(ld, -EINVAL, "prog %s: insn %u: unsupported xdp_md access at %d",
						   prog, pc, in->off);
					goto out;
				}
				rw[pc] = 1;
			}
			s.must &= ~(1u << in->dst_reg);
			s.may &= ~(1u << in->dst_reg);
			if (in->src_reg == BPF_CORE_REG_FP && sl >= 0 &&
			    BPF_CORE_SIZE(in->code) == BPF_CORE_DW) {
				s.must |= ((s.smust >> sl) & 1) << in->dst_reg;
				s.may |= ((s.smay >> sl) & 1) << in->dst_reg;
			}
			break;
		}
		case BPF_CORE_ST:
		case BPF_CORE_STX: {
			int sl = slot_of(in->off & ~7);

			if ((s.may >> in->dst_reg) & 1) {
				ret = fail(ld, -EINVAL, "prog %s: insn %u writes to ctx",
					   prog, pc);
				goto out;
			}
			if (in->dst_reg == BPF_CORE_REG_FP && sl >= 0) {
				s.smust &= ~(1ull << sl);
				s.smay &= ~(1ull << sl);
				if (cls == BPF_CORE_STX &&
				    BPF_CORE_MODE(in->code) == BPF_CORE_MEM &&
				    BPF_CORE_SIZE(in->code) == BPF_CORE_DW &&
				    !(in->off % 8)) {
					s.smust |= (u64)((s.must >> in->src_reg) & 1) << sl;
					s.smay |= (u64)((s.may >> in->src_reg) & 1) << sl;
				}
			}
			if (BPF_CORE_MODE(in->code) == BPF_CORE_ATOMIC) {
				s.must &= ~(1u << in->src_reg | 1u);
				s.may &= ~(1u << in->src_reg | 1u);
			}
			break;
		}
		case BPF_CORE_LD:
			s.must &= ~(1u << in->dst_reg);
			s.may &= ~(1u << in->dst_reg);
			break;
		case BPF_CORE_JMP:
		case BPF_CORE_JMP32:
			if (op == BPF_CORE_EXIT) {
				nsucc = 0;
			} else if (op == BPF_CORE_CALL) {
				/* Subprograms are not analysed: refuse, not misread. */
				if (in->src_reg == BPF_CORE_CALL_LOCAL && (s.may & 0x3eu)) {
					ret = fail(ld, -EOPNOTSUPP, "prog %s: insn %u passes the xdp ctx to a subprogram (unsupported)",
						   prog, pc);
					goto out;
				}
				s.must &= ~0x3fu;
				s.may &= ~0x3fu;
			} else if (op == BPF_CORE_JA) {
				succ[0] = pc + 1 + (cls == BPF_CORE_JMP32 ? in->imm : in->off);
			} else {
				succ[nsucc++] = pc + 1 + in->off;
			}
			break;
		}
		for (k = 0; k < nsucc; k++) {
			u32 t = succ[k];
			struct ctx_state old;

			if (t >= n)
				continue;	/* the decoder reports bad jumps */
			old = st[t];
			if (!old.seen) {
				st[t] = s;
			} else {
				st[t].must &= s.must;
				st[t].may |= s.may;
				st[t].smust &= s.smust;
				st[t].smay |= s.smay;
			}
			if (memcmp(&old, &st[t], sizeof(old)) && !inq[t]) {
				inq[t] = true;
				work[nw++] = t;
			}
		}
	}
	for (pc = 0; pc < n; pc++) {
		struct bpf_core_insn *in = &b->insns[pc];

		if (!rw[pc])
			continue;
		if (in->off <= 8) {
			/* data, data_end, data_meta: 64-bit pointers */
			in->code = BPF_CORE_LDX | BPF_CORE_MEM | BPF_CORE_DW;
			in->off = (s16)(in->off * 2);
		} else {
			in->off = (s16)(offsetof(struct elf_xdp_md, ingress_ifindex) +
					in->off - 12);
		}
	}
out:
	free(st);
	free(work);
	free(inq);
	free(rw);
	return ret;
}

/*
 * Array map lookups inlined as the kernel's verifier does (map_gen_lookup):
 * a `call bpf_map_lookup_elem` whose r1 is an array map loaded by an lddw
 * earlier in the same straight-line code becomes
 *	r0 = *(u32 *)(r2 + 0); if r0 >= max_entries goto null;
 *	r0 *= stride; r1 = values; r0 += r1; goto out; null: r0 = 0
 * so that the kernel-JIT column and ours pay the same for it.  Jumps and
 * local calls are re-targeted around the longer code.
 */
#define INLINE_SLOTS 8

static int inline_array_lookups(struct build *b)
{
	u32 n = b->total, i, j, extra = 0, *newidx = NULL;
	struct elf_map **site = calloc(n, sizeof(*site));
	bool *target = calloc(n + 1, sizeof(*target));
	struct bpf_core_insn *out = NULL;
	struct elf_map *r1map = NULL;
	int ret = 0;

	if (!site || !target) {
		ret = -ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		const struct bpf_core_insn *in = &b->insns[i];
		u8 cls = BPF_CORE_CLASS(in->code), op = BPF_CORE_OP(in->code);
		s64 t;

		if (cls != BPF_CORE_JMP && cls != BPF_CORE_JMP32)
			continue;
		if (op == BPF_CORE_EXIT ||
		    (op == BPF_CORE_CALL && in->src_reg != BPF_CORE_CALL_LOCAL))
			continue;
		t = (s64)i + 1 + (op == BPF_CORE_CALL ||
				  (cls == BPF_CORE_JMP32 && op == BPF_CORE_JA) ?
				  in->imm : in->off);
		if (t >= 0 && t <= n)
			target[t] = true;
	}
	for (i = 0; i < n; i += bpf_core_insn_slots(&b->insns[i])) {
		const struct bpf_core_insn *in = &b->insns[i];
		u8 cls = BPF_CORE_CLASS(in->code);

		if (target[i])
			r1map = NULL;
		if (in->code == (BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW) &&
		    in->dst_reg == 1) {
			r1map = b->mapref[i];
			continue;
		}
		if (in->code == (BPF_CORE_JMP | BPF_CORE_CALL) &&
		    in->src_reg == BPF_CORE_CALL_HELPER &&
		    in->imm == BPF_FUNC_map_lookup_elem && r1map &&
		    r1map->type == BPF_MAP_TYPE_ARRAY &&
		    r1map->max_entries <= 0x7fffffff && r1map->stride <= 0x7fffffff) {
			site[i] = r1map;
			extra += INLINE_SLOTS - 1;
		}
		/* Anything else that may write r1 ends the known value. */
		if ((cls == BPF_CORE_JMP || cls == BPF_CORE_JMP32) ||
		    ((cls == BPF_CORE_ALU || cls == BPF_CORE_ALU64 ||
		      cls == BPF_CORE_LDX || cls == BPF_CORE_LD) && in->dst_reg == 1) ||
		    (cls == BPF_CORE_STX && BPF_CORE_MODE(in->code) == BPF_CORE_ATOMIC))
			r1map = NULL;
	}
	if (!extra)
		goto done;
	newidx = calloc(n + 1, sizeof(*newidx));
	out = calloc(n + extra, sizeof(*out));
	if (!newidx || !out) {
		ret = -ENOMEM;
		goto done;
	}
	for (i = 0, j = 0; i <= n; i++) {
		newidx[i] = j;
		if (i < n)
			j += site[i] ? INLINE_SLOTS : 1;
	}
	for (i = 0; i < n; i++) {
		struct bpf_core_insn *o = &out[newidx[i]], in = b->insns[i];
		u8 cls = BPF_CORE_CLASS(in.code), op = BPF_CORE_OP(in.code);
		struct elf_map *m = site[i];

		if (m) {
			u64 data = (u64)(unsigned long)m->data;

			o[0] = (struct bpf_core_insn){ .code = BPF_CORE_LDX | BPF_CORE_MEM | BPF_CORE_W,
						       .dst_reg = 0, .src_reg = 2 };
			o[1] = (struct bpf_core_insn){ .code = BPF_CORE_JMP | BPF_CORE_JGE | BPF_CORE_K,
						       .dst_reg = 0, .off = 5,
						       .imm = (s32)m->max_entries };
			o[2] = (struct bpf_core_insn){ .code = BPF_CORE_ALU64 | BPF_CORE_MUL | BPF_CORE_K,
						       .dst_reg = 0, .imm = (s32)m->stride };
			o[3] = (struct bpf_core_insn){ .code = BPF_CORE_LD | BPF_CORE_IMM | BPF_CORE_DW,
						       .dst_reg = 1, .imm = (s32)(u32)data };
			o[4] = (struct bpf_core_insn){ .imm = (s32)(u32)(data >> 32) };
			o[5] = (struct bpf_core_insn){ .code = BPF_CORE_ALU64 | BPF_CORE_ADD | BPF_CORE_X,
						       .dst_reg = 0, .src_reg = 1 };
			o[6] = (struct bpf_core_insn){ .code = BPF_CORE_JMP | BPF_CORE_JA, .off = 1 };
			o[7] = (struct bpf_core_insn){ .code = BPF_CORE_ALU64 | BPF_CORE_MOV | BPF_CORE_K,
						       .dst_reg = 0, .imm = 0 };
			continue;
		}
		*o = in;
		if ((cls != BPF_CORE_JMP && cls != BPF_CORE_JMP32) || op == BPF_CORE_EXIT ||
		    (op == BPF_CORE_CALL && in.src_reg != BPF_CORE_CALL_LOCAL))
			continue;
		if (op == BPF_CORE_CALL || (cls == BPF_CORE_JMP32 && op == BPF_CORE_JA)) {
			s64 t = (s64)i + 1 + in.imm;

			if (t >= 0 && t <= n)
				o->imm = (s32)((s64)newidx[t] - newidx[i] - 1);
		} else {
			s64 t = (s64)i + 1 + in.off, d;

			if (t < 0 || t > n)
				continue;	/* the decoder reports it */
			d = (s64)newidx[t] - newidx[i] - 1;
			if (d < -32768 || d > 32767) {
				ret = -E2BIG;
				goto done;
			}
			o->off = (s16)d;
		}
	}
	free(b->insns);
	b->insns = out;
	b->total = n + extra;
	out = NULL;
done:
	free(out);
	free(newidx);
	free(site);
	free(target);
	return ret;
}

static int build_prog(struct ld *ld, int sidx, const char *name, u32 start,
		      u32 len, struct elf_prog *ep)
{
	struct sec *s = &ld->secs[sidx], *text = ld->text ? &ld->secs[ld->text] : NULL;
	struct bpf_core_load_opts lo = {
		.helpers = ld->obj->helpers,
		.nr_helpers = ld->obj->nr_helpers,
	};
	struct build b = { .len = len };
	char derr[256];
	u32 i;
	int err;

	snprintf(ep->name, sizeof(ep->name), "%s", name);
	snprintf(ep->sec, sizeof(ep->sec), "%s", s->name);
	ep->xdp = !strncmp(s->name, "xdp", 3);
	if (start + len > s->nr_insns || !len)
		return fail(ld, -EINVAL, "prog %s: bad extent in %s", name, s->name);
	/* .text goes after the program when any of its calls leave it. */
	for (i = start; i < start + len && text && text->nr_insns; i++) {
		const struct bpf_core_insn *in = &s->insns[i];

		if (in->code == (BPF_CORE_JMP | BPF_CORE_CALL) &&
		    in->src_reg == BPF_CORE_CALL_LOCAL)
			b.with_text = true;
	}
	b.total = len + (b.with_text ? text->nr_insns : 0);
	b.insns = malloc((size_t)b.total * sizeof(*b.insns));
	b.mapref = calloc(b.total, sizeof(*b.mapref));
	if (!b.insns || !b.mapref) {
		free(b.insns);
		free(b.mapref);
		return -ENOMEM;
	}
	memcpy(b.insns, s->insns + start, (size_t)len * sizeof(*b.insns));
	if (b.with_text)
		memcpy(b.insns + len, text->insns,
		       (size_t)text->nr_insns * sizeof(*b.insns));
	err = relocate(ld, &b, sidx, start, len, 0, name);
	if (!err && b.with_text)
		err = relocate(ld, &b, ld->text, 0, text->nr_insns, len, name);
	if (!err && ep->xdp)
		err = ctx_rewrite(ld, &b, name);
	if (!err && !ld->opts->no_inline)
		err = inline_array_lookups(&b);
	if (err) {
		if (err == -E2BIG)
			fail(ld, err, "prog %s: jump too long after inlining", name);
		goto out;
	}
	err = bpf_core_decode(b.insns, b.total, &lo, &ep->prog, derr, sizeof(derr));
	if (err) {
		err = fail(ld, err, "prog %s: decode: %s", name, derr);
		goto out;
	}
#ifdef BPF_CORE_HAVE_JIT
	if (!ld->opts->no_jit) {
		err = bpf_core_jit_compile(ep->prog, NULL);
		if (err)
			err = fail(ld, err, "prog %s: JIT failed", name);
	}
#endif
out:
	free(b.insns);
	free(b.mapref);
	return err;
}

static int load_progs(struct ld *ld)
{
	struct elf_obj *o = ld->obj;
	const char *name;
	GElf_Sym sym;
	size_t i;
	int err;

	o->progs = calloc(ld->nr_syms ? ld->nr_syms : 1, sizeof(*o->progs));
	if (!o->progs)
		return -ENOMEM;
	for (i = 1; i < ld->nr_syms; i++) {
		err = get_sym(ld, (u32)i, &sym, &name);
		if (err)
			return err;
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    GELF_ST_BIND(sym.st_info) != STB_GLOBAL ||
		    sym.st_shndx >= ld->nr_secs ||
		    ld->secs[sym.st_shndx].kind != SEC_PROG)
			continue;
		err = build_prog(ld, sym.st_shndx, name, (u32)(sym.st_value / 8),
				 (u32)(sym.st_size / 8), &o->progs[o->nr_progs]);
		o->nr_progs++;
		if (err)
			return err;
	}
	return 0;
}

int elf_obj_open(const char *path, const struct elf_load_opts *opts,
		 struct elf_obj **out, char *err, size_t errlen)
{
	static const struct elf_load_opts no_opts;
	struct ld ld = {
		.path = path, .opts = opts ? opts : &no_opts,
		.err = err, .errlen = errlen,
	};
	GElf_Ehdr eh;
	bool has_maps = false;
	size_t i;
	int fd, ret;

	*out = NULL;
	if (errlen)
		err[0] = '\0';
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(&ld, -EINVAL, "libelf too old");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(&ld, -errno, "%s", strerror(errno));
	ld.obj = calloc(1, sizeof(*ld.obj));
	ld.elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!ld.obj || !ld.elf) {
		ret = ld.obj ? fail(&ld, -EINVAL, "not an ELF file") : -ENOMEM;
		goto out;
	}
	if (!gelf_getehdr(ld.elf, &eh) || eh.e_machine != EM_BPF ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		ret = fail(&ld, -EINVAL, "not a little-endian BPF object");
		goto out;
	}
	ld.obj->nr_helpers = ELF_KFUNC_BASE + ld.opts->nr_kfuncs;
	ld.obj->helpers = calloc(ld.obj->nr_helpers, sizeof(*ld.obj->helpers));
	if (!ld.obj->helpers) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(std_helpers); i++)
		ld.obj->helpers[std_helpers[i].id] = std_helpers[i].fn;
	for (i = 0; i < ld.opts->nr_kfuncs; i++)
		ld.obj->helpers[ELF_KFUNC_BASE + i] = ld.opts->kfuncs[i].fn;
	ret = load_sections(&ld);
	for (i = 0; !ret && i < ld.nr_secs; i++)
		has_maps |= ld.secs[i].kind == SEC_MAPS;
	if (!ret && has_maps)
		ret = load_btf_maps(&ld);
	if (!ret)
		ret = collect_vars(&ld);
	if (!ret)
		ret = load_progs(&ld);
out:
	if (ld.btf)
		btf__free(ld.btf);
	free(ld.secs);
	if (ld.elf)
		elf_end(ld.elf);
	close(fd);
	if (ret)
		elf_obj_close(ld.obj);
	else
		*out = ld.obj;
	return ret;
}

void elf_obj_close(struct elf_obj *obj)
{
	u32 i;

	if (!obj)
		return;
	for (i = 0; i < obj->nr_progs; i++)
		bpf_core_prog_free(obj->progs[i].prog);
	for (i = 0; i < obj->nr_maps; i++)
		map_free(obj->maps[i]);
	free(obj->progs);
	free(obj->vars);
	free(obj->helpers);
	free(obj);
}

const struct elf_prog *elf_obj_prog(const struct elf_obj *obj,
				    const char *name)
{
	u32 i;

	for (i = 0; i < obj->nr_progs; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	return NULL;
}

u32 elf_obj_nr_progs(const struct elf_obj *obj)
{
	return obj->nr_progs;
}

const struct elf_prog *elf_obj_prog_at(const struct elf_obj *obj, u32 i)
{
	return i < obj->nr_progs ? &obj->progs[i] : NULL;
}

struct elf_map *elf_obj_map(const struct elf_obj *obj, const char *name)
{
	u32 i;

	for (i = 0; i < obj->nr_maps; i++)
		if (!strcmp(obj->maps[i]->name, name))
			return obj->maps[i];
	return NULL;
}

void *elf_obj_var(const struct elf_obj *obj, const char *name, size_t *size)
{
	u32 i;

	for (i = 0; i < obj->nr_vars; i++)
		if (!strcmp(obj->vars[i].name, name)) {
			if (size)
				*size = obj->vars[i].size;
			return obj->vars[i].addr;
		}
	return NULL;
}
