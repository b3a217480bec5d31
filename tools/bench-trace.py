#!/usr/bin/env python3
"""Count guest virtio-mmio register accesses in a QEMU trace (tools/bench.sh).

The trace holds `-trace 'virtio_mmio_*' -trace pl011_write` lines. One
guest access is one virtio_mmio_read or virtio_mmio_write_offset line
(virtio_mmio_queue_write, _guest_page and _setting_irq are extra lines
QEMU emits inside an access or for its own IRQ line, not accesses). The
firmware brackets what it measures with UART lines "#N"; the PL011 data
register writes of those characters mark the window.

  bench-trace.py TRACE A B          accesses between markers #A and #B
  bench-trace.py TRACE A B bringup  accesses of the last device brought up
        in the window: from its MagicValue read (the last offset 0x0
        read before the first Status write) to the DRIVER_OK Status write
  bench-trace.py TRACE A B counts   "REQUESTS NOTIFIES INTERRUPTS" in the
        window: virtqueue_pop lines, QueueNotify writes, and IRQ raises
        (virtio_mmio_setting_irq 1); needs -trace virtqueue_pop too
  bench-trace.py TRACE restore      accesses of tests/qemu/test_pm.c's
        measured restore (IRQs masked, so one device only): after the
        power-cut Status write that follows three MagicValue reads, up to
        the next three MagicValue reads in a row
"""
import re
import sys

ACCESS = re.compile(r'virtio_mmio_(read|write_offset) .*offset 0x([0-9a-f]+)(?: value 0x([0-9a-f]+))?')
UART = re.compile(r'pl011_write addr 0x0*0 value 0x([0-9a-f]+)')


POP = re.compile(r'virtqueue_pop ')
IRQ = re.compile(r'virtio_mmio_setting_irq .*IRQ 1')


def between(path, a, b):
    """The trace lines after UART marker #a up to marker #b (exits if they are missing)."""
    state, prev = 0, None
    for line in open(path, errors='replace'):
        m = UART.search(line)
        if m:
            ch = chr(int(m.group(1), 16) & 0xff)
            if prev == '#' and ch == a:
                state = 1
            elif prev == '#' and ch == b and state == 1:
                return
            prev = ch
            continue
        if state == 1:
            yield line
    sys.exit(f'{path}: markers #{a}..#{b} not found')


def counts(path, a, b):
    """Device-side requests, notifies and interrupts between markers #a and #b."""
    n = [0, 0, 0]
    for line in between(path, a, b):
        m = ACCESS.search(line)
        if m and m.group(1) == 'write_offset' and int(m.group(2), 16) == 0x50:
            n[1] += 1
        elif POP.search(line):
            n[0] += 1
        elif IRQ.search(line):
            n[2] += 1
    return n


def window(path, a, b):
    """The access lines (kind, offset, value) between UART markers #a and #b."""
    out = []
    for line in between(path, a, b):
        m = ACCESS.search(line)
        if m:
            out.append((m.group(1), int(m.group(2), 16), int(m.group(3) or '0', 16)))
    return out


def bringup(acc):
    first_status = next(i for i, (k, o, _) in enumerate(acc) if k == 'write_offset' and o == 0x70)
    start = max(i for i, (k, o, _) in enumerate(acc[:first_status]) if k == 'read' and o == 0)
    end = next(i for i, (k, o, v) in enumerate(acc) if i > start and k == 'write_offset'
               and o == 0x70 and v & 0x4)
    return end - start + 1


def all_accesses(path):
    out = []
    for line in open(path, errors='replace'):
        m = ACCESS.search(line)
        if m:
            out.append((m.group(1), int(m.group(2), 16), int(m.group(3) or '0', 16)))
    return out


def restore(acc):
    magic = lambda a: a[0] == 'read' and a[1] == 0
    for i in range(3, len(acc)):
        k, o, v = acc[i]
        if k == 'write_offset' and o == 0x70 and v == 0 and all(magic(a) for a in acc[i - 3:i]):
            for j in range(i + 1, len(acc) - 2):
                if all(magic(a) for a in acc[j:j + 3]):
                    return j - i - 1
    sys.exit('restore markers not found')


def main():
    if sys.argv[2] == 'restore':
        print(restore(all_accesses(sys.argv[1])))
        return
    if len(sys.argv) > 4 and sys.argv[4] == 'counts':
        print(*counts(sys.argv[1], sys.argv[2], sys.argv[3]))
        return
    acc = window(sys.argv[1], sys.argv[2], sys.argv[3])
    print(bringup(acc) if len(sys.argv) > 4 else len(acc))


if __name__ == '__main__':
    main()
