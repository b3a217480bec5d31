// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include "board/board.h"
#include "vmio/log.h"
#include "vmio/print.h"

int vmio_printf(const char *fmt, ...)
{
	char buf[VMIO_PRINT_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vmio_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	board_console_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}
