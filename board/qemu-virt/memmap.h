/* SPDX-License-Identifier: MIT */
#ifndef VMIO_QEMU_VIRT_MEMMAP_H
#define VMIO_QEMU_VIRT_MEMMAP_H

/*
 * QEMU 7.2 virt's memory map as board_memory_map() gives it: only where
 * something answers, so that a stray pointer, or a DTB reg with nothing
 * behind it, is refused (board_check_virtio_windows()) or faults instead
 * of reading an unassigned address. 1 MiB granules (MMU sections). A
 * macro, so that the host tests check discovery against the same map.
 */
#define VIRT_MEMORY_MAP {						\
	/* flash0, flash1: code runs there (execute in place) */	\
	{ 0x00000000u, 0x08000000u, BOARD_MEM_ROM },			\
	/* GIC (v2, and v3 with its redistributors), UART, RTC, fw_cfg, GPIO */ \
	{ 0x08000000u, 0x01100000u, BOARD_MEM_DEVICE },			\
	/* the 32 virtio-mmio transports */				\
	{ 0x0a000000u, 0x00100000u, BOARD_MEM_DEVICE },			\
	/* PCIe MMIO, PIO and ECAM */					\
	{ 0x10000000u, 0x30000000u, BOARD_MEM_DEVICE },			\
	/* RAM (up to 1 GiB mapped) */					\
	{ 0x40000000u, 0x40000000u, BOARD_MEM_NORMAL },			\
}

#endif
