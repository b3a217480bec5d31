/* SPDX-License-Identifier: MIT */
#ifndef VMIO_REGULATOR_H
#define VMIO_REGULATOR_H

/*
 * Regulator consumer API, served by the virtio-regulator driver
 * (drivers/regulator/virtio_regulator.h).
 *
 * A regulator is looked up by its board name (regulator-name of a DTB
 * child node, or a board table entry); regulator_get() returns a handle
 * shared by every consumer, valid until the device is removed. Enables
 * are reference counted: only the transitions of the output reach the
 * device. Board constraints are enforced here, before anything is sent:
 * voltages outside [regulator-min-microvolt, regulator-max-microvolt]
 * and current limits outside [regulator-min-microamp, -max-microamp]
 * are never requested (a requested range is clipped to the constraint
 * when they overlap, -EINVAL when they do not); a regulator-always-on
 * regulator is enabled at probe and holds a reference of its own that
 * no consumer can drop; regulator-boot-on ones are enabled at probe and
 * go off when the last consumer that enabled them disables them.
 *
 * The wire carries millivolts: a voltage range becomes data[0] = min
 * rounded up to mV, data[1] = max rounded down; a range with no whole
 * millivolt in it is -EINVAL. Currents (limits, load) are in uA.
 *
 * Every call sends at most one request and waits for its reply (see
 * reqchan.h: request forms, IRQ or polled completion, timeout);
 * the driver records what the device accepted (enables, voltage range,
 * mode, load, current limit) to replay it after a power loss.
 *
 * Context of every call: thread or IRQs masked (completion is polled);
 * not from an IRQ handler (-EBUSY when a call is in flight). A NULL
 * handle is -EINVAL (logged). Errors are logged with one line. Between
 * the driver's PM freeze and the replay of its state every call that
 * would send a request is -EAGAIN. Request errors are listed in
 * drivers/reqchan/reqchan.h.
 */
#include <stdbool.h>
#include <stdint.h>

/* Operating modes (one bit each, as in Linux's consumer API). */
#define REGULATOR_MODE_FAST	0x1u
#define REGULATOR_MODE_NORMAL	0x2u
#define REGULATOR_MODE_IDLE	0x4u
#define REGULATOR_MODE_STANDBY	0x8u

struct regulator;

/* The regulator named name on any bound device, or NULL (one line logged). No request. */
struct regulator *regulator_get(const char *name);

/* The name regulator was registered under. */
const char *regulator_name(const struct regulator *reg);

/*
 * Take a reference; ENABLE is sent when the output is off. Errors: those
 * of the request (the count is unchanged).
 */
int regulator_enable(struct regulator *reg);

/*
 * Drop a reference; the last one sends DISABLE (on failure the reference
 * is kept). Errors: -EINVAL (logged, nothing sent) when there is no
 * consumer reference to drop (always-on regulators keep their own).
 */
int regulator_disable(struct regulator *reg);

/* 1 when the driver believes the output is on, 0 when off, -EINVAL for NULL. No request. */
int regulator_is_enabled(const struct regulator *reg);

/* References held, the always-on reference included. No request. */
unsigned int regulator_use_count(const struct regulator *reg);

/*
 * Ask for an output voltage in [min_uV, max_uV] (SET_VOLTAGE). Errors,
 * logged and nothing sent: -EINVAL for a negative or inverted range, one
 * outside the constraints, or one without a whole millivolt. Then those
 * of the request.
 */
int regulator_set_voltage(struct regulator *reg, int min_uV, int max_uV);

/* The device's output voltage in uV (GET_VOLTAGE), or a negative errno. */
int regulator_get_voltage(struct regulator *reg);

/*
 * Set the operating mode (SET_MODE): one REGULATOR_MODE_* bit. Errors:
 * -EINVAL (logged, nothing sent) for anything else; those of the request.
 */
int regulator_set_mode(struct regulator *reg, unsigned int mode);

/* The device's operating mode (GET_MODE), or a negative errno. */
int regulator_get_mode(struct regulator *reg);

/* Announce the consumer load in uA (SET_LOAD). -EINVAL for a negative load. */
int regulator_set_load(struct regulator *reg, int load_uA);

/*
 * Set the current limit to [min_uA, max_uA] (SET_CURRENT_LIMIT,
 * data[0] = min, data[1] = max). Errors, logged and nothing sent:
 * -EINVAL for a negative or inverted range or one outside the
 * constraints. Then those of the request.
 */
int regulator_set_current_limit(struct regulator *reg, int min_uA, int max_uA);

/* The device's current limit in uA (GET_CURRENT_LIMIT), or a negative errno. */
int regulator_get_current_limit(struct regulator *reg);

#endif
