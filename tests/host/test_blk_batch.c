// SPDX-License-Identifier: MIT
/*
 * virtio-blk request shaping and batching against the simulator: no cap
 * of the driver's own (a buffer is one data descriptor without SIZE_MAX),
 * SIZE_MAX/SEG_MAX segmentation through an indirect table, many requests
 * with one notify, bulk reaping with one interrupt per batch (EVENT_IDX,
 * delayed re-arm), requests queued from a callback kicked once, and the
 * same on a packed ring.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "board/board.h"
#include "drivers/blk/virtio_blk.h"
#include "virtio/virtio.h"
#include "virtio/virtio_mmio_regs.h"
#include "virtio/virtqueue.h"
#include "vmio/log.h"
#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_util.h"

#define F_SIZE_MAX	(1ull << 1)
#define F_INDIRECT	(1ull << VIRTIO_F_INDIRECT_DESC)
#define F_PACKED	(1ull << VIRTIO_F_RING_PACKED)
#define DISK		(SIM_BLK_SECTORS * 512u)

static struct sim_dev *sd;
static struct virtio_blk *b;
static __aligned(BOARD_DMA_ALIGN) uint8_t buf[DISK], expect[DISK];
static unsigned int done_n, chained, errs_at_setup;
static int done_err;

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void bring_up(uint64_t extra, uint32_t size_max, uint32_t seg_max)
{
	unsigned int i;

	sd = sim_add(31, 2, &sim_blk_backend);
	sd->extra_features = extra;
	if (size_max)
		put_le32(sd->config + 8, size_max);
	put_le32(sd->config + 12, seg_max);
	for (i = 0; i < DISK; i++)
		sd->priv[i] = expect[i] = (uint8_t)(i * 13 + i / 512);
	assert_int_equal(virtio_blk_register(), 0);
	assert_int_equal(virtio_probe_all(), 1);
	b = virtio_blk_get(0);
	assert_non_null(b);
	done_n = chained = 0;
	done_err = 0;
}

static int setup(void **state)
{
	(void)state;
	vt_reset();
	errs_at_setup = vmio_log_errors();
	return 0;
}

/*
 * Every request here is good: a line logged at error level would mean
 * the driver reported a failure that did not happen.
 */
static int teardown(void **state)
{
	(void)state;
	assert_int_equal(sim_violations(), 0);
	assert_int_equal(vmio_log_errors(), errs_at_setup);
	vt_reset();
	return 0;
}

static unsigned int notifies(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < sim_log_len(); i++)
		n += sim_log_get(i)->write && sim_log_get(i)->off == VIRTIO_MMIO_QUEUE_NOTIFY;
	return n;
}

static void on_done(void *arg, int err)
{
	(void)arg;
	if (err)
		done_err = err;
	done_n++;
}

static void test_no_cap_one_descriptor(void **state)
{
	unsigned int irqs;

	(void)state;
	bring_up(0, 0, 126);
	/* SEG_MAX alone limits nothing: one segment of any length. */
	assert_int_equal(virtio_blk_get_info(b)->max_req, VIRTIO_BLK_MAX_REQ_BYTES);
	sim_log_clear();
	irqs = sd->interrupts;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtio_blk_read(b, 0, buf, DISK), 0);
	assert_memory_equal(buf, expect, DISK);
	assert_int_equal(notifies(), 1);
	assert_int_equal(sd->interrupts - irqs, 1);
}

static void test_size_max_segments_go_indirect(void **state)
{
	(void)state;
	bring_up(F_SIZE_MAX | F_INDIRECT, 4096, 8);
	assert_int_equal(virtio_blk_get_info(b)->max_req, 8 * 4096);
	sim_log_clear();
	memset(buf, 0, sizeof(buf));
	/* 32 KiB in 4 KiB segments: one request, 10 descriptors in a table. */
	assert_int_equal(virtio_blk_read(b, 0, buf, DISK), 0);
	assert_memory_equal(buf, expect, DISK);
	assert_int_equal(notifies(), 1);
	assert_int_equal(sd->indirect_reqs, 1);
	/* A request beyond SEG_MAX * SIZE_MAX is refused, the sync call splits. */
	assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_IN, 0, buf, DISK + 512,
					   NULL, NULL), -EINVAL);
	/* That refusal is the one line this test logs. */
	assert_int_equal(vmio_log_errors(), ++errs_at_setup);
}

static void batch(bool packed)
{
	unsigned int i, irqs;

	bring_up(packed ? F_PACKED : 0, 0, 126);
	sd->f.defer = true;
	sim_log_clear();
	memset(buf, 0, sizeof(buf));
	irqs = sd->interrupts;
	/* 40 three-descriptor requests fill the simulator's 128-entry ring. */
	for (i = 0; i < 40; i++)
		assert_int_equal(virtio_blk_queue(b, VIRTIO_BLK_T_IN, i, buf + i * 512, 512,
						  on_done, NULL), 0);
	assert_int_equal(notifies(), 0);
	assert_int_equal(virtio_blk_inflight(b), 40);
	assert_true(virtio_blk_kick(b));
	assert_false(virtio_blk_kick(b));
	assert_int_equal(notifies(), 1);
	sim_process(sd, 0);
	host_irq_poll();
	/* All 40 completions: one interrupt, every callback from it. */
	assert_int_equal(sd->interrupts - irqs, 1);
	assert_int_equal(done_n, 40);
	assert_int_equal(done_err, 0);
	assert_memory_equal(buf, expect, 40 * 512);
	assert_int_equal(virtio_blk_inflight(b), 0);
}

static void test_batch_one_notify_one_interrupt(void **state)
{
	(void)state;
	batch(false);
}

static void test_batch_packed(void **state)
{
	(void)state;
	batch(true);
}

/*
 * Bulk reaping re-arms the interrupt for three quarters of what is in
 * flight: with 40 in flight, used_event points at the 30th.
 */
static void test_delayed_interrupt(void **state)
{
	unsigned int i, irqs;

	(void)state;
	bring_up(0, 0, 126);
	/* Arm from idle: the next completion interrupts. */
	virtio_blk_set_polled(b, false);
	sd->f.defer = true;
	for (i = 0; i < 40; i++)
		assert_int_equal(virtio_blk_queue(b, VIRTIO_BLK_T_IN, i, buf + i * 512, 512,
						  on_done, NULL), 0);
	virtio_blk_kick(b);
	irqs = sd->interrupts;
	sim_process(sd, 0);
	host_irq_poll();
	assert_int_equal(sd->interrupts - irqs, 1);
	assert_int_equal(done_n, 40);
	/* Now re-armed at three quarters of 40: queue 40 more, see the event. */
	sd->f.defer = true;
	for (i = 0; i < 40; i++)
		assert_int_equal(virtio_blk_queue(b, VIRTIO_BLK_T_IN, i, buf + i * 512, 512,
						  on_done, NULL), 0);
	virtio_blk_set_polled(b, false);	/* re-arm with 40 in flight */
	{
		struct virtqueue *vq = virtio_get_device(0)->vqs[0];

		/* used_event: interrupt once the 30th of the 40 is used. */
		assert_int_equal(vq->avail->ring[vq->num], (uint16_t)(vq->last_used + 30));
	}
	virtio_blk_kick(b);
	irqs = sd->interrupts;
	sim_process(sd, 0);
	host_irq_poll();
	assert_int_equal(sd->interrupts - irqs, 1);
	assert_int_equal(done_n, 80);
	assert_int_equal(done_err, 0);
}

static void resubmit(void *arg, int err)
{
	(void)arg;
	on_done(NULL, err);
	if (chained < 3) {
		chained++;
		assert_int_equal(virtio_blk_queue(b, VIRTIO_BLK_T_IN, chained,
						  buf + chained * 512, 512, resubmit, NULL), 0);
	}
}

static void test_callback_requests_kicked_once(void **state)
{
	(void)state;
	bring_up(0, 0, 126);
	sd->f.defer = true;
	assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_IN, 0, buf, 512, resubmit, NULL), 0);
	sim_log_clear();
	sim_process(sd, 0);
	host_irq_poll();
	/* The callback queued one more; the end of the reaping kicked it. */
	assert_int_equal(done_n, 1);
	assert_int_equal(notifies(), 1);
	assert_int_equal(virtio_blk_inflight(b), 1);
	sd->f.defer = false;
	sim_process(sd, 0);
	host_irq_poll();
	assert_int_equal(done_n, 4);
	assert_int_equal(virtio_blk_inflight(b), 0);
	assert_memory_equal(buf, expect, 4 * 512);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_no_cap_one_descriptor),
		T(test_size_max_segments_go_indirect),
		T(test_batch_one_notify_one_interrupt),
		T(test_batch_packed),
		T(test_delayed_interrupt),
		T(test_callback_requests_kicked_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
