// SPDX-License-Identifier: MIT
/*
 * DEVICE_NEEDS_RESET on QEMU's real devices, under the EL2 monitor: the
 * run's mon.fault=SLOT:needs_reset@N makes one passthrough device report
 * it (Status bit 0x40, a config interrupt) in the middle of the I/O this
 * image does on dev= (blk, rng or console), n= times. The driver must
 * recover by itself: at most the operation in flight fails with -EIO (it
 * is retried once), the device is reset and re-initialised, and every
 * later operation is correct. Exactly two lines are logged: the core's
 * "needs reset" and the driver's "recovered". The blk data (seeded
 * pattern, 8 sectors per round) and the console records are checked on
 * the host afterwards.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "drivers/blk/virtio_blk.h"
#include "drivers/console/virtio_console.h"
#include "drivers/drivers.h"
#include "drivers/rng/virtio_rng.h"
#include "tests/qemu/harness/pattern.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/virtio.h"
#include "vmio/log.h"
#include "vmio/print.h"

#define SEED 0x4e3d5eedu
#define ROUND_BYTES 4096u

static uint8_t wbuf[ROUND_BYTES] __aligned(BOARD_DMA_ALIGN), rbuf[ROUND_BYTES] __aligned(BOARD_DMA_ALIGN);
static char dev[16];
static unsigned int rounds, eio;
static unsigned int errs0;

static int probe(void)
{
	const char *a = qtest_arg("n");

	/* qtest_arg() answers in one static buffer: take each value at once. */
	QT_ASSERT(a);
	rounds = (unsigned int)strtoul(a, NULL, 0);
	QT_ASSERT_GE(rounds, 1);
	a = qtest_arg("dev");
	QT_ASSERT(a && strlen(a) < sizeof(dev));
	strcpy(dev, a);
	QT_ASSERT_EQ(drivers_register_all(), 0);
	QT_ASSERT_GE(virtio_probe_all(), 3);
	QT_ASSERT_EQ(virtio_blk_count(), 1);
	QT_ASSERT(virtio_rng_present());
	QT_ASSERT(virtio_console_present());
	/* The config interrupt that announces the fault is taken from here on. */
	board_irq_unmask();
	errs0 = vmio_log_errors();
	return 0;
}

/* One retry after -EIO, which may happen once in the whole run. */
static int again(int err)
{
	if (err == -EIO)
		eio++;
	return err == -EIO;
}

static int blk_rounds(void)
{
	struct virtio_blk *b = virtio_blk_get(0);
	unsigned int k;
	int err;

	QT_ASSERT_GE(virtio_blk_get_info(b)->capacity, (uint64_t)rounds * 8);
	for (k = 0; k < rounds; k++) {
		qtest_pattern_fill(SEED, (uint64_t)k * 8, wbuf, sizeof(wbuf));
		err = virtio_blk_write(b, (uint64_t)k * 8, wbuf, sizeof(wbuf));
		if (again(err))
			err = virtio_blk_write(b, (uint64_t)k * 8, wbuf, sizeof(wbuf));
		QT_ASSERT_EQ(err, 0);
		memset(rbuf, 0, sizeof(rbuf));
		err = virtio_blk_read(b, (uint64_t)k * 8, rbuf, sizeof(rbuf));
		if (again(err))
			err = virtio_blk_read(b, (uint64_t)k * 8, rbuf, sizeof(rbuf));
		QT_ASSERT_EQ(err, 0);
		QT_ASSERT(!memcmp(wbuf, rbuf, sizeof(rbuf)));
	}
	err = virtio_blk_flush(b);
	if (again(err))
		err = virtio_blk_flush(b);
	QT_ASSERT_EQ(err, 0);
	return 0;
}

static int rng_rounds(void)
{
	unsigned int k, i;
	int err;

	for (k = 0; k < rounds; k++) {
		memset(rbuf, 0, 32);
		err = virtio_rng_read(rbuf, 32, 1000000);
		if (again(err))
			err = virtio_rng_read(rbuf, 32, 1000000);
		QT_ASSERT_EQ(err, 32);
		for (i = 1; i < 32 && rbuf[i] == rbuf[0]; i++)
			;
		QT_ASSERT_LT(i, 32);
	}
	return 0;
}

static int console_rounds(void)
{
	char line[16];
	unsigned int k;
	int n, err;

	for (k = 0; k < rounds; k++) {
		n = vmio_snprintf(line, sizeof(line), "rec %03u\n", k);
		err = virtio_console_write(line, (size_t)n, 1000000);
		if (again(err))
			err = virtio_console_write(line, (size_t)n, 1000000);
		QT_ASSERT_EQ(err, n);
	}
	return 0;
}

static int io_through_the_fault(void)
{
	if (!strcmp(dev, "blk"))
		return blk_rounds();
	if (!strcmp(dev, "rng"))
		return rng_rounds();
	QT_ASSERT(!strcmp(dev, "console"));
	return console_rounds();
}

static int recovered_once(void)
{
	unsigned int i;

	QT_ASSERT_LE(eio, 1);
	/* "device needs reset" (core) and "... recovered" (driver), nothing else */
	QT_ASSERT_EQ(vmio_log_errors() - errs0, 2);
	for (i = 0; i < virtio_device_count(); i++) {
		QT_ASSERT(!virtio_get_device(i)->failed);
		QT_ASSERT(!virtio_get_device(i)->needs_reset);
	}
	vmio_printf("needs_reset: %s: %u rounds, %u -EIO\n", dev, rounds, eio);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(probe),
	QTEST(io_through_the_fault),
	QTEST(recovered_once),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
