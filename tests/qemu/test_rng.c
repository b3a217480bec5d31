// SPDX-License-Identifier: MIT
/*
 * virtio-rng on QEMU's virtio-rng-device: bytes are not constant, two
 * reads differ, reads longer than the DMA buffer and odd lengths work,
 * a zero timeout leaves the request posted for the next read.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "drivers/rng/virtio_rng.h"
#include "tests/qemu/harness/pattern.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/virtio.h"
#include "vmio/log.h"

static uint8_t a[1000], b[1000];

static int rng_probe_found(void)
{
	QT_ASSERT(!virtio_rng_present());
	QT_ASSERT_EQ(virtio_rng_read(a, 1, 1000), -ENODEV);
	QT_ASSERT_EQ(virtio_rng_register(), 0);
	QT_ASSERT_GE(virtio_probe_all(), 1);
	QT_ASSERT(virtio_rng_present());
	return 0;
}

static int two_reads_differ(void)
{
	QT_ASSERT_EQ(virtio_rng_read(a, 64, 1000000), 64);
	QT_ASSERT_EQ(virtio_rng_read(b, 64, 1000000), 64);
	QT_ASSERT(qtest_not_constant(a, 64));
	QT_ASSERT(qtest_not_constant(b, 64));
	QT_ASSERT(memcmp(a, b, 64));
	return 0;
}

static int long_and_odd_reads(void)
{
	memset(a, 0, sizeof(a));
	QT_ASSERT_EQ(virtio_rng_read(a, sizeof(a), 1000000), (int)sizeof(a));
	/* the tail too is filled: 100 zero bytes at the end are not entropy */
	QT_ASSERT(qtest_not_constant(a + 900, 100));
	QT_ASSERT_EQ(virtio_rng_read(b, 13, 1000000), 13);
	QT_ASSERT(qtest_not_constant(b, 13));
	return 0;
}

static int zero_timeout_then_read(void)
{
	unsigned int e0 = vmio_log_errors();

	QT_ASSERT_EQ(virtio_rng_read(a, 16, 0), -ETIMEDOUT);
	QT_ASSERT_EQ(vmio_log_errors() - e0, 1);
	QT_ASSERT_EQ(virtio_rng_read(a, 16, 1000000), 16);
	QT_ASSERT(qtest_not_constant(a, 16));
	return 0;
}

static int works_with_irqs_masked(void)
{
	QT_ASSERT(board_irqs_masked());
	QT_ASSERT_EQ(virtio_rng_read(a, 32, 1000000), 32);
	board_irq_unmask();
	QT_ASSERT_EQ(virtio_rng_read(b, 32, 1000000), 32);
	QT_ASSERT(memcmp(a, b, 32));
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(rng_probe_found),
	QTEST(two_reads_differ),
	QTEST(long_and_odd_reads),
	QTEST(zero_timeout_then_read),
	QTEST(works_with_irqs_masked),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
