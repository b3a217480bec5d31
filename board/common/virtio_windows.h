/* SPDX-License-Identifier: MIT */
#ifndef VMIO_BOARD_VIRTIO_WINDOWS_H
#define VMIO_BOARD_VIRTIO_WINDOWS_H

#include "board/board.h"

/*
 * Check the virtio-mmio windows discovered in info before anything reads
 * them, and remove the unusable ones, with one logged line each, keeping
 * the order of the others:
 *  - a window not entirely inside one BOARD_MEM_DEVICE region of map
 *    (board_memory_map()): there is nothing behind it, or not a device,
 *    and the first access would be a data abort;
 *  - a window overlapping one kept before it (the same reg twice): two
 *    drivers would drive one device. The first in info's order is kept
 *    (dtb_scan_platform() sorts by base, then DTB order).
 * node, when not NULL, is the parallel array of DTB node offsets (struct
 * dtb_platform.virtio_node) and is compacted with info->virtio. Context:
 * board_init(), before any virtio access; no MMIO. Returns the number of
 * windows removed (0 when all are usable).
 */
unsigned int board_check_virtio_windows(struct board_info *info, int *node,
					const struct board_map_region *map,
					unsigned int nmap);

#endif
