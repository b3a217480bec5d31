// SPDX-License-Identifier: MIT
/*
 * The slot table of a run with known devices. The runner passes what it
 * attached as devs=SLOT:ID,SLOT:ID... and ver=1|2; every other slot must
 * read DeviceID 0, and every slot must carry the magic and its IRQ.
 */
#include <stdlib.h>
#include <string.h>
#include "board/board.h"
#include "board/io.h"
#include "tests/qemu/harness/qtest.h"

static uint32_t expected_id[BOARD_MAX_VIRTIO_SLOTS];

static int parse_devs(void)
{
	const char *p = qtest_arg("devs");
	char *end;

	QT_ASSERT(p);
	while (*p) {
		unsigned long slot = strtoul(p, &end, 10);

		QT_ASSERT(*end == ':' && slot < BOARD_MAX_VIRTIO_SLOTS);
		expected_id[slot] = (uint32_t)strtoul(end + 1, &end, 0);
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
}

static int slots_have_magic_and_irq(void)
{
	const struct board_info *bi = board_get_info();
	unsigned int i;

	QT_ASSERT_EQ(bi->nvirtio, 32);
	for (i = 0; i < bi->nvirtio; i++) {
		QT_ASSERT_EQ(bi->virtio[i].base, 0x0a000000u + i * 0x200u);
		QT_ASSERT_EQ(bi->virtio[i].size, 0x200u);
		QT_ASSERT_EQ(bi->virtio[i].irq, 48 + i);
		QT_ASSERT_EQ(mmio_read32(bi->virtio[i].base), 0x74726976u);
	}
	return 0;
}

static int device_ids_and_versions(void)
{
	const struct board_info *bi = board_get_info();
	const char *ver = qtest_arg("ver");
	unsigned int i;

	QT_ASSERT(ver);
	for (i = 0; i < bi->nvirtio; i++) {
		uintptr_t base = bi->virtio[i].base;

		QT_ASSERT_EQ(mmio_read32(base + 8), expected_id[i]);
		QT_ASSERT_EQ(mmio_read32(base + 4), (uint32_t)(ver[0] - '0'));
	}
	return 0;
}

static const struct qtest_case cases[] = {
	QTEST(parse_devs),
	QTEST(slots_have_magic_and_irq),
	QTEST(device_ids_and_versions),
};

int main(void)
{
	return qtest_run(cases, ARRAY_SIZE(cases));
}
