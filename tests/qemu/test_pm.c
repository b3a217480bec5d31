// SPDX-License-Identifier: MIT
/*
 * System sleep on QEMU's real virtio-blk and virtio-rng: pm_suspend()
 * cycles (the platform sleep resets every transport, then WFI until the
 * timer) with blk writes and reads between them, every byte checked
 * here and the image checked on the host afterwards, and an entropy
 * read after every resume.
 *
 * blk uses the project's driver (no PM callbacks yet: it is re-inited
 * in the RESTORE phase, IRQs on). The rng is driven by a small driver
 * of this image that plays a supplier: class CLOCK, with restore_noirq,
 * so the RESTORE_NOIRQ phase does real work on real hardware: re-init,
 * DRIVER_OK and a polled entropy request, all with IRQs masked. A board
 * table makes blk depend on it.
 *
 * Arguments: cycles=N (default 100), wake=US (default 1000).
 * Prints "bench NAME VALUE UNIT" lines for tools/bench.sh.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "board/io.h"
#include "drivers/blk/virtio_blk.h"
#include "tests/qemu/harness/pattern.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/pm.h"
#include "virtio/virtio.h"
#include "virtio/virtio_mmio.h"
#include "virtio/virtqueue.h"
#include "vmio/log.h"
#include "vmio/print.h"

#define SEED 0x9a55u
#define REGION_SECTORS 8u
#define RNG_LEN 32u

static struct virtio_blk *blk;
static struct virtio_device *blk_vdev, *rng_vdev;
static unsigned int cycles = 100;
static uint32_t wake_us = 1000;

/* --- the supplier: a minimal polled virtio-rng driver with noirq PM --- */

VIRTQ_DEFINE(prng_vq, 4);
static uint8_t prng_dma[64] __aligned(BOARD_DMA_ALIGN) VIRTQ_DMA_SECTION;
static unsigned int prng_noirq_reads, prng_noirq_bad;

/* Polled: works with IRQs masked. len <= sizeof(prng_dma). */
static int prng_read(uint8_t *out, uint32_t len)
{
	struct virtio_sg sg = { prng_dma, len };
	uint32_t got = 0;
	int ret;

	ret = virtqueue_add_sgs(&prng_vq, NULL, 0, &sg, 1, prng_dma);
	if (ret)
		return ret;
	virtqueue_kick(&prng_vq);
	ret = virtqueue_poll_wait(&prng_vq, 100000);
	if (ret)
		return ret;
	if (virtqueue_get_buf(&prng_vq, &got) != prng_dma || !got)
		return -EIO;
	memcpy(out, prng_dma, got);
	return (int)got;
}

static int prng_probe(struct virtio_device *dev)
{
	struct virtqueue *vq = &prng_vq;
	int ret = virtio_find_vqs(dev, 1, &vq, NULL);

	if (ret)
		return ret;
	virtqueue_disable_cb(vq);
	rng_vdev = dev;
	return 0;
}

/* Requests are synchronous, so the queue is empty here already. */
static int prng_freeze(struct virtio_device *dev)
{
	(void)dev;
	return prng_vq.num_free == prng_vq.num ? 0 : -EBUSY;
}

static int prng_restore_noirq(struct virtio_device *dev)
{
	uint8_t b[16];
	int ret;

	if (!board_irqs_masked())
		prng_noirq_bad++;
	virtio_device_ready_noirq(dev);
	virtqueue_disable_cb(&prng_vq);
	ret = prng_read(b, sizeof(b));
	if (ret < 0)
		return ret;
	prng_noirq_reads++;
	return 0;
}

static const struct virtio_device_id prng_ids[] = {
	{ VIRTIO_ID_RNG, VIRTIO_DEV_ANY_ID },
	{ 0, 0 },
};

static struct virtio_driver prng_driver = {
	.name = "pm-rng",
	.id_table = prng_ids,
	.pm_class = VIRTIO_PM_CLOCK,
	.probe = prng_probe,
	.freeze = prng_freeze,
	.restore_noirq = prng_restore_noirq,
};

static __aligned(BOARD_DMA_ALIGN) uint8_t wbuf[REGION_SECTORS * 512], rbuf[REGION_SECTORS * 512];

static int check_region(unsigned int r)
{
	memset(rbuf, 0xa5, sizeof(rbuf));
	QT_ASSERT_EQ(virtio_blk_read(blk, (uint64_t)r * REGION_SECTORS, rbuf,
				     sizeof(rbuf)), 0);
	qtest_pattern_fill(SEED, (uint64_t)r * REGION_SECTORS, wbuf, REGION_SECTORS * 512);
	QT_ASSERT(!memcmp(rbuf, wbuf, sizeof(rbuf)));
	return 0;
}

/* --- tests --- */

static int probe(void)
{
	struct pm_dep dep;
	unsigned int i;
	const char *a;

	a = qtest_arg("cycles");
	if (a)
		cycles = (unsigned int)strtoul(a, NULL, 0);
	a = qtest_arg("wake");
	if (a)
		wake_us = (uint32_t)strtoul(a, NULL, 0);
	QT_ASSERT_EQ(virtio_blk_register(), 0);
	QT_ASSERT_EQ(virtio_register_driver(&prng_driver), 0);
	QT_ASSERT_GE(virtio_probe_all(), 2);
	blk = virtio_blk_get(0);
	QT_ASSERT(blk);
	QT_ASSERT(rng_vdev);
	for (i = 0; i < virtio_device_count(); i++)
		if (virtio_get_device(i)->id == VIRTIO_ID_BLOCK)
			blk_vdev = virtio_get_device(i);
	QT_ASSERT(blk_vdev);
	QT_ASSERT_GE(virtio_blk_get_info(blk)->capacity,
		     (uint64_t)(cycles + 1) * REGION_SECTORS);
	dep.consumer = blk_vdev->base;
	dep.supplier = rng_vdev->base;
	QT_ASSERT_EQ(pm_set_dep_table(&dep, 1), 0);
	board_irq_unmask();
	return 0;
}

static int order_supplier_first(void)
{
	struct virtio_device *order[VIRTIO_MAX_DEVICES];
	int n = pm_get_order(order, VIRTIO_MAX_DEVICES);

	QT_ASSERT_GE(n, 2);
	QT_ASSERT(order[0] == rng_vdev);
	QT_ASSERT(order[1] == blk_vdev);
	return 0;
}

/* The noirq restore of one blk device, counted by the transport, IRQs masked. */
static int blk_restore_mmio(void)
{
	unsigned long flags;
	uint32_t m, n;
	unsigned int i;

	flags = board_irq_save();
	/* Markers for a -trace 'virtio_mmio_*' count: three MagicValue reads. */
	for (i = 0; i < 3; i++)
		(void)mmio_read32(blk_vdev->base);
	mmio_write32(blk_vdev->base + 0x70, 0);		/* the power cut */
	m = virtio_mmio_access_count();
	QT_ASSERT_EQ(virtio_device_reinit(blk_vdev), 0);
	virtio_device_ready_noirq(blk_vdev);
	n = virtio_mmio_access_count() - m;
	for (i = 0; i < 3; i++)
		(void)mmio_read32(blk_vdev->base);
	board_irq_restore(flags);
	vmio_printf("bench blk_restore_noirq_mmio_v%u %lu accesses\n",
		    (unsigned int)blk_vdev->version, (unsigned long)n);
	/* Blind 20 / 12, plus identity 3, device features 4 / 2, queue checks 2 / 1. */
	QT_ASSERT_EQ(n, blk_vdev->version == 2 ? 29u : 18u);
	/* and the device works after it, interrupt-driven */
	QT_ASSERT_EQ(virtio_blk_read(blk, 0, rbuf, 512), 0);
	return 0;
}

static int one_cycle_with_trace(void)
{
	const struct pm_trace_entry *e;
	unsigned int i, noirq_rows = 0, rng_rows = 0;
	uint32_t irqs = board_irq_count();

	qtest_pattern_fill(SEED, 0, wbuf, REGION_SECTORS * 512);
	QT_ASSERT_EQ(virtio_blk_write(blk, 0, wbuf, sizeof(wbuf)), 0);
	QT_ASSERT_EQ(pm_suspend(wake_us), 0);
	QT_ASSERT(!board_irqs_masked());
	pm_trace_print();
	for (i = 0; (e = pm_trace_get(i)); i++) {
		bool noirq = e->phase == PM_PHASE_FREEZE_NOIRQ ||
			     e->phase == PM_PHASE_PLATFORM_SLEEP ||
			     e->phase == PM_PHASE_RESTORE_NOIRQ;

		QT_ASSERT_EQ(e->result, 0);
		if (noirq) {
			noirq_rows++;
			QT_ASSERT(e->masked);
			QT_ASSERT_EQ(e->irqs, 0);
		} else if (e->step != PM_STEP_PHASE) {
			QT_ASSERT(!e->masked);
		}
		if (e->step == PM_STEP_RESTORE_NOIRQ) {
			QT_ASSERT_EQ(e->dev, rng_vdev->index);
			rng_rows++;
		}
		if (e->step == PM_STEP_RESTORE && e->dev == blk_vdev->index)
			vmio_printf("bench blk_restore_phase_mmio_v%u %u accesses\n",
				    (unsigned int)blk_vdev->version, (unsigned int)e->mmio);
	}
	QT_ASSERT_GE(noirq_rows, 5);
	QT_ASSERT_EQ(rng_rows, 1);
	QT_ASSERT_EQ(pm_get_stats()->noirq_irqs, 0);
	QT_ASSERT_EQ(prng_noirq_reads, 1);
	QT_ASSERT_EQ(prng_noirq_bad, 0);
	QT_ASSERT_EQ(check_region(0), 0);
	/* blk completes by interrupt again. */
	QT_ASSERT_LT(irqs, board_irq_count());
	return 0;
}

#define MAX_SAMPLES 256
static uint32_t resume_us[MAX_SAMPLES], masked_us[MAX_SAMPLES];
static unsigned int nsamples;

static uint32_t median(uint32_t *v, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n ? v[n / 2] : 0;
}

static int cycles_with_io(void)
{
	uint8_t r1[RNG_LEN], r0[RNG_LEN];
	uint32_t fails = 0, irqs_before;
	unsigned int i;

	memset(r0, 0, sizeof(r0));
	for (i = 1; i <= cycles; i++) {
		qtest_pattern_fill(SEED, (uint64_t)i * REGION_SECTORS, wbuf, REGION_SECTORS * 512);
		QT_ASSERT_EQ(virtio_blk_write(blk, (uint64_t)i * REGION_SECTORS, wbuf,
					      sizeof(wbuf)), 0);
		irqs_before = board_irq_count();
		if (pm_suspend(wake_us))
			fails++;
		QT_ASSERT_EQ(fails, 0);
		if (i <= MAX_SAMPLES) {
			resume_us[i - 1] = pm_get_stats()->resume_us;
			masked_us[i - 1] = pm_get_stats()->masked_us;
			nsamples = i;
		}
		QT_ASSERT_EQ(prng_noirq_reads, i + 1);
		QT_ASSERT_EQ(check_region(i), 0);
		QT_ASSERT_EQ(check_region(i - 1), 0);
		/* irq-driven blk I/O after resume */
		QT_ASSERT_LT(irqs_before, board_irq_count());
		QT_ASSERT_EQ(prng_read(r1, sizeof(r1)), (int)sizeof(r1));
		QT_ASSERT(qtest_not_constant(r1, sizeof(r1)));
		QT_ASSERT(memcmp(r0, r1, sizeof(r1)));
		memcpy(r0, r1, sizeof(r1));
	}
	QT_ASSERT_EQ(virtio_blk_flush(blk), 0);
	QT_ASSERT_EQ(pm_get_stats()->noirq_irqs, 0);
	QT_ASSERT_EQ(prng_noirq_bad, 0);
	QT_ASSERT_EQ(pm_get_stats()->cycles, cycles + 1);
	return 0;
}

static int all_regions_intact(void)
{
	unsigned int i;

	for (i = 0; i <= cycles; i++)
		QT_ASSERT_EQ(check_region(i), 0);
	return 0;
}

static int report(void)
{
	const struct pm_stats *st = pm_get_stats();

	/* Medians: the polled entropy request in restore_noirq sometimes waits for QEMU's backend. */
	vmio_printf("bench pm_cycles %lu cycles\n", (unsigned long)st->cycles);
	vmio_printf("bench resume_guest_us %lu us\n",
		    (unsigned long)median(resume_us, nsamples));
	vmio_printf("bench resume_guest_max_us %lu us\n", (unsigned long)st->resume_max_us);
	vmio_printf("bench irq_masked_window_us %lu us\n",
		    (unsigned long)median(masked_us, nsamples));
	vmio_printf("bench irq_masked_window_max_us %lu us\n",
		    (unsigned long)st->masked_max_us);
	vmio_printf("bench irq_masked_work_max_us %lu us\n",
		    (unsigned long)st->masked_work_max_us);
	vmio_printf("bench pm_wake_us %lu us\n", (unsigned long)wake_us);
	vmio_printf("bench noirq_irqs %lu interrupts\n", (unsigned long)st->noirq_irqs);
	QT_ASSERT_EQ(st->noirq_irqs, 0);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(probe),
	QTEST(order_supplier_first),
	QTEST(blk_restore_mmio),
	QTEST(one_cycle_with_trace),
	QTEST(cycles_with_io),
	QTEST(all_regions_intact),
	QTEST(report),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
