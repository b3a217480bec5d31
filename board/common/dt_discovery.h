/* SPDX-License-Identifier: MIT */
#ifndef VMIO_DT_DISCOVERY_H
#define VMIO_DT_DISCOVERY_H

/*
 * Device-tree discovery: turns the nodes of a checked blob
 * (board/common/fdt.h) into a board description (struct board_info):
 * memory regions, virtio,mmio windows with their interrupt and the
 * phandles they depend on. Interrupt specifiers are decoded by the
 * interrupt controller's own decode hook (struct dt_irq_decoder, e.g.
 * the GIC's three cells in board/arm/gic_dt.c), registered by the board;
 * nodes discovery does not know go to the board's node hook (the UART,
 * the interrupt controller and the timer of board/qemu-virt/virt_dt.c).
 *
 * Every function here may run with IRQs masked, never allocates and uses
 * bounded stack. Errors as in fdt.h: -EINVAL and -ENOSPC logged with one
 * line, -ENOENT an ordinary answer.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "board/board.h"
#include "board/common/fdt.h"

/* Interrupt controllers whose decode hook may be registered at once. */
#ifndef DT_MAX_IRQ_DECODERS
#define DT_MAX_IRQ_DECODERS 2
#endif

/*
 * How one kind of interrupt controller encodes an interrupt in a node's
 * "interrupts": the controller node's compatibles (NULL-terminated), the
 * accepted "#interrupt-cells" range, and decode(), which turns one
 * specifier (ncells big-endian cells at spec) into the number the
 * board's IRQ functions take. decode() returns 0 or -EINVAL after
 * logging (name the node with dtb_node_label(dt, node)).
 */
struct dt_irq_decoder {
	const char *name;			/* "GIC", for log lines */
	const char *const *compatible;
	uint32_t min_cells;
	uint32_t max_cells;
	int (*decode)(const struct dtb *dt, int node, const uint8_t *spec, uint32_t ncells,
		      unsigned int *irq);
};

/*
 * Make dtb_irq() understand controllers matching dec. Registering the
 * same decoder again does nothing. Context: thread, boot (before the
 * scan). Returns 0 or -ENOSPC (logged) when DT_MAX_IRQ_DECODERS are in use.
 */
int dt_irq_register(const struct dt_irq_decoder *dec);

/*
 * Interrupt index of node, decoded by the registered decoder of its
 * interrupt parent (from "interrupt-parent" on node or its nearest
 * ancestor). Returns 0, -ENOENT when node has no such interrupt, or
 * -EINVAL (logged) otherwise, a parent no decoder knows included.
 */
int dtb_irq(const struct dtb *dt, int node, unsigned int index, unsigned int *irq);

/*
 * dtb_irq() for path[d] when the caller already holds its ancestors
 * path[0..d] (as a tree walk does): no walk from the root.
 */
int dtb_irq_at(const struct dtb *dt, const int *path, int d, unsigned int index,
	       unsigned int *irq);

/*
 * As in Linux: no "status", "okay" or "ok" is enabled; anything else is
 * not. Returns 1, 0, or -EINVAL (logged) for a malformed status.
 */
int dt_node_enabled(const struct dtb *dt, int node);

/*
 * Collect the phandles node depends on: the provider of each "clocks"
 * entry (a phandle then the provider's "#clock-cells" cells, 1 when
 * absent; a 0 phandle is an empty entry), then every "*-supply" property
 * (one phandle each), in blob order, each phandle once, into deps[0..max).
 * *ndeps gets the count stored. Returns 0; -ENOSPC (logged) when more
 * than max were found, the first max kept; -EINVAL (logged once per bad
 * entry) when a phandle is dangling or a value malformed, the good
 * entries kept. When both happen the first error is returned.
 */
int dtb_node_deps(const struct dtb *dt, int node, uint32_t *deps,
		  unsigned int max, unsigned int *ndeps);

/* What dt_discover() found. */
struct dtb_platform {
	struct dtb dt;
	struct board_info info;
	/* node of info.virtio[i], for drivers reading its child nodes */
	int virtio_node[BOARD_MAX_VIRTIO_SLOTS];
};

/*
 * The board's part of the scan. node() sees every node below the root
 * that is not a virtio,mmio one (path[0..d] its ancestors, d >= 1), in
 * blob order; done() runs after the walk with the virtio windows sorted.
 * Each returns 0 or the first error it logged; the scan goes on either way.
 */
struct dt_discovery_hooks {
	int (*node)(void *ctx, const struct dtb *dt, const int *path, int d);
	int (*done)(void *ctx, const struct dtb *dt);
	void *ctx;
};

/*
 * Check the blob and describe the board in *out: memory regions from the
 * "reg" of device_type = "memory" nodes; every enabled "virtio,mmio" node
 * (reg entry 0, interrupt 0 through dtb_irq(), phandle, dtb_node_deps())
 * sorted by ascending base; info.name is the root "model" (a pointer into
 * the blob) or a static string; hooks (may be NULL) see the rest. out->dt
 * stays valid for further queries as long as the blob does.
 *
 * Returns 0 when everything was recorded. When dtb_check() fails it
 * returns -EINVAL with info.from_dtb false and nothing recorded.
 * Otherwise info.from_dtb is true and a node that cannot be used is
 * skipped with one logged line (-EINVAL), a full table keeps what fit
 * (-ENOSPC, one line per table), the rest of the scan goes on, and the
 * first such error (the hooks' included) is returned.
 */
int dt_discover(const void *blob, size_t max_size, struct dtb_platform *out,
		const struct dt_discovery_hooks *hooks);

#endif
