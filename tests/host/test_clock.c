// SPDX-License-Identifier: MIT
/*
 * virtio-clock driver and its device model: every request type in both
 * request forms, reference counts, local refusals, every fault knob with
 * its errno and log line while the regulator and a blk device carry on,
 * completion by polling with IRQs masked, ID and table checks, and the
 * replay of the recorded state to a device that lost power.
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

/* Model indices of the qemu-virt clocks. */
enum { XO, PLL0, UART, SDHC, USB, I2C, SPI, GPU, NCLK };

static const char *const names[NCLK] = {
	"xo", "pll0", "uart_clk", "sdhc_clk", "usb_clk", "i2c_clk", "spi_clk", "gpu_clk",
};

static struct clk *get(unsigned int i)
{
	struct clk *c = clk_get(names[i]);

	assert_non_null(c);
	return c;
}

static struct virtio_clock *vc0(void)
{
	struct virtio_clock *vc = virtio_clock_get(0);

	assert_non_null(vc);
	return vc;
}

static uint32_t requests(void)
{
	struct virtio_clock_info info;

	virtio_clock_get_info(vc0(), &info);
	return info.chan.requests;
}

static void test_probe_and_lookup(void **state)
{
	struct virtio_clock_info info;
	struct virtio_device *dev;
	unsigned int i, errs;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(cw.probed, 2);
	assert_int_equal(reqchan_count(&virtio_clock_driver), 1);
	dev = virtio_get_device(0);
	assert_ptr_equal(reqchan_of(&virtio_clock_driver, dev),
			 virtio_clock_chan(vc0()));
	assert_int_equal(dev->status & 0xf, 0xf);
	assert_false(dev->failed);
	virtio_clock_get_info(vc0(), &info);
	assert_int_equal(info.num_clks, 8);
	assert_int_equal(info.num_resets, 8);
	assert_string_equal(info.name, "qemu-virt-clk");
	assert_true(info.reset);
	assert_false(info.chan.in_place);
	assert_int_equal(info.chan.n, NCLK);
	/* The board table names exactly the model's clocks. */
	for (i = 0; i < NCLK; i++) {
		assert_string_equal(clk_name(get(i)), cw.cm->cfg->clocks[i].name);
		assert_int_equal(clk_model_find(cw.cm, names[i]), (int)i);
	}
	assert_int_equal(cw.cm->cfg->nclks, NCLK);
	/* Probe itself sends nothing. */
	assert_int_equal(info.chan.requests, 0);
	assert_int_equal(cw.cm->stats.requests, 0);
	errs = vmio_log_errors();
	assert_null(clk_get("no_such_clk"));
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_null(clk_get(NULL));
	assert_null(clk_get("vdd_io"));	/* a regulator, not a clock */
	assert_int_equal(vmio_log_errors(), errs + 3);
	assert_int_equal(cw.cm->stats.requests, 0);
}

static void roundtrip(bool in_place)
{
	struct clkreg_opts o = { .clk_in_place = in_place };
	struct clk *uart, *pll0;
	struct virtio_clock_info info;
	struct clk_model_state *s;
	uint32_t hz = 0, irqs;
	unsigned int t;

	clkreg_setup(&o);
	virtio_clock_get_info(vc0(), &info);
	assert_int_equal(info.chan.in_place, in_place);
	uart = get(UART);
	pll0 = get(PLL0);
	s = &cw.cm->st[UART];
	irqs = board_irq_count();

	assert_int_equal(clk_enable(uart), 0);
	assert_true(s->enabled);
	assert_int_equal(clk_enable_count(uart), 1);

	assert_int_equal(clk_set_rate(uart, 7372800), 0);
	assert_int_equal(s->rate, 7372800);
	assert_int_equal(clk_get_rate(uart, &hz), 0);
	assert_int_equal(hz, 7372800);
	/* Round to the largest listed rate not above the request; no change. */
	assert_int_equal(clk_round_rate(uart, 40000000, &hz), 0);
	assert_int_equal(hz, 19200000);
	assert_int_equal(s->rate, 7372800);

	assert_int_equal(s->parent, XO);
	assert_int_equal(clk_set_parent(uart, pll0), 0);
	assert_int_equal(cw.cm->stats.last_data[0], PLL0);	/* the parent's index */
	assert_int_equal(s->parent, PLL0);
	assert_ptr_equal(clk_get_parent(uart), pll0);

	assert_int_equal(clk_set_flags(uart, 0x5), 0);
	assert_int_equal(s->flags, 0x5);

	assert_int_equal(clk_reset(uart, true), 0);
	assert_int_equal(cw.cm->stats.last_data[0], 1);
	assert_true(s->reset_asserted);
	assert_int_equal(clk_reset(uart, false), 0);
	assert_false(s->reset_asserted);

	assert_int_equal(clk_disable(uart), 0);
	assert_false(s->enabled);
	assert_int_equal(clk_enable_count(uart), 0);

	/* Every type reached the model once, in the form asked for. */
	for (t = 0; t <= 8; t++)
		assert_int_equal(cw.cm->stats.by_type[t], t == 5 ? 2 : t == 7 ? 0 : 1);
	assert_int_equal(cw.cm->stats.requests, 9);
	assert_int_equal(requests(), 9);
	assert_int_equal(cw.cm->stats.in_place, in_place ? 9 : 0);
	assert_int_equal(cw.cm->stats.errors, 0);
	/* Interrupt-driven: one interrupt per reply. */
	assert_int_equal(board_irq_count() - irqs, 9);
	assert_int_equal(cw.clk->notifies, 9);
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

static void test_switch_form_at_runtime(void **state)
{
	struct clk *spi;

	(void)state;
	clkreg_setup(NULL);
	spi = get(SPI);
	reqchan_set_in_place(virtio_clock_chan(vc0()), true);
	assert_int_equal(clk_set_rate(spi, 33000000), 0);
	reqchan_set_in_place(virtio_clock_chan(vc0()), false);
	assert_int_equal(clk_set_rate(spi, 34000000), 0);
	assert_int_equal(cw.cm->stats.in_place, 1);
	assert_int_equal(cw.cm->st[SPI].rate, 34000000);
}

static void test_refcount(void **state)
{
	struct clk *a, *b;
	unsigned int r0, n0, errs;

	(void)state;
	clkreg_setup(NULL);
	a = get(SPI);
	b = clk_get("spi_clk");
	assert_ptr_equal(a, b);		/* two consumers, one clock */
	r0 = cw.cm->stats.requests;
	assert_int_equal(clk_enable(a), 0);
	assert_int_equal(clk_enable(b), 0);
	assert_int_equal(clk_enable_count(a), 2);
	assert_int_equal(cw.cm->stats.requests, r0 + 1);
	assert_int_equal(clk_disable(a), 0);
	assert_true(cw.cm->st[SPI].enabled);	/* still on for b */
	assert_int_equal(cw.cm->stats.requests, r0 + 1);
	assert_int_equal(clk_disable(b), 0);
	assert_false(cw.cm->st[SPI].enabled);
	assert_int_equal(cw.cm->stats.requests, r0 + 2);
	assert_int_equal(cw.cm->stats.by_type[0], 1);
	assert_int_equal(cw.cm->stats.by_type[1], 1);
	/* Unbalanced: refused here, nothing sent. */
	errs = vmio_log_errors();
	n0 = cw.clk->notifies;
	assert_int_equal(clk_disable(b), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(cw.cm->stats.requests, r0 + 2);
	assert_int_equal(cw.clk->notifies, n0);
}

static void test_local_refusals(void **state)
{
	struct clk *uart;
	unsigned int n0, errs;
	uint32_t hz = 7;

	(void)state;
	clkreg_setup(NULL);
	uart = get(UART);
	n0 = cw.clk->notifies;
	errs = vmio_log_errors();
	assert_int_equal(clk_set_rate(uart, 0), -EINVAL);
	assert_int_equal(clk_round_rate(uart, 0, &hz), -EINVAL);
	assert_int_equal(hz, 7);
	assert_int_equal(clk_set_parent(uart, uart), -EINVAL);
	assert_int_equal(clk_set_parent(uart, NULL), -EINVAL);
	assert_int_equal(clk_enable(NULL), -EINVAL);
	assert_int_equal(clk_disable(NULL), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 6);
	assert_int_equal(cw.clk->notifies, n0);
	assert_int_equal(cw.cm->stats.requests, 0);
}

static void test_reset_needs_feature(void **state)
{
	struct clkreg_opts o = { .clk_be = &sim_clock_backend_basic };
	struct virtio_clock_info info;
	unsigned int errs;

	(void)state;
	clkreg_setup(&o);
	virtio_clock_get_info(vc0(), &info);
	assert_false(info.reset);
	assert_string_equal(info.name, "");	/* NAME not offered: not read */
	errs = vmio_log_errors();
	assert_int_equal(clk_reset(get(UART), true), -EOPNOTSUPP);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(cw.cm->stats.requests, 0);
	assert_int_equal(cw.clk->notifies, 0);
	/* The rest of the protocol still works. */
	assert_int_equal(clk_enable(get(UART)), 0);
	assert_true(cw.cm->st[UART].enabled);
}

static void test_device_results(void **state)
{
	struct clk *sdhc, *usb;
	unsigned int errs;
	uint32_t hz = 0;

	(void)state;
	clkreg_setup(NULL);
	sdhc = get(SDHC);
	usb = get(USB);
	errs = vmio_log_errors();
	/* Out of the model's range: the device says -22, we say -EINVAL. */
	assert_int_equal(clk_set_rate(sdhc, 1000), -EINVAL);
	assert_int_equal(cw.cm->st[SDHC].rate, 19200000);
	assert_int_equal(clk_set_parent(usb, get(XO)), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 2);
	/* Mapped codes and an unknown one. */
	cw.cm->f.error_next = 1;
	cw.cm->f.error_code = -16;
	assert_int_equal(clk_enable(sdhc), -EBUSY);
	assert_int_equal(clk_enable_count(sdhc), 0);
	assert_false(cw.cm->st[SDHC].enabled);
	cw.cm->f.error_next = 1;
	cw.cm->f.error_code = -95;
	assert_int_equal(clk_get_rate(sdhc, &hz), -EOPNOTSUPP);
	cw.cm->f.error_next = 1;
	cw.cm->f.error_code = 7;
	assert_int_equal(clk_round_rate(sdhc, 1000000, &hz), -EIO);
	assert_int_equal(hz, 0);
	assert_int_equal(vmio_log_errors(), errs + 5);
	/* One-shot: the device is fine again. */
	assert_int_equal(clk_enable(sdhc), 0);
	assert_true(cw.cm->st[SDHC].enabled);
	assert_int_equal(cw.cm->stats.errors, 5);
}

static void test_fault_short_reply(void **state)
{
	struct clkreg_opts o = { .with_blk = true };
	unsigned int errs;

	(void)state;
	clkreg_setup(&o);
	errs = vmio_log_errors();
	cw.cm->f.short_next = 1;
	assert_int_equal(clk_enable(get(UART)), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "short reply"));
	assert_int_equal(clk_enable_count(get(UART)), 0);
	clkreg_assert_regulator_works();
	clkreg_assert_blk_works(0x5a, 3);
	assert_int_equal(clk_enable(get(UART)), 0);
	assert_int_equal(clk_enable_count(get(UART)), 1);
}

static void test_fault_short_reply_in_place(void **state)
{
	struct clkreg_opts o = { .clk_in_place = true };
	unsigned int errs;
	uint32_t hz = 0;

	(void)state;
	clkreg_setup(&o);
	errs = vmio_log_errors();
	cw.cm->f.short_next = 1;
	assert_int_equal(clk_get_rate(get(GPU), &hz), -EIO);
	assert_int_equal(hz, 0);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(clk_get_rate(get(GPU), &hz), 0);
	assert_int_equal(hz, 300000000);
}

static void test_fault_malformed_reply(void **state)
{
	unsigned int errs;

	(void)state;
	clkreg_setup(NULL);
	errs = vmio_log_errors();
	cw.cm->f.garble_next = 1;
	assert_int_equal(clk_set_rate(get(SPI), 2000000), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "malformed"));
	clkreg_assert_regulator_works();
	assert_int_equal(clk_set_rate(get(SPI), 2000000), 0);
}

/* A device that claims a reply it never wrote must not hand back the last one. */
static void test_fault_unwritten_reply(void **state)
{
	unsigned int errs;
	uint32_t hz = 0;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(clk_get_rate(get(UART), &hz), 0);
	assert_int_equal(hz, 19200000);
	/* The same request again (so a stale reply would match), another answer. */
	cw.cm->st[UART].rate = 48000000;
	errs = vmio_log_errors();
	cw.cm->f.unwritten_next = 1;
	hz = 0;
	assert_int_equal(clk_get_rate(get(UART), &hz), -EIO);
	assert_int_equal(hz, 0);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(clk_get_rate(get(UART), &hz), 0);
	assert_int_equal(hz, 48000000);
}

static void test_fault_dropped_request(void **state)
{
	struct clkreg_opts o = { .with_blk = true };
	struct virtio_clock_info info;
	unsigned int errs;
	uint64_t t0;

	(void)state;
	clkreg_setup(&o);
	assert_int_equal(clk_enable(get(GPU)), 0);
	assert_int_equal(clk_set_rate(get(GPU), 500000000), 0);
	errs = vmio_log_errors();
	cw.cm->f.drop_next = 1;
	t0 = host_time_now();
	assert_int_equal(clk_enable(get(UART)), -ETIMEDOUT);
	/* Bounded: the timeout, not more than a step beyond. */
	assert_true(host_time_now() - t0 >= VIRTIO_CLKREG_TIMEOUT_US);
	assert_true(host_time_now() - t0 < 2 * VIRTIO_CLKREG_TIMEOUT_US);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "timed out"));
	assert_int_equal(cw.cm->stats.dropped, 1);
	/* The device was reset to get the buffer back: its state is gone... */
	assert_false(cw.cm->st[GPU].enabled);
	clkreg_assert_regulator_works();
	clkreg_assert_blk_works(0x5a, 3);
	/* ...and the next call brings it back first. */
	assert_int_equal(clk_enable(get(UART)), 0);
	assert_true(cw.cm->st[GPU].enabled);
	assert_int_equal(cw.cm->st[GPU].rate, 500000000);
	assert_true(cw.cm->st[UART].enabled);
	virtio_clock_get_info(vc0(), &info);
	assert_int_equal(info.chan.timeouts, 1);
	assert_int_equal(info.chan.recoveries, 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
}

static void corrupt_used(size_t knob_off)
{
	struct clkreg_opts o = { .with_blk = true };
	unsigned int errs;
	uint32_t hz = 0;
	bool *knob;

	clkreg_setup(&o);
	knob = (bool *)((char *)&cw.clk->f + knob_off);
	assert_int_equal(clk_set_rate(get(SPI), 5000000), 0);
	errs = vmio_log_errors();
	*knob = true;
	assert_int_equal(clk_enable(get(SPI)), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_true(virtio_get_device(0)->failed);
	assert_int_equal(clk_enable_count(get(SPI)), 0);
	/* FAILED stays failed for consumers... */
	assert_int_equal(clk_get_rate(get(SPI), &hz), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 2);
	clkreg_assert_regulator_works();
	clkreg_assert_blk_works(0x5a, 3);
	/* ...until someone re-initialises it: state comes back. */
	assert_int_equal(reqchan_recover(virtio_clock_chan(vc0())), 0);
	assert_false(virtio_get_device(0)->failed);
	assert_int_equal(cw.cm->st[SPI].rate, 5000000);
	assert_int_equal(clk_get_rate(get(SPI), &hz), 0);
	assert_int_equal(hz, 5000000);
}

static void test_fault_used_bad_id(void **state)
{
	(void)state;
	corrupt_used(offsetof(struct sim_faults, used_bad_id));
}

static void test_fault_used_len_over(void **state)
{
	(void)state;
	corrupt_used(offsetof(struct sim_faults, used_len_over));
}

static void test_fault_needs_reset(void **state)
{
	struct virtio_clock_info info;
	unsigned int errs;
	uint32_t hz = 0;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(clk_set_parent(get(UART), get(PLL0)), 0);
	assert_int_equal(clk_set_rate(get(UART), 48000000), 0);
	assert_int_equal(clk_enable(get(UART)), 0);
	errs = vmio_log_errors();
	sim_set_needs_reset(cw.clk);
	assert_true(virtio_get_device(0)->needs_reset);
	assert_int_equal(vmio_log_errors(), errs + 1);	/* the core's line */
	assert_int_equal(clk_get_rate(get(UART), &hz), 0);
	assert_int_equal(hz, 48000000);
	assert_false(virtio_get_device(0)->needs_reset);
	assert_true(cw.cm->st[UART].enabled);
	assert_int_equal(cw.cm->st[UART].parent, PLL0);
	virtio_clock_get_info(vc0(), &info);
	assert_int_equal(info.chan.recoveries, 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
	clkreg_assert_regulator_works();
}

static void test_fault_features_refused(void **state)
{
	struct clkreg_opts o = { .no_probe = true, .with_blk = true };
	unsigned int errs;

	(void)state;
	clkreg_setup(&o);
	cw.clk->f.refuse_features_ok = true;
	errs = vmio_log_errors();
	assert_int_equal(virtio_probe_all(), 3);
	assert_true(vmio_log_errors() > errs);
	assert_true(virtio_get_device(0)->failed);
	assert_int_equal(reqchan_count(&virtio_clock_driver), 0);
	assert_null(clk_get("uart_clk"));
	clkreg_assert_regulator_works();
	clkreg_assert_blk_works(0x5a, 3);
}

static void test_fault_reset_stuck(void **state)
{
	struct clkreg_opts o = { .no_probe = true };
	unsigned int errs;

	(void)state;
	clkreg_setup(&o);
	cw.clk->f.reset_stuck = true;
	errs = vmio_log_errors();
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_true(virtio_get_device(0)->failed);
	assert_null(clk_get("uart_clk"));
	clkreg_assert_regulator_works();
}

static void test_polled_with_irqs_masked(void **state)
{
	unsigned long flags;
	uint32_t irqs, hz = 0;
	unsigned int errs;
	uint64_t t0;

	(void)state;
	clkreg_setup(NULL);
	flags = board_irq_save();
	irqs = board_irq_count();
	assert_int_equal(clk_enable(get(I2C)), 0);
	assert_int_equal(clk_set_rate(get(I2C), 400000), 0);
	assert_int_equal(clk_get_rate(get(I2C), &hz), 0);
	assert_int_equal(hz, 400000);
	assert_true(cw.cm->st[I2C].enabled);
	assert_int_equal(board_irq_count(), irqs);	/* no handler ran */
	assert_true(board_irqs_masked());
	/* A dropped request: polled wait, same bound. */
	errs = vmio_log_errors();
	cw.cm->f.drop_next = 1;
	t0 = host_time_now();
	assert_int_equal(clk_disable(get(I2C)), -ETIMEDOUT);
	assert_true(host_time_now() - t0 >= VIRTIO_CLKREG_TIMEOUT_US);
	assert_true(host_time_now() - t0 < 2 * VIRTIO_CLKREG_TIMEOUT_US);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(clk_enable_count(get(I2C)), 1);
	/* Recovery is polled too. */
	assert_int_equal(clk_set_rate(get(I2C), 100000), 0);
	assert_true(cw.cm->st[I2C].enabled);
	assert_int_equal(cw.cm->st[I2C].rate, 100000);
	assert_int_equal(board_irq_count(), irqs);
	board_irq_restore(flags);
}

static void test_legacy_transport_refused(void **state)
{
	struct clkreg_opts o = { .version = 1, .no_reg = true };

	(void)state;
	clkreg_setup(&o);
	assert_true(virtio_get_device(0)->failed);
	assert_int_equal(reqchan_count(&virtio_clock_driver), 0);
	assert_null(clk_get("xo"));
}

static void old_ids(bool opt_in)
{
	struct clkreg_opts o = { .no_clk = true, .no_probe = true, .old_ids = opt_in };
	static struct sim_backend be;	/* the sim keeps the pointer */
	struct sim_dev *d;

	clkreg_setup(&o);
	/* The clock model under the older ID. */
	be = sim_clock_backend;
	be.device_id = 30;
	d = sim_add(0, 2, &be);
	{
		struct board_supply_table t;

		assert_int_equal(clkreg_qemu_virt_supplies(clkreg_slot(d), &t), 0);
		host_supplies_set(d->base, &t);
	}
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(reqchan_count(&virtio_clock_driver), opt_in ? 1 : 0);
	/* The regulator came first in discovery; the clock is device 1. */
	assert_int_equal(virtio_get_device(1)->id, 30);
	assert_int_equal(virtio_get_device(1)->driver != NULL, opt_in);
	if (opt_in) {
		assert_int_equal(clk_enable(get(XO)), 0);
		assert_true(sim_clock_model(d)->st[XO].enabled);
	} else {
		assert_int_equal(sim_clock_model(d)->stats.requests, 0);
	}
}

/*
 * A clock device that publishes a used entry the moment its queue is
 * ready, with an interrupt: the interrupt is taken at the end of queue
 * setup, inside the probe, before the channel is filled in. Nothing
 * crashes; the regulator beside it is untouched.
 */
static void test_used_entry_during_probe(void **state)
{
	struct clkreg_opts o = { .no_probe = true };

	(void)state;
	clkreg_setup(&o);
	cw.clk->f.used_at_ready = true;
	assert_int_equal(virtio_probe_all(), 2);
	assert_true(cw.clk->interrupts > 0);
	clkreg_assert_regulator_works();
	/* The first call finds the entry nobody asked for and resets the channel. */
	assert_int_equal(clk_enable(get(XO)), -ETIMEDOUT);
	assert_non_null(strstr(host_log_last(), "xo: ENABLE: timed out"));
	assert_false(cw.clk->status & 0x80);
}

static void test_old_id_needs_opt_in(void **state)
{
	(void)state;
	old_ids(false);
}

static void test_old_id_with_opt_in(void **state)
{
	(void)state;
	old_ids(true);
}

static void bad_table(const struct board_supply_desc *d, unsigned int n)
{
	struct clkreg_opts o = { .no_probe = true, .no_reg = true };
	struct board_supply_table t = { d, n, false };
	unsigned int errs;

	clkreg_setup(&o);
	if (d)
		host_supplies_set(cw.clk->base, &t);
	else
		host_supplies_reset();
	errs = vmio_log_errors();
	virtio_probe_all();
	assert_true(virtio_get_device(0)->failed);
	assert_int_equal(reqchan_count(&virtio_clock_driver), 0);
	/* The driver's line and the core's probe-failed line. */
	assert_int_equal(vmio_log_errors(), errs + 2);
}

static void test_table_errors(void **state)
{
	static const struct board_supply_desc long_name[] = {
		{ .name = "a_clock_name_of_forty_bytes_is_too_long_", .id = 0 },
	};
	static const struct board_supply_desc bad_id[] = { { .name = "x", .id = 8 } };
	static const struct board_supply_desc dup[] = {
		{ .name = "x", .id = 0 }, { .name = "x", .id = 1 },
	};
	static struct board_supply_desc many[VIRTIO_CLOCK_MAX_CLKS + 1];
	unsigned int i;

	(void)state;
	bad_table(long_name, 1);
	bad_table(bad_id, 1);
	bad_table(dup, 2);
	for (i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct board_supply_desc){ .name = "m", .id = 0 };
	bad_table(many, ARRAY_SIZE(many));
	bad_table(NULL, 0);
}

/* Set every kind of state, cut the power, re-init, replay, compare. */
static void replay_after_power_cut(bool masked)
{
	static const uint32_t rates[NCLK] = {
		19200000, 800000000, 48000000, 50000000, 120000000, 400000, 25000000,
		500000000,
	};
	struct clk_model_state before[CLK_MODEL_MAX_CLKS];
	struct virtio_device *dev;
	unsigned long flags = 0;
	uint32_t r0, irqs;
	unsigned int i;

	clkreg_setup(NULL);
	for (i = 0; i < NCLK; i++)
		assert_int_equal(clk_set_rate(get(i), rates[i]), 0);
	assert_int_equal(clk_set_parent(get(SDHC), get(PLL0)), 0);
	assert_int_equal(clk_enable(get(UART)), 0);
	assert_int_equal(clk_enable(get(UART)), 0);
	assert_int_equal(clk_enable(get(SDHC)), 0);
	assert_int_equal(clk_enable(get(GPU)), 0);
	assert_int_equal(clk_set_flags(get(GPU), 0x30), 0);
	assert_int_equal(clk_reset(get(USB), true), 0);
	memcpy(before, cw.cm->st, sizeof(before));

	sim_power_cut(cw.clk);
	assert_memory_not_equal(before, cw.cm->st, sizeof(before));
	assert_false(cw.cm->st[UART].enabled);

	dev = virtio_get_device(0);
	r0 = requests();
	if (masked)
		flags = board_irq_save();
	irqs = board_irq_count();
	assert_int_equal(virtio_device_reinit(dev), 0);
	assert_int_equal(reqchan_replay(virtio_clock_chan(vc0())), 0);
	if (masked) {
		assert_int_equal(board_irq_count(), irqs);
		board_irq_restore(flags);
	}
	assert_memory_equal(before, cw.cm->st, sizeof(before));
	/* One request per recorded item: 1 parent, 8 rates, 1 flags, 3 enables, 1 reset. */
	assert_int_equal(requests() - r0, 14);
	assert_int_equal(cw.cm->stats.by_type[8], 2);
	assert_int_equal(dev->status & 0xf, 0xf);
	/* The consumer view did not move. */
	assert_int_equal(clk_enable_count(get(UART)), 2);
}

static void test_replay_after_power_cut(void **state)
{
	(void)state;
	replay_after_power_cut(false);
}

static void test_replay_after_power_cut_masked(void **state)
{
	(void)state;
	replay_after_power_cut(true);
}

/* A reset asserted, then released: the replay sends the rate set after it, no RESET. */
static void test_replay_released_reset(void **state)
{
	struct virtio_device *dev;
	uint32_t r0, resets, rate;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(clk_reset(get(USB), true), 0);
	assert_int_equal(clk_reset(get(USB), false), 0);
	assert_int_equal(clk_set_rate(get(USB), 120000000), 0);
	rate = cw.cm->st[USB].rate;
	sim_power_cut(cw.clk);
	/* Back at its reset rate: only the replay brings 120 MHz back. */
	assert_int_not_equal(cw.cm->st[USB].rate, rate);
	dev = virtio_get_device(0);
	r0 = requests();
	resets = cw.cm->stats.by_type[5];
	assert_int_equal(virtio_device_reinit(dev), 0);
	assert_int_equal(reqchan_replay(virtio_clock_chan(vc0())), 0);
	assert_int_equal(requests() - r0, 1);
	assert_int_equal(cw.cm->stats.by_type[5], resets);
	assert_false(cw.cm->st[USB].reset_asserted);
	assert_int_equal(cw.cm->st[USB].rate, rate);
}

static void test_frozen_refuses(void **state)
{
	struct virtio_device *dev;
	unsigned int errs;

	(void)state;
	clkreg_setup(NULL);
	dev = virtio_get_device(0);
	assert_int_equal(clk_enable(get(SPI)), 0);
	assert_int_equal(dev->driver->freeze(dev), 0);
	errs = vmio_log_errors();
	assert_int_equal(clk_enable(get(UART)), -EAGAIN);
	assert_int_equal(vmio_log_errors(), errs + 1);
	/* A suspend rolled back before the noirq phase: the core re-inits, restore replays. */
	assert_int_equal(virtio_device_reinit(dev), 0);
	assert_false(cw.cm->st[SPI].enabled);
	assert_int_equal(dev->driver->restore(dev), 0);
	assert_true(cw.cm->st[SPI].enabled);
	assert_int_equal(clk_enable(get(UART)), 0);
	/* After a restore that had nothing to do, nothing is sent. */
	errs = cw.cm->stats.requests;
	assert_int_equal(dev->driver->restore(dev), 0);
	assert_int_equal(cw.cm->stats.requests, errs);
	assert_int_equal(dev->driver->pm_class, VIRTIO_PM_CLOCK);
}

/*
 * --- batched replay ---
 *
 * A tap between the simulator and the clock model: it notes which post
 * (QueueNotify) each request arrived with, and, with `reverse`, makes
 * the device complete the requests of every post last to first. A
 * device may do that (virtio 1.2, 2.7.14: used entries need not follow
 * the avail order), and the driver must then match replies by cookie:
 * a reply credited to the wrong slot fails its echo check.
 */
#define TAP_MAX 64
/* A spare interrupt line for an interrupting caller (test_replay_refuses_...). */
#define MEDDLE_IRQ 1000

static struct {
	bool reverse;
	bool meddle;			/* raise MEDDLE_IRQ with every reply */
	bool wrong_clock;		/* the reply names another clock index */
	uint16_t used_id_delta;		/* added to the used id */
	unsigned int reversed;		/* posts completed out of order */
	unsigned int n;			/* requests served */
	struct tap_req {
		unsigned int post;	/* the device's notify count when served */
		uint32_t type, id;
	} req[TAP_MAX];
	/* the post being served: heads and used lengths so far */
	unsigned int notify, k;
	uint16_t start, heads[TAP_MAX];
	uint32_t lens[TAP_MAX];
} tap;

static struct sim_backend tap_be;

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int tap_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	const uint8_t *m = r->nout ? r->out[0].p : r->in[0].p;
	struct sim_queue *sq = &d->q[q];
	uint32_t type = get_le32(m + 44), id = get_le32(m + 40);
	uint8_t *used, *e;
	unsigned int j;
	int n;

	n = sim_clock_backend.handle(d, q, r);
	if (n == SIM_HOLD)
		return n;
	if (tap.meddle)
		host_irq_set_level(MEDDLE_IRQ, true);
	/* The reply (both forms: the first writable buffer): le32 id at 40. */
	if (tap.wrong_clock)
		put_le32(r->in[0].p + 40, id ^ 1);
	r->head = (uint16_t)(r->head + tap.used_id_delta);
	if (tap.n < TAP_MAX)
		tap.req[tap.n++] = (struct tap_req){ d->notifies, type, id };
	if (tap.notify != d->notifies) {
		tap.notify = d->notifies;
		tap.start = sq->used_idx;
		tap.k = 0;
	}
	if (!tap.reverse || tap.k == TAP_MAX)
		return n;
	/*
	 * Requests 0..k of this post: the k entries already in the used ring
	 * and the one about to be pushed become k..0. The driver cannot look
	 * before the notify returns, so rewriting published entries is what
	 * a device completing them in that order would have shown it.
	 */
	tap.heads[tap.k] = r->head;
	tap.lens[tap.k] = (uint32_t)n;
	used = host_dma_ptr(sq->used);
	for (j = 0; j < tap.k; j++) {
		e = used + 4 + 8u * ((uint16_t)(tap.start + j) & (sq->num - 1));
		put_le32(e, tap.heads[tap.k - j]);
		put_le32(e + 4, tap.lens[tap.k - j]);
	}
	if (tap.k == 1)
		tap.reversed++;
	r->head = tap.heads[0];
	n = (int)tap.lens[0];
	tap.k++;
	return n;
}

/* The clock model behind the tap, with a ring of at most qmax entries. */
static void tap_setup(uint32_t qmax, bool reverse, bool in_place, bool probe)
{
	struct clkreg_opts o = { .clk_be = &tap_be, .clk_in_place = in_place,
				 .no_probe = !probe };

	tap_be = sim_clock_backend;
	tap_be.name = "clock-tap";
	tap_be.queue_num_max = qmax;
	tap_be.handle = tap_handle;
	memset(&tap, 0, sizeof(tap));
	tap.notify = ~0u;
	tap.reverse = reverse;
	clkreg_setup(&o);
}

/* Post (1 = first of the replay) of the first request of type about clock id, 0 if none. */
static unsigned int tap_post(unsigned int first, uint32_t type, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < tap.n; i++)
		if (tap.req[i].type == type && tap.req[i].id == id)
			return tap.req[i].post - first + 1;
	return 0;
}

/* Power cut, re-init and replay (IRQs masked or not); returns the replay's result. */
static int cut_and_replay(bool masked, uint32_t *reqs, unsigned int *posts)
{
	unsigned long flags = 0;
	uint32_t r0, irqs;
	unsigned int n0;
	int err;

	sim_power_cut(cw.clk);
	r0 = requests();
	n0 = cw.clk->notifies;
	tap.n = 0;
	if (masked)
		flags = board_irq_save();
	irqs = board_irq_count();
	assert_int_equal(virtio_device_reinit(virtio_get_device(0)), 0);
	err = reqchan_replay(virtio_clock_chan(vc0()));
	if (masked) {
		assert_int_equal(board_irq_count(), irqs);
		board_irq_restore(flags);
	}
	*reqs = requests() - r0;
	*posts = cw.clk->notifies - n0;
	return err;
}

/*
 * Rates follow the known parent chain: xo <- pll0 <- uart_clk, sdhc_clk
 * (set with clk_set_parent); spi_clk and i2c_clk were never re-parented,
 * so their parents are unknown and their rates go with xo's.
 */
static void test_replay_rate_levels(void **state)
{
	static const struct { unsigned int clk; uint32_t hz; } rates[] = {
		{ XO, 19200000 }, { PLL0, 800000000 }, { UART, 48000000 },
		{ SDHC, 50000000 }, { I2C, 400000 }, { SPI, 25000000 },
	};
	struct clk_model_state before[CLK_MODEL_MAX_CLKS];
	unsigned int i, posts, first;
	uint32_t reqs;

	(void)state;
	tap_setup(16, false, false, true);
	assert_int_equal(clk_set_parent(get(PLL0), get(XO)), 0);
	assert_int_equal(clk_set_parent(get(UART), get(PLL0)), 0);
	assert_int_equal(clk_set_parent(get(SDHC), get(PLL0)), 0);
	/* Rates set child first: the replay must not repeat that order. */
	for (i = ARRAY_SIZE(rates); i--;)
		assert_int_equal(clk_set_rate(get(rates[i].clk), rates[i].hz), 0);
	assert_int_equal(clk_enable(get(UART)), 0);
	memcpy(before, cw.cm->st, sizeof(before));

	assert_int_equal(cut_and_replay(true, &reqs, &posts), 0);
	assert_memory_equal(before, cw.cm->st, sizeof(before));
	/* 3 parents, 6 rates, 1 enable; posts: parents, rates x3 levels, enables. */
	assert_int_equal(reqs, 10);
	assert_int_equal(posts, 5);
	first = tap.req[0].post;
	assert_int_equal(tap_post(first, 8, PLL0), 1);
	assert_int_equal(tap_post(first, 8, UART), 1);
	assert_int_equal(tap_post(first, 8, SDHC), 1);
	assert_int_equal(tap_post(first, 2, XO), 2);
	assert_int_equal(tap_post(first, 2, I2C), 2);
	assert_int_equal(tap_post(first, 2, SPI), 2);
	assert_int_equal(tap_post(first, 2, PLL0), 3);
	assert_int_equal(tap_post(first, 2, UART), 4);
	assert_int_equal(tap_post(first, 2, SDHC), 4);
	assert_int_equal(tap_post(first, 0, UART), 5);
}

/* Every rate in one post, completed last to first: matched by cookie. */
static void replay_out_of_order(bool masked, bool in_place)
{
	static const uint32_t rates[NCLK] = {
		19200000, 800000000, 48000000, 50000000, 120000000, 400000, 25000000,
		500000000,
	};
	struct clk_model_state before[CLK_MODEL_MAX_CLKS];
	unsigned int i, posts, errs;
	uint32_t reqs;

	tap_setup(16, true, in_place, true);
	for (i = 0; i < NCLK; i++)
		assert_int_equal(clk_set_rate(get(i), rates[i]), 0);
	assert_int_equal(clk_enable(get(UART)), 0);
	assert_int_equal(clk_enable(get(GPU)), 0);
	memcpy(before, cw.cm->st, sizeof(before));
	errs = vmio_log_errors();
	tap.reversed = 0;

	assert_int_equal(cut_and_replay(masked, &reqs, &posts), 0);
	assert_memory_equal(before, cw.cm->st, sizeof(before));
	assert_int_equal(vmio_log_errors(), errs);
	assert_int_equal(reqs, NCLK + 2);
	/* The pool holds the 8 rates: one post for them, one for the 2 enables. */
	assert_int_equal(posts, 2);
	assert_int_equal(tap.reversed, 2);
	assert_int_equal(cw.cm->stats.in_place, in_place ? cw.cm->stats.requests : 0);
	/* Consumer calls work on after it, one at a time. */
	assert_int_equal(clk_set_rate(get(SPI), 33000000), 0);
	assert_int_equal(cw.cm->st[SPI].rate, 33000000);
}

static void test_replay_out_of_order_polled(void **state)
{
	(void)state;
	replay_out_of_order(true, false);
}

static void test_replay_out_of_order_irq(void **state)
{
	(void)state;
	replay_out_of_order(false, false);
}

static void test_replay_out_of_order_in_place(void **state)
{
	(void)state;
	replay_out_of_order(true, true);
}

/*
 * More clocks than the pool: 12 clocks with rates set make one batch of
 * 12 requests, split into posts of what the pool (VIRTIO_CLKREG_BATCH)
 * and the ring's free descriptors allow.
 */
static void pool_split(uint32_t qmax, bool in_place, unsigned int want_posts)
{
	static const char *const n12[12] = {
		"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11",
	};
	static struct clk_model_clock mc[12];
	static struct board_supply_desc bd[12];
	static const struct clk_model_cfg cfg = { .name = "twelve", .clocks = mc, .nclks = 12 };
	struct board_supply_table t = { bd, 12, in_place };
	struct clk_model_state before[CLK_MODEL_MAX_CLKS];
	unsigned int i, posts;
	uint32_t reqs;

	for (i = 0; i < 12; i++) {
		mc[i] = (struct clk_model_clock){ .name = n12[i], .min_hz = 1000000,
						  .max_hz = 100000000, .default_hz = 1000000 };
		bd[i] = (struct board_supply_desc){ .name = n12[i], .id = i };
	}
	tap_setup(qmax, true, in_place, false);
	sim_clock_configure(cw.clk, &cfg);
	host_supplies_set(cw.clk->base, &t);
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(virtio_get_device(0)->vqs[0]->num, qmax < 16 ? qmax : 16);
	for (i = 0; i < 12; i++)
		assert_int_equal(clk_set_rate(clk_get(n12[i]), 2000000 + 1000000 * i), 0);
	memcpy(before, cw.cm->st, sizeof(before));

	assert_int_equal(cut_and_replay(true, &reqs, &posts), 0);
	assert_memory_equal(before, cw.cm->st, sizeof(before));
	assert_int_equal(reqs, 12);
	assert_int_equal(posts, want_posts);
	assert_int_equal(virtio_get_device(0)->vqs[0]->num_free, virtio_get_device(0)->vqs[0]->num);
}

/* Ring of 16: 8 split-form requests fit; the pool of 8 limits: 8 + 4. */
static void test_replay_split_by_pool(void **state)
{
	(void)state;
	assert_int_equal(VIRTIO_CLKREG_BATCH, 8);
	pool_split(16, false, 2);
}

/* Ring of 8 (the simulator's QueueNumMax): 4 split-form requests per post. */
static void test_replay_split_by_ring(void **state)
{
	(void)state;
	pool_split(8, false, 3);
}

/* Ring of 8 in the in-place form: one descriptor each, the pool limits: 8 + 4. */
static void test_replay_split_in_place(void **state)
{
	(void)state;
	pool_split(8, true, 2);
}

/*
 * --- a device that misbehaves around a call ---
 */

/* The power cut of a sleep cycle also leaves the device's reset stuck. */
static void power_cut_reset_stuck(void)
{
	sim_power_cut(cw.clk);
	cw.clk->f.reset_stuck = true;
}

/*
 * The core's re-init fails before restore_noirq: the device is FAILED.
 * Consumers get -EIO at once (not -EAGAIN, "suspended, try again", for
 * ever), one line each, while the regulator carries on; a recovery once
 * the device resets again brings the state back.
 */
static void test_failed_resume_answers_eio(void **state)
{
	unsigned int errs;
	uint64_t t0;

	(void)state;
	clkreg_setup(NULL);
	assert_int_equal(clk_enable(get(UART)), 0);
	host_set_sleep_hook(power_cut_reset_stuck);
	assert_true(pm_suspend(1000) < 0);
	assert_true(virtio_get_device(0)->failed);
	errs = vmio_log_errors();
	t0 = host_time_now();
	assert_int_equal(clk_enable(get(SPI)), -EIO);
	assert_int_equal(clk_enable(get(SPI)), -EIO);
	assert_true(host_time_now() - t0 < 100);
	assert_int_equal(vmio_log_errors(), errs + 2);
	assert_non_null(strstr(host_log_last(), "failed"));
	assert_int_equal(clk_enable_count(get(SPI)), 0);
	clkreg_assert_regulator_works();
	cw.clk->f.reset_stuck = false;
	assert_int_equal(reqchan_recover(virtio_clock_chan(vc0())), 0);
	assert_true(cw.cm->st[UART].enabled);
	assert_int_equal(clk_enable(get(SPI)), 0);
	assert_true(cw.cm->st[SPI].enabled);
}

/*
 * The device publishes the used entry of a reply twice. The call whose
 * reply arrived keeps its result; the extra entry is reported in one
 * line and never read as a reply: the device is reset, and the next call
 * recovers it (state replayed) before it goes out.
 */
static void reply_twice(bool masked)
{
	struct virtio_clock_info info;
	unsigned long flags = 0;
	unsigned int errs;
	uint32_t hz = 0;
	int err;

	clkreg_setup(NULL);
	assert_int_equal(clk_set_rate(get(GPU), 500000000), 0);
	errs = vmio_log_errors();
	cw.clk->f.used_dup_id = true;
	if (masked)
		flags = board_irq_save();
	err = clk_enable(get(UART));
	if (masked)
		board_irq_restore(flags);
	assert_int_equal(err, 0);
	assert_int_equal(clk_enable_count(get(UART)), 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "twice"));
	assert_false(virtio_get_device(0)->failed);
	clkreg_assert_regulator_works();
	/* The next call brings the device back first: nothing was lost. */
	assert_int_equal(clk_get_rate(get(GPU), &hz), 0);
	assert_int_equal(hz, 500000000);
	assert_true(cw.cm->st[UART].enabled);
	virtio_clock_get_info(vc0(), &info);
	assert_int_equal(info.chan.recoveries, 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
}

static void test_fault_reply_twice(void **state)
{
	(void)state;
	reply_twice(false);
}

static void test_fault_reply_twice_polled(void **state)
{
	(void)state;
	reply_twice(true);
}

/*
 * An interrupting caller: a handler of another interrupt line that uses
 * the clock API. The device (through the tap) raises it whenever it
 * serves a request, so it runs right after the clock's own interrupt
 * took the completions, when nothing is in flight.
 */
static struct {
	bool on;
	unsigned int calls, refused;
	int other;			/* a result other than -EBUSY */
} meddle;

static void meddle_irq(void *arg)
{
	uint32_t hz;
	int err;

	(void)arg;
	host_irq_set_level(MEDDLE_IRQ, false);
	if (!meddle.on)
		return;
	meddle.calls++;
	err = clk_get_rate(clk_get("spi_clk"), &hz);
	if (err == -EBUSY)
		meddle.refused++;
	else
		meddle.other = err ? err : 1;
}

/*
 * Replay in batches with IRQs on while an interrupting caller tries the
 * channel after every completion, between batches too: each try gets
 * -EBUSY and one line, nothing of it reaches the device, and the replay
 * restores everything.
 */
static void test_replay_refuses_interrupting_caller(void **state)
{
	struct clk_model_state before[CLK_MODEL_MAX_CLKS];
	uint32_t get_rates;
	unsigned int errs;

	(void)state;
	tap_setup(16, false, false, true);
	memset(&meddle, 0, sizeof(meddle));
	assert_int_equal(board_irq_register(MEDDLE_IRQ, BOARD_IRQ_LEVEL, meddle_irq, NULL), 0);
	assert_int_equal(clk_set_parent(get(UART), get(PLL0)), 0);
	assert_int_equal(clk_set_rate(get(UART), 48000000), 0);
	assert_int_equal(clk_set_rate(get(SPI), 25000000), 0);
	assert_int_equal(clk_enable(get(UART)), 0);
	assert_int_equal(clk_enable(get(SPI)), 0);
	memcpy(before, cw.cm->st, sizeof(before));
	sim_power_cut(cw.clk);
	assert_int_equal(virtio_device_reinit(virtio_get_device(0)), 0);
	get_rates = cw.cm->stats.by_type[3];
	errs = vmio_log_errors();
	meddle.on = true;
	tap.meddle = true;
	assert_int_equal(reqchan_replay(virtio_clock_chan(vc0())), 0);
	tap.meddle = false;
	meddle.on = false;
	/* Parents, rates, enables: one post each, a try after each. */
	assert_true(meddle.calls >= 3);
	assert_int_equal(meddle.other, 0);
	assert_int_equal(meddle.refused, meddle.calls);
	assert_int_equal(vmio_log_errors(), errs + meddle.calls);
	assert_int_equal(cw.cm->stats.by_type[3], get_rates);
	assert_memory_equal(before, cw.cm->st, sizeof(before));
	board_irq_unregister(MEDDLE_IRQ);
}

/*
 * Interrupt latency in fake time: a timer handler that re-arms itself
 * every microsecond notes how late it runs. While IRQs are masked it
 * cannot run, so its worst lateness bounds the longest masked stretch
 * (plus the longest single wait step, when time jumps by more).
 */
static struct {
	bool on;
	uint64_t due, worst;
} lat;

static void lat_irq(void *arg)
{
	uint64_t now = host_time_now();

	(void)arg;
	if (lat.due && now - lat.due > lat.worst)
		lat.worst = now - lat.due;
	lat.due = lat.on ? now + 1 : 0;
	board_timer_oneshot(lat.on ? 1 : 0);
}

static void lat_start(void)
{
	memset(&lat, 0, sizeof(lat));
	assert_int_equal(board_irq_register(board_timer_irq(), BOARD_IRQ_LEVEL, lat_irq, NULL), 0);
	lat.on = true;
	lat.due = host_time_now() + 1;
	board_timer_oneshot(1);
}

static uint64_t lat_stop(void)
{
	lat.on = false;
	board_timer_oneshot(0);
	board_irq_unregister(board_timer_irq());
	return lat.worst;
}

/*
 * A call times out (the device drops it) and the reset that takes the
 * buffers back never completes: the whole reset timeout passes, but not
 * with IRQs masked. The call fails with -ETIMEDOUT, the device is FAILED,
 * the next call gets -EIO at once.
 */
static void test_timeout_reset_not_masked(void **state)
{
	uint64_t t0, worst;
	unsigned int errs;

	(void)state;
	clkreg_setup(NULL);
	errs = vmio_log_errors();
	cw.cm->f.drop_next = 1;
	cw.clk->f.reset_stuck = true;
	lat_start();
	t0 = host_time_now();
	assert_int_equal(clk_enable(get(UART)), -ETIMEDOUT);
	worst = lat_stop();
	printf("clkreg_timeout_irq_masked_max %u us (call %u us)\n", (unsigned int)worst,
	       (unsigned int)(host_time_now() - t0));
	assert_true(host_time_now() - t0 >= VIRTIO_CLKREG_TIMEOUT_US + VIRTIO_RESET_TIMEOUT_US);
	/*
	 * The probe runs between wait steps only, and the reset polls in
	 * steps of up to about 1 ms: 2 ms is its resolution here. With the
	 * reset inside the masked section, IRQs stayed off for the whole
	 * reset timeout (100 ms).
	 */
	assert_true(worst < 2000);
	assert_true(virtio_get_device(0)->failed);
	/* The timeout's line and the reset's. */
	assert_int_equal(vmio_log_errors(), errs + 2);
	t0 = host_time_now();
	assert_int_equal(clk_enable(get(UART)), -EIO);
	assert_true(host_time_now() - t0 < 100);
	clkreg_assert_regulator_works();
}

/*
 * The used entry names a descriptor of the request that is not its
 * chain head (a cookie the driver never handed out): the queue is
 * broken, the device FAILED (-EIO, one line), the regulator carries on,
 * and a recovery brings the clock back.
 */
static void test_fault_used_id_not_head(void **state)
{
	unsigned int errs;
	uint32_t hz = 0;

	(void)state;
	tap_setup(16, false, false, true);
	assert_int_equal(clk_set_rate(get(SPI), 5000000), 0);
	errs = vmio_log_errors();
	tap.used_id_delta = 1;
	assert_int_equal(clk_enable(get(SPI)), -EIO);
	tap.used_id_delta = 0;
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "not in flight"));
	assert_true(virtio_get_device(0)->failed);
	assert_int_equal(clk_enable_count(get(SPI)), 0);
	clkreg_assert_regulator_works();
	assert_int_equal(reqchan_recover(virtio_clock_chan(vc0())), 0);
	assert_int_equal(clk_get_rate(get(SPI), &hz), 0);
	assert_int_equal(hz, 5000000);
}

/*
 * A reply that answers another clock (the echoed index is not the
 * request's): -EIO with one line, nothing recorded, the next call works.
 */
static void test_fault_reply_for_another_clock(void **state)
{
	unsigned int errs;
	uint32_t hz = 0;

	(void)state;
	tap_setup(16, false, false, true);
	errs = vmio_log_errors();
	tap.wrong_clock = true;
	assert_int_equal(clk_set_rate(get(SPI), 5000000), -EIO);
	tap.wrong_clock = false;
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "malformed"));
	assert_false(virtio_get_device(0)->failed);
	assert_int_equal(clk_set_rate(get(SPI), 6000000), 0);
	assert_int_equal(clk_get_rate(get(SPI), &hz), 0);
	assert_int_equal(hz, 6000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: its queue storage must never have been bound (priv NULL). */
		CLKREG_TEST(test_used_entry_during_probe),
		CLKREG_TEST(test_probe_and_lookup),
		CLKREG_TEST(test_roundtrip_split),
		CLKREG_TEST(test_roundtrip_in_place),
		CLKREG_TEST(test_switch_form_at_runtime),
		CLKREG_TEST(test_refcount),
		CLKREG_TEST(test_local_refusals),
		CLKREG_TEST(test_reset_needs_feature),
		CLKREG_TEST(test_device_results),
		CLKREG_TEST(test_fault_short_reply),
		CLKREG_TEST(test_fault_short_reply_in_place),
		CLKREG_TEST(test_fault_malformed_reply),
		CLKREG_TEST(test_fault_unwritten_reply),
		CLKREG_TEST(test_fault_dropped_request),
		CLKREG_TEST(test_fault_used_bad_id),
		CLKREG_TEST(test_fault_used_len_over),
		CLKREG_TEST(test_fault_needs_reset),
		CLKREG_TEST(test_fault_features_refused),
		CLKREG_TEST(test_fault_reset_stuck),
		CLKREG_TEST(test_polled_with_irqs_masked),
		CLKREG_TEST(test_legacy_transport_refused),
		CLKREG_TEST(test_old_id_needs_opt_in),
		CLKREG_TEST(test_old_id_with_opt_in),
		CLKREG_TEST(test_table_errors),
		CLKREG_TEST(test_replay_after_power_cut),
		CLKREG_TEST(test_replay_after_power_cut_masked),
		CLKREG_TEST(test_replay_released_reset),
		CLKREG_TEST(test_frozen_refuses),
		CLKREG_TEST(test_replay_rate_levels),
		CLKREG_TEST(test_replay_out_of_order_polled),
		CLKREG_TEST(test_replay_out_of_order_irq),
		CLKREG_TEST(test_replay_out_of_order_in_place),
		CLKREG_TEST(test_replay_split_by_pool),
		CLKREG_TEST(test_replay_split_by_ring),
		CLKREG_TEST(test_replay_split_in_place),
		CLKREG_TEST(test_failed_resume_answers_eio),
		CLKREG_TEST(test_fault_reply_twice),
		CLKREG_TEST(test_fault_reply_twice_polled),
		CLKREG_TEST(test_replay_refuses_interrupting_caller),
		CLKREG_TEST(test_timeout_reset_not_masked),
		CLKREG_TEST(test_fault_used_id_not_head),
		CLKREG_TEST(test_fault_reply_for_another_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
