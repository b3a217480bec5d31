// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include "vmio/log.h"
#include "vmio/print.h"

static void (*print_output)(const char *buf, size_t len);

void vmio_print_set_output(void (*write)(const char *buf, size_t len))
{
	print_output = write;
}

int vmio_printf(const char *fmt, ...)
{
	char buf[VMIO_PRINT_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vmio_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (print_output)
		print_output(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}
