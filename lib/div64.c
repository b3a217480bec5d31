// SPDX-License-Identifier: MIT
/*
 * 64-by-32-bit division without libgcc (see vmio/div64.h): the high word
 * divides in hardware, then the remainder and the low word are divided
 * one bit at a time, most significant first.
 */
#include "vmio/div64.h"

uint64_t vmio_div64(uint64_t n, uint32_t d, uint32_t *rem)
{
	uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n, r, q = 0;
	unsigned int i;

	if (!hi) {
		if (rem)
			*rem = lo % d;
		return lo / d;
	}
	r = hi % d;
	for (i = 0; i < 32; i++) {
		/* r < d before the shift, so r * 2 + 1 < 2 * d: one subtraction. */
		uint32_t carry = r >> 31;

		r = (r << 1) | (lo >> 31);
		lo <<= 1;
		q <<= 1;
		if (carry || r >= d) {
			r -= d;
			q |= 1;
		}
	}
	if (rem)
		*rem = r;
	return (uint64_t)(hi / d) << 32 | q;
}
