// SPDX-License-Identifier: MIT
/* qemu-virt's own DTB nodes: console UART, GICv2 frames, generic timer. */
#include <errno.h>
#include "board/arm/arm.h"
#include "vmio/log.h"
#include "virt_dt.h"

static int scan_gic(struct virt_dt *v, const struct dtb *dt, int node, int parent)
{
	uint64_t size;
	int ret;

	ret = dtb_reg_in(dt, node, parent, 0, &v->gicd_base, &size);
	if (!ret)
		ret = dtb_reg_in(dt, node, parent, 1, &v->gicc_base, &size);
	if (ret == -ENOENT) {
		pr_err("dtb: %s: GIC needs distributor and CPU interface reg entries",
		       dtb_node_label(dt, node));
		ret = -EINVAL;
	}
	if (ret) {
		v->gicd_base = 0;
		v->gicc_base = 0;
		return ret;
	}
	v->has_gic = true;
	return 0;
}

static int scan_timer(struct virt_dt *v, const struct dtb *dt, const int *path, int d)
{
	unsigned int i, irq;
	int ret;

	v->timer_seen = true;
	for (i = 0;; i++) {	/* dtb_irq_at() says -ENOENT past the last one */
		ret = dtb_irq_at(dt, path, d, i, &irq);
		if (ret)
			return ret == -ENOENT ? 0 : ret;
		if (i == VIRT_MAX_TIMER_IRQS) {
			pr_err("dtb: %s: more than %d timer interrupts, extra ones dropped",
			       dtb_node_label(dt, path[d]), VIRT_MAX_TIMER_IRQS);
			return -ENOSPC;
		}
		v->timer_irqs[v->ntimer_irqs++] = irq;
	}
}

static int virt_node(void *ctx, const struct dtb *dt, const int *path, int d)
{
	struct virt_dt *v = ctx;
	int node = path[d], ret;

	if (dtb_node_is_compatible(dt, node, "arm,pl011") && v->uart_node < 0) {
		ret = dt_node_enabled(dt, node);
		if (ret > 0)
			v->uart_node = node;
		return ret < 0 ? ret : 0;
	}
	if (!v->has_gic && (dtb_node_is_compatible(dt, node, "arm,cortex-a15-gic") ||
			    dtb_node_is_compatible(dt, node, "arm,gic-400")))
		return scan_gic(v, dt, node, path[d - 1]);
	if (!v->timer_seen && dtb_node_is_compatible(dt, node, "arm,armv7-timer"))
		return scan_timer(v, dt, path, d);
	return 0;
}

/* The console the firmware was told to use wins over the first PL011. */
static int pick_uart(void *ctx, const struct dtb *dt)
{
	struct virt_dt *v = ctx;
	const char *path;
	uint64_t size;
	size_t len;
	int chosen, node, ret, err = 0;

	chosen = dtb_find_path(dt, "/chosen");
	ret = chosen < 0 ? chosen : dtb_prop_string(dt, chosen, "stdout-path", &path);
	if (ret == -EINVAL)
		err = ret;
	if (!ret) {
		for (len = 0; path[len] && path[len] != ':'; len++)
			;	/* ":115200n8" options are not part of the path */
		node = dtb_find_path_len(dt, path, len);
		if (node >= 0 && dtb_node_is_compatible(dt, node, "arm,pl011"))
			v->uart_node = node;
	}
	if (v->uart_node < 0)
		return err;
	ret = dtb_reg(dt, v->uart_node, 0, &v->uart_base, &size);
	if (ret == -ENOENT) {
		pr_err("dtb: %s: UART without reg", dtb_node_label(dt, v->uart_node));
		ret = -EINVAL;
	}
	if (ret) {
		v->uart_base = 0;
		v->uart_node = -1;
		return err ? err : ret;
	}
	v->has_uart = true;
	ret = dtb_irq(dt, v->uart_node, 0, &v->uart_irq);
	if (ret) {
		v->uart_irq = 0;	/* a polled console still works */
		if (ret != -ENOENT && !err)
			err = ret;
	}
	return err;
}

int virt_dt_scan(const void *blob, size_t max_size, struct dtb_platform *plat,
		 struct virt_dt *virt)
{
	const struct dt_discovery_hooks hooks = {
		.node = virt_node,
		.done = pick_uart,
		.ctx = virt,
	};
	int ret;

	*virt = (struct virt_dt){ .uart_node = -1 };
	ret = dt_irq_register(&gic_dt_irq_decoder);
	if (ret)
		return ret;
	return dt_discover(blob, max_size, plat, &hooks);
}
