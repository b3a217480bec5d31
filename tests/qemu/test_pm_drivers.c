// SPDX-License-Identifier: MIT
/*
 * System sleep with the project's real drivers on QEMU's virtio-blk,
 * virtio-rng and virtio-console (socket chardev, tools/console-peer.py
 * at the other end): pm_suspend() cycles, each of which resets every
 * transport, with between them
 *  - blk: a region written with the seeded pattern of
 *    tools/blk-pattern.py and read back (the whole range is checked on
 *    the host afterwards), alternating polled and interrupt-driven
 *    completion; in polled cycles the write is still in flight when
 *    pm_suspend() is called, so the freeze step has to complete it, and
 *    its completion callback sees new requests refused;
 *  - rng: an entropy read; every tenth cycle a read times out first, so
 *    that the freeze step has a posted request to reclaim;
 *  - console: one line written (counted on the host) and one record
 *    "line NNN\n" of the peer's input read (9 bytes, 10 from record
 *    1000 on), which must be exactly the next one: input that sat unread
 *    in the receive buffers over a sleep is kept, nothing is lost or
 *    repeated.
 * After every cycle the trace must show each device frozen and restored
 * with result 0, the noirq rows IRQ-masked with no interrupt taken, and
 * the polled devices must not interrupt.
 *
 * Arguments: cycles=N (default 100), wake=US (default 1000),
 * recs=N (input records the peer sends; default cycles + 20), stuck=1
 * (also the freeze failure with a stuck blk request; slow), start=N
 * (number of the first cycle and of the peer's first record, default 0:
 * a short run can cross the record-width change at 1000 that a soak
 * reaches; blk regions stay numbered from 0).
 * Prints "bench NAME VALUE UNIT" lines for tools/bench.sh.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "drivers/drivers.h"
#include "tests/qemu/harness/pattern.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/pm.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "vmio/log.h"
#include "vmio/print.h"

#define SEED 0x5dd1u
#define REGION_SECTORS 8u
#define REGION_BYTES (REGION_SECTORS * 512u)
#define RNG_LEN 32u
#define REC_MAX 16u		/* "line NNN\n", wider from 1000 on */
#define IO_TIMEOUT_US 2000000u

static struct virtio_blk *blk;
static struct virtio_device *blk_vdev, *rng_vdev, *con_vdev;
static unsigned int cycles = 100, recs;
static uint32_t wake_us = 1000;
static unsigned int next_rec, start;

static __aligned(BOARD_DMA_ALIGN) uint8_t wbuf[REGION_BYTES], rbuf[REGION_BYTES];

static int check_region(unsigned int r)
{
	memset(rbuf, 0xa5, sizeof(rbuf));
	QT_ASSERT_EQ(virtio_blk_read(blk, (uint64_t)r * REGION_SECTORS, rbuf,
				     sizeof(rbuf)), 0);
	qtest_pattern_fill(SEED, (uint64_t)r * REGION_SECTORS, wbuf, REGION_SECTORS * 512);
	QT_ASSERT(!memcmp(rbuf, wbuf, sizeof(rbuf)));
	return 0;
}

/*
 * An asynchronous write left in flight across pm_suspend(): its
 * completion runs inside blk's freeze step (polled mode), which must
 * refuse the request it tries to submit.
 */
static struct {
	unsigned int done;
	int err;
	int resubmit;
	enum pm_phase phase;
} aw;

static void aw_done(void *arg, int err)
{
	(void)arg;
	aw.done++;
	if (err)
		aw.err = err;
	aw.phase = pm_get_phase();
	aw.resubmit = virtio_blk_submit(blk, VIRTIO_BLK_T_IN, 0, rbuf, 512, NULL, NULL);
}

/* --- console input: the peer's records, in order --- */

/*
 * Exactly the next record, as many bytes as it has: reading more would
 * take the start of the one after it.
 */
static int read_record(void)
{
	char got[REC_MAX], want[REC_MAX];
	unsigned int n = 0, len;
	int r;

	r = vmio_snprintf(want, sizeof(want), "line %03u\n", next_rec);
	QT_ASSERT(r > 0 && r < (int)sizeof(want));
	len = (unsigned int)r;
	while (n < len) {
		r = virtio_console_read(got + n, len - n, IO_TIMEOUT_US);
		QT_ASSERT_GE(r, 1);
		n += (unsigned int)r;
	}
	QT_ASSERT(!memcmp(got, want, len));
	next_rec++;
	return 0;
}

/*
 * Interrupts a polled queue of dev may still raise after a reset: with
 * EVENT_IDX, QEMU signals the first completion after a reset whatever
 * used_event says (virtqueue_disable_cb() is best effort); without it
 * the NO_INTERRUPT flag is obeyed, so a polled queue must stay silent,
 * which proves restore re-applied virtqueue_disable_cb().
 */
static unsigned int first_irq(const struct virtio_device *dev)
{
	return virtio_has_feature(dev, VIRTIO_F_EVENT_IDX) ? 1 : 0;
}

/* --- the trace of the last cycle --- */

static bool ours(unsigned int dev)
{
	return dev == blk_vdev->index || dev == rng_vdev->index ||
	       dev == con_vdev->index;
}

static int check_trace(void)
{
	const struct pm_trace_entry *e;
	unsigned int i, noirq = 0, freezes = 0, restores = 0;

	for (i = 0; (e = pm_trace_get(i)); i++) {
		bool masked_phase = e->phase == PM_PHASE_FREEZE_NOIRQ ||
				    e->phase == PM_PHASE_PLATFORM_SLEEP ||
				    e->phase == PM_PHASE_RESTORE_NOIRQ;

		QT_ASSERT_EQ(e->result, 0);
		if (masked_phase) {
			noirq++;
			QT_ASSERT(e->masked);
			QT_ASSERT_EQ(e->irqs, 0);
		} else if (e->step != PM_STEP_PHASE) {
			QT_ASSERT(!e->masked);
		}
		/* NORMAL-class drivers come back with IRQs on, never in the noirq phase. */
		QT_ASSERT(e->step != PM_STEP_RESTORE_NOIRQ);
		if (e->dev != PM_TRACE_NO_DEV && ours(e->dev)) {
			freezes += e->step == PM_STEP_FREEZE;
			restores += e->step == PM_STEP_RESTORE;
		}
	}
	/* FREEZE_NOIRQ, PLATFORM_SLEEP (phase and step), RESTORE_NOIRQ */
	QT_ASSERT_GE(noirq, 4);
	QT_ASSERT_EQ(freezes, 3);
	QT_ASSERT_EQ(restores, 3);
	QT_ASSERT_EQ(pm_get_stats()->noirq_irqs, 0);
	QT_ASSERT_EQ(pm_get_stats()->last_result, 0);
	QT_ASSERT(!blk_vdev->failed && !rng_vdev->failed && !con_vdev->failed);
	return 0;
}

/* --- tests --- */

static int probe(void)
{
	struct virtio_device *d;
	unsigned int i;
	const char *a;

	a = qtest_arg("cycles");
	if (a)
		cycles = (unsigned int)strtoul(a, NULL, 0);
	a = qtest_arg("wake");
	if (a)
		wake_us = (uint32_t)strtoul(a, NULL, 0);
	a = qtest_arg("start");
	if (a)
		start = (unsigned int)strtoul(a, NULL, 0);
	next_rec = start;
	recs = cycles + 20;
	a = qtest_arg("recs");
	if (a)
		recs = (unsigned int)strtoul(a, NULL, 0);
	QT_ASSERT_GE(recs, cycles + 1);
	QT_ASSERT_EQ(drivers_register_all(), 0);
	QT_ASSERT_GE(virtio_probe_all(), 3);
	for (i = 0; (d = virtio_get_device(i)); i++) {
		if (d->id == VIRTIO_ID_BLOCK)
			blk_vdev = d;
		else if (d->id == VIRTIO_ID_RNG)
			rng_vdev = d;
		else if (d->id == VIRTIO_ID_CONSOLE)
			con_vdev = d;
	}
	QT_ASSERT(blk_vdev && rng_vdev && con_vdev);
	blk = virtio_blk_get(0);
	QT_ASSERT(blk);
	QT_ASSERT(virtio_rng_present());
	QT_ASSERT(virtio_console_present());
	QT_ASSERT_GE(virtio_blk_get_info(blk)->capacity,
		     (uint64_t)(cycles + 2) * REGION_SECTORS);
	board_irq_unmask();
	return 0;
}

/* One cycle with nothing going on; its trace is printed for the runner. */
static int first_cycle(void)
{
	unsigned int e0 = vmio_log_errors();
	char line[32];
	int n;

	qtest_pattern_fill(SEED, 0, wbuf, REGION_SECTORS * 512);
	QT_ASSERT_EQ(virtio_blk_write(blk, 0, wbuf, sizeof(wbuf)), 0);
	n = vmio_snprintf(line, sizeof(line), "pm cycle %u ok\n", start);
	QT_ASSERT_EQ(virtio_console_write(line, (size_t)n, IO_TIMEOUT_US), n);
	QT_ASSERT_EQ(read_record(), 0);
	QT_ASSERT_EQ(pm_suspend(wake_us), 0);
	pm_trace_print();
	QT_ASSERT_EQ(check_trace(), 0);
	QT_ASSERT_EQ(check_region(0), 0);
	QT_ASSERT_EQ(vmio_log_errors(), e0);
	return 0;
}

static int one_cycle(unsigned int i)
{
	uint8_t r[RNG_LEN];
	static uint8_t r0[RNG_LEN];
	bool polled = i & 1;
	unsigned int e0 = vmio_log_errors(), errs = 0;
	uint32_t irqs;
	char line[32];
	int n;

	virtio_blk_set_polled(blk, polled);
	qtest_pattern_fill(SEED, (uint64_t)i * REGION_SECTORS, wbuf, REGION_SECTORS * 512);
	memset(&aw, 0, sizeof(aw));
	if (polled) {
		/* In flight until blk's freeze polls it: nothing else polls. */
		QT_ASSERT_EQ(virtio_blk_submit(blk, VIRTIO_BLK_T_OUT,
					       (uint64_t)i * REGION_SECTORS, wbuf,
					       sizeof(wbuf), aw_done, NULL), 0);
		QT_ASSERT_EQ(virtio_blk_inflight(blk), 1);
	} else {
		QT_ASSERT_EQ(virtio_blk_write(blk, (uint64_t)i * REGION_SECTORS, wbuf,
					      sizeof(wbuf)), 0);
	}
	if (!(i % 10)) {
		/* A read that gives up at once leaves its request posted. */
		QT_ASSERT_EQ(virtio_rng_read(r, sizeof(r), 0), -ETIMEDOUT);
		errs++;
	}

	QT_ASSERT_EQ(pm_suspend(wake_us), 0);
	QT_ASSERT(!board_irqs_masked());
	QT_ASSERT_EQ(check_trace(), 0);
	if (polled) {
		QT_ASSERT_EQ(aw.done, 1);
		QT_ASSERT_EQ(aw.err, 0);
		QT_ASSERT_EQ(aw.phase, PM_PHASE_FREEZE);
		QT_ASSERT_EQ(aw.resubmit, -EAGAIN);
		errs++;		/* the refusal is logged */
	}
	QT_ASSERT_EQ(virtio_blk_inflight(blk), 0);

	/*
	 * The completion mode survives the sleep: interrupts when not
	 * polled, none when polled (but the first completion after the
	 * reset, see first_irq()).
	 */
	irqs = board_irq_count();
	QT_ASSERT_EQ(check_region(i), 0);
	if (polled)
		QT_ASSERT_LE(board_irq_count() - irqs, first_irq(blk_vdev));
	else
		QT_ASSERT_LT(irqs, board_irq_count());
	irqs = board_irq_count();
	QT_ASSERT_EQ(check_region(i - 1), 0);
	if (polled)
		QT_ASSERT_EQ(board_irq_count(), irqs);

	/* rng and console are always polled: three queues used here. */
	irqs = board_irq_count();
	QT_ASSERT_EQ(virtio_rng_read(r, sizeof(r), IO_TIMEOUT_US), (int)sizeof(r));
	QT_ASSERT(qtest_not_constant(r, sizeof(r)));
	QT_ASSERT(memcmp(r, r0, sizeof(r)));
	memcpy(r0, r, sizeof(r));
	n = vmio_snprintf(line, sizeof(line), "pm cycle %u ok\n", start + i);
	QT_ASSERT_EQ(virtio_console_write(line, (size_t)n, IO_TIMEOUT_US), n);
	QT_ASSERT_EQ(read_record(), 0);
	QT_ASSERT_EQ(virtio_rng_read(r, sizeof(r), IO_TIMEOUT_US), (int)sizeof(r));
	QT_ASSERT_EQ(virtio_console_write("tick\n", 5, IO_TIMEOUT_US), 5);
	/* The receive queue's first completion comes whenever the host sends. */
	QT_ASSERT_LE(board_irq_count() - irqs, first_irq(rng_vdev) + 2 * first_irq(con_vdev));

	QT_ASSERT_EQ(vmio_log_errors() - e0, errs);
	return 0;
}

static int cycles_with_io(void)
{
	unsigned int i;

	for (i = 1; i <= cycles; i++)
		if (one_cycle(i)) {
			vmio_printf("cycle %u failed\n", i);
			return -1;
		}
	QT_ASSERT_EQ(pm_get_stats()->cycles, cycles + 1);
	QT_ASSERT_EQ(pm_get_stats()->noirq_irqs, 0);
	return 0;
}

/*
 * A blk request the device never sees (its notification suppressed by
 * faking the device's VRING_USED_F_NO_NOTIFY; only without EVENT_IDX)
 * cannot complete, so blk's freeze times out: pm_suspend() fails with
 * -EBUSY, and the console and rng, frozen before blk (a dependency table
 * makes blk their supplier), are rolled back and work, nothing lost.
 * Then the request is let through and a normal cycle works. Slow (the
 * freeze waits VIRTIO_BLK_FREEZE_TIMEOUT_US): only with stuck=1.
 */
static int stuck_freeze_rolls_back(void)
{
	struct virtqueue *vq = blk_vdev->vqs[0];
	const struct pm_trace_entry *e;
	struct pm_dep deps[2] = {
		{ con_vdev->base, blk_vdev->base },
		{ rng_vdev->base, blk_vdev->base },
	};
	unsigned int i, e0, r = cycles + 1, restored = 0;
	uint8_t rnd[RNG_LEN];
	const char *a = qtest_arg("stuck");

	if (!a || !strtoul(a, NULL, 0) || virtio_has_feature(blk_vdev, VIRTIO_F_EVENT_IDX)) {
		vmio_printf("stuck request: skipped\n");
		return 0;
	}
	QT_ASSERT_EQ(pm_set_dep_table(deps, 2), 0);
	virtio_blk_set_polled(blk, true);
	qtest_pattern_fill(SEED, (uint64_t)r * REGION_SECTORS, wbuf, REGION_SECTORS * 512);
	memset(&aw, 0, sizeof(aw));
	e0 = vmio_log_errors();
	vq->used->flags = VRING_USED_F_NO_NOTIFY;
	QT_ASSERT_EQ(virtio_blk_submit(blk, VIRTIO_BLK_T_OUT, (uint64_t)r * REGION_SECTORS,
				       wbuf, sizeof(wbuf), aw_done, NULL), 0);
	QT_ASSERT_EQ(virtio_rng_read(rnd, sizeof(rnd), 0), -ETIMEDOUT);

	QT_ASSERT_EQ(pm_suspend(wake_us), -EBUSY);
	pm_trace_print();
	/* rng read, blk's own line, the core's line */
	QT_ASSERT_EQ(vmio_log_errors() - e0, 3);
	for (i = 0; (e = pm_trace_get(i)); i++) {
		QT_ASSERT(e->phase == PM_PHASE_FREEZE || e->phase == PM_PHASE_RESTORE ||
			  e->phase == PM_PHASE_RUNNING);
		if (e->step == PM_STEP_FREEZE && e->dev == blk_vdev->index)
			QT_ASSERT_EQ(e->result, -EBUSY);
		else if (e->step != PM_STEP_PHASE)
			QT_ASSERT_EQ(e->result, 0);
		restored += e->step == PM_STEP_RESTORE;
	}
	QT_ASSERT_EQ(restored, 2);
	QT_ASSERT(!blk_vdev->failed && !rng_vdev->failed && !con_vdev->failed);
	QT_ASSERT_EQ(aw.done, 0);
	QT_ASSERT_EQ(virtio_blk_inflight(blk), 1);

	/* rolled back: rng and console work, the console input goes on in order */
	QT_ASSERT_EQ(virtio_rng_read(rnd, sizeof(rnd), IO_TIMEOUT_US), (int)sizeof(rnd));
	QT_ASSERT_EQ(read_record(), 0);
	QT_ASSERT_EQ(virtio_console_write("rolled back\n", 12, IO_TIMEOUT_US), 12);

	/* blk was reopened: the next request's kick takes the stuck one along */
	vq->used->flags = 0;
	QT_ASSERT_EQ(check_region(0), 0);
	QT_ASSERT_EQ(aw.done, 1);
	QT_ASSERT_EQ(aw.err, 0);
	QT_ASSERT_EQ(check_region(r), 0);
	QT_ASSERT_EQ(vmio_log_errors() - e0, 3);

	QT_ASSERT_EQ(pm_set_dep_table(NULL, 0), 0);
	QT_ASSERT_EQ(pm_suspend(wake_us), 0);
	QT_ASSERT_EQ(check_trace(), 0);
	QT_ASSERT_EQ(check_region(r), 0);
	QT_ASSERT_EQ(read_record(), 0);
	return 0;
}

/* Nothing is refused any more, in either mode. */
static int reopened(void)
{
	virtio_blk_set_polled(blk, false);
	QT_ASSERT_EQ(virtio_blk_flush(blk), 0);
	virtio_blk_set_polled(blk, true);
	QT_ASSERT_EQ(virtio_blk_flush(blk), 0);
	virtio_blk_set_polled(blk, false);
	return 0;
}

static int all_regions_intact(void)
{
	unsigned int i;

	for (i = 0; i <= cycles; i++)
		QT_ASSERT_EQ(check_region(i), 0);
	return 0;
}

/* The rest of the peer's input, exactly, then nothing. */
static int console_input_complete(void)
{
	char c;

	while (next_rec < start + recs)
		QT_ASSERT_EQ(read_record(), 0);
	QT_ASSERT_EQ(virtio_console_read(&c, 1, 10000), 0);
	QT_ASSERT_EQ(virtio_console_write("pm drivers done\n", 16, IO_TIMEOUT_US), 16);
	return 0;
}

static int report(void)
{
	const struct pm_stats *st = pm_get_stats();

	vmio_printf("bench pm_drivers_cycles %lu cycles\n", (unsigned long)st->cycles);
	vmio_printf("bench resume_guest_us %lu us\n", (unsigned long)st->resume_max_us);
	vmio_printf("bench irq_masked_window_us %lu us\n", (unsigned long)st->masked_max_us);
	vmio_printf("bench irq_masked_work_max_us %lu us\n",
		    (unsigned long)st->masked_work_max_us);
	vmio_printf("bench pm_wake_us %lu us\n", (unsigned long)wake_us);
	vmio_printf("bench noirq_irqs %lu interrupts\n", (unsigned long)st->noirq_irqs);
	QT_ASSERT_EQ(st->noirq_irqs, 0);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(probe),
	QTEST(first_cycle),
	QTEST(cycles_with_io),
	QTEST(stuck_freeze_rolls_back),
	QTEST(reopened),
	QTEST(all_regions_intact),
	QTEST(console_input_complete),
	QTEST(report),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
