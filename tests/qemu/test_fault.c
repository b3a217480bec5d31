// SPDX-License-Identifier: MIT
/*
 * A deliberate crash must end the run at once with a register dump and a
 * non-zero exit code, never a hang. The runner picks the crash with
 * fault=dabt|und|pabt and checks the dump and the exit code.
 */
#include <string.h>
#include "board/board.h"
#include "tests/qemu/harness/qtest.h"
#include "vmio/print.h"

/* Outside every region of the board's memory map: translation fault. */
#define UNMAPPED_ADDR 0xf0000000u

int main(void)
{
	const char *kind = qtest_arg("fault");

	vmio_printf("provoking fault %s\n", kind ? kind : "(none)");
	if (kind && !strcmp(kind, "dabt")) {
		(void)*(volatile uint32_t *)UNMAPPED_ADDR;
	} else if (kind && !strcmp(kind, "und")) {
		__asm__ __volatile__(".inst.w 0xf7f0a000");	/* T32 permanently UNDEFINED */
	} else if (kind && !strcmp(kind, "pabt")) {
		((void (*)(void))(UNMAPPED_ADDR | 1))();
	}
	vmio_printf("no fault taken\n");
	return 0;
}
