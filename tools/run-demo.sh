#!/bin/bash
# `make run`: boot the demo on QEMU virt with the standard device set: a
# virtio-blk on a raw image under the build dir, a virtio-rng and a
# virtio-console whose output lands in $O/run/console-out.txt, all under
# the EL2 monitor, which adds the clock and regulator devices.
set -eu
O="$1"
ELF="$2"
mkdir -p "$O/run"
[ -f "$O/run/disk.img" ] || truncate -s 8M "$O/run/disk.img"
# The EL2 monitor hosts the clock and regulator devices in slots 0-1.
exec "$(dirname "$0")/qemu-run.sh" --timeout 120 --monitor "$O/monitor.elf" "$ELF" -- \
	-drive "if=none,format=raw,file=$O/run/disk.img,id=hd0" \
	-device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device \
	-device virtio-serial-device \
	-chardev "file,id=con0,path=$O/run/console-out.txt" \
	-device virtconsole,chardev=con0
