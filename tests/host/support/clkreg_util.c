// SPDX-License-Identifier: MIT
/* The clock/regulator test world; see clkreg_util.h. */
#include <string.h>
#include "tests/host/support/clkreg_util.h"
#include "tests/host/support/host_supplies.h"
#include "tests/host/support/vt_util.h"
#include "virtio/virtio.h"
#include "drivers/clock/virtio_clock.h"
#include "drivers/regulator/virtio_regulator.h"
#include "drivers/blk/virtio_blk.h"

/* The real qemu-virt table, so that the tests prove it matches the models. */
#define board_virtio_supplies clkreg_qemu_virt_supplies
#define board_virtio_clkreg_old_ids clkreg_qemu_virt_old_ids
bool clkreg_qemu_virt_old_ids(void);
#define virt_dtb_platform clkreg_no_dtb_platform
#include "board/qemu-virt/supplies.c"

/* The host has no DTB of its own: the qemu-virt table path is tested. */
const struct dtb_platform *clkreg_no_dtb_platform(void)
{
	return NULL;
}
#undef board_virtio_supplies
#undef board_virtio_clkreg_old_ids

struct clkreg_world cw;

const struct board_virtio_slot *clkreg_slot(const struct sim_dev *d)
{
	const struct board_info *bi = board_get_info();
	unsigned int i;

	for (i = 0; i < bi->nvirtio; i++)
		if (bi->virtio[i].base == d->base)
			return &bi->virtio[i];
	return NULL;
}

static void clkreg_table(const struct sim_dev *d, bool in_place)
{
	struct board_supply_table t;

	if (clkreg_qemu_virt_supplies(clkreg_slot(d), &t))
		return;
	t.in_place = in_place;
	host_supplies_set(d->base, &t);
}

void clkreg_setup(const struct clkreg_opts *o)
{
	static const struct clkreg_opts none;
	uint32_t v;

	if (!o)
		o = &none;
	v = o->version ? o->version : 2;
	vt_reset();
	host_supplies_reset();
	memset(&cw, 0, sizeof(cw));
	host_supplies_old_ids(o->old_ids);
	virtio_clock_register();
	virtio_regulator_register();
	virtio_blk_register();
	if (!o->no_clk) {
		cw.clk = sim_add(0, v, o->clk_be ? o->clk_be : &sim_clock_backend);
		cw.cm = sim_clock_model(cw.clk);
		clkreg_table(cw.clk, o->clk_in_place);
	}
	if (!o->no_reg) {
		cw.reg = sim_add(1, v, &sim_regulator_backend);
		cw.rm = sim_regulator_model(cw.reg);
		clkreg_table(cw.reg, o->reg_in_place);
	}
	if (o->with_blk)
		cw.blk = sim_add(31, v, &sim_blk_backend);
	if (!o->no_probe)
		cw.probed = virtio_probe_all();
}
