/* SPDX-License-Identifier: MIT */
#ifndef VMIO_COMPILER_H
#define VMIO_COMPILER_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
/* newlib's <sys/cdefs.h> may already define these, with the same meaning. */
#ifndef __aligned
#define __aligned(n) __attribute__((aligned(n)))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __unused
#define __unused __attribute__((unused))
#endif
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __noreturn __attribute__((noreturn))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define BIT(n) (1u << (n))
#define BIT_ULL(n) (1ull << (n))

/* Compiler-only barrier: stops reordering by gcc, emits nothing. */
#define barrier() __asm__ __volatile__("" ::: "memory")

/* Single, non-torn access to memory shared with a device or an ISR. */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif
