// SPDX-License-Identifier: MIT
/* CPU-level interrupt masking (CPSR.I). */
#include "board/board.h"
#include "startup/cpu.h"

unsigned long board_irq_save(void)
{
	unsigned long flags = cpu_read_cpsr();

	__asm__ __volatile__("cpsid i" ::: "memory");
	return flags;
}

void board_irq_restore(unsigned long flags)
{
	if (!(flags & CPSR_I))
		__asm__ __volatile__("cpsie i" ::: "memory");
}

void board_irq_unmask(void)
{
	__asm__ __volatile__("cpsie i" ::: "memory");
}

bool board_irqs_masked(void)
{
	return !!(cpu_read_cpsr() & CPSR_I);
}

void board_wait_for_irq(void)
{
	__asm__ __volatile__("dsb sy\n\twfi" ::: "memory");
}
