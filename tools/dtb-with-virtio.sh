#!/bin/bash
# Write QEMU virt's own DTB (for the given machine) with its virtio,mmio
# nodes moved or added, to boot with -dtb: a DTB that lies about where
# the devices are.
#   OLD=NEW[+SIZE]  the node QEMU gives at OLD says NEW instead (QEMU
#                   lists 32 transports, the table's size: to stay within
#                   it, move one rather than add one)
#   NEW[+SIZE]      an extra node, interrupt SPI 90, 91, ...
# SIZE defaults to 0x200.
#
#   tools/dtb-with-virtio.sh OUT.dtb MACHINE EDIT...
#   e.g. tools/dtb-with-virtio.sh bad.dtb virt 0x0a000a00=0x0b000000
set -euo pipefail
out="$1"
machine="$2"
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
qemu-system-arm -M "$machine,dumpdtb=$tmp/virt.dtb" -cpu cortex-a15 -m 128M \
	-nographic -net none >/dev/null 2>&1
dtc -q -I dtb -O dts -o "$tmp/virt.dts" "$tmp/virt.dtb"
python3 - "$tmp/virt.dts" "$@" <<'PY'
import re
import sys
p = sys.argv[1]
s = open(p).read()
nodes = ''
for n, edit in enumerate(sys.argv[2:]):
    old, _, new = edit.rpartition('=')
    base, _, size = new.partition('+')
    base, size = int(base, 0), int(size or '0x200', 0)
    reg = 'reg = <0x00 0x%x 0x00 0x%x>;' % (base, size)
    if old:
        o = int(old, 0)
        i = s.index('virtio_mmio@%x {' % o)
        j = s.index('};', i)
        node, k = re.subn(r'reg = <[^>]*>;', reg, s[i:j])
        if k != 1:
            sys.exit('no reg in the node at %#x' % o)
        s = s[:i] + node + s[j:]
    else:
        nodes += ('\tvirtio_extra%d@%x {\n\t\tdma-coherent;\n'
                  '\t\tinterrupts = <0x00 0x%x 0x01>;\n\t\t%s\n'
                  '\t\tcompatible = "virtio,mmio";\n\t};\n') % (n, base, 90 + n, reg)
# Extra subnodes go last in the root node: before its closing brace.
i = s.rindex('};')
s = s[:i] + nodes + s[i:]
open(p, 'w').write(s)
PY
dtc -q -I dts -O dtb -o "$out" "$tmp/virt.dts"
