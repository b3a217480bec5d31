/* SPDX-License-Identifier: MIT */
#ifndef VMIO_BYTEORDER_H
#define VMIO_BYTEORDER_H

#include <stdint.h>

/*
 * Virtio structures are little-endian on the wire (VERSION_1 and the
 * legacy transport on the little-endian Arm guests we support). All
 * conversions go through these helpers so that a big-endian port only
 * has to change this file.
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint16_t cpu_to_le16(uint16_t v) { return v; }
static inline uint32_t cpu_to_le32(uint32_t v) { return v; }
static inline uint64_t cpu_to_le64(uint64_t v) { return v; }
#else
static inline uint16_t cpu_to_le16(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t cpu_to_le32(uint32_t v) { return __builtin_bswap32(v); }
static inline uint64_t cpu_to_le64(uint64_t v) { return __builtin_bswap64(v); }
#endif
static inline uint16_t le16_to_cpu(uint16_t v) { return cpu_to_le16(v); }
static inline uint32_t le32_to_cpu(uint32_t v) { return cpu_to_le32(v); }
static inline uint64_t le64_to_cpu(uint64_t v) { return cpu_to_le64(v); }

static inline uint32_t be32_to_cpu(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}

static inline uint64_t be64_to_cpu(uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64(v);
#else
	return v;
#endif
}

/* Unaligned loads of big-endian fields, as found in a DTB blob. */
static inline uint32_t get_be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

#endif
