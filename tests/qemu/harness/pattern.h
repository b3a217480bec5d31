/* SPDX-License-Identifier: MIT */
#ifndef VMIO_QTEST_PATTERN_H
#define VMIO_QTEST_PATTERN_H

/*
 * The blk test pattern, guest side of tools/blk-pattern.py: sector s
 * holds 128 little-endian words of xorshift32 (13, 17, 5) seeded with
 * seed ^ (s * 0x9E3779B9), 1 if that is 0. The host regenerates it to
 * check a disk image byte for byte after the run.
 */
#include <stddef.h>
#include <stdint.h>

/* One 512-byte sector of the pattern into out. */
void qtest_pattern_sector(uint32_t seed, uint64_t s, uint8_t *out);

/* len bytes (a multiple of 512) of the pattern from sector first. */
void qtest_pattern_fill(uint32_t seed, uint64_t first, uint8_t *out, size_t len);

/*
 * 1 if the n bytes at p are not all the same (entropy from a device that
 * at least is not stuck), 0 if they are or n < 2.
 */
int qtest_not_constant(const uint8_t *p, size_t n);

#endif
