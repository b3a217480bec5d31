// SPDX-License-Identifier: MIT
/*
 * Boot: the CPU state startup/ promises, checked from inside. Run in SVC
 * and in HYP mode; the runner passes the mode it booted in as boot=svc|hyp.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "startup/cpu.h"
#include "tests/qemu/harness/qtest.h"

extern char _vectors[], __bss_start[], __bss_end[];
extern char __stack_svc_base[], __stack_svc_top[], __dma_start[];

static unsigned int zero_in_bss;
static unsigned int set_in_data = 0x5a5aa5a5u;

static int boot_mode_matches(void)
{
	const char *want = qtest_arg("boot");

	QT_ASSERT(want);
	QT_ASSERT_EQ(boot_cpu_mode, !strcmp(want, "hyp") ? CPU_MODE_HYP : CPU_MODE_SVC);
	return 0;
}

static int runs_in_svc(void)
{
	QT_ASSERT_EQ(cpu_read_cpsr() & 0x1f, CPU_MODE_SVC);
	return 0;
}

static int vectors_installed(void)
{
	QT_ASSERT_EQ(CP15_READ(0, c12, c0, 0), (uint32_t)_vectors);
	QT_ASSERT_EQ(CP15_READ(0, c1, c0, 0) & (1u << 13), 0);	/* SCTLR.V */
	return 0;
}

static int mmu_and_caches_on(void)
{
	uint32_t sctlr = CP15_READ(0, c1, c0, 0);

	QT_ASSERT_EQ(sctlr & 0x1005, 0x1005);	/* M, C, I */
	return 0;
}

static int vfp_works(void)
{
	volatile double a = 1.5, b = 2.25;
	uint32_t fpexc;

	__asm__ __volatile__("vmrs %0, fpexc" : "=r"(fpexc));
	QT_ASSERT(fpexc & 0x40000000u);
	QT_ASSERT(a * b == 3.375);
	return 0;
}

static int c_runtime_ready(void)
{
	char here;

	QT_ASSERT_EQ(zero_in_bss, 0);
	QT_ASSERT_EQ(set_in_data, 0x5a5aa5a5u);
	QT_ASSERT((uintptr_t)&here > (uintptr_t)__stack_svc_base);
	QT_ASSERT((uintptr_t)&here < (uintptr_t)__stack_svc_top);
	QT_ASSERT_EQ((uintptr_t)__dma_start & 4095, 0);
	return 0;
}

static int unaligned_access_allowed(void)
{
	static uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	volatile uint32_t *p = (volatile uint32_t *)(buf + 1);

	QT_ASSERT_EQ(*p, 0x05040302u);
	return 0;
}

static int exclusives_work(void)
{
	static volatile uint32_t word = 41;
	uint32_t v, fail;

	__asm__ __volatile__("ldrex %0, [%2]\n\tadd %0, %0, #1\n\t"
			     "strex %1, %0, [%2]"
			     : "=&r"(v), "=&r"(fail) : "r"(&word) : "memory");
	QT_ASSERT_EQ(fail, 0);
	QT_ASSERT_EQ(word, 42);
	return 0;
}

/* An argument as a number (strtoul base 0), or def when absent. */
static unsigned long arg_num(const char *key, unsigned long def)
{
	const char *v = qtest_arg(key);

	return v ? strtoul(v, NULL, 0) : def;
}

/*
 * What the board found, against what the run says it must be: by
 * default qemu-virt's DTB (RAM at 0x40000000, 32 transports); a board
 * without a DTB passes src=table ram=BASE slots=N.
 */
static int discovered_from_dtb(void)
{
	const struct board_info *bi = board_get_info();
	const char *src = qtest_arg("src");
	bool table = src && !strcmp(src, "table");

	QT_ASSERT_EQ(bi->from_dtb, !table);
	QT_ASSERT_EQ(bi->nmem, 1);
	QT_ASSERT_EQ(bi->mem[0].base, arg_num("ram", 0x40000000u));
	QT_ASSERT_EQ(bi->mem[0].size, 128u << 20);
	QT_ASSERT_EQ(bi->nvirtio, arg_num("slots", 32));
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(boot_mode_matches),
	QTEST(runs_in_svc),
	QTEST(vectors_installed),
	QTEST(mmu_and_caches_on),
	QTEST(vfp_works),
	QTEST(c_runtime_ready),
	QTEST(unaligned_access_allowed),
	QTEST(exclusives_work),
	QTEST(discovered_from_dtb),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
