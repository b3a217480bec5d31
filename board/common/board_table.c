// SPDX-License-Identifier: MIT
/* A board table turned into a struct board_info; see board_table.h. */
#include <string.h>
#include "board/common/board_table.h"

void board_table_fill(struct board_info *info, const struct board_table *t)
{
	unsigned int i, n = t->virtio_count;

	if (n > BOARD_MAX_VIRTIO_SLOTS)
		n = BOARD_MAX_VIRTIO_SLOTS;
	memset(info, 0, sizeof(*info));
	info->name = t->name;
	info->nmem = 1;
	info->mem[0].base = t->ram_base;
	info->mem[0].size = t->ram_size;
	info->nvirtio = n;
	for (i = 0; i < n; i++) {
		info->virtio[i].base = t->virtio_base + i * t->virtio_stride;
		info->virtio[i].size = t->virtio_stride;
		info->virtio[i].irq = t->virtio_intid0 + i;
	}
}
