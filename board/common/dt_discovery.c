// SPDX-License-Identifier: MIT
/*
 * Device-tree discovery: the nodes of a checked blob become a board
 * description. Knows the generic bindings (memory, virtio,mmio,
 * interrupt-parent, clocks, *-supply, status) and nothing of any
 * interrupt controller or platform: those come in through the decode
 * hooks and the board's node hook (see dt_discovery.h).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "board/common/dt_discovery.h"
#include "vmio/byteorder.h"
#include "vmio/compiler.h"
#include "vmio/log.h"

/* ------------------------------------------------------------ interrupts */

static const struct dt_irq_decoder *irq_decoders[DT_MAX_IRQ_DECODERS];

int dt_irq_register(const struct dt_irq_decoder *dec)
{
	unsigned int i;

	for (i = 0; i < DT_MAX_IRQ_DECODERS; i++) {
		if (irq_decoders[i] == dec)
			return 0;
		if (!irq_decoders[i]) {
			irq_decoders[i] = dec;
			return 0;
		}
	}
	pr_err("dtb: no room for the %s interrupt decoder (DT_MAX_IRQ_DECODERS is %d)",
	       dec->name, DT_MAX_IRQ_DECODERS);
	return -ENOSPC;
}

static const struct dt_irq_decoder *irq_decoder_of(const struct dtb *dt, int intc)
{
	const char *const *c;
	unsigned int i;

	for (i = 0; i < DT_MAX_IRQ_DECODERS && irq_decoders[i]; i++)
		for (c = irq_decoders[i]->compatible; *c; c++)
			if (dtb_node_is_compatible(dt, intc, *c))
				return irq_decoders[i];
	return NULL;
}

/* The controller path[d]'s interrupts go to, from the nearest interrupt-parent. */
static int irq_parent(const struct dtb *dt, const int *path, int d,
		      const struct dt_irq_decoder **dec)
{
	int i, ret, intc;
	uint32_t ph;

	for (i = d; i >= 0; i--) {
		ret = dtb_prop_u32(dt, path[i], "interrupt-parent", &ph);
		if (ret == -ENOENT)
			continue;
		if (ret)
			return ret;
		intc = dtb_find_phandle(dt, ph);
		if (intc < 0) {
			pr_err("dtb: %s: interrupt-parent 0x%x not found",
			       dtb_node_label(dt, path[d]), (unsigned int)ph);
			return -EINVAL;
		}
		*dec = irq_decoder_of(dt, intc);
		if (!*dec) {
			pr_err("dtb: %s: interrupt parent %s is not a known interrupt controller",
			       dtb_node_label(dt, path[d]), dtb_node_label(dt, intc));
			return -EINVAL;
		}
		return intc;
	}
	pr_err("dtb: %s: no interrupt-parent", dtb_node_label(dt, path[d]));
	return -EINVAL;
}

int dtb_irq_at(const struct dtb *dt, const int *path, int d, unsigned int index,
	       unsigned int *irq)
{
	const struct dt_irq_decoder *dec = NULL;
	int node = path[d], intc, ret;
	uint32_t len, cells, spec;
	const void *val;

	ret = dtb_prop(dt, node, "interrupts", &val, &len);
	if (ret)
		return ret;
	intc = irq_parent(dt, path, d, &dec);
	if (intc < 0)
		return intc;
	ret = dtb_prop_u32(dt, intc, "#interrupt-cells", &cells);
	if (ret == -EINVAL)
		return ret;
	if (ret || cells < dec->min_cells || cells > dec->max_cells) {
		pr_err("dtb: %s: %s %s needs #interrupt-cells of %u or %u",
		       dtb_node_label(dt, node), dec->name, dtb_node_label(dt, intc),
		       (unsigned int)dec->min_cells, (unsigned int)dec->max_cells);
		return -EINVAL;
	}
	spec = 4 * cells;
	if (len % spec) {
		pr_err("dtb: %s: interrupts is %u bytes, not a multiple of %u",
		       dtb_node_label(dt, node), (unsigned int)len, (unsigned int)spec);
		return -EINVAL;
	}
	if (index >= len / spec)
		return -ENOENT;
	return dec->decode(dt, node, (const uint8_t *)val + index * spec, cells, irq);
}

int dtb_irq(const struct dtb *dt, int node, unsigned int index, unsigned int *irq)
{
	int path[DTB_MAX_DEPTH];
	int d, ret;

	ret = dtb_node_path(dt, node, path, &d);
	if (ret)
		return ret;
	return dtb_irq_at(dt, path, d, index, irq);
}

/* ---------------------------------------------------------- dependencies */

struct deps {
	uint32_t *ph;
	unsigned int max;
	unsigned int n;
	bool overflow;
	int err;
};

static void deps_add(struct deps *s, uint32_t ph)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->ph[i] == ph)
			return;
	if (s->n == s->max)
		s->overflow = true;
	else
		s->ph[s->n++] = ph;
}

static void deps_fail(struct deps *s, int err)
{
	if (!s->err)
		s->err = err;
}

/* "clocks": <phandle cell...> entries whose length the provider decides. */
static void deps_clocks(const struct dtb *dt, int node, struct deps *s)
{
	uint32_t len, n, i, ph;
	const uint8_t *c;
	const void *val;
	int prov, cc;

	if (dtb_prop(dt, node, "clocks", &val, &len))
		return;
	c = val;
	if (len % 4) {
		pr_err("dtb: %s: clocks is %u bytes, not whole cells",
		       dtb_node_label(dt, node), (unsigned int)len);
		deps_fail(s, -EINVAL);
		return;
	}
	n = len / 4;
	for (i = 0; i < n; i += 1 + (uint32_t)cc) {
		ph = get_be32(c + 4 * i);
		cc = 0;
		if (!ph)
			continue;	/* empty entry: no provider, no cells */
		prov = dtb_find_phandle(dt, ph);
		if (prov < 0) {
			pr_err("dtb: %s: clocks cell %u: phandle 0x%x not found",
			       dtb_node_label(dt, node), (unsigned int)i, (unsigned int)ph);
			deps_fail(s, -EINVAL);
			return;	/* its cell count is unknown: cannot go on */
		}
		cc = dtb_cells(dt, prov, "#clock-cells", 1);
		if (cc < 0 || (uint32_t)cc > n - i - 1) {
			if (cc >= 0)
				pr_err("dtb: %s: clocks entry at cell %u truncated (%s has #clock-cells %d)",
				       dtb_node_label(dt, node), (unsigned int)i,
				       dtb_node_label(dt, prov), cc);
			deps_fail(s, -EINVAL);
			return;
		}
		deps_add(s, ph);
	}
}

static bool is_supply_name(const char *name)
{
	static const char suffix[] = "-supply";
	size_t len = strlen(name), slen = sizeof(suffix) - 1;

	return len > slen && !memcmp(name + len - slen, suffix, slen);
}

static void deps_supplies(const struct dtb *dt, int node, struct deps *s)
{
	const char *name;
	const void *val;
	uint32_t len, ph;
	int prop;

	dtb_for_each_prop(dt, node, prop) {
		if (dtb_prop_at(dt, prop, &name, &val, &len)) {
			deps_fail(s, -EINVAL);
			return;
		}
		if (!is_supply_name(name))
			continue;
		ph = len == 4 ? get_be32(val) : 0;
		if (len != 4 || dtb_find_phandle(dt, ph) < 0) {
			pr_err("dtb: %s: %s is not the phandle of a node",
			       dtb_node_label(dt, node), name);
			deps_fail(s, -EINVAL);
			continue;
		}
		deps_add(s, ph);
	}
}

int dtb_node_deps(const struct dtb *dt, int node, uint32_t *deps,
		  unsigned int max, unsigned int *ndeps)
{
	struct deps s = { .ph = deps, .max = max };

	*ndeps = 0;
	if (!dtb_node_name(dt, node))
		return -EINVAL;	/* logged: not a node offset */
	deps_clocks(dt, node, &s);
	deps_supplies(dt, node, &s);
	*ndeps = s.n;
	if (s.overflow) {
		pr_err("dtb: %s: more than %u clocks/supplies, extra ones dropped",
		       dtb_node_label(dt, node), max);
		deps_fail(&s, -ENOSPC);
	}
	return s.err;
}


/* ------------------------------------------------------------------ scan */

struct scan {
	struct dtb_platform *out;
	const struct dtb *dt;
	unsigned int virtio_dropped;
	unsigned int mem_dropped;
	int err;
};

static void scan_fail(struct scan *s, int err)
{
	if (err && !s->err)
		s->err = err;
}

/* strcmp() == 0 without reading a past its terminator. */
static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int dt_node_enabled(const struct dtb *dt, int node)
{
	const char *status;
	int ret;

	ret = dtb_prop_string(dt, node, "status", &status);
	if (ret)
		return ret == -ENOENT ? 1 : ret;
	return str_eq(status, "okay") || str_eq(status, "ok");
}

static bool scan_enabled(struct scan *s, int node)
{
	int ret = dt_node_enabled(s->dt, node);

	if (ret < 0)
		scan_fail(s, ret);
	return ret > 0;
}

static bool node_is_memory(const struct dtb *dt, int node)
{
	const void *val;
	uint32_t len;

	if (dtb_prop(dt, node, "device_type", &val, &len))
		return false;
	return len == sizeof("memory") && !memcmp(val, "memory", len);
}

static void scan_memory(struct scan *s, int node, int parent)
{
	struct board_info *info = &s->out->info;
	uint64_t base, size;
	unsigned int i;
	int ret;

	for (i = 0;; i++) {	/* dtb_reg_in() says -ENOENT past the last entry */
		ret = dtb_reg_in(s->dt, node, parent, i, &base, &size);
		if (ret == -ENOENT && i == 0) {
			pr_err("dtb: %s: memory node without reg", dtb_node_label(s->dt, node));
			ret = -EINVAL;
		}
		if (ret) {
			if (ret != -ENOENT)
				scan_fail(s, ret);
			return;
		}
		if (!size)
			continue;
		if (info->nmem == BOARD_MAX_MEM_REGIONS) {
			s->mem_dropped++;
			continue;
		}
		info->mem[info->nmem].base = base;
		info->mem[info->nmem].size = size;
		info->nmem++;
	}
}

static int virtio_required(const struct dtb *dt, int node, int ret, const char *what)
{
	if (ret == -ENOENT) {
		pr_err("dtb: %s: virtio,mmio node without %s, skipped", dtb_node_label(dt, node),
		       what);
		return -EINVAL;
	}
	return ret;
}

static void scan_virtio(struct scan *s, const int *path, int d)
{
	struct board_info *info = &s->out->info;
	struct board_virtio_slot *slot;
	int node = path[d], ret;
	uint64_t base, size;
	unsigned int irq;

	if (!scan_enabled(s, node))
		return;
	if (info->nvirtio == BOARD_MAX_VIRTIO_SLOTS) {
		s->virtio_dropped++;
		return;
	}
	ret = virtio_required(s->dt, node, dtb_reg_in(s->dt, node, path[d - 1], 0, &base, &size),
			      "reg");
	if (!ret && ((uint64_t)(uintptr_t)base != base || !size || (uint32_t)size != size)) {
		pr_err("dtb: %s: virtio,mmio window 0x%llx+0x%llx unusable, skipped",
		       dtb_node_label(s->dt, node), (unsigned long long)base,
		       (unsigned long long)size);
		ret = -EINVAL;
	}
	if (!ret)
		ret = virtio_required(s->dt, node, dtb_irq_at(s->dt, path, d, 0, &irq),
				      "interrupts");
	if (ret) {
		scan_fail(s, ret);
		return;
	}
	slot = &info->virtio[info->nvirtio];
	slot->base = (uintptr_t)base;
	slot->size = (uint32_t)size;
	slot->irq = irq;
	slot->phandle = dtb_phandle(s->dt, node);
	scan_fail(s, dtb_node_deps(s->dt, node, slot->deps, BOARD_MAX_DEPS, &slot->ndeps));
	s->out->virtio_node[info->nvirtio++] = node;
}

static void scan_node(struct scan *s, const int *path, int d,
		      const struct dt_discovery_hooks *hooks)
{
	const struct dtb *dt = s->dt;
	int node = path[d];

	if (d == 0)
		return;		/* the root describes no device */
	if (node_is_memory(dt, node))
		scan_memory(s, node, path[d - 1]);
	if (dtb_node_is_compatible(dt, node, "virtio,mmio"))
		scan_virtio(s, path, d);
	else if (hooks && hooks->node)
		scan_fail(s, hooks->node(hooks->ctx, dt, path, d));
}

/* Transports in slot order, whatever the DTB's node order (QEMU's is reversed). */
static void sort_virtio(struct dtb_platform *out)
{
	struct board_virtio_slot tmp;
	unsigned int i, j;
	int node;

	for (i = 1; i < out->info.nvirtio; i++) {
		tmp = out->info.virtio[i];
		node = out->virtio_node[i];
		for (j = i; j > 0 && out->info.virtio[j - 1].base > tmp.base; j--) {
			out->info.virtio[j] = out->info.virtio[j - 1];
			out->virtio_node[j] = out->virtio_node[j - 1];
		}
		out->info.virtio[j] = tmp;
		out->virtio_node[j] = node;
	}
}

static void scan_report_full(struct scan *s)
{
	if (s->virtio_dropped) {
		pr_err("dtb: %u virtio,mmio nodes did not fit the %d-slot table",
		       s->virtio_dropped, BOARD_MAX_VIRTIO_SLOTS);
		scan_fail(s, -ENOSPC);
	}
	if (s->mem_dropped) {
		pr_err("dtb: %u memory regions did not fit the %d-entry table",
		       s->mem_dropped, BOARD_MAX_MEM_REGIONS);
		scan_fail(s, -ENOSPC);
	}
}

static void scan_model(struct scan *s, int root)
{
	int ret;

	ret = dtb_prop_string(s->dt, root, "model", &s->out->info.name);
	if (ret) {
		s->out->info.name = "unknown";
		if (ret != -ENOENT)
			scan_fail(s, ret);
	}
}

int dt_discover(const void *blob, size_t max_size, struct dtb_platform *out,
		const struct dt_discovery_hooks *hooks)
{
	struct scan s = { .out = out, .dt = &out->dt };
	int path[DTB_MAX_DEPTH];
	unsigned int i;
	int n, d = 0;
	int ret;

	*out = (struct dtb_platform){ 0 };
	for (i = 0; i < BOARD_MAX_VIRTIO_SLOTS; i++)
		out->virtio_node[i] = -1;
	ret = dtb_open(&out->dt, blob, max_size);
	if (ret)
		return ret;
	out->info.from_dtb = true;

	for (n = dtb_root(s.dt); n >= 0; n = dtb_next_node(s.dt, n, &d)) {
		if (d < 0 || d >= DTB_MAX_DEPTH) {
			/* dtb_check() rules this out: a blob changed under us */
			pr_err("dtb: node at 0x%x: bad nesting", (unsigned int)n);
			scan_fail(&s, -EINVAL);
			break;
		}
		path[d] = n;
		if (d == 0)
			scan_model(&s, n);
		scan_node(&s, path, d, hooks);
	}
	if (n < 0 && n != -ENOENT)
		scan_fail(&s, n);
	scan_report_full(&s);
	sort_virtio(out);
	if (hooks && hooks->done)
		scan_fail(&s, hooks->done(hooks->ctx, s.dt));
	return s.err;
}
