/* SPDX-License-Identifier: MIT */
#ifndef VMIO_SUPPLIES_H
#define VMIO_SUPPLIES_H

/*
 * Clock and regulator supplies: how the clocks and regulators behind a
 * virtio-clock or virtio-regulator device are named and constrained. The
 * clock/regulator drivers (drivers/clock, drivers/regulator) consume these;
 * the board fills them through its one hook, board_virtio_supplies()
 * (board/board.h), from the DTB child nodes of the device's virtio-mmio
 * node or, when the DTB has none (QEMU's never does), from a board table.
 * The types live here, below both, so neither includes the other's header.
 */
#include <stdbool.h>
#include <stdint.h>

/* Build-time limit on the supplies one device may describe. */
#ifndef BOARD_MAX_SUPPLIES
#define BOARD_MAX_SUPPLIES 16
#endif

/*
 * One clock or one regulator. Constraint pairs with both values 0 mean
 * "unconstrained"; the regulator driver enforces the others locally and
 * never sends a request outside them.
 */
struct board_supply_desc {
	const char *name;	/* lookup and wire name: clock < 40, regulator < 20 bytes */
	uint32_t id;		/* clock index on the device; ignored for regulators */
	int32_t min_uV;		/* regulator-min-microvolt */
	int32_t max_uV;		/* regulator-max-microvolt */
	int32_t min_uA;		/* regulator-min-microamp (current limit) */
	int32_t max_uA;		/* regulator-max-microamp (current limit) */
	bool always_on;		/* regulator-always-on: enabled at probe, never off */
	bool boot_on;		/* regulator-boot-on: enabled at probe */
};

struct board_supply_table {
	const struct board_supply_desc *descs;
	unsigned int n;
	/* The device's backend wants the single-buffer in-place request form. */
	bool in_place;
};

#endif
