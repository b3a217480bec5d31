#!/bin/bash
# Size of each layer's objects by section kind: text (code and read-only
# data), data, bss, and dma (ring storage: NOLOAD in the image, so it
# costs RAM but no image bytes).
O="$1"
SIZE="${2:-arm-none-eabi-size}"
for layer in startup lib board virtio drivers; do
	objs=$(find "$O/fw/$layer" -name '*.o' 2>/dev/null | sort)
	[ -n "$objs" ] || continue
	# shellcheck disable=SC2086
	$SIZE -A $objs | awk -v l="$layer" '
		$1 ~ /^\.(text|rodata|ARM\.exidx|ARM\.extab)/ { t += $2 }
		$1 ~ /^\.data/ { d += $2 }
		$1 ~ /^\.bss/ { b += $2 }
		$1 ~ /^\.dma/ { m += $2 }
		END { printf "%-8s text %6d  data %5d  bss %6d  dma %6d\n", l, t, d, b, m }'
done
# The issue 11 table, and what the linker kept of each layer in the demo.
echo
"$(dirname "$0")/size-table.sh" "$O" "$SIZE"
if [ -f "$O/vmio.map" ]; then
	echo
	echo "linked demo image ($O/vmio.elf), text per layer (input sections kept):"
	awk -f "$(dirname "$0")/size-linked.awk" "$O/vmio.map"
fi
