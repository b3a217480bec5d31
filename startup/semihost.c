// SPDX-License-Identifier: MIT
#include <stdint.h>
#include "startup/semihost.h"

#define SYS_WRITE0 0x04
#define SYS_GET_CMDLINE 0x15
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static long semihost_call(long op, void *arg)
{
	register long r0 __asm__("r0") = op;
	register void *r1 __asm__("r1") = arg;

#ifdef __thumb__
	__asm__ __volatile__(".inst.n 0xbabc" : "+r"(r0) : "r"(r1) : "memory");
#else
	__asm__ __volatile__(".inst 0xe10f0070" : "+r"(r0) : "r"(r1) : "memory");
#endif
	return r0;
}

void semihost_write0(const char *s)
{
	semihost_call(SYS_WRITE0, (void *)s);
}

void semihost_exit(int code)
{
	uint32_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code };

	semihost_call(SYS_EXIT_EXTENDED, block);
	for (;;)
		;
}

int semihost_get_cmdline(char *buf, size_t size)
{
	uint32_t block[2] = { (uint32_t)buf, (uint32_t)size };

	if (!size || semihost_call(SYS_GET_CMDLINE, block) != 0)
		return -1;
	return (int)block[1];
}
