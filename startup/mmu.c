// SPDX-License-Identifier: MIT
/*
 * Identity map with 1 MiB short-descriptor sections. Caches and the MMU
 * are needed even on a hypervisor guest: exclusives, unaligned accesses
 * and any reasonable speed depend on normal cacheable memory.
 */
#include <stdint.h>
#include "board/board.h"
#include "startup/cpu.h"
#include "vmio/compiler.h"

#define SECT_SHIFT 20
#define SECT_SECTION 0x2u
#define SECT_B BIT(2)
#define SECT_C BIT(3)
#define SECT_XN BIT(4)
#define SECT_AP_RW (3u << 10)	/* PL0/PL1 read-write, AP[2] = 0 */
#define SECT_AP_RO (BIT(15) | (1u << 10))	/* PL1 read-only, PL0 none: AP[2:0] = 101 */
#define SECT_TEX(x) ((uint32_t)(x) << 12)
#define SECT_S BIT(16)

/* Normal, inner/outer write-back write-allocate (TEX=001 C=1 B=1), shareable. */
#define SECT_NORMAL (SECT_SECTION | SECT_AP_RW | SECT_TEX(1) | SECT_C | SECT_B | SECT_S)
/* Flash: normal write-back like RAM, but read-only. */
#define SECT_ROM (SECT_SECTION | SECT_AP_RO | SECT_TEX(1) | SECT_C | SECT_B | SECT_S)
/* Shareable Device (TEX=000 C=0 B=1), never executable. */
#define SECT_DEVICE (SECT_SECTION | SECT_AP_RW | SECT_B | SECT_XN)

#define SCTLR_M BIT(0)
#define SCTLR_A BIT(1)
#define SCTLR_C BIT(2)
#define SCTLR_Z BIT(11)
#define SCTLR_I BIT(12)

static uint32_t ttb[4096] __aligned(16384);

static void map_region(const struct board_map_region *r)
{
	uint32_t attr = r->type == BOARD_MEM_NORMAL ? SECT_NORMAL :
			r->type == BOARD_MEM_ROM ? SECT_ROM : SECT_DEVICE;
	uint32_t first = r->base >> SECT_SHIFT;
	uint32_t count = r->size >> SECT_SHIFT;
	uint32_t i;

	for (i = first; i < first + count && i < ARRAY_SIZE(ttb); i++)
		ttb[i] = (i << SECT_SHIFT) | attr;
}

/*
 * Invalidate (without cleaning) every data and unified cache level up to
 * the point of coherency, by set/way. Only correct while the D-cache is
 * off: whatever a line held is garbage from reset, never data of ours.
 */
static void dcache_invalidate_all(void)
{
	uint32_t clidr = CP15_READ(1, c0, c0, 1);
	uint32_t loc = (clidr >> 24) & 7u;
	uint32_t level, way, set;

	for (level = 0; level < loc; level++) {
		uint32_t ctype = (clidr >> (level * 3)) & 7u;
		uint32_t ccsidr, line_shift, ways, sets, way_shift;

		if (ctype < 2)	/* none, or instruction only */
			continue;
		CP15_WRITE(2, c0, c0, 0, level << 1);	/* CSSELR: data/unified at level */
		isb();
		ccsidr = CP15_READ(1, c0, c0, 0);
		line_shift = (ccsidr & 7u) + 4;
		ways = ((ccsidr >> 3) & 0x3ffu) + 1;
		sets = ((ccsidr >> 13) & 0x7fffu) + 1;
		way_shift = ways > 1 ? (uint32_t)__builtin_clz(ways - 1) : 0;
		for (way = 0; way < ways; way++)
			for (set = 0; set < sets; set++)
				CP15_WRITE(0, c7, c6, 2, (way << way_shift) |
					   (set << line_shift) | (level << 1));	/* DCISW */
	}
	dsb();
	isb();
}

void mmu_init(void)
{
	const struct board_map_region *map;
	unsigned int n, i;
	uint32_t sctlr;

	map = board_memory_map(&n);
	for (i = 0; i < n; i++)
		map_region(&map[i]);
	dsb();

	CP15_WRITE(0, c2, c0, 2, 0);		/* TTBCR: TTBR0 only, short format */
	/* TTBR0: table walks inner/outer write-back cacheable, shareable. */
	CP15_WRITE(0, c2, c0, 0, (uint32_t)ttb | 0x4a);
	CP15_WRITE(0, c3, c0, 0, 0x55555555);	/* DACR: all domains client */
	CP15_WRITE(0, c8, c7, 0, 0);		/* TLBIALL */
	CP15_WRITE(0, c7, c5, 0, 0);		/* ICIALLU */
	CP15_WRITE(0, c7, c5, 6, 0);		/* BPIALL */
	dsb();
	isb();

	/*
	 * Architecturally the D-cache content is unknown at reset until it is
	 * invalidated (the Cortex-A15 does it in hardware, the Cortex-A9 does
	 * not): invalidate before SCTLR.C is set. Skipped when a loader left
	 * the cache on, since then it holds our .data and .bss.
	 */
	sctlr = CP15_READ(0, c1, c0, 0);
	if (!(sctlr & SCTLR_C))
		dcache_invalidate_all();
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z;
	sctlr &= ~SCTLR_A;	/* unaligned normal-memory accesses allowed */
	CP15_WRITE(0, c1, c0, 0, sctlr);
	isb();
}
