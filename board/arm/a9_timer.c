// SPDX-License-Identifier: MIT
/*
 * Cortex-A9 MPCore global timer: a 64-bit up-counter shared by the cores,
 * for board_time_us(), and its comparator for the one-shot (the A9 has no
 * generic timer). The counter never stops or wraps in practice (2^64
 * ticks), so the one-shot is "comparator = now + ticks"; its interrupt is
 * PPI 11 (INTID 27), level while the event flag is set.
 */
#include "board/board.h"
#include "board/io.h"
#include "arm.h"

#define GT_COUNT_LO 0x00
#define GT_COUNT_HI 0x04
#define GT_CONTROL 0x08
#define GT_STATUS 0x0c
#define GT_COMP_LO 0x10
#define GT_COMP_HI 0x14
#define GT_CTL_ENABLE (1u << 0)
#define GT_CTL_COMP (1u << 1)
#define GT_CTL_IRQ (1u << 2)
#define GT_STATUS_EVENT 1u

static uintptr_t gt;
static uint32_t gt_hz;
static unsigned int gt_irq;

/* The two halves are read apart: retry when the high word moved between them. */
static uint64_t gt_read(void)
{
	uint32_t hi, lo, hi2;

	do {
		hi = mmio_read32(gt + GT_COUNT_HI);
		lo = mmio_read32(gt + GT_COUNT_LO);
		hi2 = mmio_read32(gt + GT_COUNT_HI);
	} while (hi != hi2);
	return ((uint64_t)hi << 32) | lo;
}

void a9_timer_init(uintptr_t global_timer, uintptr_t private_timer, uint32_t hz,
		   unsigned int irq, uint64_t start)
{
	(void)private_timer;	/* the comparator does the one-shots */
	gt = global_timer;
	gt_hz = hz;
	gt_irq = irq;
	/* The count is writable only while the timer is off. */
	mmio_write32(gt + GT_CONTROL, 0);
	mmio_write32(gt + GT_COUNT_LO, (uint32_t)start);
	mmio_write32(gt + GT_COUNT_HI, (uint32_t)(start >> 32));
	/* Prescaler 0: the counter runs at PERIPHCLK, the hz the board gave. */
	mmio_write32(gt + GT_CONTROL, GT_CTL_ENABLE);
	mmio_write32(gt + GT_STATUS, GT_STATUS_EVENT);
}

uint32_t board_timer_hz(void)
{
	return gt_hz;
}

uint64_t board_time_us(void)
{
	uint64_t c = gt_read();

	return (c / gt_hz) * 1000000u + ((c % gt_hz) * 1000000u) / gt_hz;
}

void board_udelay(uint32_t us)
{
	uint64_t end = gt_read() + ((uint64_t)us * gt_hz + 999999u) / 1000000u;

	while (gt_read() < end)
		;
}

void board_timer_oneshot(uint32_t us)
{
	uint64_t when;

	timer_stop();
	if (!us)
		return;
	when = gt_read() + ((uint64_t)us * gt_hz + 999999u) / 1000000u;
	mmio_write32(gt + GT_COMP_LO, (uint32_t)when);
	mmio_write32(gt + GT_COMP_HI, (uint32_t)(when >> 32));
	mmio_write32(gt + GT_CONTROL, GT_CTL_ENABLE | GT_CTL_COMP | GT_CTL_IRQ);
}

void timer_stop(void)
{
	/* Comparator off first, then the flag: it cannot be set again behind us. */
	mmio_write32(gt + GT_CONTROL, GT_CTL_ENABLE);
	mmio_write32(gt + GT_STATUS, GT_STATUS_EVENT);
}

/*
 * The wake condition itself, count >= comparator, as the generic timer's
 * timer_fired() does: QEMU sets the event flag only when its own host
 * timer callback runs, which a loaded host delays past the compare value.
 */
int timer_fired(void)
{
	uint32_t ctl = mmio_read32(gt + GT_CONTROL);

	if (!(ctl & GT_CTL_COMP))
		return 0;
	if (mmio_read32(gt + GT_STATUS) & GT_STATUS_EVENT)
		return 1;
	return gt_read() >= (((uint64_t)mmio_read32(gt + GT_COMP_HI) << 32) |
			     mmio_read32(gt + GT_COMP_LO));
}

unsigned int board_timer_irq(void)
{
	return gt_irq;
}
