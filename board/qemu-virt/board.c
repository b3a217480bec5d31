// SPDX-License-Identifier: MIT
/*
 * qemu-virt bring-up: console first (so that every later error can be
 * seen), then the DTB, then GIC and timer at the addresses it gives.
 */
#include <errno.h>
#include <string.h>
#include "board/board.h"
#include "board/common/board_table.h"
#include "board/common/virtio_windows.h"
#include "board/io.h"
#include "startup/semihost.h"
#include "vmio/compiler.h"
#include "vmio/log.h"
#include "memmap.h"
#include "platform.h"
#include "virt_dt.h"

struct virt_platform virt_plat = {
	.uart = VIRT_UART_BASE,
	.gic = VIRT_GIC_V2,
	.gicd = VIRT_GICD_BASE,
	.gicc = VIRT_GICC_BASE,
	.gicr = VIRT_GICR_BASE,
	.gicr_size = VIRT_GICR_SIZE,
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
static const struct board_table virt_table = {
	.name = "qemu-virt", .ram_base = VIRT_RAM_BASE, .ram_size = VIRT_RAM_SIZE,
	.virtio_base = VIRT_VIRTIO_BASE, .virtio_stride = VIRT_VIRTIO_STRIDE,
	.virtio_count = VIRT_VIRTIO_COUNT, .virtio_intid0 = VIRT_VIRTIO_SPI0,
};

static struct dtb_platform plat;
static struct virt_dt vdt;

/*
 * Without a DTB, which GIC is at VIRT_GICD_BASE? The peripheral ID
 * register PIDR2 holds the architecture revision in bits [7:4]: a GICv2
 * has it at 0xfe8 of its 4 KiB distributor, a GICv3 at 0xffe8 of its
 * 64 KiB one and reads 0xfe8 as zero (reserved). The GICv3 offset is only
 * read once 0xfe8 said "not v2", since a GICv2 ends before it.
 */
#define GICD_PIDR2_V2 0x0fe8u
#define GICD_PIDR2_V3 0xffe8u

static void probe_gic_version(void)
{
	uint32_t rev = (mmio_read32(VIRT_GICD_BASE + GICD_PIDR2_V2) >> 4) & 0xf;

	if (rev == 1 || rev == 2)
		return;		/* GICv2 at the table's addresses already */
	rev = (mmio_read32(VIRT_GICD_BASE + GICD_PIDR2_V3) >> 4) & 0xf;
	if (rev == 3 || rev == 4) {
		virt_plat.gic = VIRT_GIC_V3;
		return;
	}
	pr_err("qemu-virt: no GICv2 or GICv3 at 0x%08x (PIDR2 revision %u)",
	       VIRT_GICD_BASE, (unsigned int)rev);
	board_exit(VIRT_EXIT_UNSUPPORTED);
}

const struct dtb_platform *virt_dtb_platform(void)
{
	return info.from_dtb ? &plat : NULL;
}

/*
 * The interrupt controller the DTB routes everything to (the root's
 * interrupt-parent), chosen by its compatible before anything else
 * parses interrupts: one that this board has no driver for is one
 * error line and a non-zero exit, never a guess at its registers.
 */
static void pick_intc(const struct dtb *dt)
{
	const char *compat = "(none)";
	uint64_t base, size;
	uint32_t ph;
	int node, ret;

	ret = dtb_prop_u32(dt, dtb_root(dt), "interrupt-parent", &ph);
	node = ret ? ret : dtb_find_phandle(dt, ph);
	if (node >= 0 && dtb_prop_string(dt, node, "compatible", &compat))
		compat = "(none)";
	if (node >= 0 && dtb_node_is_compatible(dt, node, "arm,gic-v3")) {
		virt_plat.gic = VIRT_GIC_V3;
		if (!dtb_reg(dt, node, 0, &base, &size))
			virt_plat.gicd = (uintptr_t)base;
		if (!dtb_reg(dt, node, 1, &base, &size)) {
			virt_plat.gicr = (uintptr_t)base;
			virt_plat.gicr_size = size;
		}
		return;
	}
	if (node >= 0 && (dtb_node_is_compatible(dt, node, "arm,cortex-a15-gic") ||
			  dtb_node_is_compatible(dt, node, "arm,gic-400"))) {
		virt_plat.gic = VIRT_GIC_V2;	/* addresses from virt_dt_scan() */
		return;
	}
	pr_err("qemu-virt: interrupt controller \"%s\" is not supported (GICv2 or GICv3 only)",
	       compat);
	board_exit(VIRT_EXIT_UNSUPPORTED);
}

int virt_discover(void)
{
	struct dtb dt;
	int ret;

	ret = dtb_open(&dt, (const void *)VIRT_DTB_ADDR, VIRT_DTB_MAX);
	if (!ret) {
		pick_intc(&dt);
		ret = virt_dt_scan((const void *)VIRT_DTB_ADDR, VIRT_DTB_MAX, &plat, &vdt);
	}
	if (!plat.info.from_dtb) {
		pr_err("qemu-virt: no usable DTB (%d), using the board table", ret);
		board_table_fill(&info, &virt_table);
		probe_gic_version();
		return ret;
	}
	/* Before anything reads them: a reg may point at nothing, or twice at one device. */
	board_check_virtio_windows(&plat.info, plat.virtio_node, virt_map, ARRAY_SIZE(virt_map));
	/* A partly bad DTB (ret < 0) still describes what it could. */
	info = plat.info;
	info.name = "qemu-virt";
	if (vdt.has_uart)
		virt_plat.uart = (uintptr_t)vdt.uart_base;
	if (vdt.has_gic) {
		virt_plat.gicd = (uintptr_t)vdt.gicd_base;
		virt_plat.gicc = (uintptr_t)vdt.gicc_base;
	}
	if (vdt.ntimer_irqs > 2)	/* secure, non-secure, virtual, hyp */
		virt_plat.timer_irq = vdt.timer_irqs[2];
	return ret;
}

static void gic_setup(void)
{
	if (virt_plat.gic == VIRT_GIC_V2) {
		gicv2_init(virt_plat.gicd, virt_plat.gicc);
		return;
	}
	if (gicv3_init(virt_plat.gicd, virt_plat.gicr, virt_plat.gicr_size)) {
		pr_err("qemu-virt: GICv3 at 0x%08lx unusable, stopping",
		       (unsigned long)virt_plat.gicd);
		board_exit(VIRT_EXIT_UNSUPPORTED);
	}
	pr_info("qemu-virt: GICv3, distributor 0x%08lx, redistributors 0x%08lx",
		(unsigned long)virt_plat.gicd, (unsigned long)virt_plat.gicr);
}

int board_init(void)
{
	int ret;

	pl011_init(virt_plat.uart);
	console_attach_lib();
	ret = virt_discover();
	pl011_init(virt_plat.uart);
	gic_setup();
	gtimer_init(virt_plat.timer_irq);
	return ret;
}

void board_exit(int code)
{
	semihost_exit(code);
}

int board_platform_sleep(uint32_t wake_us)
{
	return qemu_platform_sleep(wake_us);
}
