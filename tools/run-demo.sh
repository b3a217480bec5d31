#!/bin/bash
# `make run`: boot the demo from its NOR flash image (make flash) with the
# standard device set: a virtio-blk on a raw image under the build dir, a
# virtio-rng and a virtio-console whose output lands in
# $O/run/console-out.txt. On qemu-virt the EL2 monitor is started first
# (QEMU's loader sets the PC to it, in HYP) and adds the clock and
# regulator devices in slots 0-1, then enters the firmware at the flash
# reset vector; the Versatile Express boards have no monitor.
#
#   tools/run-demo.sh BUILD_DIR FLASH_IMAGE [BOARD]
set -eu
O="$1"
IMG="$2"
BOARD="${3:-qemu-virt}"
mkdir -p "$O/run"
[ -f "$O/run/disk.img" ] || truncate -s 8M "$O/run/disk.img"
mon=()
[ "$BOARD" = qemu-virt ] && mon=(--monitor "$O/monitor.elf")
exec "$(dirname "$0")/qemu-run.sh" --timeout 120 --board "$BOARD" --flash "${mon[@]}" "$IMG" -- \
	-drive "if=none,format=raw,file=$O/run/disk.img,id=hd0" \
	-device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device \
	-device virtio-serial-device \
	-chardev "file,id=con0,path=$O/run/console-out.txt" \
	-device virtconsole,chardev=con0
