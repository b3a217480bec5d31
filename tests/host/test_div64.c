// SPDX-License-Identifier: MIT
/*
 * vmio_div64() (lib/div64.c), the firmware's libgcc-free 64-by-32
 * division behind printf's %llu and the timer's tick conversions, against
 * the C operators: edge values of both operands and a pseudo-random sweep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vmio/div64.h"

static void check(uint64_t n, uint32_t d)
{
	uint32_t r = 0xdeadbeef;

	assert_int_equal(vmio_div64(n, d, &r), n / d);
	assert_int_equal(r, n % d);
	assert_int_equal(vmio_div64(n, d, NULL), n / d);
}

static void test_edges(void **state)
{
	static const uint64_t ns[] = {
		0, 1, 9, 10, 0xffffffffu, 0x100000000ull, 0x100000001ull,
		0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX,
		1000000ull * 62500000ull, 18446744073709551615ull / 3,
	};
	static const uint32_t ds[] = {
		1, 2, 3, 8, 10, 16, 999999, 1000000, 62500000, 0x7fffffffu,
		0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu,
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		for (j = 0; j < sizeof(ds) / sizeof(ds[0]); j++)
			check(ns[i], ds[j]);
}

static void test_sweep(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		uint32_t d;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		d = (uint32_t)(x >> (i % 32)) | 1;
		check(x >> (i % 64), d);
		check(x, d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
