/* SPDX-License-Identifier: MIT */
#ifndef VMIO_BOARD_WAKE_H
#define VMIO_BOARD_WAKE_H

/*
 * The wait of a platform sleep, apart from the board's registers so that
 * the host tests can put a descheduled vCPU anywhere in it.
 */
#include <stdbool.h>
#include <stdint.h>

struct wake_source {
	/* Arm the wake timer to fire us microseconds from now. */
	void (*arm)(uint32_t us);
	/* The wake timer's own condition (count >= compare value): exact. */
	bool (*fired)(void);
	/* Monotonic microseconds (board_time_us()). */
	uint64_t (*now_us)(void);
	/* Wait for an interrupt; wakes on a pending one with IRQs masked (WFI). */
	void (*idle)(void);
};

/* Slack past the expiry before a timer that has not fired counts as dead. */
#define WAKE_DEAD_TIMER_SLACK_US 1000u

/*
 * Arm src's wake timer for wake_us (> 0) and wait until it fired,
 * entering src->idle() at least once, as a real sleep does. The outcome
 * is the timer's own condition, sampled after the wait: how long the
 * vCPU was away between any two steps does not change it. The wait
 * gives up WAKE_DEAD_TIMER_SLACK_US after the expiry (a guard against a
 * dead timer). Context: IRQs masked; waits wake_us plus at most the
 * slack. Returns 0 when the timer fired, -ETIMEDOUT when it did not (not
 * logged: the caller names its timer). The caller stops the timer.
 */
int wake_wait(const struct wake_source *src, uint32_t wake_us);

#endif
