// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier log: a caller-provided buffer written like the kernel's
 * (level 1: the error and the path to it, level 2: every instruction's
 * state), always NUL-terminated, with truncation remembered so that
 * bpf_core_verify() can return -ENOSPC.
 */
#include "verifier_int.h"

#ifndef __KERNEL__
#include <stdarg.h>
#endif

void vlog_init(struct vlog *log, char *buf, u32 size, u32 level)
{
	log->buf = buf;
	log->size = size;
	log->len = 0;
	log->level = level;
	log->truncated = false;
	if (buf && size)
		buf[0] = '\0';
}

static void vlog_va(struct vlog *log, const char *fmt, va_list ap)
{
	u32 room;
	int n;

	if (!log->level || !log->buf || log->size < 2)
		return;
	room = log->size - log->len;
	n = vsnprintf(log->buf + log->len, room, fmt, ap);
	if (n < 0)
		return;
	if ((u32)n >= room) {
		log->truncated = true;
		log->len = log->size - 1;
	} else {
		log->len += n;
	}
}

void vlog(struct venv *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_va(&v->log, fmt, ap);
	va_end(ap);
}

int verr(struct venv *v, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_va(&v->log, fmt, ap);
	va_end(ap);
	vlog(v, "\n");
	return err;
}

void vlog_insn(struct venv *v, u32 idx)
{
	char buf[96];
	const struct bpf_core_insn *in = &v->insns[idx];

	if (!v->log.level)
		return;
	if (bpf_core_disasm_insn(in, v->cnt - idx, buf, sizeof(buf)) < 0)
		buf[sizeof(buf) - 1] = '\0';
	vlog(v, "%u: (%02x) %s\n", idx, in->code, buf);
}

void tnum_str(char *buf, size_t len, struct tnum t)
{
	snprintf(buf, len, "(%#llx; %#llx)", (unsigned long long)t.value,
		 (unsigned long long)t.mask);
}

const char *vreg_type_name(const struct vreg *r)
{
	switch (r->type) {
	case NOT_INIT: return "?";
	case SCALAR: return "scalar";
	case PTR_CTX: return "ctx";
	case PTR_STACK: return "fp";
	case CONST_MAP: return "map_ptr";
	case PTR_MAP_VALUE:
		return r->maybe_null ? "map_value_or_null" : "map_value";
	case PTR_MEM:
		return r->maybe_null ? "mem_or_null" : "mem";
	default: return "unknown";
	}
}

static void vlog_reg(struct venv *v, u32 regno, const struct vreg *r)
{
	if (r->type == NOT_INIT)
		return;
	vlog(v, " R%u=%s", regno, vreg_type_name(r));
	if (r->type == SCALAR && reg_is_const(r)) {
		vlog(v, "(%lld)", (long long)r->var.value);
		return;
	}
	if (r->type == SCALAR) {
		vlog(v, "(smin=%lld,smax=%lld,umin=%llu,umax=%llu,var_off=(%#llx; %#llx))",
		     (long long)r->smin, (long long)r->smax,
		     (unsigned long long)r->umin, (unsigned long long)r->umax,
		     (unsigned long long)r->var.value,
		     (unsigned long long)r->var.mask);
		return;
	}
	if (r->type == PTR_STACK)
		vlog(v, "%u", r->frameno);
	vlog(v, "(off=%d", r->off);
	if (!reg_is_const(r) || r->var.value)
		vlog(v, ",smin=%lld,smax=%lld", (long long)r->smin,
		     (long long)r->smax);
	if (r->id)
		vlog(v, ",id=%u", r->id);
	if (r->ref_obj_id)
		vlog(v, ",ref_obj_id=%u", r->ref_obj_id);
	if (r->type == PTR_MEM)
		vlog(v, ",size=%u", r->mem_size);
	vlog(v, ")");
}

void vlog_state(struct venv *v, const struct vstate *st)
{
	u32 f, i, s;

	if (!v->log.level)
		return;
	for (f = 0; f <= st->curframe; f++) {
		const struct vframe *fr = st->frames[f];

		if (f)
			vlog(v, " frame%u:", f);
		for (i = 0; i < BPF_CORE_MAX_REG; i++)
			vlog_reg(v, i, &fr->regs[i]);
		for (s = 0; s < V_SLOTS; s++) {
			const u8 *b = &fr->stype[s * 8];
			int off = -(int)BPF_CORE_STACK_SIZE + (int)s * 8;

			if (b[0] == STK_SPILL) {
				vlog(v, " fp%d=", off);
				vlog_reg(v, 0, &fr->spill[s]);
			} else if (b[0] || b[1] || b[2] || b[3] || b[4] ||
				   b[5] || b[6] || b[7]) {
				u32 k;

				vlog(v, " fp%d=", off);
				for (k = 0; k < 8; k++)
					vlog(v, "%c", "?mz"[b[k] < 3 ? b[k] : 0]);
			}
		}
	}
	vlog(v, "\n");
}
