/* SPDX-License-Identifier: MIT */
#ifndef VMIO_QEMU_VIRT_PLATFORM_H
#define VMIO_QEMU_VIRT_PLATFORM_H

/*
 * qemu-virt internals shared by the files of this board folder only.
 * The defaults are QEMU 7.2's virt memory map; the DTB overrides them.
 */
#include <stdint.h>
#include "board/arm/arm.h"

#define VIRT_DTB_ADDR 0x40000000u	/* QEMU puts the DTB at the start of RAM */
#define VIRT_DTB_MAX 0x100000u		/* the image is linked 1 MiB above it */
#define VIRT_RAM_BASE 0x40000000u
#define VIRT_RAM_SIZE 0x08000000u
#define VIRT_UART_BASE 0x09000000u
#define VIRT_GICD_BASE 0x08000000u
#define VIRT_GICC_BASE 0x08010000u
#define VIRT_GICR_BASE 0x080a0000u	/* GICv3 redistributors (gic-version=3) */
#define VIRT_GICR_SIZE 0x00f60000u
#define VIRT_VIRTIO_BASE 0x0a000000u
#define VIRT_VIRTIO_STRIDE 0x200u
#define VIRT_VIRTIO_COUNT 32u
#define VIRT_VIRTIO_SPI0 48u		/* GIC INTID of slot 0 (SPI 16) */
#define VIRT_TIMER_VIRT_IRQ 27u		/* PPI 11: EL1 virtual timer */

#define VIRT_MAX_IRQS 128u

enum virt_gic { VIRT_GIC_V2 = 2, VIRT_GIC_V3 = 3 };

struct virt_platform {
	uintptr_t uart;
	enum virt_gic gic;
	uintptr_t gicd;
	uintptr_t gicc;		/* GICv2 CPU interface */
	uintptr_t gicr;		/* GICv3 redistributor region */
	uint64_t gicr_size;
	unsigned int timer_irq;
};

extern struct virt_platform virt_plat;

/* Exit code of a board that cannot drive its interrupt controller. */
#define VIRT_EXIT_UNSUPPORTED 2

int virt_discover(void);

struct dtb_platform;
/* The parsed DTB, for the board's own look-ups; NULL when the board table was used. */
const struct dtb_platform *virt_dtb_platform(void);

#endif
