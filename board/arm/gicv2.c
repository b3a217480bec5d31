// SPDX-License-Identifier: MIT
/*
 * GICv2 distributor and CPU interface, single CPU, everything in one
 * priority. Accesses are 32-bit only: byte-wide register access would be
 * legal on a GIC but not through every hypervisor's trap path.
 */
#include "board/io.h"
#include "arm.h"

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

static uintptr_t gicd, gicc;

static void v2_set_trigger(unsigned int irq, int edge)
{
	uintptr_t reg = gicd + GICD_ICFGR + (irq / 16) * 4;
	uint32_t shift = (irq % 16) * 2 + 1;
	uint32_t v;

	v = mmio_read32(reg);
	v = edge ? v | (1u << shift) : v & ~(1u << shift);
	mmio_write32(reg, v);
}

static void v2_enable(unsigned int irq)
{
	mmio_write32(gicd + GICD_ISENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

static void v2_disable(unsigned int irq)
{
	mmio_write32(gicd + GICD_ICENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

static void v2_pend(unsigned int irq)
{
	mmio_write32(gicd + GICD_ISPENDR + (irq / 32) * 4, 1u << (irq % 32));
}

static uint32_t v2_ack(void)
{
	return mmio_read32(gicc + GICC_IAR);
}

static void v2_eoi(uint32_t iar)
{
	mmio_write32(gicc + GICC_EOIR, iar);
}

static struct gic_ops v2_ops = {
	.name = "GICv2",
	.intid_mask = 0x3ffu,
	.enable = v2_enable,
	.disable = v2_disable,
	.pend = v2_pend,
	.set_trigger = v2_set_trigger,
	.ack = v2_ack,
	.eoi = v2_eoi,
};

void gicv2_init(uintptr_t dist, uintptr_t cpu)
{
	unsigned int i, lines;

	gicd = dist;
	gicc = cpu;
	lines = ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;
	mmio_write32(gicd + GICD_CTLR, 0);
	for (i = 0; i < lines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, ~0u);
	}
	for (i = 0; i < lines; i += 4) {
		mmio_write32(gicd + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
		if (i >= 32)	/* SPIs to CPU 0; SGI/PPI targets are read-only */
			mmio_write32(gicd + GICD_ITARGETSR + i, 0x01010101u);
	}
	mmio_write32(gicd + GICD_CTLR, 1);
	mmio_write32(gicc + GICC_PMR, 0xf0);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);
	v2_ops.lines = lines;
	gic_use(&v2_ops);
}
