// SPDX-License-Identifier: MIT
/*
 * virtio-blk driver against the register-level simulator: request
 * hygiene (FLUSH sector, unknown types, reads the device did not fill,
 * garbage status bytes), recovery from DEVICE_NEEDS_RESET in every
 * completion context, the timeout path's IRQ-masked window, and devices
 * whose config space lies (capacity 0 or huge, size_max or seg_max 0).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "board/board.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "virtio/virtio.h"
#include "virtio/virtqueue.h"
#include "drivers/blk/virtio_blk.h"
#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_util.h"

#define F_SIZE_MAX	(1ull << 1)
#define F_SEG_MAX	(1ull << 2)
#define CFG_CAPACITY	0
#define CFG_SIZE_MAX	8
#define CFG_SEG_MAX	12

/* What the test device does with the next chains. */
enum tb_mode {
	TB_OK,			/* sim_blk_backend serves it */
	TB_SHORT,		/* served, but the used length claims only the status byte */
	TB_STATUS,		/* served, then the status byte is overwritten */
	TB_HOLD,		/* never answered */
	TB_NEEDS_RESET,		/* once: DEVICE_NEEDS_RESET instead of an answer, then TB_OK */
};

static struct sim_backend tb;
static struct {
	enum tb_mode mode;
	uint8_t status;
	unsigned int reqs;	/* chains the device saw */
	uint32_t type;		/* header of the last one */
	uint64_t sector;
	unsigned int reset_at;	/* non-zero: chain number N gets TB_NEEDS_RESET */
} tbs;

static uint64_t get_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = (uint8_t)v;
		v >>= 8;
	}
}

static int tb_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	int n;

	tbs.reqs++;
	if (r->nout && r->out[0].len >= 16) {
		tbs.type = (uint32_t)get_le(r->out[0].p, 4);
		tbs.sector = get_le(r->out[0].p + 8, 8);
	}
	if (tbs.mode == TB_HOLD)
		return SIM_HOLD;
	if (tbs.reqs == tbs.reset_at)
		tbs.mode = TB_NEEDS_RESET;
	if (tbs.mode == TB_NEEDS_RESET) {
		tbs.mode = TB_OK;
		sim_set_needs_reset(d);
		return SIM_HOLD;
	}
	n = sim_blk_backend.handle(d, q, r);
	if (tbs.mode == TB_SHORT)
		n = 1;
	if (tbs.mode == TB_STATUS && r->nin)
		r->in[r->nin - 1].p[r->in[r->nin - 1].len - 1] = tbs.status;
	return n;
}

/* The test device in slot 31 (features changed as asked), not probed yet. */
static struct sim_dev *blk_add(unsigned int version, uint64_t feat_set)
{
	tb = sim_blk_backend;
	tb.handle = tb_handle;
	tb.features |= feat_set;
	memset(&tbs, 0, sizeof(tbs));
	return sim_add(31, version, &tb);
}

static struct virtio_blk *blk_probe_one(void)
{
	assert_int_equal(virtio_blk_register(), 0);
	assert_int_equal(virtio_probe_all(), 1);
	return virtio_blk_get(0);
}

static struct virtio_blk *blk_setup(unsigned int version, struct sim_dev **dp)
{
	struct sim_dev *d = blk_add(version, 0);
	struct virtio_blk *b = blk_probe_one();

	assert_non_null(b);
	if (dp)
		*dp = d;
	return b;
}

static void fill(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 9));
}

/* b writes and reads back correctly at sector s. */
static void assert_rw_works(struct virtio_blk *b, uint64_t s, uint8_t seed)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t w[2048], r[2048];

	fill(w, sizeof(w), seed);
	memset(r, 0, sizeof(r));
	assert_int_equal(virtio_blk_write(b, s, w, sizeof(w)), 0);
	assert_int_equal(virtio_blk_read(b, s, r, sizeof(r)), 0);
	assert_memory_equal(w, r, sizeof(w));
}

struct done_rec {
	unsigned int calls;
	int err;
};

static void done_cb(void *arg, int err)
{
	struct done_rec *d = arg;

	d->calls++;
	d->err = err;
}

/* --- request hygiene --- */

static void test_flush_sends_sector_zero(void **state)
{
	struct done_rec dr = { 0, 1 };
	struct virtio_blk *b = blk_setup(2, NULL);

	(void)state;
	assert_true(virtio_blk_get_info(b)->flush);
	assert_int_equal(virtio_blk_rw(b, VIRTIO_BLK_T_FLUSH, 77, NULL, 0), 0);
	assert_int_equal(tbs.reqs, 1);
	assert_int_equal(tbs.type, VIRTIO_BLK_T_FLUSH);
	assert_int_equal(tbs.sector, 0);
	tbs.sector = 99;
	assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_FLUSH, 12345, NULL, 0,
					   done_cb, &dr), 0);
	virtio_blk_poll(b);
	assert_int_equal(dr.calls, 1);
	assert_int_equal(dr.err, 0);
	assert_int_equal(tbs.reqs, 2);
	assert_int_equal(tbs.sector, 0);
}

static void test_unknown_type_and_empty_data_refused(void **state)
{
	struct done_rec dr = { 0, 0 };
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[512];
	struct sim_dev *d;
	struct virtio_blk *b = blk_setup(2, &d);
	unsigned int errs = vmio_log_errors(), notifies = d->notifies;

	(void)state;
	/* GET_ID (8) and an invented type 3: neither is a data-less command. */
	assert_int_equal(virtio_blk_submit(b, 8, 0, NULL, 0, done_cb, &dr), -EINVAL);
	assert_int_equal(virtio_blk_rw(b, 3, 0, NULL, 0), -EINVAL);
	assert_int_equal(virtio_blk_rw(b, 8, 0, buf, sizeof(buf)), -EINVAL);
	/* Reads and writes need data; a flush takes none. */
	assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_IN, 0, buf, 0, done_cb, &dr),
			 -EINVAL);
	assert_int_equal(virtio_blk_write(b, 0, buf, 0), -EINVAL);
	assert_int_equal(virtio_blk_rw(b, VIRTIO_BLK_T_FLUSH, 0, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 6);
	assert_int_equal(dr.calls, 0);
	assert_int_equal(tbs.reqs, 0);
	assert_int_equal(d->notifies, notifies);
	assert_int_equal(virtio_blk_inflight(b), 0);
	assert_rw_works(b, 0, 1);
}

static void test_read_not_filled_is_eio(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t w[1024], r[1024];
	unsigned int v, errs;

	(void)state;
	for (v = 1; v <= 2; v++) {
		struct virtio_blk *b = blk_setup(v, NULL);
		struct done_rec dr = { 0, 0 };

		fill(w, sizeof(w), (uint8_t)v);
		assert_int_equal(virtio_blk_write(b, 4, w, sizeof(w)), 0);
		tbs.mode = TB_SHORT;
		errs = vmio_log_errors();
		memset(r, 0xee, sizeof(r));
		assert_int_equal(virtio_blk_read(b, 4, r, sizeof(r)), -EIO);
		assert_int_equal(vmio_log_errors(), errs + 1);
		assert_non_null(strstr(host_log_last(), "type 0 at 4: status 0, wrote 1 of 1025 bytes (-5)"));
		assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_IN, 4, r, 512, done_cb, &dr),
				 0);
		virtio_blk_poll(b);
		assert_int_equal(dr.calls, 1);
		assert_int_equal(dr.err, -EIO);
		/* A write's used length is not checked: the status byte says it all. */
		assert_int_equal(virtio_blk_write(b, 4, w, sizeof(w)), 0);
		tbs.mode = TB_OK;
		assert_int_equal(virtio_blk_read(b, 4, r, sizeof(r)), 0);
		assert_memory_equal(w, r, sizeof(w));
		assert_false(virtio_get_device(0)->failed);
		vt_reset();
	}
}

static void test_garbage_status_byte(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[512];
	struct virtio_blk *b = blk_setup(2, NULL);
	unsigned int errs = vmio_log_errors();

	(void)state;
	fill(buf, sizeof(buf), 3);
	tbs.mode = TB_STATUS;
	tbs.status = 0x7f;
	assert_int_equal(virtio_blk_read(b, 0, buf, sizeof(buf)), -EIO);
	assert_int_equal(virtio_blk_write(b, 0, buf, sizeof(buf)), -EIO);
	assert_non_null(strstr(host_log_last(), "type 1 at 0: status 127, wrote 1 of 1 bytes (-5)"));
	tbs.status = 2;		/* UNSUPP */
	assert_int_equal(virtio_blk_flush(b), -EOPNOTSUPP);
	assert_int_equal(vmio_log_errors(), errs + 3);
	tbs.mode = TB_OK;
	assert_rw_works(b, 0, 4);
}

/* --- DEVICE_NEEDS_RESET --- */

/* The device was re-initialised, is healthy and does correct I/O. */
static void assert_recovered(struct virtio_blk *b, struct sim_dev *d, unsigned int resets)
{
	struct virtio_device *dev = virtio_get_device(0);

	assert_true(d->resets > resets);
	assert_false(dev->needs_reset);
	assert_false(dev->failed);
	assert_int_equal(d->status & 0x4f, 0x07 | (d->version == 2 ? 0x08 : 0));
	assert_int_equal(virtio_blk_inflight(b), 0);
	assert_rw_works(b, 8, 0x42);
}

static void test_needs_reset_sync_irq(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[1024];
	unsigned int v, resets, errs;

	(void)state;
	for (v = 1; v <= 2; v++) {
		struct sim_dev *d;
		struct virtio_blk *b = blk_setup(v, &d);

		assert_rw_works(b, 0, 9);
		resets = d->resets;
		tbs.mode = TB_NEEDS_RESET;
		errs = vmio_log_errors();
		host_irq_masked_max_clear();
		assert_int_equal(virtio_blk_read(b, 0, buf, sizeof(buf)), -EIO);
		/* the core's "needs reset" line and the driver's recovery line */
		assert_int_equal(vmio_log_errors(), errs + 2);
		assert_non_null(strstr(host_log_last(), "(-5), recovered"));
		assert_true(host_time_now() < 1000000);
		assert_true(host_irq_masked_max_us() < 1000);
		assert_recovered(b, d, resets);
		vt_reset();
	}
}

static void test_needs_reset_sync_masked(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[1024];
	unsigned long flags;
	unsigned int resets;
	struct sim_dev *d;
	struct virtio_blk *b = blk_setup(2, &d);
	int err;

	(void)state;
	resets = d->resets;
	tbs.mode = TB_NEEDS_RESET;
	/* The config interrupt cannot be taken: the wait must notice by itself. */
	flags = board_irq_save();
	err = virtio_blk_read(b, 0, buf, sizeof(buf));
	board_irq_restore(flags);
	assert_int_equal(err, -EIO);
	assert_true(host_time_now() < VIRTIO_BLK_TIMEOUT_US / 10);
	assert_recovered(b, d, resets);
}

static void test_needs_reset_async(void **state)
{
	struct done_rec dr[4];
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[4][512];
	unsigned int i, resets;
	bool polled;

	(void)state;
	for (polled = false; ; polled = true) {
		struct sim_dev *d;
		struct virtio_blk *b = blk_setup(2, &d);

		memset(dr, 0, sizeof(dr));
		virtio_blk_set_polled(b, polled);
		resets = d->resets;
		tbs.mode = TB_HOLD;
		for (i = 0; i < 3; i++)
			assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_IN, i, buf[i], 512,
							   done_cb, &dr[i]), 0);
		assert_int_equal(virtio_blk_inflight(b), 3);
		sim_set_needs_reset(d);
		assert_true(virtio_get_device(0)->needs_reset);
		tbs.mode = TB_OK;
		/* The next call into the driver recovers: poll, or a new request. */
		if (polled) {
			assert_int_equal(virtio_blk_poll(b), 3);
		} else {
			assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_IN, 3, buf[3], 512,
							   done_cb, &dr[3]), 0);
			assert_int_equal(dr[3].calls, 1);
			assert_int_equal(dr[3].err, 0);
		}
		for (i = 0; i < 3; i++) {
			assert_int_equal(dr[i].calls, 1);
			assert_int_equal(dr[i].err, -EIO);
		}
		assert_recovered(b, d, resets);
		if (polled)
			break;
		vt_reset();
	}
}

static void test_needs_reset_keeps_completed(void **state)
{
	struct done_rec dr[2];
	__aligned(BOARD_DMA_ALIGN) uint8_t w[512], r[2][512];
	unsigned int i, resets;
	struct sim_dev *d;
	struct virtio_blk *b = blk_setup(2, &d);

	(void)state;
	fill(w, sizeof(w), 0x33);
	assert_int_equal(virtio_blk_write(b, 5, w, sizeof(w)), 0);
	virtio_blk_set_polled(b, true);
	memset(dr, 0, sizeof(dr));
	for (i = 0; i < 2; i++)
		assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_IN, 5, r[i], 512,
						   done_cb, &dr[i]), 0);
	/* Both were served, not yet polled, when the device failed. */
	resets = d->resets;
	sim_set_needs_reset(d);
	assert_int_equal(virtio_blk_poll(b), 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(dr[i].calls, 1);
		assert_int_equal(dr[i].err, 0);
		assert_memory_equal(r[i], w, sizeof(w));
	}
	assert_non_null(strstr(host_log_last(), "0 requests failed"));
	assert_recovered(b, d, resets);
}

/*
 * A device that lies in its used ring (an id it was never given) and
 * then asks for a reset: the lie is found by the recovery's own reap.
 * A device that lies is FAILED (README, malicious devices): the
 * recovery must not bring it back, and the next read is refused.
 */
static void test_needs_reset_after_bad_used_entry(void **state)
{
	struct done_rec dr;
	__aligned(BOARD_DMA_ALIGN) uint8_t r[512];
	struct sim_dev *d;
	struct virtio_blk *b = blk_setup(2, &d);

	(void)state;
	virtio_blk_set_polled(b, true);
	memset(&dr, 0, sizeof(dr));
	d->f.used_bad_id = true;
	assert_int_equal(virtio_blk_submit(b, VIRTIO_BLK_T_IN, 5, r, 512, done_cb, &dr), 0);
	sim_set_needs_reset(d);
	virtio_blk_poll(b);
	assert_int_equal(dr.calls, 1);
	assert_int_equal(dr.err, -EIO);
	assert_non_null(strstr(host_log_last(), "1 requests failed (-5), not recovered (-5)"));
	assert_true(virtio_get_device(0)->failed);
	assert_true(d->status & 0x80);
	assert_int_equal(virtio_blk_read(b, 0, r, sizeof(r)), -EIO);
}

/*
 * A recovery whose reset never completes: one driver line names the
 * reset's error and says the device is not back; it is left FAILED and
 * refuses the next read.
 */
static void test_needs_reset_recovery_fails(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[512];
	struct sim_dev *d;
	struct virtio_blk *b = blk_setup(2, &d);

	(void)state;
	sim_set_needs_reset(d);
	d->f.reset_stuck = true;
	assert_int_equal(virtio_blk_poll(b), 0);
	assert_non_null(strstr(host_log_last(),
			       "blk: device needs reset: 0 requests failed (-5), not recovered (-110)"));
	assert_true(virtio_get_device(0)->failed);
	assert_int_equal(virtio_blk_read(b, 0, buf, sizeof(buf)), -EIO);
}

/*
 * NEEDS_RESET in the middle of a synchronous write split into a ring's
 * worth of one-sector requests and more: the device serves the first,
 * holds the second and asks for a reset. The call fails with -EIO and
 * sends nothing after that: no later range may be written by a call
 * that reports failure.
 */
static void test_needs_reset_stops_sync_call(void **state)
{
	static __aligned(BOARD_DMA_ALIGN) uint8_t buf[SIM_BLK_SECTORS * 512];
	struct sim_dev *d = blk_add(2, F_SIZE_MAX | F_SEG_MAX);
	struct virtio_blk *b;

	(void)state;
	put_le(d->config + CFG_SIZE_MAX, 512, 4);
	put_le(d->config + CFG_SEG_MAX, 1, 4);
	b = blk_probe_one();
	assert_non_null(b);
	assert_int_equal(virtio_blk_get_info(b)->max_req, 512);
	fill(buf, sizeof(buf), 5);
	tbs.reset_at = 2;
	assert_int_equal(virtio_blk_write(b, 0, buf, sizeof(buf)), -EIO);
	assert_int_equal(tbs.reqs, 2);
	assert_int_equal(tbs.sector, 1);
	assert_non_null(strstr(host_log_last(), "(-5), recovered"));
	assert_rw_works(b, 8, 0x24);
}

/*
 * A device that publishes a used entry the moment its queue is ready,
 * before the driver made any request, and interrupts: the interrupt is
 * taken at the end of queue setup, inside the driver's probe. The lie is
 * found there (one line, device FAILED), nothing crashes, and the device
 * refuses I/O after.
 */
static void test_used_entry_during_probe(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t r[512];
	struct sim_dev *d = blk_add(2, 0);
	struct virtio_blk *b;

	(void)state;
	d->f.used_at_ready = true;
	assert_int_equal(virtio_blk_register(), 0);
	assert_int_equal(virtio_probe_all(), 1);
	assert_true(d->interrupts > 0);
	assert_true(virtio_get_device(0)->failed);
	assert_true(d->status & 0x80);
	/* The driver is bound (probe itself did nothing wrong) but refuses I/O. */
	b = virtio_blk_get(0);
	assert_non_null(b);
	assert_int_equal(virtio_blk_read(b, 0, r, sizeof(r)), -EIO);
	assert_int_equal(tbs.reqs, 0);
}

/* --- timeouts --- */

/*
 * A device whose reset never completes, reached through fault: the read
 * fails with err after the reset's full timeout (plus min_us before it),
 * but never with IRQs masked for it; the device ends FAILED with nothing
 * left in flight, and refuses the next read.
 */
static void check_reset_outside_mask(struct sim_dev *d, struct virtio_blk *b, int err,
				     uint64_t min_us)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[512];

	d->f.reset_stuck = true;
	host_irq_masked_max_clear();
	assert_int_equal(virtio_blk_read(b, 0, buf, sizeof(buf)), err);
	assert_true(host_time_now() >= min_us + VIRTIO_RESET_TIMEOUT_US);
	assert_true(host_irq_masked_max_us() < 1000);
	assert_true(virtio_get_device(0)->failed);
	assert_int_equal(virtio_blk_inflight(b), 0);
	assert_int_equal(virtio_blk_read(b, 0, buf, sizeof(buf)), -EIO);
}

/* A request that never completes: the timeout path resets. */
static void test_timeout_reset_outside_masked_section(void **state)
{
	struct sim_dev *d;
	struct virtio_blk *b = blk_setup(2, &d);

	(void)state;
	tbs.mode = TB_HOLD;
	check_reset_outside_mask(d, b, -ETIMEDOUT, VIRTIO_BLK_TIMEOUT_US);
}

/*
 * A used entry that breaks the queue, seen by the interrupt handler: the
 * reset that must precede taking the buffers back runs in the next call,
 * never for its full timeout inside the handler.
 */
static void test_broken_queue_reset_not_in_irq(void **state)
{
	struct sim_dev *d;
	struct virtio_blk *b = blk_setup(2, &d);

	(void)state;
	d->f.used_bad_id = true;
	check_reset_outside_mask(d, b, -EIO, 0);
}

/* --- config spaces that lie --- */

static void test_capacity_zero(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[512];
	struct sim_dev *d = blk_add(2, 0);
	struct virtio_blk *b;

	(void)state;
	put_le(d->config + CFG_CAPACITY, 0, 8);
	b = blk_probe_one();
	assert_non_null(b);
	assert_int_equal(virtio_blk_get_info(b)->capacity, 0);
	assert_int_equal(virtio_blk_read(b, 0, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(virtio_blk_write(b, 0, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(tbs.reqs, 0);
	assert_int_equal(virtio_blk_flush(b), 0);
}

static void test_capacity_huge(void **state)
{
	__aligned(BOARD_DMA_ALIGN) uint8_t buf[1024];
	struct sim_dev *d = blk_add(1, 0);
	struct virtio_blk *b;

	(void)state;
	put_le(d->config + CFG_CAPACITY, UINT64_MAX, 8);
	b = blk_probe_one();
	assert_int_equal(virtio_blk_get_info(b)->capacity, UINT64_MAX);
	/* In range for the driver: sent, and the device's IOERR is -EIO. */
	assert_int_equal(virtio_blk_read(b, UINT64_MAX - 2, buf, sizeof(buf)), -EIO);
	assert_int_equal(tbs.sector, UINT64_MAX - 2);
	/* Past the end, or wrapping round: refused before the ring. */
	assert_int_equal(virtio_blk_read(b, UINT64_MAX - 1, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(virtio_blk_read(b, UINT64_MAX, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(tbs.reqs, 1);
	assert_rw_works(b, 0, 5);
}

static void test_size_max_zero_refused(void **state)
{
	struct sim_dev *d = blk_add(2, F_SIZE_MAX);
	unsigned int errs = vmio_log_errors();

	(void)state;
	put_le(d->config + CFG_SIZE_MAX, 0, 4);
	assert_int_equal(virtio_blk_register(), 0);
	assert_int_equal(virtio_probe_all(), 1);
	assert_int_equal(virtio_blk_count(), 0);
	assert_true(virtio_get_device(0)->failed);
	assert_true(d->status & 0x80);
	assert_true(vmio_log_errors() > errs);
}

static void test_seg_max_zero_means_one(void **state)
{
	struct sim_dev *d = blk_add(2, F_SIZE_MAX | F_SEG_MAX);
	struct virtio_blk *b;

	(void)state;
	put_le(d->config + CFG_SIZE_MAX, 1024, 4);
	put_le(d->config + CFG_SEG_MAX, 0, 4);
	b = blk_probe_one();
	assert_non_null(b);
	assert_int_equal(virtio_blk_get_info(b)->max_req, 1024);
	/* 2048 bytes go as two one-segment requests. */
	assert_rw_works(b, 2, 6);
	assert_int_equal(tbs.reqs, 4);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_flush_sends_sector_zero, vt_teardown),
		cmocka_unit_test_teardown(test_unknown_type_and_empty_data_refused, vt_teardown),
		cmocka_unit_test_teardown(test_read_not_filled_is_eio, vt_teardown),
		cmocka_unit_test_teardown(test_garbage_status_byte, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_sync_irq, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_sync_masked, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_async, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_keeps_completed, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_recovery_fails, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_stops_sync_call, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_after_bad_used_entry, vt_teardown),
		cmocka_unit_test_teardown(test_used_entry_during_probe, vt_teardown),
		cmocka_unit_test_teardown(test_timeout_reset_outside_masked_section, vt_teardown),
		cmocka_unit_test_teardown(test_broken_queue_reset_not_in_irq, vt_teardown),
		cmocka_unit_test_teardown(test_capacity_zero, vt_teardown),
		cmocka_unit_test_teardown(test_capacity_huge, vt_teardown),
		cmocka_unit_test_teardown(test_size_max_zero_refused, vt_teardown),
		cmocka_unit_test_teardown(test_seg_max_zero_means_one, vt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
