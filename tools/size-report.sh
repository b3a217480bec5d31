#!/bin/bash
# Size of each layer's objects (text, data, bss), from the firmware build.
O="$1"
SIZE="${2:-arm-none-eabi-size}"
for layer in startup lib board virtio drivers; do
	objs=$(find "$O/fw/$layer" -name '*.o' 2>/dev/null | sort)
	[ -n "$objs" ] || continue
	$SIZE -t $objs | awk -v l="$layer" 'END { printf "%-8s text %6d  data %5d  bss %6d\n", l, $1, $2, $3 }'
done
