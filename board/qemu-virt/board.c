// SPDX-License-Identifier: MIT
/*
 * qemu-virt bring-up: console first (so that every later error can be
 * seen), then the DTB, then GIC and timer at the addresses it gives.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "board/common/dtb.h"
#include "board/common/virtio_windows.h"
#include "startup/semihost.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "memmap.h"
#include "platform.h"

struct virt_platform virt_plat = {
	.uart = VIRT_UART_BASE,
	.gicd = VIRT_GICD_BASE,
	.gicc = VIRT_GICC_BASE,
	.timer_irq = VIRT_TIMER_VIRT_IRQ,
};

static struct board_info info;

static const struct board_map_region virt_map[] = VIRT_MEMORY_MAP;

const struct board_map_region *board_memory_map(unsigned int *count)
{
	*count = ARRAY_SIZE(virt_map);
	return virt_map;
}

const struct board_info *board_get_info(void)
{
	return &info;
}

/* The board table: QEMU 7.2's fixed layout, used when the DTB is unusable. */
static void use_board_table(void)
{
	unsigned int i;

	memset(&info, 0, sizeof(info));
	info.name = "qemu-virt";
	info.nmem = 1;
	info.mem[0].base = VIRT_RAM_BASE;
	info.mem[0].size = VIRT_RAM_SIZE;
	info.nvirtio = VIRT_VIRTIO_COUNT;
	for (i = 0; i < VIRT_VIRTIO_COUNT; i++) {
		info.virtio[i].base = VIRT_VIRTIO_BASE + i * VIRT_VIRTIO_STRIDE;
		info.virtio[i].size = VIRT_VIRTIO_STRIDE;
		info.virtio[i].irq = VIRT_VIRTIO_SPI0 + i;
	}
}

static struct dtb_platform plat;

const struct dtb_platform *virt_dtb_platform(void)
{
	return info.from_dtb ? &plat : NULL;
}

int virt_discover(void)
{
	int ret;

	ret = dtb_scan_platform((const void *)VIRT_DTB_ADDR, VIRT_DTB_MAX, &plat);
	if (!plat.info.from_dtb) {
		pr_err("qemu-virt: no usable DTB (%d), using the board table", ret);
		use_board_table();
		return ret;
	}
	/* Before anything reads them: a reg may point at nothing, or twice at one device. */
	board_check_virtio_windows(&plat.info, plat.virtio_node, virt_map, ARRAY_SIZE(virt_map));
	/* A partly bad DTB (ret < 0) still describes what it could. */
	info = plat.info;
	info.name = "qemu-virt";
	if (plat.has_uart)
		virt_plat.uart = (uintptr_t)plat.uart_base;
	if (plat.has_gic) {
		virt_plat.gicd = (uintptr_t)plat.gicd_base;
		virt_plat.gicc = (uintptr_t)plat.gicc_base;
	}
	if (plat.ntimer_irqs > 2)	/* secure, non-secure, virtual, hyp */
		virt_plat.timer_irq = plat.timer_irqs[2];
	return ret;
}

int board_init(void)
{
	int ret;

	pl011_init(virt_plat.uart);
	ret = virt_discover();
	pl011_init(virt_plat.uart);
	gic_init(virt_plat.gicd, virt_plat.gicc);
	timer_init();
	return ret;
}

void vmio_log_default_sink(enum vmio_log_level level, const char *line)
{
	static const char *const tag[] = { "error: ", "warning: ", "", "debug: " };
	const char *t = tag[level];

	board_console_write("vmio: ", 6);
	board_console_write(t, strlen(t));
	board_console_write(line, strlen(line));
	board_console_write("\n", 1);
}

uint64_t board_dma_addr(const void *p)
{
	return (uintptr_t)p;
}

void board_dma_clean(const void *p, size_t len)
{
	(void)p;
	(void)len;
}

void board_dma_invalidate(const void *p, size_t len)
{
	(void)p;
	(void)len;
}

void board_exit(int code)
{
	semihost_exit(code);
}
