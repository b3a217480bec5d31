// SPDX-License-Identifier: MIT
/*
 * Packed virtqueues and indirect tables against the simulator: the
 * layout handed to the transport, data paths, wrap-around with chains
 * that straddle the ring end, out-of-order completion, both kinds of
 * event suppression, a device that lies in its used entries (bad id,
 * duplicate, length beyond the offer, wrong wrap counter, a used entry
 * with nothing in flight), reinit back to the initial state, and the
 * indirect pool on both layouts (used, exhausted, not negotiated).
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

#define F_PACKED	(1ull << VIRTIO_F_RING_PACKED)
#define F_INDIRECT	(1ull << VIRTIO_F_INDIRECT_DESC)

VIRTQ_DEFINE(pq_a, 16);				/* device 0 */
VIRTQ_DEFINE(pq_b, 8);				/* device 1 */
VIRTQ_DEFINE_INDIRECT(pq_i, 8, 2, 6);		/* device 0, with a pool of 2 tables */

static unsigned int callbacks_a;

static void cb_a(struct virtqueue *vq)
{
	(void)vq;
	callbacks_a++;
}

static int probe_a(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { &pq_a };
	void (*const cbs[])(struct virtqueue *) = { cb_a };

	return virtio_find_vqs(dev, 1, vqs, cbs);
}

static int probe_b(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { &pq_b };

	return virtio_find_vqs(dev, 1, vqs, NULL);
}

static int probe_i(struct virtio_device *dev)
{
	struct virtqueue *vqs[] = { &pq_i };
	void (*const cbs[])(struct virtqueue *) = { cb_a };

	return virtio_find_vqs(dev, 1, vqs, cbs);
}

static const struct virtio_device_id any_ids[] = {
	{ VIRTIO_ID_RNG, VIRTIO_DEV_ANY_ID }, { VIRTIO_ID_BLOCK, VIRTIO_DEV_ANY_ID }, { 0, 0 },
};
static struct virtio_driver drv_a = { .name = "a", .id_table = any_ids, .probe = probe_a };
static struct virtio_driver drv_b = { .name = "b", .id_table = any_ids, .probe = probe_b };
static struct virtio_driver drv_i = { .name = "i", .id_table = any_ids, .probe = probe_i };

static struct sim_dev *sa, *sb;

/* Device 0 (and device 1 if be_b) offering extra on top of their backends. */
static void bring_up_drv(uint32_t version, const struct sim_backend *be_a,
			 const struct sim_backend *be_b, uint64_t extra,
			 struct virtio_driver *drv)
{
	/* A packed ring needs coherent memory (board.h): the core refuses it otherwise. */
	if (extra & F_PACKED)
		host_dma_set_noncoherent(false);
	sa = sim_add(31, version, be_a);
	sa->extra_features = extra;
	sb = be_b ? sim_add(30, version, be_b) : NULL;
	if (sb)
		sb->extra_features = extra;
	assert_int_equal(virtio_probe_all(), be_b ? 2 : 1);
	assert_int_equal(virtio_device_probe(virtio_get_device(0), drv), 0);
	if (be_b)
		assert_int_equal(virtio_device_probe(virtio_get_device(1), &drv_b), 0);
	assert_false(virtio_get_device(0)->failed);
}

static void bring_up(const struct sim_backend *be_a, const struct sim_backend *be_b)
{
	bring_up_drv(2, be_a, be_b, F_PACKED, &drv_a);
	assert_true(pq_a.packed);
}

static int setup(void **state)
{
	(void)state;
	vt_reset();
	callbacks_a = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(sim_violations(), 0);
	vt_reset();
	return 0;
}

/* The 64-bit value the driver wrote to a LOW/HIGH register pair of device 0. */
static uint64_t written64(uint16_t low)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < sim_log_len(); i++) {
		const struct sim_access *a = sim_log_get(i);

		if (a->write && a->off == low)
			v = (v & ~0xffffffffull) | a->val;
		else if (a->write && a->off == low + 4)
			v = (v & 0xffffffffull) | (uint64_t)a->val << 32;
	}
	return v;
}

/* --- negotiation and layout --- */

static void test_packed_negotiated_and_laid_out(void **state)
{
	uint64_t ring;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	assert_true(virtio_has_feature(virtio_get_device(0), VIRTIO_F_RING_PACKED));
	ring = board_dma_addr(pq_a_vring);
	/* Descriptor ring, driver event area, device event area. */
	assert_true(written64(VIRTIO_MMIO_QUEUE_DESC_LOW) == ring);
	assert_true(written64(VIRTIO_MMIO_QUEUE_DRIVER_LOW) == ring + 16 * 16);
	assert_true(written64(VIRTIO_MMIO_QUEUE_DEVICE_LOW) == ring + 16 * 16 + 4);
	assert_true(VRING_PACKED_SIZE(16) <= sizeof(pq_a_vring));
	vt_rng_works(&pq_a);
}

static void test_split_when_not_offered_or_legacy(void **state)
{
	(void)state;
	bring_up_drv(2, &sim_rng_backend, NULL, 0, &drv_a);
	assert_false(pq_a.packed);
	vt_rng_works(&pq_a);
	vt_reset();
	/* A legacy device has 32 feature bits: RING_PACKED cannot be offered. */
	bring_up_drv(1, &sim_rng_backend, NULL, F_PACKED, &drv_a);
	assert_false(pq_a.packed);
	vt_rng_works(&pq_a);
}

/* --- data paths --- */

static void test_packed_blk_roundtrip(void **state)
{
	(void)state;
	bring_up(&sim_blk_backend, NULL);
	vt_blk_roundtrip(&pq_a, sa, 7, &callbacks_a);
}

/*
 * Chains of 3 in a ring of 16 straddle its end on most laps; ENOSPC with
 * the ring full; many laps so that both wrap counters flip many times.
 */
static void test_packed_wraparound(void **state)
{
	static __aligned(BOARD_DMA_ALIGN) uint8_t bufs[5][3][BOARD_DMA_ALIGN];
	struct virtio_sg in[3];
	unsigned int i, k, round;
	uint32_t len;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	sa->f.defer = true;
	for (round = 0; round < 40; round++) {
		for (i = 0; i < 5; i++) {
			for (k = 0; k < 3; k++)
				in[k] = (struct virtio_sg){ bufs[i][k], 4 };
			assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, in, 3, bufs[i]), 0);
		}
		assert_int_equal(pq_a.num_free, 1);
		assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, in, 2, bufs[0]), -ENOSPC);
		virtqueue_kick(&pq_a);
		sim_process(sa, 0);
		for (i = 0; i < 5; i++) {
			assert_ptr_equal(virtqueue_get_buf(&pq_a, &len), bufs[i]);
			assert_int_equal(len, 12);
			/* The rng backend counts bytes across segments. */
			assert_int_equal((uint8_t)(bufs[i][1][0] - bufs[i][0][3]), 1);
		}
		assert_null(virtqueue_get_buf(&pq_a, &len));
		assert_int_equal(pq_a.num_free, 16);
	}
	assert_int_equal(pq_a.avail_idx, 40 * 15);
	assert_int_equal(pq_a.last_used, 40 * 15);
	assert_false(pq_a.broken);
}

/* Write a used entry by hand, as a device completing out of order would. */
static void hand_used(struct virtqueue *vq, uint16_t pos, bool wrap, uint16_t id,
		      uint32_t len)
{
	struct vring_packed_desc *d = &vq->pdesc[pos];
	uint16_t f = wrap ? VRING_PACKED_DESC_F_AVAIL | VRING_PACKED_DESC_F_USED : 0;

	d->id = cpu_to_le16(id);
	d->len = cpu_to_le32(len);
	d->flags = cpu_to_le16(f | (len ? VRING_DESC_F_WRITE : 0));
}

static void test_packed_out_of_order(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t a[2][BOARD_DMA_ALIGN], b[4], c[4];
	struct virtio_sg in[2] = { { a[0], 4 }, { a[1], 4 } }, one = { b, 4 };
	uint16_t id_a, id_b;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	sa->f.defer = true;				/* the test is the device */
	id_a = pq_a.free_head;
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, in, 2, a), 0);
	id_b = pq_a.free_head;
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &one, 1, b), 0);
	assert_true(le16_to_cpu(pq_a.pdesc[2].id) == id_b);
	/* B (1 slot) completes first, at position 0; A (2 slots) next, at 1. */
	hand_used(&pq_a, 0, true, id_b, 3);
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b);
	assert_null(virtqueue_get_buf(&pq_a, NULL));
	assert_int_equal(pq_a.num_free, 14);
	/* A's head slot 0 is overwritten, yet its shadow is whole. */
	one = (struct virtio_sg){ c, 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &one, 1, c), 0);
	hand_used(&pq_a, 1, true, id_a, 8);
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), a);
	assert_int_equal(pq_a.last_used, 3);
	assert_int_equal(pq_a.num_free, 15);
	hand_used(&pq_a, 3, true, le16_to_cpu(pq_a.pdesc[3].id), 4);
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), c);
	assert_int_equal(pq_a.num_free, 16);
	assert_false(pq_a.broken);
}

/* --- event suppression --- */

static void test_packed_event_idx_kick_suppression(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t b[4][BOARD_DMA_ALIGN];
	struct virtio_sg in;
	unsigned int i;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	assert_true(pq_a.event_idx);
	sa->f.defer = true;
	sim_log_clear();
	in = (struct virtio_sg){ b[0], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[0]), 0);
	assert_true(virtqueue_kick(&pq_a));		/* device event: enable */
	sim_process(sa, 0);				/* wants position 1 next */
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b[0]);
	in = (struct virtio_sg){ b[1], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[1]), 0);
	assert_true(virtqueue_kick(&pq_a));		/* crosses position 1 */
	in = (struct virtio_sg){ b[2], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[2]), 0);
	assert_false(virtqueue_kick(&pq_a));		/* device has not caught up */
	assert_false(virtqueue_kick(&pq_a));		/* nothing new */
	assert_int_equal(vt_notifies(), 2);
	sim_process(sa, 0);				/* wants position 3 */
	in = (struct virtio_sg){ b[3], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[3]), 0);
	assert_true(virtqueue_kick(&pq_a));
	assert_int_equal(vt_notifies(), 3);
	sim_process(sa, 0);
	for (i = 1; i < 4; i++)
		assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b[i]);
}

/* The device's event in the previous lap, seen from a new lap. */
static void test_packed_kick_event_across_wrap(void **state)
{
	static __aligned(BOARD_DMA_ALIGN) uint8_t b[16][BOARD_DMA_ALIGN];
	struct virtio_sg in;
	unsigned int i;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	sa->f.defer = true;
	for (i = 0; i < 14; i++) {
		in = (struct virtio_sg){ b[i], 4 };
		assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[i]), 0);
	}
	virtqueue_kick(&pq_a);
	sim_process(sa, 0);				/* wants position 14, wrap 1 */
	for (i = 0; i < 14; i++)
		assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b[i]);
	sim_log_clear();
	/* Positions 14, 15 and 0 (new lap): the event at 14 was crossed. */
	for (i = 0; i < 3; i++) {
		in = (struct virtio_sg){ b[i], 4 };
		assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[i]), 0);
	}
	assert_true(virtqueue_kick(&pq_a));
	sim_process(sa, 0);				/* wants position 1, wrap 0 */
	in = (struct virtio_sg){ b[3], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[3]), 0);
	assert_true(virtqueue_kick(&pq_a));
	assert_int_equal(vt_notifies(), 2);
	sim_process(sa, 0);
	for (i = 0; i < 4; i++)
		assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b[i]);
	assert_false(pq_a.broken);
}

/*
 * EVENT_IDX: get_buf stores the driver event's off_wrap, then the next
 * check of the ring loads a descriptor's flags. A device on another core
 * may read a stale off_wrap unless a full barrier orders the store before
 * that load (the split ring's used_event has the same rule).
 */
static void test_packed_event_off_wrap_store_then_full_barrier(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t b[BOARD_DMA_ALIGN];
	struct virtio_sg in = { b, 4 };

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	assert_true(pq_a.event_idx);
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b), 0);
	virtqueue_kick(&pq_a);
	host_ring_trace_clear();
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b);
	assert_false(virtqueue_poll(&pq_a));	/* the next load of a descriptor's flags */
	vt_assert_store_mb_load(&pq_a.driver_event->off_wrap, pq_a.pdesc,
				pq_a.num * sizeof(*pq_a.pdesc));
}

static void test_packed_interrupt_suppression(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t b[3][BOARD_DMA_ALIGN];
	struct virtio_sg in;
	unsigned int irqs, i;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	irqs = sa->interrupts;
	virtqueue_disable_cb(&pq_a);
	assert_int_equal(le16_to_cpu(pq_a.driver_event->flags), VRING_PACKED_EVENT_DISABLE);
	in = (struct virtio_sg){ b[0], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[0]), 0);
	virtqueue_kick(&pq_a);
	assert_int_equal(sa->interrupts, irqs);
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b[0]);
	in = (struct virtio_sg){ b[1], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[1]), 0);
	virtqueue_kick(&pq_a);
	assert_int_equal(sa->interrupts, irqs);
	assert_false(virtqueue_enable_cb(&pq_a));	/* work arrived meanwhile */
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b[1]);
	assert_true(virtqueue_enable_cb(&pq_a));
	/* EVENT_IDX: a descriptor event at our used position, with its wrap. */
	assert_int_equal(le16_to_cpu(pq_a.driver_event->flags), VRING_PACKED_EVENT_DESC);
	assert_int_equal(le16_to_cpu(pq_a.driver_event->off_wrap), 2 | 0x8000);
	/* A batch of three completions is one interrupt. */
	sa->f.defer = true;
	for (i = 0; i < 3; i++) {
		in = (struct virtio_sg){ b[i], 4 };
		assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[i]), 0);
	}
	virtqueue_kick(&pq_a);
	sim_process(sa, 0);
	host_irq_poll();
	assert_int_equal(sa->interrupts, irqs + 1);
	assert_int_equal(callbacks_a, 1);
	for (i = 0; i < 3; i++)
		assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b[i]);
}

static void test_packed_without_event_idx(void **state)
{
	static struct sim_backend plain;
	__aligned(BOARD_DMA_ALIGN) uint8_t b[4];
	struct virtio_sg in = { b, 4 };
	unsigned int irqs;

	(void)state;
	plain = sim_rng_backend;
	plain.features = 1ull << 32;
	bring_up(&plain, NULL);
	assert_false(pq_a.event_idx);
	sa->f.no_notify = true;
	sa->f.defer = true;
	sim_process(sa, 0);				/* device event: disable */
	sim_log_clear();
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b), 0);
	assert_false(virtqueue_kick(&pq_a));
	assert_int_equal(vt_notifies(), 0);
	sa->f.no_notify = false;
	sim_process(sa, 0);
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b);
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b), 0);
	assert_true(virtqueue_kick(&pq_a));
	assert_int_equal(vt_notifies(), 1);
	virtqueue_disable_cb(&pq_a);
	irqs = sa->interrupts;
	sim_process(sa, 0);
	assert_int_equal(sa->interrupts, irqs);
	assert_false(virtqueue_enable_cb(&pq_a));
	assert_int_equal(le16_to_cpu(pq_a.driver_event->flags), VRING_PACKED_EVENT_ENABLE);
	assert_ptr_equal(virtqueue_get_buf(&pq_a, NULL), b);
}

/* --- a lying device --- */

/* As the split test, on the packed layout (vt_lying_device()). */
static void lying_device(size_t knob, const char *what, unsigned int good_first)
{
	bring_up(&sim_rng_backend, &sim_rng_backend);
	assert_true(pq_b.packed);
	vt_lying_device(&pq_a, &pq_b, sa, knob, what, good_first);
}

#define LYING_TEST(fn, field, text, good)			\
	static void fn(void **state)				\
	{							\
		(void)state;					\
		lying_device(offsetof(struct sim_faults, field),	\
			     text, good);			\
	}

LYING_TEST(test_packed_used_id_out_of_range, used_bad_id, "used id not in flight", 0)
LYING_TEST(test_packed_used_id_duplicate, used_dup_id, "used id not in flight", 1)
LYING_TEST(test_packed_used_len_beyond_offer, used_len_over, "used len beyond offer", 0)
LYING_TEST(test_packed_used_wrong_wrap, used_wrap_bad, "used flags break the wrap protocol", 0)

static void test_packed_used_with_nothing_in_flight(void **state)
{
	unsigned int errs;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	vt_rng_works(&pq_a);
	errs = vmio_log_errors();
	hand_used(&pq_a, 1, true, 0, 0);
	assert_true(virtqueue_poll(&pq_a));
	assert_null(virtqueue_get_buf(&pq_a, NULL));
	assert_true(virtqueue_is_broken(&pq_a));
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "nothing in flight"));
	assert_true(sa->status & VIRTIO_STATUS_FAILED);
}

/*
 * QEMU's used entries never carry WRITE: the length counts anyway, and
 * is still bounded by the writable bytes offered.
 */
static void test_packed_len_without_write_flag(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[16];
	struct virtio_sg in = { buf, sizeof(buf) };
	uint32_t len = 0;
	uint16_t id;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	sa->f.defer = true;
	id = pq_a.free_head;
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, buf), 0);
	hand_used(&pq_a, 0, true, id, 0);
	pq_a.pdesc[0].len = cpu_to_le32(16);	/* flags: AVAIL | USED only */
	assert_ptr_equal(virtqueue_get_buf(&pq_a, &len), buf);
	assert_int_equal(len, 16);
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, buf), 0);
	hand_used(&pq_a, 1, true, id, 0);
	pq_a.pdesc[1].len = cpu_to_le32(17);
	assert_null(virtqueue_get_buf(&pq_a, &len));
	assert_true(pq_a.broken);
	assert_non_null(strstr(host_log_last(), "used len beyond offer (17, 16)"));
}

/* --- reinit (the noirq resume path) --- */

static void test_packed_reinit_to_initial_state(void **state)
{
	static __aligned(BOARD_DMA_ALIGN) uint8_t b[7][BOARD_DMA_ALIGN];
	struct virtio_sg in;
	struct virtio_device *dev;
	unsigned int i;

	(void)state;
	bring_up(&sim_rng_backend, NULL);
	dev = virtio_get_device(0);
	/* Mid second lap, with interrupts disabled and events in place. */
	for (i = 0; i < 23; i++)
		vt_rng_works(&pq_a);
	virtqueue_disable_cb(&pq_a);
	sa->f.defer = true;
	in = (struct virtio_sg){ b[0], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_a, NULL, 0, &in, 1, b[0]), 0);
	assert_int_equal(virtqueue_reinit_vring(&pq_a), -EBUSY);
	assert_int_equal(virtio_reset_device(dev), 0);
	assert_ptr_equal(virtqueue_detach_unused(&pq_a), b[0]);
	assert_int_equal(virtqueue_reinit_vring(&pq_a), 0);
	assert_int_equal(pq_a.avail_idx, 0);
	assert_int_equal(pq_a.last_used, 0);
	assert_int_equal(pq_a.kicked_idx, 0);
	assert_int_equal(pq_a.num_free, pq_a.num);
	assert_int_equal(pq_a.driver_event_flags, VRING_PACKED_EVENT_ENABLE);
	for (i = 0; i < VRING_PACKED_SIZE(16); i++)
		assert_int_equal(pq_a_vring[i], 0);
	/* The device comes back through the core's reinit (features, queue). */
	assert_int_equal(virtio_device_reinit(dev), 0);
	virtio_device_ready(dev);
	sa->f.defer = false;
	for (i = 0; i < 20; i++)
		vt_rng_works(&pq_a);
	assert_false(pq_a.broken);
}

/* --- indirect tables --- */

static void indirect_blk(uint32_t version, uint64_t extra, bool packed)
{
	struct {
		uint32_t type, reserved;
		uint64_t sector;
	} hdr = { 0, 0, 0 };
	static __aligned(BOARD_DMA_ALIGN) uint8_t data[4][512];
	__aligned(BOARD_DMA_ALIGN) uint8_t status[3][BOARD_DMA_ALIGN];
	struct virtio_sg out = { &hdr, 16 }, in[5];
	unsigned int k, base;
	uint32_t len;

	bring_up_drv(version, &sim_blk_backend, NULL, extra | F_INDIRECT, &drv_i);
	assert_int_equal(pq_i.packed, packed);
	for (k = 0; k < 64 * 512; k++)
		sa->priv[k] = (uint8_t)(k / 512 + k);
	for (k = 0; k < 4; k++)
		in[k] = (struct virtio_sg){ data[k], 512 };
	in[4] = (struct virtio_sg){ &status[0], 1 };
	sa->f.defer = true;
	base = sa->indirect_reqs;
	/* Six segments: indirect, one ring slot each, while tables last. */
	assert_int_equal(virtqueue_add_sgs(&pq_i, &out, 1, in, 5, &status[0]), 0);
	assert_int_equal(pq_i.num_free, 7);
	in[4] = (struct virtio_sg){ &status[1], 1 };
	assert_int_equal(virtqueue_add_sgs(&pq_i, &out, 1, in, 5, &status[1]), 0);
	assert_int_equal(pq_i.num_free, 6);
	assert_int_equal(pq_i.ind->num_free, 0);
	/* Pool empty: the next one goes direct (6 slots). */
	in[4] = (struct virtio_sg){ &status[2], 1 };
	assert_int_equal(virtqueue_add_sgs(&pq_i, &out, 1, in, 5, &status[2]), 0);
	assert_int_equal(pq_i.num_free, 0);
	virtqueue_kick(&pq_i);
	sim_process(sa, 0);
	assert_int_equal(sa->indirect_reqs - base, 2);
	for (k = 0; k < 3; k++) {
		assert_ptr_equal(virtqueue_get_buf(&pq_i, &len), &status[k]);
		assert_int_equal(len, 4 * 512 + 1);
		assert_int_equal(status[k][0], 0);
	}
	assert_int_equal(pq_i.num_free, 8);
	assert_int_equal(pq_i.ind->num_free, 2);
	for (k = 0; k < 4; k++)
		assert_memory_equal(data[k], sa->priv + k * 512, 512);
	/* Too big for the free ring but not for a table: indirect saves it. */
	in[4] = (struct virtio_sg){ &status[0], 1 };
	for (k = 0; k < 4; k++)
		assert_int_equal(virtqueue_add_sgs(&pq_i, &out, 1, &in[4], 1, &status[1]), 0);
	assert_int_equal(pq_i.num_free, 0);
	assert_int_equal(virtqueue_add_sgs(&pq_i, &out, 1, in, 5, &status[0]), -ENOSPC);
	sim_process(sa, 0);
	for (k = 0; k < 4; k++)
		assert_non_null(virtqueue_get_buf(&pq_i, NULL));
	for (k = 0; k < 3; k++)
		assert_int_equal(virtqueue_add_sgs(&pq_i, &out, 1, &in[4], 1, &status[1]), 0);
	base = sa->indirect_reqs;
	assert_int_equal(virtqueue_add_sgs(&pq_i, &out, 1, in, 5, &status[0]), 0);
	assert_int_equal(pq_i.num_free, 1);
	sim_process(sa, 0);
	assert_int_equal(sa->indirect_reqs - base, 1);
	for (k = 0; k < 4; k++)
		assert_non_null(virtqueue_get_buf(&pq_i, NULL));
	assert_int_equal(pq_i.ind->num_free, 2);
}

static void test_indirect_split(void **state)
{
	(void)state;
	indirect_blk(2, 0, false);
}

static void test_indirect_split_legacy(void **state)
{
	(void)state;
	indirect_blk(1, 0, false);
}

static void test_indirect_packed(void **state)
{
	(void)state;
	indirect_blk(2, F_PACKED, true);
}

static void test_indirect_not_negotiated(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t seg[5][BOARD_DMA_ALIGN];
	struct virtio_sg in[5];
	unsigned int k;

	(void)state;
	sa = sim_add(31, 2, &sim_rng_backend);
	assert_int_equal(virtio_probe_all(), 1);
	assert_int_equal(virtio_device_probe(virtio_get_device(0), &drv_i), 0);
	assert_false(pq_i.ind->enabled);
	for (k = 0; k < 5; k++)
		in[k] = (struct virtio_sg){ seg[k], 4 };
	assert_int_equal(virtqueue_add_sgs(&pq_i, NULL, 0, in, 5, seg), 0);
	assert_int_equal(pq_i.num_free, 3);
	virtqueue_kick(&pq_i);
	assert_ptr_equal(virtqueue_get_buf(&pq_i, NULL), seg);
	assert_int_equal(sa->indirect_reqs, 0);
}

/* A length beyond the writable bytes of an indirect table still breaks. */
static void test_indirect_len_beyond_offer(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t seg[5][BOARD_DMA_ALIGN];
	struct virtio_sg in[5];
	unsigned int k, errs;

	(void)state;
	bring_up_drv(2, &sim_rng_backend, NULL, F_PACKED | F_INDIRECT, &drv_i);
	for (k = 0; k < 5; k++)
		in[k] = (struct virtio_sg){ seg[k], 4 };
	sa->f.used_len_over = true;
	errs = vmio_log_errors();
	assert_int_equal(virtqueue_add_sgs(&pq_i, NULL, 0, in, 5, seg), 0);
	assert_int_equal(sa->indirect_reqs, 0);
	virtqueue_kick(&pq_i);
	assert_int_equal(sa->indirect_reqs, 1);
	assert_null(virtqueue_get_buf(&pq_i, NULL));
	assert_true(virtqueue_is_broken(&pq_i));
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "used len beyond offer (21, 20)"));
	assert_ptr_equal(virtqueue_detach_unused(&pq_i), seg);
	assert_int_equal(pq_i.ind->num_free, 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_packed_negotiated_and_laid_out),
		T(test_split_when_not_offered_or_legacy),
		T(test_packed_blk_roundtrip),
		T(test_packed_wraparound),
		T(test_packed_out_of_order),
		T(test_packed_event_idx_kick_suppression),
		T(test_packed_kick_event_across_wrap),
		T(test_packed_interrupt_suppression),
		T(test_packed_event_off_wrap_store_then_full_barrier),
		T(test_packed_without_event_idx),
		T(test_packed_used_id_out_of_range),
		T(test_packed_used_id_duplicate),
		T(test_packed_used_len_beyond_offer),
		T(test_packed_used_wrong_wrap),
		T(test_packed_used_with_nothing_in_flight),
		T(test_packed_len_without_write_flag),
		T(test_packed_reinit_to_initial_state),
		T(test_indirect_split),
		T(test_indirect_split_legacy),
		T(test_indirect_packed),
		T(test_indirect_not_negotiated),
		T(test_indirect_len_beyond_offer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
