// SPDX-License-Identifier: MIT
/*
 * Demo of the signature feature: suppliers configured through the
 * consumer APIs, a suspend/resume cycle in which they come back first,
 * with IRQs masked, and everything still as the consumers left it.
 */
#include <errno.h>
#include <string.h>
#include "app/demo_pm.h"
#include "drivers/clock/clk.h"
#include "drivers/regulator/regulator.h"
#include "virtio/pm.h"
#include "virtio/virtio.h"
#include "vmio/compiler.h"
#include "vmio/print.h"

#define ID_BLOCK 2u
#define ID_CLOCK 0xc000u
#define ID_REGULATOR 0xc001u

struct demo_clk {
	const char *name;
	uint32_t hz;
};

/* What an SD host controller and a USB PHY would ask for. */
static const struct demo_clk demo_clks[] = {
	{ "pll0", 800000000 }, { "sdhc_clk", 50000000 }, { "usb_clk", 120000000 },
};

static struct virtio_device *find_dev(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < virtio_device_count(); i++)
		if (virtio_get_device(i)->id == id && !virtio_get_device(i)->failed)
			return virtio_get_device(i);
	return NULL;
}

static int show_supplies(const char *when)
{
	static const char *const regs[] = { "vdd_core", "vdd_io", "vdd_sd", "vdd_usb" };
	unsigned int i;
	uint32_t hz;
	int bad = 0;

	vmio_printf("supplies %s:\n", when);
	for (i = 0; i < ARRAY_SIZE(regs); i++) {
		struct regulator *r = regulator_get(regs[i]);
		int uV = r ? regulator_get_voltage(r) : -1;

		vmio_printf("  %-9s %7d uV  %s\n", regs[i], uV,
			    r && regulator_is_enabled(r) > 0 ? "on" : "off");
		bad += uV < 0;
	}
	for (i = 0; i < ARRAY_SIZE(demo_clks); i++) {
		struct clk *c = clk_get(demo_clks[i].name);

		hz = 0;
		bad += !c || clk_get_rate(c, &hz) != 0 || hz != demo_clks[i].hz;
		vmio_printf("  %-9s %9lu Hz  %s\n", demo_clks[i].name, (unsigned long)hz,
			    c && clk_enable_count(c) ? "on" : "off");
	}
	return bad;
}

int demo_supplies(void)
{
	struct regulator *sd;
	unsigned int i;
	int bad = 0;

	if (!find_dev(ID_CLOCK) || !find_dev(ID_REGULATOR)) {
		vmio_printf("supplies: no clock/regulator device (run under the monitor), "
			    "skipped\n");
		return 0;
	}
	sd = regulator_get("vdd_sd");
	bad += !sd || regulator_set_voltage(sd, 1800000, 1800000) != 0;
	bad += !sd || regulator_enable(sd) != 0;
	/* Outside vdd_sd's 1.8-3.3 V constraint: refused locally, never sent. */
	vmio_printf("supplies: asking vdd_sd for 5 V, outside its constraints "
		    "(must be refused):\n");
	if (sd && regulator_set_voltage(sd, 5000000, 5000000) != -EINVAL)
		bad++;
	for (i = 0; i < ARRAY_SIZE(demo_clks); i++) {
		struct clk *c = clk_get(demo_clks[i].name);

		bad += !c || clk_set_rate(c, demo_clks[i].hz) != 0;
		if (i)
			bad += !c || clk_enable(c) != 0;
	}
	bad += show_supplies("configured");
	return bad;
}

/* blk needs the clock and the regulator; the clock needs the regulator. */
static void declare_dependencies(void)
{
	static struct pm_dep deps[3];
	struct virtio_device *blk = find_dev(ID_BLOCK);
	struct virtio_device *clk = find_dev(ID_CLOCK);
	struct virtio_device *reg = find_dev(ID_REGULATOR);
	unsigned int n = 0;

	if (blk && clk)
		deps[n++] = (struct pm_dep){ blk->base, clk->base };
	if (blk && reg)
		deps[n++] = (struct pm_dep){ blk->base, reg->base };
	if (clk && reg)
		deps[n++] = (struct pm_dep){ clk->base, reg->base };
	pm_set_dep_table(deps, n);
}

int demo_suspend_resume(void)
{
	struct virtio_device *order[16];
	int n, i, err;

	declare_dependencies();
	n = pm_get_order(order, ARRAY_SIZE(order));
	vmio_printf("pm: restore order:");
	for (i = 0; i < n; i++)
		vmio_printf(" %s", order[i]->driver ? order[i]->driver->name : "?");
	vmio_printf(" (freeze runs the reverse)\n");
	vmio_printf("pm: suspend, platform sleep 1 ms, resume...\n");
	err = pm_suspend(1000);
	pm_trace_print();
	vmio_printf("pm: suspend/resume %s (%d)\n", err ? "FAILED" : "ok", err);
	if (!err && find_dev(ID_CLOCK) && find_dev(ID_REGULATOR))
		err = show_supplies("after resume");
	return err;
}
