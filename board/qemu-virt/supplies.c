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
 * A DTB that does describe them (clock-output-names on a clock device,
 * regulator child nodes on a regulator device) wins over the table:
 * board/common/dtb_supplies.c reads it.
 */
#include <errno.h>
#include "board/board.h"
#include "board/common/dt_discovery.h"
#include "board/common/dtb_supplies.h"
#include "vmio/supplies.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "platform.h"

/* Clock/regulator devices whose supplies the DTB may describe. */
#define VIRT_DT_SUPPLY_DEVS 4

static struct board_supply_desc dt_descs[VIRT_DT_SUPPLY_DEVS][BOARD_MAX_SUPPLIES];
static uintptr_t dt_owner[VIRT_DT_SUPPLY_DEVS];

static int dt_supplies(const struct board_virtio_slot *slot, struct board_supply_table *out)
{
	const struct dtb_platform *p = virt_dtb_platform();
	unsigned int i, k, n;
	int err;

	if (!p)
		return -ENOENT;
	for (i = 0; i < p->info.nvirtio && p->info.virtio[i].base != slot->base; i++)
		;
	if (i == p->info.nvirtio)
		return -ENOENT;
	for (k = 0; k < VIRT_DT_SUPPLY_DEVS; k++)
		if (!dt_owner[k] || dt_owner[k] == slot->base)
			break;
	if (k == VIRT_DT_SUPPLY_DEVS) {
		pr_err("qemu-virt: more than %u supply devices in the DTB",
		       VIRT_DT_SUPPLY_DEVS);
		return -ENOSPC;
	}
	err = dtb_virtio_supplies(&p->dt, p->virtio_node[i], dt_descs[k],
				  BOARD_MAX_SUPPLIES, &n);
	if (err && err != -ENOSPC)	/* -ENOSPC: logged, the first ones kept */
		return err;
	dt_owner[k] = slot->base;
	out->descs = dt_descs[k];
	out->n = n;
	out->in_place = false;
	return 0;
}

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
	int err = dt_supplies(slot, out);

	if (err != -ENOENT)
		return err;
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
