// SPDX-License-Identifier: MIT
/*
 * DTB reader against QEMU's own device trees (dumped at test time) with
 * libfdt and fdtget as the oracle, then against every kind of broken blob
 * we can think of. Broken blobs live in exactly-sized heap buffers so
 * that ASan turns any read past their end into a failure.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <libfdt.h>

#include "board/arm/arm.h"
#include "board/qemu-virt/virt_dt.h"
#include "vmio/log.h"

/* ------------------------------------------------------------ plumbing */

struct blob {
	uint8_t *data;
	size_t size;
};

static char tmpdir[64];
static struct blob qemu_plain;	/* -M virt -m 128M */
static struct blob qemu_virt;	/* -M virt,virtualization=on -m 256M */
static struct blob qemu_devs;	/* -M virt with virtio-blk and two virtio-rng */
static struct blob packed;	/* qemu_plain with its padding removed by fdt_pack() */

static char last_err[VMIO_LOG_LINE_MAX];
static bool verbose;

static void capture_sink(enum vmio_log_level level, const char *line)
{
	if (level == VMIO_LOG_ERR)
		snprintf(last_err, sizeof(last_err), "%s", line);
	if (verbose)
		fprintf(stderr, "log: %s\n", line);
}

/* One pr_err line mentioning phrase (when not NULL) since before. */
static void check_one_error(unsigned int before, const char *phrase)
{
	assert_int_equal(vmio_log_errors() - before, 1);
	if (phrase && !strstr(last_err, phrase)) {
		fprintf(stderr, "log line \"%s\" lacks \"%s\"\n", last_err, phrase);
		fail();
	}
}

#define EXPECT_ERR(expr, err, phrase)					\
	do {								\
		unsigned int before_ = vmio_log_errors();		\
		int ret_ = (expr);					\
		assert_int_equal(ret_, (err));				\
		check_one_error(before_, (phrase));			\
	} while (0)

#define EXPECT_QUIET(expr, want)					\
	do {								\
		unsigned int before_ = vmio_log_errors();		\
		int ret_ = (expr);					\
		assert_int_equal(ret_, (want));				\
		assert_int_equal(vmio_log_errors() - before_, 0);	\
	} while (0)

static struct blob load_file(const char *path)
{
	struct blob b = { 0 };
	FILE *f = fopen(path, "rb");
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	b.size = (size_t)len;
	b.data = malloc(b.size);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, b.size, f), b.size);
	fclose(f);
	return b;
}

static void run(const char *fmt, ...) __printf(1, 2);
static void run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	assert_int_equal(rc, 0);
}

static struct blob qemu_dump(const char *name, const char *args)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s.dtb", tmpdir, name);
	run("qemu-system-arm -cpu cortex-a15 -nographic -net none %s "
	    "-machine dumpdtb=%s >/dev/null 2>&1", args, path);
	return load_file(path);
}

/* Compile dts with dtc; extra is passed to dtc (e.g. "-V 16"). */
static struct blob dtc_build(const char *name, const char *dts, const char *extra)
{
	char src[128], out[128];
	FILE *f;

	snprintf(src, sizeof(src), "%s/%s.dts", tmpdir, name);
	snprintf(out, sizeof(out), "%s/%s.dtb", tmpdir, name);
	f = fopen(src, "w");
	assert_non_null(f);
	fputs(dts, f);
	fclose(f);
	run("dtc -q -I dts -O dtb %s -o %s %s", extra ? extra : "", out, src);
	return load_file(out);
}

static uint8_t *dup_exact(const void *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, src, len);
	return p;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t rd_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

enum { H_MAGIC = 0, H_TOTAL = 4, H_OFF_ST = 8, H_OFF_STR = 12, H_OFF_RSV = 16,
       H_VERSION = 20, H_LAST_COMP = 24, H_SIZE_STR = 32, H_SIZE_ST = 36 };

static int group_setup(void **state)
{
	char img[128];
	int ret;

	(void)state;
	verbose = getenv("DTB_TEST_VERBOSE") != NULL;
	vmio_log_set_sink(capture_sink);
	/* dtb_irq() on GIC trees before any virt_dt_scan() registered it */
	if (dt_irq_register(&gic_dt_irq_decoder))
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vmio-dtb-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(img, sizeof(img), "%s/disk.img", tmpdir);
	run("truncate -s 1M %s", img);

	qemu_plain = qemu_dump("plain", "-M virt -m 128M");
	qemu_virt = qemu_dump("virt", "-M virt,virtualization=on -m 256M");
	{
		char args[512];

		snprintf(args, sizeof(args),
			 "-M virt -m 128M -drive if=none,id=d0,file=%s,format=raw "
			 "-device virtio-blk-device,drive=d0 -device virtio-rng-device "
			 "-device virtio-rng-device", img);
		qemu_devs = qemu_dump("devs", args);
	}

	packed.size = qemu_plain.size;
	packed.data = dup_exact(qemu_plain.data, qemu_plain.size);
	ret = fdt_pack(packed.data);
	if (ret)
		return -1;
	packed.size = fdt_totalsize(packed.data);
	packed.data = realloc(packed.data, packed.size);
	return packed.data ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	free(qemu_plain.data);
	free(qemu_virt.data);
	free(qemu_devs.data);
	free(packed.data);
	if (tmpdir[0]) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd))
			return -1;
	}
	vmio_log_set_sink(NULL);
	return 0;
}

/* ------------------------------------------------- QEMU blobs vs libfdt */

static void test_qemu_blobs_pass_check(void **state)
{
	const struct blob *all[] = { &qemu_plain, &qemu_virt, &qemu_devs, &packed };
	unsigned int i;

	(void)state;
	/* QEMU pads its blob to 1 MiB; the packed copy is what carries data. */
	assert_int_equal(fdt_totalsize(qemu_plain.data), qemu_plain.size);
	assert_true(packed.size < 16384);
	for (i = 0; i < 4; i++) {
		assert_int_equal(fdt_check_full(all[i]->data, all[i]->size), 0);
		EXPECT_QUIET(dtb_check(all[i]->data, all[i]->size), 0);
	}
	/* A buffer larger than the blob is fine; only totalsize counts. */
	{
		uint8_t *big = calloc(1, packed.size + 4096);

		assert_non_null(big);
		memcpy(big, packed.data, packed.size);
		EXPECT_QUIET(dtb_check(big, packed.size + 4096), 0);
		free(big);
	}
}

/* Walk the whole tree with both readers, node by node, property by property. */
static void compare_with_libfdt(const struct blob *b)
{
	const void *fdt = b->data;
	int n, fn, d = 0, fd = -1, nodes = 0;	/* libfdt counts from the -1 "node" */
	struct dtb dt;

	EXPECT_QUIET(dtb_open(&dt, b->data, b->size), 0);
	fn = fdt_next_node(fdt, -1, &fd);
	for (n = dtb_root(&dt); n >= 0; n = dtb_next_node(&dt, n, &d)) {
		char path[256];
		int p, fp, child, fchild;

		assert_int_equal(n, fn);
		assert_int_equal(d, fd);
		assert_string_equal(dtb_node_name(&dt, n), fdt_get_name(fdt, n, NULL));

		fp = fdt_parent_offset(fdt, n);
		EXPECT_QUIET(dtb_parent(&dt, n), n == 0 ? -ENOENT : fp);

		assert_int_equal(fdt_get_path(fdt, n, path, sizeof(path)), 0);
		EXPECT_QUIET(dtb_find_path(&dt, path), n);

		assert_int_equal(dtb_phandle(&dt, n), fdt_get_phandle(fdt, n));
		if (dtb_phandle(&dt, n))
			assert_int_equal(dtb_find_phandle(&dt, dtb_phandle(&dt, n)), n);

		/* Children, both ways. */
		fchild = fdt_first_subnode(fdt, n);
		dtb_for_each_child(&dt, n, child) {
			assert_int_equal(child, fchild);
			fchild = fdt_next_subnode(fdt, fchild);
		}
		assert_int_equal(child, -ENOENT);
		assert_true(fchild < 0);

		/* Properties, both ways, and lookup by name returns the same bytes. */
		fp = fdt_first_property_offset(fdt, n);
		dtb_for_each_prop(&dt, n, p) {
			const char *name, *fname;
			const void *val, *fval, *lval;
			uint32_t len, llen;
			int flen;

			assert_int_equal(p, fp);
			assert_int_equal(dtb_prop_at(&dt, p, &name, &val, &len), 0);
			fval = fdt_getprop_by_offset(fdt, fp, &fname, &flen);
			assert_string_equal(name, fname);
			assert_ptr_equal(val, fval);
			assert_int_equal(len, (uint32_t)flen);
			EXPECT_QUIET(dtb_prop(&dt, n, name, &lval, &llen), 0);
			assert_ptr_equal(lval, fdt_getprop(fdt, n, name, NULL));
			fp = fdt_next_property_offset(fdt, fp);
		}
		assert_int_equal(p, -ENOENT);
		assert_true(fp < 0);

		fn = fdt_next_node(fdt, fn, &fd);
		nodes++;
	}
	assert_int_equal(n, -ENOENT);
	assert_true(fn < 0 || fd < 0);	/* libfdt ends by leaving the root */
	assert_true(nodes > 40);	/* 32 virtio nodes alone */
}

static void test_tree_matches_libfdt(void **state)
{
	(void)state;
	compare_with_libfdt(&qemu_plain);
	compare_with_libfdt(&qemu_virt);
	compare_with_libfdt(&qemu_devs);
	compare_with_libfdt(&packed);
}

static uint64_t fdt_cells(const fdt32_t *c, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(c[i]);
	return v;
}

/* reg entry idx of node according to libfdt. */
static void fdt_reg(const void *fdt, int node, int idx, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent), len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	assert_non_null(reg);
	assert_true((idx + 1) * (ac + sc) * 4 <= len);
	*base = fdt_cells(reg + idx * (ac + sc), ac);
	*size = fdt_cells(reg + idx * (ac + sc) + ac, sc);
}

static unsigned int fdt_intid(const void *fdt, int node, int idx)
{
	int len;
	const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

	assert_non_null(irq);
	assert_true((idx + 1) * 12 <= len);
	return (fdt32_to_cpu(irq[idx * 3]) == 0 ? 32 : 16) + fdt32_to_cpu(irq[idx * 3 + 1]);
}

struct expect_slot {
	uint64_t base, size;
	unsigned int irq;
	int node;
};

static int cmp_slot(const void *a, const void *b)
{
	const struct expect_slot *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

static void check_platform(const struct blob *b, uint64_t ram)
{
	const void *fdt = b->data;
	struct expect_slot want[64];
	struct dtb_platform plat;
	struct virt_dt virt;
	int n = 0, off, len, i;
	const char *stdout_path;
	uint64_t base, size;

	EXPECT_QUIET(virt_dt_scan(b->data, b->size, &plat, &virt), 0);
	assert_true(plat.info.from_dtb);
	assert_string_equal(plat.info.name, fdt_getprop(fdt, 0, "model", NULL));
	assert_true((const uint8_t *)plat.info.name > b->data &&
		    (const uint8_t *)plat.info.name < b->data + b->size);

	/* Memory: every device_type = "memory" node per libfdt. */
	off = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
	assert_true(off >= 0);
	fdt_reg(fdt, off, 0, &base, &size);
	assert_int_equal(fdt_node_offset_by_prop_value(fdt, off, "device_type", "memory", 7),
			 -FDT_ERR_NOTFOUND);
	assert_int_equal(plat.info.nmem, 1);
	assert_int_equal(plat.info.mem[0].base, base);
	assert_int_equal(plat.info.mem[0].size, size);
	assert_int_equal(base, 0x40000000u);
	assert_int_equal(size, ram);

	/* virtio: libfdt's list, sorted, must equal ours; and QEMU's known layout. */
	for (off = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"); off >= 0;
	     off = fdt_node_offset_by_compatible(fdt, off, "virtio,mmio")) {
		assert_true(n < 64);
		fdt_reg(fdt, off, 0, &want[n].base, &want[n].size);
		want[n].irq = fdt_intid(fdt, off, 0);
		want[n].node = off;
		n++;
	}
	qsort(want, (size_t)n, sizeof(want[0]), cmp_slot);
	assert_int_equal(n, 32);
	assert_int_equal(plat.info.nvirtio, 32);
	for (i = 0; i < n; i++) {
		const struct board_virtio_slot *s = &plat.info.virtio[i];

		assert_int_equal(s->base, want[i].base);
		assert_int_equal(s->size, want[i].size);
		assert_int_equal(s->irq, want[i].irq);
		assert_int_equal(plat.virtio_node[i], want[i].node);
		assert_int_equal(s->base, 0x0a000000u + 0x200u * (unsigned int)i);
		assert_int_equal(s->size, 0x200);
		assert_int_equal(s->irq, 48 + i);
		assert_int_equal(s->phandle, 0);
		assert_int_equal(s->ndeps, 0);
	}

	/* UART: the node /chosen stdout-path names. */
	stdout_path = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "stdout-path", NULL);
	assert_non_null(stdout_path);
	off = fdt_path_offset(fdt, stdout_path);
	assert_true(off >= 0);
	assert_true(virt.has_uart);
	assert_int_equal(virt.uart_node, off);
	fdt_reg(fdt, off, 0, &base, &size);
	assert_int_equal(virt.uart_base, base);
	assert_int_equal(virt.uart_base, 0x09000000u);
	assert_int_equal(virt.uart_irq, fdt_intid(fdt, off, 0));
	assert_int_equal(virt.uart_irq, 33);

	/* GIC: reg entries 0 and 1 of the a15 GIC. */
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a15-gic");
	assert_true(off >= 0);
	assert_true(virt.has_gic);
	fdt_reg(fdt, off, 0, &base, &size);
	assert_int_equal(virt.gicd_base, base);
	fdt_reg(fdt, off, 1, &base, &size);
	assert_int_equal(virt.gicc_base, base);
	assert_int_equal(virt.gicd_base, 0x08000000u);
	assert_int_equal(virt.gicc_base, 0x08010000u);

	/* Timer: PPIs 13, 14, 11, 10. */
	off = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	assert_true(off >= 0);
	fdt_getprop(fdt, off, "interrupts", &len);
	assert_int_equal(virt.ntimer_irqs, (unsigned int)len / 12);
	for (i = 0; i < (int)virt.ntimer_irqs; i++)
		assert_int_equal(virt.timer_irqs[i], fdt_intid(fdt, off, i));
	assert_int_equal(virt.ntimer_irqs, 4);
	assert_int_equal(virt.timer_irqs[0], 29);
	assert_int_equal(virt.timer_irqs[2], 27);
}

static void test_platform_matches_libfdt(void **state)
{
	(void)state;
	check_platform(&qemu_plain, 128u << 20);
	check_platform(&qemu_virt, 256u << 20);
	check_platform(&qemu_devs, 128u << 20);
	check_platform(&packed, 128u << 20);
}

/* fdtget is a second, independent oracle (a separate process, text output). */
static void fdtget_hex(const char *file, const char *node, const char *prop,
		       unsigned long long *v, int max, int *n)
{
	char cmd[512];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "fdtget -t x %s/%s.dtb %s %s", tmpdir, file, node, prop);
	p = popen(cmd, "r");
	assert_non_null(p);
	for (*n = 0; *n < max && fscanf(p, "%llx", &v[*n]) == 1; (*n)++)
		;
	assert_int_equal(pclose(p), 0);
}

static void test_platform_matches_fdtget(void **state)
{
	unsigned long long v[8];
	struct dtb_platform plat;
	struct virt_dt virt;
	int n;

	(void)state;
	EXPECT_QUIET(virt_dt_scan(qemu_virt.data, qemu_virt.size, &plat, &virt), 0);
	fdtget_hex("virt", "/memory@40000000", "reg", v, 8, &n);
	assert_int_equal(n, 4);
	assert_int_equal(plat.info.mem[0].base, v[0] << 32 | v[1]);
	assert_int_equal(plat.info.mem[0].size, v[2] << 32 | v[3]);
	fdtget_hex("virt", "/intc@8000000", "reg", v, 8, &n);
	assert_int_equal(n, 8);	/* virtualization=on adds GICH and GICV */
	assert_int_equal(virt.gicd_base, v[0] << 32 | v[1]);
	assert_int_equal(virt.gicc_base, v[4] << 32 | v[5]);
	fdtget_hex("virt", "/pl011@9000000", "reg", v, 8, &n);
	assert_int_equal(n, 4);
	assert_int_equal(virt.uart_base, v[0] << 32 | v[1]);
	fdtget_hex("virt", "/virtio_mmio@a003e00", "interrupts", v, 8, &n);
	assert_int_equal(n, 3);
	assert_int_equal(plat.info.virtio[31].base, 0x0a003e00u);
	assert_int_equal(plat.info.virtio[31].irq, 32 + v[1]);
}

/* ------------------------------------------------------- query helpers */

static void test_lookups_on_qemu_blob(void **state)
{
	const void *fdt = packed.data;
	const char *s;
	uint64_t base, size;
	unsigned int irq;
	struct dtb dt;
	uint32_t v, len;
	const void *val;
	int n, fn, cpus;

	(void)state;
	assert_int_equal(dtb_open(&dt, packed.data, packed.size), 0);
	EXPECT_QUIET(dtb_root(&dt), 0);
	EXPECT_QUIET(dtb_find_path(&dt, "/"), 0);
	EXPECT_QUIET(dtb_find_path(&dt, "/memory"), fdt_path_offset(fdt, "/memory@40000000"));
	EXPECT_QUIET(dtb_find_path(&dt, "/memory@40000000"), fdt_path_offset(fdt, "/memory"));
	EXPECT_QUIET(dtb_find_path(&dt, "/memory@40000001"), -ENOENT);
	EXPECT_QUIET(dtb_find_path(&dt, "/memor"), -ENOENT);
	EXPECT_QUIET(dtb_find_path(&dt, "/cpus/cpu@0"), fdt_path_offset(fdt, "/cpus/cpu@0"));
	EXPECT_QUIET(dtb_find_path(&dt, "/cpus/cpu@1"), -ENOENT);
	EXPECT_QUIET(dtb_find_path(&dt, "/cpus/cpu-map/socket0/cluster0/core0"),
		     fdt_path_offset(fdt, "/cpus/cpu-map/socket0/cluster0/core0"));
	EXPECT_QUIET(dtb_find_path(&dt, "cpus"), -ENOENT);	/* no /aliases here */
	EXPECT_QUIET(dtb_find_path(&dt, ""), -ENOENT);

	/* compatible is a string list: the second entry matches too. */
	fn = fdt_node_offset_by_compatible(fdt, -1, "arm,primecell");
	for (n = dtb_find_compatible(&dt, -1, "arm,primecell"); n >= 0;
	     n = dtb_find_compatible(&dt, n, "arm,primecell")) {
		assert_int_equal(n, fn);
		fn = fdt_node_offset_by_compatible(fdt, fn, "arm,primecell");
	}
	assert_int_equal(n, -ENOENT);
	assert_true(fn < 0);
	EXPECT_QUIET(dtb_find_compatible(&dt, -1, "arm,prime"), -ENOENT);
	EXPECT_QUIET(dtb_find_compatible(&dt, -1, "primecell"), -ENOENT);

	/* cell counts: root 2/2, platform bus 1/1, cpus 1/0 */
	assert_int_equal(dtb_address_cells(&dt, 0), 2);
	assert_int_equal(dtb_size_cells(&dt, 0), 2);
	n = dtb_find_path(&dt, "/platform-bus");
	assert_int_equal(dtb_address_cells(&dt, n), 1);
	assert_int_equal(dtb_size_cells(&dt, n), 1);
	cpus = dtb_find_path(&dt, "/cpus");
	assert_int_equal(dtb_size_cells(&dt, cpus), 0);
	/* psci has neither: the spec defaults */
	n = dtb_find_path(&dt, "/psci");
	assert_int_equal(dtb_address_cells(&dt, n), 2);
	assert_int_equal(dtb_size_cells(&dt, n), 1);

	/* reg with 1 address and 0 size cells, and a two-entry reg */
	n = dtb_find_path(&dt, "/cpus/cpu@0");
	EXPECT_QUIET(dtb_reg(&dt, n, 0, &base, &size), 0);
	assert_int_equal(base, 0);
	assert_int_equal(size, 0);
	n = dtb_find_path(&dt, "/flash");
	EXPECT_QUIET(dtb_reg(&dt, n, 1, &base, &size), 0);
	assert_int_equal(base, 0x04000000u);
	assert_int_equal(size, 0x04000000u);
	EXPECT_QUIET(dtb_reg(&dt, n, 2, &base, &size), -ENOENT);
	EXPECT_QUIET(dtb_reg(&dt, 0, 0, &base, &size), -ENOENT);
	/* the PCIe host's own reg sits above 4 GiB */
	n = dtb_find_path(&dt, "/pcie");
	EXPECT_QUIET(dtb_reg(&dt, n, 0, &base, &size), 0);
	assert_int_equal(base, 0x4010000000ull);

	/* u32 and string properties */
	n = dtb_find_path(&dt, "/apb-pclk");
	EXPECT_QUIET(dtb_prop_u32(&dt, n, "clock-frequency", &v), 0);
	assert_int_equal(v, 24000000);
	EXPECT_QUIET(dtb_prop_u32(&dt, n, "#clock-cells", &v), 0);
	assert_int_equal(v, 0);
	EXPECT_QUIET(dtb_prop_string(&dt, n, "clock-output-names", &s), 0);
	assert_string_equal(s, "clk24mhz");
	EXPECT_QUIET(dtb_prop_u32(&dt, n, "no-such-prop", &v), -ENOENT);
	EXPECT_QUIET(dtb_prop_string(&dt, n, "no-such-prop", &s), -ENOENT);
	EXPECT_QUIET(dtb_prop(&dt, n, "clock", &val, &len), -ENOENT);	/* prefix */
	EXPECT_QUIET(dtb_prop(&dt, n, "clock-frequencyy", &val, &len), -ENOENT);
	EXPECT_ERR(dtb_prop_u32(&dt, dtb_find_path(&dt, "/memory"), "reg", &v), -EINVAL,
		   "reg is 16 bytes");
	EXPECT_ERR(dtb_prop_string(&dt, dtb_find_path(&dt, "/timer"), "interrupts", &s),
		   -EINVAL, "not a NUL-terminated string");
	EXPECT_QUIET(dtb_prop(&dt, dtb_find_path(&dt, "/timer"), "always-on", &val, &len), 0);
	assert_int_equal(len, 0);
	EXPECT_QUIET(dtb_prop_string(&dt, 0, "compatible", &s), 0);
	assert_string_equal(s, "linux,dummy-virt");

	/* interrupts: timer PPIs, then past the end */
	n = dtb_find_path(&dt, "/timer");
	EXPECT_QUIET(dtb_irq(&dt, n, 1, &irq), 0);
	assert_int_equal(irq, 30);
	EXPECT_QUIET(dtb_irq(&dt, n, 3, &irq), 0);
	assert_int_equal(irq, 26);
	EXPECT_QUIET(dtb_irq(&dt, n, 4, &irq), -ENOENT);
	EXPECT_QUIET(dtb_irq(&dt, cpus, 0, &irq), -ENOENT);

	/* phandles: the fixed clock is 0x8000 */
	n = dtb_find_phandle(&dt, 0x8000);
	assert_string_equal(dtb_node_name(&dt, n), "apb-pclk");
	EXPECT_QUIET(dtb_find_phandle(&dt, 0x1234), -ENOENT);
	EXPECT_QUIET(dtb_find_phandle(&dt, 0), -ENOENT);
	EXPECT_QUIET(dtb_find_phandle(&dt, 0xffffffffu), -ENOENT);

	/* child iteration from a node that has none */
	EXPECT_QUIET(dtb_first_child(&dt, dtb_find_path(&dt, "/apb-pclk")), -ENOENT);
	EXPECT_QUIET(dtb_next_sibling(&dt, 0), -ENOENT);
	EXPECT_QUIET(dtb_parent(&dt, 0), -ENOENT);
	assert_string_equal(dtb_node_name(&dt, 0), "");

	/* more cells than 64 bits hold */
	{
		uint64_t v64 = 0;
		static const uint8_t cells[12] = { 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3 };

		EXPECT_QUIET(dtb_read_cells(cells, 2, &v64), 0);
		assert_int_equal(v64, 0x100000002ull);
		EXPECT_QUIET(dtb_read_cells(cells, 0, &v64), 0);
		assert_int_equal(v64, 0);
		EXPECT_ERR(dtb_read_cells(cells, 3, &v64), -EINVAL, "3 cells do not fit 64 bits");
	}

	/* string lists */
	assert_true(dtb_stringlist_contains("a\0bc\0", 5, "bc"));
	assert_false(dtb_stringlist_contains("a\0bc\0", 5, "b"));
	assert_false(dtb_stringlist_contains("a\0bc", 4, "bc"));	/* unterminated */
	assert_false(dtb_stringlist_contains("", 0, ""));
	assert_true(dtb_stringlist_contains("\0", 1, ""));
}

static void test_bad_offsets_are_refused(void **state)
{
	struct dtb dt, zero = { 0 };
	const char *name;
	uint64_t base, size;
	unsigned int irq;
	uint32_t v, deps[4];
	unsigned int nd;
	int prop;

	(void)state;
	assert_int_equal(dtb_open(&dt, packed.data, packed.size), 0);
	prop = dtb_first_prop(&dt, 0);
	assert_true(prop > 0);
	EXPECT_ERR(dtb_first_child(&dt, 1), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_next_sibling(&dt, -4), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_next_node(&dt, prop, NULL), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_first_prop(&dt, (int)dt.struct_size), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_first_prop(&dt, 0x7ffffffc), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_next_prop(&dt, 0), -EINVAL, "not a property offset");
	EXPECT_ERR(dtb_prop_at(&dt, 4, &name, NULL, NULL), -EINVAL, "not a property offset");
	EXPECT_ERR(dtb_parent(&dt, prop), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_reg(&dt, 8, 0, &base, &size), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_irq(&dt, 12, 0, &irq), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_node_deps(&dt, 3, deps, 4, &nd), -EINVAL, "not a node offset");
	EXPECT_ERR(dtb_prop_u32(&dt, 2, "reg", &v), -EINVAL, "not a node offset");
	{
		unsigned int before = vmio_log_errors();

		assert_null(dtb_node_name(&dt, prop));
		check_one_error(before, "not a node offset");
	}
	/* a dt that dtb_open() refused (zeroed) fails every query cleanly */
	EXPECT_ERR(dtb_open(&zero, packed.data, 8), -EINVAL, "cannot hold a header");
	EXPECT_ERR(dtb_root(&zero), -EINVAL, "corrupt structure block");
	EXPECT_ERR(dtb_find_path(&zero, "/"), -EINVAL, "corrupt structure block");
	assert_int_equal(zero.struct_size, 0);
	(void)dtb_find_compatible(&zero, -1, "x");
}

/* ------------------------------------------------------ malformed blobs */

/* Every truncation of the 1 MiB QEMU blob; short ones in exact buffers. */
static void test_every_truncation_of_qemu_blob(void **state)
{
	unsigned int before = vmio_log_errors();
	size_t len;

	(void)state;
	for (len = 0; len < qemu_plain.size; len++) {
		if (len < 8192) {
			uint8_t *p = dup_exact(qemu_plain.data, len);

			assert_int_equal(dtb_check(len ? p : qemu_plain.data, len), -EINVAL);
			free(p);
		} else {
			assert_int_equal(dtb_check(qemu_plain.data, len), -EINVAL);
		}
	}
	assert_int_equal(vmio_log_errors() - before, qemu_plain.size);
}

/*
 * Truncations of the packed blob with totalsize patched to match, so
 * the cut reaches the block checks rather than the header check.
 */
static void test_every_truncation_with_patched_totalsize(void **state)
{
	size_t len;

	(void)state;
	for (len = 0; len < packed.size; len++) {
		uint8_t *p = dup_exact(packed.data, len);

		if (len >= 8)
			put_be32(p + H_TOTAL, (uint32_t)len);
		EXPECT_ERR(dtb_check(p, len), -EINVAL, NULL);
		free(p);
	}
}

/*
 * Re-lay the packed blob as header, rsvmap, strings, structure, with one
 * block cut short and placed last in an exactly-sized buffer, so that a
 * read past the cut is a read past the buffer.
 */
static uint8_t *relayout(bool cut_struct, uint32_t keep, size_t *size_out)
{
	const uint8_t *src = packed.data;
	uint32_t off_st = rd_be32(src + H_OFF_ST), size_st = rd_be32(src + H_SIZE_ST);
	uint32_t off_str = rd_be32(src + H_OFF_STR), size_str = rd_be32(src + H_SIZE_STR);
	uint32_t new_st_size = cut_struct ? keep : size_st;
	uint32_t new_str_size = cut_struct ? size_str : keep;
	uint32_t first, second, total;
	uint8_t *p;

	/* 40-byte header, 16-byte empty rsvmap, then the two blocks */
	first = 56;
	second = first + (cut_struct ? ((new_str_size + 3) & ~3u) : new_st_size);
	total = second + (cut_struct ? new_st_size : new_str_size);
	p = calloc(1, total);
	assert_non_null(p);
	memcpy(p, src, 40);
	put_be32(p + H_TOTAL, total);
	put_be32(p + H_OFF_RSV, 40);
	if (cut_struct) {
		memcpy(p + first, src + off_str, new_str_size);
		memcpy(p + second, src + off_st, new_st_size);
		put_be32(p + H_OFF_STR, first);
		put_be32(p + H_OFF_ST, second);
	} else {
		memcpy(p + first, src + off_st, new_st_size);
		memcpy(p + second, src + off_str, new_str_size);
		put_be32(p + H_OFF_ST, first);
		put_be32(p + H_OFF_STR, second);
	}
	put_be32(p + H_SIZE_ST, new_st_size);
	put_be32(p + H_SIZE_STR, new_str_size);
	*size_out = total;
	return p;
}

static void test_every_cut_of_struct_and_strings(void **state)
{
	uint32_t size_st = rd_be32(packed.data + H_SIZE_ST);
	uint32_t size_str = rd_be32(packed.data + H_SIZE_STR);
	uint32_t k;
	size_t size;
	uint8_t *p;

	(void)state;
	/* the uncut re-layouts are valid: the cuts below are what fails */
	p = relayout(true, size_st, &size);
	EXPECT_QUIET(dtb_check(p, size), 0);
	free(p);
	p = relayout(false, size_str, &size);
	EXPECT_QUIET(dtb_check(p, size), 0);
	free(p);

	for (k = 0; k < size_st; k++) {
		p = relayout(true, k, &size);
		EXPECT_ERR(dtb_check(p, size), -EINVAL, NULL);
		free(p);
	}
	for (k = 0; k < size_str; k++) {
		p = relayout(false, k, &size);
		EXPECT_ERR(dtb_check(p, size), -EINVAL, NULL);
		free(p);
	}
}

/* Patch one header word of a packed copy, expect one error line. */
static void header_case(unsigned int field, uint32_t value, size_t max_delta,
			int want, const char *phrase)
{
	uint8_t *p = dup_exact(packed.data, packed.size);

	put_be32(p + field, value);
	if (want)
		EXPECT_ERR(dtb_check(p, packed.size - max_delta), want, phrase);
	else
		EXPECT_QUIET(dtb_check(p, packed.size - max_delta), 0);
	free(p);
}

static void test_bad_headers(void **state)
{
	uint32_t total = (uint32_t)packed.size;
	uint32_t off_st = rd_be32(packed.data + H_OFF_ST);
	uint32_t size_st = rd_be32(packed.data + H_SIZE_ST);
	uint32_t size_str = rd_be32(packed.data + H_SIZE_STR);

	(void)state;
	header_case(H_MAGIC, 0xedfe0dd0u, 0, -EINVAL, "bad magic 0xedfe0dd0");
	header_case(H_VERSION, 15, 0, -EINVAL, "version 15");
	header_case(H_LAST_COMP, 18, 0, -EINVAL, "compatible with 18");
	{
		/* compatible with a version above its own: libfdt refuses it too */
		uint8_t *p = dup_exact(packed.data, packed.size);

		put_be32(p + H_VERSION, 16);
		put_be32(p + H_LAST_COMP, 17);
		EXPECT_ERR(dtb_check(p, packed.size), -EINVAL, "version 16 (compatible with 17)");
		free(p);
	}
	/* a newer version that stays compatible with 16 is readable */
	header_case(H_VERSION, 18, 0, 0, NULL);
	header_case(H_TOTAL, total + 1, 0, -EINVAL, "totalsize");
	header_case(H_TOTAL, total, 1, -EINVAL, "totalsize");		/* buffer 1 short */
	header_case(H_TOTAL, 39, 0, -EINVAL, "totalsize");
	header_case(H_TOTAL, 0x80000000u, 0, -EINVAL, "totalsize");
	header_case(H_OFF_ST, total + 4, 0, -EINVAL, "structure block offset");
	header_case(H_OFF_ST, 0x10, 0, -EINVAL, "structure block offset");	/* inside header */
	header_case(H_OFF_ST, off_st + 2, 0, -EINVAL, "not 4-byte aligned");
	header_case(H_SIZE_ST, 0xfffffff0u, 0, -EINVAL, "runs past totalsize");
	header_case(H_SIZE_ST, total - off_st + 4, 0, -EINVAL, "runs past totalsize");
	header_case(H_OFF_STR, 0xffffffffu, 0, -EINVAL, "strings block offset");
	header_case(H_SIZE_STR, size_str + 1, 0, -EINVAL, "runs past totalsize");
	header_case(H_SIZE_STR, 0xffffffffu, 0, -EINVAL, "runs past totalsize");
	header_case(H_OFF_RSV, total & ~7u, 0, -EINVAL, "not terminated");
	header_case(H_OFF_RSV, 0x2c, 0, -EINVAL, "not 8-byte aligned");
	header_case(H_OFF_RSV, (total - 16) & ~7u, 0, -EINVAL, NULL);
	header_case(H_OFF_RSV, 0, 0, -EINVAL, "memory reservation block offset");
	/* overlaps: strings inside the structure, structure over the rsvmap */
	header_case(H_OFF_STR, off_st + 8, 0, -EINVAL, "structure and strings blocks overlap");
	header_case(H_OFF_ST, off_st - 8, 0, -EINVAL, "memory reservation map and structure");
	header_case(H_SIZE_ST, size_st + 4, 0, -EINVAL, "structure and strings blocks overlap");
	header_case(H_SIZE_ST, size_st - 4, 0, -EINVAL, "without FDT_END");
	header_case(H_SIZE_ST, size_st - 2, 0, -EINVAL, NULL);

	/* misaligned and missing blobs */
	{
		uint8_t *p = malloc(packed.size + 4);

		assert_non_null(p);
		memcpy(p + 4, packed.data, packed.size);
		EXPECT_ERR(dtb_check(p + 4, packed.size), -EINVAL, "not 8-byte aligned");
		free(p);
	}
	EXPECT_ERR(dtb_check(NULL, 4096), -EINVAL, "no blob");
	{
		struct dtb_platform plat;
		struct virt_dt virt;

		EXPECT_ERR(virt_dt_scan(NULL, 0, &plat, &virt), -EINVAL, "no blob");
		assert_false(plat.info.from_dtb);
		assert_int_equal(plat.info.nvirtio, 0);
	}
}

/* A minimal blob writer for structure blocks libfdt would never emit. */
struct fdt_builder {
	uint8_t st[8192];
	uint32_t st_len;
	char str[512];
	uint32_t str_len;
	bool str_unterminated;	/* drop the strings block's final NUL */
	bool strings_last;	/* strings after the structure block */
	uint32_t version;
};

static void b_init(struct fdt_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->version = 17;
}

static void b_u32(struct fdt_builder *b, uint32_t v)
{
	assert_true(b->st_len + 4 <= sizeof(b->st));
	put_be32(b->st + b->st_len, v);
	b->st_len += 4;
}

static void b_bytes(struct fdt_builder *b, const void *p, uint32_t len, bool pad)
{
	assert_true(b->st_len + len + 3 <= sizeof(b->st));
	if (len)
		memcpy(b->st + b->st_len, p, len);
	b->st_len += len;
	while (pad && (b->st_len & 3))
		b->st[b->st_len++] = 0;
}

static void b_begin(struct fdt_builder *b, const char *name)
{
	b_u32(b, 1);
	b_bytes(b, name, (uint32_t)strlen(name) + 1, true);
}

static uint32_t b_str(struct fdt_builder *b, const char *s)
{
	uint32_t off = b->str_len, len = (uint32_t)strlen(s) + 1;

	assert_true(off + len <= sizeof(b->str));
	memcpy(b->str + off, s, len);
	b->str_len += len;
	return off;
}

static void b_prop_raw(struct fdt_builder *b, uint32_t len, uint32_t nameoff,
		       const void *val, uint32_t vlen)
{
	b_u32(b, 3);
	b_u32(b, len);
	b_u32(b, nameoff);
	b_bytes(b, val, vlen, true);
}

static void b_prop(struct fdt_builder *b, const char *name, const void *val, uint32_t len)
{
	b_prop_raw(b, len, b_str(b, name), val, len);
}

static void b_prop_u32(struct fdt_builder *b, const char *name, uint32_t v)
{
	uint8_t c[4];

	put_be32(c, v);
	b_prop(b, name, c, 4);
}

static void b_end_node(struct fdt_builder *b) { b_u32(b, 2); }
static void b_nop(struct fdt_builder *b) { b_u32(b, 4); }
static void b_end(struct fdt_builder *b) { b_u32(b, 9); }

/* Header, empty rsvmap, strings, then the structure block last (by default). */
static uint8_t *b_finish(const struct fdt_builder *b, size_t *size)
{
	uint32_t str_len = b->str_len - (b->str_unterminated ? 1 : 0);
	uint32_t off_str = 56, off_st = (off_str + str_len + 3) & ~3u;
	uint32_t total = off_st + b->st_len;
	uint8_t *p;

	if (b->strings_last) {
		off_st = 56;
		off_str = off_st + b->st_len;
		total = off_str + str_len;
	}
	p = calloc(1, total);

	assert_non_null(p);
	put_be32(p + H_MAGIC, DTB_MAGIC);
	put_be32(p + H_TOTAL, total);
	put_be32(p + H_OFF_ST, off_st);
	put_be32(p + H_OFF_STR, off_str);
	put_be32(p + H_OFF_RSV, 40);
	put_be32(p + H_VERSION, b->version);
	put_be32(p + H_LAST_COMP, 16);
	put_be32(p + H_SIZE_STR, str_len);
	put_be32(p + H_SIZE_ST, b->st_len);
	memcpy(p + off_str, b->str, str_len);
	memcpy(p + off_st, b->st, b->st_len);
	*size = total;
	return p;
}

static void b_expect(const struct fdt_builder *b, int want, const char *phrase)
{
	size_t size;
	uint8_t *p = b_finish(b, &size);

	if (want)
		EXPECT_ERR(dtb_check(p, size), want, phrase);
	else
		EXPECT_QUIET(dtb_check(p, size), 0);
	free(p);
}

/* A valid blob with NOPs wherever they may go (not after the root: see below). */
static void b_valid_with_nops(struct fdt_builder *b)
{
	b_init(b);
	b_nop(b);
	b_begin(b, "");
	b_nop(b);
	b_prop_u32(b, "a", 1);
	b_nop(b);
	b_prop(b, "empty", NULL, 0);
	b_begin(b, "child@1");
	b_end_node(b);
	b_nop(b);
	b_end_node(b);
	b_end(b);
}

static void test_hand_built_structure_blocks(void **state)
{
	struct fdt_builder b;
	unsigned int i;

	(void)state;
	b_valid_with_nops(&b);
	b_expect(&b, 0, NULL);
	{
		size_t size;
		uint8_t *p = b_finish(&b, &size);
		struct dtb dt;
		int root, prop;
		uint32_t v;

		assert_int_equal(dtb_open(&dt, p, size), 0);
		root = dtb_root(&dt);
		assert_int_equal(root, 4);	/* after the leading NOP */
		assert_int_equal(dtb_prop_u32(&dt, root, "a", &v), 0);
		assert_int_equal(v, 1);
		prop = dtb_first_prop(&dt, root);
		prop = dtb_next_prop(&dt, prop);
		assert_true(prop > 0);
		EXPECT_QUIET(dtb_next_prop(&dt, prop), -ENOENT);
		assert_string_equal(dtb_node_name(&dt, dtb_first_child(&dt, root)), "child@1");
		EXPECT_QUIET(dtb_find_path(&dt, "/child"), dtb_first_child(&dt, root));
		/* a component with a unit address must match it whole */
		EXPECT_QUIET(dtb_find_path(&dt, "/child@"), -ENOENT);
		free(p);
	}
	{
		/* the first name only starts with the component "/a@1" */
		struct dtb dt;
		size_t size;
		uint8_t *p;
		int first, second;

		b_init(&b);
		b_begin(&b, "");
		b_begin(&b, "a@1@2");
		b_end_node(&b);
		b_begin(&b, "a@1");
		b_end_node(&b);
		b_end_node(&b);
		b_end(&b);
		p = b_finish(&b, &size);
		assert_int_equal(dtb_open(&dt, p, size), 0);
		first = dtb_first_child(&dt, dtb_root(&dt));
		second = dtb_next_sibling(&dt, first);
		assert_true(first > 0 && second > first);
		EXPECT_QUIET(dtb_find_path(&dt, "/a@1"), second);
		EXPECT_QUIET(dtb_find_path(&dt, "/a"), first);
		free(p);
		b_valid_with_nops(&b);
	}

	/* version 16, where the walk finds the size of the structure block */
	b.version = 16;
	b_expect(&b, 0, NULL);
	{
		size_t size;
		uint8_t *p = b_finish(&b, &size);

		put_be32(p + H_OFF_STR, 40);	/* strings over the rsvmap */
		EXPECT_ERR(dtb_check(p, size), -EINVAL,
			   "memory reservation map and strings blocks overlap");
		free(p);
	}
	/*
	 * v16 without FDT_END: the walk must stop where the strings block
	 * starts, even when the strings happen to spell an FDT_END token.
	 */
	b_init(&b);
	b.version = 16;
	b.strings_last = true;
	b_begin(&b, "");
	b_end_node(&b);
	memcpy(b.str, "\0\0\0\x09", 5);
	b.str_len = 5;
	b_expect(&b, -EINVAL, "ends without FDT_END");

	/* an unterminated node name at the very end of the block */
	b_init(&b);
	b_begin(&b, "");
	b_u32(&b, 1);
	b_bytes(&b, "abcd", 4, false);
	b_expect(&b, -EINVAL, "node name not terminated");

	/* a name whose padding would run past the block: 4 + 3 bytes, no pad */
	b_init(&b);
	b_begin(&b, "");
	b_u32(&b, 1);
	b_bytes(&b, "ab", 3, false);
	b_expect(&b, -EINVAL, "node name padding runs past");

	/* PROP len past the block, including one that would overflow */
	b_init(&b);
	b_begin(&b, "");
	b_prop_raw(&b, 0x100, b_str(&b, "x"), "abcd", 4);
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "property value runs past");
	b_init(&b);
	b_begin(&b, "");
	b_prop_raw(&b, 5, b_str(&b, "x"), "abcd", 4);	/* one byte past the end */
	b_expect(&b, -EINVAL, "property value runs past");
	b_init(&b);
	b_begin(&b, "");
	b_prop_raw(&b, 0xfffffffeu, b_str(&b, "x"), "abcd", 4);
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "property value runs past");
	b_init(&b);
	b_begin(&b, "");
	b_u32(&b, 3);
	b_u32(&b, 0);
	b_expect(&b, -EINVAL, "property header truncated");

	/* nameoff past the strings block, and into an unterminated one */
	b_init(&b);
	b_begin(&b, "");
	b_prop_raw(&b, 0, b_str(&b, "x") + 2, NULL, 0);
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "past the 0x2-byte strings block");
	b_init(&b);
	b_begin(&b, "");
	b_prop(&b, "name", NULL, 0);
	b_end_node(&b);
	b_end(&b);
	b.str_unterminated = true;
	b_expect(&b, -EINVAL, "not terminated inside the strings block");

	/* unbalanced nodes */
	b_init(&b);
	b_begin(&b, "");
	b_end_node(&b);
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "END_NODE without a matching BEGIN_NODE");
	b_init(&b);
	b_begin(&b, "");
	b_begin(&b, "a");
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "FDT_END inside an open node");

	/* a missing FDT_END, data after it, no root, two roots */
	b_init(&b);
	b_begin(&b, "");
	b_end_node(&b);
	b_expect(&b, -EINVAL, "ends without FDT_END");
	b_init(&b);
	b_begin(&b, "");
	b_end_node(&b);
	b_end(&b);
	b_nop(&b);
	b_expect(&b, -EINVAL, "data after FDT_END");
	b_init(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "no root node");
	b_init(&b);
	b_begin(&b, "");
	b_end_node(&b);
	b_begin(&b, "");
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "second root node");
	/* the root has no name (libfdt's full check refuses one too) */
	b_init(&b);
	b_begin(&b, "$");
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "root node with a name");
	/* only FDT_END follows the root (libfdt's full check refuses a NOP there) */
	b_init(&b);
	b_begin(&b, "");
	b_end_node(&b);
	b_nop(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "after the root node");

	/* properties outside any node and after a subnode; unknown tokens */
	b_init(&b);
	b_prop_u32(&b, "x", 1);
	b_begin(&b, "");
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "property outside any node");
	b_init(&b);
	b_begin(&b, "");
	b_begin(&b, "a");
	b_end_node(&b);
	b_prop_u32(&b, "x", 1);
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "property after a subnode");
	b_init(&b);
	b_begin(&b, "");
	b_u32(&b, 5);
	b_end_node(&b);
	b_end(&b);
	b_expect(&b, -EINVAL, "unknown token 0x5");

	/* nesting: exactly DTB_MAX_DEPTH levels pass, one more fails */
	for (i = 0; i < 2; i++) {
		unsigned int d, levels = DTB_MAX_DEPTH + i;

		b_init(&b);
		for (d = 0; d < levels; d++)
			b_begin(&b, d ? "n" : "");
		for (d = 0; d < levels; d++)
			b_end_node(&b);
		b_end(&b);
		b_expect(&b, i ? -EINVAL : 0, i ? "nested deeper than DTB_MAX_DEPTH" : NULL);
	}
}

/* Queries must stay in bounds even on a blob dtb_check() never saw. */
static void test_queries_on_unchecked_blob(void **state)
{
	struct dtb good, cut;
	unsigned int before;
	uint8_t *st;
	int n, d = 0, steps = 0;

	(void)state;
	assert_int_equal(dtb_open(&good, packed.data, packed.size), 0);
	cut = good;
	cut.struct_size = good.struct_size / 2;
	st = dup_exact(good.dt_struct, cut.struct_size);
	cut.dt_struct = st;
	for (n = dtb_root(&cut); n >= 0; n = dtb_next_node(&cut, n, &d))
		steps++;
	assert_int_equal(n, -EINVAL);
	assert_true(steps > 5);
	/* each failing step logs; more than one step may fail on the way */
	before = vmio_log_errors();
	assert_int_equal(dtb_find_compatible(&cut, -1, "arm,armv7-timer"), -EINVAL);
	assert_true(vmio_log_errors() - before >= 1);
	assert_non_null(strstr(last_err, "corrupt structure block"));
	before = vmio_log_errors();
	assert_int_equal(dtb_find_phandle(&cut, 0x8000), -EINVAL);
	assert_true(vmio_log_errors() - before >= 1);
	free(st);
}

/* Exercise every query on a blob that passed dtb_check(); results unused. */
static void exercise_queries(const void *blob, size_t size)
{
	struct dtb_platform plat;
	struct virt_dt virt;
	struct dtb dt;
	int n, d = 0, ret;
	unsigned int count = 0;

	ret = virt_dt_scan(blob, size, &plat, &virt);
	assert_true(ret == 0 || ret == -EINVAL || ret == -ENOSPC);
	assert_true(plat.info.from_dtb);
	assert_true(plat.info.nvirtio <= BOARD_MAX_VIRTIO_SLOTS);
	assert_true(plat.info.nmem <= BOARD_MAX_MEM_REGIONS);
	assert_int_equal(dtb_open(&dt, blob, size), 0);
	for (n = dtb_root(&dt); n >= 0 && count < 200; n = dtb_next_node(&dt, n, &d), count++) {
		const char *name, *s;
		const void *val;
		uint32_t len, v, deps[BOARD_MAX_DEPS];
		unsigned int nd;
		int p, c;

		assert_non_null(dtb_node_name(&dt, n));
		dtb_for_each_child(&dt, n, c)
			;
		dtb_for_each_prop(&dt, n, p) {
			assert_int_equal(dtb_prop_at(&dt, p, &name, &val, &len), 0);
			(void)dtb_prop_u32(&dt, n, name, &v);
			(void)dtb_prop_string(&dt, n, name, &s);
		}
		if (count < 8) {	/* the O(n) ones, on a few nodes */
			uint64_t base, sz;
			unsigned int irq;

			(void)dtb_reg(&dt, n, 0, &base, &sz);
			(void)dtb_irq(&dt, n, 0, &irq);
			(void)dtb_node_deps(&dt, n, deps, BOARD_MAX_DEPS, &nd);
			(void)dtb_find_phandle(&dt, dtb_phandle(&dt, n));
		}
	}
	assert_true(n == -ENOENT || count == 200);
}

static uint32_t rng_state = 0x2545f491u;

static uint32_t rng(void)
{
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rng_state = x;
}

static void corrupt_and_check(uint8_t *p, size_t size, unsigned int *accepted)
{
	unsigned int before = vmio_log_errors();
	int ret = dtb_check(p, size);

	if (ret == 0) {
		assert_int_equal(vmio_log_errors() - before, 0);
		/* what we accept, libfdt's full check accepts too */
		assert_int_equal(fdt_check_full(p, size), 0);
		(*accepted)++;
		exercise_queries(p, size);
	} else {
		assert_int_equal(ret, -EINVAL);
		assert_int_equal(vmio_log_errors() - before, 1);
	}
}

static void test_random_corruptions(void **state)
{
	static const uint32_t words[] = { 0, 1, 2, 3, 4, 9, 0xffffffffu, 0x80000000u,
					  0x7fffffffu, 0x100, 0xfffffffcu };
	uint32_t used = rd_be32(packed.data + H_OFF_STR) + rd_be32(packed.data + H_SIZE_STR);
	unsigned int i, accepted = 0, rejected_start;
	uint8_t *p;

	(void)state;
	/* 2000 single bytes and 2000 aligned words, each in an exact buffer */
	for (i = 0; i < 4000; i++) {
		p = dup_exact(packed.data, packed.size);
		if (i < 2000) {
			p[rng() % packed.size] ^= (uint8_t)(1 + rng() % 255);
		} else {
			uint32_t w = rng() % (uint32_t)(packed.size / 4), r = rng();

			put_be32(p + 4 * w, r & 1 ? words[r % ARRAY_SIZE(words)] : rng());
		}
		corrupt_and_check(p, packed.size, &accepted);
		free(p);
	}
	rejected_start = 4000 - accepted;
	/* the result must depend on the damage: some of both */
	assert_true(accepted > 100);
	assert_true(rejected_start > 100);

	/* 1000 more in place on the 1 MiB QEMU blob, where its data lives */
	for (i = 0; i < 1000; i++) {
		uint32_t off = rng() % used;
		uint8_t saved[4];
		uint32_t n = i & 1 ? 4 : 1;

		off &= n == 4 ? ~3u : ~0u;
		memcpy(saved, qemu_plain.data + off, n);
		if (n == 4)
			put_be32(qemu_plain.data + off, rng());
		else
			qemu_plain.data[off] ^= (uint8_t)(1 + rng() % 255);
		corrupt_and_check(qemu_plain.data, qemu_plain.size, &accepted);
		memcpy(qemu_plain.data + off, saved, n);
	}
	EXPECT_QUIET(dtb_check(qemu_plain.data, qemu_plain.size), 0);
}

/* ---------------------------------------------- hand-written platforms */

#define DTS_HEAD							\
	"/dts-v1/;\n"							\
	"/ {\n"								\
	"	#address-cells = <1>;\n"				\
	"	#size-cells = <1>;\n"					\
	"	model = \"vmio-test\";\n"				\
	"	interrupt-parent = <&gic>;\n"				\
	"	gic: interrupt-controller@8000000 {\n"			\
	"		compatible = \"arm,gic-400\";\n"		\
	"		interrupt-controller;\n"			\
	"		#interrupt-cells = <3>;\n"			\
	"		reg = <0x8000000 0x1000>, <0x8010000 0x2000>;\n" \
	"		phandle = <0x1>;\n"				\
	"	};\n"

static const char deps_dts[] = DTS_HEAD
	"	cc: clock-controller { #clock-cells = <1>; phandle = <0x10>; };\n"
	"	fixed: fixed-clock { #clock-cells = <0>; phandle = <0x11>; };\n"
	"	nocells: nocells-clock { phandle = <0x12>; };\n"
	"	reg1: regulator@1 { phandle = <0x21>; };\n"
	"	reg2: regulator@2 { phandle = <0x22>; };\n"
	"	regulator@3 { linux,phandle = <0x23>; };\n"	/* the legacy name */
	/* A: cells 1, 0, default 1; cc twice; one supply: 4 deps, no error */
	"	virtio_mmio@a000600 {\n"
	"		compatible = \"virtio,mmio\";\n"
	"		reg = <0xa000600 0x200>;\n"
	"		interrupts = <0 19 1>;\n"
	"		phandle = <0x30>;\n"
	"		clocks = <&cc 3>, <&fixed>, <&nocells 7>, <&cc 4>;\n"
	"		vdd-supply = <&reg1>;\n"
	"	};\n"
	/* B: five distinct providers: the table of 4 is full */
	"	virtio_mmio@a000400 {\n"
	"		compatible = \"virtio,mmio\";\n"
	"		reg = <0xa000400 0x200>;\n"
	"		interrupts = <0 18 1>;\n"
	"		clocks = <&fixed>, <0>, <&cc 0>;\n"
	"		a-supply = <&reg1>;\n"
	"		b-supply = <&reg2>;\n"
	"		c-supply = <0x23>;\n"
	"	};\n"
	/* C: a dangling supply and a malformed one; the good one kept */
	"	virtio_mmio@a000200 {\n"
	"		compatible = \"virtio,mmio\";\n"
	"		reg = <0xa000200 0x200>;\n"
	"		interrupts = <1 5 4>;\n"
	"		x-supply = <0x99>;\n"
	"		y-supply = <&reg2>;\n"
	"		z-supply = <&reg1 0x23>;\n"
	"		supply = <0x23>;\n"
	"		-supply = <0x23>;\n"
	"	};\n"
	/* D: clocks truncated (cc wants one cell); regulator children */
	"	virtio_mmio@a000000 {\n"
	"		compatible = \"virtio,mmio\";\n"
	"		reg = <0xa000000 0x200>;\n"
	"		interrupts = <0 16 1>;\n"
	"		clocks = <&cc>;\n"
	"		ldo1 {\n"
	"			regulator-name = \"vdd_core\";\n"
	"			regulator-min-microvolt = <800000>;\n"
	"			regulator-max-microvolt = <1200000>;\n"
	"		};\n"
	"		ldo2 {\n"
	"			regulator-name = \"vdd_io\";\n"
	"			regulator-min-microvolt = <1800000>;\n"
	"			regulator-max-microvolt = <1800000 0>;\n"
	"		};\n"
	"	};\n"
	"};\n";

static void check_deps_platform(const struct blob *b)
{
	struct dtb_platform plat;
	struct virt_dt virt;
	const struct board_virtio_slot *v;
	unsigned int before = vmio_log_errors();
	uint32_t deps[2];
	unsigned int nd;
	int node;

	/* In blob order: A ok, B -ENOSPC, C 2x -EINVAL, D -EINVAL: first is -ENOSPC */
	assert_int_equal(virt_dt_scan(b->data, b->size, &plat, &virt), -ENOSPC);
	assert_int_equal(vmio_log_errors() - before, 4);
	assert_true(plat.info.from_dtb);
	assert_string_equal(plat.info.name, "vmio-test");
	assert_int_equal(plat.info.nvirtio, 4);
	assert_true(virt.has_gic);
	assert_int_equal(virt.gicd_base, 0x8000000);
	assert_int_equal(virt.gicc_base, 0x8010000);
	assert_false(virt.has_uart);
	assert_int_equal(virt.ntimer_irqs, 0);

	v = &plat.info.virtio[0];	/* D */
	assert_int_equal(v->base, 0xa000000);
	assert_int_equal(v->irq, 48);
	assert_int_equal(v->ndeps, 0);
	v = &plat.info.virtio[1];	/* C: PPI 5 */
	assert_int_equal(v->base, 0xa000200);
	assert_int_equal(v->irq, 21);
	assert_int_equal(v->ndeps, 1);
	assert_int_equal(v->deps[0], 0x22);
	v = &plat.info.virtio[2];	/* B */
	assert_int_equal(v->base, 0xa000400);
	assert_int_equal(v->ndeps, 4);
	assert_int_equal(v->deps[0], 0x11);
	assert_int_equal(v->deps[1], 0x10);
	assert_int_equal(v->deps[2], 0x21);
	assert_int_equal(v->deps[3], 0x22);
	v = &plat.info.virtio[3];	/* A */
	assert_int_equal(v->base, 0xa000600);
	assert_int_equal(v->size, 0x200);
	assert_int_equal(v->irq, 51);
	assert_int_equal(v->phandle, 0x30);
	assert_int_equal(v->ndeps, 4);
	assert_int_equal(v->deps[0], 0x10);
	assert_int_equal(v->deps[1], 0x11);
	assert_int_equal(v->deps[2], 0x12);
	assert_int_equal(v->deps[3], 0x21);

	/* the same through the direct API, with a smaller table */
	node = plat.virtio_node[3];
	EXPECT_ERR(dtb_node_deps(&plat.dt, node, deps, 2, &nd), -ENOSPC, "more than 2");
	assert_int_equal(nd, 2);
	assert_int_equal(deps[0], 0x10);
	assert_int_equal(deps[1], 0x11);
	EXPECT_ERR(dtb_node_deps(&plat.dt, plat.virtio_node[0], deps, 2, &nd), -EINVAL,
		   "clocks entry at cell 0 truncated");
	assert_int_equal(nd, 0);
}

static void check_regulator_children(const struct blob *b)
{
	static const char *const names[] = { "vdd_core", "vdd_io" };
	static const uint32_t min_uv[] = { 800000, 1800000 };
	struct dtb_platform plat;
	struct virt_dt virt;
	unsigned int i = 0;
	const char *s;
	uint32_t v;
	int child;

	(void)virt_dt_scan(b->data, b->size, &plat, &virt);
	assert_int_equal(plat.info.virtio[0].base, 0xa000000);
	dtb_for_each_child(&plat.dt, plat.virtio_node[0], child) {
		assert_true(i < 2);
		EXPECT_QUIET(dtb_prop_string(&plat.dt, child, "regulator-name", &s), 0);
		assert_string_equal(s, names[i]);
		EXPECT_QUIET(dtb_prop_u32(&plat.dt, child, "regulator-min-microvolt", &v), 0);
		assert_int_equal(v, min_uv[i]);
		EXPECT_QUIET(dtb_prop_u32(&plat.dt, child, "regulator-microamp", &v), -ENOENT);
		i++;
	}
	assert_int_equal(child, -ENOENT);
	assert_int_equal(i, 2);
	child = dtb_find_path(&plat.dt, "/virtio_mmio@a000000/ldo1");
	EXPECT_QUIET(dtb_prop_u32(&plat.dt, child, "regulator-max-microvolt", &v), 0);
	assert_int_equal(v, 1200000);
	child = dtb_next_sibling(&plat.dt, child);
	EXPECT_ERR(dtb_prop_u32(&plat.dt, child, "regulator-max-microvolt", &v), -EINVAL,
		   "ldo2: regulator-max-microvolt is 8 bytes");
	EXPECT_QUIET(dtb_next_sibling(&plat.dt, child), -ENOENT);
	EXPECT_QUIET(dtb_parent(&plat.dt, child), plat.virtio_node[0]);
}

static void test_dependencies(void **state)
{
	struct blob b = dtc_build("deps", deps_dts, NULL);
	struct blob b16 = dtc_build("deps16", deps_dts, "-V 16");

	(void)state;
	assert_int_equal(rd_be32(b16.data + H_VERSION), 16);
	check_deps_platform(&b);
	check_deps_platform(&b16);
	check_regulator_children(&b);
	check_regulator_children(&b16);
	free(b.data);
	free(b16.data);
}

static struct blob build_full(const char *name, unsigned int nvirtio, bool mem)
{
	char dts[16384];
	size_t len;
	unsigned int i;

	len = (size_t)snprintf(dts, sizeof(dts), "%s", DTS_HEAD);
	/* transports in a scrambled order (7 is coprime with 34) */
	for (i = 0; i < nvirtio; i++) {
		unsigned int slot = (i * 7) % 34;

		len += (size_t)snprintf(dts + len, sizeof(dts) - len,
			"	virtio_mmio@%x {\n"
			"		compatible = \"virtio,mmio\";\n"
			"		reg = <0x%x 0x200>;\n"
			"		interrupts = <0 %u 1>;\n"
			"	};\n", 0xa000000 + slot * 0x200, 0xa000000 + slot * 0x200,
			16 + slot);
	}
	/* 7 ranges over 2 nodes, one of them empty */
	if (mem)
		len += (size_t)snprintf(dts + len, sizeof(dts) - len,
			"	memory@40000000 { device_type = \"memory\";\n"
			"		reg = <0x40000000 0x1000>, <0x50000000 0>, <0x60000000 0x2000>, <0x70000000 0x3000>; };\n"
			"	memory@80000000 { device_type = \"memory\";\n"
			"		reg = <0x80000000 0x4000>, <0x90000000 0x5000>, <0xa0000000 0x6000>; };\n");
	len += (size_t)snprintf(dts + len, sizeof(dts) - len, "};\n");
	assert_true(len < sizeof(dts));
	return dtc_build(name, dts, NULL);
}

static void test_tables_full(void **state)
{
	struct dtb_platform plat;
	struct virt_dt virt;
	unsigned int i;
	struct blob b;

	(void)state;
	b = build_full("full-virtio", 34, false);
	EXPECT_ERR(virt_dt_scan(b.data, b.size, &plat, &virt), -ENOSPC,
		   "2 virtio,mmio nodes did not fit the 32-slot table");
	assert_int_equal(plat.info.nvirtio, 32);
	/* kept: the first 32 in blob order, i.e. all but slots (32*7)%34 = 20 and (33*7)%34 = 27 */
	for (i = 0; i < 32; i++) {
		unsigned int slot = i + (i >= 20) + (i >= 26);
		char name[32];

		assert_int_equal(plat.info.virtio[i].base, 0xa000000 + slot * 0x200);
		assert_int_equal(plat.info.virtio[i].irq, 48 + slot);
		snprintf(name, sizeof(name), "virtio_mmio@%x", 0xa000000 + slot * 0x200);
		assert_string_equal(dtb_node_name(&plat.dt, plat.virtio_node[i]), name);
	}
	assert_int_equal(plat.info.nmem, 0);
	free(b.data);

	/* exactly full is not an error */
	b = build_full("full-32", 32, false);
	EXPECT_QUIET(virt_dt_scan(b.data, b.size, &plat, &virt), 0);
	assert_int_equal(plat.info.nvirtio, 32);
	free(b.data);

	b = build_full("full-mem", 1, true);
	EXPECT_ERR(virt_dt_scan(b.data, b.size, &plat, &virt), -ENOSPC,
		   "2 memory regions did not fit the 4-entry table");
	assert_int_equal(plat.info.nvirtio, 1);
	assert_int_equal(plat.info.nmem, 4);	/* the empty range is not a region */
	assert_int_equal(plat.info.mem[0].base, 0x40000000);
	assert_int_equal(plat.info.mem[1].base, 0x60000000);
	assert_int_equal(plat.info.mem[2].size, 0x3000);
	assert_int_equal(plat.info.mem[3].base, 0x80000000);
	assert_int_equal(plat.info.mem[3].size, 0x4000);
	free(b.data);
}

static void test_broken_virtio_nodes_are_skipped(void **state)
{
	static const char dts[] = DTS_HEAD
		"	aliases { serial1 = \"/uart@9040000\"; };\n"
		"	chosen { stdout-path = \"serial1:115200n8\"; };\n"
		"	uart@9000000 { compatible = \"arm,pl011\", \"arm,primecell\";\n"
		"		reg = <0x9000000 0x1000>; interrupts = <0 1 4>; };\n"
		"	uart@9040000 { compatible = \"arm,pl011\", \"arm,primecell\";\n"
		"		reg = <0x9040000 0x1000>; interrupts = <0 8 4>; };\n"
		"	other_intc: other { interrupt-controller; #interrupt-cells = <2>; phandle = <0x50>; };\n"
		"	virtio_mmio@a000e00 { compatible = \"virtio,mmio\"; reg = <0xa000e00 0x200>;\n"
		"		interrupts = <0 23 1>; };\n"
		"	virtio_mmio@a000c00 { compatible = \"virtio,mmio\"; interrupts = <0 22 1>; };\n"
		"	virtio_mmio@a000a00 { compatible = \"virtio,mmio\"; reg = <0xa000a00 0x200>; };\n"
		"	virtio_mmio@a000800 { compatible = \"virtio,mmio\"; reg = <0xa000800 0x200>;\n"
		"		interrupts = <0 20 1>; status = \"disabled\"; };\n"
		"	virtio_mmio@a000600 { compatible = \"virtio,mmio\"; reg = <0xa000600 0x200>;\n"
		"		interrupts = <2 3 1>; };\n"
		"	virtio_mmio@a000400 { compatible = \"virtio,mmio\"; reg = <0xa000400 0x200>;\n"
		"		interrupts = <0 18>; };\n"
		"	virtio_mmio@a000200 { compatible = \"virtio,mmio\"; reg = <0xa000200 0x200>;\n"
		"		interrupt-parent = <&other_intc>; interrupts = <5 1>; };\n"
		"	virtio_mmio@a000000 { compatible = \"virtio,mmio\"; reg = <0xa000000 0x200>;\n"
		"		interrupts = <0 16 1>; status = \"okay\"; };\n"
		"	virtio_mmio@a001000 { compatible = \"virtio,mmio\"; reg = <0xa001000 0>;\n"
		"		interrupts = <0 24 1>; };\n"
		"	timer { compatible = \"arm,armv7-timer\";\n"
		"		interrupts = <1 13 0xf08>, <1 14 0xf08>, <1 11 0xf08>, <1 10 0xf08>, <1 12 0xf08>; };\n"
		"};\n";
	struct blob b;
	struct dtb_platform plat;
	struct virt_dt virt;
	unsigned int before;

	(void)state;
	b = dtc_build("broken", dts, NULL);
	before = vmio_log_errors();
	assert_int_equal(virt_dt_scan(b.data, b.size, &plat, &virt), -EINVAL);
	/* no reg, no interrupts, type 2, short specifier, non-GIC parent, size 0, timer */
	assert_int_equal(vmio_log_errors() - before, 7);
	assert_int_equal(plat.info.nvirtio, 2);
	assert_int_equal(plat.info.virtio[0].base, 0xa000000);
	assert_int_equal(plat.info.virtio[0].irq, 48);
	assert_int_equal(plat.info.virtio[1].base, 0xa000e00);
	assert_int_equal(plat.info.virtio[1].irq, 55);
	/* the console is the one stdout-path names through its alias */
	assert_true(virt.has_uart);
	assert_int_equal(virt.uart_base, 0x9040000);
	assert_int_equal(virt.uart_irq, 40);
	assert_int_equal(virt.uart_node, dtb_find_path(&plat.dt, "serial1"));
	assert_int_equal(virt.uart_node, dtb_find_path(&plat.dt, "/uart@9040000"));
	/* five timer interrupts: four kept */
	assert_int_equal(virt.ntimer_irqs, VIRT_MAX_TIMER_IRQS);
	assert_int_equal(virt.timer_irqs[3], 26);
	free(b.data);
}

static void test_scan_log_lines_name_the_node(void **state)
{
	static const char dts[] = DTS_HEAD
		"	virtio_mmio@a000c00 { compatible = \"virtio,mmio\"; interrupts = <0 22 1>; };\n"
		"};\n";
	static const char dts2[] = DTS_HEAD
		"	virtio_mmio@a000a00 { compatible = \"virtio,mmio\"; reg = <0xa000a00 0x200>; };\n"
		"};\n";
	static const char dts3[] = DTS_HEAD
		"	intc: other-intc { interrupt-controller; #interrupt-cells = <3>; };\n"
		"	virtio_mmio@a000a00 { compatible = \"virtio,mmio\"; reg = <0xa000a00 0x200>;\n"
		"		interrupt-parent = <&intc>; interrupts = <0 21 1>; };\n"
		"};\n";
	static const char dts4[] = DTS_HEAD
		"	virtio_mmio@a000a00 { compatible = \"virtio,mmio\"; reg = <0xa000a00 0x200>;\n"
		"		interrupts = <0 21 1>; };\n"
		"};\n";
	struct blob b = dtc_build("noreg", dts, NULL), b2 = dtc_build("noirq", dts2, NULL);
	struct blob b3 = dtc_build("notgic", dts3, NULL), b4 = dtc_build("gic2cells", dts4, NULL);
	struct dtb_platform plat;
	struct virt_dt virt;

	(void)state;
	EXPECT_ERR(virt_dt_scan(b3.data, b3.size, &plat, &virt), -EINVAL,
		   "virtio_mmio@a000a00: interrupt parent other-intc is not a known interrupt controller");
	assert_int_equal(plat.info.nvirtio, 0);
	/* a status that is not a string disables the node, and says so */
	{
		static const char dts5[] = DTS_HEAD
			"	virtio_mmio@a000800 { compatible = \"virtio,mmio\"; reg = <0xa000800 0x200>;\n"
			"		interrupts = <0 20 1>; status = [6f 6b 61 79]; };\n"
			"	virtio_mmio@a000a00 { compatible = \"virtio,mmio\"; reg = <0xa000a00 0x200>;\n"
			"		interrupts = <0 21 1>; status = \"ok\"; };\n"
			"};\n";
		struct blob b5 = dtc_build("badstatus", dts5, NULL);

		EXPECT_ERR(virt_dt_scan(b5.data, b5.size, &plat, &virt), -EINVAL,
			   "virtio_mmio@a000800: status is not a NUL-terminated string");
		assert_int_equal(plat.info.nvirtio, 1);
		assert_int_equal(plat.info.virtio[0].irq, 53);
		free(b5.data);
	}
	/* the same GIC with 2 interrupt cells cannot be decoded */
	assert_int_equal(fdt_setprop_inplace_u32(b4.data,
			 fdt_path_offset(b4.data, "/interrupt-controller@8000000"),
			 "#interrupt-cells", 2), 0);
	EXPECT_ERR(virt_dt_scan(b4.data, b4.size, &plat, &virt), -EINVAL,
		   "needs #interrupt-cells of 3 or 4");
	assert_int_equal(plat.info.nvirtio, 0);
	free(b3.data);
	free(b4.data);
	EXPECT_ERR(virt_dt_scan(b.data, b.size, &plat, &virt), -EINVAL,
		   "virtio_mmio@a000c00: virtio,mmio node without reg, skipped");
	assert_int_equal(plat.info.nvirtio, 0);
	EXPECT_ERR(virt_dt_scan(b2.data, b2.size, &plat, &virt), -EINVAL,
		   "virtio_mmio@a000a00: virtio,mmio node without interrupts, skipped");
	assert_int_equal(plat.info.nvirtio, 0);
	free(b.data);
	free(b2.data);
}

static void test_default_cells(void **state)
{
	/* no #address-cells / #size-cells at the root: 2 and 1 */
	static const char dts[] =
		"/dts-v1/;\n"
		"/ {\n"
		"	interrupt-parent = <&gic>;\n"
		"	gic: intc { compatible = \"arm,cortex-a15-gic\"; #interrupt-cells = <3>;\n"
		"		reg = <0x0 0x8000000 0x1000 0x0 0x8010000 0x1000>; };\n"
		"	memory { device_type = \"memory\"; reg = <0x1 0x0 0x10000000>; };\n"
		"	bus { #address-cells = <1>; #size-cells = <1>;\n"
		"		virtio_mmio@a000000 { compatible = \"virtio,mmio\";\n"
		"			reg = <0xa000000 0x200>; interrupts = <0 16 1>; };\n"
		"	};\n"
		"	pci { #address-cells = <3>; #size-cells = <2>;\n"
		"		dev@0 { reg = <0 0 0 0 0x100>; };\n"
		"	};\n"
		"	virtio_mmio@a000200 { compatible = \"virtio,mmio\";\n"
		"		reg = <0x0 0xa000200 0x200>; interrupts = <0 17 1>; };\n"
		"};\n";
	struct blob b = dtc_build("cells", dts, NULL);
	struct dtb_platform plat;
	struct virt_dt virt;

	(void)state;
	EXPECT_QUIET(virt_dt_scan(b.data, b.size, &plat, &virt), 0);
	assert_int_equal(dtb_address_cells(&plat.dt, 0), 2);
	assert_int_equal(dtb_size_cells(&plat.dt, 0), 1);
	assert_string_equal(plat.info.name, "unknown");
	assert_int_equal(plat.info.nmem, 1);
	assert_int_equal(plat.info.mem[0].base, 0x100000000ull);
	assert_int_equal(plat.info.mem[0].size, 0x10000000);
	assert_int_equal(plat.info.nvirtio, 2);
	assert_int_equal(plat.info.virtio[0].base, 0xa000000);
	assert_int_equal(plat.info.virtio[1].base, 0xa000200);
	assert_int_equal(plat.info.virtio[1].size, 0x200);
	assert_int_equal(plat.info.virtio[1].irq, 49);
	assert_true(virt.has_gic);
	assert_int_equal(virt.gicc_base, 0x8010000);
	{
		uint64_t base, size;
		int dev = dtb_find_path(&plat.dt, "/pci/dev");

		assert_true(dev > 0);
		EXPECT_ERR(dtb_reg(&plat.dt, dev, 0, &base, &size), -EINVAL,
			   "dev@0: reg with 3 address and 2 size cells is not supported");
	}
	free(b.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_blobs_pass_check),
		cmocka_unit_test(test_tree_matches_libfdt),
		cmocka_unit_test(test_platform_matches_libfdt),
		cmocka_unit_test(test_platform_matches_fdtget),
		cmocka_unit_test(test_lookups_on_qemu_blob),
		cmocka_unit_test(test_bad_offsets_are_refused),
		cmocka_unit_test(test_every_truncation_of_qemu_blob),
		cmocka_unit_test(test_every_truncation_with_patched_totalsize),
		cmocka_unit_test(test_every_cut_of_struct_and_strings),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_hand_built_structure_blocks),
		cmocka_unit_test(test_queries_on_unchecked_blob),
		cmocka_unit_test(test_random_corruptions),
		cmocka_unit_test(test_dependencies),
		cmocka_unit_test(test_tables_full),
		cmocka_unit_test(test_broken_virtio_nodes_are_skipped),
		cmocka_unit_test(test_scan_log_lines_name_the_node),
		cmocka_unit_test(test_default_cells),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
