// SPDX-License-Identifier: MIT
/*
 * The whole story under the EL2 monitor: clock and regulator devices in
 * slots 0-1 (the monitor's models), QEMU's blk and rng, the PM state
 * machine. The supplies are configured as a board would (4 regulators,
 * 2 on, voltages set; 8 clocks, 3 on, rates set), then cycles=N
 * suspend/resume cycles run with checked I/O in between. The monitor
 * reports, per resume, whether both suppliers were at DRIVER_OK with
 * their state replayed, with IRQs masked, before any other device was
 * touched; the runner holds it to that.
 *
 * expect=regfail|clkstuck|usedbad: the monitor injects that fault at the
 * power cut (mon.fault=...@resume); one cycle must then report it, mark
 * only the faulty supplier FAILED, and leave the rest working.
 * expect=storm: the clock ignores InterruptACK after the power cut; its
 * restore (polled, masked) succeeds, then its interrupt storms once IRQs
 * are on: the core must stop it and fail only the clock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "drivers/clock/clk.h"
#include "drivers/drivers.h"
#include "drivers/regulator/regulator.h"
#include "tests/qemu/harness/pattern.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/pm.h"
#include "virtio/virtio.h"
#include "vmio/print.h"

#define VIRTIO_ID_CLOCK_DEV 0xc000u
#define VIRTIO_ID_REGULATOR_DEV 0xc001u
#define VIRTIO_ID_BLK 2u
#define SECTORS_PER_CYCLE 8
#define SEED 0x51ee7u

struct clk_setting {
	const char *name;
	uint32_t hz;
	bool on;
};

static const struct clk_setting clk_set[] = {
	{ "xo", 19200000, false },	{ "pll0", 800000000, false },
	{ "uart_clk", 48000000, true },	{ "sdhc_clk", 50000000, true },
	{ "usb_clk", 120000000, true },	{ "i2c_clk", 400000, false },
	{ "spi_clk", 25000000, false },	{ "gpu_clk", 400000000, false },
};

struct reg_setting {
	const char *name;
	int uV;
};

/* vdd_core (always-on) and vdd_io (boot-on) are the two that are on. */
static const struct reg_setting reg_set[] = {
	{ "vdd_core", 900000 }, { "vdd_io", 3300000 },
	{ "vdd_sd", 1800000 },	{ "vdd_usb", 3300000 },
};

static struct virtio_device *clk_dev, *reg_dev, *blk_dev;
static struct virtio_blk *blk;
static __aligned(BOARD_DMA_ALIGN) uint32_t wbuf[SECTORS_PER_CYCLE * 128], rbuf[SECTORS_PER_CYCLE * 128];
static const char *expect;

static int probe_everything(void)
{
	unsigned int i;

	QT_ASSERT_EQ(drivers_register_all(), 0);
	QT_ASSERT_GE(virtio_probe_all(), 4);
	for (i = 0; i < virtio_device_count(); i++) {
		struct virtio_device *d = virtio_get_device(i);

		if (d->id == VIRTIO_ID_CLOCK_DEV)
			clk_dev = d;
		else if (d->id == VIRTIO_ID_REGULATOR_DEV)
			reg_dev = d;
		else if (d->id == VIRTIO_ID_BLK)
			blk_dev = d;
	}
	QT_ASSERT(clk_dev && reg_dev && blk_dev);
	QT_ASSERT(!clk_dev->failed && !reg_dev->failed && !blk_dev->failed);
	blk = virtio_blk_get(0);
	QT_ASSERT(blk);
	return 0;
}

static int configure_supplies(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(reg_set); i++) {
		struct regulator *r = regulator_get(reg_set[i].name);

		QT_ASSERT(r);
		QT_ASSERT_EQ(regulator_set_voltage(r, reg_set[i].uV, reg_set[i].uV), 0);
	}
	for (i = 0; i < ARRAY_SIZE(clk_set); i++) {
		struct clk *c = clk_get(clk_set[i].name);

		QT_ASSERT(c);
		QT_ASSERT_EQ(clk_set_rate(c, clk_set[i].hz), 0);
		if (clk_set[i].on)
			QT_ASSERT_EQ(clk_enable(c), 0);
	}
	return 0;
}

static int declare_dependencies(void)
{
	/* QEMU's DTB has no clocks/-supply properties: the board table says it. */
	static struct pm_dep deps[3];
	struct virtio_device *order[8];
	int n;

	deps[0] = (struct pm_dep){ blk_dev->base, clk_dev->base };
	deps[1] = (struct pm_dep){ blk_dev->base, reg_dev->base };
	deps[2] = (struct pm_dep){ clk_dev->base, reg_dev->base };
	QT_ASSERT_EQ(pm_set_dep_table(deps, ARRAY_SIZE(deps)), 0);
	n = pm_get_order(order, ARRAY_SIZE(order));
	QT_ASSERT_GE(n, 4);
	QT_ASSERT(order[0] == reg_dev && order[1] == clk_dev);
	return 0;
}

/* Everything a consumer relies on after a resume, checked with the devices. */
static int supplies_as_left(void)
{
	uint32_t hz;

	QT_ASSERT_EQ(regulator_get_voltage(regulator_get("vdd_sd")), 1800000);
	QT_ASSERT_EQ(regulator_is_enabled(regulator_get("vdd_io")), 1);
	QT_ASSERT_EQ(clk_get_rate(clk_get("gpu_clk"), &hz), 0);
	QT_ASSERT_EQ(hz, 400000000);
	QT_ASSERT_EQ(clk_enable_count(clk_get("usb_clk")), 1);
	return 0;
}

static int blk_and_rng_work(unsigned int cycle)
{
	uint64_t first = (uint64_t)cycle * SECTORS_PER_CYCLE;
	uint8_t entropy[16];
	unsigned int s, i, zero = 0;

	for (s = 0; s < SECTORS_PER_CYCLE; s++)
		qtest_pattern_sector(SEED, first + s, (uint8_t *)(wbuf + s * 128));
	QT_ASSERT_EQ(virtio_blk_write(blk, first, wbuf, sizeof(wbuf)), 0);
	memset(rbuf, 0, sizeof(rbuf));
	QT_ASSERT_EQ(virtio_blk_read(blk, first, rbuf, sizeof(rbuf)), 0);
	QT_ASSERT(!memcmp(wbuf, rbuf, sizeof(wbuf)));
	QT_ASSERT_EQ(virtio_rng_read(entropy, sizeof(entropy), 1000000), sizeof(entropy));
	for (i = 0; i < sizeof(entropy); i++)
		zero += !entropy[i];
	QT_ASSERT_LT(zero, sizeof(entropy));
	return 0;
}

static uint32_t phase_us(enum pm_phase phase)
{
	unsigned int i;

	for (i = 0; i < pm_trace_count(); i++) {
		const struct pm_trace_entry *e = pm_trace_get(i);

		if (e->step == PM_STEP_PHASE && e->phase == phase)
			return e->dur_us;
	}
	return 0;
}

static int suspend_resume_cycles(void)
{
	const char *a = qtest_arg("cycles");
	unsigned int n = a ? (unsigned int)strtoul(a, NULL, 0) : 10, i;
	uint32_t noirq_max = 0;
	int err;

	QT_ASSERT_EQ(blk_and_rng_work(0), 0);
	for (i = 1; i <= n; i++) {
		err = pm_suspend(1000);
		if (err) {
			vmio_printf("cycle %u: pm_suspend %d\n", i, err);
			QT_ASSERT_EQ(err, 0);
		}
		QT_ASSERT_EQ(pm_get_stats()->noirq_irqs, 0);
		if (phase_us(PM_PHASE_RESTORE_NOIRQ) > noirq_max)
			noirq_max = phase_us(PM_PHASE_RESTORE_NOIRQ);
		QT_ASSERT_EQ(supplies_as_left(), 0);
		QT_ASSERT_EQ(blk_and_rng_work(i), 0);
	}
	pm_trace_print();
	vmio_printf("bench noirq_restore_guest_us %lu\n", (unsigned long)noirq_max);
	vmio_printf("bench irq_masked_window_us_monitor %lu\n",
		    (unsigned long)pm_get_stats()->masked_max_us);
	vmio_printf("bench irq_masked_work_us_monitor %lu\n",
		    (unsigned long)pm_get_stats()->masked_work_max_us);
	vmio_printf("bench resume_guest_us_monitor %lu\n",
		    (unsigned long)pm_get_stats()->resume_max_us);
	vmio_printf("%u cycles done\n", n);
	return 0;
}

/* One cycle with the monitor's fault armed at the power cut. */
static int faulty_resume(void)
{
	struct virtio_device *bad = !strcmp(expect, "regfail") ? reg_dev : clk_dev;
	struct virtio_device *good = bad == reg_dev ? clk_dev : reg_dev;
	int err = pm_suspend(1000);

	vmio_printf("pm_suspend with %s: %d\n", expect, err);
	if (!strcmp(expect, "storm")) {
		QT_ASSERT_EQ(err, 0);
		/* The first interrupt-driven request: its IRQ is never acknowledged. */
		err = clk_set_rate(clk_get("spi_clk"), 12500000);
		vmio_printf("clk_set_rate into the storm: %d\n", err);
	} else {
		QT_ASSERT(err < 0);
	}
	QT_ASSERT(bad->failed);
	QT_ASSERT(!good->failed);
	QT_ASSERT(!blk_dev->failed);
	QT_ASSERT_EQ(pm_get_stats()->noirq_irqs, 0);
	pm_trace_print();
	/* The other supplier and the consumers still work. */
	if (good == reg_dev)
		QT_ASSERT_EQ(regulator_get_voltage(regulator_get("vdd_sd")), 1800000);
	else
		QT_ASSERT_EQ(clk_enable_count(clk_get("usb_clk")), 1);
	QT_ASSERT_EQ(blk_and_rng_work(1), 0);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(probe_everything),
	QTEST(configure_supplies),
	QTEST(declare_dependencies),
	QTEST(supplies_as_left),
	QTEST(suspend_resume_cycles),
};

static const struct qtest_case fault_cases[] = {
	QTEST(probe_everything),
	QTEST(configure_supplies),
	QTEST(declare_dependencies),
	QTEST(faulty_resume),
};

int main(void)
{
	expect = qtest_arg("expect");
	board_irq_unmask();	/* boot leaves them masked; the PM core wants them on */
	if (expect && strcmp(expect, "ok"))
		return qtest_run(fault_cases, ARRAY_SIZE(fault_cases));
	return qtest_run(cases, ARRAY_SIZE(cases));
}
