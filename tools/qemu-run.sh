#!/bin/bash
# Boot one firmware image on QEMU virt, with a hard timeout.
#
#   tools/qemu-run.sh [options] ELF [-- extra QEMU arguments]
#     --board NAME   qemu-virt (default), vexpress-a15 or vexpress-a9
#     --gic3         qemu-virt with a GICv3 (-M virt,gic-version=3)
#     --flash        the image is a raw NOR flash image (make flash): it
#                    goes to pflash unit 0 (read-only, so that parallel
#                    runs can share it) and the CPU starts at its reset
#                    vector; no -kernel
#     --hyp          start in HYP mode (-M virt,virtualization=on)
#     --legacy       virtio-mmio Version 1 (the QEMU 7.2 default)
#     --modern       virtio-mmio Version 2
#     --icount       deterministic guest time (-icount shift=0)
#     --icount-exact same, and time never follows the host clock, not even
#                    while QEMU starts up or the CPU idles (sleep=off):
#                    guest time since reset is then reproducible (benches;
#                    not for runs that wait in WFI for host I/O)
#     --timeout S    kill QEMU after S seconds (exit 124); default 60
#     --gdb          wait for gdb on :1234 (-s -S), no timeout
#     --trace PAT    QEMU trace events to stderr (e.g. 'virtio_mmio_*')
#     --append STR   semihosting command line for the firmware
#     --monitor MON  boot the EL2 monitor MON (tests/monitor) in HYP mode
#                    and load the firmware beside it; slots 0-1 then hold
#                    the monitor's clock and regulator models
# QEMU's exit code is the firmware's semihosting exit code.
set -u
machine=virt
board=qemu-virt
mopts=""
flash=0
timeout=60
extra=()
gdb=0
append=""
monitor=""
while [ $# -gt 0 ]; do
	case "$1" in
	--board) board="$2"; shift ;;
	--gic3) mopts="$mopts,gic-version=3" ;;
	--flash) flash=1 ;;
	--hyp) mopts="$mopts,virtualization=on" ;;
	--legacy) extra+=(-global virtio-mmio.force-legacy=true) ;;
	--modern) extra+=(-global virtio-mmio.force-legacy=false) ;;
	--icount) extra+=(-icount shift=0) ;;
	--icount-exact) extra+=(-icount shift=0,sleep=off) ;;
	--timeout) timeout="$2"; shift ;;
	--gdb) gdb=1 ;;
	--trace) extra+=(-trace "$2"); shift ;;
	--append) append="$2"; shift ;;
	--monitor) monitor="$2"; shift ;;
	--) shift; break ;;
	-*) echo "qemu-run: unknown option $1" >&2; exit 2 ;;
	*) elf="$1" ;;
	esac
	shift
done
[ -n "${elf:-}" ] || { echo "qemu-run: no ELF given" >&2; exit 2; }

# One arg= per word (QEMU joins them with spaces); ',' is escaped as ',,'.
semi="enable=on,target=native"
for w in $append; do
	semi="$semi,arg=${w//,/,,}"
done
case "$board" in
qemu-virt) machine=virt; cpu=cortex-a15 ;;
vexpress-a15) machine=vexpress-a15; cpu=cortex-a15 ;;
vexpress-a9) machine=vexpress-a9; cpu=cortex-a9 ;;
*) echo "qemu-run: unknown board $board" >&2; exit 2 ;;
esac
# The Versatile Express boards have a PL041 that wants an audio backend.
[ "$machine" = virt ] || extra+=(-audiodev none,id=a0 -global pl041.audiodev=a0)
if [ $flash = 1 ]; then
	boot=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$elf")
else
	boot=(-kernel "$elf")
fi
if [ -n "$monitor" ]; then
	# The monitor stands in for the hypervisor a real board boots
	# first: it starts in HYP at its own entry (the loader sets the PC)
	# and enters the firmware, in RAM or at the flash reset vector.
	if [ $flash = 1 ]; then
		boot+=(-device "loader,file=$monitor,cpu-num=0")
		semi="$semi,arg=mon.entry=0x0"
	else
		boot=(-kernel "$monitor" -device "loader,file=$elf")
	fi
	mopts="$mopts,virtualization=on"
fi
cmd=(qemu-system-arm -M "$machine$mopts" -cpu "$cpu" -m 128M -nographic
	-monitor none -net none -semihosting-config "$semi"
	"${boot[@]}" "${extra[@]}" "$@")
if [ $gdb = 1 ]; then
	exec "${cmd[@]}" -s -S
fi
exec timeout --foreground -k 5 "$timeout" "${cmd[@]}" </dev/null
