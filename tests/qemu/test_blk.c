// SPDX-License-Identifier: MIT
/*
 * virtio-blk on real QEMU devices. The runner attaches, in this order:
 * a read-write disk of cap= sectors (the test writes a seeded pattern
 * over all of it; a --post step checks the image file on the host), a
 * read-only disk holding the pattern of seed ro_seed=, and a disk whose
 * reads fail (blkdebug). Interrupt and polled completion, several
 * requests in flight, range checks, read-only refusal, device errors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "drivers/blk/virtio_blk.h"
#include "tests/qemu/harness/pattern.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/virtio.h"
#include "vmio/log.h"

#define SEED 0x1234abcdu
/* the unit of the sync calls: one request each (QEMU offers no SIZE_MAX) */
#define CHUNK (1024u * 1024u)
#define ASYNC_LEN (16u * 1024u)

static uint8_t buf[CHUNK] __aligned(BOARD_DMA_ALIGN);
static uint8_t expect[CHUNK] __aligned(BOARD_DMA_ALIGN);
static struct virtio_blk *rw, *ro, *bad;
static uint64_t cap;

static int blk_probe_all_found(void)
{
	const char *c = qtest_arg("cap");
	unsigned int i;

	QT_ASSERT(c);
	cap = strtoull(c, NULL, 0);
	QT_ASSERT_EQ(virtio_blk_register(), 0);
	QT_ASSERT_EQ(virtio_blk_register(), -EBUSY);
	QT_ASSERT_GE(virtio_probe_all(), 3);
	QT_ASSERT_EQ(virtio_blk_count(), 3);
	for (i = 0; i < virtio_blk_count(); i++) {
		struct virtio_blk *b = virtio_blk_get(i);
		const struct virtio_blk_info *in = virtio_blk_get_info(b);

		if (in->read_only)
			ro = b;
		else if (in->capacity == cap)
			rw = b;
		else
			bad = b;
	}
	QT_ASSERT(rw && ro && bad);
	QT_ASSERT(!virtio_blk_get(3));
	QT_ASSERT_EQ(virtio_blk_get_info(rw)->blk_size, 512);
	QT_ASSERT(virtio_blk_get_info(rw)->flush);
	QT_ASSERT_GE(virtio_blk_get_info(rw)->max_req, 512);
	/* No cap of the driver's own: the largest request is the device's. */
	QT_ASSERT_GE(virtio_blk_get_info(rw)->max_req, 16u * CHUNK);
	QT_ASSERT_EQ(virtio_blk_get_info(rw)->max_req % 512, 0);
	return 0;
}

static int bad_ranges_refused(void)
{
	unsigned int e0 = vmio_log_errors();
	uint32_t max = virtio_blk_get_info(rw)->max_req;

	QT_ASSERT_EQ(virtio_blk_read(rw, 0, buf, 0), -EINVAL);
	QT_ASSERT_EQ(virtio_blk_read(rw, 0, buf, 100), -EINVAL);
	QT_ASSERT_EQ(virtio_blk_read(rw, 0, buf, 513), -EINVAL);
	QT_ASSERT_EQ(virtio_blk_read(rw, cap, buf, 512), -EINVAL);
	QT_ASSERT_EQ(virtio_blk_write(rw, cap - 1, buf, 1024), -EINVAL);
	QT_ASSERT_EQ(virtio_blk_read(rw, ~0ull, buf, 512), -EINVAL);
	QT_ASSERT_EQ(virtio_blk_read(rw, ~0ull - 1, buf, 2048), -EINVAL);
	QT_ASSERT_EQ(virtio_blk_rw(rw, VIRTIO_BLK_T_FLUSH, 0, buf, 512), -EINVAL);
	QT_ASSERT_EQ(virtio_blk_submit(rw, VIRTIO_BLK_T_IN, 0, buf, max + 512, NULL, NULL),
		     -EINVAL);
	QT_ASSERT_EQ(virtio_blk_inflight(rw), 0);
	/* exactly one line per refusal */
	QT_ASSERT_EQ(vmio_log_errors() - e0, 9);
	/* the last sector itself is fine */
	QT_ASSERT_EQ(virtio_blk_read(rw, cap - 1, buf, 512), 0);
	return 0;
}

static int write_range(uint64_t from, uint64_t to)
{
	uint64_t s;
	uint32_t n;

	for (s = from; s < to; s += n / 512) {
		n = (to - s) * 512 < CHUNK ? (uint32_t)((to - s) * 512) : CHUNK;
		qtest_pattern_fill(SEED, s, buf, n);
		QT_ASSERT_EQ(virtio_blk_write(rw, s, buf, n), 0);
	}
	return 0;
}

static int check_range(struct virtio_blk *b, uint32_t seed, uint64_t from, uint64_t to)
{
	uint64_t s;
	uint32_t n;

	for (s = from; s < to; s += n / 512) {
		n = (to - s) * 512 < CHUNK ? (uint32_t)((to - s) * 512) : CHUNK;
		memset(buf, 0xa5, n);
		QT_ASSERT_EQ(virtio_blk_read(b, s, buf, n), 0);
		qtest_pattern_fill(seed, s, expect, n);
		QT_ASSERT(!memcmp(buf, expect, n));
	}
	return 0;
}

/* First half polled with IRQs masked: no interrupt may be taken. */
static int write_pattern_polled(void)
{
	uint32_t irqs = board_irq_count();

	QT_ASSERT(board_irqs_masked());
	virtio_blk_set_polled(rw, true);
	QT_ASSERT_EQ(write_range(0, cap / 2), 0);
	QT_ASSERT_EQ(board_irq_count(), irqs);
	return 0;
}

/* Second half interrupt-driven with IRQs on: completions come by IRQ. */
static int write_pattern_irq(void)
{
	uint32_t irqs;

	board_irq_unmask();
	virtio_blk_set_polled(rw, false);
	irqs = board_irq_count();
	QT_ASSERT_EQ(write_range(cap / 2, cap), 0);
	QT_ASSERT_LT(irqs, board_irq_count());
	QT_ASSERT_EQ(virtio_blk_flush(rw), 0);
	return 0;
}

static int read_back_irq(void)
{
	uint32_t irqs = board_irq_count();

	QT_ASSERT(!board_irqs_masked());
	QT_ASSERT_EQ(check_range(rw, SEED, 0, cap), 0);
	QT_ASSERT_LT(irqs, board_irq_count());
	return 0;
}

/*
 * Polled with IRQs on. With EVENT_IDX, "no interrupts please" is a stale
 * used_event, which lets the device interrupt once more at most.
 */
static int read_back_polled_irqs_on(void)
{
	uint32_t irqs = board_irq_count();

	virtio_blk_set_polled(rw, true);
	QT_ASSERT_EQ(check_range(rw, SEED, 0, cap), 0);
	QT_ASSERT_LE(board_irq_count() - irqs, 1);
	virtio_blk_set_polled(rw, false);
	return 0;
}

/* Interrupt mode but IRQs masked at the CPU: the sync calls poll. */
static int read_irq_mode_irqs_masked(void)
{
	unsigned long f = board_irq_save();
	int r = check_range(rw, SEED, 0, cap / 8);

	board_irq_restore(f);
	QT_ASSERT_EQ(r, 0);
	return 0;
}

static volatile unsigned int async_done, async_irq_ctx;
static volatile int async_err;

static void on_done(void *arg, int err)
{
	(void)arg;
	if (err)
		async_err = err;
	if (board_irqs_masked())
		async_irq_ctx++;
	async_done++;
}

static int async_submit_all(uint32_t type, uint64_t base)
{
	unsigned int i;

	async_done = 0;
	async_err = 0;
	async_irq_ctx = 0;
	for (i = 0; i < VIRTIO_BLK_SLOTS; i++)
		QT_ASSERT_EQ(virtio_blk_submit(rw, type, base + i * 64,
					       buf + i * ASYNC_LEN, ASYNC_LEN,
					       on_done, NULL), 0);
	return 0;
}

static int wait_done(unsigned int n, bool poll)
{
	uint64_t t0 = board_time_us();

	while (async_done < n && board_time_us() - t0 < 5000000)
		if (poll)
			virtio_blk_poll(rw);
	QT_ASSERT_EQ(async_done, n);
	QT_ASSERT_EQ(async_err, 0);
	return 0;
}

static int async_check(uint64_t base)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_BLK_SLOTS; i++) {
		qtest_pattern_fill(SEED, base + i * 64, expect, ASYNC_LEN);
		QT_ASSERT(!memcmp(buf + i * ASYNC_LEN, expect, ASYNC_LEN));
	}
	return 0;
}

/* Polled, IRQs masked: every slot in flight at once, one more is refused. */
static int async_polled_body(void)
{
	unsigned int e0;

	virtio_blk_set_polled(rw, true);
	memset(buf, 0, sizeof(buf));
	QT_ASSERT_EQ(async_submit_all(VIRTIO_BLK_T_IN, 100), 0);
	QT_ASSERT_EQ(virtio_blk_inflight(rw), VIRTIO_BLK_SLOTS);
	QT_ASSERT_EQ(async_done, 0);
	e0 = vmio_log_errors();
	QT_ASSERT_EQ(virtio_blk_submit(rw, VIRTIO_BLK_T_IN, 0, expect, 512, on_done, NULL),
		     -ENOSPC);
	QT_ASSERT_EQ(vmio_log_errors() - e0, 1);
	QT_ASSERT_EQ(wait_done(VIRTIO_BLK_SLOTS, true), 0);
	QT_ASSERT_EQ(virtio_blk_inflight(rw), 0);
	QT_ASSERT_EQ(async_check(100), 0);
	return 0;
}

static int async_many_in_flight_polled(void)
{
	unsigned long f = board_irq_save();
	int r = async_polled_body();

	board_irq_restore(f);
	QT_ASSERT_EQ(r, 0);
	return 0;
}

/* Interrupt mode: completions run in the IRQ handler, nobody polls. */
static int async_many_in_flight_irq(void)
{
	virtio_blk_set_polled(rw, false);
	QT_ASSERT(!board_irqs_masked());
	memset(buf, 0, sizeof(buf));
	QT_ASSERT_EQ(async_submit_all(VIRTIO_BLK_T_IN, 3000), 0);
	QT_ASSERT_EQ(wait_done(VIRTIO_BLK_SLOTS, false), 0);
	QT_ASSERT_EQ(async_irq_ctx, VIRTIO_BLK_SLOTS);
	QT_ASSERT_EQ(async_check(3000), 0);
	/* rewrite the same data asynchronously: the image stays the pattern */
	QT_ASSERT_EQ(async_submit_all(VIRTIO_BLK_T_OUT, 3000), 0);
	QT_ASSERT_EQ(wait_done(VIRTIO_BLK_SLOTS, false), 0);
	QT_ASSERT_EQ(virtio_blk_flush(rw), 0);
	return 0;
}

static int read_only_device(void)
{
	const char *s = qtest_arg("ro_seed");
	const struct virtio_blk_info *in = virtio_blk_get_info(ro);
	unsigned int e0 = vmio_log_errors();

	QT_ASSERT(s);
	QT_ASSERT_EQ(virtio_blk_write(ro, 0, buf, 512), -EROFS);
	QT_ASSERT_EQ(virtio_blk_submit(ro, VIRTIO_BLK_T_OUT, 0, buf, 512, NULL, NULL),
		     -EROFS);
	QT_ASSERT_EQ(vmio_log_errors() - e0, 2);
	QT_ASSERT_EQ(check_range(ro, (uint32_t)strtoul(s, NULL, 0), 0, in->capacity), 0);
	return 0;
}

static int device_errors(void)
{
	unsigned int e0 = vmio_log_errors();

	QT_ASSERT_EQ(virtio_blk_read(bad, 0, buf, 4096), -EIO);
	QT_ASSERT_EQ(vmio_log_errors() - e0, 1);
	/* an unknown command never reaches the device (issue 10 item 7) */
	QT_ASSERT_EQ(virtio_blk_rw(rw, 0x7777, 0, NULL, 0), -EINVAL);
	QT_ASSERT_EQ(vmio_log_errors() - e0, 2);
	/* both devices still work */
	QT_ASSERT_EQ(virtio_blk_read(rw, 0, buf, 512), 0);
	QT_ASSERT_EQ(virtio_blk_write(bad, 0, buf, 512), 0);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(blk_probe_all_found),
	QTEST(bad_ranges_refused),
	QTEST(write_pattern_polled),
	QTEST(write_pattern_irq),
	QTEST(read_back_irq),
	QTEST(read_back_polled_irqs_on),
	QTEST(read_irq_mode_irqs_masked),
	QTEST(async_many_in_flight_polled),
	QTEST(async_many_in_flight_irq),
	QTEST(read_only_device),
	QTEST(device_errors),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
