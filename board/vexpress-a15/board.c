// SPDX-License-Identifier: MIT
/*
 * Versatile Express, CoreTile Express A15x2 memory map ("RS1"), as QEMU
 * 7.2 models it. QEMU hands no DTB to firmware booting from flash, so the
 * board table below is the only source: four virtio-mmio transports on
 * the motherboard, SPIs 40..43.
 */
#include <errno.h>
#include "board/board.h"
#include "board/common/board_table.h"
#include "board/arm/arm.h"
#include "startup/semihost.h"
#include "vmio/compiler.h"

#define VE_RAM_BASE 0x80000000u
#define VE_RAM_SIZE 0x08000000u		/* what the QEMU runs give it (-m 128M) */
#define VE_UART0 0x1c090000u
#define VE_VIRTIO_BASE 0x1c130000u
#define VE_VIRTIO_STRIDE 0x200u
#define VE_VIRTIO_COUNT 4u
#define VE_VIRTIO_INTID0 72u		/* SPI 40 */
#define VE_GICD 0x2c001000u
#define VE_GICC 0x2c002000u
#define VE_TIMER_VIRT_IRQ 27u		/* PPI 11: virtual timer */

static struct board_info info;

static const struct board_map_region ve_map[] = {
	{ 0x00000000u, 0x04000000u, BOARD_MEM_ROM },	/* NOR flash0: code runs there */
	{ 0x1c000000u, 0x04000000u, BOARD_MEM_DEVICE },	/* motherboard: UART, virtio, ... */
	{ 0x2c000000u, 0x00100000u, BOARD_MEM_DEVICE },	/* GIC */
	{ VE_RAM_BASE, VE_RAM_SIZE, BOARD_MEM_NORMAL },
};

const struct board_map_region *board_memory_map(unsigned int *count)
{
	*count = ARRAY_SIZE(ve_map);
	return ve_map;
}

const struct board_info *board_get_info(void)
{
	return &info;
}

static const struct board_table ve_table = {
	.name = "vexpress-a15", .ram_base = VE_RAM_BASE, .ram_size = VE_RAM_SIZE,
	.virtio_base = VE_VIRTIO_BASE, .virtio_stride = VE_VIRTIO_STRIDE,
	.virtio_count = VE_VIRTIO_COUNT, .virtio_intid0 = VE_VIRTIO_INTID0,
};

int board_init(void)
{
	pl011_init(VE_UART0);
	console_attach_lib();
	board_table_fill(&info, &ve_table);
	gicv2_init(VE_GICD, VE_GICC);
	gtimer_init(VE_TIMER_VIRT_IRQ);
	return 0;
}

int board_platform_sleep(uint32_t wake_us)
{
	return qemu_platform_sleep(wake_us);
}

/* No clock or regulator devices on this board. */
int board_virtio_supplies(const struct board_virtio_slot *slot,
			  struct board_supply_table *out)
{
	(void)slot;
	(void)out;
	return -ENOENT;
}

bool board_virtio_clkreg_old_ids(void)
{
	return false;
}

void board_exit(int code)
{
	semihost_exit(code);
}
