// SPDX-License-Identifier: MIT
/*
 * Discovery against the board's memory map (board/common/virtio_windows.c)
 * on QEMU virt's own DTB, dumped at test time, with virtio,mmio nodes
 * re-pointed by libfdt: at nothing (0x0b000000, 0xdead0000), at RAM,
 * across the end of the virtio region, at a device another node already
 * names, half over one. Each is refused in one line; the other windows
 * are kept in order, each with its own DTB node.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "board/arm/arm.h"
#include "board/qemu-virt/virt_dt.h"
#include "board/common/virtio_windows.h"
#include "board/qemu-virt/memmap.h"
#include "vmio/log.h"

static const struct board_map_region virt_map[] = VIRT_MEMORY_MAP;
#define NMAP (sizeof(virt_map) / sizeof(virt_map[0]))

static char tmpdir[64];
static uint8_t *qemu_dtb;
static size_t qemu_size;
static const uint8_t *cur;	/* the blob being checked */
static char errs[8][VMIO_LOG_LINE_MAX];
static unsigned int nerrs;
static struct dtb_platform plat;
static struct virt_dt virt;

static void capture_sink(enum vmio_log_level level, const char *line)
{
	if (level == VMIO_LOG_ERR && nerrs < 8)
		snprintf(errs[nerrs++], sizeof(errs[0]), "%s", line);
}

static int group_setup(void **state)
{
	char cmd[256], path[128];
	FILE *f;
	long len;

	(void)state;
	vmio_log_set_sink(capture_sink);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vmio-win-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof(path), "%s/virt.dtb", tmpdir);
	snprintf(cmd, sizeof(cmd), "qemu-system-arm -M virt,dumpdtb=%s -cpu cortex-a15 "
		 "-m 128M -nographic -net none >/dev/null 2>&1", path);
	if (system(cmd))
		return -1;
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0)
		return -1;
	rewind(f);
	qemu_size = (size_t)len;
	qemu_dtb = malloc(qemu_size);
	if (!qemu_dtb || fread(qemu_dtb, 1, qemu_size, f) != qemu_size)
		return -1;
	fclose(f);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	free(qemu_dtb);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	vmio_log_set_sink(NULL);
	return system(cmd) ? -1 : 0;
}

/* QEMU's blob with the node at from[i] saying to[i]+size[i] instead. */
static uint8_t *patched(const uint32_t *from, const uint32_t *to, const uint32_t *size,
			unsigned int n)
{
	uint8_t *b = malloc(qemu_size);
	char name[32];
	unsigned int i;
	int node;

	assert_non_null(b);
	memcpy(b, qemu_dtb, qemu_size);
	for (i = 0; i < n; i++) {
		fdt32_t reg[4] = { 0, cpu_to_fdt32(to[i]), 0, cpu_to_fdt32(size[i]) };

		snprintf(name, sizeof(name), "/virtio_mmio@%x", from[i]);
		node = fdt_path_offset(b, name);
		assert_true(node >= 0);
		assert_int_equal(fdt_setprop_inplace(b, node, "reg", reg, sizeof(reg)), 0);
	}
	return b;
}

/* Scan and check blob; returns the number of windows removed. */
static unsigned int discover(const uint8_t *blob)
{
	cur = blob;
	nerrs = 0;
	assert_int_equal(virt_dt_scan(blob, qemu_size, &plat, &virt), 0);
	assert_int_equal(plat.info.nvirtio, 32);
	assert_int_equal(nerrs, 0);
	return board_check_virtio_windows(&plat.info, plat.virtio_node, virt_map, NMAP);
}

/* Every kept window is QEMU's slot layout minus the missing ones, in order, with its own node. */
static void check_kept(const uint32_t *missing, unsigned int nmissing)
{
	unsigned int i, k = 0, m;
	uint32_t want;

	for (i = 0; i < 32; i++) {
		const fdt32_t *reg;
		bool skip = false;
		int len;

		want = 0x0a000000u + i * 0x200u;
		for (m = 0; m < nmissing; m++)
			skip = skip || missing[m] == want;
		if (skip)
			continue;
		assert_true(k < plat.info.nvirtio);
		assert_int_equal(plat.info.virtio[k].base, want);
		assert_int_equal(plat.info.virtio[k].size, 0x200);
		reg = fdt_getprop(cur, plat.virtio_node[k], "reg", &len);
		assert_non_null(reg);
		assert_int_equal(fdt32_to_cpu(reg[1]), want);
		k++;
	}
	assert_int_equal(plat.info.nvirtio, k);
	for (i = k; i < BOARD_MAX_VIRTIO_SLOTS; i++)
		assert_int_equal(plat.virtio_node[i], -1);
}

static void check_errs(const char *const *want, unsigned int n)
{
	unsigned int i;

	assert_int_equal(nerrs, n);
	for (i = 0; i < n; i++) {
		if (!strstr(errs[i], want[i])) {
			fprintf(stderr, "log line \"%s\" lacks \"%s\"\n", errs[i], want[i]);
			fail();
		}
	}
}

static void qemu_dtb_is_kept_whole(void **state)
{
	(void)state;
	assert_int_equal(discover(qemu_dtb), 0);
	check_kept(NULL, 0);
}

static void windows_with_nothing_behind_them(void **state)
{
	static const uint32_t from[] = { 0x0a000a00, 0x0a000c00, 0x0a000e00, 0x0a001000 };
	static const uint32_t to[] = { 0x0b000000, 0xdead0000, 0x40000000, 0x0a0fff00 };
	static const uint32_t size[] = { 0x200, 0x200, 0x200, 0x200 };
	static const char *const want[] = {
		"window 0x0a0fff00+0x200 is outside the board's device map, skipped",
		"window 0x0b000000+0x200 is outside",
		"window 0x40000000+0x200 is outside",
		"window 0xdead0000+0x200 is outside",
	};
	uint8_t *b = patched(from, to, size, 4);

	(void)state;
	assert_int_equal(discover(b), 4);
	check_errs(want, 4);
	check_kept(from, 4);
	free(b);
}

static void the_same_device_twice(void **state)
{
	/* slot 5 names slot 31's window; slot 6 half of it (from 0x0a003f00) */
	static const uint32_t from[] = { 0x0a000a00, 0x0a000c00 };
	static const uint32_t to[] = { 0x0a003e00, 0x0a003f00 };
	static const uint32_t size[] = { 0x200, 0x200 };
	static const char *const want[] = {
		"window 0x0a003e00+0x200 overlaps the one at 0x0a003e00, skipped",
		"window 0x0a003f00+0x200 overlaps the one at 0x0a003e00, skipped",
	};
	uint8_t *b = patched(from, to, size, 2);

	(void)state;
	assert_int_equal(discover(b), 2);
	check_errs(want, 2);
	check_kept(from, 2);
	free(b);
}

/* A window larger than it should be swallows its neighbour's. */
static void a_window_over_its_neighbours(void **state)
{
	static const uint32_t from[] = { 0x0a000000 };
	static const uint32_t to[] = { 0x0a000000 };
	static const uint32_t size[] = { 0x600 };	/* slots 0-2 */
	static const char *const want[] = {
		"window 0x0a000200+0x200 overlaps the one at 0x0a000000",
		"window 0x0a000400+0x200 overlaps the one at 0x0a000000",
	};
	static const uint32_t missing[] = { 0x0a000200, 0x0a000400 };
	uint8_t *b = patched(from, to, size, 1);
	unsigned int i;

	(void)state;
	assert_int_equal(discover(b), 2);
	check_errs(want, 2);
	assert_int_equal(plat.info.virtio[0].size, 0x600);
	plat.info.virtio[0].size = 0x200;	/* as check_kept() expects */
	check_kept(missing, 2);
	for (i = 0; i < plat.info.nvirtio; i++)
		assert_true(plat.info.virtio[i].base != 0x0a000200);
	free(b);
}

/* The board table path (no nodes): nothing to drop, no line. */
static void board_table_without_nodes(void **state)
{
	struct board_info info = { .nvirtio = 32 };
	unsigned int i, before;

	(void)state;
	for (i = 0; i < 32; i++) {
		info.virtio[i].base = 0x0a000000u + i * 0x200u;
		info.virtio[i].size = 0x200;
	}
	nerrs = 0;
	assert_int_equal(board_check_virtio_windows(&info, NULL, virt_map, NMAP), 0);
	assert_int_equal(info.nvirtio, 32);
	assert_int_equal(nerrs, 0);
	/* ... and with an empty map, every window is refused, one line each */
	before = vmio_log_errors();
	assert_int_equal(board_check_virtio_windows(&info, NULL, virt_map, 0), 32);
	assert_int_equal(info.nvirtio, 0);
	assert_int_equal(vmio_log_errors() - before, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_dtb_is_kept_whole),
		cmocka_unit_test(windows_with_nothing_behind_them),
		cmocka_unit_test(the_same_device_twice),
		cmocka_unit_test(a_window_over_its_neighbours),
		cmocka_unit_test(board_table_without_nodes),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
