// SPDX-License-Identifier: MIT
/* The clock/regulator test world; see clkreg_util.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "tests/host/support/clkreg_util.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/host_supplies.h"
#include "tests/host/support/vt_util.h"
#include "virtio/virtio.h"
#include "virtio/pm.h"
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

void clkreg_assert_clock_works(void)
{
	struct clk *c = clk_get("spi_clk");
	int idx = clk_model_find(cw.cm, "spi_clk");
	uint32_t hz = 0;

	assert_non_null(c);
	assert_true(idx >= 0);
	assert_int_equal(clk_set_rate(c, 12000000), 0);
	assert_int_equal(clk_get_rate(c, &hz), 0);
	assert_int_equal(hz, 12000000);
	assert_int_equal(cw.cm->st[idx].rate, 12000000);
}

void clkreg_assert_regulator_works(void)
{
	struct regulator *r = regulator_get("vdd_sd");
	int idx = reg_model_find(cw.rm, "vdd_sd");

	assert_non_null(r);
	assert_true(idx >= 0);
	assert_int_equal(regulator_set_voltage(r, 2500000, 2500000), 0);
	assert_int_equal(regulator_get_voltage(r), 2500000);
	assert_int_equal(cw.rm->st[idx].mV, 2500);
}

void clkreg_assert_blk_works(uint8_t pattern, uint64_t sector)
{
	struct virtio_blk *b = virtio_blk_get(0);
	__aligned(BOARD_DMA_ALIGN) uint8_t w[512], r[512];

	assert_non_null(b);
	memset(w, pattern, sizeof(w));
	memset(r, 0, sizeof(r));
	assert_int_equal(virtio_blk_write(b, sector, w, sizeof(w)), 0);
	assert_int_equal(virtio_blk_read(b, sector, r, sizeof(r)), 0);
	assert_memory_equal(w, r, sizeof(w));
}

int clkreg_test_setup(void **state)
{
	(void)state;
	return 0;
}

int clkreg_test_teardown(void **state)
{
	(void)state;
	assert_int_equal(sim_violations(), 0);
	host_set_sleep_hook(NULL);
	pm_clear();
	vt_reset();
	host_supplies_reset();
	return 0;
}
