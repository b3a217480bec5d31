/* SPDX-License-Identifier: MIT */
#ifndef VMIO_BOARD_TABLE_H
#define VMIO_BOARD_TABLE_H

/*
 * A board table: the fixed layout a board falls back to (qemu-virt
 * without a usable DTB) or only has (Versatile Express from flash). One
 * RAM region and a run of equally spaced virtio-mmio windows with
 * consecutive INTIDs. The numbers are the board folder's; this only
 * turns them into a struct board_info.
 */
#include <stdint.h>
#include "board/board.h"

struct board_table {
	const char *name;
	uint64_t ram_base, ram_size;
	uintptr_t virtio_base;		/* window 0 */
	uint32_t virtio_stride;		/* each window's size and spacing */
	unsigned int virtio_count;	/* at most BOARD_MAX_VIRTIO_SLOTS */
	unsigned int virtio_intid0;	/* window 0's GIC INTID; then +1 each */
};

/*
 * Fill *info from *t, clearing what was there (from_dtb false, no deps).
 * Any context; does not wait. A table with more windows than
 * BOARD_MAX_VIRTIO_SLOTS gets that many.
 */
void board_table_fill(struct board_info *info, const struct board_table *t);

#endif
