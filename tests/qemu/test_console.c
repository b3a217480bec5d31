// SPDX-License-Identifier: MIT
/*
 * virtio-console port 0 on QEMU's virtconsole with a file chardev: what
 * the firmware writes must land in the output file (checked on the host
 * by --post), and the input the runner's host peer sends (in= bytes of
 * "line NNN" records, see suite.sh; in=0: none) must be read back exactly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "drivers/console/virtio_console.h"
#include "tests/qemu/harness/qtest.h"
#include "virtio/virtio.h"
#include "vmio/log.h"
#include "vmio/print.h"

static char in[1024], msg[300];

static int console_probe_found(void)
{
	QT_ASSERT(!virtio_console_present());
	QT_ASSERT_EQ(virtio_console_register(), 0);
	QT_ASSERT_GE(virtio_probe_all(), 1);
	QT_ASSERT(virtio_console_present());
	return 0;
}

static int write_short_line(void)
{
	static const char s[] = "hello from vmio over virtio-console\n";

	QT_ASSERT_EQ(virtio_console_write(s, sizeof(s) - 1, 1000000), (int)sizeof(s) - 1);
	return 0;
}

/* Longer than the transmit buffer: goes out in several chunks. */
static int write_long_line(void)
{
	int i, n = 0;

	for (i = 0; i < 60; i++)
		n += vmio_snprintf(msg + n, sizeof(msg) - (size_t)n, "%c%d",
				   i ? ' ' : '[', i);
	n += vmio_snprintf(msg + n, sizeof(msg) - (size_t)n, "] end\n");
	QT_ASSERT_LT(VIRTIO_CONSOLE_TX_SIZE, n);
	QT_ASSERT_EQ(virtio_console_write(msg, (size_t)n, 1000000), n);
	return 0;
}

static int read_input_file(void)
{
	const char *a = qtest_arg("in");
	size_t want, got = 0;
	unsigned int i;
	int n;

	QT_ASSERT(a);
	want = strtoul(a, NULL, 0);
	QT_ASSERT_LE(want, sizeof(in) - 1);
	while (got < want) {
		n = virtio_console_read(in + got, want - got, 2000000);
		QT_ASSERT_GE(n, 1);
		got += (size_t)n;
	}
	QT_ASSERT_EQ(got, want);
	for (i = 0; i < want / 9; i++) {
		char rec[10];

		vmio_snprintf(rec, sizeof(rec), "line %03u\n", i);
		QT_ASSERT(!memcmp(in + 9 * i, rec, 9));
	}
	/* nothing more arrives: a bounded wait returns 0 */
	QT_ASSERT_EQ(virtio_console_read(in, sizeof(in), 10000), 0);
	QT_ASSERT_EQ(virtio_console_read(in, sizeof(in), 0), 0);
	return 0;
}

static int echo_what_was_read(void)
{
	int n = vmio_snprintf(msg, sizeof(msg), "read back: %s\n", "nothing");

	if (in[0]) {
		memcpy(msg + 11, in, 9);	/* "line 000\n" */
		n = 20;
	}
	QT_ASSERT_EQ(virtio_console_write(msg, (size_t)n, 1000000), n);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(console_probe_found),
	QTEST(write_short_line),
	QTEST(write_long_line),
	QTEST(read_input_file),
	QTEST(echo_what_was_read),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
