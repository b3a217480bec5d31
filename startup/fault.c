// SPDX-License-Identifier: MIT
/*
 * Report a CPU exception and stop. Under QEMU a crash must fail its test
 * quickly and say where, instead of hanging until the runner's timeout.
 */
#include <stdint.h>
#include "board/board.h"
#include "startup/cpu.h"
#include "vmio/log.h"

enum fault_kind { FAULT_UND, FAULT_SVC, FAULT_PABT, FAULT_DABT, FAULT_FIQ };

/* Exit code of a run that died on a CPU exception. */
#define FAULT_EXIT_CODE 3

void fault_report(enum fault_kind kind, const uint32_t *frame);

static const char *const fault_names[] = {
	"undefined instruction", "unexpected SVC", "prefetch abort",
	"data abort", "unexpected FIQ",
};

static uint32_t read_spsr(void)
{
	uint32_t v;

	__asm__ __volatile__("mrs %0, spsr" : "=r"(v));
	return v;
}

/* Address of the faulting instruction from the exception LR (ARM ARM B1.8.3). */
static uint32_t fault_pc(enum fault_kind kind, uint32_t lr, uint32_t spsr)
{
	switch (kind) {
	case FAULT_UND:
	case FAULT_SVC:
		return lr - ((spsr & (1u << 5)) ? 2 : 4);
	case FAULT_DABT:
		return lr - 8;
	default:
		return lr - 4;
	}
}

void fault_report(enum fault_kind kind, const uint32_t *frame)
{
	uint32_t spsr = read_spsr();
	unsigned int i;

	pr_err("FAULT: %s at pc=0x%08lx spsr=0x%08lx",
	       fault_names[kind], (unsigned long)fault_pc(kind, frame[13], spsr),
	       (unsigned long)spsr);
	pr_err("  DFSR=0x%08lx DFAR=0x%08lx IFSR=0x%08lx IFAR=0x%08lx",
	       (unsigned long)CP15_READ(0, c5, c0, 0),
	       (unsigned long)CP15_READ(0, c6, c0, 0),
	       (unsigned long)CP15_READ(0, c5, c0, 1),
	       (unsigned long)CP15_READ(0, c6, c0, 2));
	for (i = 0; i < 12; i += 4)
		pr_err("  r%-2u=0x%08lx r%-2u=0x%08lx r%-2u=0x%08lx r%-2u=0x%08lx",
		       i, (unsigned long)frame[i], i + 1, (unsigned long)frame[i + 1],
		       i + 2, (unsigned long)frame[i + 2], i + 3,
		       (unsigned long)frame[i + 3]);
	pr_err("  r12=0x%08lx lr_exc=0x%08lx", (unsigned long)frame[12],
	       (unsigned long)frame[13]);
	board_exit(FAULT_EXIT_CODE);
}
