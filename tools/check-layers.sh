#!/bin/bash
# Layering check: nothing below a layer includes a header from above it.
# Order: include/ < lib/ < board/ (with startup/) < virtio/ < drivers/ < app/.
# Runs host gcc -MM (the project's include flags) on every .c and .h under
# lib/, startup/, board/, virtio/ and drivers/ and prints each arrow that
# points up.
# Inside board/: board/common/ is generic (no board/arm/, no board/<name>/),
# board/arm/ may use board/common/, board/<name>/ may use both but no other
# board. Inside virtio/: only the mmio transport and the table of built-in
# transports (virtio_transports.c) include virtio_mmio*.h.
# Tests (tests/) are not part of any layer: firmware must not include them.
# With a build dir ($1), also checks the link: every symbol lib/'s objects
# use comes from lib/ itself or the C library, never from a higher layer.
cd "$(dirname "$0")/.." || exit 1
O="$1"
HOSTCC="${HOSTCC:-gcc}"
NM="${NM:-arm-none-eabi-nm}"
bad=0

rank() {
	case "$1" in
	include/*) echo 0 ;;
	lib/*) echo 1 ;;
	board/* | startup/*) echo 2 ;;
	virtio/*) echo 3 ;;
	drivers/*) echo 4 ;;
	app/*) echo 5 ;;
	*) echo 9 ;;
	esac
}

# board/<name>/ of a path under board/, "" for board.h, io.h.
board_dir() {
	case "$1" in
	board/*/*) echo "$1" | cut -d/ -f2 ;;
	*) echo "" ;;
	esac
}

# May FROM (a file) include DEP (a header)? Prints the reason when not.
arrow_ok() {
	local from="$1" dep="$2" rf rd bf bd
	rf=$(rank "$from")
	rd=$(rank "$dep")
	[ "$rd" -gt "$rf" ] && { echo "up a layer"; return 1; }
	case "$from:$dep" in
	board/*:board/*)
		bf=$(board_dir "$from")
		bd=$(board_dir "$dep")
		if [ -z "$bd" ] || [ "$bd" = "$bf" ]; then
			return 0
		elif [ -z "$bf" ]; then
			echo "the porting interface uses board/$bd/"
		elif [ "$bd" = common ] || { [ "$bd" = arm ] && [ "$bf" != common ]; }; then
			return 0
		else
			echo "board/$bf/ uses board/$bd/"
		fi
		return 1
		;;
	virtio/*:virtio/virtio_mmio*)
		case "$from" in
		virtio/virtio_mmio* | virtio/virtio_transports.c) ;;
		*) echo "virtio core uses the mmio transport"; return 1 ;;
		esac
		;;
	esac
	return 0
}

n=0
for f in $(find lib startup board virtio drivers -name '*.[ch]' | sort); do
	bdir=$(board_dir "$f")
	inc="-I. -Iinclude"
	case "$bdir" in
	"" | common | arm) inc="$inc -Iboard/arm" ;;
	*) inc="$inc -Iboard/$bdir" ;;
	esac
	deps=$($HOSTCC -MM -x c -std=c11 -DVMIO_LAYER_CHECK $inc "$f" 2>&1) ||
		{ echo "$f: gcc -MM failed: $deps"; bad=$((bad + 1)); continue; }
	n=$((n + 1))
	for d in $(echo "$deps" | tr -d '\\' | cut -d: -f2-); do
		case "$d" in /*) continue ;; esac
		d=${d#./}
		[ "$d" = "$f" ] && continue
		# "arm.h" found through -Iboard/arm, "platform.h" through -Iboard/<name>.
		why=$(arrow_ok "$f" "$d") || { echo "$f -> $d: $why"; bad=$((bad + 1)); }
	done
done
echo "$n files checked by gcc -MM"

if [ -n "$O" ] && [ -d "$O/fw/lib" ]; then
	libsyms=$($NM -g --defined-only "$O"/fw/lib/*.o |
		awk 'NF == 3 {print $3}' | sort -u)
	fwsyms=$(find "$O/fw/board" "$O/fw/virtio" "$O/fw/drivers" "$O/fw/app" \
		"$O/fw/startup" -name '*.o' -print0 2>/dev/null |
		xargs -0 -r $NM -g --defined-only | awk 'NF == 3 {print $3}' | sort -u)
	for s in $($NM -u "$O"/fw/lib/*.o | awk '$1 == "U" {print $2}' | sort -u); do
		echo "$libsyms" | grep -qx "$s" && continue
		if echo "$fwsyms" | grep -qx "$s"; then
			echo "lib/ links $s from a higher layer"
			bad=$((bad + 1))
		fi
	done
	echo "lib/ link dependencies checked"
fi
if [ $bad != 0 ]; then
	echo "layers: $bad dependencies point up a layer (listed above)"
	exit 1
fi
echo "layers ok"
