#!/bin/bash
# Write QEMU virt's own DTB (for the given machine) with the supplies of
# the monitor's clock (slot 0) and regulator (slot 1) described the
# device-tree way, to boot with -dtb. vdd_sd's range is narrower here
# (1.8-2.8 V) than in the qemu-virt board table (1.8-3.3 V), so a test
# can tell which of the two the firmware enforced.
#
#   tools/dtb-with-supplies.sh OUT.dtb MACHINE
set -euo pipefail
out="$1"
machine="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
qemu-system-arm -M "$machine,dumpdtb=$tmp/virt.dtb" -cpu cortex-a15 -m 128M \
	-nographic -net none >/dev/null 2>&1
dtc -q -I dtb -O dts -o "$tmp/virt.dts" "$tmp/virt.dtb"
python3 - "$tmp/virt.dts" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
clk = ('\t\t#clock-cells = <0x01>;\n\t\tclock-output-names = "xo", "pll0", "uart_clk", '
       '"sdhc_clk", "usb_clk", "i2c_clk", "spi_clk", "gpu_clk";\n')
reg = ''.join('\t\t%s {\n\t\t\tregulator-name = "%s";\n\t\t\tregulator-min-microvolt = <%d>;\n'
              '\t\t\tregulator-max-microvolt = <%d>;\n%s\t\t};\n' % (n, n, lo, hi, extra)
              for n, lo, hi, extra in [
                  ('vdd_core', 800000, 1050000, '\t\t\tregulator-always-on;\n'),
                  ('vdd_io', 1800000, 3300000, '\t\t\tregulator-boot-on;\n'),
                  ('vdd_sd', 1800000, 2800000, ''),
                  ('vdd_usb', 3300000, 3300000, '')])
# Properties must precede subnodes: append at the end of each node.
for node, text in (('virtio_mmio@a000000 {\n', clk), ('virtio_mmio@a000200 {\n', reg)):
    i = s.index('\n\t};', s.index(node)) + 1
    s = s[:i] + text + s[i:]
open(p, 'w').write(s)
PY
dtc -q -I dts -O dtb -o "$out" "$tmp/virt.dts"
