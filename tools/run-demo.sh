#!/bin/bash
# `make run`: boot the demo on QEMU virt with the standard device set: a
# virtio-blk on a raw image under the build dir, a virtio-rng and a
# virtio-console whose output lands in $O/run/console-out.txt.
set -eu
O="$1"
ELF="$2"
mkdir -p "$O/run"
[ -f "$O/run/disk.img" ] || truncate -s 8M "$O/run/disk.img"
exec "$(dirname "$0")/qemu-run.sh" --timeout 120 "$ELF" -- \
	-drive "if=none,format=raw,file=$O/run/disk.img,id=hd0" \
	-device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device \
	-device virtio-serial-device \
	-chardev "file,id=con0,path=$O/run/console-out.txt" \
	-device virtconsole,chardev=con0
