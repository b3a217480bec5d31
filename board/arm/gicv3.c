// SPDX-License-Identifier: MIT
/*
 * GICv3 for AArch32 firmware: distributor (SPIs, affinity routing),
 * this CPU's redistributor (SGIs and PPIs) and the CPU interface through
 * the ICC_* system registers. Single CPU, single security state as QEMU
 * virt has it (GICD_CTLR.DS = 1), every INTID in Group 1 at one priority.
 */
#include <errno.h>
#include "board/io.h"
#include "startup/cpu.h"
#include "vmio/log.h"
#include "arm.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_GRP1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_RWP (1u << 31)

#define GICR_STRIDE 0x20000u	/* RD_base + SGI_base frames */
#define GICR_STRIDE_VLPI 0x40000u	/* GICv4: plus VLPI_base and a reserved frame */
#define GICR_TYPER 0x0008	/* 64-bit: [63:32] affinity, bit 4 Last */
#define GICR_WAKER 0x0014
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI 0x10000u
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_ISPENDR0 (GICR_SGI + 0x0200)
#define GICR_ICPENDR0 (GICR_SGI + 0x0280)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)
#define GICR_ICFGR0 (GICR_SGI + 0x0c00)

#define ICC_SRE_SRE 1u
#define ICC_SRE_DFB 2u
#define ICC_SRE_DIB 4u

#define GIC_PRIO_DEFAULT 0xa0a0a0a0u
/* Register writes settle (RWP, ChildrenAsleep) in a few accesses on any GIC. */
#define SPIN_MAX 100000u

static uintptr_t gicd, rd;

/* A banked INTID (SGI, PPI) lives in the redistributor, an SPI in the distributor. */
static uintptr_t bank(unsigned int irq, uintptr_t dist_reg, uintptr_t rd_reg)
{
	return irq < 32 ? rd + rd_reg : gicd + dist_reg + (irq / 32) * 4;
}

static void v3_enable(unsigned int irq)
{
	mmio_write32(bank(irq, GICD_ISENABLER, GICR_ISENABLER0), 1u << (irq % 32));
}

static void v3_disable(unsigned int irq)
{
	mmio_write32(bank(irq, GICD_ICENABLER, GICR_ICENABLER0), 1u << (irq % 32));
}

static void v3_pend(unsigned int irq)
{
	mmio_write32(bank(irq, GICD_ISPENDR, GICR_ISPENDR0), 1u << (irq % 32));
}

static void v3_set_trigger(unsigned int irq, int edge)
{
	uintptr_t reg = irq < 32 ? rd + GICR_ICFGR0 + (irq / 16) * 4 :
				   gicd + GICD_ICFGR + (irq / 16) * 4;
	uint32_t shift = (irq % 16) * 2 + 1;
	uint32_t v;

	v = mmio_read32(reg);
	v = edge ? v | (1u << shift) : v & ~(1u << shift);
	mmio_write32(reg, v);
}

static uint32_t v3_ack(void)
{
	return CP15_READ(0, c12, c12, 0) & 0xffffffu;	/* ICC_IAR1 */
}

static void v3_eoi(uint32_t iar)
{
	CP15_WRITE(0, c12, c12, 1, iar);		/* ICC_EOIR1 */
	isb();
}

static struct gic_ops v3_ops = {
	.name = "GICv3",
	.intid_mask = 0xffffffu,
	.enable = v3_enable,
	.disable = v3_disable,
	.pend = v3_pend,
	.set_trigger = v3_set_trigger,
	.ack = v3_ack,
	.eoi = v3_eoi,
};

static int wait_clear(uintptr_t reg, uint32_t mask)
{
	unsigned int spin = SPIN_MAX;

	while ((mmio_read32(reg) & mask) && --spin)
		;
	return spin ? 0 : -ETIMEDOUT;
}

/* This CPU's redistributor: the frame whose affinity matches MPIDR. */
static uintptr_t find_rd(uintptr_t base, uint64_t size)
{
	uint32_t mpidr = CP15_READ(0, c0, c0, 5);
	uint32_t aff = mpidr & 0xffffffu;	/* Aff2.Aff1.Aff0; Aff3 is 0 in AArch32 */
	uint64_t off, stride;

	for (off = 0; off + GICR_STRIDE <= size; off += stride) {
		uintptr_t r = base + (uintptr_t)off;
		uint32_t typer_lo = mmio_read32(r + GICR_TYPER);
		uint32_t typer_hi = mmio_read32(r + GICR_TYPER + 4);

		if (typer_hi == aff)
			return r;
		if (typer_lo & GICR_TYPER_LAST)
			break;
		stride = typer_lo & GICR_TYPER_VLPIS ? GICR_STRIDE_VLPI : GICR_STRIDE;
	}
	return 0;
}

static void dist_init(unsigned int lines)
{
	unsigned int i;

	mmio_write32(gicd + GICD_CTLR, 0);
	wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP);
	for (i = 32; i < lines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(gicd + GICD_IGROUPR + i / 8, ~0u);
	}
	for (i = 32; i < lines; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
	for (i = 32; i < lines; i++) {	/* every SPI to affinity 0.0.0.0, this CPU */
		mmio_write32(gicd + GICD_IROUTER + i * 8, 0);
		mmio_write32(gicd + GICD_IROUTER + i * 8 + 4, 0);
	}
	/* Affinity routing must be on before the group is enabled. */
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE);
	wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP);
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP);
}

static int rd_init(void)
{
	unsigned int i;

	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (wait_clear(rd + GICR_WAKER, GICR_WAKER_ASLEEP)) {
		pr_err("gicv3: redistributor at 0x%08lx stays asleep", (unsigned long)rd);
		return -ENODEV;
	}
	mmio_write32(rd + GICR_ICENABLER0, ~0u);
	mmio_write32(rd + GICR_ICPENDR0, ~0u);
	mmio_write32(rd + GICR_IGROUPR0, ~0u);
	for (i = 0; i < 32; i += 4)
		mmio_write32(rd + GICR_IPRIORITYR + i, GIC_PRIO_DEFAULT);
	return 0;
}

static int cpuif_init(void)
{
	uint32_t sre = CP15_READ(0, c12, c12, 5);	/* ICC_SRE */

	CP15_WRITE(0, c12, c12, 5, sre | ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB);
	isb();
	if (!(CP15_READ(0, c12, c12, 5) & ICC_SRE_SRE)) {
		pr_err("gicv3: ICC_SRE.SRE stays 0: no system-register CPU interface");
		return -ENODEV;
	}
	CP15_WRITE(0, c4, c6, 0, 0xf0);		/* ICC_PMR: all but the lowest priorities */
	CP15_WRITE(0, c12, c12, 3, 0);		/* ICC_BPR1: no preemption grouping */
	CP15_WRITE(0, c12, c12, 4, 0);		/* ICC_CTLR: EOIR drops and deactivates */
	CP15_WRITE(0, c12, c12, 7, 1);		/* ICC_IGRPEN1 */
	isb();
	return 0;
}

int gicv3_init(uintptr_t dist, uintptr_t redist, uint64_t redist_size)
{
	unsigned int lines;
	int ret;

	gicd = dist;
	rd = find_rd(redist, redist_size);
	if (!rd) {
		pr_err("gicv3: no redistributor for this CPU in 0x%08lx (+0x%llx)",
		       (unsigned long)redist, (unsigned long long)redist_size);
		return -ENODEV;
	}
	lines = ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;
	if (lines > 1020)
		lines = 1020;
	dist_init(lines);
	ret = rd_init();
	if (!ret)
		ret = cpuif_init();
	if (ret)
		return ret;
	v3_ops.lines = lines;
	gic_use(&v3_ops);
	return 0;
}
