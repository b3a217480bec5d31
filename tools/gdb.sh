#!/bin/bash
# `make gdb`: boot the demo halted with a gdb stub and attach gdb-multiarch.
set -eu
O="$1"
ELF="$2"
"$(dirname "$0")/qemu-run.sh" --board "${3:-qemu-virt}" --gdb "$ELF" &
qpid=$!
trap 'kill $qpid 2>/dev/null' EXIT
gdb-multiarch -q "$ELF" -ex 'set architecture armv7' -ex 'target remote :1234'
