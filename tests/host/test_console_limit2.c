// SPDX-License-Identifier: MIT
/*
 * VIRTIO_CONSOLE_MAX_DEVICES is a build option: this image builds the
 * virtio-console driver with the limit at 2 (its own source, so the host
 * library's default-limit copy is not linked). Two consoles bind, each
 * with its own queues and buffers.
 */
#define VIRTIO_CONSOLE_MAX_DEVICES 2
#include "drivers/console/virtio_console.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/sim/sim.h"
#include "tests/sim/sim_console.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_util.h"

static void test_two_consoles_at_limit_2(void **state)
{
	unsigned int errs = vmio_log_errors();
	struct sim_dev *a, *b;
	char buf[16];

	(void)state;
	a = sim_add(28, 2, &sim_console_backend);
	b = sim_add(29, 1, &sim_console_backend);
	assert_int_equal(virtio_console_register(), 0);
	assert_int_equal(virtio_probe_all(), 2);
	assert_int_equal(vmio_log_errors(), errs);
	assert_int_equal(virtio_console_count(), 2);

	sim_console_input(b, "to-b", 4);
	sim_console_input(a, "to-a!", 5);
	assert_int_equal(virtio_console_read_dev(1, buf, sizeof(buf), 1000), 4);
	assert_memory_equal(buf, "to-b", 4);
	assert_int_equal(virtio_console_read(buf, sizeof(buf), 1000), 5);
	assert_memory_equal(buf, "to-a!", 5);
	assert_int_equal(virtio_console_write_dev(1, "B", 1, 1000), 1);
	assert_int_equal(virtio_console_write_dev(0, "AA", 2, 1000), 2);
	assert_int_equal(sim_console(a)->out_len, 2);
	assert_memory_equal(sim_console(a)->out, "AA", 2);
	assert_int_equal(sim_console(b)->out_len, 1);
	assert_memory_equal(sim_console(b)->out, "B", 1);
	assert_int_equal(virtio_console_write_dev(2, "C", 1, 1000), -ENODEV);

	assert_int_equal(sim_violations(), 0);
	vt_reset();
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_consoles_at_limit_2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
