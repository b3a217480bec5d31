// SPDX-License-Identifier: MIT
/*
 * GICv2 distributor and CPU interface, single CPU, everything in one
 * priority. Accesses are 32-bit only: byte-wide register access would be
 * legal on a GIC but not through every hypervisor's trap path.
 */
#include <errno.h>
#include "board/board.h"
#include "board/io.h"
#include "platform.h"

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

#define GIC_PRIO_DEFAULT 0xa0a0a0a0u
#define GIC_SPURIOUS 1020u

static uintptr_t gicd, gicc;
static unsigned int gic_lines;

struct irq_slot {
	void (*fn)(void *arg);
	void *arg;
};

static struct irq_slot irq_table[VIRT_MAX_IRQS];
static volatile uint32_t irq_taken;

void gic_init(uintptr_t dist, uintptr_t cpu)
{
	unsigned int i;

	gicd = dist;
	gicc = cpu;
	gic_lines = ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;
	mmio_write32(gicd + GICD_CTLR, 0);
	for (i = 0; i < gic_lines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, ~0u);
	}
	for (i = 0; i < gic_lines; i += 4) {
		mmio_write32(gicd + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
		if (i >= 32)	/* SPIs to CPU 0; SGI/PPI targets are read-only */
			mmio_write32(gicd + GICD_ITARGETSR + i, 0x01010101u);
	}
	mmio_write32(gicd + GICD_CTLR, 1);
	mmio_write32(gicc + GICC_PMR, 0xf0);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);
}

void gic_set_trigger(unsigned int irq, int edge)
{
	uintptr_t reg = gicd + GICD_ICFGR + (irq / 16) * 4;
	uint32_t shift = (irq % 16) * 2 + 1;
	uint32_t v;

	if (irq < 16)	/* SGIs are always edge */
		return;
	v = mmio_read32(reg);
	v = edge ? v | (1u << shift) : v & ~(1u << shift);
	mmio_write32(reg, v);
}

void board_irq_enable(unsigned int irq)
{
	mmio_write32(gicd + GICD_ISENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

void board_irq_disable(unsigned int irq)
{
	mmio_write32(gicd + GICD_ICENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

void board_irq_trigger(unsigned int irq)
{
	mmio_write32(gicd + GICD_ISPENDR + (irq / 32) * 4, 1u << (irq % 32));
}

int board_irq_register(unsigned int irq, enum board_irq_trigger trig,
		       void (*fn)(void *arg), void *arg)
{
	unsigned long flags;

	if (irq >= VIRT_MAX_IRQS || irq >= gic_lines || !fn)
		return -EINVAL;
	flags = board_irq_save();
	if (irq_table[irq].fn && irq_table[irq].fn != fn) {
		board_irq_restore(flags);
		return -EBUSY;
	}
	irq_table[irq].fn = fn;
	irq_table[irq].arg = arg;
	board_irq_restore(flags);
	gic_set_trigger(irq, trig == BOARD_IRQ_EDGE);
	board_irq_enable(irq);
	return 0;
}

void board_irq_unregister(unsigned int irq)
{
	unsigned long flags;

	if (irq >= VIRT_MAX_IRQS)
		return;
	board_irq_disable(irq);
	flags = board_irq_save();
	irq_table[irq].fn = NULL;
	irq_table[irq].arg = NULL;
	board_irq_restore(flags);
}

uint32_t board_irq_count(void)
{
	return irq_taken;
}

void board_irq_dispatch(void)
{
	uint32_t iar = mmio_read32(gicc + GICC_IAR);
	unsigned int irq = iar & 0x3ff;

	irq_taken++;
	if (irq >= GIC_SPURIOUS)
		return;
	if (irq == virt_plat.timer_irq)
		timer_stop();	/* level-triggered: silence it before EOI */
	if (irq < VIRT_MAX_IRQS && irq_table[irq].fn)
		irq_table[irq].fn(irq_table[irq].arg);
	mmio_write32(gicc + GICC_EOIR, iar);
}
