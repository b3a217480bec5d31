/* SPDX-License-Identifier: MIT */
#ifndef VMIO_CLK_H
#define VMIO_CLK_H

/*
 * Clock consumer API, served by the virtio-clock driver
 * (drivers/clock/virtio_clock.h).
 *
 * A clock is looked up by the name the board gives it (DTB child node or
 * board table, see board_virtio_supplies()); clk_get() returns a handle
 * shared by every consumer of that clock, valid until its device is
 * removed. Enables are reference counted per clock: only the 0 -> 1 and
 * 1 -> 0 transitions reach the device. Every call is one synchronous
 * round trip at most (see reqchan.h for the request forms, the
 * IRQ/polled completion and the timeout); the driver records the state
 * each successful call leaves (enable count, rate, parent, flags, reset)
 * so that it can replay it to a device that lost power.
 *
 * Context of every call: thread or IRQs masked (completion is then
 * polled); never from an IRQ handler (one request in flight per device:
 * a second caller gets -EBUSY). A NULL handle is -EINVAL (logged).
 * Between the driver's PM freeze and the replay of its state every call
 * that would send a request is -EAGAIN. Request errors are listed in
 * drivers/reqchan/reqchan.h (device results map to errnos; short or
 * malformed replies are -EIO; -ETIMEDOUT after VIRTIO_CLKREG_TIMEOUT_US).
 */
#include <stdbool.h>
#include <stdint.h>

struct clk;

/*
 * The clock named name on any bound virtio-clock device, or NULL (one
 * line logged) when there is none. No request is sent.
 */
struct clk *clk_get(const char *name);

/* The name clk was registered under. */
const char *clk_name(const struct clk *clk);

/*
 * Take a reference; the first one sends ENABLE. Waits for one reply at
 * most. Errors: those of the request (then the count is unchanged).
 */
int clk_enable(struct clk *clk);

/*
 * Drop a reference; the last one sends DISABLE (on failure the
 * reference is kept, the clock being still on). Errors: -EINVAL (logged,
 * nothing sent) without a reference to drop; those of the request.
 */
int clk_disable(struct clk *clk);

/* References held (what the driver believes; no request). */
unsigned int clk_enable_count(const struct clk *clk);

/*
 * Set the rate to hz (SET_RATE, data[0] = hz); the device may round it.
 * Errors: -EINVAL for 0 Hz (logged, nothing sent); those of the request.
 */
int clk_set_rate(struct clk *clk, uint32_t hz);

/* Ask the device for the current rate (GET_RATE) into *hz. Errors: those of the request. */
int clk_get_rate(struct clk *clk, uint32_t *hz);

/*
 * Ask the device which rate clk_set_rate(hz) would give (ROUND_RATE)
 * into *rounded; changes nothing. Errors: -EINVAL for 0 Hz; the request's.
 */
int clk_round_rate(struct clk *clk, uint32_t hz, uint32_t *rounded);

/*
 * Switch clk to parent (SET_PARENT, data[0] = the parent's clock index),
 * which must be another clock of the same device. Errors: -EINVAL
 * (logged, nothing sent) otherwise; those of the request.
 */
int clk_set_parent(struct clk *clk, struct clk *parent);

/* The parent last set through clk_set_parent(), or NULL. No request. */
struct clk *clk_get_parent(const struct clk *clk);

/* Set the device-defined flags word of clk (SET_FLAGS, data[0]). */
int clk_set_flags(struct clk *clk, uint32_t flags);

/*
 * Assert (true) or deassert the reset line of clk (RESET, data[0] 1/0;
 * the line has the clock's index). Errors, logged and nothing sent:
 * -EOPNOTSUPP when the RESET feature was not negotiated or the index is
 * not below the device's num_resets; then those of the request.
 */
int clk_reset(struct clk *clk, bool assert);

#endif
