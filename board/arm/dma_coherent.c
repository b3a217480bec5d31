// SPDX-License-Identifier: MIT
/*
 * DMA on a board whose devices see physical memory as the CPU does,
 * coherently (every QEMU board): bus address = CPU address, no cache
 * maintenance.
 */
#include "board/board.h"

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
