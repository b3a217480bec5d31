#!/bin/bash
# The portable layers (virtio/, drivers/, lib/, board/common/) compile
# warning-free (-Werror) for every CPU family they claim to support, not
# only the Cortex-A15 the QEMU boards run. Compile only: no board, no
# link. One line per target; non-zero exit when any file fails.
#
#   tools/compile-matrix.sh BUILD_DIR [TARGET-FILTER]
set -u
O="$1"
filter="${2:-}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
W="$O/compile-matrix"
WARN="-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes"
COMMON="-std=c11 -ffreestanding -Os $WARN -I. -Iinclude -ffunction-sections -fdata-sections -fno-common"
ARM=arm-none-eabi-gcc
RV=riscv64-unknown-elf-gcc
# name|compiler|flags
targets=(
	"cortex-a7-arm|$ARM|-mcpu=cortex-a7 -marm -mfloat-abi=hard -mfpu=neon-vfpv4"
	"cortex-a7-thumb|$ARM|-mcpu=cortex-a7 -mthumb -mfloat-abi=hard -mfpu=neon-vfpv4"
	"cortex-a9|$ARM|-mcpu=cortex-a9 -mthumb -mfloat-abi=hard -mfpu=neon"
	"cortex-a15|$ARM|-mcpu=cortex-a15 -mthumb -mfloat-abi=hard -mfpu=neon-vfpv4"
	"cortex-r5|$ARM|-mcpu=cortex-r5 -mthumb -mfloat-abi=hard -mfpu=vfpv3-d16"
	"cortex-m4|$ARM|-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"
	"cortex-m33|$ARM|-mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16"
	"riscv64|$RV|-march=rv64imac -mabi=lp64 -mcmodel=medany --specs=picolibc.specs"
)
srcs=$(ls virtio/*.c drivers/*/*.c lib/*.c board/common/*.c)
bad=0
for t in "${targets[@]}"; do
	IFS='|' read -r name cc flags <<<"$t"
	[ -n "$filter" ] && [[ "$name" != *$filter* ]] && continue
	if ! command -v "$cc" >/dev/null; then
		echo "matrix $name: FAIL: $cc not installed (make deps)"; bad=1; continue
	fi
	mkdir -p "$W/$name"
	log="$W/$name.log"
	# shellcheck disable=SC2086
	if ! printf '%s\n' $srcs | xargs -P 2 -I{} sh -c \
		"$cc $COMMON $flags -c {} -o $W/$name/\$(echo {} | tr / _).o" >"$log" 2>&1; then
		echo "matrix $name: FAIL, see $log"; grep -m5 'error' "$log"; bad=1; continue
	fi
	# The assembler takes "dmb osh" for M profile too, where only SY is
	# architected: check what was emitted.
	if [[ "$name" == cortex-m* ]] && arm-none-eabi-objdump -d "$W/$name"/*.o |
		grep -E '\s(dmb|dsb)\s' | grep -vE '\s(dmb|dsb)\s+sy' >"$log.barriers"; then
		echo "matrix $name: FAIL: barrier options M profile lacks:"; head -3 "$log.barriers"; bad=1
		continue
	fi
	echo "matrix $name: $(echo $srcs | wc -w) files ok"
done
exit $bad
