// SPDX-License-Identifier: MIT
/*
 * Arm generic timer, EL1 virtual view (always accessible from PL1; the
 * HYP entry code sets CNTVOFF to 0 so it equals the physical count).
 */
#include "board/board.h"
#include "startup/cpu.h"
#include "vmio/div64.h"
#include "arm.h"

#define CNTV_CTL_ENABLE 1u
#define CNTV_CTL_IMASK 2u
#define CNTV_CTL_ISTATUS 4u

static uint32_t cnt_hz;
static unsigned int timer_irq;

static uint64_t cnt_read(void)
{
	isb();	/* the counter read must not be speculated early */
	return CP15_READ64(1, c14);
}

void gtimer_init(unsigned int irq)
{
	timer_irq = irq;
	cnt_hz = CP15_READ(0, c14, c0, 0);
	if (!cnt_hz)
		cnt_hz = 62500000;	/* QEMU's value; a board must program CNTFRQ */
	CP15_WRITE(0, c14, c3, 1, 0);
}

uint32_t board_timer_hz(void)
{
	return cnt_hz;
}

uint64_t board_time_us(void)
{
	uint32_t r;
	uint64_t s = vmio_div64(cnt_read(), cnt_hz, &r);

	/* r < cnt_hz, so r * 10^6 / cnt_hz < 10^6 */
	return s * 1000000u + vmio_div64((uint64_t)r * 1000000u, cnt_hz, NULL);
}

/* Counter ticks in us microseconds, rounded up. */
static uint64_t us_to_ticks(uint32_t us)
{
	return vmio_div64((uint64_t)us * cnt_hz + 999999u, 1000000u, NULL);
}

void board_udelay(uint32_t us)
{
	uint64_t end = cnt_read() + us_to_ticks(us);

	while (cnt_read() < end)
		;
}

void board_timer_oneshot(uint32_t us)
{
	uint64_t ticks;

	if (!us) {
		timer_stop();
		return;
	}
	ticks = us_to_ticks(us);
	if (ticks > 0x7fffffffu)
		ticks = 0x7fffffffu;
	CP15_WRITE(0, c14, c3, 0, (uint32_t)ticks);	/* CNTV_TVAL */
	CP15_WRITE(0, c14, c3, 1, CNTV_CTL_ENABLE);
	isb();
}

void timer_stop(void)
{
	CP15_WRITE(0, c14, c3, 1, 0);
	isb();
}

/*
 * The wake condition itself, CNTVCT >= CNTV_CVAL, read from the counter.
 * ISTATUS alone is not enough on QEMU: it is a stored bit that QEMU only
 * updates when its own host timer callback runs, which a loaded host
 * delays by milliseconds after the count has passed the compare value.
 */
int timer_fired(void)
{
	uint32_t ctl = CP15_READ(0, c14, c3, 1);

	if (!(ctl & CNTV_CTL_ENABLE))
		return 0;
	if (ctl & CNTV_CTL_ISTATUS)
		return 1;
	return cnt_read() >= CP15_READ64(3, c14);	/* CNTV_CVAL */
}

unsigned int board_timer_irq(void)
{
	return timer_irq;
}
