// SPDX-License-Identifier: MIT
/*
 * Timer and GIC. Run under -icount shift=0, where guest time is exact, so
 * udelay() can be held to the timer's resolution without a flaky test.
 */
#include <errno.h>
#include "board/board.h"
#include "tests/qemu/harness/qtest.h"

static volatile unsigned int timer_hits, spi_hits;

static int time_is_monotonic(void)
{
	uint64_t prev = board_time_us(), now;
	unsigned int i;

	for (i = 0; i < 10000; i++) {
		now = board_time_us();
		QT_ASSERT_GE(now, prev);
		prev = now;
	}
	return 0;
}

static int time_advances(void)
{
	uint64_t t0 = board_time_us();
	unsigned int spin = 0;

	while (board_time_us() == t0 && ++spin < 10000000)
		;
	QT_ASSERT_LT(spin, 10000000u);
	return 0;
}

static int udelay_is_accurate(void)
{
	static const uint32_t delays[] = { 1, 10, 100, 1000, 20000 };
	/* one timer tick in us, rounded up, plus the us-conversion floor */
	uint32_t slack = 1000000u / board_timer_hz() + 2;
	unsigned int i;

	QT_ASSERT(board_timer_hz() >= 1000000u);
	for (i = 0; i < ARRAY_SIZE(delays); i++) {
		uint64_t t0 = board_time_us(), dt;

		board_udelay(delays[i]);
		dt = board_time_us() - t0;
		QT_ASSERT_GE(dt, delays[i]);
		QT_ASSERT_LE(dt, delays[i] + slack);
	}
	return 0;
}

static void on_timer(void *arg)
{
	(void)arg;
	timer_hits++;
}

static void on_spi(void *arg)
{
	*(volatile unsigned int *)arg += 1;
}

static int wait_hits(volatile unsigned int *hits, unsigned int want, uint32_t us)
{
	uint64_t end = board_time_us() + us;

	while (*hits < want && board_time_us() < end)
		board_wait_for_irq();
	return *hits >= want ? 0 : -1;
}

static int timer_interrupt_round_trip(void)
{
	uint32_t before = board_irq_count();

	QT_ASSERT(board_irqs_masked());
	QT_ASSERT_EQ(board_irq_register(board_timer_irq(), BOARD_IRQ_LEVEL, on_timer, NULL), 0);
	board_timer_oneshot(2000);
	board_irq_unmask();
	QT_ASSERT_EQ(wait_hits(&timer_hits, 1, 100000), 0);
	/* acknowledged and silenced: no second entry for the same expiry */
	board_udelay(5000);
	(void)board_irq_save();
	QT_ASSERT_EQ(timer_hits, 1);
	QT_ASSERT_EQ(board_irq_count() - before, 1);
	return 0;
}

static int masked_irq_is_held_until_unmask(void)
{
	QT_ASSERT(board_irqs_masked());
	board_timer_oneshot(100);
	board_udelay(1000);
	QT_ASSERT_EQ(timer_hits, 1);	/* pending, not taken */
	board_irq_unmask();
	QT_ASSERT_EQ(wait_hits(&timer_hits, 2, 100000), 0);
	(void)board_irq_save();
	return 0;
}

static int spi_round_trip(void)
{
	const unsigned int irq = 40;	/* an SPI nothing on virt uses */

	QT_ASSERT_EQ(board_irq_register(irq, BOARD_IRQ_EDGE, on_spi, (void *)&spi_hits), 0);
	QT_ASSERT_EQ(board_irq_register(irq, BOARD_IRQ_EDGE, on_timer, NULL), -EBUSY);
	board_irq_trigger(irq);
	board_irq_unmask();
	QT_ASSERT_EQ(wait_hits(&spi_hits, 1, 100000), 0);
	(void)board_irq_save();
	board_irq_unregister(irq);
	board_irq_trigger(irq);	/* disabled now: must not be delivered */
	board_irq_unmask();
	board_udelay(1000);
	(void)board_irq_save();
	QT_ASSERT_EQ(spi_hits, 1);
	return 0;
}

static int bad_irq_refused(void)
{
	QT_ASSERT_EQ(board_irq_register(100000, BOARD_IRQ_LEVEL, on_timer, NULL), -EINVAL);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(time_is_monotonic),
	QTEST(time_advances),
	QTEST(udelay_is_accurate),
	QTEST(timer_interrupt_round_trip),
	QTEST(masked_irq_is_held_until_unmask),
	QTEST(spi_round_trip),
	QTEST(bad_irq_refused),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
