/* SPDX-License-Identifier: MIT */
#ifndef VMIO_CLKREG_UTIL_H
#define VMIO_CLKREG_UTIL_H

/*
 * A world for the clock and regulator host tests: a virtio-clock model
 * in slot 0 and a virtio-regulator model in slot 1 (where the EL2
 * monitor puts them on qemu-virt), optionally a blk device in slot 31,
 * named by the real qemu-virt board table (board/qemu-virt/supplies.c,
 * compiled in here under another name), drivers registered and probed.
 */
#include <stdbool.h>
#include <stdint.h>
#include "board/board.h"
#include "vmio/supplies.h"
#include "tests/sim/sim_clkreg.h"

struct clkreg_opts {
	uint32_t version;		/* transport version, 0: 2 */
	const struct sim_backend *clk_be;	/* NULL: sim_clock_backend */
	bool no_clk, no_reg;
	bool with_blk;
	bool clk_in_place, reg_in_place;	/* board table asks for the in-place form */
	bool no_probe;			/* stop before virtio_probe_all() */
	bool old_ids;			/* the board opts in to IDs 30/31 */
};

struct clkreg_world {
	struct sim_dev *clk, *reg, *blk;
	struct clk_model *cm;
	struct reg_model *rm;
	int probed;			/* virtio_probe_all() result */
};

extern struct clkreg_world cw;

/* Fresh world as described by o (NULL: defaults). */
void clkreg_setup(const struct clkreg_opts *o);

/* The qemu-virt board's own board_virtio_supplies(). */
int clkreg_qemu_virt_supplies(const struct board_virtio_slot *slot,
			      struct board_supply_table *out);

/* Slot record of the sim device d in the host board table. */
const struct board_virtio_slot *clkreg_slot(const struct sim_dev *d);

/*
 * The neighbours in the world still answer correctly: spi_clk set to and
 * read back at 12 MHz; vdd_sd set to and read back at 2.5 V; blk sector
 * written with pattern and read back. cmocka assertions.
 */
void clkreg_assert_clock_works(void);
void clkreg_assert_regulator_works(void);
void clkreg_assert_blk_works(uint8_t pattern, uint64_t sector);

/*
 * cmocka setup and teardown of the clock and regulator tests; teardown
 * checks the simulator saw no protocol violation and leaves nothing set
 * (sleep hook, PM tables, host board, supplies) for the next test.
 */
int clkreg_test_setup(void **state);
int clkreg_test_teardown(void **state);
#define CLKREG_TEST(f) cmocka_unit_test_setup_teardown(f, clkreg_test_setup, clkreg_test_teardown)

#endif
