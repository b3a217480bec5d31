// SPDX-License-Identifier: MIT
#include <string.h>
#include "startup/semihost.h"
#include "tests/qemu/harness/qtest.h"
#include "vmio/cmdline.h"
#include "vmio/log.h"
#include "vmio/print.h"

static char why[160];
static char cmdline[256];
static int cmdline_read;

void qtest_fail(const char *file, int line, const char *what,
		unsigned long long a, unsigned long long b, int show)
{
	const char *base = strrchr(file, '/');

	base = base ? base + 1 : file;
	if (show)
		vmio_snprintf(why, sizeof(why), "%s:%d: %s (0x%llx vs 0x%llx)",
			      base, line, what, a, b);
	else
		vmio_snprintf(why, sizeof(why), "%s:%d: %s", base, line, what);
}

const char *qtest_cmdline(void)
{
	if (!cmdline_read) {
		cmdline_read = 1;
		if (semihost_get_cmdline(cmdline, sizeof(cmdline)) < 0)
			cmdline[0] = '\0';
	}
	return cmdline;
}

const char *qtest_arg(const char *key)
{
	static char val[64];

	return vmio_cmdline_arg(qtest_cmdline(), key, val, sizeof(val));
}

int qtest_run(const struct qtest_case *cases, unsigned int n)
{
	unsigned int i, passed = 0, failed = 0;

	for (i = 0; i < n; i++) {
		why[0] = '\0';
		if (cases[i].fn() == 0 && !why[0]) {
			passed++;
			vmio_printf("ok %u - %s\n", i + 1, cases[i].name);
		} else {
			failed++;
			vmio_printf("not ok %u - %s: %s\n", i + 1, cases[i].name,
				    why[0] ? why : "returned an error");
		}
	}
	vmio_printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
