#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check, from QEMU's virtio_mmio_write trace, that at least COUNT device
bring-ups negotiated feature bit BIT (>= 32: written with
DriverFeaturesSel = 1). Usage: check-features.py TRACE BIT COUNT"""
import re
import sys


def main():
    path, bit, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sel, hits, writes = 0, 0, 0
    pat = re.compile(r'virtio_mmio_write offset 0x([0-9a-f]+) value 0x([0-9a-f]+)')
    with open(path, errors='replace') as f:
        for line in f:
            m = pat.search(line)
            if not m:
                continue
            off, val = int(m.group(1), 16), int(m.group(2), 16)
            if off == 0x24:
                sel = val
            elif off == 0x20 and sel == bit // 32:
                writes += 1
                hits += (val >> (bit % 32)) & 1
    print(f'feature bit {bit}: negotiated in {hits} of {writes} DriverFeatures writes')
    return 0 if hits >= count else 1


if __name__ == '__main__':
    sys.exit(main())
