// SPDX-License-Identifier: MIT
/*
 * Where the clock and regulator names and constraints come from, under
 * the monitor: src=dtb boots with a DTB that describes them (and allows
 * vdd_sd only up to 2.8 V), src=table with QEMU's own DTB, where the
 * qemu-virt board table (up to 3.3 V) applies.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "drivers/clock/clk.h"
#include "drivers/drivers.h"
#include "drivers/regulator/regulator.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/virtio.h"

static bool from_dtb;

static int probe(void)
{
	const char *src = qtest_arg("src");

	QT_ASSERT(src);
	from_dtb = !strcmp(src, "dtb");
	QT_ASSERT_EQ(drivers_register_all(), 0);
	QT_ASSERT_GE(virtio_probe_all(), 2);
	board_irq_unmask();
	return 0;
}

static int names_resolve(void)
{
	uint32_t hz;

	QT_ASSERT(clk_get("uart_clk"));
	QT_ASSERT(clk_get("gpu_clk"));
	QT_ASSERT(!clk_get("no_such_clk"));
	QT_ASSERT_EQ(clk_set_rate(clk_get("uart_clk"), 48000000), 0);
	QT_ASSERT_EQ(clk_get_rate(clk_get("uart_clk"), &hz), 0);
	QT_ASSERT_EQ(hz, 48000000);
	QT_ASSERT(regulator_get("vdd_sd"));
	/* always-on, from regulator-always-on or the table alike */
	QT_ASSERT_EQ(regulator_is_enabled(regulator_get("vdd_core")), 1);
	return 0;
}

static int constraints_from_the_right_source(void)
{
	struct regulator *sd = regulator_get("vdd_sd");
	int want = from_dtb ? -EINVAL : 0;

	QT_ASSERT_EQ(regulator_set_voltage(sd, 3000000, 3000000), want);
	QT_ASSERT_EQ(regulator_set_voltage(sd, 2800000, 2800000), 0);
	QT_ASSERT_EQ(regulator_get_voltage(sd), 2800000);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(probe),
	QTEST(names_resolve),
	QTEST(constraints_from_the_right_source),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
