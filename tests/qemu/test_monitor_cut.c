// SPDX-License-Identifier: MIT
/*
 * The EL2 monitor's resume watch when the guest's WFI does not trap. A
 * WFI with an interrupt already pending (a wake timer that expired while
 * the host had the vCPU descheduled) completes at once without reaching
 * EL2, so the monitor must see the platform's power cut another way.
 * Done by hand, as board_platform_sleep() and the restore would: both
 * models at DRIVER_OK, then with IRQs masked both reset, an interrupt
 * made pending, WFI, both back at DRIVER_OK, then another slot touched.
 * The runner expects the monitor's "mon: resume 1: ... order ok" line.
 * Runs only under tools/qemu-run.sh --monitor (modern transport).
 */
#include "board/board.h"
#include "board/io.h"
#include "tests/qemu/harness/qtest.h"

#define SLOT(n) (board_get_info()->virtio[n].base)
#define REG_DEVICE_ID 0x008
#define REG_DRV_FEATURES 0x020
#define REG_DRV_FEATURES_SEL 0x024
#define REG_STATUS 0x070
#define ST_ACK 1u
#define ST_DRIVER 2u
#define ST_DRIVER_OK 4u
#define ST_FEATURES_OK 8u
#define WAKE_SPI 120u		/* a line no QEMU device uses */

static unsigned int wakes;

static void on_wake(void *arg)
{
	(void)arg;
	wakes++;
}

/* Status by the book, VERSION_1 only: the models take nothing more. */
static int bring_up(uintptr_t b)
{
	mmio_write32(b + REG_STATUS, 0);
	mmio_write32(b + REG_STATUS, ST_ACK);
	mmio_write32(b + REG_STATUS, ST_ACK | ST_DRIVER);
	mmio_write32(b + REG_DRV_FEATURES_SEL, 1);
	mmio_write32(b + REG_DRV_FEATURES, 1);	/* VIRTIO_F_VERSION_1 */
	mmio_write32(b + REG_DRV_FEATURES_SEL, 0);
	mmio_write32(b + REG_DRV_FEATURES, 0);
	mmio_write32(b + REG_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK);
	QT_ASSERT(mmio_read32(b + REG_STATUS) & ST_FEATURES_OK);
	mmio_write32(b + REG_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
	return 0;
}

static int models_up(void)
{
	QT_ASSERT_EQ(mmio_read32(SLOT(0) + REG_DEVICE_ID), 0xc000);
	QT_ASSERT_EQ(mmio_read32(SLOT(1) + REG_DEVICE_ID), 0xc001);
	QT_ASSERT_EQ(bring_up(SLOT(0)), 0);
	QT_ASSERT_EQ(bring_up(SLOT(1)), 0);
	QT_ASSERT_EQ(board_irq_register(WAKE_SPI, BOARD_IRQ_LEVEL, on_wake, NULL), 0);
	board_irq_unmask();
	return 0;
}

static int sleep_with_wake_pending(void)
{
	unsigned long flags = board_irq_save();

	mmio_write32(SLOT(1) + REG_STATUS, 0);	/* the power cut */
	mmio_write32(SLOT(0) + REG_STATUS, 0);
	board_irq_trigger(WAKE_SPI);		/* the wake source already fired */
	board_wait_for_irq();			/* completes at once, no trap */
	QT_ASSERT_EQ(bring_up(SLOT(1)), 0);	/* restore: suppliers first, masked */
	QT_ASSERT_EQ(bring_up(SLOT(0)), 0);
	QT_ASSERT_EQ(mmio_read32(SLOT(2) + REG_DEVICE_ID), 0);	/* then anything else */
	board_irq_restore(flags);
	QT_ASSERT_EQ(wakes, 1);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(models_up),
	QTEST(sleep_with_wake_pending),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
