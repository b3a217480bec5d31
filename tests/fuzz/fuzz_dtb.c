// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the DTB reader: dtb_check() on arbitrary bytes,
 * and on anything it accepts, the platform scan and every query, so that
 * "checked" really means "safe to query". The input is copied into an
 * exactly-sized heap buffer (8-byte aligned, as dtb_check() requires) so
 * that ASan reports any read past its end.
 *
 * libfdt is the oracle, as in tests/host/test_dtb.c: what dtb_check()
 * accepts, fdt_check_full() accepts too, and both readers see the same
 * tree: node offsets and depths in the same order, the same names,
 * phandles, children and properties (names, values, lengths, lookup by
 * name), and, on the first nodes, the same parents and path lookups.
 *
 *   make O=/tmp/fz /tmp/fz/fuzz/fuzz_dtb && /tmp/fz/fuzz/fuzz_dtb corpus/
 *   (tools/run-fuzz.sh seeds it with QEMU's DTB and a dictionary)
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include "board/arm/arm.h"
#include "board/qemu-virt/virt_dt.h"
#include "vmio/log.h"
#include "tests/fuzz/fuzz_stubs.h"

/* Nodes whose parent and path (O(n) each in both readers) are compared. */
#define COSTLY_NODES	8

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Every bad input logs a line: the stubs' sink counts them, prints none. */
	fuzz_stubs_reset();
	return 0;
}

static void check_errno(int ret)
{
	if (ret > 0)
		return;		/* an offset */
	if (ret != 0 && ret != -EINVAL && ret != -ENOENT && ret != -ENOSPC)
		fuzz_bug();
}

/*
 * Does path (of a node at depth) name it unambiguously: no name on the
 * way is empty or holds a '/' of its own?
 */
static FUZZ_ORACLE bool plain_path(const char *path, int depth)
{
	int n = 0;
	size_t i;

	if (!depth)
		return !strcmp(path, "/");
	for (i = 0; path[i]; i++)
		if (path[i] == '/' && (n++, !path[i + 1] || path[i + 1] == '/'))
			return false;
	return n == depth;
}

static FUZZ_ORACLE uint32_t be32_at(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/*
 * libfdt's phandle of node, where dtb.h means the same thing: 0xffffffff
 * is reserved (the DT spec: not a valid phandle), and a "phandle" that
 * is not one cell makes the node have none, where libfdt falls back to
 * "linux,phandle".
 */
static FUZZ_ORACLE uint32_t expect_phandle(const void *fdt, int node)
{
	uint32_t ph = fdt_get_phandle(fdt, node);
	int len;

	if (fdt_getprop(fdt, node, "phandle", &len) && len != 4)
		return 0;
	return ph == 0xffffffffu ? 0 : ph;
}

/*
 * Properties of node, both readers in step: the same names, values and
 * lengths in the same order; looked up by name, the first one of that
 * name, as libfdt finds it.
 */
static void compare_props(const struct dtb *dt, const void *fdt, int node)
{
	const char *name, *fname, *s;
	const void *val, *fval, *lval;
	int p, fp, flen, llen, ret;
	uint32_t len, v;

	fp = fdt_first_property_offset(fdt, node);
	dtb_for_each_prop(dt, node, p) {
		if (p != fp || dtb_prop_at(dt, p, &name, &val, &len))
			fuzz_bug();
		fval = fdt_getprop_by_offset(fdt, fp, &fname, &flen);
		if (!fval || !fname || strcmp(name, fname) || val != fval || len != (uint32_t)flen)
			fuzz_bug();
		lval = fdt_getprop(fdt, node, name, &llen);
		ret = dtb_prop_u32(dt, node, name, &v);
		if (llen == 4 ? ret || v != be32_at(lval) : ret != -EINVAL)
			fuzz_bug();
		ret = dtb_prop_string(dt, node, name, &s);
		if (ret ? ret != -EINVAL : s != lval)
			fuzz_bug();
		(void)dtb_stringlist_contains(val, len, "virtio,mmio");
		fp = fdt_next_property_offset(fdt, fp);
	}
	if (p != -ENOENT || fp >= 0)
		fuzz_bug();
}

/*
 * One node, against libfdt where it has an answer, and every other query
 * for its errno contract. The queries that walk from the root (parent,
 * path, reg, interrupts, dependencies, phandle lookup) only on the first
 * COSTLY_NODES nodes.
 */
static void exercise_node(const struct dtb *dt, const void *fdt, int node, int depth,
			  bool costly)
{
	uint32_t deps[BOARD_MAX_DEPS];
	const char *name = dtb_node_name(dt, node);
	unsigned int nd, irq;
	uint64_t base, size;
	int c, fc;
	char path[256];

	/* node came from an iterator: it must be valid */
	if (!name || strcmp(name, fdt_get_name(fdt, node, NULL)))
		fuzz_bug();
	if (dtb_phandle(dt, node) != expect_phandle(fdt, node))
		fuzz_bug();
	fc = fdt_first_subnode(fdt, node);
	dtb_for_each_child(dt, node, c) {
		if (c != fc)
			fuzz_bug();
		fc = fdt_next_subnode(fdt, fc);
	}
	if (c != -ENOENT || fc >= 0)
		fuzz_bug();
	compare_props(dt, fdt, node);
	check_errno(dtb_address_cells(dt, node));
	check_errno(dtb_size_cells(dt, node));
	if (!costly)
		return;
	if (dtb_parent(dt, node) != (node == 0 ? -ENOENT : fdt_parent_offset(fdt, node)))
		fuzz_bug();
	/*
	 * The first match in blob order wins in both: equal, not always
	 * node; or none in both (their errno values differ).
	 */
	if (!fdt_get_path(fdt, node, path, sizeof(path)) && plain_path(path, depth)) {
		int ours = dtb_find_path(dt, path), theirs = fdt_path_offset(fdt, path);

		if (ours != theirs && (ours >= 0 || theirs >= 0 || ours != -ENOENT))
			fuzz_bug();
	}
	check_errno(dtb_reg(dt, node, 0, &base, &size));
	check_errno(dtb_irq(dt, node, 0, &irq));
	check_errno(dtb_node_deps(dt, node, deps, BOARD_MAX_DEPS, &nd));
	if (nd > BOARD_MAX_DEPS)
		fuzz_bug();
	check_errno(dtb_find_phandle(dt, dtb_phandle(dt, node)));
}

/* A blob dtb_check() accepted: libfdt accepts it too, and both see one tree. */
static void exercise(const uint8_t *blob, size_t size, uint32_t probe)
{
	static struct dtb_platform plat;
	static struct virt_dt virt;
	int n, fn, d = 0, fd = -1, count = 0;
	struct dtb dt;

	if (fdt_check_full(blob, size))
		fuzz_bug();	/* we accepted a blob libfdt finds broken */
	check_errno(virt_dt_scan(blob, size, &plat, &virt));
	if (!plat.info.from_dtb || plat.info.nvirtio > BOARD_MAX_VIRTIO_SLOTS ||
	    plat.info.nmem > BOARD_MAX_MEM_REGIONS || virt.ntimer_irqs > VIRT_MAX_TIMER_IRQS)
		fuzz_bug();
	if (dtb_open(&dt, blob, size))
		fuzz_bug();
	fn = fdt_next_node(blob, -1, &fd);
	for (n = dtb_root(&dt); n >= 0; n = dtb_next_node(&dt, n, &d)) {
		if (n != fn || d != fd || d < 0 || d >= DTB_MAX_DEPTH)
			fuzz_bug();
		exercise_node(&dt, blob, n, d, count++ < COSTLY_NODES);
		fn = fdt_next_node(blob, fn, &fd);
	}
	/* libfdt ends by leaving the root */
	if (n != -ENOENT || (fn >= 0 && fd >= 0))
		fuzz_bug();
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
		fuzz_bug();
	if (!ret)
		exercise(blob, size, probe);
	free(blob);
	return 0;
}
