// SPDX-License-Identifier: MIT
/*
 * The platform sleep's wait (board/common/wake.c) against a fake timer
 * and clock, with the vCPU descheduled between any two of its steps: the
 * outcome may only depend on whether the timer fired, never on how long
 * the host kept the vCPU away (issue 10 item 14: pm_suspend() returned
 * -ETIMEDOUT on a loaded host although the timer had fired).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "board/common/wake.h"

#define NEVER UINT64_MAX

static uint64_t now;		/* fake counter, us */
static uint64_t expiry;		/* the timer's compare value */
static bool dead;		/* arming does nothing */
static unsigned int step;	/* source operations so far */
static unsigned int preempt_step;	/* descheduled right after this one (0: never) */
static uint64_t preempt_us;
static unsigned int idles;

static void after_step(void)
{
	if (++step == preempt_step)
		now += preempt_us;	/* the host takes the vCPU away here */
}

static void fake_arm(uint32_t us)
{
	if (!dead)
		expiry = now + us;
	after_step();
}

static bool fake_fired(void)
{
	bool f = now >= expiry;

	after_step();
	return f;
}

static uint64_t fake_now(void)
{
	uint64_t t = now;

	after_step();
	return t;
}

/* WFI: returns at the timer's expiry, at once when it is pending, else on anything. */
static void fake_idle(void)
{
	idles++;
	if (expiry != NEVER && now < expiry)
		now = expiry;
	else if (expiry == NEVER)
		now += 100;
	after_step();
}

static const struct wake_source src = { fake_arm, fake_fired, fake_now, fake_idle };

static void reset(unsigned int at, uint64_t us)
{
	now = 1000;
	expiry = NEVER;
	dead = false;
	step = 0;
	preempt_step = at;
	preempt_us = us;
	idles = 0;
}

static void fires_normally(void **state)
{
	(void)state;
	reset(0, 0);
	assert_int_equal(wake_wait(&src, 1000), 0);
	assert_int_equal(now, 2000);
	assert_int_equal(idles, 1);
}

/*
 * Away for 1.5 ms, 5 ms or 1 s after each step of the wait in turn (the
 * slack is 1 ms): the timer fired every time, so the sleep worked.
 */
static void descheduled_anywhere(void **state)
{
	static const uint64_t away[] = { 1500, 5000, 1000000 };
	unsigned int k, a;

	(void)state;
	for (k = 1; k <= 8; k++) {
		for (a = 0; a < 3; a++) {
			reset(k, away[a]);
			if (wake_wait(&src, 1000)) {
				fprintf(stderr, "descheduled %llu us after step %u: not fired\n",
					(unsigned long long)away[a], k);
				fail();
			}
			assert_true(idles >= 1);
		}
	}
}

/* A timer that never fires: -ETIMEDOUT once the slack passed, in bounded steps. */
static void dead_timer(void **state)
{
	(void)state;
	reset(0, 0);
	dead = true;
	assert_int_equal(wake_wait(&src, 1000), -ETIMEDOUT);
	assert_true(now >= 1000 + 1000 + WAKE_DEAD_TIMER_SLACK_US);
	assert_true(idles <= (1000 + WAKE_DEAD_TIMER_SLACK_US) / 100 + 1);
}

/* ... also when the vCPU is away anywhere in the wait. */
static void dead_timer_descheduled(void **state)
{
	unsigned int k;

	(void)state;
	for (k = 1; k <= 8; k++) {
		reset(k, 5000);
		dead = true;
		assert_int_equal(wake_wait(&src, 1000), -ETIMEDOUT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fires_normally),
		cmocka_unit_test(descheduled_anywhere),
		cmocka_unit_test(dead_timer),
		cmocka_unit_test(dead_timer_descheduled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
