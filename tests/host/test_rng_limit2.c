// SPDX-License-Identifier: MIT
/*
 * VIRTIO_RNG_MAX_DEVICES is a build option: this image builds the
 * virtio-rng driver with the limit at 2 (the driver's own source, so the
 * host library's default-limit copy is not linked). Two devices bind and
 * are read independently; a third is refused with one line and FAILED.
 */
#define VIRTIO_RNG_MAX_DEVICES 2
#include "drivers/rng/virtio_rng.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "tests/sim/sim.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_util.h"

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(sim_violations(), 0);
	vt_reset();
	return 0;
}

/* The simulated device counts bytes from 0 after each reset. */
static void assert_sequence(const uint8_t *p, size_t len, uint8_t first)
{
	size_t i;

	for (i = 0; i < len; i++)
		assert_int_equal(p[i], (uint8_t)(first + i));
}

static void test_two_devices_at_limit_2(void **state)
{
	unsigned int errs = vmio_log_errors();
	uint8_t a[8], b[16];

	(void)state;
	sim_add(28, 2, &sim_rng_backend);
	sim_add(29, 1, &sim_rng_backend);
	assert_int_equal(virtio_rng_register(), 0);
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(vmio_log_errors(), errs);
	assert_int_equal(virtio_rng_count(), 2);
	assert_int_equal(virtio_rng_read_dev(0, a, sizeof(a), 100000), sizeof(a));
	assert_int_equal(virtio_rng_read_dev(1, b, sizeof(b), 100000), sizeof(b));
	assert_sequence(a, sizeof(a), 0);
	assert_sequence(b, sizeof(b), 0);	/* its own stream, not a's continued */
	/* each device was driven through its own queue */
	assert_true(vt_log_count(0) > 0);
	assert_true(vt_log_count(1) > 0);
	assert_int_equal(virtio_rng_read(a, sizeof(a), 100000), sizeof(a));
	/* device 0 goes on: its first read took a whole VIRTIO_RNG_BUF_SIZE buffer */
	assert_sequence(a, sizeof(a), VIRTIO_RNG_BUF_SIZE);
	assert_int_equal(virtio_rng_read_dev(2, a, sizeof(a), 100000), -ENODEV);
}

/* The first error line logged since the test started. */
static char refusal[VMIO_LOG_LINE_MAX];

static void refusal_sink(enum vmio_log_level level, const char *line)
{
	if (level == VMIO_LOG_ERR && !refusal[0])
		snprintf(refusal, sizeof(refusal), "%s", line);
}

static void test_third_device_refused_at_limit_2(void **state)
{
	unsigned int errs = vmio_log_errors();
	uint8_t buf[8];

	(void)state;
	refusal[0] = 0;
	vmio_log_set_sink(refusal_sink);
	sim_add(28, 2, &sim_rng_backend);
	sim_add(29, 2, &sim_rng_backend);
	sim_add(30, 2, &sim_rng_backend);
	assert_int_equal(virtio_rng_register(), 0);
	assert_int_equal(virtio_probe_all(), 3);
	/* the driver's line, then the core's "probe failed (-28)" */
	assert_int_equal(vmio_log_errors() - errs, 2);
	assert_string_equal(refusal, "virtio2: rng: too many devices, VIRTIO_RNG_MAX_DEVICES is 2");
	assert_true(virtio_get_device(2)->failed);
	assert_int_equal(virtio_rng_count(), 2);
	assert_int_equal(virtio_rng_read_dev(1, buf, sizeof(buf), 100000), sizeof(buf));
	assert_sequence(buf, sizeof(buf), 0);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_two_devices_at_limit_2, teardown),
		cmocka_unit_test_teardown(test_third_device_refused_at_limit_2, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
