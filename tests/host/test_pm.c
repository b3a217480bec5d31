// SPDX-License-Identifier: MIT
/*
 * The noirq path and the PM state machine against the simulator: the
 * exact register sequence of a noirq restore on both transports, the
 * order from dependencies and classes, cycles, rollback of a failed
 * freeze, a device failing its restore while the others come back, a
 * reset that never completes, the IRQ-masked window (masked at the
 * "CPU", no interrupt delivered inside it), config changes latched
 * while frozen, and the trace.
 *
 * Three fake drivers: a regulator and a clock (sim rng engines with the
 * clock and regulator device IDs; the protocol does not matter here,
 * the PM classes do) with all four callbacks, and a blk with freeze and
 * restore only, or with restore_noirq too (tblkn).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "board/board.h"
#include "vmio/log.h"
#include "drivers/blk/virtio_blk.h"
#include "virtio/pm.h"
#include "virtio/virtio.h"
#include "virtio/virtio_mmio.h"
#include "virtio/virtio_mmio_regs.h"
#include "virtio/virtqueue.h"
#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/host_board_deps.h"
#include "tests/host/support/vt_util.h"

#define ID_CLOCK 0xc000
#define ID_REGULATOR 0xc001
#define BLK_F_SEG_MAX 2
#define BLK_F_BLK_SIZE 6
#define BLK_F_FLUSH 9
#define BLK_DRV_LO ((1u << BLK_F_SEG_MAX) | (1u << BLK_F_BLK_SIZE) | \
		    (1u << BLK_F_FLUSH) | (1u << 29))

/* --- what the drivers saw --- */

static char events[1024];
static bool noirq_unmasked;	/* a noirq callback ran with IRQs on */
static bool irq_cb_masked;	/* a freeze/restore callback ran with IRQs masked */
static unsigned int config_changes[3];

static void ev(const char *who, const char *what)
{
	size_t n = strlen(events);

	snprintf(events + n, sizeof(events) - n, "%s%s.%s", n ? " " : "", who, what);
}

/* --- fake drivers --- */

enum { REG, CLK, BLK };

struct fake {
	const char *name;
	struct virtqueue *vq;
	int fail_freeze, fail_freeze_noirq, fail_restore_noirq;
	bool io_in_restore_noirq;	/* a polled request with IRQs masked */
	struct sim_dev *config_poke;	/* raise a config change from freeze */
};

VIRTQ_DEFINE(reg_vq, 8);
VIRTQ_DEFINE(clk_vq, 8);
VIRTQ_DEFINE(blk_vq, 64);

static struct fake fakes[3] = {
	[REG] = { .name = "reg", .vq = &reg_vq },
	[CLK] = { .name = "clk", .vq = &clk_vq },
	[BLK] = { .name = "blk", .vq = &blk_vq },
};

static unsigned int fake_of(struct virtio_device *dev)
{
	switch (dev->id) {
	case ID_REGULATOR: return REG;
	case ID_CLOCK: return CLK;
	default: return BLK;
	}
}

static int fake_probe(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { fakes[fake_of(dev)].vq };

	return virtio_find_vqs(dev, 1, vqs, NULL);
}

/* One polled request on the fake's queue: bytes in from the rng engine. */
static int fake_io(struct fake *f)
{
	static __aligned(BOARD_DMA_ALIGN) uint8_t buf[16];
	struct virtio_sg in = { buf, sizeof(buf) };
	uint32_t len = 0;
	int ret;

	memset(buf, 0xee, sizeof(buf));
	ret = virtqueue_add_sgs(f->vq, NULL, 0, &in, 1, buf);
	if (ret)
		return ret;
	virtqueue_kick(f->vq);
	ret = virtqueue_poll_wait(f->vq, 1000);
	if (ret)
		return ret;
	if (virtqueue_get_buf(f->vq, &len) != buf || len != sizeof(buf) || buf[1] == 0xee)
		return -EIO;
	return 0;
}

/* Set: the next freeze callback tries the calls pm_suspend() refuses inside it. */
static bool inside_calls;
static int inside_ret[2];
static char inside_line[2][128];

static void fake_inside_calls(void)
{
	if (!inside_calls)
		return;
	inside_calls = false;
	inside_ret[0] = pm_suspend(1000);
	snprintf(inside_line[0], sizeof(inside_line[0]), "%s", host_log_last());
	inside_ret[1] = pm_set_dep_table(NULL, 0);
	snprintf(inside_line[1], sizeof(inside_line[1]), "%s", host_log_last());
}

static int fake_freeze(struct virtio_device *dev)
{
	struct fake *f = &fakes[fake_of(dev)];

	ev(f->name, "freeze");
	fake_inside_calls();
	irq_cb_masked |= board_irqs_masked();
	if (f->config_poke)
		sim_config_change(f->config_poke);
	return f->fail_freeze;
}

static int fake_freeze_noirq(struct virtio_device *dev)
{
	struct fake *f = &fakes[fake_of(dev)];

	ev(f->name, "freeze_noirq");
	noirq_unmasked |= !board_irqs_masked();
	return f->fail_freeze_noirq;
}

static int fake_restore_noirq(struct virtio_device *dev)
{
	struct fake *f = &fakes[fake_of(dev)];

	ev(f->name, "restore_noirq");
	noirq_unmasked |= !board_irqs_masked();
	if (f->fail_restore_noirq)
		return f->fail_restore_noirq;
	virtio_device_ready_noirq(dev);
	if (f->io_in_restore_noirq) {
		/* Poked here, seen only after unmask: the window takes no interrupt. */
		if (f->config_poke)
			sim_config_change(f->config_poke);
		return fake_io(f);
	}
	return 0;
}

static int fake_restore(struct virtio_device *dev)
{
	struct fake *f = &fakes[fake_of(dev)];

	ev(f->name, "restore");
	irq_cb_masked |= board_irqs_masked();
	return 0;
}

static void fake_config_changed(struct virtio_device *dev)
{
	config_changes[fake_of(dev)]++;
}

static const struct virtio_device_id reg_ids[] = {
	{ ID_REGULATOR, VIRTIO_DEV_ANY_ID }, { 0, 0 },
};
static const struct virtio_device_id clk_ids[] = {
	{ ID_CLOCK, VIRTIO_DEV_ANY_ID }, { 0, 0 },
};
static const struct virtio_device_id blk_ids[] = {
	{ VIRTIO_ID_BLOCK, VIRTIO_DEV_ANY_ID }, { 0, 0 },
};
static const unsigned int blk_features[] = { BLK_F_SEG_MAX, BLK_F_BLK_SIZE, BLK_F_FLUSH };

#define FAKE_NOIRQ_DRIVER(var, nm, ids, cls)				\
	static struct virtio_driver var = {				\
		.name = nm, .id_table = ids, .pm_class = cls,		\
		.probe = fake_probe, .config_changed = fake_config_changed, \
		.freeze = fake_freeze, .freeze_noirq = fake_freeze_noirq, \
		.restore_noirq = fake_restore_noirq, .restore = fake_restore, \
	}

FAKE_NOIRQ_DRIVER(treg, "treg", reg_ids, VIRTIO_PM_REGULATOR);
FAKE_NOIRQ_DRIVER(tclk, "tclk", clk_ids, VIRTIO_PM_CLOCK);

static struct virtio_driver tblk = {
	.name = "tblk", .id_table = blk_ids, .pm_class = VIRTIO_PM_NORMAL,
	.feature_table = blk_features, .feature_table_size = 3,
	.probe = fake_probe, .config_changed = fake_config_changed,
	.freeze = fake_freeze, .restore = fake_restore,
};

/* A blk driver restored in the noirq phase: the budgeted sequence. */
static struct virtio_driver tblkn = {
	.name = "tblkn", .id_table = blk_ids, .pm_class = VIRTIO_PM_NORMAL,
	.feature_table = blk_features, .feature_table_size = 3,
	.probe = fake_probe, .restore_noirq = fake_restore_noirq,
};

/* A driver with no PM callbacks at all. */
static struct virtio_driver tblk_plain = {
	.name = "tblk-plain", .id_table = blk_ids,
	.feature_table = blk_features, .feature_table_size = 3,
	.probe = fake_probe,
};

static struct sim_backend reg_backend, clk_backend;

/* --- the platform sleep: every device loses power, then a test's fault --- */

static struct sim_dev *sims[4];
static unsigned int nsims, sleeps;
static void (*after_power_cut)(void);

static void sleep_hook(void)
{
	unsigned int i;

	sleeps++;
	for (i = 0; i < nsims; i++)
		sim_power_cut(sims[i]);
	if (after_power_cut)
		after_power_cut();
}

static struct sim_dev *add(unsigned int slot, uint32_t version,
			   const struct sim_backend *be)
{
	return sims[nsims++] = sim_add(slot, version, be);
}

static int setup(void **state)
{
	unsigned int i;

	(void)state;
	vt_reset();
	pm_clear();
	host_set_sleep_hook(sleep_hook);
	nsims = sleeps = 0;
	inside_calls = false;
	after_power_cut = NULL;
	events[0] = 0;
	noirq_unmasked = irq_cb_masked = false;
	memset(config_changes, 0, sizeof(config_changes));
	for (i = 0; i < 3; i++) {
		fakes[i].fail_freeze = fakes[i].fail_freeze_noirq = 0;
		fakes[i].fail_restore_noirq = 0;
		fakes[i].io_in_restore_noirq = false;
		fakes[i].config_poke = NULL;
	}
	reg_backend = sim_rng_backend;
	reg_backend.name = "regulator";
	reg_backend.device_id = ID_REGULATOR;
	clk_backend = sim_rng_backend;
	clk_backend.name = "clock";
	clk_backend.device_id = ID_CLOCK;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(sim_violations(), 0);
	assert_false(board_irqs_masked());
	vt_reset();
	pm_clear();
	return 0;
}

/* A blk read of sector 0 on blk_vq, polled. */
static void blk_io(void)
{
	static struct { uint32_t type, reserved; uint64_t sector; } hdr;
	static __aligned(BOARD_DMA_ALIGN) uint8_t data[512], status;
	struct virtio_sg out = { &hdr, 16 };
	struct virtio_sg in[2] = { { data, sizeof(data) }, { &status, 1 } };
	uint32_t len = 0;

	status = 0xff;
	assert_int_equal(virtqueue_add_sgs(&blk_vq, &out, 1, in, 2, &hdr), 0);
	virtqueue_kick(&blk_vq);
	assert_int_equal(virtqueue_poll_wait(&blk_vq, 1000), 0);
	assert_ptr_equal(virtqueue_get_buf(&blk_vq, &len), &hdr);
	assert_int_equal(len, 513);
	assert_int_equal(status, 0);
}

/* Regulator, clock and blk, probe order adverse to the class order. */
static void three_devices(uint32_t version)
{
	add(31, version, &sim_blk_backend);	/* virtio0 */
	add(30, version, &clk_backend);		/* virtio1 */
	add(29, version, &reg_backend);		/* virtio2 */
	assert_int_equal(virtio_register_driver(&tblk), 0);
	assert_int_equal(virtio_register_driver(&tclk), 0);
	assert_int_equal(virtio_register_driver(&treg), 0);
	/* The DTB story: blk has clocks = <&clk>, clk has vdd-supply = <&reg>. */
	host_board_set_phandle(2, 0x10);
	host_board_set_phandle(1, 0x20);
	host_board_add_dep(1, 0x10);
	host_board_add_dep(0, 0x20);
	host_board_add_dep(0, 0x99);	/* a fixed clock, not a virtio device */
	assert_int_equal(virtio_probe_all(), 3);
}

static void all_work(void)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		assert_false(virtio_get_device(i)->failed);
		assert_int_equal(sims[i]->status, 0xf);
		assert_int_equal(virtio_get_device(i)->pm_state, VIRTIO_PM_ACTIVE);
	}
	blk_io();
	assert_int_equal(fake_io(&fakes[CLK]), 0);
	assert_int_equal(fake_io(&fakes[REG]), 0);
}

#define R(o, v) { 'R', VIRTIO_MMIO_##o, (v) }
#define W(o, v) { 'W', VIRTIO_MMIO_##o, (v) }

/* Trace row of step for device dev, or NULL. */
static const struct pm_trace_entry *row(enum pm_step step, unsigned int dev)
{
	unsigned int i;

	for (i = 0; i < pm_trace_count(); i++)
		if (pm_trace_get(i)->step == step && pm_trace_get(i)->dev == dev)
			return pm_trace_get(i);
	return NULL;
}

/* --- tests --- */

static void test_modern_noirq_restore_sequence(void **state)
{
	static const struct vt_exp exp[] = {
		R(MAGIC_VALUE, 0x74726976), R(VERSION, 2), R(DEVICE_ID, 2),
		W(STATUS, 0), R(STATUS, 0),
		W(STATUS, 1), W(STATUS, 3),
		W(DEVICE_FEATURES_SEL, 0), R(DEVICE_FEATURES, VT_ANY),
		W(DEVICE_FEATURES_SEL, 1), R(DEVICE_FEATURES, 1),
		W(DRIVER_FEATURES_SEL, 0), W(DRIVER_FEATURES, BLK_DRV_LO),
		W(DRIVER_FEATURES_SEL, 1), W(DRIVER_FEATURES, 1),
		W(STATUS, 0xb), R(STATUS, 0xb),
		W(QUEUE_SEL, 0), R(QUEUE_NUM_MAX, 128), R(QUEUE_READY, 0),
		W(QUEUE_NUM, 64),
		W(QUEUE_DESC_LOW, VT_ANY), W(QUEUE_DESC_HIGH, 0),
		W(QUEUE_DRIVER_LOW, VT_ANY), W(QUEUE_DRIVER_HIGH, 0),
		W(QUEUE_DEVICE_LOW, VT_ANY), W(QUEUE_DEVICE_HIGH, 0),
		W(QUEUE_READY, 1),
		W(STATUS, 0xf),
	};
	const struct pm_trace_entry *e;
	struct sim_dev *blk;

	(void)state;
	blk = add(31, 2, &sim_blk_backend);
	assert_int_equal(virtio_register_driver(&tblkn), 0);
	assert_int_equal(virtio_probe_all(), 1);
	blk_io();
	sim_log_clear();
	assert_int_equal(pm_suspend(1000), 0);
	assert_int_equal(sleeps, 1);
	assert_int_equal(vt_log_match(0, exp, ARRAY_SIZE(exp)), -1);
	e = row(PM_STEP_RESTORE_NOIRQ, 0);
	assert_non_null(e);
	/*
	 * 29 = the 20 of a blind restore + 3 identity reads + 4 to re-read
	 * the device features + QueueNumMax + QueueReady.
	 */
	assert_int_equal(e->mmio, ARRAY_SIZE(exp));
	assert_int_equal(e->mmio, 29);
	assert_true(e->masked);
	assert_int_equal(e->result, 0);
	/* The restore phase only closes the cycle: no second re-init. */
	assert_int_equal(row(PM_STEP_RESTORE, 0)->mmio, 0);
	assert_int_equal(virtio_get_device(0)->pm_state, VIRTIO_PM_ACTIVE);
	assert_int_equal(blk->q[0].desc, board_dma_addr(blk_vq.desc));
	assert_int_equal(blk->q[0].used, board_dma_addr(blk_vq.used));
	assert_int_equal(blk_vq.avail_idx, 0);
	assert_int_equal(blk_vq.num_free, blk_vq.num);
	blk_io();
	blk_io();
}

static void test_legacy_noirq_restore_sequence(void **state)
{
	static const struct vt_exp exp[] = {
		R(MAGIC_VALUE, 0x74726976), R(VERSION, 1), R(DEVICE_ID, 2),
		W(STATUS, 0), R(STATUS, 0),
		W(STATUS, 1), W(STATUS, 3),
		W(DEVICE_FEATURES_SEL, 0), R(DEVICE_FEATURES, VT_ANY),
		W(DRIVER_FEATURES_SEL, 0), W(DRIVER_FEATURES, BLK_DRV_LO),
		W(GUEST_PAGE_SIZE, 4096),
		W(QUEUE_SEL, 0), R(QUEUE_NUM_MAX, 128), W(QUEUE_NUM, 64),
		W(QUEUE_ALIGN, 4096), W(QUEUE_PFN, VT_ANY),
		W(STATUS, 0x7),
	};
	struct sim_dev *blk;

	(void)state;
	blk = add(31, 1, &sim_blk_backend);
	assert_int_equal(virtio_register_driver(&tblkn), 0);
	assert_int_equal(virtio_probe_all(), 1);
	blk_io();
	sim_log_clear();
	assert_int_equal(pm_suspend(1000), 0);
	assert_int_equal(vt_log_match(0, exp, ARRAY_SIZE(exp)), -1);
	/* 18 = 12 blind + 3 identity + 2 device features + QueueNumMax. */
	assert_int_equal(row(PM_STEP_RESTORE_NOIRQ, 0)->mmio, ARRAY_SIZE(exp));
	assert_int_equal(row(PM_STEP_RESTORE_NOIRQ, 0)->mmio, 18);
	assert_int_equal((uint64_t)blk->q[0].pfn * 4096, board_dma_addr(blk_vq.desc));
	blk_io();
}

static void test_helpers_one_by_one(void **state)
{
	struct virtio_device *dev;
	struct sim_dev *blk;
	unsigned long flags;
	uint32_t m;
	unsigned int lines, errs;

	(void)state;
	blk = add(31, 2, &sim_blk_backend);
	assert_int_equal(virtio_register_driver(&tblk_plain), 0);
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);
	sim_power_cut(blk);
	flags = board_irq_save();
	m = virtio_mmio_access_count();
	assert_int_equal(virtio_reset_device_noirq(dev), 0);
	assert_int_equal(virtio_mmio_access_count() - m, 2);
	virtio_add_status_noirq(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_add_status_noirq(dev, VIRTIO_STATUS_DRIVER);
	assert_int_equal(virtio_features_ok_noirq(dev), 0);
	assert_int_equal(virtio_mmio_access_count() - m, 10);
	assert_int_equal(virtqueue_reinit_vring(&blk_vq), 0);
	assert_int_equal(dev->config->setup_vqs(dev, true), 0);
	assert_int_equal(virtio_mmio_access_count() - m, 21);
	virtio_device_ready_noirq(dev);
	assert_int_equal(virtio_mmio_access_count() - m, 22);
	/* Twice is a restore path gone wrong: a warning, not an error. */
	lines = host_log_lines();
	errs = vmio_log_errors();
	virtio_device_ready_noirq(dev);
	assert_int_equal(host_log_lines(), lines + 1);
	assert_int_equal(vmio_log_errors(), errs);
	assert_non_null(strstr(host_log_last(), "DRIVER_OK already set"));
	board_irq_restore(flags);
	assert_int_equal(blk->status, 0xf);
	blk_io();
	/* reinit_noirq: identity 3, then those ten with the features re-read (4). */
	sim_power_cut(blk);
	m = virtio_mmio_access_count();
	assert_int_equal(virtio_device_reinit_noirq(dev), 0);
	assert_int_equal(virtio_mmio_access_count() - m, 17);
	assert_int_equal(blk->status, 0xb);
}

static void test_reinit_vring_refused_in_flight(void **state)
{
	struct sim_dev *blk;
	unsigned int errs;
	static __aligned(BOARD_DMA_ALIGN) uint8_t buf[512];
	struct virtio_sg in = { buf, sizeof(buf) };
	uint16_t free_head;

	(void)state;
	blk = add(31, 2, &sim_blk_backend);
	assert_int_equal(virtio_register_driver(&tblk_plain), 0);
	assert_int_equal(virtio_probe_all(), 1);
	blk->f.defer = true;	/* the device holds the request */
	assert_int_equal(virtqueue_add_sgs(&blk_vq, NULL, 0, &in, 1, buf), 0);
	virtqueue_kick(&blk_vq);
	free_head = blk_vq.free_head;
	errs = vmio_log_errors();
	assert_int_equal(virtqueue_reinit_vring(&blk_vq), -EBUSY);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "1 buffers in flight"));
	/* Nothing was touched. */
	assert_int_equal(blk_vq.free_head, free_head);
	assert_int_equal(blk_vq.num_free, blk_vq.num - 1);
	assert_int_equal(blk_vq.avail_idx, 1);

	/* A driver without freeze cannot sleep that device: refused, nothing cut. */
	errs = vmio_log_errors();
	assert_int_equal(pm_suspend(1000), -EBUSY);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "buffers in flight"));
	assert_int_equal(sleeps, 0);
	assert_false(virtio_get_device(0)->failed);
	assert_int_equal(virtio_get_device(0)->pm_state, VIRTIO_PM_ACTIVE);
	assert_true(virtio_get_device(0)->config_core_enabled);
	/* ... and the request still completes. */
	sim_process(blk, 0);
	assert_int_equal(virtqueue_poll_wait(&blk_vq, 10), 0);
	assert_ptr_equal(virtqueue_get_buf(&blk_vq, NULL), buf);
	assert_int_equal(virtqueue_reinit_vring(&blk_vq), 0);
	assert_int_equal(pm_suspend(1000), 0);
	assert_int_equal(sleeps, 1);
}

static void test_order_from_dependencies(void **state)
{
	struct virtio_device *order[4];

	(void)state;
	three_devices(2);
	assert_int_equal(pm_get_order(order, 4), 3);
	assert_int_equal(order[0]->index, 2);	/* regulator */
	assert_int_equal(order[1]->index, 1);	/* clock */
	assert_int_equal(order[2]->index, 0);	/* blk */
	assert_int_equal(pm_suspend(1000), 0);
	assert_string_equal(events,
		"blk.freeze clk.freeze reg.freeze "
		"clk.freeze_noirq reg.freeze_noirq "
		"reg.restore_noirq clk.restore_noirq "
		"reg.restore clk.restore blk.restore");
	assert_false(noirq_unmasked);
	assert_false(irq_cb_masked);
	all_work();
}

/* blk at slot 31 (virtio0), clock at 30 (virtio1), regulator at 29 (virtio2), bound. */
static void blk_clk_reg(void)
{
	add(31, 2, &sim_blk_backend);
	add(30, 2, &clk_backend);
	add(29, 2, &reg_backend);
	assert_int_equal(virtio_register_driver(&tblk), 0);
	assert_int_equal(virtio_register_driver(&tclk), 0);
	assert_int_equal(virtio_register_driver(&treg), 0);
	assert_int_equal(virtio_probe_all(), 3);
}

static void test_dependency_beats_class(void **state)
{
	struct virtio_device *order[4];
	static const struct pm_dep table[] = {
		/* the regulator needs the blk (say, firmware on it): a board table */
		{ SIM_SLOT_BASE + 29 * SIM_SLOT_STRIDE, SIM_SLOT_BASE + 31 * SIM_SLOT_STRIDE },
		{ 0x12345000, SIM_SLOT_BASE + 31 * SIM_SLOT_STRIDE },	/* no such device */
	};

	(void)state;
	blk_clk_reg();
	/* Classes alone: regulator, clock, blk. */
	assert_int_equal(pm_get_order(order, 4), 3);
	assert_int_equal(order[0]->index, 2);
	assert_int_equal(order[1]->index, 1);
	assert_int_equal(order[2]->index, 0);
	assert_int_equal(pm_set_dep_table(table, ARRAY_SIZE(table)), 0);
	assert_int_equal(pm_get_order(order, 4), 3);
	assert_int_equal(order[0]->index, 0);	/* blk first: it supplies the regulator */
	assert_int_equal(order[1]->index, 2);
	assert_int_equal(order[2]->index, 1);
	assert_int_equal(pm_set_dep_table(NULL, 0), 0);
	assert_int_equal(pm_get_order(order, 4), 3);
	assert_int_equal(order[0]->index, 2);
}

/* A masked restore before its supplier's IRQs-on one: one warning, once. */
static void test_cross_phase_dependency_warned_once(void **state)
{
	struct virtio_device *order[4];
	static const struct pm_dep table[] = {
		/* the regulator (restore_noirq) needs the blk (restore only) */
		{ SIM_SLOT_BASE + 29 * SIM_SLOT_STRIDE, SIM_SLOT_BASE + 31 * SIM_SLOT_STRIDE },
	};
	unsigned int lines, errs;

	(void)state;
	blk_clk_reg();
	lines = host_log_lines();
	assert_int_equal(pm_get_order(order, 4), 3);
	assert_int_equal(host_log_lines(), lines);
	assert_int_equal(pm_set_dep_table(table, ARRAY_SIZE(table)), 0);
	errs = vmio_log_errors();
	assert_int_equal(pm_get_order(order, 4), 3);
	assert_int_equal(host_log_lines(), lines + 1);
	assert_non_null(strstr(host_log_last(),
			       "pm: virtio2 restores in the noirq phase, before its supplier virtio0"));
	assert_int_equal(order[0]->index, 0);
	assert_int_equal(pm_get_order(order, 4), 3);
	assert_int_equal(pm_suspend(1000), 0);
	assert_int_equal(host_log_lines(), lines + 1);
	assert_int_equal(vmio_log_errors(), errs);
}

static void test_dependency_cycle_reported(void **state)
{
	unsigned int errs;

	(void)state;
	three_devices(2);
	host_board_set_phandle(0, 0x30);
	host_board_add_dep(2, 0x30);	/* reg -> blk -> clk -> reg */
	errs = vmio_log_errors();
	assert_int_equal(pm_suspend(1000), -ELOOP);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "dependency cycle among virtio0 virtio1 virtio2"));
	assert_string_equal(events, "");
	assert_int_equal(sleeps, 0);
	assert_int_equal(pm_trace_count(), 1);
	assert_int_equal(pm_trace_get(0)->step, PM_STEP_ORDER);
	assert_int_equal(pm_trace_get(0)->result, -ELOOP);
	assert_int_equal(pm_get_stats()->cycles, 0);
	all_work();
}

static void test_self_dependency_is_a_cycle(void **state)
{
	(void)state;
	three_devices(1);
	host_board_add_dep(2, 0x10);	/* the regulator supplies itself */
	assert_int_equal(pm_suspend(1000), -ELOOP);
	assert_non_null(strstr(host_log_last(), "cycle among virtio0 virtio1 virtio2"));
	assert_int_equal(sleeps, 0);
}

static void test_freeze_failure_rolls_back(void **state)
{
	unsigned int errs;

	(void)state;
	three_devices(2);
	fakes[CLK].fail_freeze = -EIO;
	errs = vmio_log_errors();
	assert_int_equal(pm_suspend(1000), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "tclk: freeze failed (-5)"));
	/* blk was frozen, so it comes back; the regulator was never touched. */
	assert_string_equal(events, "blk.freeze clk.freeze blk.restore");
	assert_int_equal(sleeps, 0);
	assert_int_equal(pm_get_stats()->last_result, -EIO);
	all_work();
	/* The next cycle works. */
	fakes[CLK].fail_freeze = 0;
	events[0] = 0;
	assert_int_equal(pm_suspend(1000), 0);
	assert_int_equal(sleeps, 1);
	all_work();
}

static void test_freeze_noirq_failure_rolls_back(void **state)
{
	(void)state;
	three_devices(2);
	fakes[REG].fail_freeze_noirq = -EIO;
	assert_int_equal(pm_suspend(1000), -EIO);
	assert_non_null(strstr(host_log_last(), "treg: freeze_noirq failed"));
	assert_string_equal(events,
		"blk.freeze clk.freeze reg.freeze "
		"clk.freeze_noirq reg.freeze_noirq "
		"clk.restore_noirq "
		"reg.restore clk.restore blk.restore");
	assert_int_equal(sleeps, 0);
	assert_false(noirq_unmasked);
	all_work();
}

static void refuse_clk_features(void)
{
	sims[1]->f.refuse_features_ok = true;
}

static void test_restore_noirq_failure_only_that_device(void **state)
{
	unsigned int errs;

	(void)state;
	three_devices(2);
	after_power_cut = refuse_clk_features;
	errs = vmio_log_errors();
	assert_int_equal(pm_suspend(1000), -ENODEV);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "virtio1: device refused features"));
	/* The clock never reached its driver's restore_noirq, nor restore. */
	assert_string_equal(events,
		"blk.freeze clk.freeze reg.freeze "
		"clk.freeze_noirq reg.freeze_noirq "
		"reg.restore_noirq "
		"reg.restore blk.restore");
	assert_true(virtio_get_device(1)->failed);
	assert_true(sims[1]->status & VIRTIO_STATUS_FAILED);
	assert_false(sims[1]->status & VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(row(PM_STEP_RESTORE_NOIRQ, 1)->result, -ENODEV);
	/* The others are fine. */
	assert_false(virtio_get_device(0)->failed);
	assert_false(virtio_get_device(2)->failed);
	assert_int_equal(sims[0]->status, 0xf);
	assert_int_equal(sims[2]->status, 0xf);
	blk_io();
	assert_int_equal(fake_io(&fakes[REG]), 0);

	/* FAILED is kept across the next cycle, for whoever debugs it. */
	after_power_cut = NULL;
	sims[1]->f.refuse_features_ok = false;
	sim_log_clear();
	assert_int_equal(pm_suspend(1000), 0);
	assert_true(virtio_get_device(1)->failed);
	assert_int_equal(sims[1]->status, 0x8f);
	{
		static const struct vt_exp exp[] = {
			R(MAGIC_VALUE, VT_ANY), R(VERSION, 2), R(DEVICE_ID, ID_CLOCK),
			W(STATUS, 0), R(STATUS, 0),
			W(STATUS, 0x01), W(STATUS, 0x81), W(STATUS, 0x83),
		};
		unsigned int i, k = 0;

		for (i = 0; i < sim_log_len() && k < ARRAY_SIZE(exp); i++) {
			const struct sim_access *a = sim_log_get(i);

			if (a->dev != 1)
				continue;
			assert_int_equal(a->off, exp[k].off);
			if (exp[k].val != VT_ANY)
				assert_int_equal(a->val, exp[k].val);
			k++;
		}
		assert_int_equal(k, ARRAY_SIZE(exp));
	}
}

static void stuck_reg_reset(void)
{
	sims[2]->f.reset_stuck = true;
}

static void test_reset_never_completes_bounded(void **state)
{
	const struct pm_trace_entry *e;
	uint64_t t0;

	(void)state;
	three_devices(2);
	after_power_cut = stuck_reg_reset;
	t0 = host_time_now();
	assert_int_equal(pm_suspend(1000), -ETIMEDOUT);
	assert_true(host_time_now() - t0 < VIRTIO_RESET_TIMEOUT_US + 5000);
	assert_non_null(strstr(host_log_last(), "reset not complete"));
	e = row(PM_STEP_RESTORE_NOIRQ, 2);
	assert_non_null(e);
	assert_int_equal(e->result, -ETIMEDOUT);
	assert_true(e->masked);
	assert_true(e->dur_us >= VIRTIO_RESET_TIMEOUT_US);
	assert_true(e->dur_us < VIRTIO_RESET_TIMEOUT_US + 1000);
	assert_true(virtio_get_device(2)->failed);
	/* Its consumers still come back (their own problem if the supply is gone). */
	assert_false(virtio_get_device(1)->failed);
	assert_false(virtio_get_device(0)->failed);
	assert_int_equal(sims[1]->status, 0xf);
	assert_int_equal(sims[0]->status, 0xf);
	blk_io();
	assert_int_equal(pm_get_stats()->noirq_irqs, 0);
}

static void test_noirq_window_masked_no_interrupts(void **state)
{
	const struct pm_stats *st;
	uint32_t irqs;
	unsigned int i;

	(void)state;
	three_devices(2);
	/* The clock does I/O and provokes a config interrupt while masked. */
	fakes[CLK].io_in_restore_noirq = true;
	fakes[CLK].config_poke = sims[1];
	fakes[REG].io_in_restore_noirq = true;
	irqs = board_irq_count();
	assert_int_equal(pm_suspend(5000), 0);
	assert_false(noirq_unmasked);
	st = pm_get_stats();
	assert_int_equal(st->noirq_irqs, 0);
	for (i = 0; i < pm_trace_count(); i++) {
		const struct pm_trace_entry *e = pm_trace_get(i);
		bool noirq = e->phase == PM_PHASE_FREEZE_NOIRQ ||
			     e->phase == PM_PHASE_PLATFORM_SLEEP ||
			     e->phase == PM_PHASE_RESTORE_NOIRQ;

		if (e->step != PM_STEP_PHASE)
			assert_int_equal(e->masked, noirq);
		if (noirq)
			assert_int_equal(e->irqs, 0);
	}
	/* freeze poked clk's config (config held back, delivered at restore_noirq's end);
	 * restore_noirq poked it again masked: taken after unmask. */
	assert_int_equal(config_changes[CLK], 2);
	assert_true(board_irq_count() > irqs);
	assert_true(st->masked_us >= 5000);
	assert_true(st->masked_work_us < st->masked_us);
	assert_true(st->masked_work_us > 0);
	all_work();
}

static void test_config_change_while_frozen_is_delivered_on_restore(void **state)
{
	uint32_t irqs;

	(void)state;
	three_devices(2);
	/* clk's freeze runs after blk's: blk is frozen when its config changes. */
	fakes[CLK].config_poke = sims[0];
	irqs = board_irq_count();
	assert_int_equal(pm_suspend(1000), 0);
	assert_true(board_irq_count() > irqs);	/* the interrupt was taken (IRQs on) */
	assert_int_equal(config_changes[BLK], 1);	/* ... and delivered once, at restore */
	assert_int_equal(config_changes[CLK], 0);
	assert_true(virtio_get_device(0)->config_core_enabled);
	assert_false(virtio_get_device(0)->config_change_pending);
	/* Outside a cycle, changes go straight through. */
	sim_config_change(sims[0]);
	assert_int_equal(config_changes[BLK], 2);
}

static void test_trace_content(void **state)
{
	static const struct { uint8_t phase, step, dev; } exp[] = {
		{ PM_PHASE_FREEZE, PM_STEP_PHASE, PM_TRACE_NO_DEV },
		{ PM_PHASE_FREEZE, PM_STEP_FREEZE, 0 },
		{ PM_PHASE_FREEZE, PM_STEP_FREEZE, 1 },
		{ PM_PHASE_FREEZE, PM_STEP_FREEZE, 2 },
		{ PM_PHASE_FREEZE_NOIRQ, PM_STEP_PHASE, PM_TRACE_NO_DEV },
		{ PM_PHASE_FREEZE_NOIRQ, PM_STEP_FREEZE_NOIRQ, 1 },
		{ PM_PHASE_FREEZE_NOIRQ, PM_STEP_FREEZE_NOIRQ, 2 },
		{ PM_PHASE_PLATFORM_SLEEP, PM_STEP_PHASE, PM_TRACE_NO_DEV },
		{ PM_PHASE_PLATFORM_SLEEP, PM_STEP_SLEEP, PM_TRACE_NO_DEV },
		{ PM_PHASE_RESTORE_NOIRQ, PM_STEP_PHASE, PM_TRACE_NO_DEV },
		{ PM_PHASE_RESTORE_NOIRQ, PM_STEP_RESTORE_NOIRQ, 2 },
		{ PM_PHASE_RESTORE_NOIRQ, PM_STEP_RESTORE_NOIRQ, 1 },
		{ PM_PHASE_RESTORE, PM_STEP_PHASE, PM_TRACE_NO_DEV },
		{ PM_PHASE_RESTORE, PM_STEP_RESTORE, 2 },
		{ PM_PHASE_RESTORE, PM_STEP_RESTORE, 1 },
		{ PM_PHASE_RESTORE, PM_STEP_RESTORE, 0 },
		{ PM_PHASE_RUNNING, PM_STEP_PHASE, PM_TRACE_NO_DEV },
	};
	const struct pm_trace_entry *e, *prev = NULL;
	const struct pm_stats *st;
	unsigned int i;

	(void)state;
	three_devices(2);
	assert_int_equal(pm_get_phase(), PM_PHASE_RUNNING);
	assert_int_equal(pm_suspend(2000), 0);
	assert_int_equal(pm_trace_count(), ARRAY_SIZE(exp));
	for (i = 0; i < ARRAY_SIZE(exp); i++) {
		e = pm_trace_get(i);
		assert_int_equal(e->phase, exp[i].phase);
		assert_int_equal(e->step, exp[i].step);
		assert_int_equal(e->dev, exp[i].dev);
		assert_int_equal(e->result, 0);
		if (prev)
			assert_true(e->t_us >= prev->t_us);
		prev = e;
	}
	/* Sleep row: the wake time passed in it. */
	assert_true(pm_trace_get(8)->dur_us >= 2000);
	/* blk's restore re-initialised it with IRQs on: 29 accesses (see above). */
	assert_int_equal(pm_trace_get(15)->mmio, 29);
	assert_false(pm_trace_get(15)->masked);
	/* A phase row lasts until the next phase. */
	assert_int_equal(pm_trace_get(0)->t_us + pm_trace_get(0)->dur_us, pm_trace_get(4)->t_us);
	st = pm_get_stats();
	assert_int_equal(st->cycles, 1);
	assert_int_equal(st->last_result, 0);
	assert_true(st->resume_us > 0);
	assert_int_equal(st->resume_us, st->resume_max_us);
	assert_true(st->masked_us >= 2000);
	assert_null(pm_trace_get(ARRAY_SIZE(exp)));
	pm_trace_print();
	assert_int_equal(pm_get_phase(), PM_PHASE_RUNNING);
}

static void test_suspend_needs_irqs_on(void **state)
{
	unsigned long flags;
	unsigned int errs;

	(void)state;
	three_devices(2);
	flags = board_irq_save();
	errs = vmio_log_errors();
	assert_int_equal(pm_suspend(1000), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 1);
	board_irq_restore(flags);
	assert_string_equal(events, "");
	/* The noirq steps check the mask themselves too. */
	virtio_get_device(2)->pm_state = VIRTIO_PM_FROZEN;
	assert_int_equal(virtio_device_freeze_noirq(virtio_get_device(2)), -EINVAL);
	assert_non_null(strstr(host_log_last(), "IRQs unmasked"));
	virtio_get_device(2)->pm_state = VIRTIO_PM_ACTIVE;
}

/* A driver callback may not start a cycle or change the order inside one. */
static void test_pm_calls_refused_inside_suspend(void **state)
{
	unsigned int errs;

	(void)state;
	three_devices(2);
	inside_calls = true;
	errs = vmio_log_errors();
	assert_int_equal(pm_suspend(1000), 0);
	assert_int_equal(vmio_log_errors(), errs + 2);
	assert_int_equal(inside_ret[0], -EBUSY);
	assert_non_null(strstr(inside_line[0], "pm: pm_suspend() called inside pm_suspend()"));
	assert_int_equal(inside_ret[1], -EBUSY);
	assert_non_null(strstr(inside_line[1], "pm: pm_set_dep_table() called inside pm_suspend()"));
	assert_int_equal(pm_get_stats()->cycles, 1);
	assert_int_equal(sleeps, 1);
	all_work();
}

/* Standing buffers: the contract says reset + detach in freeze, re-post in restore. */
static __aligned(BOARD_DMA_ALIGN) uint8_t standing[2][BOARD_DMA_ALIGN];
static unsigned int reposts;

static int standing_post(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < 2; i++) {
		struct virtio_sg in = { standing[i], 8 };

		ret = virtqueue_add_sgs(&clk_vq, NULL, 0, &in, 1, standing[i]);
		if (ret)
			return ret;
	}
	virtqueue_kick(&clk_vq);
	return 0;
}

static int standing_freeze(struct virtio_device *dev)
{
	int ret = virtio_reset_device(dev);

	while (!ret && virtqueue_detach_unused(&clk_vq))
		;
	return ret;
}

static int standing_restore(struct virtio_device *dev)
{
	virtio_device_ready(dev);
	reposts++;
	return standing_post();
}

static void test_standing_buffers_contract(void **state)
{
	static struct virtio_driver drv = {
		.name = "standing", .id_table = clk_ids, .probe = fake_probe,
		.freeze = standing_freeze, .restore = standing_restore,
	};
	struct sim_dev *d;
	void *got;

	(void)state;
	d = add(30, 2, &clk_backend);
	assert_int_equal(virtio_register_driver(&drv), 0);
	assert_int_equal(virtio_probe_all(), 1);
	d->f.defer = true;	/* like console receive buffers: held by the device */
	assert_int_equal(standing_post(), 0);
	assert_int_equal(pm_suspend(1000), 0);
	assert_int_equal(reposts, 1);
	assert_int_equal(clk_vq.num_free, clk_vq.num - 2);
	sim_process(d, 0);
	assert_int_equal(virtqueue_poll_wait(&clk_vq, 10), 0);
	got = virtqueue_get_buf(&clk_vq, NULL);
	assert_true(got == standing[0] || got == standing[1]);
}

/* --- who comes back after the power cut (issue 10, items 1 and 5) --- */

enum resume_fault {
	RF_OTHER_ID,		/* another device type, same feature bits */
	RF_VANISHED,		/* the window reads 0 */
	RF_LOST_FLUSH,		/* blk no longer offers FLUSH, negotiated before */
	RF_QUEUE_SHRUNK,	/* QueueNumMax 32 < the ring's 64 */
	RF_QUEUE_GONE,		/* QueueNumMax 0 */
	RF_QUEUE_READY,		/* QueueReady reads 1 after the reset */
};

static enum resume_fault rf_kind;
static unsigned int rf_dev;

static void apply_resume_fault(void)
{
	struct sim_dev *d = sims[rf_dev];

	switch (rf_kind) {
	case RF_OTHER_ID: d->f.device_id = VIRTIO_ID_RNG; break;
	case RF_VANISHED: d->f.vanished = true; break;
	case RF_LOST_FLUSH: d->f.features_clear = 1ull << BLK_F_FLUSH; break;
	case RF_QUEUE_SHRUNK: d->f.queue_num_max = 32; break;
	case RF_QUEUE_GONE: d->f.queue_num_max_zero = true; break;
	case RF_QUEUE_READY: d->f.queue_ready_stuck = true; break;
	}
}

/*
 * Regulator, clock and blk sleep; at the power cut device dev comes back
 * changed as kind says. The resume must refuse it with err and one log
 * line containing why, leave it FAILED with its driver never told to
 * restore, touch nothing of its queues, and bring the others back.
 */
static void resume_refused(uint32_t version, unsigned int dev, enum resume_fault kind,
			   int err, const char *why)
{
	static const char *const who[] = { "blk", "clk", "reg" };
	struct virtio_device *vd;
	unsigned int i, errs;
	char restored[32];

	three_devices(version);
	rf_kind = kind;
	rf_dev = dev;
	after_power_cut = apply_resume_fault;
	errs = vmio_log_errors();
	assert_int_equal(pm_suspend(1000), err);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), why));
	vd = virtio_get_device(dev);
	assert_true(vd->failed);
	if (kind != RF_VANISHED)
		assert_true(sims[dev]->status & VIRTIO_STATUS_FAILED);
	assert_false(sims[dev]->status & VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(vd->pm_state, VIRTIO_PM_ACTIVE);
	snprintf(restored, sizeof(restored), "%s.restore", who[dev]);
	assert_null(strstr(events, restored));
	/* The others are back and work. */
	for (i = 0; i < 3; i++) {
		if (i == dev)
			continue;
		assert_false(virtio_get_device(i)->failed);
		assert_int_equal(sims[i]->status, version == 2 ? 0xf : 0x7);
	}
	if (dev != 0)
		blk_io();
	if (dev != 1)
		assert_int_equal(fake_io(&fakes[CLK]), 0);
	if (dev != 2)
		assert_int_equal(fake_io(&fakes[REG]), 0);
}

static void test_resume_blk_comes_back_as_other_device(void **state)
{
	(void)state;
	resume_refused(2, 0, RF_OTHER_ID, -ENODEV, "DeviceID 4");
}

static void test_resume_blk_comes_back_as_other_device_legacy(void **state)
{
	(void)state;
	resume_refused(1, 0, RF_OTHER_ID, -ENODEV, "DeviceID 4");
}

static void test_resume_clock_comes_back_as_other_device(void **state)
{
	(void)state;
	/* The noirq path (restore_noirq), IRQs masked. */
	resume_refused(2, 1, RF_OTHER_ID, -ENODEV, "DeviceID 4");
}

static void test_resume_device_vanished_modern(void **state)
{
	(void)state;
	resume_refused(2, 0, RF_VANISHED, -ENODEV, "magic 0x00000000");
}

static void test_resume_device_vanished_legacy(void **state)
{
	(void)state;
	resume_refused(1, 0, RF_VANISHED, -ENODEV, "magic 0x00000000");
}

static void test_resume_regulator_vanished(void **state)
{
	(void)state;
	resume_refused(2, 2, RF_VANISHED, -ENODEV, "magic 0x00000000");
}

static void test_resume_blk_lost_flush_modern(void **state)
{
	(void)state;
	resume_refused(2, 0, RF_LOST_FLUSH, -EIO, "no longer offers features 0x200");
}

static void test_resume_blk_lost_flush_legacy(void **state)
{
	(void)state;
	resume_refused(1, 0, RF_LOST_FLUSH, -EIO, "no longer offers features 0x200");
}

static void test_resume_queue_num_max_shrunk(void **state)
{
	(void)state;
	resume_refused(2, 0, RF_QUEUE_SHRUNK, -ENOSPC, "QueueNumMax 32 below the ring's 64");
}

static void test_resume_queue_num_max_shrunk_legacy(void **state)
{
	(void)state;
	resume_refused(1, 0, RF_QUEUE_SHRUNK, -ENOSPC, "QueueNumMax 32 below the ring's 64");
}

static void test_resume_queue_num_max_zero(void **state)
{
	(void)state;
	resume_refused(2, 1, RF_QUEUE_GONE, -ENOENT, "QueueNumMax 0");
}

static void test_resume_queue_ready_already_set(void **state)
{
	(void)state;
	resume_refused(2, 0, RF_QUEUE_READY, -EIO, "QueueReady already 1");
}

/*
 * The case with the real blk driver: the blk slot comes back as
 * another device (DeviceID 4) offering blk's feature bits. Before, the
 * resume returned 0 and virtio_blk_read() returned 0 with whatever the
 * other device wrote; now the resume fails that device and the read is
 * refused at once.
 */
static void test_resume_real_blk_comes_back_as_other_device(void **state)
{
	static __aligned(BOARD_DMA_ALIGN) uint8_t w[512], r[512];
	struct virtio_blk *b;
	unsigned int errs;

	(void)state;
	add(31, 2, &sim_blk_backend);
	assert_int_equal(virtio_blk_register(), 0);
	assert_int_equal(virtio_probe_all(), 1);
	b = virtio_blk_get(0);
	assert_non_null(b);
	memset(w, 0x5a, sizeof(w));
	assert_int_equal(virtio_blk_write(b, 1, w, sizeof(w)), 0);
	rf_kind = RF_OTHER_ID;
	rf_dev = 0;
	after_power_cut = apply_resume_fault;
	errs = vmio_log_errors();
	assert_int_equal(pm_suspend(1000), -ENODEV);
	assert_non_null(strstr(host_log_last(), "another device came back"));
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_true(virtio_get_device(0)->failed);
	assert_int_not_equal(virtio_blk_read(b, 1, r, sizeof(r)), 0);
}

/* A device that comes back as itself costs nothing more than the checks. */
static void test_resume_same_device_twice(void **state)
{
	(void)state;
	three_devices(2);
	assert_int_equal(pm_suspend(1000), 0);
	all_work();
	assert_int_equal(pm_suspend(1000), 0);
	all_work();
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_modern_noirq_restore_sequence),
		T(test_legacy_noirq_restore_sequence),
		T(test_helpers_one_by_one),
		T(test_reinit_vring_refused_in_flight),
		T(test_order_from_dependencies),
		T(test_dependency_beats_class),
		T(test_cross_phase_dependency_warned_once),
		T(test_dependency_cycle_reported),
		T(test_self_dependency_is_a_cycle),
		T(test_freeze_failure_rolls_back),
		T(test_freeze_noirq_failure_rolls_back),
		T(test_restore_noirq_failure_only_that_device),
		T(test_reset_never_completes_bounded),
		T(test_noirq_window_masked_no_interrupts),
		T(test_config_change_while_frozen_is_delivered_on_restore),
		T(test_trace_content),
		T(test_suspend_needs_irqs_on),
		T(test_pm_calls_refused_inside_suspend),
		T(test_standing_buffers_contract),
		T(test_resume_blk_comes_back_as_other_device),
		T(test_resume_blk_comes_back_as_other_device_legacy),
		T(test_resume_clock_comes_back_as_other_device),
		T(test_resume_device_vanished_modern),
		T(test_resume_device_vanished_legacy),
		T(test_resume_regulator_vanished),
		T(test_resume_blk_lost_flush_modern),
		T(test_resume_blk_lost_flush_legacy),
		T(test_resume_queue_num_max_shrunk),
		T(test_resume_queue_num_max_shrunk_legacy),
		T(test_resume_queue_num_max_zero),
		T(test_resume_queue_ready_already_set),
		T(test_resume_same_device_twice),
		T(test_resume_real_blk_comes_back_as_other_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
