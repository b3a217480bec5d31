// SPDX-License-Identifier: MIT
/*
 * The EL2 monitor's access decoding, seen from the guest: every width,
 * sign extension, LR as the target register, empty slots, passthrough.
 * Runs only under tools/qemu-run.sh --monitor with mon.slot1=blk (the
 * simulator's block model, whose config space is writable here). With
 * case=ldrd it does one access the hardware reports without a syndrome;
 * the monitor must stop the run with a report instead of guessing.
 */
#include <string.h>
#include "board/board.h"
#include "board/io.h"
#include "tests/qemu/harness/qtest.h"
#include "vmio/print.h"

#define SLOT(n) (board_get_info()->virtio[n].base)
#define CFG 0x100

static int widths_agree(void)
{
	uintptr_t c = SLOT(1) + CFG;
	uint32_t w = mmio_read32(c + 20);	/* blk_size, 512 */

	QT_ASSERT_EQ(w, 512);
	QT_ASSERT_EQ(mmio_read16(c + 20), 512);
	QT_ASSERT_EQ(mmio_read8(c + 21), 2);
	QT_ASSERT_EQ(mmio_read32(c + 0), 64);	/* capacity, low word */
	QT_ASSERT_EQ(mmio_read8(c + 0), 64);
	return 0;
}

static int narrow_writes_and_sign_extension(void)
{
	uintptr_t c = SLOT(1) + CFG + 8;	/* size_max: free for this test */
	int32_t sb, sh;

	mmio_write32(c, 0x12345678u);
	mmio_write8(c + 1, 0xf0);
	mmio_write16(c + 2, 0x8001);
	QT_ASSERT_EQ(mmio_read32(c), 0x8001f078u);
	__asm__ __volatile__("ldrsb %0, [%1]" : "=r"(sb) : "r"(c + 1) : "memory");
	__asm__ __volatile__("ldrsh %0, [%1]" : "=r"(sh) : "r"(c + 2) : "memory");
	QT_ASSERT_EQ((uint32_t)sb, 0xfffffff0u);
	QT_ASSERT_EQ((uint32_t)sh, 0xffff8001u);
	mmio_write32(c, 0);
	return 0;
}

static int lr_as_target(void)
{
	uintptr_t a = SLOT(1);
	uint32_t got;

	/* The trapped load writes LR_svc, which the monitor reaches banked. */
	__asm__ __volatile__("mov r4, lr\n\t"
			     "ldr lr, [%1]\n\t"
			     "mov %0, lr\n\t"
			     "mov lr, r4"
			     : "=r"(got) : "r"(a) : "r4", "lr", "memory");
	QT_ASSERT_EQ(got, 0x74726976u);
	__asm__ __volatile__("mov r4, lr\n\t"
			     "mov lr, %1\n\t"
			     "str lr, [%0]\n\t"
			     "mov lr, r4"
			     : : "r"(SLOT(1) + CFG + 8), "r"(0xcafe0000u) : "r4", "lr", "memory");
	QT_ASSERT_EQ(mmio_read32(SLOT(1) + CFG + 8), 0xcafe0000u);
	mmio_write32(SLOT(1) + CFG + 8, 0);
	return 0;
}

static int empty_and_passthrough_slots(void)
{
	unsigned int i;

	for (i = 2; i < 8; i++) {
		QT_ASSERT_EQ(mmio_read32(SLOT(i)), 0x74726976u);
		QT_ASSERT_EQ(mmio_read32(SLOT(i) + 8), 0);
	}
	QT_ASSERT_EQ(mmio_read32(SLOT(1) + 8), 2);	/* blk model */
	QT_ASSERT_EQ(mmio_read32(SLOT(31) + 8), 4);	/* QEMU's rng, passed through */
	QT_ASSERT_EQ(mmio_read32(SLOT(31) + 0xc), 0x554d4551u);
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(widths_agree),
	QTEST(narrow_writes_and_sign_extension),
	QTEST(lr_as_target),
	QTEST(empty_and_passthrough_slots),
};

int main(void)
{
	const char *c = qtest_arg("case");

	if (c && !strcmp(c, "ldrd")) {
		uint32_t lo, hi;

		vmio_printf("doing an ldrd on a trapped register\n");
		__asm__ __volatile__("ldrd %0, %1, [%2]" : "=r"(lo), "=r"(hi)
				     : "r"(SLOT(1)) : "memory");
		vmio_printf("ldrd returned 0x%lx 0x%lx: the monitor let it through\n",
			    (unsigned long)lo, (unsigned long)hi);
		return 0;
	}
	return qtest_run(cases, ARRAY_SIZE(cases));
}
