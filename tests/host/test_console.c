// SPDX-License-Identifier: MIT
/*
 * virtio-console driver against the register-level simulator: both
 * directions, the read deadline checked on every pass, a device that
 * hands every receive buffer back empty, recovery from
 * DEVICE_NEEDS_RESET (unread input kept, receive buffers posted again,
 * a transmit in flight failed), and a MULTIPORT offer with a huge port
 * count. Time is the host stub's fake clock.
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
#include "virtio/virtio.h"
#include "drivers/console/virtio_console.h"
#include "tests/sim/sim.h"
#include "tests/sim/sim_console.h"
#include "tests/host/support/host_board.h"
#include "tests/host/support/vt_util.h"

#define F_MULTIPORT (1ull << 1)

static struct sim_backend tc;
static struct {
	bool tx_needs_reset;	/* once: the next transmit gets DEVICE_NEEDS_RESET */
	unsigned int calls;
} tcs;

static int tc_handle(struct sim_dev *d, unsigned int q, struct sim_req *r)
{
	struct sim_console_state *st = sim_console(d);

	/* A bound for the test itself: a driver that loops for ever fails, not hangs. */
	if (++tcs.calls > 200000)
		st->empty_rx = false;
	if (q == 1 && tcs.tx_needs_reset) {
		tcs.tx_needs_reset = false;
		sim_set_needs_reset(d);
		return SIM_HOLD;
	}
	return sim_console_backend.handle(d, q, r);
}

static struct sim_dev *con_add(unsigned int version, uint64_t feat_set)
{
	tc = sim_console_backend;
	tc.handle = tc_handle;
	tc.features |= feat_set;
	memset(&tcs, 0, sizeof(tcs));
	return sim_add(29, version, &tc);
}

static void con_probe_one(void)
{
	assert_int_equal(virtio_console_register(), 0);
	assert_int_equal(virtio_probe_all(), 1);
	assert_true(virtio_console_present());
}

static struct sim_dev *con_setup(unsigned int version)
{
	struct sim_dev *d = con_add(version, 0);

	con_probe_one();
	return d;
}

/* Input travels in and output out, intact. */
static void assert_console_works(struct sim_dev *d, const char *in)
{
	struct sim_console_state *st = sim_console(d);
	uint32_t out0 = st->out_len;
	char buf[64];
	size_t n = strlen(in);

	memset(buf, 0, sizeof(buf));
	sim_console_input(d, in, (uint32_t)n);
	assert_int_equal(virtio_console_read(buf, sizeof(buf), 1000), n);
	assert_memory_equal(buf, in, n);
	assert_int_equal(virtio_console_write("out!", 4, 1000), 4);
	assert_int_equal(st->out_len, out0 + 4);
	assert_memory_equal(st->out + out0, "out!", 4);
}

static void test_read_and_write(void **state)
{
	char buf[8];
	struct sim_dev *d = con_setup(2);

	(void)state;
	assert_int_equal(virtio_console_read(buf, sizeof(buf), 0), 0);
	assert_console_works(d, "hello");
	/* Nothing arrives: the read ends at its deadline with 0. */
	assert_int_equal(virtio_console_read(buf, sizeof(buf), 5000), 0);
	assert_true(host_time_now() < 10000);
}

static void test_empty_receive_buffers_bounded(void **state)
{
	char buf[16];
	unsigned int errs;
	struct sim_dev *d = con_setup(2);
	struct sim_console_state *st = sim_console(d);

	(void)state;
	/* Every posted receive buffer comes back at once, with 0 bytes. */
	st->empty_rx = true;
	sim_process(d, 0);
	errs = vmio_log_errors();
	assert_int_equal(virtio_console_read(buf, sizeof(buf), 1000), -EIO);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_non_null(strstr(host_log_last(), "empty"));
	/* A fault after a bounded number of buffers, not a livelock. */
	assert_true(st->rx_used <= VIRTIO_CONSOLE_MAX_EMPTY + VIRTIO_CONSOLE_RX_BUFS);
	assert_true(host_time_now() < 1000);
	/* The device behaves again: the buffers are posted, input arrives. */
	st->empty_rx = false;
	assert_console_works(d, "back");
}

static void test_needs_reset_keeps_unread_input(void **state)
{
	char buf[16];
	unsigned int v, resets;

	(void)state;
	for (v = 1; v <= 2; v++) {
		struct sim_dev *d = con_setup(v);

		/* Two buffers filled, not read yet. */
		sim_console(d)->rx_chunk = 3;
		sim_console_input(d, "abcdef", 6);
		sim_console(d)->rx_chunk = 0;
		resets = d->resets;
		sim_set_needs_reset(d);
		assert_true(virtio_get_device(0)->needs_reset);
		memset(buf, 0, sizeof(buf));
		assert_int_equal(virtio_console_read(buf, sizeof(buf), 1000), 6);
		assert_string_equal(buf, "abcdef");
		assert_true(d->resets > resets);
		assert_false(virtio_get_device(0)->needs_reset);
		assert_false(virtio_get_device(0)->failed);
		assert_int_equal(d->status & 0x4f, 0x07 | (v == 2 ? 0x08 : 0));
		/* All four receive buffers are posted again. */
		sim_console(d)->rx_chunk = 2;
		sim_console_input(d, "12345678", 8);
		memset(buf, 0, sizeof(buf));
		assert_int_equal(virtio_console_read(buf, sizeof(buf), 1000), 8);
		assert_string_equal(buf, "12345678");
		sim_console(d)->rx_chunk = 0;
		assert_console_works(d, "again");
		vt_reset();
	}
}

static void check_tx_needs_reset(bool masked)
{
	unsigned long flags = 0;
	struct sim_dev *d = con_setup(2);
	unsigned int resets = d->resets;
	int ret;

	tcs.tx_needs_reset = true;
	if (masked)
		flags = board_irq_save();
	ret = virtio_console_write("lost", 4, 1000000);
	if (masked)
		board_irq_restore(flags);
	/* The chunk in flight is lost: -EIO at once, not at the deadline. */
	assert_int_equal(ret, -EIO);
	assert_true(host_time_now() < 100000);
	assert_non_null(strstr(host_log_last(), "recovered"));
	assert_true(d->resets > resets);
	assert_false(virtio_get_device(0)->needs_reset);
	assert_console_works(d, "fine");
	vt_reset();
}

static void test_needs_reset_during_write(void **state)
{
	(void)state;
	check_tx_needs_reset(false);
	check_tx_needs_reset(true);
}

static void test_stale_tx_dropped_by_recovery(void **state)
{
	struct sim_dev *d = con_setup(2);
	struct sim_console_state *st = sim_console(d);

	(void)state;
	st->hold_tx = true;
	assert_int_equal(virtio_console_write("stuck", 5, 1000), -ETIMEDOUT);
	st->hold_tx = false;
	sim_set_needs_reset(d);
	/* The earlier call already failed; this one finds the device back. */
	assert_int_equal(virtio_console_write("next", 4, 1000), 4);
	assert_int_equal(st->out_len, 4);
	assert_memory_equal(st->out, "next", 4);
}

static void test_huge_port_count_ignored(void **state)
{
	struct sim_dev *d = con_add(2, F_MULTIPORT);

	(void)state;
	d->config[4] = d->config[5] = d->config[6] = d->config[7] = 0xff;
	con_probe_one();
	/* MULTIPORT is not negotiated: port 0 on queues 0 and 1, nothing else. */
	assert_false(virtio_has_feature(virtio_get_device(0), 1));
	assert_int_equal(virtio_get_device(0)->nvqs, 2);
	assert_console_works(d, "port0");
}

/* The first error line logged since the test started. */
static char refusal[VMIO_LOG_LINE_MAX];

static void refusal_sink(enum vmio_log_level level, const char *line)
{
	if (level == VMIO_LOG_ERR && !refusal[0])
		snprintf(refusal, sizeof(refusal), "%s", line);
}

/*
 * At the default VIRTIO_CONSOLE_MAX_DEVICES (1) a second device is
 * refused at probe with one line naming the limit, left FAILED; the
 * first one works.
 */
static void test_second_device_refused_at_limit_1(void **state)
{
	unsigned int errs = vmio_log_errors();
	struct sim_dev *first;

	(void)state;
	refusal[0] = 0;
	vmio_log_set_sink(refusal_sink);
	first = sim_add(28, 2, &sim_console_backend);	/* discovered first: virtio0 */
	con_add(2, 0);					/* virtio1 */
	assert_int_equal(virtio_console_register(), 0);
	assert_int_equal(virtio_probe_all(), 2);
	/* the driver's line, then the core's "probe failed (-28)" */
	assert_int_equal(vmio_log_errors() - errs, 2);
	assert_string_equal(refusal,
			    "virtio1: console: too many devices, VIRTIO_CONSOLE_MAX_DEVICES is 1");
	assert_true(virtio_get_device(1)->failed);
	assert_int_equal(virtio_console_count(), 1);
	vmio_log_set_sink(NULL);
	assert_console_works(first, "first");
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_read_and_write, vt_teardown),
		cmocka_unit_test_teardown(test_second_device_refused_at_limit_1, vt_teardown),
		cmocka_unit_test_teardown(test_empty_receive_buffers_bounded, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_keeps_unread_input, vt_teardown),
		cmocka_unit_test_teardown(test_needs_reset_during_write, vt_teardown),
		cmocka_unit_test_teardown(test_stale_tx_dropped_by_recovery, vt_teardown),
		cmocka_unit_test_teardown(test_huge_port_count_ignored, vt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
