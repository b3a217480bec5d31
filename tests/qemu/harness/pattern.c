// SPDX-License-Identifier: MIT
#include "tests/qemu/harness/pattern.h"

void qtest_pattern_sector(uint32_t seed, uint64_t s, uint8_t *out)
{
	uint32_t x = seed ^ (uint32_t)(s * 0x9E3779B9u);
	unsigned int i;

	if (!x)
		x = 1;
	for (i = 0; i < 128; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		out[4 * i] = (uint8_t)x;
		out[4 * i + 1] = (uint8_t)(x >> 8);
		out[4 * i + 2] = (uint8_t)(x >> 16);
		out[4 * i + 3] = (uint8_t)(x >> 24);
	}
}

void qtest_pattern_fill(uint32_t seed, uint64_t first, uint8_t *out, size_t len)
{
	for (; len >= 512; len -= 512, out += 512)
		qtest_pattern_sector(seed, first++, out);
}

int qtest_not_constant(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (p[i] != p[0])
			return 1;
	return 0;
}
