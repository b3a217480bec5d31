// SPDX-License-Identifier: MIT
/*
 * virtio core and virtio-mmio transport against the register-level
 * simulator: bring-up order register by register on both transport
 * versions, the MMIO budget, and every bring-up failure with its errno,
 * its log line and no effect on the other devices.
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
#include "virtio/virtio.h"
#include "virtio/virtio_mmio.h"
#include "virtio/virtio_mmio_regs.h"
#include "virtio/virtqueue.h"
#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_util.h"
#include "tests/host/support/clkreg_util.h"

#define BLK_F_SEG_MAX 2
#define BLK_F_BLK_SIZE 6

/* --- a blk-like test driver: one queue, reads the 64-bit capacity --- */

VIRTQ_DEFINE(blk_vq, 64);
static uint64_t blk_capacity;
static unsigned int blk_probes, blk_config_changes;
static bool config_changed_unmasked;	/* config_changed ran with IRQs on */

static int tblk_probe(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { &blk_vq };
	int ret;

	blk_probes++;
	ret = virtio_find_vqs(dev, 1, vqs, NULL);
	if (ret)
		return ret;
	return virtio_cread64(dev, 0, &blk_capacity);
}

static void tblk_config_changed(struct virtio_device *dev)
{
	(void)dev;
	blk_config_changes++;
	config_changed_unmasked |= !board_irqs_masked();
}

static const struct virtio_device_id tblk_ids[] = {
	{ VIRTIO_ID_BLOCK, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};
static const unsigned int tblk_features[] = { BLK_F_SEG_MAX, BLK_F_BLK_SIZE };

static struct virtio_driver tblk_driver = {
	.name = "tblk",
	.id_table = tblk_ids,
	.feature_table = tblk_features,
	.feature_table_size = 2,
	.probe = tblk_probe,
	.config_changed = tblk_config_changed,
};

/* --- an rng-like test driver, to show a second device is unaffected --- */

VIRTQ_DEFINE(rng_vq, 8);
static unsigned int rng_probes;

static int trng_probe(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { &rng_vq };

	rng_probes++;
	return virtio_find_vqs(dev, 1, vqs, NULL);
}

static const struct virtio_device_id trng_ids[] = {
	{ VIRTIO_ID_RNG, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

static struct virtio_driver trng_driver = {
	.name = "trng",
	.id_table = trng_ids,
	.probe = trng_probe,
};

/* One polled rng request on rng_vq; asserts the bytes arrived. */
static void rng_roundtrip(void)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[16];
	struct virtio_sg in = { buf, sizeof(buf) };
	uint32_t len = 0;

	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(virtqueue_add_sgs(&rng_vq, NULL, 0, &in, 1, buf), 0);
	assert_true(virtqueue_kick(&rng_vq));
	assert_int_equal(virtqueue_poll_wait(&rng_vq, 1000), 0);
	assert_ptr_equal(virtqueue_get_buf(&rng_vq, &len), buf);
	assert_int_equal(len, sizeof(buf));
	assert_int_not_equal(buf[1], 0xee);
	assert_int_equal(rng_vq.num_free, rng_vq.num);
}

static int setup(void **state)
{
	(void)state;
	vt_reset();
	blk_probes = rng_probes = blk_config_changes = 0;
	config_changed_unmasked = false;
	blk_capacity = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(sim_violations(), 0);
	vt_reset();
	return 0;
}

static void register_both(void)
{
	assert_int_equal(virtio_register_driver(&tblk_driver), 0);
	assert_int_equal(virtio_register_driver(&trng_driver), 0);
}

#define R(o, v) { 'R', VIRTIO_MMIO_##o, (v) }
#define W(o, v) { 'W', VIRTIO_MMIO_##o, (v) }
#define RC(o, v) { 'R', VIRTIO_MMIO_CONFIG + (o), (v) }

/* SEG_MAX | BLK_SIZE | EVENT_IDX: what the core and tblk accept of the sim's offer. */
#define BLK_DRV_LO ((1u << BLK_F_SEG_MAX) | (1u << BLK_F_BLK_SIZE) | (1u << 29))

static void test_modern_bringup_sequence(void **state)
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
		W(QUEUE_SEL, 0), R(QUEUE_NUM_MAX, 128), W(QUEUE_NUM, 64),
		W(QUEUE_DESC_LOW, VT_ANY), W(QUEUE_DESC_HIGH, VT_ANY),
		W(QUEUE_DRIVER_LOW, VT_ANY), W(QUEUE_DRIVER_HIGH, VT_ANY),
		W(QUEUE_DEVICE_LOW, VT_ANY), W(QUEUE_DEVICE_HIGH, VT_ANY),
		W(QUEUE_READY, 1),
		R(CONFIG_GENERATION, 0), RC(0, SIM_BLK_SECTORS), RC(4, 0),
		R(CONFIG_GENERATION, 0),
		W(STATUS, 0xf),
	};
	struct virtio_device *dev;
	uint32_t before;

	(void)state;
	sim_add(31, 2, &sim_blk_backend);
	register_both();
	before = virtio_mmio_access_count();
	assert_int_equal(virtio_probe_all(), 1);
	assert_int_equal(vt_log_match(0, exp, ARRAY_SIZE(exp)), -1);
	/* The project budget: discovery to DRIVER_OK with one queue in <= 32. */
	assert_int_equal(virtio_mmio_access_count() - before, ARRAY_SIZE(exp));
	assert_true(virtio_mmio_access_count() - before <= 32);
	dev = virtio_get_device(0);
	assert_non_null(dev);
	assert_int_equal(dev->status, 0xf);
	assert_false(dev->failed);
	assert_true(virtio_has_feature(dev, VIRTIO_F_VERSION_1));
	assert_true(virtio_has_feature(dev, VIRTIO_F_EVENT_IDX));
	assert_false(virtio_has_feature(dev, 9));	/* FLUSH: offered, not wanted */
	assert_int_equal(blk_capacity, SIM_BLK_SECTORS);
	assert_int_equal(blk_vq.num, 64);
	assert_true(blk_vq.event_idx);
	assert_ptr_equal(dev->driver, &tblk_driver);
}

static void test_legacy_bringup_sequence(void **state)
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
		RC(0, SIM_BLK_SECTORS), RC(4, 0),
		W(STATUS, 0x7),
	};
	struct virtio_device *dev;
	const struct sim_access *pfn;
	uint32_t before;

	(void)state;
	sim_add(31, 1, &sim_blk_backend);
	register_both();
	before = virtio_mmio_access_count();
	assert_int_equal(virtio_probe_all(), 1);
	assert_int_equal(vt_log_match(0, exp, ARRAY_SIZE(exp)), -1);
	assert_int_equal(virtio_mmio_access_count() - before, ARRAY_SIZE(exp));
	dev = virtio_get_device(0);
	assert_int_equal(dev->version, 1);
	assert_false(virtio_has_feature(dev, VIRTIO_F_VERSION_1));
	assert_true(virtio_has_feature(dev, VIRTIO_F_EVENT_IDX));
	/* The PFN names the descriptor table, on a page boundary. */
	pfn = sim_log_get(16);
	assert_int_equal(pfn->off, VIRTIO_MMIO_QUEUE_PFN);
	assert_int_equal((uint64_t)pfn->val * 4096, board_dma_addr(blk_vq.desc));
	assert_int_equal(blk_capacity, SIM_BLK_SECTORS);
}

static void test_discovery_order_and_empty_slots(void **state)
{
	unsigned int i, errs = vmio_log_errors();

	(void)state;
	sim_add(31, 2, &sim_rng_backend);
	sim_add(30, 2, NULL);
	sim_add(29, 2, &sim_blk_backend);
	sim_add(28, 2, NULL);
	register_both();
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(vmio_log_errors(), errs);
	assert_int_equal(virtio_device_count(), 2);
	assert_int_equal(virtio_get_device(0)->id, VIRTIO_ID_RNG);
	assert_int_equal(virtio_get_device(1)->id, VIRTIO_ID_BLOCK);
	assert_null(virtio_get_device(2));
	/* Empty slots: three reads (magic, version, id), nothing written. */
	for (i = 0; i < sim_log_len(); i++) {
		const struct sim_access *a = sim_log_get(i);

		if (a->dev == 1 || a->dev == 3)
			assert_false(a->write);
	}
	assert_int_equal(vt_log_count(1), 3);
	assert_int_equal(vt_log_count(3), 3);
	/* Probe order is discovery order: every rng access precedes the blk ones. */
	for (i = 0; i < sim_log_len() && sim_log_get(i)->dev != 2; i++)
		;
	for (; i < sim_log_len(); i++)
		assert_int_not_equal(sim_log_get(i)->dev, 0);
	assert_int_equal(rng_probes, 1);
	assert_int_equal(blk_probes, 1);
}

static void test_empty_slot_logs_nothing(void **state)
{
	unsigned int errs = vmio_log_errors();

	(void)state;
	sim_add(31, 2, NULL);
	assert_int_equal(virtio_probe_all(), 0);
	assert_int_equal(vmio_log_errors(), errs);
}

static void test_features_ok_refused(void **state)
{
	struct sim_dev *blk;
	struct virtio_device *dev;
	unsigned int errs;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	sim_add(30, 2, &sim_rng_backend);
	blk->f.refuse_features_ok = true;
	register_both();
	errs = vmio_log_errors();
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "refused features"));
	dev = virtio_get_device(0);
	assert_true(dev->failed);
	assert_true(blk->status & VIRTIO_STATUS_FAILED);
	assert_false(blk->status & VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(blk_probes, 0);
	assert_null(dev->driver);
	/* Direct probe gives the errno. */
	assert_int_equal(virtio_device_probe(dev, &tblk_driver), -ENODEV);
	/* The other device is fine. */
	assert_false(virtio_get_device(1)->failed);
	rng_roundtrip();
}

static void test_reset_never_completes(void **state)
{
	struct sim_dev *blk;
	struct virtio_device *dev;
	unsigned int errs;
	uint64_t t0;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	sim_add(30, 2, &sim_rng_backend);
	assert_int_equal(virtio_probe_all(), 2);	/* no drivers yet: nothing bound */
	dev = virtio_get_device(0);
	blk->f.reset_stuck = true;
	errs = vmio_log_errors();
	t0 = host_time_now();
	assert_int_equal(virtio_device_probe(dev, &tblk_driver), -ETIMEDOUT);
	assert_true(host_time_now() - t0 >= VIRTIO_RESET_TIMEOUT_US);
	assert_true(host_time_now() - t0 < VIRTIO_RESET_TIMEOUT_US + 1000);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "reset"));
	assert_true(dev->failed);
	assert_true(blk->status & VIRTIO_STATUS_FAILED);
	assert_int_equal(blk_probes, 0);
	/* The other device binds and works. */
	assert_int_equal(virtio_device_probe(virtio_get_device(1), &trng_driver), 0);
	rng_roundtrip();
}

static void test_bad_magic(void **state)
{
	struct sim_dev *bad;
	unsigned int errs;

	(void)state;
	bad = sim_add(31, 2, &sim_blk_backend);
	bad->f.magic = 0x12345678;
	sim_add(30, 2, &sim_rng_backend);
	register_both();
	errs = vmio_log_errors();
	assert_int_equal(virtio_probe_all(), 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "bad magic 0x12345678"));
	/* Only the magic was read: nothing else of that window touched. */
	assert_int_equal(vt_log_count(0), 1);
	assert_int_equal(virtio_get_device(0)->id, VIRTIO_ID_RNG);
	rng_roundtrip();
}

static void test_version_3_refused(void **state)
{
	struct sim_dev *bad;
	unsigned int errs;

	(void)state;
	bad = sim_add(31, 2, &sim_blk_backend);
	bad->f.version = 3;
	sim_add(30, 1, &sim_rng_backend);
	register_both();
	errs = vmio_log_errors();
	assert_int_equal(virtio_probe_all(), 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "unsupported transport version 3"));
	assert_int_equal(vt_log_count(0), 2);
	assert_int_equal(blk_probes, 0);
	assert_int_equal(virtio_get_device(0)->version, 1);
	rng_roundtrip();
}

static void test_queue_num_max_zero(void **state)
{
	struct sim_dev *blk;
	struct virtio_device *dev;
	unsigned int errs;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	sim_add(30, 2, &sim_rng_backend);
	assert_int_equal(virtio_probe_all(), 2);
	blk->f.queue_num_max_zero = true;
	dev = virtio_get_device(0);
	errs = vmio_log_errors();
	assert_int_equal(virtio_device_probe(dev, &tblk_driver), -ENOENT);
	/* One line from the transport; the core's probe-failed line names the driver. */
	assert_true(vmio_log_errors() > errs);
	assert_true(dev->failed);
	assert_true(blk->status & VIRTIO_STATUS_FAILED);
	assert_false(blk->status & VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(virtio_device_probe(virtio_get_device(1), &trng_driver), 0);
	rng_roundtrip();
}

static void test_queue_smaller_than_storage(void **state)
{
	static struct sim_backend small;

	(void)state;
	small = sim_blk_backend;
	small.queue_num_max = 48;	/* not a power of two: use 32 */
	sim_add(31, 2, &small);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	assert_false(virtio_get_device(0)->failed);
	assert_int_equal(blk_vq.num, 32);
	assert_int_equal(blk_vq.num_free, 32);
}

static void test_modern_without_version_1(void **state)
{
	static struct sim_backend old;
	struct sim_dev *d;
	unsigned int errs;

	(void)state;
	old = sim_blk_backend;
	old.features &= ~(1ull << 32);
	d = sim_add(31, 2, &old);
	register_both();
	errs = vmio_log_errors();
	assert_int_equal(virtio_probe_all(), 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "VERSION_1"));
	assert_true(virtio_get_device(0)->failed);
	assert_true(d->status & VIRTIO_STATUS_FAILED);
	assert_int_equal(virtio_device_probe(virtio_get_device(0), &tblk_driver), -ENODEV);
}

static void test_config_generation_retry(void **state)
{
	struct sim_dev *blk;
	struct virtio_device *dev;
	uint64_t cap = 0;
	uint32_t before;
	unsigned int errs;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);

	/* The generation moves once mid-read: a second pass, 8 accesses. */
	blk->f.gen_bumps = 1;
	before = virtio_mmio_access_count();
	assert_int_equal(virtio_cread64(dev, 0, &cap), 0);
	assert_int_equal(cap, SIM_BLK_SECTORS);
	assert_int_equal(virtio_mmio_access_count() - before, 8);

	/* It never settles: bounded, -EIO, logged. */
	blk->f.gen_bumps = 1000;
	errs = vmio_log_errors();
	before = virtio_mmio_access_count();
	assert_int_equal(virtio_cread64(dev, 0, &cap), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(virtio_mmio_access_count() - before, 4 * VIRTIO_CONFIG_RETRIES);

	/* Single fields need no generation: one access each. */
	blk->f.gen_bumps = 0;
	before = virtio_mmio_access_count();
	assert_int_equal(virtio_cread32(dev, 20), 512);
	assert_int_equal(virtio_cread16(dev, 12), SIM_BLK_SEG_MAX);
	assert_int_equal(virtio_cread8(dev, 0), SIM_BLK_SECTORS);
	assert_int_equal(virtio_mmio_access_count() - before, 3);
	/* ... and each with its own width. */
	assert_int_equal(sim_log_get(sim_log_len() - 1)->width, 1);
	assert_int_equal(sim_log_get(sim_log_len() - 2)->width, 2);
	assert_int_equal(sim_log_get(sim_log_len() - 3)->width, 4);
}

/*
 * A field width other than 1, 2 or 4 bytes, or a length that is not a
 * whole number of fields, is refused before any access: -EINVAL, one
 * line naming both. The accepted shapes read.
 */
static void test_config_read_bad_width(void **state)
{
	static const struct { unsigned int len, width; } bad[] = {
		{ 4, 0 }, { 3, 3 }, { 8, 8 }, { 16, 16 }, { 3, 2 }, { 6, 4 }, { 2, 4 },
	};
	static const struct { unsigned int len, width; } good[] = {
		{ 3, 1 }, { 4, 2 }, { 8, 4 }, { 0, 4 },
	};
	struct virtio_device *dev;
	uint8_t buf[16];
	char want[64];
	uint32_t before;
	unsigned int errs, i;

	(void)state;
	sim_add(31, 2, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		errs = vmio_log_errors();
		before = virtio_mmio_access_count();
		assert_int_equal(virtio_cread_fields(dev, 0, buf, bad[i].len, bad[i].width), -EINVAL);
		assert_int_equal(vmio_log_errors(), errs + 1);
		assert_int_equal(virtio_mmio_access_count(), before);
		snprintf(want, sizeof(want), "config read of %u bytes in %u-byte fields",
			 bad[i].len, bad[i].width);
		assert_non_null(strstr(host_log_last(), want));
	}
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		errs = vmio_log_errors();
		assert_int_equal(virtio_cread_fields(dev, 0, buf, good[i].len, good[i].width), 0);
		assert_int_equal(vmio_log_errors(), errs);
	}
}

/*
 * Config space is accessed at each field's own width (virtio 1.2,
 * 4.2.2.2): the real clock driver reads num_clks and num_resets (le32)
 * with 32-bit loads and its u8 name[20] byte by byte, inside the
 * generation loop; blk's le64 capacity is two aligned 32-bit loads.
 */
static void test_config_read_at_field_width(void **state)
{
	static const struct clkreg_opts o = { .no_reg = true };
	unsigned int i, name_bytes = 0, gens = 0, words = 0;
	const struct sim_access *a;
	struct virtio_device *dev;
	uint64_t cap = 0;

	(void)state;
	clkreg_setup(&o);
	assert_int_equal(cw.probed, 1);
	assert_false(virtio_get_device(0)->failed);
	for (i = 0; i < sim_log_len(); i++) {
		a = sim_log_get(i);
		if (a->dev != 0 || a->write)
			continue;
		if (a->off == VIRTIO_MMIO_CONFIG_GENERATION) {
			gens++;
		} else if (a->off >= VIRTIO_MMIO_CONFIG + 8 && a->off < VIRTIO_MMIO_CONFIG + 28) {
			assert_int_equal(a->width, 1);
			name_bytes++;
		} else if (a->off >= VIRTIO_MMIO_CONFIG) {
			assert_int_equal(a->width, 4);
			assert_true(a->off == VIRTIO_MMIO_CONFIG || a->off == VIRTIO_MMIO_CONFIG + 4);
			words++;
		}
	}
	assert_int_equal(name_bytes, 20);
	assert_int_equal(words, 2);
	assert_int_equal(gens, 2);

	/* A 64-bit field: two 32-bit loads between two generation reads. */
	vt_reset();
	sim_add(31, 2, &sim_blk_backend);
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);
	sim_log_clear();
	assert_int_equal(virtio_cread64(dev, 0, &cap), 0);
	assert_int_equal(cap, SIM_BLK_SECTORS);
	assert_int_equal(sim_log_len(), 4);
	assert_int_equal(sim_log_get(0)->off, VIRTIO_MMIO_CONFIG_GENERATION);
	assert_int_equal(sim_log_get(1)->off, VIRTIO_MMIO_CONFIG);
	assert_int_equal(sim_log_get(1)->width, 4);
	assert_int_equal(sim_log_get(2)->off, VIRTIO_MMIO_CONFIG + 4);
	assert_int_equal(sim_log_get(2)->width, 4);
	assert_int_equal(sim_log_get(3)->off, VIRTIO_MMIO_CONFIG_GENERATION);
}

static void test_config_write(void **state)
{
	struct sim_dev *blk;
	struct virtio_device *dev;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);
	virtio_cwrite8(dev, 32, 0x5a);
	virtio_cwrite16(dev, 34, 0x1234);
	virtio_cwrite32(dev, 36, 0xdeadbeef);
	assert_int_equal(blk->config[32], 0x5a);
	assert_int_equal(blk->config[34] | blk->config[35] << 8, 0x1234);
	assert_int_equal(virtio_cread32(dev, 36), 0xdeadbeef);
}

static void test_config_change_callback(void **state)
{
	struct sim_dev *blk;
	struct virtio_device *dev;
	uint32_t irqs;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);
	irqs = board_irq_count();
	blk->config[0] = 99;
	sim_config_change(blk);
	assert_int_equal(board_irq_count(), irqs + 1);
	assert_int_equal(blk_config_changes, 1);
	assert_int_equal(blk->isr, 0);			/* acknowledged */
	assert_false(dev->needs_reset);
	assert_int_equal(virtio_cread8(dev, 0), 99);

	/* IRQs masked: it waits, then arrives on unmask. */
	{
		unsigned long flags = board_irq_save();

		sim_config_change(blk);
		assert_int_equal(blk_config_changes, 1);
		board_irq_restore(flags);
	}
	assert_int_equal(blk_config_changes, 2);
}

/* The race hook: one config change lands inside the enable. */
static struct sim_dev *race_dev;

static void config_change_in_window(void)
{
	if (race_dev) {
		race_dev->config[0] = 77;
		sim_config_change(race_dev);
		race_dev = NULL;
	}
}

/*
 * virtio_config_core_enable_noirq() runs with IRQs on from the RESTORE
 * phase and from probe. A config change whose interrupt is taken between
 * its read of config_change_pending and its set of config_core_enabled
 * is latched as pending by the handler, then wiped: lost. Masked around
 * it, the interrupt waits and reaches the driver once, after enable.
 * The driver's config_changed always runs with IRQs masked.
 */
static void test_config_enable_races_irq(void **state)
{
	struct sim_dev *blk;
	struct virtio_device *dev;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);
	virtio_config_core_disable(dev);
	host_set_irq_window_hook(config_change_in_window);
	race_dev = blk;
	virtio_config_core_enable_noirq(dev);
	assert_null(race_dev);			/* the change did land in the window */
	assert_int_equal(blk_config_changes, 1);
	assert_false(dev->config_change_pending);
	assert_true(dev->config_core_enabled);
	assert_int_equal(blk->isr, 0);

	/* A change latched while disabled, delivered by enable: masked too. */
	virtio_config_core_disable(dev);
	sim_config_change(blk);
	assert_int_equal(blk_config_changes, 1);
	assert_true(dev->config_change_pending);
	virtio_config_core_enable_noirq(dev);
	assert_int_equal(blk_config_changes, 2);
	assert_false(config_changed_unmasked);
	assert_false(board_irqs_masked());
}

static void test_needs_reset_detected_and_recovered(void **state)
{
	struct sim_dev *blk;
	struct virtio_device *dev;
	unsigned int errs;
	uint32_t before;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);
	errs = vmio_log_errors();
	sim_set_needs_reset(blk);
	assert_true(dev->needs_reset);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "needs reset"));
	assert_int_equal(blk_config_changes, 1);
	/* Polled detection reports it again without a second log line. */
	assert_true(virtio_check_needs_reset(dev));
	assert_int_equal(vmio_log_errors(), errs + 1);

	before = virtio_mmio_access_count();
	assert_int_equal(virtio_device_reinit(dev), 0);
	virtio_device_ready(dev);
	/* The restore's budget, its checks included (test_power_cut_reinit_sequence). */
	assert_int_equal(virtio_mmio_access_count() - before, 29);
	assert_false(dev->needs_reset);
	assert_false(virtio_check_needs_reset(dev));
	assert_int_equal(blk->status, 0xf);
}

/*
 * After a power cut the device is checked before it is driven: its
 * identity (3 reads, before any write), its features (4: every
 * negotiated bit still offered), the queue's QueueNumMax and QueueReady
 * (2). 20 blind accesses become 29.
 */
static void test_power_cut_reinit_sequence(void **state)
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
		W(QUEUE_DESC_LOW, VT_ANY), W(QUEUE_DESC_HIGH, VT_ANY),
		W(QUEUE_DRIVER_LOW, VT_ANY), W(QUEUE_DRIVER_HIGH, VT_ANY),
		W(QUEUE_DEVICE_LOW, VT_ANY), W(QUEUE_DEVICE_HIGH, VT_ANY),
		W(QUEUE_READY, 1),
		W(STATUS, 0xf),
	};
	struct sim_dev *blk;
	struct virtio_device *dev;
	uint32_t before;
	unsigned long flags;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	dev = virtio_get_device(0);
	sim_power_cut(blk);
	assert_int_equal(blk->status, 0);
	sim_log_clear();
	flags = board_irq_save();	/* the noirq phase runs masked */
	before = virtio_mmio_access_count();
	assert_int_equal(virtio_device_reinit(dev), 0);
	virtio_device_ready(dev);
	assert_int_equal(virtio_mmio_access_count() - before, ARRAY_SIZE(exp));
	assert_int_equal(virtio_mmio_access_count() - before, 29);
	board_irq_restore(flags);
	assert_int_equal(vt_log_match(0, exp, ARRAY_SIZE(exp)), -1);
	assert_int_equal(blk->q[0].num, 64);
	assert_int_equal(blk->q[0].desc, board_dma_addr(blk_vq.desc));
	assert_int_equal(blk->q[0].used, board_dma_addr(blk_vq.used));
}

static void test_legacy_power_cut_reinit(void **state)
{
	struct sim_dev *blk;
	uint32_t before;

	(void)state;
	blk = sim_add(31, 1, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	sim_power_cut(blk);
	before = virtio_mmio_access_count();
	assert_int_equal(virtio_device_reinit(virtio_get_device(0)), 0);
	virtio_device_ready(virtio_get_device(0));
	/*
	 * identity 3, reset 2, ACK+DRIVER 2, device features 2, driver
	 * features 2, GuestPageSize, QueueSel, QueueNumMax, Num, Align, PFN,
	 * DRIVER_OK
	 */
	assert_int_equal(virtio_mmio_access_count() - before, 18);
	assert_int_equal(blk->status, 7);
	assert_int_equal((uint64_t)blk->q[0].pfn * 4096, board_dma_addr(blk_vq.desc));
}

static void test_too_many_devices(void **state)
{
	unsigned int i, errs;

	(void)state;
	sim_add(31, 2, NULL);
	for (i = 0; i < VIRTIO_MAX_DEVICES + 1; i++)
		sim_add(30 - i, 2, &sim_rng_backend);
	sim_add(10, 2, NULL);
	errs = vmio_log_errors();
	assert_int_equal(virtio_probe_all(), VIRTIO_MAX_DEVICES);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "VIRTIO_MAX_DEVICES"));
	assert_int_equal(virtio_device_count(), VIRTIO_MAX_DEVICES);
}

static void test_driver_registration(void **state)
{
	static struct virtio_driver nameless = { .id_table = trng_ids, .probe = trng_probe };
	unsigned int errs;

	(void)state;
	errs = vmio_log_errors();
	assert_int_equal(virtio_register_driver(&trng_driver), 0);
	assert_int_equal(virtio_register_driver(&trng_driver), -EBUSY);
	assert_int_equal(virtio_register_driver(&nameless), -EINVAL);
	assert_int_equal(virtio_register_driver(NULL), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 3);
}

static int fail_probe(struct virtio_device *dev)
{
	(void)dev;
	return -EIO;
}

static void test_driver_probe_failure(void **state)
{
	static struct virtio_driver bad = {
		.name = "bad", .id_table = tblk_ids, .probe = fail_probe,
	};
	struct sim_dev *blk;
	unsigned int errs;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	sim_add(30, 2, &sim_rng_backend);
	assert_int_equal(virtio_register_driver(&bad), 0);
	assert_int_equal(virtio_register_driver(&trng_driver), 0);
	errs = vmio_log_errors();
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "bad: probe failed"));
	assert_true(blk->status & VIRTIO_STATUS_FAILED);
	assert_true(virtio_get_device(0)->failed);
	/* The IRQ was given back: a config interrupt reaches nobody. */
	assert_false(virtio_get_device(0)->irq_registered);
	rng_roundtrip();
}

static void test_vendor_match_reads_vendor_lazily(void **state)
{
	static const struct virtio_device_id other_vendor[] = {
		{ VIRTIO_ID_RNG, 0x1af4 }, { 0, 0 },
	};
	static const struct virtio_device_id qemu_vendor[] = {
		{ VIRTIO_ID_RNG, SIM_VENDOR }, { 0, 0 },
	};
	static struct virtio_driver a = { .name = "a", .id_table = other_vendor, .probe = trng_probe };
	static struct virtio_driver b = { .name = "b", .id_table = qemu_vendor, .probe = trng_probe };
	unsigned int i, vendor_reads = 0;

	(void)state;
	sim_add(31, 2, &sim_rng_backend);
	assert_int_equal(virtio_register_driver(&a), 0);
	assert_int_equal(virtio_register_driver(&b), 0);
	assert_int_equal(virtio_probe_all(), 1);
	assert_ptr_equal(virtio_get_device(0)->driver, &b);
	for (i = 0; i < sim_log_len(); i++)
		vendor_reads += sim_log_get(i)->off == VIRTIO_MMIO_VENDOR_ID;
	assert_int_equal(vendor_reads, 1);
	rng_roundtrip();
}

static void test_remove_resets_device(void **state)
{
	struct sim_dev *blk;

	(void)state;
	blk = sim_add(31, 2, &sim_blk_backend);
	register_both();
	assert_int_equal(virtio_probe_all(), 1);
	virtio_device_remove(virtio_get_device(0));
	assert_int_equal(blk->status, 0);
	assert_null(virtio_get_device(0)->driver);
	assert_false(virtio_get_device(0)->irq_registered);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_modern_bringup_sequence),
		T(test_legacy_bringup_sequence),
		T(test_discovery_order_and_empty_slots),
		T(test_empty_slot_logs_nothing),
		T(test_features_ok_refused),
		T(test_reset_never_completes),
		T(test_bad_magic),
		T(test_version_3_refused),
		T(test_queue_num_max_zero),
		T(test_queue_smaller_than_storage),
		T(test_modern_without_version_1),
		T(test_config_generation_retry),
		T(test_config_read_at_field_width),
		T(test_config_read_bad_width),
		T(test_config_write),
		T(test_config_change_callback),
		T(test_config_enable_races_irq),
		T(test_needs_reset_detected_and_recovered),
		T(test_power_cut_reinit_sequence),
		T(test_legacy_power_cut_reinit),
		T(test_too_many_devices),
		T(test_driver_registration),
		T(test_driver_probe_failure),
		T(test_vendor_match_reads_vendor_lazily),
		T(test_remove_resets_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
