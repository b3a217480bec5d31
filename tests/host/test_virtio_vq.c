// SPDX-License-Identifier: MIT
/*
 * Split virtqueues against the simulator: data paths on both transport
 * versions, interrupt and polled completion, notification suppression,
 * and a device that lies in its used ring (bad id, duplicate id, length
 * beyond the offer, used idx jump): each is caught, logged, breaks only
 * that queue, and the queue is usable again after a reinit.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "board/board.h"
#include "vmio/byteorder.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtio_mmio.h"
#include "virtio/virtio_mmio_regs.h"
#include "virtio/virtqueue.h"
#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_ring.h"
#include "tests/host/support/vt_util.h"

VIRTQ_DEFINE(vq_a, 16);		/* device 0 */
VIRTQ_DEFINE(vq_b, 8);		/* device 1 */
VIRTQ_DEFINE(vq_fresh, 8);	/* never bound before test_irq_during_queue_setup */

static unsigned int callbacks_a, callbacks_b;

static void cb_a(struct virtqueue *vq)
{
	(void)vq;
	callbacks_a++;
}

static void cb_b(struct virtqueue *vq)
{
	(void)vq;
	callbacks_b++;
}

static int probe_a(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { &vq_a };
	void (*const cbs[])(struct virtqueue *) = { cb_a };

	return virtio_find_vqs(dev, 1, vqs, cbs);
}

static int probe_b(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { &vq_b };
	void (*const cbs[])(struct virtqueue *) = { cb_b };

	return virtio_find_vqs(dev, 1, vqs, cbs);
}

/* Two drivers for the same device types, each with its own queue storage. */
static const struct virtio_device_id any_ids[] = {
	{ VIRTIO_ID_RNG, VIRTIO_DEV_ANY_ID }, { VIRTIO_ID_BLOCK, VIRTIO_DEV_ANY_ID }, { 0, 0 },
};
static struct virtio_driver drv_a = { .name = "a", .id_table = any_ids, .probe = probe_a };
static struct virtio_driver drv_b = { .name = "b", .id_table = any_ids, .probe = probe_b };

static struct sim_dev *sa, *sb;

static void bring_up(uint32_t version, const struct sim_backend *be_a,
		     const struct sim_backend *be_b)
{
	sa = sim_add(31, version, be_a);
	sb = be_b ? sim_add(30, version, be_b) : NULL;
	/* No driver registered: bind each device to its own driver by hand. */
	assert_int_equal(virtio_probe_all(), be_b ? 2 : 1);
	assert_int_equal(virtio_device_probe(virtio_get_device(0), &drv_a), 0);
	if (be_b)
		assert_int_equal(virtio_device_probe(virtio_get_device(1), &drv_b), 0);
	assert_false(virtio_get_device(0)->failed);
}

static int setup(void **state)
{
	(void)state;
	vt_reset();
	callbacks_a = callbacks_b = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(sim_violations(), 0);
	vt_reset();
	return 0;
}

/* One rng request on vq; returns the cookie get_buf gave back (polled). */
static void *rng_req(struct virtqueue *vq, uint8_t *buf, uint32_t len, uint32_t *got)
{
	struct virtio_sg in = { buf, len };

	assert_int_equal(virtqueue_add_sgs(vq, NULL, 0, &in, 1, buf), 0);
	virtqueue_kick(vq);
	return virtqueue_get_buf(vq, got);
}

/* --- storage --- */

static void test_ring_storage_in_dma_section(void **state)
{
	extern char __start_vmio_dma[], __stop_vmio_dma[];

	(void)state;
	assert_true((uintptr_t)vq_a_vring % VRING_ALIGN == 0);
	assert_true((uintptr_t)vq_b_vring % VRING_ALIGN == 0);
	assert_true(vq_a_vring >= (uint8_t *)__start_vmio_dma);
	assert_true(vq_a_vring + sizeof(vq_a_vring) <= (uint8_t *)__stop_vmio_dma);
	assert_int_equal(sizeof(vq_a_vring), 4096 + 6 + 8 * 16);
	/* Legacy PFNs need small DMA addresses: the host mapping provides them. */
	assert_true(board_dma_addr(vq_a_vring) < (1ull << 32));
	/* The device's view of it: the ring itself, or its non-coherent copy. */
	if (!host_dma_noncoherent())
		assert_ptr_equal(host_dma_ptr(board_dma_addr(vq_a_vring)), vq_a_vring);
}

/* --- data paths --- */

static void blk_rw_roundtrip(uint32_t version)
{
	bring_up(version, &sim_blk_backend, NULL);
	vt_blk_roundtrip(&vq_a, sa, 3, &callbacks_a);
}

static void test_blk_roundtrip_modern(void **state)
{
	(void)state;
	blk_rw_roundtrip(2);
}

static void test_blk_roundtrip_legacy(void **state)
{
	(void)state;
	blk_rw_roundtrip(1);
}

static void test_rng_both_versions(void **state)
{
	(void)state;
	bring_up(1, &sim_rng_backend, NULL);
	vt_rng_works(&vq_a);
	vt_reset();
	bring_up(2, &sim_rng_backend, NULL);
	vt_rng_works(&vq_a);
}

static void test_enospc_and_wraparound(void **state)
{
	static __aligned(BOARD_DMA_ALIGN) uint8_t bufs[16][BOARD_DMA_ALIGN];
	struct virtio_sg in;
	unsigned int i, round;
	uint32_t len;

	(void)state;
	bring_up(2, &sim_rng_backend, NULL);
	sa->f.defer = true;
	for (round = 0; round < 5; round++) {
		for (i = 0; i < 16; i++) {
			in = (struct virtio_sg){ bufs[i], 4 };
			assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, bufs[i]), 0);
		}
		in = (struct virtio_sg){ bufs[0], 4 };
		assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, bufs[0]), -ENOSPC);
		assert_int_equal(vq_a.num_free, 0);
		virtqueue_kick(&vq_a);
		sim_process(sa, 0);
		for (i = 0; i < 16; i++) {
			assert_ptr_equal(virtqueue_get_buf(&vq_a, &len), bufs[i]);
			assert_int_equal(len, 4);
		}
		assert_null(virtqueue_get_buf(&vq_a, &len));
		assert_int_equal(vq_a.num_free, 16);
	}
	/* A chain longer than the ring can never fit. */
	{
		struct virtio_sg many[17];

		for (i = 0; i < 17; i++)
			many[i] = (struct virtio_sg){ bufs[0], 1 };
		assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, many, 17, bufs), -ENOSPC);
	}
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, NULL), -EINVAL);
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, NULL, 0, bufs), -EINVAL);
	assert_false(vq_a.broken);
}

static void test_polled_with_irqs_masked(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[8];
	struct virtio_sg in = { buf, sizeof(buf) };
	unsigned long flags;
	uint32_t irqs, len;

	(void)state;
	bring_up(2, &sim_rng_backend, NULL);
	flags = board_irq_save();
	irqs = board_irq_count();
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, buf), 0);
	assert_true(virtqueue_kick(&vq_a));
	assert_int_equal(virtqueue_poll_wait(&vq_a, 100), 0);
	assert_ptr_equal(virtqueue_get_buf(&vq_a, &len), buf);
	assert_int_equal(board_irq_count(), irqs);	/* none taken while masked */
	assert_int_equal(callbacks_a, 0);
	board_irq_restore(flags);
	/* The pending interrupt is taken now and acknowledged; nothing left to do. */
	assert_int_equal(board_irq_count(), irqs + 1);
	assert_int_equal(sa->isr, 0);
	assert_int_equal(callbacks_a, 0);
}

static void test_poll_wait_timeout(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[8];
	struct virtio_sg in = { buf, sizeof(buf) };
	uint64_t t0;

	(void)state;
	bring_up(2, &sim_rng_backend, NULL);
	sa->f.defer = true;
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, buf), 0);
	virtqueue_kick(&vq_a);
	t0 = host_time_now();
	assert_int_equal(virtqueue_poll_wait(&vq_a, 500), -ETIMEDOUT);
	assert_true(host_time_now() - t0 >= 500);
	assert_true(host_time_now() - t0 < 2000);
	sim_process(sa, 0);
	assert_int_equal(virtqueue_poll_wait(&vq_a, 500), 0);
	assert_ptr_equal(virtqueue_get_buf(&vq_a, NULL), buf);
}

/* --- notification suppression --- */

static void test_event_idx_kick_suppression(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t b[4][BOARD_DMA_ALIGN];
	struct virtio_sg in;
	unsigned int i;

	(void)state;
	bring_up(2, &sim_rng_backend, NULL);
	assert_true(vq_a.event_idx);
	sa->f.defer = true;
	sim_log_clear();
	in = (struct virtio_sg){ b[0], 4 };
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b[0]), 0);
	assert_true(virtqueue_kick(&vq_a));		/* avail_event 0: wanted */
	in = (struct virtio_sg){ b[1], 4 };
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b[1]), 0);
	assert_false(virtqueue_kick(&vq_a));		/* device has not caught up */
	assert_false(virtqueue_kick(&vq_a));		/* nothing new */
	assert_int_equal(vt_notifies(), 1);
	sim_process(sa, 0);				/* avail_event = 2 */
	in = (struct virtio_sg){ b[2], 4 };
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b[2]), 0);
	assert_true(virtqueue_kick(&vq_a));
	assert_int_equal(vt_notifies(), 2);
	sim_process(sa, 0);
	for (i = 0; i < 3; i++)
		assert_ptr_equal(virtqueue_get_buf(&vq_a, NULL), b[i]);
	/* used_event follows last_used: the device interrupted for each batch. */
	assert_int_equal(le16_to_cpu(vq_a.avail->ring[vq_a.num]), 3);
}

static void test_event_idx_interrupt_suppression(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t b[2][BOARD_DMA_ALIGN];
	struct virtio_sg in;
	unsigned int irqs;

	(void)state;
	bring_up(2, &sim_rng_backend, NULL);
	irqs = sa->interrupts;
	virtqueue_disable_cb(&vq_a);
	/* EVENT_IDX: flags must stay 0 (2.7.7); used_event alone silences the device. */
	assert_int_equal(vq_a.avail->flags, 0);
	in = (struct virtio_sg){ b[0], 4 };
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b[0]), 0);
	virtqueue_kick(&vq_a);
	/* Not even the first completion after a fresh ring interrupts. */
	assert_int_equal(sa->interrupts, irqs);
	assert_int_equal(callbacks_a, 0);
	assert_ptr_equal(virtqueue_get_buf(&vq_a, NULL), b[0]);
	in = (struct virtio_sg){ b[1], 4 };
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b[1]), 0);
	virtqueue_kick(&vq_a);
	assert_int_equal(sa->interrupts, irqs);		/* still suppressed */
	assert_false(virtqueue_enable_cb(&vq_a));	/* work arrived meanwhile */
	assert_ptr_equal(virtqueue_get_buf(&vq_a, NULL), b[1]);
	assert_true(virtqueue_enable_cb(&vq_a));
	/* Re-enabled: the next completion interrupts again. */
	in = (struct virtio_sg){ b[0], 4 };
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b[0]), 0);
	virtqueue_kick(&vq_a);
	assert_int_equal(sa->interrupts, irqs + 1);
	assert_int_equal(callbacks_a, 1);
}

/*
 * EVENT_IDX: the used_event store must be separated from the next load
 * of used->idx by a full barrier, or the device (on another CPU) can
 * miss it and skip the interrupt (2.7.10: the driver's store of
 * used_event, then its read of used idx). The host board records cache
 * maintenance and barriers in program order: a 'C' of used_event, then
 * an 'M', then the 'I' of used->idx.
 */
static void test_event_idx_used_event_store_then_full_barrier(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[8];
	uint32_t got = 0;

	(void)state;
	bring_up(2, &sim_rng_backend, NULL);
	assert_true(vq_a.event_idx);
	host_ring_trace_clear();
	assert_ptr_equal(rng_req(&vq_a, buf, sizeof(buf), &got), buf);
	assert_false(virtqueue_poll(&vq_a));		/* the next load of used->idx */
	vt_assert_store_mb_load(&vq_a.avail->ring[vq_a.num], &vq_a.used->idx,
				sizeof(vq_a.used->idx));
}

static void test_no_notify_flag_without_event_idx(void **state)
{
	static struct sim_backend plain;
	__aligned(BOARD_DMA_ALIGN) uint8_t b[4];
	struct virtio_sg in = { b, 4 };
	unsigned int irqs;

	(void)state;
	plain = sim_rng_backend;
	plain.features = 1ull << 32;
	bring_up(2, &plain, NULL);
	assert_false(vq_a.event_idx);
	sa->f.no_notify = true;
	sa->f.defer = true;
	sim_process(sa, 0);				/* publishes NO_NOTIFY */
	sim_log_clear();
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b), 0);
	assert_false(virtqueue_kick(&vq_a));
	assert_int_equal(vt_notifies(), 0);
	sa->f.no_notify = false;
	sim_process(sa, 0);
	assert_ptr_equal(virtqueue_get_buf(&vq_a, NULL), b);
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b), 0);
	assert_true(virtqueue_kick(&vq_a));
	assert_int_equal(vt_notifies(), 1);
	/* NO_INTERRUPT without EVENT_IDX lives in avail->flags. */
	virtqueue_disable_cb(&vq_a);
	assert_int_equal(le16_to_cpu(vq_a.avail->flags), VRING_AVAIL_F_NO_INTERRUPT);
	irqs = sa->interrupts;
	sim_process(sa, 0);
	assert_int_equal(sa->interrupts, irqs);
	assert_false(virtqueue_enable_cb(&vq_a));
	assert_ptr_equal(virtqueue_get_buf(&vq_a, NULL), b);
}

/* --- a lying device --- */

/*
 * One used-ring fault on device 0 with two requests queued, device 1
 * spared (vt_lying_device() says what must happen).
 */
static void lying_device(size_t knob, const char *what, unsigned int good_first)
{
	bring_up(2, &sim_rng_backend, &sim_rng_backend);
	vt_lying_device(&vq_a, &vq_b, sa, knob, what, good_first);
}

#define LYING_TEST(fn, field, text, good)			\
	static void fn(void **state)				\
	{							\
		(void)state;					\
		lying_device(offsetof(struct sim_faults, field),	\
			     text, good);			\
	}

LYING_TEST(test_used_id_out_of_range, used_bad_id, "used id not in flight", 0)
LYING_TEST(test_used_id_duplicate, used_dup_id, "used id not in flight", 1)
LYING_TEST(test_used_len_beyond_offer, used_len_over, "used len beyond offer", 0)
LYING_TEST(test_used_idx_jump, used_idx_jump, "used idx jumped", 0)
/* Behind what the driver has seen is far ahead modulo 2^16: beyond any ring. */
LYING_TEST(test_used_idx_backwards, used_idx_back, "used idx jumped", 0)

static void test_shared_storage_refused(void **state)
{
	unsigned int errs;

	(void)state;
	bring_up(2, &sim_rng_backend, &sim_rng_backend);
	/* vq_a is live on device 0: device 1 may not take it over. */
	errs = vmio_log_errors();
	assert_int_equal(virtio_device_probe(virtio_get_device(1), &drv_a), -EBUSY);
	assert_true(vmio_log_errors() > errs);
	assert_ptr_equal(vq_a.vdev, virtio_get_device(0));
	vt_rng_works(&vq_a);
}

static void test_reinit_vring_busy(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t b[4];
	struct virtio_sg in = { b, 4 };
	unsigned int errs;

	(void)state;
	bring_up(2, &sim_rng_backend, NULL);
	sa->f.defer = true;
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b), 0);
	errs = vmio_log_errors();
	assert_int_equal(virtqueue_reinit_vring(&vq_a), -EBUSY);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "1 buffers in flight"));
	/* Nothing was disturbed: the request still completes. */
	virtqueue_kick(&vq_a);
	sim_process(sa, 0);
	assert_ptr_equal(virtqueue_get_buf(&vq_a, NULL), b);
	assert_int_equal(virtqueue_reinit_vring(&vq_a), 0);
	assert_int_equal(vq_a.avail_idx, 0);
	assert_int_equal(vq_a.last_used, 0);
	assert_int_equal(vq_a.num_free, vq_a.num);
}

static void test_detach_after_reset(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t b[3][BOARD_DMA_ALIGN];
	struct virtio_sg in;
	unsigned int i, n = 0;

	(void)state;
	bring_up(1, &sim_rng_backend, NULL);
	sa->f.defer = true;
	for (i = 0; i < 3; i++) {
		in = (struct virtio_sg){ b[i], 4 };
		assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, b[i]), 0);
	}
	assert_int_equal(virtio_reset_device(virtio_get_device(0)), 0);
	while (virtqueue_detach_unused(&vq_a))
		n++;
	assert_int_equal(n, 3);
	assert_null(virtqueue_detach_unused(&vq_a));
	assert_int_equal(virtio_device_reinit(virtio_get_device(0)), 0);
	virtio_device_ready(virtio_get_device(0));
	sa->f.defer = false;
	vt_rng_works(&vq_a);
}

/* --- interrupts: spurious ones are harmless, a storm is stopped --- */

/*
 * Interrupts with nothing behind them (InterruptStatus set, no used
 * entry, no config change), many more than the storm limit in a row but
 * each acknowledged: no callback, no log line, nothing failed, the queue
 * works. A device that acknowledges is never a storm.
 */
static void test_spurious_interrupts_harmless(void **state)
{
	unsigned int i, errs, lines;
	uint32_t irqs;

	(void)state;
	bring_up(2, &sim_rng_backend, &sim_rng_backend);
	errs = vmio_log_errors();
	lines = host_log_lines();
	irqs = board_irq_count();
	for (i = 0; i < 3 * VIRTIO_IRQ_STORM_RUNS; i++)
		sim_raise_irq(sa, VIRTIO_ISR_VRING);
	assert_int_equal(board_irq_count(), irqs + 3 * VIRTIO_IRQ_STORM_RUNS);
	assert_int_equal(callbacks_a, 0);
	assert_int_equal(sa->isr, 0);
	assert_int_equal(vmio_log_errors(), errs);
	assert_int_equal(host_log_lines(), lines);
	assert_false(virtio_get_device(0)->failed);
	assert_false(virtqueue_is_broken(&vq_a));
	/* A used buffer after them still interrupts and reaches the callback. */
	{
		__aligned(BOARD_DMA_ALIGN) uint8_t buf[8];
		struct virtio_sg in = { buf, sizeof(buf) };

		assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, buf), 0);
		virtqueue_kick(&vq_a);
		assert_int_equal(callbacks_a, 1);
		assert_ptr_equal(virtqueue_get_buf(&vq_a, NULL), buf);
	}
	vt_rng_works(&vq_b);
}

static int probe_fresh(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { &vq_fresh };
	void (*const cbs[])(struct virtqueue *) = { cb_a };

	return virtio_find_vqs(dev, 1, vqs, cbs);
}

/*
 * A spurious VRING interrupt while the transport programs the queues (on
 * every QueueSel write, IRQ line registered, queue storage never used):
 * the handler must not look at a queue that is not set up yet (its ring
 * pointers are still NULL at the first bind after boot).
 */
static void test_irq_during_queue_setup(void **state)
{
	static struct virtio_driver drv = { .name = "fresh", .id_table = any_ids,
					    .probe = probe_fresh };
	unsigned int errs;

	(void)state;
	sa = sim_add(31, 2, &sim_rng_backend);
	sa->f.irq_at_queue_sel = true;
	assert_int_equal(virtio_probe_all(), 1);
	errs = vmio_log_errors();
	assert_int_equal(virtio_device_probe(virtio_get_device(0), &drv), 0);
	assert_true(sa->interrupts > 0);
	assert_int_equal(callbacks_a, 0);
	assert_int_equal(vmio_log_errors(), errs);
	assert_false(virtio_get_device(0)->failed);
	sa->f.irq_at_queue_sel = false;
	vt_rng_works(&vq_fresh);
}

/*
 * A device that ignores InterruptACK keeps its level interrupt up: the
 * handler would run for ever (the host board aborts after 1000 runs).
 * After VIRTIO_IRQ_STORM_RUNS runs in a row that changed nothing, the
 * core disables that IRQ, breaks the queues, marks the device FAILED and
 * says so in one line; the other device keeps working by interrupt.
 */
static void storm(uint32_t version, uint32_t bits)
{
	struct virtio_device *dev;
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[8];
	struct virtio_sg in = { buf, sizeof(buf) };
	unsigned int errs;
	uint32_t irqs;

	bring_up(version, &sim_rng_backend, &sim_rng_backend);
	dev = virtio_get_device(0);
	sa->f.ignore_ack = true;
	errs = vmio_log_errors();
	irqs = board_irq_count();
	if (bits & VIRTIO_ISR_VRING) {
		/* A real completion starts it; the callback does not consume. */
		assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, buf), 0);
		virtqueue_kick(&vq_a);
	} else {
		sim_config_change(sa);
	}
	assert_int_equal(board_irq_count() - irqs, VIRTIO_IRQ_STORM_RUNS);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "interrupt storm"));
	assert_true(dev->failed);
	assert_true(sa->status & VIRTIO_STATUS_FAILED);
	assert_true(virtqueue_is_broken(&vq_a));
	assert_int_equal(virtqueue_add_sgs(&vq_a, NULL, 0, &in, 1, buf), -EIO);
	/* The line is still up, but nothing runs any more. */
	assert_int_not_equal(sa->isr, 0);
	irqs = board_irq_count();
	sim_raise_irq(sa, bits);
	assert_int_equal(board_irq_count(), irqs);
	/* The other device, on its own IRQ, completes by interrupt. */
	callbacks_b = 0;
	vt_rng_works(&vq_b);
	assert_int_equal(callbacks_b, 1);
	assert_false(virtio_get_device(1)->failed);
	/* Recovery: detach, reinit (the reset lowers the line), IRQ back on. */
	sa->f.ignore_ack = false;
	while (virtqueue_detach_unused(&vq_a))
		;
	assert_int_equal(virtio_device_reinit(dev), 0);
	virtio_device_ready(dev);
	callbacks_a = 0;
	vt_rng_works(&vq_a);
	assert_int_equal(callbacks_a, 1);
	assert_int_equal(vmio_log_errors(), errs + 1);
}

static void test_irq_storm_vring_ack_ignored(void **state)
{
	(void)state;
	storm(2, VIRTIO_ISR_VRING);
}

static void test_irq_storm_config_ack_ignored_legacy(void **state)
{
	(void)state;
	storm(1, VIRTIO_ISR_CONFIG);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ring_storage_in_dma_section),
		T(test_blk_roundtrip_modern),
		T(test_blk_roundtrip_legacy),
		T(test_rng_both_versions),
		T(test_enospc_and_wraparound),
		T(test_polled_with_irqs_masked),
		T(test_poll_wait_timeout),
		T(test_event_idx_kick_suppression),
		T(test_event_idx_interrupt_suppression),
		T(test_no_notify_flag_without_event_idx),
		T(test_event_idx_used_event_store_then_full_barrier),
		T(test_used_id_out_of_range),
		T(test_used_id_duplicate),
		T(test_used_len_beyond_offer),
		T(test_used_idx_jump),
		T(test_used_idx_backwards),
		T(test_shared_storage_refused),
		T(test_reinit_vring_busy),
		T(test_detach_after_reset),
		T(test_spurious_interrupts_harmless),
		T(test_irq_during_queue_setup),
		T(test_irq_storm_vring_ack_ignored),
		T(test_irq_storm_config_ack_ignored_legacy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
