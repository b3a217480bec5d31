// SPDX-License-Identifier: MIT
/*
 * virtio-rng driver against the register-level simulator: reads, the
 * deadline checked on every pass, a device that hands back empty buffers
 * for ever, and recovery from DEVICE_NEEDS_RESET with IRQs on and masked.
 * Time is the host stub's fake clock: nothing here depends on the host.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "board/board.h"
#include "vmio/log.h"
#include "virtio/pm.h"
#include "virtio/virtio.h"
#include "drivers/rng/virtio_rng.h"
#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_util.h"

enum tr_mode {
	TR_OK,			/* sim_rng_backend fills the buffer */
	TR_EMPTY,		/* every buffer back with 0 bytes */
	TR_SLOW,		/* one byte per request, 10 ms each */
	TR_HOLD,		/* never answered */
	TR_NEEDS_RESET,		/* once: DEVICE_NEEDS_RESET instead of an answer, then TR_OK */
};

static struct sim_backend tr;
static struct {
	enum tr_mode mode;
	unsigned int reqs;
} trs;

static int tr_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	trs.reqs++;
	/* A bound for the test itself: a driver that loops for ever fails, not hangs. */
	if (trs.reqs > 200000)
		return SIM_HOLD;
	switch (trs.mode) {
	case TR_EMPTY:
		return 0;
	case TR_SLOW:
		host_time_advance(10000);
		r->in[0].len = 1;
		r->in_len = 1;
		return sim_rng_backend.handle(d, q, r);
	case TR_HOLD:
		return SIM_HOLD;
	case TR_NEEDS_RESET:
		trs.mode = TR_OK;
		sim_set_needs_reset(d);
		return SIM_HOLD;
	default:
		return sim_rng_backend.handle(d, q, r);
	}
}

static struct sim_dev *rng_setup(unsigned int version)
{
	struct sim_dev *d;

	tr = sim_rng_backend;
	tr.handle = tr_handle;
	memset(&trs, 0, sizeof(trs));
	d = sim_add(30, version, &tr);
	assert_int_equal(virtio_rng_register(), 0);
	assert_int_equal(virtio_probe_all(), 1);
	assert_true(virtio_rng_present());
	return d;
}

/* The simulated device counts bytes from 0 after each reset. */
static void assert_sequence(const uint8_t *p, size_t len, uint8_t first)
{
	size_t i;

	for (i = 0; i < len; i++)
		assert_int_equal(p[i], (uint8_t)(first + i));
}

static void test_read(void **state)
{
	uint8_t buf[100];

	(void)state;
	rng_setup(2);
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), sizeof(buf));
	/* 64 bytes, then 36 of the next 64 (the rest wiped, not kept). */
	assert_sequence(buf, 64, 0);
	assert_sequence(buf + 64, 36, 64);
	assert_int_equal(trs.reqs, 2);
}

static void test_zero_bytes_forever_is_eio(void **state)
{
	uint8_t buf[16];
	unsigned int errs;
	struct sim_dev *d = rng_setup(2);

	(void)state;
	trs.mode = TR_EMPTY;
	errs = vmio_log_errors();
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);
	/* the read's one line names the cause: the limit of empty buffers */
	assert_non_null(strstr(host_log_last(), "8 empty buffers in a row (-5)"));
	assert_int_equal(VIRTIO_RNG_MAX_EMPTY, 8);
	/* A fault after a few requests, not 50,000 of them in 100 ms. */
	assert_true(trs.reqs <= VIRTIO_RNG_MAX_EMPTY);
	assert_true(d->notifies <= VIRTIO_RNG_MAX_EMPTY);
	assert_true(host_time_now() < 1000);
	/* The device behaves again: so does the driver. */
	trs.mode = TR_OK;
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), sizeof(buf));
}

static void test_deadline_checked_every_pass(void **state)
{
	uint8_t buf[64];

	(void)state;
	rng_setup(2);
	trs.mode = TR_SLOW;
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 50000), -ETIMEDOUT);
	/* 10 ms per byte: the fifth or sixth request is the last one. */
	assert_true(trs.reqs <= 6);
	assert_true(host_time_now() < 70000);
	trs.mode = TR_HOLD;
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 5000), -ETIMEDOUT);
	assert_true(host_time_now() < 80000);
}

static void check_needs_reset(unsigned int version, bool masked)
{
	uint8_t buf[16];
	unsigned long flags = 0;
	unsigned int resets;
	struct sim_dev *d = rng_setup(version);
	int ret;

	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), sizeof(buf));
	resets = d->resets;
	trs.mode = TR_NEEDS_RESET;
	host_irq_masked_max_clear();
	if (masked)
		flags = board_irq_save();
	ret = virtio_rng_read(buf, sizeof(buf), 1000000);
	if (masked)
		board_irq_restore(flags);
	/* The read in flight fails at once, not when its time is up. */
	assert_int_equal(ret, -EIO);
	assert_true(host_time_now() < 100000);
	assert_non_null(strstr(host_log_last(), "1 requests failed (-5), recovered"));
	if (!masked)
		assert_true(host_irq_masked_max_us() < 1000);
	assert_true(d->resets > resets);
	assert_false(virtio_get_device(0)->needs_reset);
	assert_false(virtio_get_device(0)->failed);
	assert_int_equal(d->status & 0x4f, 0x07 | (version == 2 ? 0x08 : 0));
	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), sizeof(buf));
	assert_sequence(buf, sizeof(buf), 0);
	vt_reset();
}

static void test_needs_reset_during_read(void **state)
{
	(void)state;
	check_needs_reset(1, false);
	check_needs_reset(2, false);
	check_needs_reset(2, true);
}

static void test_needs_reset_while_idle(void **state)
{
	uint8_t buf[8];
	struct sim_dev *d = rng_setup(2);
	unsigned int resets = d->resets;

	(void)state;
	sim_set_needs_reset(d);
	assert_true(virtio_get_device(0)->needs_reset);
	/* Nothing was in flight: the next read recovers and succeeds. */
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), sizeof(buf));
	assert_non_null(strstr(host_log_last(), "0 requests failed (-5), recovered"));
	assert_sequence(buf, sizeof(buf), 0);
	assert_true(d->resets > resets);
	assert_false(virtio_get_device(0)->needs_reset);
}

/*
 * A recovery whose reset never completes: the read fails with -EIO, one
 * driver line names the reset's error and says the device is not back,
 * and the device is left FAILED (later reads fail without waiting).
 */
static void test_needs_reset_recovery_fails(void **state)
{
	uint8_t buf[8];
	struct sim_dev *d = rng_setup(2);

	(void)state;
	sim_set_needs_reset(d);
	d->f.reset_stuck = true;
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), -EIO);
	assert_non_null(strstr(host_log_last(), "rng: device needs reset: 0 requests failed (-5), not recovered (-110)"));
	assert_true(virtio_get_device(0)->failed);
	assert_false(virtio_rng_present());
}

/*
 * A NEEDS_RESET latched just before a suspend is answered by the resume
 * itself (it starts the device from reset): afterwards nothing is
 * latched, and the next read does not reset the device a second time.
 */
static void test_needs_reset_then_suspend(void **state)
{
	uint8_t buf[8];
	struct sim_dev *d = rng_setup(2);
	unsigned int resets, errs;

	(void)state;
	sim_set_needs_reset(d);
	assert_true(virtio_get_device(0)->needs_reset);
	assert_int_equal(pm_suspend(1000), 0);
	assert_false(virtio_get_device(0)->needs_reset);
	resets = d->resets;
	errs = vmio_log_errors();
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), sizeof(buf));
	assert_int_equal(d->resets, resets);
	assert_int_equal(vmio_log_errors(), errs);
}

/* The first error line logged since the test started. */
static char refusal[VMIO_LOG_LINE_MAX];

static void refusal_sink(enum vmio_log_level level, const char *line)
{
	if (level == VMIO_LOG_ERR && !refusal[0])
		snprintf(refusal, sizeof(refusal), "%s", line);
}

/*
 * At the default VIRTIO_RNG_MAX_DEVICES (1) a second device is refused at
 * probe with one line naming the limit, left FAILED, and the first works.
 */
static void test_second_device_refused_at_limit_1(void **state)
{
	unsigned int errs = vmio_log_errors();
	uint8_t buf[8];

	(void)state;
	refusal[0] = 0;
	vmio_log_set_sink(refusal_sink);
	sim_add(29, 2, &sim_rng_backend);
	sim_add(30, 2, &sim_rng_backend);
	assert_int_equal(virtio_rng_register(), 0);
	assert_int_equal(virtio_probe_all(), 2);
	/* the driver's line, then the core's "probe failed (-28)" */
	assert_int_equal(vmio_log_errors() - errs, 2);
	assert_string_equal(refusal, "virtio1: rng: too many devices, VIRTIO_RNG_MAX_DEVICES is 1");
	assert_true(virtio_get_device(1)->failed);
	assert_int_equal(virtio_rng_count(), 1);
	assert_int_equal(virtio_rng_read(buf, sizeof(buf), 100000), sizeof(buf));
	assert_sequence(buf, sizeof(buf), 0);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_second_device_refused_at_limit_1, vt_teardown),
		cmocka_unit_test_teardown(test_read, vt_teardown),
		cmocka_unit_test_teardown(test_zero_bytes_forever_is_eio, vt_teardown),
		cmocka_unit_test_teardown(test_deadline_checked_every_pass, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_during_read, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_while_idle, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_then_suspend, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_recovery_fails, vt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
