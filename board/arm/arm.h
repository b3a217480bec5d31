/* SPDX-License-Identifier: MIT */
#ifndef VMIO_BOARD_ARM_H
#define VMIO_BOARD_ARM_H

/*
 * Drivers for the Arm IP blocks that AArch32 boards share: PL011, GICv2,
 * GICv3, the generic timer, the Cortex-A9 MPCore timers, CPSR masking.
 * They know register layouts, never addresses: a board folder passes
 * those in from its DTB or board table, and its board.mk lists the files
 * of this folder it links.
 */
#include <stdint.h>

/* Program the PL011 at base for 8N1 with FIFOs; the console uses it from then on. */
void pl011_init(uintptr_t base);

/*
 * Hand the console to lib/: vmio_printf() output and "vmio: " log lines
 * (board/arm/console_log.c). Called by board_init() once the UART works.
 */
void console_attach_lib(void);

/*
 * One interrupt controller behind board_irq_*(): enable, disable, pend
 * one INTID, set its trigger, acknowledge the highest pending one
 * (returns the raw IAR, which eoi() gets back unchanged), end it. lines
 * is the number of INTIDs it has; intid_mask extracts the INTID from an
 * IAR (GICv2 keeps the source CPU of an SGI above it).
 */
struct gic_ops {
	const char *name;
	unsigned int lines;
	uint32_t intid_mask;
	void (*enable)(unsigned int irq);
	void (*disable)(unsigned int irq);
	void (*pend)(unsigned int irq);
	void (*set_trigger)(unsigned int irq, int edge);
	uint32_t (*ack)(void);
	void (*eoi)(uint32_t iar);
};

/* INTIDs at and above this are special (1020..1023: spurious and friends). */
#define GIC_SPURIOUS 1020u
/* Handlers board_irq_register() can hold: INTIDs below this. */
#define GIC_MAX_IRQS 128u

/*
 * Reset and enable a GICv2 distributor and CPU interface (or a GICv3
 * distributor, redistributor and system-register CPU interface): every
 * INTID disabled, not pending, one priority, SPIs to this CPU. Boot time,
 * IRQs masked. The v3 driver returns -ENODEV (logged) when no
 * redistributor in the region belongs to this CPU or the ICC_* registers
 * cannot be enabled; nothing is enabled then.
 */
void gicv2_init(uintptr_t gicd, uintptr_t gicc);

/* The GIC's "interrupts" decoding for dt_irq_register() (board/arm/gic_dt.c). */
struct dt_irq_decoder;
extern const struct dt_irq_decoder gic_dt_irq_decoder;
int gicv3_init(uintptr_t gicd, uintptr_t gicr, uint64_t gicr_size);

/* Make ops the controller behind board_irq_*() (called by gicv*_init()). */
void gic_use(const struct gic_ops *ops);

/*
 * The board timer drivers (generic timer, or the A9 global timer and its
 * comparator): set up at boot with the INTID they raise (the A9's with
 * its PERIPHCLK and the count to start from, so that the board can make
 * time count from reset); timer_stop() disarms and
 * silences the one-shot (the IRQ path calls it before the handler, as the
 * line is level-triggered), timer_fired() says whether it expired.
 */
void gtimer_init(unsigned int irq);
void a9_timer_init(uintptr_t global_timer, uintptr_t private_timer, uint32_t hz,
		   unsigned int irq, uint64_t start);
void timer_stop(void);
int timer_fired(void);

/*
 * A QEMU board's platform sleep without a power controller: reset every
 * virtio-mmio transport, then wait in WFI for the one-shot timer, at
 * most wake_us. Called with IRQs masked; -ETIMEDOUT when the timer never
 * fired, -EINVAL with IRQs unmasked.
 */
int qemu_platform_sleep(uint32_t wake_us);

#endif
