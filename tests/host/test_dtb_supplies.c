// SPDX-License-Identifier: MIT
/*
 * Clock and regulator names from the DTB (board/common/dtb_supplies.c),
 * on device trees built with dtc at test time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <cmocka.h>
#include "board/common/dtb_supplies.h"
#include "vmio/log.h"

static uint64_t blob[8192];	/* 8-byte aligned, as dtb_check() requires */
static struct dtb dt;

#define DTS_HEAD "/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n" \
	"gic: intc { compatible = \"arm,cortex-a15-gic\"; #interrupt-cells = <3>; " \
	"interrupt-controller; };\n"

static void build(const char *body)
{
	char dir[] = "/tmp/vmio-dtbsup-XXXXXX", cmd[256], path[64];
	FILE *f;
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.dts", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s%s};\n", DTS_HEAD, body);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s/t.dtb %s && cat %s/t.dtb",
		 dir, path, dir);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(blob, 1, sizeof(blob), f);
	assert_int_equal(pclose(f), 0);
	assert_true(n > 40);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(dtb_open(&dt, blob, n), 0);
}

static int node(const char *path)
{
	int off = dtb_find_path(&dt, path);

	assert_true(off >= 0);
	return off;
}

static void clocks_from_output_names(void **state)
{
	struct board_supply_desc d[4];
	unsigned int n;

	(void)state;
	build("clk@a000000 { compatible = \"virtio,mmio\"; reg = <0xa000000 0x200>; "
	      "interrupt-parent = <&gic>; interrupts = <0 16 1>; #clock-cells = <1>; "
	      "clock-output-names = \"xo\", \"pll0\", \"uart_clk\"; };\n");
	assert_int_equal(dtb_virtio_supplies(&dt, node("/clk@a000000"), d, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(d[0].name, "xo");
	assert_string_equal(d[2].name, "uart_clk");
	assert_int_equal(d[1].id, 1);
	assert_int_equal(d[2].id, 2);
	assert_int_equal(d[2].min_uV, 0);
}

static void regulators_from_children(void **state)
{
	struct board_supply_desc d[4];
	unsigned int n;

	(void)state;
	build("reg@a000200 { compatible = \"virtio,mmio\"; reg = <0xa000200 0x200>;\n"
	      "  core { regulator-name = \"vdd_core\"; regulator-min-microvolt = <800000>;\n"
	      "    regulator-max-microvolt = <1050000>; regulator-always-on; };\n"
	      "  sd { regulator-name = \"vdd_sd\"; regulator-min-microvolt = <1800000>;\n"
	      "    regulator-max-microvolt = <3300000>; regulator-max-microamp = <800000>;\n"
	      "    regulator-boot-on; };\n"
	      "};\n");
	assert_int_equal(dtb_virtio_supplies(&dt, node("/reg@a000200"), d, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].name, "vdd_core");
	assert_int_equal(d[0].min_uV, 800000);
	assert_int_equal(d[0].max_uV, 1050000);
	assert_true(d[0].always_on);
	assert_false(d[0].boot_on);
	assert_string_equal(d[1].name, "vdd_sd");
	assert_int_equal(d[1].max_uA, 800000);
	assert_true(d[1].boot_on);
	assert_false(d[1].always_on);
}

static void nothing_described(void **state)
{
	struct board_supply_desc d[4];
	unsigned int n = 99, errs = vmio_log_errors();

	(void)state;
	build("blk@a000400 { compatible = \"virtio,mmio\"; reg = <0xa000400 0x200>; };\n");
	assert_int_equal(dtb_virtio_supplies(&dt, node("/blk@a000400"), d, 4, &n), -ENOENT);
	assert_int_equal(n, 0);
	assert_int_equal(vmio_log_errors(), errs);	/* an answer, not an error */
}

static void malformed_refused(void **state)
{
	struct board_supply_desc d[4];
	unsigned int n, errs;

	(void)state;
	build("reg@a000200 { compatible = \"virtio,mmio\"; reg = <0xa000200 0x200>;\n"
	      "  sd { regulator-min-microvolt = <1800000>; };\n};\n"
	      "r2@a000400 { compatible = \"virtio,mmio\"; reg = <0xa000400 0x200>;\n"
	      "  sd { regulator-name = \"vdd_sd\"; regulator-min-microvolt = [01 02]; };\n};\n"
	      "c@a000600 { compatible = \"virtio,mmio\"; reg = <0xa000600 0x200>; "
	      "clock-output-names = [61 62]; };\n");
	errs = vmio_log_errors();
	assert_int_equal(dtb_virtio_supplies(&dt, node("/reg@a000200"), d, 4, &n), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 1);
	assert_int_equal(dtb_virtio_supplies(&dt, node("/r2@a000400"), d, 4, &n), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 2);
	assert_int_equal(dtb_virtio_supplies(&dt, node("/c@a000600"), d, 4, &n), -EINVAL);
	assert_int_equal(vmio_log_errors(), errs + 3);
}

static void table_full_keeps_first(void **state)
{
	struct board_supply_desc d[2];
	unsigned int n, errs = vmio_log_errors();

	(void)state;
	build("clk@a000000 { compatible = \"virtio,mmio\"; reg = <0xa000000 0x200>; "
	      "clock-output-names = \"a\", \"b\", \"c\"; };\n");
	assert_int_equal(dtb_virtio_supplies(&dt, node("/clk@a000000"), d, 2, &n), -ENOSPC);
	assert_int_equal(n, 2);
	assert_string_equal(d[1].name, "b");
	assert_int_equal(vmio_log_errors(), errs + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clocks_from_output_names),
		cmocka_unit_test(regulators_from_children),
		cmocka_unit_test(nothing_described),
		cmocka_unit_test(malformed_refused),
		cmocka_unit_test(table_full_keeps_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
