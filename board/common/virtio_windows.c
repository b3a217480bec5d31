// SPDX-License-Identifier: MIT
/*
 * Discovered virtio-mmio windows against the board's memory map and
 * against each other. A DTB is input like any other: a reg pointing at
 * nothing must cost one log line, not a data abort.
 */
#include "board/common/virtio_windows.h"
#include "vmio/log.h"

static bool inside_device_region(const struct board_virtio_slot *s,
				 const struct board_map_region *map, unsigned int nmap)
{
	uint64_t base = s->base, end = base + s->size;
	unsigned int i;

	for (i = 0; i < nmap; i++) {
		uint64_t rb = map[i].base, re = rb + map[i].size;

		if (map[i].type == BOARD_MEM_DEVICE && base >= rb && end <= re)
			return true;
	}
	return false;
}

/* The first of the kept windows [0, kept) that s overlaps, or NULL. */
static const struct board_virtio_slot *overlapped(const struct board_info *info,
						   unsigned int kept,
						   const struct board_virtio_slot *s)
{
	uint64_t base = s->base, end = base + s->size;
	unsigned int k;

	for (k = 0; k < kept; k++) {
		const struct board_virtio_slot *o = &info->virtio[k];

		if (base < (uint64_t)o->base + o->size && (uint64_t)o->base < end)
			return o;
	}
	return NULL;
}

unsigned int board_check_virtio_windows(struct board_info *info, int *node,
					const struct board_map_region *map,
					unsigned int nmap)
{
	const struct board_virtio_slot *o;
	unsigned int i, kept = 0, dropped;

	for (i = 0; i < info->nvirtio; i++) {
		const struct board_virtio_slot *s = &info->virtio[i];

		if (!inside_device_region(s, map, nmap)) {
			pr_err("discovery: virtio-mmio window 0x%08lx+0x%lx is outside the board's device map, skipped",
			       (unsigned long)s->base, (unsigned long)s->size);
			continue;
		}
		o = overlapped(info, kept, s);
		if (o) {
			pr_err("discovery: virtio-mmio window 0x%08lx+0x%lx overlaps the one at 0x%08lx, skipped",
			       (unsigned long)s->base, (unsigned long)s->size,
			       (unsigned long)o->base);
			continue;
		}
		if (kept != i) {
			info->virtio[kept] = *s;
			if (node)
				node[kept] = node[i];
		}
		kept++;
	}
	dropped = info->nvirtio - kept;
	for (i = kept; node && i < info->nvirtio; i++)
		node[i] = -1;
	info->nvirtio = kept;
	return dropped;
}
