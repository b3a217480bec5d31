// SPDX-License-Identifier: MIT
/* The log sink of a board whose log goes to its console: "vmio: " lines. */
#include <string.h>
#include "board/board.h"
#include "vmio/log.h"
#include "vmio/print.h"
#include "arm.h"

static void console_log_sink(enum vmio_log_level level, const char *line)
{
	static const char *const tag[] = { "error: ", "warning: ", "", "debug: " };
	const char *t = tag[level];

	board_console_write("vmio: ", 6);
	board_console_write(t, strlen(t));
	board_console_write(line, strlen(line));
	board_console_write("\n", 1);
}

void console_attach_lib(void)
{
	vmio_print_set_output(board_console_write);
	vmio_log_set_default_sink(console_log_sink);
}
