// SPDX-License-Identifier: MIT
/*
 * C runtime start: called from _start in SVC mode with IRQs masked, stacks
 * set and VFP enabled.
 */
#include <stdint.h>
#include <string.h>
#include "board/board.h"
#include "startup/cpu.h"

extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __data_start[], __data_end[], __data_load[];

uint32_t boot_cpu_mode;

int main(void);
void c_start(uint32_t mode) __attribute__((noreturn));

void c_start(uint32_t mode)
{
	/* QEMU loads .data in place; a flash-based board loads it elsewhere. */
	if (&__data_load[0] != &__data_start[0])
		memcpy(__data_start, __data_load,
		       (size_t)((char *)__data_end - (char *)__data_start));
	memset(__bss_start, 0, (size_t)((char *)__bss_end - (char *)__bss_start));
	boot_cpu_mode = mode;
	mmu_init();
	board_init();
	board_exit(main());
}
