// SPDX-License-Identifier: MIT
/*
 * virtio-regulator driver and its device model: probe-time enables of
 * always-on and boot-on regulators, every request type in both request
 * forms, reference counts, constraints refused before anything is sent,
 * every fault knob with its errno and log line while the clock and a blk
 * device carry on, polled completion with IRQs masked, the replay after
 * a power cut, and a whole pm_suspend() cycle: both supplier devices are
 * back, with their state, before any register of the blk device is
 * touched, and their restore ran IRQs-masked and polled.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "board/board.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/pm.h"
#include "virtio/virtqueue.h"
#include "drivers/clock/virtio_clock.h"
#include "drivers/reqchan/reqchan.h"
#include "drivers/regulator/virtio_regulator.h"
#include "drivers/blk/virtio_blk.h"
#include "tests/sim/sim.h"
#include "tests/sim/sim_clkreg.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/host_supplies.h"
#include "tests/host/support/clkreg_util.h"
#include "tests/host/support/vt_util.h"

/* Model indices of the qemu-virt regulators. */
enum { CORE, IO, SD, USB, NREG };

static const char *const names[NREG] = { "vdd_core", "vdd_io", "vdd_sd", "vdd_usb" };

static struct regulator *get(unsigned int i)
{
	struct regulator *r = regulator_get(names[i]);

	assert_non_null(r);
	return r;
}

/* Device index of the regulator: the clock (slot 0) is discovered first. */
static struct virtio_device *reg_dev(void)
{
	struct virtio_device *d = virtio_get_device(cw.clk ? 1 : 0);

	assert_non_null(d);
	assert_int_equal(d->id, 0xC001);
	return d;
}

static struct virtio_regulator *vr0(void)
{
	struct virtio_regulator *vr = virtio_regulator_get(0);

	assert_non_null(vr);
	return vr;
}

static struct reqchan_info info(void)
{
	struct reqchan_info i;

	reqchan_get_info(virtio_regulator_chan(vr0()), &i);
	return i;
}

static struct reg_model_state *st(unsigned int i)
{
	return &cw.rm->st[i];
}

static void test_probe_boot_enables(void **state)
{
	unsigned int i, errs;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(cw.probed, 2);
	assert_int_equal(reqchan_count(&virtio_regulator_driver), 1);
	assert_ptr_equal(reqchan_of(&virtio_regulator_driver, reg_dev()),
			 virtio_regulator_chan(vr0()));
	assert_int_equal(reg_dev()->status & 0xf, 0xf);
	assert_int_equal(info().n, NREG);
	assert_false(info().in_place);
	for (i = 0; i < NREG; i++) {
		assert_string_equal(regulator_name(get(i)), names[i]);
		assert_int_equal(reg_model_find(cw.rm, names[i]), (int)i);
	}
	assert_int_equal(cw.rm->cfg->nregs, NREG);
	/* Always-on and boot-on came up, nothing else was sent. */
	assert_true(st(CORE)->enabled);
	assert_true(st(IO)->enabled);
	assert_false(st(SD)->enabled);
	assert_false(st(USB)->enabled);
	assert_int_equal(cw.rm->stats.requests, 2);
	assert_int_equal(cw.rm->stats.by_type[0], 2);
	assert_int_equal(info().requests, 2);
	assert_int_equal(regulator_use_count(get(CORE)), 1);
	assert_int_equal(regulator_use_count(get(IO)), 0);
	assert_int_equal(regulator_is_enabled(get(IO)), 1);
	assert_int_equal(regulator_is_enabled(get(SD)), 0);
	errs = vmio_log_errors();
	assert_null(regulator_get("vdd_nope"));
	assert_null(regulator_get("uart_clk"));
	assert_null(regulator_get(NULL));
	assert_int_equal(vmio_log_errors(), errs + 3);
	assert_int_equal(regulator_is_enabled(NULL), -EINVAL);
	assert_int_equal(reg_dev()->driver->pm_class, VIRTIO_PM_REGULATOR);
}

static void roundtrip(bool in_place)
{
	struct clkreg_opts o = { .reg_in_place = in_place };
	struct regulator *sd;
	uint32_t r0, irqs;
	unsigned int t;

	clkreg_setup(&o);
	assert_int_equal(info().in_place, in_place);
	sd = get(SD);
	r0 = cw.rm->stats.requests;
	memset(cw.rm->stats.by_type, 0, sizeof(cw.rm->stats.by_type));
	irqs = board_irq_count();

	assert_int_equal(regulator_enable(sd), 0);
	assert_true(st(SD)->enabled);
	assert_int_equal(regulator_set_voltage(sd, 2500000, 2600000), 0);
	assert_int_equal(st(SD)->mV, 2500);
	assert_int_equal(regulator_get_voltage(sd), 2500000);
	assert_int_equal(regulator_set_mode(sd, REGULATOR_MODE_IDLE), 0);
	assert_int_equal(st(SD)->mode, REGULATOR_MODE_IDLE);
	assert_int_equal(regulator_get_mode(sd), (int)REGULATOR_MODE_IDLE);
	assert_int_equal(regulator_set_current_limit(sd, 100000, 300000), 0);
	assert_int_equal(st(SD)->limit_uA, 300000);
	assert_int_equal(regulator_get_current_limit(sd), 300000);
	assert_int_equal(regulator_set_load(sd, 120000), 0);
	assert_int_equal(st(SD)->load_uA, 120000);
	assert_int_equal(regulator_disable(sd), 0);
	assert_false(st(SD)->enabled);

	for (t = 0; t <= 8; t++)
		assert_int_equal(cw.rm->stats.by_type[t], 1);
	assert_int_equal(cw.rm->stats.requests - r0, 9);
	assert_int_equal(cw.rm->stats.in_place, in_place ? 11 : 0);
	assert_int_equal(cw.rm->stats.errors, 0);
	assert_int_equal(board_irq_count() - irqs, 9);
}

static void test_roundtrip_split(void **state)
{
	(void)state;
	roundtrip(false);
}

static void test_roundtrip_in_place(void **state)
{
	(void)state;
	roundtrip(true);
}

static void test_refcount(void **state)
{
	struct regulator *a, *b;
	unsigned int r0, n0, errs;

	(void)state;
	clkreg_setup(NULL);
	a = get(SD);
	b = regulator_get("vdd_sd");
	assert_ptr_equal(a, b);
	r0 = cw.rm->stats.requests;
	assert_int_equal(regulator_enable(a), 0);
	assert_int_equal(regulator_enable(b), 0);
	assert_int_equal(cw.rm->stats.requests, r0 + 1);
	assert_int_equal(regulator_disable(a), 0);
	assert_true(st(SD)->enabled);
	assert_int_equal(regulator_use_count(a), 1);
	assert_int_equal(cw.rm->stats.requests, r0 + 1);
	assert_int_equal(regulator_disable(b), 0);
	assert_false(st(SD)->enabled);
	assert_int_equal(cw.rm->stats.requests, r0 + 2);
	errs = vmio_log_errors();
	n0 = cw.reg->notifies;
	assert_int_equal(regulator_disable(a), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(cw.reg->notifies, n0);
}

static void test_always_on(void **state)
{
	struct regulator *core;
	unsigned int r0, errs;

	(void)state;
	clkreg_setup(NULL);
	core = get(CORE);
	r0 = cw.rm->stats.requests;
	errs = vmio_log_errors();
	/* The board's reference cannot be dropped by a consumer. */
	assert_int_equal(regulator_disable(core), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(regulator_enable(core), 0);	/* already on: nothing sent */
	assert_int_equal(regulator_use_count(core), 2);
	assert_int_equal(regulator_disable(core), 0);
	assert_int_equal(regulator_disable(core), -EINVAL);
	assert_true(st(CORE)->enabled);
	assert_int_equal(regulator_is_enabled(core), 1);
	assert_int_equal(cw.rm->stats.requests, r0);
}

static void test_boot_on(void **state)
{
	struct regulator *io;
	unsigned int r0;

	(void)state;
	clkreg_setup(NULL);
	io = get(IO);
	r0 = cw.rm->stats.requests;
	assert_int_equal(regulator_enable(io), 0);	/* on since probe */
	assert_int_equal(cw.rm->stats.requests, r0);
	assert_int_equal(regulator_disable(io), 0);	/* the last user lets it go */
	assert_false(st(IO)->enabled);
	assert_int_equal(regulator_is_enabled(io), 0);
	assert_int_equal(regulator_enable(io), 0);
	assert_true(st(IO)->enabled);
	assert_int_equal(cw.rm->stats.requests, r0 + 2);
}

static void test_constraints_local(void **state)
{
	struct regulator *core, *sd;
	unsigned int n0, errs;

	(void)state;
	clkreg_setup(NULL);
	core = get(CORE);
	sd = get(SD);
	n0 = cw.reg->notifies;
	errs = vmio_log_errors();
	assert_int_equal(regulator_set_voltage(core, 1100000, 1200000), -EINVAL);
	assert_int_equal(regulator_set_voltage(core, 500000, 700000), -EINVAL);
	assert_int_equal(regulator_set_voltage(core, -1, 900000), -EINVAL);
	assert_int_equal(regulator_set_voltage(core, 1000000, 900000), -EINVAL);
	/* Inside the constraint, but no whole millivolt in it. */
	assert_int_equal(regulator_set_voltage(sd, 1850001, 1850999), -EINVAL);
	assert_int_equal(regulator_set_current_limit(sd, 900000, 1000000), -EINVAL);
	assert_int_equal(regulator_set_current_limit(sd, 300000, 200000), -EINVAL);
	assert_int_equal(regulator_set_mode(sd, 0), -EINVAL);
	assert_int_equal(regulator_set_mode(sd, 0x3), -EINVAL);
	assert_int_equal(regulator_set_mode(sd, 0x10), -EINVAL);
	assert_int_equal(regulator_set_load(sd, -1), -EINVAL);
	assert_int_equal(regulator_enable(NULL), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 12);
	assert_non_null(strstr(host_log_last(), "NULL"));
	/* Nothing reached the device. */
	assert_int_equal(cw.reg->notifies, n0);
	assert_int_equal(cw.rm->stats.requests, 2);
	assert_int_equal(st(CORE)->mV, 900);
}

static void test_constraints_clip_and_round(void **state)
{
	struct regulator *sd;

	(void)state;
	clkreg_setup(NULL);
	sd = get(SD);
	/* Overlapping the constraint [1.8 V, 3.3 V]: clipped to it. */
	assert_int_equal(regulator_set_voltage(sd, 1000000, 1900000), 0);
	assert_int_equal(st(SD)->mV, 1800);
	/* The minimum is rounded up to the next mV: 1851 mV, model step 100 mV. */
	assert_int_equal(regulator_set_voltage(sd, 1850500, 2000999), 0);
	assert_int_equal(cw.rm->stats.last_type, 2);
	assert_int_equal(cw.rm->stats.last_data[0], 1851);
	assert_int_equal(cw.rm->stats.last_data[1], 2000);	/* max rounded down */
	assert_int_equal(st(SD)->mV, 1900);
	assert_int_equal(regulator_get_voltage(sd), 1900000);
	assert_int_equal(regulator_set_voltage(sd, 2999999, 3400000), 0);
	assert_int_equal(cw.rm->stats.last_data[0], 3000);
	assert_int_equal(cw.rm->stats.last_data[1], 3300);	/* clipped */
	assert_int_equal(st(SD)->mV, 3000);
	assert_int_equal(regulator_set_current_limit(sd, 0, 5000000), 0);
	assert_int_equal(cw.rm->stats.last_type, 4);
	assert_int_equal(cw.rm->stats.last_data[0], 0);
	assert_int_equal(cw.rm->stats.last_data[1], 800000);	/* clipped to the constraint */
	assert_int_equal(st(SD)->limit_uA, 800000);
	assert_int_equal(regulator_set_load(sd, 4321), 0);
	assert_int_equal(cw.rm->stats.last_type, 8);
	assert_int_equal(cw.rm->stats.last_data[0], 4321);
	/* A fixed regulator accepts exactly its voltage. */
	assert_int_equal(regulator_set_voltage(get(USB), 3300000, 3300000), 0);
	assert_int_equal(regulator_set_voltage(get(USB), 3200000, 3250000), -EINVAL);
}

static void test_device_results(void **state)
{
	unsigned int errs;

	(void)state;
	clkreg_setup(NULL);
	errs = vmio_log_errors();
	/* Allowed by the constraint, not by the device's 5 mV steps. */
	assert_int_equal(regulator_set_voltage(get(CORE), 801000, 803000), -EINVAL);
	assert_int_equal(st(CORE)->mV, 900);
	assert_int_equal(regulator_set_mode(get(USB), REGULATOR_MODE_FAST), -EINVAL);
	cw.rm->f.error_next = 1;
	cw.rm->f.error_code = -1;
	assert_int_equal(regulator_enable(get(SD)), -EPERM);
	assert_int_equal(regulator_use_count(get(SD)), 0);
	assert_false(st(SD)->enabled);
	cw.rm->f.error_next = 1;
	cw.rm->f.error_code = 0;	/* the model's default: -5, not in the table: -EIO */
	assert_int_equal(regulator_get_voltage(get(SD)), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 4);
	assert_int_equal(regulator_enable(get(SD)), 0);
	assert_true(st(SD)->enabled);
}

static void test_fault_short_and_malformed(void **state)
{
	struct clkreg_opts o = { .with_blk = true, .reg_in_place = true };
	unsigned int errs;

	(void)state;
	clkreg_setup(&o);
	errs = vmio_log_errors();
	cw.rm->f.short_next = 1;
	assert_int_equal(regulator_get_voltage(get(IO)), -EIO);
	assert_non_null(strstr(host_log_last(), "short reply"));
	cw.rm->f.garble_next = 1;
	assert_int_equal(regulator_set_mode(get(IO), REGULATOR_MODE_FAST), -EIO);
	assert_non_null(strstr(host_log_last(), "malformed"));
	assert_int_equal(vmio_log_errors(), errs + 2);
	clkreg_assert_clock_works();
	clkreg_assert_blk_works(0xa5, 5);
	assert_int_equal(regulator_get_voltage(get(IO)), 1800000);
}


/*
 * The least the protocol allows for a replay: one request per state item
 * that differs from what the device holds after a power cut (a fresh
 * model of the same tables is that state); it has no batch request and
 * no cheaper way to set an item.
 */
static unsigned int restore_min(const struct reg_model_state *r,
				const struct clk_model_state *c)
{
	static struct reg_model rfresh;
	static struct clk_model cfresh;
	unsigned int i, n = 0;

	reg_model_init(&rfresh, cw.rm->cfg);
	clk_model_init(&cfresh, cw.cm->cfg);
	for (i = 0; i < REG_MODEL_MAX_REGS; i++) {
		const struct reg_model_state *f = &rfresh.st[i];

		n += (r[i].mV != f->mV) + (r[i].mode != f->mode) +
		     (r[i].load_uA != f->load_uA) + (r[i].limit_uA != f->limit_uA) +
		     (r[i].enabled != f->enabled);
	}
	for (i = 0; i < CLK_MODEL_MAX_CLKS; i++) {
		const struct clk_model_state *f = &cfresh.st[i];

		n += (c[i].rate != f->rate) + (c[i].parent != f->parent) +
		     (c[i].flags != f->flags) + (c[i].enabled != f->enabled) +
		     (c[i].reset_asserted != f->reset_asserted);
	}
	return n;
}

static void test_fault_drop(void **state)
{
	struct clkreg_opts o = { .with_blk = true };
	unsigned int errs;

	(void)state;
	clkreg_setup(&o);
	assert_int_equal(regulator_set_voltage(get(SD), 2800000, 2800000), 0);
	assert_int_equal(regulator_enable(get(SD)), 0);
	errs = vmio_log_errors();
	cw.rm->f.drop_next = 1;
	assert_int_equal(regulator_set_load(get(SD), 5000), -ETIMEDOUT);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(info().timeouts, 1);
	assert_false(st(SD)->enabled);	/* the reset cut it */
	clkreg_assert_clock_works();
	clkreg_assert_blk_works(0xa5, 5);
	assert_int_equal(regulator_set_load(get(SD), 5000), 0);
	assert_int_equal(info().recoveries, 1);
	/* Back as the consumers left it, always-on and boot-on included. */
	assert_true(st(SD)->enabled);
	assert_int_equal(st(SD)->mV, 2800);
	assert_int_equal(st(SD)->load_uA, 5000);
	assert_true(st(CORE)->enabled);
	assert_true(st(IO)->enabled);
}

static void test_fault_used_bad_id(void **state)
{
	struct clkreg_opts o = { .with_blk = true };
	unsigned int errs;

	(void)state;
	clkreg_setup(&o);
	errs = vmio_log_errors();
	cw.reg->f.used_bad_id = true;
	assert_int_equal(regulator_enable(get(USB)), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_true(reg_dev()->failed);
	assert_int_equal(regulator_enable(get(USB)), -EIO);
	clkreg_assert_clock_works();
	clkreg_assert_blk_works(0xa5, 5);
	assert_int_equal(reqchan_recover(virtio_regulator_chan(vr0())), 0);
	assert_true(st(CORE)->enabled);
	assert_int_equal(regulator_enable(get(USB)), 0);
	assert_true(st(USB)->enabled);
}

static void test_fault_needs_reset(void **state)
{
	unsigned int errs;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(regulator_set_mode(get(IO), REGULATOR_MODE_STANDBY), 0);
	errs = vmio_log_errors();
	sim_set_needs_reset(cw.reg);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(regulator_get_mode(get(IO)), (int)REGULATOR_MODE_STANDBY);
	assert_int_equal(info().recoveries, 1);
	assert_true(st(CORE)->enabled);
	assert_true(st(IO)->enabled);
	assert_false(reg_dev()->needs_reset);
	clkreg_assert_clock_works();
}

static void test_fault_bringup(void **state)
{
	struct clkreg_opts o = { .no_probe = true, .with_blk = true };
	int knob;

	(void)state;
	/* refuse FEATURES_OK, a reset that never ends, an error on the probe-time ENABLE */
	for (knob = 0; knob < 3; knob++) {
		unsigned int errs;

		clkreg_setup(&o);
		if (knob == 0)
			cw.reg->f.refuse_features_ok = true;
		else if (knob == 1)
			cw.reg->f.reset_stuck = true;
		else
			cw.rm->f.error_next = 1;
		errs = vmio_log_errors();
		assert_int_equal(virtio_probe_all(), 3);
		assert_true(vmio_log_errors() > errs);
		assert_true(reg_dev()->failed);
		assert_int_equal(reqchan_count(&virtio_regulator_driver), 0);
		assert_null(regulator_get("vdd_core"));
		clkreg_assert_clock_works();
		clkreg_assert_blk_works(0xa5, 5);
		assert_int_equal(sim_violations(), 0);
	}
}

static void test_polled_with_irqs_masked(void **state)
{
	unsigned long flags;
	uint32_t irqs;

	(void)state;
	clkreg_setup(NULL);
	flags = board_irq_save();
	irqs = board_irq_count();
	assert_int_equal(regulator_set_voltage(get(SD), 3300000, 3300000), 0);
	assert_int_equal(regulator_enable(get(SD)), 0);
	assert_int_equal(regulator_get_voltage(get(SD)), 3300000);
	assert_int_equal(regulator_get_current_limit(get(SD)), 400000);
	assert_true(st(SD)->enabled);
	assert_int_equal(board_irq_count(), irqs);
	board_irq_restore(flags);
}

static void test_bad_tables(void **state)
{
	static const struct board_supply_desc long_name[] = { { .name = "vdd_twenty_chars_xxx" } };
	static const struct board_supply_desc bad_uV[] = {
		{ .name = "a", .min_uV = 2000000, .max_uV = 1000000 },
	};
	static const struct board_supply_desc dup[] = { { .name = "a" }, { .name = "a" } };
	const struct board_supply_desc *tabs[] = { long_name, bad_uV, dup };
	const unsigned int n[] = { 1, 1, 2 };
	struct clkreg_opts o = { .no_probe = true, .no_clk = true };
	unsigned int i, errs;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(tabs); i++) {
		struct board_supply_table t = { tabs[i], n[i], false };

		clkreg_setup(&o);
		host_supplies_set(cw.reg->base, &t);
		errs = vmio_log_errors();
		virtio_probe_all();
		assert_int_equal(vmio_log_errors(), errs + 2);
		assert_true(virtio_get_device(0)->failed);
		assert_int_equal(cw.rm->stats.requests, 0);
	}
}

static void test_old_id(void **state)
{
	static struct sim_backend be;
	struct clkreg_opts o = { .no_reg = true, .no_clk = true, .no_probe = true };
	unsigned int opt;

	(void)state;
	be = sim_regulator_backend;
	be.device_id = 31;
	for (opt = 0; opt < 2; opt++) {
		struct board_supply_table t;
		struct sim_dev *d;

		o.old_ids = opt;
		clkreg_setup(&o);
		d = sim_add(1, 2, &be);
		assert_int_equal(clkreg_qemu_virt_supplies(clkreg_slot(d), &t), 0);
		host_supplies_set(d->base, &t);
		assert_int_equal(virtio_probe_all(), 1);
		assert_int_equal(reqchan_count(&virtio_regulator_driver), opt);
		/* Bound, the probe enabled the boot regulators; unbound, nothing was sent. */
		assert_int_equal(sim_regulator_model(d)->stats.requests, opt ? 2 : 0);
	}
}

/* Regulators: voltages everywhere, a mode, a limit, a load, three on. */
static void test_replay_after_power_cut(void **state)
{
	struct reg_model_state before[REG_MODEL_MAX_REGS];
	unsigned long flags;
	uint32_t r0;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(regulator_set_voltage(get(CORE), 950000, 1000000), 0);
	assert_int_equal(regulator_set_voltage(get(IO), 3300000, 3300000), 0);
	assert_int_equal(regulator_set_voltage(get(SD), 2900000, 3000000), 0);
	assert_int_equal(regulator_set_voltage(get(USB), 3300000, 3300000), 0);
	assert_int_equal(regulator_set_mode(get(IO), REGULATOR_MODE_FAST), 0);
	assert_int_equal(regulator_set_current_limit(get(SD), 0, 600000), 0);
	assert_int_equal(regulator_set_load(get(SD), 250000), 0);
	assert_int_equal(regulator_enable(get(SD)), 0);
	memcpy(before, cw.rm->st, sizeof(before));
	sim_power_cut(cw.reg);
	assert_false(st(CORE)->enabled);
	assert_int_equal(st(SD)->mV, 3300);
	r0 = info().requests;
	flags = board_irq_save();
	assert_int_equal(virtio_device_reinit(reg_dev()), 0);
	assert_int_equal(reqchan_replay(virtio_regulator_chan(vr0())), 0);
	board_irq_restore(flags);
	assert_memory_equal(before, cw.rm->st, sizeof(before));
	/* 4 voltages, 1 mode, 1 limit, 1 load, 3 enables. */
	assert_int_equal(info().requests - r0, 10);
}

/* --- a whole system sleep cycle through the PM core --- */

static unsigned int sleep_log_mark;

static void power_cut_all(void)
{
	sim_power_cut(cw.clk);
	sim_power_cut(cw.reg);
	sim_power_cut(cw.blk);
	sleep_log_mark = sim_log_len();
}

/* Sequence number of the first access to sim device dev from log index from, matching. */
static uint32_t first_seq(unsigned int dev, unsigned int from, bool driver_ok)
{
	unsigned int i;

	for (i = from; i < sim_log_len(); i++) {
		const struct sim_access *a = sim_log_get(i);

		if (a->dev != dev)
			continue;
		if (!driver_ok || (a->write && a->off == 0x070 && (a->val & 0x4)))
			return a->seq;
	}
	return UINT32_MAX;
}

/*
 * The bench scenario of issue 6: a regulator device with 4 regulators
 * (2 enabled, voltages set) and a clock device with 8 clocks (3 enabled,
 * rates set), power cut, restored by the PM core's noirq phase.
 */
static void test_pm_suspend_restores_suppliers_first(void **state)
{
	static const uint32_t rates[8] = {
		19200000, 800000000, 48000000, 50000000, 120000000, 400000, 25000000,
		500000000,
	};
	struct clkreg_opts o = { .with_blk = true };
	struct reg_model_state rbefore[REG_MODEL_MAX_REGS];
	struct clk_model_state cbefore[CLK_MODEL_MAX_CLKS];
	struct virtio_clock_info ci0, ci1;
	uint32_t rq0, reqs, mmio = 0, blk_first;
	unsigned int cn0, rn0, rp0;
	const struct pm_stats *ps;
	unsigned int i, rows = 0;
	static const char *const cn[8] = {
		"xo", "pll0", "uart_clk", "sdhc_clk", "usb_clk", "i2c_clk", "spi_clk", "gpu_clk",
	};

	(void)state;
	clkreg_setup(&o);
	/* Regulators: voltages on all 4; vdd_core (always-on) and vdd_io (boot-on) on. */
	assert_int_equal(regulator_set_voltage(get(CORE), 950000, 950000), 0);
	assert_int_equal(regulator_set_voltage(get(IO), 3300000, 3300000), 0);
	assert_int_equal(regulator_set_voltage(get(SD), 3000000, 3000000), 0);
	assert_int_equal(regulator_set_voltage(get(USB), 3300000, 3300000), 0);
	/* Clocks: rates on all 8, 3 on. */
	for (i = 0; i < 8; i++)
		assert_int_equal(clk_set_rate(clk_get(cn[i]), rates[i]), 0);
	assert_int_equal(clk_enable(clk_get("uart_clk")), 0);
	assert_int_equal(clk_enable(clk_get("sdhc_clk")), 0);
	assert_int_equal(clk_enable(clk_get("gpu_clk")), 0);
	clkreg_assert_blk_works(0xa5, 5);
	memcpy(rbefore, cw.rm->st, sizeof(rbefore));
	memcpy(cbefore, cw.cm->st, sizeof(cbefore));
	rq0 = info().requests;
	virtio_clock_get_info(virtio_clock_get(0), &ci0);
	cn0 = cw.clk->notifies;
	rn0 = cw.reg->notifies;
	rp0 = info().posts;

	host_set_sleep_hook(power_cut_all);
	assert_int_equal(pm_suspend(1000), 0);
	assert_false(board_irqs_masked());

	assert_memory_equal(rbefore, cw.rm->st, sizeof(rbefore));
	assert_memory_equal(cbefore, cw.cm->st, sizeof(cbefore));
	virtio_clock_get_info(virtio_clock_get(0), &ci1);
	reqs = (info().requests - rq0) + (ci1.chan.requests - ci0.chan.requests);
	/* 4 SET_VOLTAGE + 2 ENABLE, 8 SET_RATE + 3 ENABLE: one per recorded item. */
	assert_int_equal(reqs, 17);
	assert_int_equal(ci1.chan.timeouts, 0);

	/* Both suppliers were at DRIVER_OK before the blk device was touched. */
	blk_first = first_seq(cw.blk->index, sleep_log_mark, false);
	assert_true(blk_first != UINT32_MAX);
	assert_true(first_seq(cw.reg->index, sleep_log_mark, true) < blk_first);
	assert_true(first_seq(cw.clk->index, sleep_log_mark, true) < blk_first);
	/* Regulator first, by class. */
	assert_true(first_seq(cw.reg->index, sleep_log_mark, false) <
		    first_seq(cw.clk->index, sleep_log_mark, false));

	/* Their restore ran with IRQs masked and took no interrupt (polled). */
	for (i = 0; i < pm_trace_count(); i++) {
		const struct pm_trace_entry *e = pm_trace_get(i);

		if (e->step != PM_STEP_RESTORE_NOIRQ)
			continue;
		assert_true(e->dev == reg_dev()->index || e->dev == virtio_get_device(0)->index);
		assert_int_equal(e->result, 0);
		assert_int_equal(e->masked, 1);
		assert_int_equal(e->irqs, 0);
		mmio += e->mmio;
		rows++;
	}
	assert_int_equal(rows, 2);
	ps = pm_get_stats();
	assert_int_equal(ps->noirq_irqs, 0);
	/*
	 * Per device: 29 accesses to re-init to DRIVER_OK (20, plus 9 to
	 * check identity, features and the queue), then one notify
	 * per post. The models offer QueueNumMax 16, so a post holds 8
	 * split-form requests (2 descriptors each). Regulator: 4
	 * SET_VOLTAGE in one post, then 2 ENABLE in one: 2 notifies. Clock:
	 * 8 SET_RATE (no parent known, all independent) in one post, then 3
	 * ENABLE in one: 2 notifies. 58 + 2 + 2 = 62 (75 with one request
	 * per notify).
	 */
	assert_int_equal(virtio_get_device(0)->vqs[0]->num, 16);
	assert_int_equal(reg_dev()->vqs[0]->num, 16);
	assert_int_equal(cw.reg->notifies - rn0, 2);
	assert_int_equal(cw.clk->notifies - cn0, 2);
	assert_int_equal(info().posts - rp0, 2);
	assert_int_equal(ci1.chan.posts - ci0.chan.posts, 2);
	assert_int_equal(mmio, 2 * 29 + 2 + 2);
	printf("clkreg_restore_mmio %u accesses\n", (unsigned int)mmio);
	printf("clkreg_restore_requests %u requests\n", (unsigned int)reqs);
	printf("clkreg_restore_requests_min %u requests\n", restore_min(rbefore, cbefore));
	/* And the whole system works after it. */
	clkreg_assert_blk_works(0xa5, 5);
	clkreg_assert_clock_works();
	assert_int_equal(regulator_get_voltage(get(SD)), 3000000);
}

/*
 * --- a failure in the middle of a replay batch ---
 *
 * The regulator model behind a tap that arms one of its fault knobs
 * just before the device serves a chosen request, so that the fault
 * hits the middle of a batch.
 */
static struct {
	uint32_t at;			/* model request count that trips it, 0: off */
	unsigned int *knob;		/* the model fault counter to set to 1 */
} arm;

static struct sim_backend arm_be;

static int arm_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	struct reg_model *m = sim_regulator_model(d);

	if (arm.at && m->stats.requests + 1 == arm.at) {
		*arm.knob = 1;
		arm.at = 0;
	}
	return sim_regulator_backend.handle(d, q, r);
}

/* Clock in slot 0, the tapped regulator in slot 1, probed. */
static void arm_setup(void)
{
	struct clkreg_opts o = { .no_reg = true, .no_probe = true };
	struct board_supply_table t;

	arm_be = sim_regulator_backend;
	arm_be.name = "regulator-arm";
	arm_be.handle = arm_handle;
	memset(&arm, 0, sizeof(arm));
	clkreg_setup(&o);
	cw.reg = sim_add(1, 2, &arm_be);
	cw.rm = sim_regulator_model(cw.reg);
	assert_int_equal(clkreg_qemu_virt_supplies(clkreg_slot(cw.reg), &t), 0);
	host_supplies_set(cw.reg->base, &t);
	cw.probed = virtio_probe_all();
	assert_int_equal(cw.probed, 2);
}

/* Voltages on all 4 (one batch), a mode, vdd_sd on: 3 enables in the last batch. */
static void arm_state(void)
{
	assert_int_equal(regulator_set_voltage(get(CORE), 950000, 950000), 0);
	assert_int_equal(regulator_set_voltage(get(IO), 3300000, 3300000), 0);
	assert_int_equal(regulator_set_voltage(get(SD), 3000000, 3000000), 0);
	assert_int_equal(regulator_set_voltage(get(USB), 3300000, 3300000), 0);
	assert_int_equal(regulator_set_mode(get(IO), REGULATOR_MODE_FAST), 0);
	assert_int_equal(regulator_enable(get(SD)), 0);
}

static void assert_nothing_in_flight(void)
{
	struct virtqueue *vq = reg_dev()->vqs[0];

	assert_int_equal(vq->num_free, vq->num);
	assert_false(virtqueue_poll(vq));
}

/*
 * The fault hits SET_VOLTAGE of vdd_sd, the third request of the first
 * batch: the batch's other requests were posted with it and complete,
 * nothing after the batch is sent (no mode, no enable: no output comes
 * up), the replay returns the right errno and leaves nothing in flight.
 */
static void mid_batch(size_t knob_off, int32_t code, bool masked, int want,
		      const char *line)
{
	unsigned long flags = 0;
	unsigned int errs;
	uint32_t r0;
	uint64_t t0;
	int err;

	arm_setup();
	arm_state();
	sim_power_cut(cw.reg);
	memset(cw.rm->stats.by_type, 0, sizeof(cw.rm->stats.by_type));
	cw.rm->f.error_code = code;
	arm.knob = (unsigned int *)((char *)&cw.rm->f + knob_off);
	arm.at = cw.rm->stats.requests + 3;
	r0 = info().requests;
	errs = vmio_log_errors();
	if (masked)
		flags = board_irq_save();
	assert_int_equal(virtio_device_reinit(reg_dev()), 0);
	t0 = host_time_now();
	err = reqchan_replay(virtio_regulator_chan(vr0()));
	if (masked)
		board_irq_restore(flags);

	assert_int_equal(err, want);
	assert_int_equal(arm.at, 0);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), line));
	assert_non_null(strstr(host_log_last(), "vdd_sd"));
	/* One batch of 4 voltages, posted together; nothing after it. */
	assert_int_equal(info().requests - r0, 4);
	assert_int_equal(cw.rm->stats.by_type[6], 0);
	assert_int_equal(cw.rm->stats.by_type[0], 0);
	assert_nothing_in_flight();
	if (want == -ETIMEDOUT) {
		/* The device held vdd_sd and vdd_usb; the wait was bounded, then reset. */
		assert_true(host_time_now() - t0 >= VIRTIO_CLKREG_TIMEOUT_US);
		assert_true(host_time_now() - t0 < 2 * VIRTIO_CLKREG_TIMEOUT_US);
		assert_non_null(strstr(host_log_last(), "2 of 4 unanswered"));
		assert_int_equal(info().timeouts, 1);
		assert_int_equal(cw.rm->stats.dropped, 1);
		assert_false(st(CORE)->enabled);
		/* The next consumer call recovers: everything replayed, then its own request. */
		assert_int_equal(regulator_get_voltage(get(SD)), 3000000);
		assert_int_equal(info().recoveries, 1);
	} else {
		assert_int_equal(st(CORE)->mV, 950);
		assert_int_equal(st(IO)->mV, 3300);
		assert_int_equal(st(USB)->mV, 3300);
		/* Refused: the model's reset value; answered short: applied all the same. */
		assert_int_equal(st(SD)->mV, want == -EIO ? 3000 : 3300);
		assert_false(st(CORE)->enabled);
		assert_false(reg_dev()->failed);
		/* The same replay again, without the fault, brings everything back. */
		assert_int_equal(reqchan_replay(virtio_regulator_chan(vr0())), 0);
	}
	assert_int_equal(st(SD)->mV, 3000);
	assert_true(st(SD)->enabled);
	assert_true(st(CORE)->enabled);
	assert_int_equal(st(IO)->mode, REGULATOR_MODE_FAST);
	assert_nothing_in_flight();
}

static void test_replay_mid_batch_error(void **state)
{
	(void)state;
	mid_batch(offsetof(struct model_faults, error_next), -1, true, -EPERM,
		  "device result -1");
}

static void test_replay_mid_batch_short(void **state)
{
	(void)state;
	mid_batch(offsetof(struct model_faults, short_next), 0, true, -EIO, "short reply");
}

static void test_replay_mid_batch_drop_polled(void **state)
{
	(void)state;
	mid_batch(offsetof(struct model_faults, drop_next), 0, true, -ETIMEDOUT, "timed out");
}

static void test_replay_mid_batch_drop_irq(void **state)
{
	(void)state;
	mid_batch(offsetof(struct model_faults, drop_next), 0, false, -ETIMEDOUT, "timed out");
}

static void power_cut_reg(void)
{
	sim_power_cut(cw.clk);
	sim_power_cut(cw.reg);
}

/*
 * Through the PM core: the regulator's restore_noirq fails in the middle
 * of its first batch, the device is FAILED, the clock comes back.
 */
static void test_replay_mid_batch_pm(void **state)
{
	const struct pm_trace_entry *row = NULL;
	unsigned int i;

	(void)state;
	arm_setup();
	arm_state();
	assert_int_equal(clk_set_rate(clk_get("spi_clk"), 25000000), 0);
	cw.rm->f.error_code = -22;
	arm.knob = &cw.rm->f.error_next;
	arm.at = cw.rm->stats.requests + 3;
	host_set_sleep_hook(power_cut_reg);
	assert_int_equal(pm_suspend(1000), -EINVAL);
	assert_false(board_irqs_masked());
	for (i = 0; i < pm_trace_count(); i++)
		if (pm_trace_get(i)->step == PM_STEP_RESTORE_NOIRQ &&
		    pm_trace_get(i)->dev == reg_dev()->index)
			row = pm_trace_get(i);
	assert_non_null(row);
	assert_int_equal(row->result, -EINVAL);
	assert_int_equal(row->masked, 1);
	assert_true(reg_dev()->failed);
	assert_nothing_in_flight();
	assert_false(st(CORE)->enabled);
	assert_int_equal(cw.cm->st[6].rate, 25000000);
	clkreg_assert_clock_works();
	/* FAILED until someone re-initialises it. */
	assert_int_equal(reqchan_recover(virtio_regulator_chan(vr0())), 0);
	assert_true(st(SD)->enabled);
	assert_int_equal(st(SD)->mV, 3000);
}

/* The power cut of a sleep cycle also leaves the regulator's reset stuck. */
static void power_cut_reg_stuck(void)
{
	sim_power_cut(cw.reg);
	cw.reg->f.reset_stuck = true;
}

/*
 * The core's re-init fails before restore_noirq: the regulator is
 * FAILED, and consumers get -EIO at once, one line each (not -EAGAIN for
 * ever); the clock carries on; a recovery brings the state back.
 */
static void test_failed_resume_answers_eio(void **state)
{
	unsigned int errs;
	uint64_t t0;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(regulator_set_voltage(get(SD), 3000000, 3000000), 0);
	assert_int_equal(regulator_enable(get(SD)), 0);
	host_set_sleep_hook(power_cut_reg_stuck);
	assert_true(pm_suspend(1000) < 0);
	assert_true(reg_dev()->failed);
	errs = vmio_log_errors();
	t0 = host_time_now();
	assert_int_equal(regulator_enable(get(USB)), -EIO);
	assert_int_equal(regulator_get_voltage(get(SD)), -EIO);
	assert_true(host_time_now() - t0 < 100);
	assert_int_equal(vmio_log_errors(), errs + 2);
	assert_non_null(strstr(host_log_last(), "failed"));
	clkreg_assert_clock_works();
	cw.reg->f.reset_stuck = false;
	assert_int_equal(reqchan_recover(virtio_regulator_chan(vr0())), 0);
	assert_true(st(SD)->enabled);
	assert_int_equal(st(SD)->mV, 3000);
	assert_int_equal(regulator_enable(get(USB)), 0);
}

/*
 * A reply's used entry published twice: the call keeps its result, the
 * extra entry is reported in one line, and the next call recovers the
 * device first (its state replayed).
 */
static void test_fault_reply_twice(void **state)
{
	struct clkreg_opts o = { .reg_in_place = true };
	unsigned int errs;

	(void)state;
	clkreg_setup(&o);
	assert_int_equal(regulator_set_voltage(get(SD), 2800000, 2800000), 0);
	errs = vmio_log_errors();
	cw.reg->f.used_dup_id = true;
	assert_int_equal(regulator_enable(get(SD)), 0);
	assert_int_equal(regulator_use_count(get(SD)), 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "twice"));
	assert_false(reg_dev()->failed);
	clkreg_assert_clock_works();
	assert_int_equal(regulator_get_voltage(get(SD)), 2800000);
	assert_true(st(SD)->enabled);
	assert_int_equal(info().recoveries, 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CLKREG_TEST(test_probe_boot_enables),
		CLKREG_TEST(test_roundtrip_split),
		CLKREG_TEST(test_roundtrip_in_place),
		CLKREG_TEST(test_refcount),
		CLKREG_TEST(test_always_on),
		CLKREG_TEST(test_boot_on),
		CLKREG_TEST(test_constraints_local),
		CLKREG_TEST(test_constraints_clip_and_round),
		CLKREG_TEST(test_device_results),
		CLKREG_TEST(test_fault_short_and_malformed),
		CLKREG_TEST(test_fault_drop),
		CLKREG_TEST(test_fault_used_bad_id),
		CLKREG_TEST(test_fault_needs_reset),
		CLKREG_TEST(test_fault_bringup),
		CLKREG_TEST(test_polled_with_irqs_masked),
		CLKREG_TEST(test_bad_tables),
		CLKREG_TEST(test_old_id),
		CLKREG_TEST(test_replay_after_power_cut),
		CLKREG_TEST(test_pm_suspend_restores_suppliers_first),
		CLKREG_TEST(test_replay_mid_batch_error),
		CLKREG_TEST(test_replay_mid_batch_short),
		CLKREG_TEST(test_replay_mid_batch_drop_polled),
		CLKREG_TEST(test_replay_mid_batch_drop_irq),
		CLKREG_TEST(test_replay_mid_batch_pm),
		CLKREG_TEST(test_failed_resume_answers_eio),
		CLKREG_TEST(test_fault_reply_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
