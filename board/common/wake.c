// SPDX-License-Identifier: MIT
/*
 * The platform sleep's wait for its wake timer. The deadline only ends
 * the wait of a dead timer; whether the sleep worked is the timer's own
 * condition, sampled after the wait. A "not yet" sampled before a
 * deadline check says nothing once the vCPU was descheduled in between,
 * and the deadline is taken after arming, so it always lies past the
 * expiry: a working timer has fired by the time the deadline passed.
 */
#include <errno.h>
#include "board/common/wake.h"

int wake_wait(const struct wake_source *src, uint32_t wake_us)
{
	uint64_t deadline;

	src->arm(wake_us);
	deadline = src->now_us() + wake_us + WAKE_DEAD_TIMER_SLACK_US;
	/*
	 * Idle at least once, even when the vCPU comes back to a timer
	 * already expired: tests/monitor takes that WFI with IRQs masked
	 * as the moment the platform lost power.
	 */
	do
		src->idle();
	while (!src->fired() && src->now_us() < deadline);
	return src->fired() ? 0 : -ETIMEDOUT;
}
