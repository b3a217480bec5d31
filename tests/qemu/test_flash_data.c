// SPDX-License-Identifier: MIT
/*
 * Flash boot: .data really comes from flash. An initialised variable has
 * its value before anything wrote it (so the startup copy happened),
 * lives in RAM, is writable, and the flash copy it came from keeps the
 * initial value after the write. Run from the flash image (flash=1) and,
 * as a control, from the RAM image (flash=0), where .data is in place.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "board/board.h"
#include "tests/qemu/harness/qtest.h"

#define MAGIC 0x600dda7au

extern char __data_start[], __data_load[], __ram_start[], __ram_end[];
extern char __image_start[];

static volatile uint32_t initialised = MAGIC;
static const char greeting[] = "from flash";
static char copy[sizeof(greeting)] = "from flash";

static bool flash_boot(void)
{
	const char *v = qtest_arg("flash");

	return v && v[0] == '1';
}

static bool in_ram(const volatile void *p)
{
	return (uintptr_t)p >= (uintptr_t)__ram_start && (uintptr_t)p < (uintptr_t)__ram_end;
}

static int initialised_value_before_write(void)
{
	QT_ASSERT_EQ(initialised, MAGIC);
	QT_ASSERT(memcmp(copy, greeting, sizeof(greeting)) == 0);
	QT_ASSERT(in_ram(&initialised));
	return 0;
}

static int where_data_was_loaded(void)
{
	bool flash = flash_boot();

	if (flash) {
		QT_ASSERT(!in_ram(__data_load));
		QT_ASSERT((uintptr_t)__data_load != (uintptr_t)__data_start);
		QT_ASSERT(!in_ram(__image_start));	/* the vectors execute from flash */
	} else {
		QT_ASSERT((uintptr_t)__data_load == (uintptr_t)__data_start);
	}
	return 0;
}

static int write_then_read_back(void)
{
	size_t off = (size_t)((const char *)&initialised - __data_start);
	const volatile uint32_t *load_copy = (const volatile uint32_t *)(__data_load + off);

	initialised = 0x12345678u;
	QT_ASSERT_EQ(initialised, 0x12345678u);
	if (flash_boot())
		QT_ASSERT_EQ(*load_copy, MAGIC);	/* flash unchanged */
	else
		QT_ASSERT_EQ(*load_copy, 0x12345678u);	/* same memory */
	initialised = MAGIC;
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(initialised_value_before_write),
	QTEST(where_data_was_loaded),
	QTEST(write_then_read_back),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
