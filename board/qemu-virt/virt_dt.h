/* SPDX-License-Identifier: MIT */
#ifndef VMIO_QEMU_VIRT_DT_H
#define VMIO_QEMU_VIRT_DT_H

/*
 * What qemu-virt reads from QEMU's DTB beyond the generic discovery
 * (board/common/dt_discovery.h): its PL011 console, its GICv2's two
 * register frames and the Arm generic timer's interrupts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "board/common/dt_discovery.h"

/* Timer interrupts kept: secure, non-secure, virtual, hypervisor. */
#define VIRT_MAX_TIMER_IRQS 4

struct virt_dt {
	bool has_uart;
	int uart_node;
	uint64_t uart_base;
	unsigned int uart_irq;		/* GIC INTID, 0 when not described */
	bool has_gic;
	uint64_t gicd_base;		/* distributor, reg entry 0 */
	uint64_t gicc_base;		/* CPU interface, reg entry 1 */
	bool timer_seen;
	unsigned int ntimer_irqs;
	unsigned int timer_irqs[VIRT_MAX_TIMER_IRQS];	/* GIC INTIDs */
};

/*
 * dt_discover() the blob into *plat with the GIC's interrupt decoding
 * registered, and fill *virt: the "arm,pl011" UART (the one /chosen
 * stdout-path names, else the first enabled one), the GIC distributor and
 * CPU interface ("arm,cortex-a15-gic", "arm,gic-400", reg entries 0 and
 * 1), the "arm,armv7-timer" interrupts. Context: boot, IRQs masked; no
 * MMIO. Returns what dt_discover() does, this part's errors included
 * (each logged once; the rest of the scan goes on).
 */
int virt_dt_scan(const void *blob, size_t max_size, struct dtb_platform *plat,
		 struct virt_dt *virt);

#endif
