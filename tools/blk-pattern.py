#!/usr/bin/env python3
"""The blk test pattern, host side (same as pat_sector() in tests/qemu/test_blk.c).

Each 512-byte sector s holds 128 little-endian words of xorshift32
(13, 17, 5) seeded with seed ^ (s * 0x9E3779B9 mod 2^32) (1 if that is 0).

  blk-pattern.py gen SEED FILE SIZE     write SIZE bytes of pattern to FILE
  blk-pattern.py check SEED FILE [SIZE] compare FILE (first SIZE bytes) with it
"""
import struct
import sys

M = 0xFFFFFFFF


def sector(seed, s):
    x = (seed ^ (s * 0x9E3779B9)) & M
    if x == 0:
        x = 1
    out = []
    for _ in range(128):
        x ^= (x << 13) & M
        x ^= x >> 17
        x ^= (x << 5) & M
        out.append(x)
    return struct.pack('<128I', *out)


def main():
    op, seed, path = sys.argv[1], int(sys.argv[2], 0), sys.argv[3]
    if op == 'gen':
        size = int(sys.argv[4], 0)
        with open(path, 'wb') as f:
            for s in range(size // 512):
                f.write(sector(seed, s))
        return 0
    data = open(path, 'rb').read()
    size = int(sys.argv[4], 0) if len(sys.argv) > 4 else len(data)
    if len(data) < size:
        print(f'{path}: {len(data)} bytes, expected at least {size}')
        return 1
    for s in range(size // 512):
        if data[s * 512:(s + 1) * 512] != sector(seed, s):
            print(f'{path}: sector {s} differs from the pattern (seed {seed:#x})')
            return 1
    print(f'{path}: {size // 512} sectors match the pattern (seed {seed:#x})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
