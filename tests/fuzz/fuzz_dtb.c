// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the DTB reader: dtb_check() on arbitrary bytes,
 * and on anything it accepts, the platform scan and every query, so that
 * "checked" really means "safe to query". The input is copied into an
 * exactly-sized heap buffer (8-byte aligned, as dtb_check() requires) so
 * that ASan reports any read past its end.
 *
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -DVMIO_HOST -D_DEFAULT_SOURCE -I. -Iinclude tests/fuzz/fuzz_dtb.c \
 *     board/common/fdt.c board/common/dt_discovery.c board/arm/gic_dt.c \
 *     board/qemu-virt/virt_dt.c lib/log.c lib/printf.c -o build/fuzz_dtb
 *   build/fuzz_dtb -dict=... corpus/   (seed it with QEMU's DTB)
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "board/arm/arm.h"
#include "board/qemu-virt/virt_dt.h"
#include "vmio/log.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every bad input logs a line; formatting them is tested, printing is not. */
static void quiet_sink(enum vmio_log_level level, const char *line)
{
	(void)level;
	(void)line;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	vmio_log_set_sink(quiet_sink);
	return 0;
}

static void check_errno(int ret)
{
	if (ret > 0)
		return;		/* an offset */
	if (ret != 0 && ret != -EINVAL && ret != -ENOENT && ret != -ENOSPC)
		abort();
}

static void exercise_node(const struct dtb *dt, int node, bool costly)
{
	uint32_t len, v, deps[BOARD_MAX_DEPS];
	const char *name, *s;
	unsigned int nd, irq;
	uint64_t base, size;
	const void *val;
	int p, c;

	if (!dtb_node_name(dt, node))
		abort();	/* node came from an iterator: it must be valid */
	dtb_for_each_child(dt, node, c)
		;
	check_errno(c);
	dtb_for_each_prop(dt, node, p) {
		if (dtb_prop_at(dt, p, &name, &val, &len))
			abort();
		check_errno(dtb_prop_u32(dt, node, name, &v));
		check_errno(dtb_prop_string(dt, node, name, &s));
		(void)dtb_stringlist_contains(val, len, "virtio,mmio");
	}
	check_errno(p);
	check_errno(dtb_address_cells(dt, node));
	check_errno(dtb_size_cells(dt, node));
	if (!costly)
		return;
	/* these walk from the root: only for the first few nodes */
	check_errno(dtb_parent(dt, node));
	check_errno(dtb_reg(dt, node, 0, &base, &size));
	check_errno(dtb_irq(dt, node, 0, &irq));
	check_errno(dtb_node_deps(dt, node, deps, BOARD_MAX_DEPS, &nd));
	if (nd > BOARD_MAX_DEPS)
		abort();
	check_errno(dtb_find_phandle(dt, dtb_phandle(dt, node)));
}

static void exercise(const uint8_t *blob, size_t size, uint32_t probe)
{
	static struct dtb_platform plat;
	static struct virt_dt virt;
	unsigned int count = 0;
	struct dtb dt;
	int n, d = 0;

	check_errno(virt_dt_scan(blob, size, &plat, &virt));
	if (!plat.info.from_dtb || plat.info.nvirtio > BOARD_MAX_VIRTIO_SLOTS ||
	    plat.info.nmem > BOARD_MAX_MEM_REGIONS || virt.ntimer_irqs > VIRT_MAX_TIMER_IRQS)
		abort();
	if (dtb_open(&dt, blob, size))
		abort();
	for (n = dtb_root(&dt); n >= 0; n = dtb_next_node(&dt, n, &d)) {
		if (d < 0 || d >= DTB_MAX_DEPTH)
			abort();
		exercise_node(&dt, n, count++ < 8);
	}
	check_errno(n);
	check_errno(dtb_find_path(&dt, "/chosen"));
	check_errno(dtb_find_path(&dt, "/memory"));
	check_errno(dtb_find_path(&dt, "serial0/x"));
	check_errno(dtb_find_compatible(&dt, -1, "arm,pl011"));

	/* arbitrary offsets from the input must be refused, never followed */
	(void)dtb_node_name(&dt, (int)(probe & 0x7fffffff));
	check_errno(dtb_first_child(&dt, (int)(probe & 0x7fffffff)));
	check_errno(dtb_next_prop(&dt, (int)(probe & 0x7ffffffc)));
	check_errno(dtb_parent(&dt, (int)(probe & 0xfffc)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t probe = 0;
	uint8_t *blob;
	int ret;

	blob = malloc(size ? size : 1);
	if (!blob)
		return 0;
	if (size)
		memcpy(blob, data, size);
	if (size >= 44)		/* a word just past the header, for offset probes */
		probe = (uint32_t)data[40] << 24 | (uint32_t)data[41] << 16 |
			(uint32_t)data[42] << 8 | data[43];
	ret = dtb_check(blob, size);
	if (ret != 0 && ret != -EINVAL)
		abort();
	if (!ret)
		exercise(blob, size, probe);
	free(blob);
	return 0;
}
