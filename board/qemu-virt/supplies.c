// SPDX-License-Identifier: MIT
/*
 * Names and constraints of the clocks and regulators on qemu-virt.
 *
 * QEMU's DTB has no child nodes under its virtio-mmio nodes, and QEMU has
 * no clock or regulator device at all: the EL2 monitor (tests/monitor)
 * hosts a virtio-clock in slot 0 and a virtio-regulator in slot 1 and
 * runs the device models of tests/sim/model_*.c there with the platform
 * tables clk_model_qemu_virt / reg_model_qemu_virt. The tables below
 * must name the same supplies (tests/host/test_clock.c and
 * test_regulator.c run against this very table and check that they do).
 *
 * TODO(dtb): a board whose DTB describes the supplies as child nodes of
 * the virtio-mmio node (regulator-name, regulator-min-microvolt, ...,
 * clock-output-names) should parse them here with dtb_first_child() /
 * dtb_prop_string() / dtb_prop_u32(). That needs the node of each slot,
 * which board.c keeps in a function-local struct dtb_platform: it has to
 * be exported first (e.g. const struct dtb_platform *virt_dtb(void)).
 */
#include <errno.h>
#include "board/board.h"
#include "vmio/compiler.h"
#include "platform.h"

static const struct board_supply_desc virt_clocks[] = {
	{ .name = "xo", .id = 0 },
	{ .name = "pll0", .id = 1 },
	{ .name = "uart_clk", .id = 2 },
	{ .name = "sdhc_clk", .id = 3 },
	{ .name = "usb_clk", .id = 4 },
	{ .name = "i2c_clk", .id = 5 },
	{ .name = "spi_clk", .id = 6 },
	{ .name = "gpu_clk", .id = 7 },
};

static const struct board_supply_desc virt_regulators[] = {
	{ .name = "vdd_core", .min_uV = 800000, .max_uV = 1050000, .always_on = true },
	{ .name = "vdd_io", .min_uV = 1800000, .max_uV = 3300000, .boot_on = true },
	{ .name = "vdd_sd", .min_uV = 1800000, .max_uV = 3300000,
	  .min_uA = 0, .max_uA = 800000 },
	{ .name = "vdd_usb", .min_uV = 3300000, .max_uV = 3300000 },
};

int board_virtio_supplies(const struct board_virtio_slot *slot,
			  struct board_supply_table *out)
{
	if (slot->base == VIRT_VIRTIO_BASE) {
		out->descs = virt_clocks;
		out->n = ARRAY_SIZE(virt_clocks);
	} else if (slot->base == VIRT_VIRTIO_BASE + VIRT_VIRTIO_STRIDE) {
		out->descs = virt_regulators;
		out->n = ARRAY_SIZE(virt_regulators);
	} else {
		return -ENOENT;
	}
	out->in_place = false;
	return 0;
}

bool board_virtio_clkreg_old_ids(void)
{
	return false;
}
