// SPDX-License-Identifier: MIT
/*
 * More devices than VIRTIO_MAX_DEVICES (issue 10 item 17): the count is
 * reported as a count, the overflow in one line, and the devices kept
 * are always the same ones, the first VIRTIO_MAX_DEVICES in discovery
 * order (ascending address); the others are only identified, never
 * written.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_util.h"
#include "tests/sim/sim.h"
#include "virtio/virtio.h"
#include "vmio/log.h"

static int setup(void **state)
{
	(void)state;
	vt_reset();
	return 0;
}

/* n rng devices in slots 0..n-1 (discovery order: ascending address). */
static void add_devices(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		sim_add(i, 2, &sim_rng_backend);
}

static unsigned int writes_to(unsigned int dev)
{
	unsigned int i, n = 0;

	for (i = 0; i < sim_log_len(); i++)
		n += sim_log_get(i)->dev == dev && sim_log_get(i)->write;
	return n;
}

static void exactly_the_limit(void **state)
{
	unsigned int errs = vmio_log_errors();

	(void)state;
	add_devices(VIRTIO_MAX_DEVICES);
	assert_int_equal(virtio_probe_all(), VIRTIO_MAX_DEVICES);
	assert_int_equal(virtio_device_count(), VIRTIO_MAX_DEVICES);
	assert_int_equal(vmio_log_errors(), errs);
}

static void two_over_the_limit(void **state)
{
	unsigned int errs = vmio_log_errors(), i;

	(void)state;
	add_devices(VIRTIO_MAX_DEVICES + 2);
	assert_int_equal(virtio_probe_all(), VIRTIO_MAX_DEVICES);
	assert_int_equal(virtio_device_count(), VIRTIO_MAX_DEVICES);
	assert_int_equal(vmio_log_errors() - errs, 1);
	if (!strstr(host_log_last(), "10 devices found, VIRTIO_MAX_DEVICES is 8: "
				     "ignored the last 2 (first at 0x0a001000)")) {
		fprintf(stderr, "log line: %s\n", host_log_last());
		fail();
	}
	for (i = 0; i < VIRTIO_MAX_DEVICES; i++)
		assert_int_equal(virtio_get_device(i)->base, SIM_SLOT_BASE + i * SIM_SLOT_STRIDE);
	assert_null(virtio_get_device(VIRTIO_MAX_DEVICES));
	/* identified (read), never reset or driven */
	assert_true(vt_log_count(VIRTIO_MAX_DEVICES) > 0);
	assert_int_equal(writes_to(VIRTIO_MAX_DEVICES), 0);
	assert_int_equal(writes_to(VIRTIO_MAX_DEVICES + 1), 0);
}

/* Empty slots between them do not count against the limit. */
static void empty_slots_do_not_count(void **state)
{
	unsigned int errs = vmio_log_errors(), i;

	(void)state;
	/* slots 1, 3, 5 empty (DeviceID 0); 8 rngs around them */
	for (i = 0; i < VIRTIO_MAX_DEVICES + 3; i++)
		sim_add(i, 2, (i == 1 || i == 3 || i == 5) ? NULL : &sim_rng_backend);
	assert_int_equal(virtio_probe_all(), VIRTIO_MAX_DEVICES);
	assert_int_equal(vmio_log_errors(), errs);
}

/*
 * The bus asks each window's transport kind for its init: a kind no
 * transport is built for is skipped with one line and never touched.
 */
static void unknown_transport_kind_is_skipped(void **state)
{
	unsigned int errs = vmio_log_errors();

	(void)state;
	add_devices(3);
	host_board_set_transport(1, 7);
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(vmio_log_errors() - errs, 1);
	if (!strstr(host_log_last(), "window 0x0a000200: no transport of kind 7 built in")) {
		fprintf(stderr, "log line: %s\n", host_log_last());
		fail();
	}
	assert_int_equal(vt_log_count(1), 0);
	assert_int_equal(virtio_get_device(0)->base, SIM_SLOT_BASE);
	assert_int_equal(virtio_get_device(1)->base, SIM_SLOT_BASE + 2 * SIM_SLOT_STRIDE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(unknown_transport_kind_is_skipped, setup),
		cmocka_unit_test_setup(exactly_the_limit, setup),
		cmocka_unit_test_setup(two_over_the_limit, setup),
		cmocka_unit_test_setup(empty_slots_do_not_count, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
