// SPDX-License-Identifier: MIT
/* vmio's formatter against the host C library's, conversion by conversion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "vmio/log.h"

#define CHECK(...) do { \
	char want[128], got[128]; \
	int nw = snprintf(want, sizeof(want), __VA_ARGS__); \
	int ng = vmio_snprintf(got, sizeof(got), __VA_ARGS__); \
	assert_string_equal(got, want); \
	assert_int_equal(ng, nw); \
	} while (0)

static void integers(void **state)
{
	(void)state;
	CHECK("%d %i %u", 0, -1, 4000000000u);
	CHECK("%d", -2147483647 - 1);
	CHECK("%ld %lu", -123456789L, 123456789UL);
	CHECK("%lld %llu", -9223372036854775807LL - 1, 18446744073709551615ULL);
	CHECK("%x %X %o", 0xdeadbeefu, 0xcafeu, 0755u);
	CHECK("%llx", 0x123456789abcdefULL);
	CHECK("%hhu %hu %hd", 300, 70000, -2);
	CHECK("%zu", (size_t)12345);
}

static void widths_and_flags(void **state)
{
	(void)state;
	CHECK("[%8d] [%-8d] [%08d] [%08x]", 42, 42, 42, 0xabu);
	CHECK("[%08d]", -42);
	CHECK("[%5s] [%-5s] [%2s]", "ab", "ab", "abcdef");
	CHECK("[%c] [%3c] [%-3c]", 'x', 'y', 'z');
	CHECK("100%% [%-4u]", 7u);
}

static void strings_and_pointers(void **state)
{
	char buf[32];

	(void)state;
	CHECK("%s|%s", "", "hello");
	vmio_snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	assert_string_equal(buf, "0x1234");
	const char *volatile none = NULL;	/* hidden from -Wformat-overflow */

	vmio_snprintf(buf, sizeof(buf), "%s", none);
	assert_string_equal(buf, "(null)");
}

static void truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vmio_snprintf(buf, 5, "%s", "abcdefgh"), 8);
	assert_string_equal(buf, "abcd");
	assert_int_equal(buf[5], 'x');	/* nothing written past size */
	assert_int_equal(vmio_snprintf(buf, 0, "%d", 12345), 5);
	assert_int_equal(buf[0], 'a');
}

static void log_counts_errors(void **state)
{
	unsigned int before = vmio_log_errors();

	(void)state;
	pr_info("not an error %d", 1);
	assert_int_equal(vmio_log_errors(), before);
	pr_err("an error %d", 2);
	assert_int_equal(vmio_log_errors(), before + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(widths_and_flags),
		cmocka_unit_test(strings_and_pointers),
		cmocka_unit_test(truncation),
		cmocka_unit_test(log_counts_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
