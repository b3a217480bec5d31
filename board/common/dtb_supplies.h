/* SPDX-License-Identifier: MIT */
#ifndef VMIO_DTB_SUPPLIES_H
#define VMIO_DTB_SUPPLIES_H

#include "board/board.h"
#include "board/common/fdt.h"
#include "vmio/supplies.h"

/*
 * Describe the clocks or regulators behind the virtio-clock/-regulator
 * device at DTB node `node`, the way device trees name them:
 * - a clock provider lists its outputs in "clock-output-names"; the
 *   index in that list is the clock id on the wire;
 * - a regulator provider has one child node per regulator, named by
 *   "regulator-name", with the usual constraints
 *   (regulator-min/max-microvolt, -min/max-microamp, -always-on,
 *   -boot-on).
 * Names point into the blob, which must stay in place. Fills at most max
 * entries of descs and stores the count in *n. Context: thread, probe
 * time; no MMIO, never allocates. Returns 0; -ENOENT (not logged) when
 * the node describes no supplies; -EINVAL (logged) for a malformed
 * property; -ENOSPC (logged) when more than max are described (the
 * first max are kept).
 */
int dtb_virtio_supplies(const struct dtb *dt, int node, struct board_supply_desc *descs,
			unsigned int max, unsigned int *n);

#endif
