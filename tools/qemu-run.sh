#!/bin/bash
# Boot one firmware image on QEMU virt, with a hard timeout.
#
#   tools/qemu-run.sh [options] ELF [-- extra QEMU arguments]
#     --hyp          start in HYP mode (-M virt,virtualization=on)
#     --legacy       virtio-mmio Version 1 (the QEMU 7.2 default)
#     --modern       virtio-mmio Version 2
#     --icount       deterministic guest time (-icount shift=0)
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
timeout=60
extra=()
gdb=0
append=""
monitor=""
while [ $# -gt 0 ]; do
	case "$1" in
	--hyp) machine="virt,virtualization=on" ;;
	--legacy) extra+=(-global virtio-mmio.force-legacy=true) ;;
	--modern) extra+=(-global virtio-mmio.force-legacy=false) ;;
	--icount) extra+=(-icount shift=0) ;;
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
if [ -n "$monitor" ]; then
	boot=(-kernel "$monitor" -device "loader,file=$elf")
	machine="virt,virtualization=on"
else
	boot=(-kernel "$elf")
fi
cmd=(qemu-system-arm -M "$machine" -cpu cortex-a15 -m 128M -nographic
	-monitor none -net none -semihosting-config "$semi"
	"${boot[@]}" "${extra[@]}" "$@")
if [ $gdb = 1 ]; then
	exec "${cmd[@]}" -s -S
fi
exec timeout --foreground -k 5 "$timeout" "${cmd[@]}" </dev/null
