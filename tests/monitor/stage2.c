// SPDX-License-Identifier: MIT
/*
 * Stage-2 translation (LPAE): all of the guest's address space 1:1,
 * except the 16 KiB of virtio-mmio slots 0-31, which fault so that every
 * access traps to us, and the 2 MiB holding the monitor itself.
 */
#include <stdint.h>
#include "mon.h"

#define S2_TABLE 0x3ull
#define S2_BLOCK 0x1ull
#define S2_PAGE 0x3ull
#define S2_AF (1ull << 10)
#define S2_SH_INNER (3ull << 8)
#define S2_AP_RW (3ull << 6)
#define S2_MEM_NORMAL_WB (0xfull << 2)
#define S2_MEM_DEVICE (0x1ull << 2)
#define S2_XN (1ull << 54)

#define S2_NORMAL (S2_AF | S2_SH_INNER | S2_AP_RW | S2_MEM_NORMAL_WB)
#define S2_AP_RO (1ull << 6)
/* virt's flash0 and flash1 (128 MiB at 0x0): the guest may execute in place. */
#define S2_FLASH (S2_AF | S2_SH_INNER | S2_AP_RO | S2_MEM_NORMAL_WB)
#define MON_FLASH_BLOCKS (0x08000000u / SZ_2M)
#define S2_DEVICE (S2_AF | S2_AP_RW | S2_MEM_DEVICE | S2_XN)

#define SZ_2M 0x200000u
#define MON_TRAP_PAGES (MON_VIRTIO_SLOTS * MON_VIRTIO_STRIDE / 4096)

static uint64_t l1[4] __aligned(32);
static uint64_t l2_dev[512] __aligned(4096);	/* 0 - 1 GiB */
static uint64_t l2_ram[512] __aligned(4096);	/* 1 - 2 GiB */
static uint64_t l3_virtio[512] __aligned(4096);	/* the 2 MiB around the virtio slots */

extern char _mon_start[];

void mon_stage2_init(void)
{
	uint32_t vio_block = MON_VIRTIO_BASE / SZ_2M;
	uint32_t mon_block = ((uint32_t)_mon_start - 0x40000000u) / SZ_2M;
	uint64_t vttbr;
	unsigned int i;

	for (i = 0; i < 512; i++) {
		l2_dev[i] = ((uint64_t)i * SZ_2M) | S2_BLOCK |
			    (i < MON_FLASH_BLOCKS ? S2_FLASH : S2_DEVICE);
		l2_ram[i] = (0x40000000ull + (uint64_t)i * SZ_2M) | S2_NORMAL | S2_BLOCK;
		l3_virtio[i] = ((uint64_t)vio_block * SZ_2M + (uint64_t)i * 4096) |
			       S2_DEVICE | S2_PAGE;
	}
	for (i = 0; i < MON_TRAP_PAGES; i++)
		l3_virtio[i] = 0;
	l2_dev[vio_block] = (uint32_t)l3_virtio | S2_TABLE;
	l2_ram[mon_block] = 0;
	l1[0] = (uint32_t)l2_dev | S2_TABLE;
	l1[1] = (uint32_t)l2_ram | S2_TABLE;
	l1[2] = 0;
	l1[3] = 0;
	__asm__ __volatile__("dsb sy" ::: "memory");

	/* VTCR: T0SZ 0 (4 GiB IPA), SL0 level 1, walks WB cacheable inner shareable. */
	__asm__ __volatile__("mcr p15, 4, %0, c2, c1, 2" : : "r"(0x80003540u));
	vttbr = (uint32_t)l1 | (1ull << 48);	/* VMID 1 */
	__asm__ __volatile__("mcrr p15, 6, %Q0, %R0, c2" : : "r"(vttbr));
	__asm__ __volatile__("isb\n\tmcr p15, 4, %0, c8, c7, 4\n\tdsb sy\n\tisb"
			     : : "r"(0) : "memory");	/* TLBIALLNSNH */
}

/*
 * HYP's own stage 1: identity, 1 GiB blocks, RAM normal write-back (as
 * the guest maps it, so both see the same coherent memory, and unaligned
 * accesses by shared C such as memcpy are legal), the rest Device.
 */
#define S1_BLOCK 0x1ull
#define S1_ATTR(n) ((uint64_t)(n) << 2)
#define S1_AF (1ull << 10)
#define S1_SH_INNER (3ull << 8)
#define S1_AP_RW_EL2 (1ull << 6)	/* AP[1] is RES1 at EL2 */
#define S1_XN (1ull << 54)

static uint64_t hyp_l1[4] __aligned(32);

void mon_mmu_init(void)
{
	uint32_t hsctlr;

	hyp_l1[0] = 0x00000000ull | S1_ATTR(1) | S1_AF | S1_AP_RW_EL2 | S1_XN | S1_BLOCK;
	hyp_l1[1] = 0x40000000ull | S1_ATTR(0) | S1_AF | S1_SH_INNER | S1_AP_RW_EL2 | S1_BLOCK;
	hyp_l1[2] = 0;
	hyp_l1[3] = 0;
	__asm__ __volatile__("dsb sy" ::: "memory");
	/* HMAIR0: attr0 normal inner/outer WB RW-allocate, attr1 Device-nGnRE. */
	__asm__ __volatile__("mcr p15, 4, %0, c10, c2, 0" : : "r"(0x04ffu));
	/* HTCR: T0SZ 0, walks inner/outer WB, inner shareable. */
	__asm__ __volatile__("mcr p15, 4, %0, c2, c0, 2" : : "r"(0x80003500u));
	__asm__ __volatile__("mcrr p15, 4, %Q0, %R0, c2" : : "r"((uint64_t)(uint32_t)hyp_l1));
	__asm__ __volatile__("isb\n\tmcr p15, 4, %0, c8, c7, 0\n\tdsb sy\n\tisb"
			     : : "r"(0) : "memory");	/* TLBIALLH */
	__asm__ __volatile__("mrc p15, 4, %0, c1, c0, 0" : "=r"(hsctlr));
	hsctlr |= (1u << 0) | (1u << 2) | (1u << 12);	/* M, C, I */
	hsctlr &= ~(1u << 1);				/* no alignment faults */
	__asm__ __volatile__("mcr p15, 4, %0, c1, c0, 0\n\tisb" : : "r"(hsctlr) : "memory");
}
